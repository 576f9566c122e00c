-- Which audit events concern which data subject (by blind index), for data-subject reports. Derived from
-- audit_event.subject_indexes when an event is appended; not part of the hash chain.
CREATE TABLE audit_subject_index (
    token  VARCHAR(64) NOT NULL,
    seq    BIGINT      NOT NULL,
    PRIMARY KEY (token, seq)
);
