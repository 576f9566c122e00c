package org.exchangehub.audit;

import java.io.IOException;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A JSON object column of an audit event ({@code fields}, {@code subject_indexes}), read only when first used. The
 * verifier reads events on one thread and hashes them on others; parsing here moves the JSON work to the hashing
 * threads. Text that is not a JSON object reads as {@code {"!unreadable": <text>}}, so that the event fails its
 * hash check. Not for use by more than one thread at a time.
 */
final class StoredJsonMap extends AbstractMap<String, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> MAP = new TypeReference<>() {
    };

    private final String json;
    private Map<String, String> parsed;

    StoredJsonMap(String json) {
        this.json = json;
    }

    private Map<String, String> parsed() {
        if (parsed == null) {
            Map<String, String> map;
            try {
                map = JSON.readValue(json, MAP);
            } catch (IOException | IllegalArgumentException e) {
                map = null;
            }
            parsed = map != null ? map : Map.of("!unreadable", String.valueOf(json));
        }
        return parsed;
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return parsed().entrySet();
    }

    @Override
    public String get(Object key) {
        return parsed().get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return parsed().containsKey(key);
    }

    @Override
    public int size() {
        return parsed().size();
    }
}
