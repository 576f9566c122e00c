-- Departments and subscriptions, managed at runtime through the admin API. Entries of config/departments.yaml and
-- config/subscriptions.yaml are seeds: created when first seen, re-applied as a new version whenever their file
-- entry changes (config_hash), removed when they leave the file. Every change is a new version; the history keeps
-- each one. Webhook secrets are never stored in clear: API-created ones are sealed (PayloadVault), config ones stay
-- in the environment.
CREATE TABLE exchange_department (
    code               VARCHAR(64)   NOT NULL PRIMARY KEY,
    name_zh            VARCHAR(200)  NOT NULL,
    name_en            VARCHAR(200)  NOT NULL,
    division_code      VARCHAR(6),
    sealing_public_key VARCHAR(4000),
    enabled            BOOLEAN       NOT NULL,
    origin             VARCHAR(8)    NOT NULL,   -- CONFIG or API
    config_hash        CHAR(64),
    version            INTEGER       NOT NULL,
    updated_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by         VARCHAR(100)  NOT NULL
);

CREATE TABLE exchange_subscription (
    id            VARCHAR(64)   NOT NULL PRIMARY KEY,
    version       INTEGER       NOT NULL,
    state         VARCHAR(16)   NOT NULL,   -- ACTIVE, PAUSED, DELETED
    origin        VARCHAR(8)    NOT NULL,   -- CONFIG or API
    config_hash   CHAR(64),
    definition    VARCHAR       NOT NULL,   -- JSON of the subscription, without its secret
    secret_token  VARCHAR(1000),            -- ehx1 token of an API-given webhook secret
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(100)  NOT NULL
);

CREATE TABLE exchange_subscription_version (
    id          VARCHAR(64)  NOT NULL,
    version     INTEGER      NOT NULL,
    state       VARCHAR(16)  NOT NULL,
    change      VARCHAR(16)  NOT NULL,   -- CREATED, REPLACED, PAUSED, RESUMED, REMOVED
    definition  VARCHAR      NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by  VARCHAR(100) NOT NULL,
    PRIMARY KEY (id, version)
);

-- Department API keys: shown once at creation, stored as a digest of the secret part only.
CREATE TABLE admin_api_key (
    key_id        VARCHAR(32)   NOT NULL PRIMARY KEY,
    department    VARCHAR(64)   NOT NULL,
    label         VARCHAR(200),
    secret_hash   CHAR(64)      NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by    VARCHAR(100)  NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at    TIMESTAMP WITH TIME ZONE,
    revoked_by    VARCHAR(100),
    last_used_at  TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_admin_api_key_department ON admin_api_key (department);

-- Client certificates (mTLS) mapped to departments, by SHA-256 fingerprint of the DER certificate.
CREATE TABLE admin_client_certificate (
    fingerprint  CHAR(64)      NOT NULL PRIMARY KEY,
    department   VARCHAR(64)   NOT NULL,
    subject      VARCHAR(500)  NOT NULL,
    not_after    TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by   VARCHAR(100)  NOT NULL,
    revoked_at   TIMESTAMP WITH TIME ZONE
);

-- Admin changes carry before/after of what changed (never secrets), which needs more room.
ALTER TABLE audit_event ALTER COLUMN detail SET DATA TYPE VARCHAR(8000);
