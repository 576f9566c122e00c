package org.exchangehub.admin.routes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * What a route file may do, checked on its YAML before Camel reads it (so that nothing in a refused file is ever
 * instantiated): only routes and route configurations; endpoints only of allowed components, http(s) only to
 * department hosts, files only under inbox roots, sql only against department databases ({@link EndpointRules});
 * no steps or languages that run code; beans only from an allow-list; placeholders and simple expressions that
 * cannot read secrets, the environment or the hub's internals ({@link ExpressionRules}). Each problem names its
 * rule ({@code SANDBOX_COMPONENT}, …) and never a resolved value.
 */
final class RouteSandbox {

    /** Step kinds that run code or route to endpoints computed per message. */
    private static final Set<String> DENIED_STEPS = Set.of("process", "script", "recipientlist", "routingslip",
            "dynamicrouter", "kamelet", "rest", "restconfiguration", "beans", "routetemplate", "templatedroute",
            "interceptsendtoendpoint", "serviceCall".toLowerCase(Locale.ROOT));
    private static final Set<String> ENDPOINT_KEYS = Set.of("from", "to", "tod", "enrich", "pollenrich", "wiretap");
    private static final Set<String> KNOWN_LANGUAGES = Set.of("simple", "constant", "header", "exchangeproperty",
            "jsonpath", "tokenize", "xpath", "xquery", "groovy", "js", "javascript", "joor", "java", "mvel", "ognl",
            "spel", "python", "datasonnet", "jq", "csimple", "wasm", "kotlin", "xtokenize", "hl7terser", "variable",
            "ref", "groovyjson");

    private final EndpointRules endpoints;
    private final ExpressionRules expressions;
    private final Set<String> languages;

    RouteSandbox(RouteSandboxProperties properties, EndpointRules endpoints) {
        this.endpoints = endpoints;
        this.expressions = new ExpressionRules(properties);
        this.languages = properties.languages().stream().map(RouteSandbox::normalized).collect(Collectors.toSet());
    }

    /** The sandbox's problems with a route file, empty when it may be loaded. */
    List<String> check(String yaml) {
        List<String> problems = new ArrayList<>();
        Iterable<Object> documents;
        try {
            documents = new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml);
            List<Object> all = new ArrayList<>();
            documents.forEach(all::add);
            documents = all;
        } catch (RuntimeException e) {
            return List.of("does not parse as YAML");
        }
        for (Object document : documents) {
            if (document == null) {
                continue;
            }
            if (!(document instanceof List<?> items)) {
                problems.add(problem("STRUCTURE", "a route file is a YAML list of routes and route configurations"));
                continue;
            }
            for (Object item : items) {
                if (!(item instanceof Map<?, ?> map) || map.size() != 1
                        || !Set.of("route", "routeconfiguration").contains(normalized(String.valueOf(
                                map.keySet().iterator().next())))) {
                    problems.add(problem("STRUCTURE", "only 'route' and 'routeConfiguration' items are allowed, not "
                            + (item instanceof Map<?, ?> m ? "'" + m.keySet().iterator().next() + "'" : "a scalar")));
                    continue;
                }
                walk(map.values().iterator().next(), problems);
            }
        }
        return problems.stream().distinct().toList();
    }

    private void walk(Object node, List<String> problems) {
        if (node instanceof List<?> list) {
            list.forEach(element -> walk(element, problems));
        } else if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                entry(normalized(String.valueOf(entry.getKey())), String.valueOf(entry.getKey()), entry.getValue(),
                        problems);
            }
        } else if (node instanceof String text) {
            expressions.check(text).forEach(problems::add);
        }
    }

    private void entry(String key, String name, Object value, List<String> problems) {
        if (DENIED_STEPS.contains(key)) {
            problems.add(problem("STEP", "'" + name + "' is not allowed: it runs code or computes endpoints per"
                    + " message"));
        } else if (ENDPOINT_KEYS.contains(key)) {
            endpoint(key, value, problems);
        } else if ("bean".equals(key)) {
            bean(value, problems);
        } else if (KNOWN_LANGUAGES.contains(key) && !languages.contains(key)) {
            problems.add(problem("LANGUAGE", "the expression language '" + name + "' is not allowed"
                    + " (hub.routes.sandbox.languages)"));
        } else if ("language".equals(key) && value instanceof String language && !languages.contains(normalized(language))) {
            problems.add(problem("LANGUAGE", "the expression language '" + language + "' is not allowed"
                    + " (hub.routes.sandbox.languages)"));
        } else {
            walk(value, problems);
        }
    }

    private void endpoint(String key, Object value, List<String> problems) {
        if (value instanceof String uri) {
            endpointUri(key, uri, Map.of(), problems);
            return;
        }
        if (!(value instanceof Map<?, ?> map)) {
            walk(value, problems);
            return;
        }
        Map<String, Object> rest = new LinkedHashMap<>();
        map.forEach((k, v) -> rest.put(String.valueOf(k), v));
        Object uri = rest.remove("uri");
        Object parameters = rest.remove("parameters");
        Map<String, String> options = new LinkedHashMap<>();
        if (parameters instanceof Map<?, ?> given) {
            given.forEach((k, v) -> options.put(String.valueOf(k), String.valueOf(v)));
        }
        if (uri instanceof String text) {
            endpointUri(key, text, options, problems);
        } else if (!"enrich".equals(key) && !"pollenrich".equals(key)) {
            problems.add(problem("ENDPOINT", "an endpoint without a 'uri'"));
        } else {
            problems.add(problem("ENDPOINT", "'" + key + "' with an endpoint computed per message is not allowed"));
        }
        walk(rest, problems);
    }

    /** An endpoint's placeholders and expressions first: only a uri that passes them is resolved and checked. */
    private void endpointUri(String key, String uri, Map<String, String> options, List<String> problems) {
        List<String> found = new ArrayList<>(expressions.check(uri));
        options.values().forEach(option -> found.addAll(expressions.check(option)));
        problems.addAll(found.isEmpty() ? endpoints.check(key, uri, options) : found);
    }

    private void bean(Object value, List<String> problems) {
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(problem("BEAN", "a bean step names its bean with 'ref'"));
            return;
        }
        Object ref = map.get("ref");
        if (map.containsKey("beanType") || map.containsKey("type") || !(ref instanceof String name)
                || !expressions.beanAllowed(name)) {
            problems.add(problem("BEAN", "bean steps may call only " + expressions.beans()
                    + " by 'ref' (hub.routes.sandbox.beans)"));
        }
        if (map.get("method") instanceof String method) {
            expressions.check(method).forEach(problems::add);
        }
    }

    static String problem(String rule, String detail) {
        return "SANDBOX_" + rule + ": " + detail;
    }

    private static String normalized(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
