-- Every forgot-password request gets a row, known account or not, so each later step (wrong
-- address, too many tries, not verified, expired) answers the same for both. A row without a user
-- (an unknown e-mail, or a request past the hourly bound) can never be verified.
-- `account_key` is the e-mail as typed, case-folded with lower() (the function the lookup uses):
-- limits and revocation go by it, so they behave alike whether the account exists or not.
ALTER TABLE password_resets ALTER COLUMN user_id DROP NOT NULL;
ALTER TABLE password_resets ADD COLUMN account_key text;
UPDATE password_resets r SET account_key = lower(u.email) FROM users u WHERE u.id = r.user_id;
ALTER TABLE password_resets ALTER COLUMN account_key SET NOT NULL;
CREATE INDEX password_resets_account_pending_idx ON password_resets (account_key) WHERE completed_at IS NULL AND revoked_at IS NULL;

-- Reset requests and code guesses per account key in a fixed window that starts with the first one.
-- One row per key and kind, bumped by INSERT … ON CONFLICT DO UPDATE: the row lock makes the
-- increment race-free, and concurrent requests for one account queue behind it.
CREATE TABLE password_reset_limits (
  account_key text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('request', 'guess')),
  window_started_at timestamptz NOT NULL,
  count int NOT NULL,
  PRIMARY KEY (account_key, kind)
);
