-- The notifications service's own tables (its database is marquee_notifications).

-- Read model of users from user.* events (and the users service's directory): who a message goes
-- to. Newer facts win (upsertNewerFact on fact_time).
CREATE TABLE known_users (
  user_id      uuid PRIMARY KEY,
  email        text NOT NULL,
  name         text NOT NULL,
  phone_number text,
  fact_time    timestamptz NOT NULL,
  received_at  timestamptz NOT NULL DEFAULT now()
);

-- One row once the backfill from the users service has gone through every page: until then each
-- start (and the users-backfill job) tries again, even if events have meanwhile added users.
CREATE TABLE user_backfill (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  users        int NOT NULL,
  completed_at timestamptz NOT NULL DEFAULT now()
);

-- In-app notifications, one per user and causing event (a redelivered event adds nothing).
CREATE TABLE notifications (
  id              uuid PRIMARY KEY,
  user_id         uuid NOT NULL,
  type            text NOT NULL,
  title           text NOT NULL,
  message         text NOT NULL,
  movie_id        uuid,
  image           text,
  read_at         timestamptz,
  source_event_id uuid NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT notifications_event_user_key UNIQUE (source_event_id, user_id)
);
CREATE INDEX notifications_user_created_idx ON notifications (user_id, created_at DESC, id);
CREATE INDEX notifications_user_unread_idx ON notifications (user_id) WHERE read_at IS NULL;

-- Every e-mail and SMS, written in the transaction of what caused it and sent later by the
-- deliveries job. `recipient` is the address: known at once for admin sends and for events that
-- carry it, else looked up (read model, then users) when sending. `payload` is the template's data.
CREATE TABLE deliveries (
  id              uuid PRIMARY KEY,
  channel         text NOT NULL CHECK (channel IN ('email', 'sms')),
  user_id         uuid,
  recipient       text,
  template        text NOT NULL,
  subject         text,
  payload         jsonb NOT NULL DEFAULT '{}',
  status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  attempts        int NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error      text,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  sent_at         timestamptz,
  source_event_id uuid,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (user_id IS NOT NULL OR recipient IS NOT NULL),
  CONSTRAINT deliveries_event_key UNIQUE (source_event_id, channel, template, user_id)
);
CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX deliveries_created_idx ON deliveries (created_at DESC, id);
CREATE INDEX deliveries_status_created_idx ON deliveries (status, created_at DESC, id);
