package org.exchangehub.admin.keys;

import java.util.List;
import java.util.Map;

import org.exchangehub.admin.web.Actor;
import org.exchangehub.protect.DataKeyInfo;
import org.exchangehub.protect.KeyManagement;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Keys, for the security officer only: metadata of master and data keys (never material), rotation of the data
 * keys and of the master key, retirement of a master key nothing depends on. Every step is a key audit event.
 */
@RestController
@RequestMapping("/api/v1/admin/keys")
@Tag(name = "Keys", description = "Key metadata, rotation and retirement (SECURITY_OFFICER)")
class KeysResource {

    private final KeyManagement keys;

    KeysResource(KeyManagement keys) {
        this.keys = keys;
    }

    @GetMapping("/master")
    @Operation(summary = "Master keys (KEKs), oldest first")
    List<KeyManagement.MasterKeyInfo> masterKeys() {
        return keys.masterKeys();
    }

    @GetMapping("/data")
    @Operation(summary = "Data keys (DEKs and index keys): metadata only")
    List<DataKeyInfo> dataKeys() {
        return keys.dataKeys();
    }

    @PostMapping("/master/rotate")
    @Operation(summary = "Add a master key and rewrap every data key under it")
    Map<String, String> rotateMaster() {
        return Map.of("masterKey", keys.rotateMasterKey(Actor.current()));
    }

    @PostMapping("/master/{id}/retire")
    @Operation(summary = "Remove a master key that wraps nothing any more")
    Map<String, String> retire(@PathVariable String id) {
        keys.retireMasterKey(id, Actor.current());
        return Map.of("retired", id);
    }

    @PostMapping("/data/rotate")
    @Operation(summary = "New data keys for new data from now on; old data keeps its keys")
    Map<String, List<String>> rotateData() {
        return Map.of("created", keys.rotateDataKeys(Actor.current()));
    }
}
