-- The delivery worker's query (due deliveries of one subscription, oldest first, each the oldest pending one of its
-- record key) walks these instead of the whole outbox, so its cost stays flat as delivered rows accumulate.
CREATE INDEX ix_exchange_outbox_subscription_due ON exchange_outbox (subscription_id, status, id);
CREATE INDEX ix_exchange_outbox_key_pending ON exchange_outbox (subscription_id, record_key, status, id);
DROP INDEX ix_exchange_outbox_key;
