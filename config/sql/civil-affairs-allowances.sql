-- Rows of dibao_recipient changed after the watermark (updated_at, id), oldest first. The watermark is the adapter
-- cursor 'civil-affairs-allowances' (ingest_adapter_cursor), advanced row by row after each row reached the hub.
SELECT id, allowance_no, name, id_number, address, division_code, household_size, monthly_amount, status, CAST(start_date AS VARCHAR(10)) AS start_date, CAST(end_date AS VARCHAR(10)) AS end_date,
       CAST(updated_at AS VARCHAR(19)) AS updated_at
FROM dibao_recipient
WHERE updated_at > CAST(:#${bean:adapterCursors?method=part('civil-affairs-allowances',0,'1970-01-01 00:00:00')} AS TIMESTAMP)
   OR (updated_at = CAST(:#${bean:adapterCursors?method=part('civil-affairs-allowances',0,'1970-01-01 00:00:00')} AS TIMESTAMP)
       AND id > CAST(:#${bean:adapterCursors?method=part('civil-affairs-allowances',1,'0')} AS BIGINT))
ORDER BY updated_at, id
