-- Events waiting to be published (architecture rule 2). A row is written in the same transaction
-- as the state change it announces; the relay publishes it and sets sent_at.
CREATE TABLE outbox (
  id           uuid PRIMARY KEY,
  routing_key  text        NOT NULL,
  payload      jsonb       NOT NULL,
  headers      jsonb       NOT NULL DEFAULT '{}'::jsonb,
  -- clock_timestamp(), not now(): several events written by one transaction keep their order.
  created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
  available_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  attempts     integer     NOT NULL DEFAULT 0,
  last_error   text,
  sent_at      timestamptz
);

-- The relay's claim query walks this index in order; it only ever holds the unsent backlog.
CREATE INDEX outbox_unsent_idx ON outbox (created_at) WHERE sent_at IS NULL;

-- Lets pruning of old sent rows avoid a full scan.
CREATE INDEX outbox_sent_at_idx ON outbox (sent_at) WHERE sent_at IS NOT NULL;
