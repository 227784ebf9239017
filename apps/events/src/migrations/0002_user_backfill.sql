-- One row once the backfill of known_users from the users service's directory has gone through
-- every page: until then each start (and the users-backfill job) tries again, even if events have
-- meanwhile added users.
CREATE TABLE user_backfill (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  users        int NOT NULL,
  completed_at timestamptz NOT NULL DEFAULT now()
);
