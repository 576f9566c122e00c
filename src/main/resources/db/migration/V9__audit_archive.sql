-- Ranges of the audit log moved to archive bundles after the retention period. The checkpoints stay, so the
-- remaining chain still verifies: its first event links to last_hash, which a kept checkpoint signs.
CREATE TABLE audit_archive (
    from_seq   BIGINT        NOT NULL PRIMARY KEY,
    to_seq     BIGINT        NOT NULL,
    last_hash  CHAR(64)      NOT NULL,
    bundle     VARCHAR(500)  NOT NULL,
    bundle_hash CHAR(64)     NOT NULL,
    archived_at TIMESTAMP WITH TIME ZONE NOT NULL
);
