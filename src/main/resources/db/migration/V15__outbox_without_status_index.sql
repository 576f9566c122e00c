-- Every delivery changed (status, next_attempt_at): the row left one place of the index and entered another, for
-- queries that run only when an operator or a health check looks. Those now go through
-- (subscription_id, status, id), one range per subscription (OutboxStore.COUNT_IN_STATUS, DEAD_LETTERS, OWED).
DROP INDEX ix_exchange_outbox_due;
