-- Rows of death_registration changed after the watermark (updated_at, id), oldest first. The watermark is the adapter
-- cursor 'civil-affairs-deaths' (ingest_adapter_cursor), advanced row by row after each row reached the hub.
SELECT id, reg_no, name, id_number, CAST(death_date AS VARCHAR(10)) AS death_date, certificate_no, CAST(reg_date AS VARCHAR(10)) AS reg_date, division_code,
       CAST(updated_at AS VARCHAR(19)) AS updated_at
FROM death_registration
WHERE updated_at > CAST(:#${bean:adapterCursors?method=part('civil-affairs-deaths',0,'1970-01-01 00:00:00')} AS TIMESTAMP)
   OR (updated_at = CAST(:#${bean:adapterCursors?method=part('civil-affairs-deaths',0,'1970-01-01 00:00:00')} AS TIMESTAMP)
       AND id > CAST(:#${bean:adapterCursors?method=part('civil-affairs-deaths',1,'0')} AS BIGINT))
ORDER BY updated_at, id
