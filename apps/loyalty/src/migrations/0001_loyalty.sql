-- The loyalty service's own tables (its database is marquee_loyalty).

-- One row per member. The balance is guarded here, not in code: every move is a conditional
-- UPDATE (… WHERE points + delta >= 0), and these checks are the last word.
CREATE TABLE memberships (
  user_id          uuid PRIMARY KEY,
  tier             text NOT NULL DEFAULT 'bronze' CHECK (tier IN ('bronze', 'silver', 'gold', 'platinum')),
  points           bigint NOT NULL DEFAULT 0 CHECK (points >= 0),
  lifetime_points  bigint NOT NULL DEFAULT 0 CHECK (lifetime_points >= 0),
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT memberships_points_within_lifetime CHECK (points <= lifetime_points)
);

-- The append-only ledger: every move of a balance (or of lifetime points), keyed by what caused
-- it (`payment:<id>`, `refund:<id>`, `redemption:<id>`, `adjustment:<id>`), so one cause can never
-- move points twice.
CREATE TABLE point_movements (
  id              uuid PRIMARY KEY,
  -- Orders the lines of one transaction (an earning and the refund it meets share created_at).
  seq             bigint GENERATED ALWAYS AS IDENTITY,
  user_id         uuid NOT NULL REFERENCES memberships (user_id),
  source_key      text NOT NULL CONSTRAINT point_movements_source_key UNIQUE,
  reason          text NOT NULL CHECK (reason IN ('ticket_purchase', 'payment_refund', 'reward_redemption', 'manual_adjustment')),
  source_id       uuid,
  delta           bigint NOT NULL,
  lifetime_delta  bigint NOT NULL,
  balance_after   bigint NOT NULL CHECK (balance_after >= 0),
  lifetime_after  bigint NOT NULL CHECK (lifetime_after >= 0),
  note            text CHECK (char_length(note) <= 500),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (delta <> 0 OR lifetime_delta <> 0)
);
CREATE INDEX point_movements_user_created_idx ON point_movements (user_id, created_at DESC, seq DESC);

CREATE FUNCTION point_movements_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'point_movements is append-only: record a new movement instead';
END
$$;
CREATE TRIGGER point_movements_append_only BEFORE UPDATE OR DELETE ON point_movements
  FOR EACH ROW EXECUTE FUNCTION point_movements_append_only();

-- What each payment earned and how much of it refunds took back. A row may come first from a
-- refund (points still null) when payment.refunded overtakes payment.succeeded; the earning then
-- takes back the refunded share at once.
CREATE TABLE payment_earnings (
  payment_id      uuid PRIMARY KEY,
  user_id         uuid NOT NULL,
  amount_cents    bigint NOT NULL CHECK (amount_cents >= 0),
  points          bigint CHECK (points >= 0),
  refunded_cents  bigint NOT NULL DEFAULT 0 CHECK (refunded_cents >= 0),
  last_refund_id  uuid,
  reclaimed       bigint NOT NULL DEFAULT 0 CHECK (reclaimed >= 0),
  created_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (points IS NULL OR reclaimed <= points)
);

CREATE TABLE rewards (
  id           uuid PRIMARY KEY,
  name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  description  text NOT NULL CHECK (char_length(description) BETWEEN 1 AND 2000),
  cost_points  bigint NOT NULL CHECK (cost_points > 0),
  -- null: unlimited. Taken by a conditional UPDATE (… WHERE stock > 0), never below zero.
  stock        integer CHECK (stock >= 0),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX rewards_name_key ON rewards (lower(name));
CREATE INDEX rewards_listing_idx ON rewards (cost_points, name, id);

CREATE TABLE redemptions (
  id           uuid PRIMARY KEY,
  user_id      uuid NOT NULL REFERENCES memberships (user_id),
  reward_id    uuid NOT NULL REFERENCES rewards (id),
  cost_points  bigint NOT NULL CHECK (cost_points > 0),
  code         text NOT NULL CONSTRAINT redemptions_code_key UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX redemptions_user_idx ON redemptions (user_id, created_at DESC);
CREATE INDEX redemptions_reward_idx ON redemptions (reward_id);
