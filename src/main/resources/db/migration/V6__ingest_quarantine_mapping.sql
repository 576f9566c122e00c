-- The mapping a quarantined source record was read with (null for canonical records), so that a fixed
-- version of the same source record can be resubmitted through it.
ALTER TABLE ingest_quarantine ADD COLUMN mapping_id VARCHAR(100);
