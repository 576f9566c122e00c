-- Where each polling adapter stands in its source (since-cursor, watermark), so a restart neither skips nor repeats.
CREATE TABLE ingest_adapter_cursor (
    adapter_id  VARCHAR(100) NOT NULL PRIMARY KEY,
    position    VARCHAR(200) NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
