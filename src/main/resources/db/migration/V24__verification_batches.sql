-- Verification batches: a department's file of questions answered as a job. A row keeps its question only in the
-- form the hub may keep it — the person's blind index and keyed digests of the name and of the whole question, never
-- the ID number or the name — until it is answered, and then its answer and the audit event that records it. A bad
-- row keeps its problem instead.
CREATE TABLE verification_batch (
    id                VARCHAR(36)   NOT NULL PRIMARY KEY,
    node_id           VARCHAR(64)   NOT NULL,
    department        VARCHAR(64)   NOT NULL,
    service           VARCHAR(64)   NOT NULL,
    purpose           VARCHAR(500)  NOT NULL,
    state             VARCHAR(16)   NOT NULL,
    total_rows        INTEGER       NOT NULL,
    answered          INTEGER       NOT NULL,
    bad_rows          INTEGER       NOT NULL,
    matched           INTEGER       NOT NULL,
    no_match          INTEGER       NOT NULL,
    not_on_file       INTEGER       NOT NULL,
    submitted_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP WITH TIME ZONE,
    problem           VARCHAR(1000)
);
CREATE INDEX ix_verification_batch_department ON verification_batch (department, submitted_at);
CREATE INDEX ix_verification_batch_state ON verification_batch (node_id, state);

CREATE TABLE verification_batch_row (
    batch_id          VARCHAR(36)   NOT NULL,
    row_no            INTEGER       NOT NULL,
    case_reference    VARCHAR(64),
    token             VARCHAR(100),
    name_digest       VARCHAR(128),
    died_on_or_before DATE,
    question          VARCHAR(128),
    answer            VARCHAR(16),
    problem           VARCHAR(500),
    audit_node        VARCHAR(64),
    audit_seq         BIGINT,
    PRIMARY KEY (batch_id, row_no)
);
