-- One audit chain per hub node: every node appends to its own chain (seq from 1, linked by prevHash as before), so
-- nodes on one database do not wait for each other's chain lock, and a node's events, checkpoints and time-stamp
-- tokens carry its node id. The chain from before this migration becomes the chain of node-1 (the default
-- hub.cluster.node-id), unchanged: its hashes and signatures do not include the node id, which is the chain's
-- name, not part of its content. Tables whose key was the seq alone are copied to tables keyed by (node_id, seq).

-- the heads: one row per chain; id 1 stays the first chain's
ALTER TABLE audit_head ADD COLUMN node_id VARCHAR(64) DEFAULT 'node-1' NOT NULL;
CREATE UNIQUE INDEX ux_audit_head_node ON audit_head (node_id);

CREATE TABLE audit_event_per_node (
    node_id            VARCHAR(64)   DEFAULT 'node-1' NOT NULL,
    seq                BIGINT        NOT NULL,
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
    fields             VARCHAR(4000) NOT NULL,
    subject_indexes    VARCHAR(4000) NOT NULL,
    outcome            VARCHAR(32),
    detail             VARCHAR(8000),
    prev_hash          CHAR(64)      NOT NULL,
    hash               CHAR(64)      NOT NULL,
    records            VARCHAR,
    record_count       INTEGER,
    log_from           BIGINT,
    log_to             BIGINT,
    PRIMARY KEY (node_id, seq)
);
INSERT INTO audit_event_per_node (node_id, seq, at, actor, action, record_id, subject, schema_id, source_department,
        target_department, subscription_id, purpose, legal_basis, fields, subject_indexes, outcome, detail, prev_hash,
        hash, records, record_count, log_from, log_to)
    SELECT 'node-1', seq, at, actor, action, record_id, subject, schema_id, source_department, target_department,
        subscription_id, purpose, legal_basis, fields, subject_indexes, outcome, detail, prev_hash, hash, records,
        record_count, log_from, log_to FROM audit_event;
DROP TABLE audit_event;
ALTER TABLE audit_event_per_node RENAME TO audit_event;
CREATE INDEX ix_audit_event_at ON audit_event (at);
CREATE INDEX ix_audit_event_record ON audit_event (record_id);
CREATE INDEX ix_audit_event_action ON audit_event (action, at);
CREATE INDEX ix_audit_event_log ON audit_event (subscription_id, log_to);

CREATE TABLE audit_checkpoint_per_node (
    node_id    VARCHAR(64)  DEFAULT 'node-1' NOT NULL,
    seq        BIGINT       NOT NULL,
    hash       CHAR(64)     NOT NULL,
    at         TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id     VARCHAR(64)  NOT NULL,
    signature  VARCHAR(400) NOT NULL,   -- base64 DER, over "<seq>|<hash>|<at>" in UTF-8
    PRIMARY KEY (node_id, seq)
);
INSERT INTO audit_checkpoint_per_node (node_id, seq, hash, at, key_id, signature)
    SELECT 'node-1', seq, hash, at, key_id, signature FROM audit_checkpoint;
DROP TABLE audit_checkpoint;
ALTER TABLE audit_checkpoint_per_node RENAME TO audit_checkpoint;

CREATE TABLE audit_timestamp_per_node (
    node_id    VARCHAR(64)   DEFAULT 'node-1' NOT NULL,
    seq        BIGINT        NOT NULL,
    token      VARCHAR(16000) NOT NULL,
    gen_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    authority  VARCHAR(500)  NOT NULL,
    PRIMARY KEY (node_id, seq)
);
INSERT INTO audit_timestamp_per_node (node_id, seq, token, gen_time, authority)
    SELECT 'node-1', seq, token, gen_time, authority FROM audit_timestamp;
DROP TABLE audit_timestamp;
ALTER TABLE audit_timestamp_per_node RENAME TO audit_timestamp;

CREATE TABLE audit_subject_index_per_node (
    token    VARCHAR(64) NOT NULL,
    node_id  VARCHAR(64) DEFAULT 'node-1' NOT NULL,
    seq      BIGINT      NOT NULL,
    PRIMARY KEY (token, node_id, seq)
);
INSERT INTO audit_subject_index_per_node (token, node_id, seq) SELECT token, 'node-1', seq FROM audit_subject_index;
DROP TABLE audit_subject_index;
ALTER TABLE audit_subject_index_per_node RENAME TO audit_subject_index;

CREATE TABLE audit_record_index_per_node (
    record_id  VARCHAR(36) NOT NULL,
    node_id    VARCHAR(64) DEFAULT 'node-1' NOT NULL,
    seq        BIGINT      NOT NULL,
    PRIMARY KEY (record_id, node_id, seq)
);
INSERT INTO audit_record_index_per_node (record_id, node_id, seq)
    SELECT record_id, 'node-1', seq FROM audit_record_index;
DROP TABLE audit_record_index;
ALTER TABLE audit_record_index_per_node RENAME TO audit_record_index;

CREATE TABLE audit_archive_per_node (
    node_id     VARCHAR(64)   DEFAULT 'node-1' NOT NULL,
    from_seq    BIGINT        NOT NULL,
    to_seq      BIGINT        NOT NULL,
    last_hash   CHAR(64)      NOT NULL,
    bundle      VARCHAR(500)  NOT NULL,
    bundle_hash CHAR(64)      NOT NULL,
    archived_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (node_id, from_seq)
);
INSERT INTO audit_archive_per_node (node_id, from_seq, to_seq, last_hash, bundle, bundle_hash, archived_at)
    SELECT 'node-1', from_seq, to_seq, last_hash, bundle, bundle_hash, archived_at FROM audit_archive;
DROP TABLE audit_archive;
ALTER TABLE audit_archive_per_node RENAME TO audit_archive;
