package org.exchangehub.schema;

import java.util.concurrent.atomic.AtomicInteger;

/** Small schemas for registry tests, and unique subject names so tests sharing a context never collide. */
final class TestSchemas {

    private static final AtomicInteger SUBJECTS = new AtomicInteger();

    /** One field: {@code id}. */
    static final String V1 = """
            {"type": "record", "name": "Visit", "namespace": "org.example",
             "fields": [{"name": "id", "type": "string"}]}""";

    /** V1 plus {@code note} with a default: backward compatible with V1. */
    static final String V2 = """
            {"type": "record", "name": "Visit", "namespace": "org.example",
             "fields": [{"name": "id", "type": "string"},
                        {"name": "note", "type": "string", "default": ""}]}""";

    /** V2 without the default: compatible with V2 (the writer has the field) but not with V1. */
    static final String V3 = """
            {"type": "record", "name": "Visit", "namespace": "org.example",
             "fields": [{"name": "id", "type": "string"},
                        {"name": "note", "type": "string"}]}""";

    /** V1 with {@code id} turned into an int and a new field without default: two problems. */
    static final String BROKEN = """
            {"type": "record", "name": "Visit", "namespace": "org.example",
             "fields": [{"name": "id", "type": "int"},
                        {"name": "visitor", "type": "string"}]}""";

    private TestSchemas() {
    }

    /** The schema text with its record renamed uniquely, so that its id is not shared with other tests. */
    static String unique(String schemaText) {
        return schemaText.replace("\"Visit\"", "\"Visit" + SUBJECTS.incrementAndGet() + "\"");
    }

    static String subject(String purpose) {
        return purpose + "-" + SUBJECTS.incrementAndGet() + "-value";
    }
}
