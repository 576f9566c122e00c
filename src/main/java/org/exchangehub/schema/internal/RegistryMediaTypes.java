package org.exchangehub.schema.internal;

/** Media types the registry answers with and accepts, as Confluent Schema Registry clients expect. */
final class RegistryMediaTypes {

    static final String V1_JSON = "application/vnd.schemaregistry.v1+json";
    static final String JSON = "application/vnd.schemaregistry+json";
    static final String PLAIN_JSON = "application/json";

    private RegistryMediaTypes() {
    }
}
