package org.exchangehub.exchange.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Before/after of a configuration change for the audit log: the top-level members that differ, as JSON with sorted
 * keys. Callers pass definitions without secrets.
 */
public final class ChangeDiff {

    /** Definitions as JSON, keys sorted, so equal definitions have equal text. */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .findAndAddModules()
            .build();

    private ChangeDiff() {
    }

    /** The members that differ; {@code before} or {@code after} may be null (created, removed). */
    @SuppressWarnings("unchecked")
    public static String of(Object before, Object after) {
        Map<String, Object> old = before == null ? Map.of() : JSON.convertValue(before, Map.class);
        Map<String, Object> now = after == null ? Map.of() : JSON.convertValue(after, Map.class);
        Map<String, Object> diff = new TreeMap<>();
        for (String member : new TreeSet<>(union(old, now))) {
            if (!Objects.equals(old.get(member), now.get(member))) {
                Map<String, Object> change = new TreeMap<>();
                change.put("before", old.get(member));
                change.put("after", now.get(member));
                diff.put(member, change);
            }
        }
        return write(diff);
    }

    /** A definition as sorted JSON. */
    public static String write(Object definition) {
        try {
            return JSON.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + definition.getClass().getSimpleName(), e);
        }
    }

    /** SHA-256 (hex) of a definition's sorted JSON: equal definitions, equal hashes. */
    public static String hash(Object definition) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(write(definition).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Set<String> union(Map<String, Object> a, Map<String, Object> b) {
        Set<String> keys = new HashSet<>(a.keySet());
        keys.addAll(b.keySet());
        return keys;
    }
}
