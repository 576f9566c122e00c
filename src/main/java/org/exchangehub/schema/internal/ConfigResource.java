package org.exchangehub.schema.internal;

import static org.exchangehub.schema.internal.RegistryMediaTypes.JSON;
import static org.exchangehub.schema.internal.RegistryMediaTypes.PLAIN_JSON;
import static org.exchangehub.schema.internal.RegistryMediaTypes.V1_JSON;

import java.util.List;
import java.util.Map;

import org.exchangehub.schema.SchemaRegistry;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Confluent-compatible {@code /config} and {@code /compatibility} endpoints. */
@RestController
@RequestMapping(path = "/registry", produces = { V1_JSON, JSON, PLAIN_JSON })
class ConfigResource {

    /** Body of {@code PUT /config}. */
    record ConfigRequest(String compatibility) {
    }

    private final CompatibilityConfig config;
    private final SchemaRegistry registry;

    ConfigResource(CompatibilityConfig config, SchemaRegistry registry) {
        this.config = config;
        this.registry = registry;
    }

    @GetMapping("/config")
    Map<String, String> global() {
        return Map.of("compatibilityLevel", config.global().name());
    }

    @PutMapping("/config")
    Map<String, String> setGlobal(@RequestBody ConfigRequest request) {
        return Map.of("compatibility", config.setGlobal(request.compatibility()).name());
    }

    @DeleteMapping("/config")
    Map<String, String> resetGlobal() {
        return Map.of("compatibilityLevel", config.resetGlobal().name());
    }

    @GetMapping("/config/{subject}")
    Map<String, String> subject(@PathVariable String subject,
            @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        var level = defaultToGlobal ? config.effective(subject)
                : config.subjectLevel(subject).orElseThrow(() -> CompatibilityConfig.notConfigured(subject));
        return Map.of("compatibilityLevel", level.name());
    }

    @PutMapping("/config/{subject}")
    Map<String, String> setSubject(@PathVariable String subject, @RequestBody ConfigRequest request) {
        return Map.of("compatibility", config.setSubject(subject, request.compatibility()).name());
    }

    @DeleteMapping("/config/{subject}")
    Map<String, String> resetSubject(@PathVariable String subject) {
        return Map.of("compatibilityLevel", config.resetSubject(subject).name());
    }

    @PostMapping("/compatibility/subjects/{subject}/versions/{version}")
    Map<String, Object> checkVersion(@PathVariable String subject, @PathVariable String version,
            @RequestBody SchemaRequest request) {
        return verdict(registry.compatibilityProblems(subject, version, request.avroSchema()));
    }

    @PostMapping("/compatibility/subjects/{subject}/versions")
    Map<String, Object> checkSubject(@PathVariable String subject, @RequestBody SchemaRequest request) {
        return verdict(registry.compatibilityProblems(subject, null, request.avroSchema()));
    }

    private static Map<String, Object> verdict(List<String> problems) {
        return Map.of("is_compatible", problems.isEmpty(), "messages", problems);
    }
}
