-- Records that failed validation, with reason codes per field and the raw payload encrypted (PayloadVault).
CREATE TABLE ingest_quarantine (
    id                 VARCHAR(36)   NOT NULL PRIMARY KEY,
    source_department  VARCHAR(64),
    record_type        VARCHAR(100)  NOT NULL,
    channel            VARCHAR(32)   NOT NULL,     -- PUSH, FILE, POLL, SQL
    reasons            VARCHAR(2000) NOT NULL,     -- CODE@field, comma separated; values never included
    payload            VARCHAR       NOT NULL,     -- ehx1 token of the raw input
    status             VARCHAR(16)   NOT NULL,     -- OPEN, RESUBMITTED, DISCARDED
    resolution         VARCHAR(500),
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_ingest_quarantine_status ON ingest_quarantine (status, created_at);
