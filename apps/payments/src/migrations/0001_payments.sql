-- The payments service's own tables (its database is marquee_payments). Money is numeric(10,2).
-- A card number is never stored: only its brand and last four digits.

-- Read model of tickets from ticket.* events (newer fact wins, upsertNewerFact), or from a GET to
-- the tickets service when a payment arrives before ticket.reserved was consumed.
CREATE TABLE known_tickets (
  ticket_id  uuid PRIMARY KEY,
  user_id    uuid NOT NULL,
  amount     numeric(10,2) NOT NULL CHECK (amount >= 0),
  currency   text NOT NULL,
  status     text NOT NULL,
  fact_time  timestamptz NOT NULL
);

CREATE TABLE payments (
  id             uuid PRIMARY KEY,
  ticket_id      uuid NOT NULL,
  user_id        uuid NOT NULL,
  amount         numeric(10,2) NOT NULL CHECK (amount >= 0),
  currency       text NOT NULL,
  status         text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  failure_code   text,
  failure_message text,
  card_brand     text NOT NULL,
  card_last4     text NOT NULL CHECK (card_last4 ~ '^[0-9]{4}$'),
  -- The processor's reference of the charge (never card data).
  processor_ref  text,
  -- What went back to the card so far; the CHECK is the last word on "never above what was captured".
  refunded_total numeric(10,2) NOT NULL DEFAULT 0,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT payments_refund_within_amount CHECK (refunded_total >= 0 AND refunded_total <= amount),
  CONSTRAINT payments_failure_code CHECK ((status = 'failed') = (failure_code IS NOT NULL))
);
-- At most one successful payment per ticket: a double submit or two tabs cannot charge twice.
CREATE UNIQUE INDEX payments_one_success_per_ticket ON payments (ticket_id) WHERE status = 'succeeded';
CREATE INDEX payments_user_created_idx ON payments (user_id, created_at DESC, id);
CREATE INDEX payments_ticket_idx ON payments (ticket_id);

-- Every refund its own row.
CREATE TABLE refunds (
  id          uuid PRIMARY KEY,
  payment_id  uuid NOT NULL REFERENCES payments (id),
  amount      numeric(10,2) NOT NULL CHECK (amount > 0),
  reason      text,
  -- Set when the refund follows a ticket.cancelled (status refunded): at most one such per payment.
  ticket_cancelled boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refunds_payment_idx ON refunds (payment_id, created_at);
CREATE UNIQUE INDEX refunds_one_per_ticket_cancel ON refunds (payment_id) WHERE ticket_cancelled;
