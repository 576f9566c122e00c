-- RFC 3161 time-stamp tokens over signed checkpoints, issued by the external time-stamping authority configured as
-- hub.audit.tsa-url. Append-only like the checkpoints: on PostgreSQL the hub's user needs only SELECT and INSERT.
-- A token names the checkpoint by its message ("<seq>|<hash>|<at>"), so a token whose checkpoint is gone shows that
-- checkpoints were removed.
CREATE TABLE audit_timestamp (
    seq        BIGINT        NOT NULL PRIMARY KEY,
    token      VARCHAR(16000) NOT NULL,  -- base64 DER TimeStampToken (CMS SignedData, with the authority's certificate)
    gen_time   TIMESTAMP WITH TIME ZONE NOT NULL,
    authority  VARCHAR(500)  NOT NULL    -- the signing certificate's subject
);
