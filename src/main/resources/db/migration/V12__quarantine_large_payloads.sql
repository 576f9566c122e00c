-- A quarantined input keeps its whole raw payload (encrypted) so that it can be fixed and resubmitted: a push of
-- one record may be up to hub.ingest.max-payload-bytes (10 MiB), beyond what a VARCHAR holds.
ALTER TABLE ingest_quarantine ALTER COLUMN payload SET DATA TYPE TEXT;
