-- Events a consumer has already handled (architecture rule 3). The id is inserted in the same
-- transaction as the consumer's effect; the primary key makes a redelivery a no-op.
CREATE TABLE inbox (
  consumer    text        NOT NULL,
  event_id    uuid        NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Lets pruning of old entries avoid a full scan.
CREATE INDEX inbox_received_at_idx ON inbox (received_at);
