package org.exchangehub.schema;

/**
 * A registry request that cannot be served. Carries the Confluent-compatible error code and HTTP status, and
 * a message that names subjects, versions and ids but never record content.
 */
public class SchemaRegistryException extends RuntimeException {

    /** Confluent Schema Registry error codes the hub answers with. */
    public enum Code {
        SUBJECT_NOT_FOUND(404, 40401),
        VERSION_NOT_FOUND(404, 40402),
        SCHEMA_NOT_FOUND(404, 40403),
        SUBJECT_SOFT_DELETED(404, 40404),
        SUBJECT_NOT_SOFT_DELETED(404, 40405),
        VERSION_SOFT_DELETED(404, 40406),
        VERSION_NOT_SOFT_DELETED(404, 40407),
        SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED(404, 40408),
        INCOMPATIBLE_SCHEMA(409, 409),
        INVALID_SCHEMA(422, 42201),
        INVALID_VERSION(422, 42202),
        INVALID_COMPATIBILITY_LEVEL(422, 42203),
        INVALID_SUBJECT(422, 42208);

        private final int httpStatus;
        private final int errorCode;

        Code(int httpStatus, int errorCode) {
            this.httpStatus = httpStatus;
            this.errorCode = errorCode;
        }

        public int httpStatus() {
            return httpStatus;
        }

        public int errorCode() {
            return errorCode;
        }
    }

    private final Code code;

    public SchemaRegistryException(Code code, String message) {
        super(message);
        this.code = code;
    }

    public Code code() {
        return code;
    }
}
