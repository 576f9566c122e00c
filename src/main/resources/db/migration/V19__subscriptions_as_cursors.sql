-- Subscriptions read the journal's log through a cursor instead of one outbox row per delivery owed.
--
-- exchange_subscription_cursor: the last log position a subscription has dealt with (delivered, acknowledged by a
-- feed reader, or passed over because it did not match), and where it began reading the log. A subscription starts
-- at the log's head when it is created or becomes active: what was journaled before is not owed to it.
CREATE TABLE exchange_subscription_cursor (
    subscription_id  VARCHAR(64) NOT NULL PRIMARY KEY,
    position         BIGINT      NOT NULL,
    start_position   BIGINT      NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- exchange_outbox now holds only the deliveries that need state of their own: retrying after a failed call, held
-- (a field could not be decrypted), waiting behind an earlier version of their record key that is retrying, dead
-- letters, and — after this upgrade — the rows that were still pending. Each carries its record's log position.
ALTER TABLE exchange_outbox ADD COLUMN log_position BIGINT;
UPDATE exchange_outbox SET log_position = (SELECT r.log_position FROM exchange_record r
    WHERE r.record_id = exchange_outbox.record_id) WHERE status IN ('PENDING', 'DEAD');

-- Every subscription the hub has had starts at the head: what was journaled before this upgrade is owed through
-- its outbox rows, which stay as they were (pending ones are delivered as before, dead letters can be replayed).
INSERT INTO exchange_subscription_cursor (subscription_id, position, start_position, updated_at)
    SELECT DISTINCT s.id, h.position, h.position, CURRENT_TIMESTAMP FROM exchange_subscription s, exchange_log_head h;
