-- Answers of requests sent with an Idempotency-Key (API.md conventions), per user. A key row is
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
