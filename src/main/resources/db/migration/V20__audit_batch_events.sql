-- Audit per batch: one PUBLISHED event per source department for the records a transaction journals, one DELIVERED
-- event per source department for a delivery batch, each naming every record with its version, log position and
-- views (records, hashed with the event). Events about one record keep record_id and leave records NULL.
ALTER TABLE audit_event ADD COLUMN records VARCHAR;
-- Derived when the event is appended, not hashed (like audit_subject_index): how many records the event names
-- (traffic figures), and the log positions the records read from the journal's log lie between, by which a record's
-- publication and deliveries are found (DataSubjectReport, AuditQueries).
ALTER TABLE audit_event ADD COLUMN record_count INTEGER;
ALTER TABLE audit_event ADD COLUMN log_from BIGINT;
ALTER TABLE audit_event ADD COLUMN log_to BIGINT;
CREATE INDEX ix_audit_event_log ON audit_event (subscription_id, log_to);

-- Records a batch event names outside its log range: deliveries of exception rows (retries, replays, records that
-- waited behind their key, rows owed from before cursors). Derived, not part of the hash chain.
CREATE TABLE audit_record_index (
    record_id  VARCHAR(36) NOT NULL,
    seq        BIGINT      NOT NULL,
    PRIMARY KEY (record_id, seq)
);
