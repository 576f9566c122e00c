-- Data keys (DEKs) and blind-index keys, wrapped by a master key (KEK) from the BCFKS keystore.
-- wrapped_key = base64(nonce(12) || ciphertext || tag(16)), AEAD of the suite under kek_id with AAD = id.
CREATE TABLE protect_data_key (
    id           VARCHAR(32)  NOT NULL PRIMARY KEY,
    purpose      VARCHAR(16)  NOT NULL,      -- FIELD (encryption) or INDEX (blind index HMAC)
    record_type  VARCHAR(100) NOT NULL,      -- e.g. death-certificate; '*' for index keys
    category     VARCHAR(32)  NOT NULL,      -- PII category
    period       VARCHAR(16)  NOT NULL,      -- e.g. 2026-11; '*' for index keys
    suite        VARCHAR(8)   NOT NULL,      -- SM or INTL
    kek_id       VARCHAR(64)  NOT NULL,
    wrapped_key  VARCHAR(200) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_protect_data_key UNIQUE (purpose, record_type, category, period, suite)
);
CREATE INDEX ix_protect_data_key_kek ON protect_data_key (kek_id);
