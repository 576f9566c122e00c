-- Cheaper outbox rows and reads: every record queues one row per subscription, every delivery updates it, and the
-- delivery worker and feeds read them in id order per subscription.
--
-- Ids come from the identity column's sequence. H2 reserves a sequence's values CACHE at a time (32 by default) and
-- writes each reservation in a commit of its own, which stores everything changed so far: with three outbox rows per
-- record, an extra store of the database every ~11 records. Reserving 10,000 at a time makes it rare. A crash loses
-- at most the unused reservation (a gap in the ids, never a reuse); ids stay increasing in the order they are taken,
-- which is all delivery order relies on.
ALTER TABLE exchange_outbox ALTER COLUMN id SET CACHE 10000;

-- No query has used (subscription_id, record_key, status, id) since the delivery worker walks a subscription's
-- pending rows in id order (OutboxStore.due); it only cost an entry per row and two changes per delivery.
DROP INDEX ix_exchange_outbox_key_pending;

-- A feed page is a subscription's rows after a cursor in id order, whatever their status: without this index H2 read
-- the subscription's whole history after the cursor to sort it (1.7 s for a page of 100 over 140,000 rows). Status
-- is not in it, so a delivery does not change it.
CREATE INDEX ix_exchange_outbox_subscription ON exchange_outbox (subscription_id, id);
