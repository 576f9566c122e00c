-- What a quarantine list shows besides the reasons, so that an admin knows which row it was without opening the
-- sealed payload: the record's key in its source (as the journal keeps it) and where it came from (a file's name).
ALTER TABLE ingest_quarantine ADD COLUMN source_key VARCHAR(200);
ALTER TABLE ingest_quarantine ADD COLUMN origin VARCHAR(255);
