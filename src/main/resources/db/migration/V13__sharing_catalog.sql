-- The sharing catalog (政务数据共享条例) and its conditional-sharing requests.
-- Catalog entries are seeded from config/catalog.yaml like departments and subscriptions (created when first seen,
-- re-applied when their file entry changes, removed when they leave the file) and edited by admins through the API;
-- every version is kept.
CREATE TABLE catalog_entry (
    code          VARCHAR(64)   NOT NULL PRIMARY KEY,
    version       INTEGER       NOT NULL,
    state         VARCHAR(16)   NOT NULL,   -- ACTIVE or DELETED
    origin        VARCHAR(8)    NOT NULL,   -- CONFIG or API
    config_hash   CHAR(64),
    definition    VARCHAR       NOT NULL,   -- JSON of the entry
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by    VARCHAR(100)  NOT NULL
);

CREATE TABLE catalog_entry_version (
    code        VARCHAR(64)  NOT NULL,
    version     INTEGER      NOT NULL,
    state       VARCHAR(16)  NOT NULL,
    change      VARCHAR(16)  NOT NULL,   -- CREATED, REPLACED, REMOVED
    definition  VARCHAR      NOT NULL,
    changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    changed_by  VARCHAR(100) NOT NULL,
    PRIMARY KEY (code, version)
);

-- A department's request for a catalog resource. The request (fields and views asked for, purpose, legal basis,
-- validity, channel without its secret) is JSON; the webhook secret, if any, is sealed (PayloadVault). granted is
-- the JSON of the views in force (empty before any grant). The grant is the subscription with the request's id.
CREATE SEQUENCE catalog_request_seq;

CREATE TABLE catalog_request (
    id                VARCHAR(32)   NOT NULL PRIMARY KEY,
    resource          VARCHAR(64)   NOT NULL,
    provider          VARCHAR(64)   NOT NULL,
    requester         VARCHAR(64)   NOT NULL,
    state             VARCHAR(16)   NOT NULL,   -- PENDING, APPROVED, REJECTED, EXPIRED, REVOKED
    definition        VARCHAR       NOT NULL,
    secret_token      VARCHAR(1000),
    granted           VARCHAR       NOT NULL,
    submitted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    submitted_by      VARCHAR(100)  NOT NULL,
    valid_until       TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline          DATE,                     -- last working day of the provider's answer (PENDING)
    extension_reason  VARCHAR(2000),
    overdue_flagged   BOOLEAN       NOT NULL DEFAULT FALSE,
    decided_at        TIMESTAMP WITH TIME ZONE,
    decided_by        VARCHAR(100),
    decision_reason   VARCHAR(2000),
    ended_at          TIMESTAMP WITH TIME ZONE,
    ended_by          VARCHAR(100),
    end_reason        VARCHAR(2000),
    cancelled         INTEGER       NOT NULL DEFAULT 0,
    version           INTEGER       NOT NULL
);

CREATE INDEX catalog_request_provider ON catalog_request (provider, state);
CREATE INDEX catalog_request_requester ON catalog_request (requester, state);

-- A subscription granted by a sharing request stops at the end of its validity, even before the catalog's sweep
-- removes it.
ALTER TABLE exchange_subscription ADD COLUMN valid_until TIMESTAMP WITH TIME ZONE;
