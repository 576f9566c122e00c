-- The audit log: an append-only hash chain (no code path updates or deletes it) and signed checkpoints.
-- On PostgreSQL the hub's database user needs only SELECT and INSERT on audit_event and audit_checkpoint, and
-- SELECT, UPDATE on audit_head (see README, "Audit").
CREATE TABLE audit_event (
    seq                BIGINT        NOT NULL PRIMARY KEY,
    at                 TIMESTAMP WITH TIME ZONE NOT NULL,
    actor              VARCHAR(100)  NOT NULL,
    action             VARCHAR(32)   NOT NULL,
    record_id          VARCHAR(36),
    subject            VARCHAR(255),
    schema_id          INTEGER,
    source_department  VARCHAR(64),
    target_department  VARCHAR(64),
    subscription_id    VARCHAR(64),
    purpose            VARCHAR(500),
    legal_basis        VARCHAR(500),
    fields             VARCHAR(4000) NOT NULL,   -- canonical JSON: field -> view
    subject_indexes    VARCHAR(4000) NOT NULL,   -- canonical JSON: field -> bi1 token
    outcome            VARCHAR(32),
    detail             VARCHAR(1000),
    prev_hash          CHAR(64)      NOT NULL,
    hash               CHAR(64)      NOT NULL
);
CREATE INDEX ix_audit_event_at ON audit_event (at);
CREATE INDEX ix_audit_event_record ON audit_event (record_id);
CREATE INDEX ix_audit_event_action ON audit_event (action, at);

-- The chain's head: the one row every append locks, so that appends are serialized across transactions.
CREATE TABLE audit_head (
    id    INTEGER  NOT NULL PRIMARY KEY,
    seq   BIGINT   NOT NULL,
    hash  CHAR(64) NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TABLE audit_checkpoint (
    seq        BIGINT       NOT NULL PRIMARY KEY,
    hash       CHAR(64)     NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id     VARCHAR(64)  NOT NULL,
    signature  VARCHAR(400) NOT NULL   -- base64 DER, over "<seq>|<hash>|<at>" in UTF-8
);
