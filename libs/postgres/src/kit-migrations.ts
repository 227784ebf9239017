// Generated from libs/postgres/migrations by scripts/embed-kit-migrations.mjs; do not edit.
// Edit the .sql files and run `npm run embed-migrations -w @marquee/postgres`.
import type { MigrationSource } from './migration-files';

export const KIT_MIGRATIONS: readonly MigrationSource[] = [
  {
    fileName: '0001_outbox.sql',
    sql: `-- Events waiting to be published (architecture rule 2). A row is written in the same transaction
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
`,
  },
  {
    fileName: '0002_inbox.sql',
    sql: `-- Events a consumer has already handled (architecture rule 3). The id is inserted in the same
-- transaction as the consumer's effect; the primary key makes a redelivery a no-op.
CREATE TABLE inbox (
  consumer    text        NOT NULL,
  event_id    uuid        NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Lets pruning of old entries avoid a full scan.
CREATE INDEX inbox_received_at_idx ON inbox (received_at);
`,
  },
  {
    fileName: '0003_idempotency.sql',
    sql: `-- Answers of requests sent with an Idempotency-Key (API.md conventions), per user. A key row is
-- written in the same transaction as the request's effect, so a request that fails leaves no key
-- behind, and a retry of one that succeeded gets the stored answer.
CREATE TABLE idempotency_keys (
  user_id     uuid        NOT NULL,
  key         text        NOT NULL CHECK (char_length(key) BETWEEN 1 AND 255),
  -- What the request asked for (operation and body): the same key with another request is refused.
  fingerprint text        NOT NULL,
  status      integer,
  response    jsonb,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, key)
);

CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);
`,
  },
];
