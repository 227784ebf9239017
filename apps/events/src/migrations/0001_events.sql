-- The events service's own tables (its database is marquee_events).

-- btree_gist lets one exclusion constraint mix equality (event, room) with range overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- An event of the events platform (a talk, a workshop, a conference), not a domain event.
CREATE TABLE events (
  id            uuid PRIMARY KEY,
  organizer_id  uuid NOT NULL,
  title         text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  description   text CHECK (char_length(description) <= 5000),
  location      text CHECK (char_length(location) <= 200),
  category      text CHECK (char_length(category) <= 50),
  start_at      timestamptz NOT NULL,
  end_at        timestamptz NOT NULL,
  capacity      integer NOT NULL CHECK (capacity > 0),
  -- Active registrations, kept by the same transactions that add and cancel them.
  registered    integer NOT NULL DEFAULT 0 CHECK (registered >= 0),
  status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
  cancel_reason text,
  -- Soft delete: the row stays for history, every read treats it as gone.
  deleted_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  -- Full text over title (A), location (B) and description (C), kept by PostgreSQL itself.
  search_vector tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('english', coalesce(location, '')), 'B') ||
    setweight(to_tsvector('english', coalesce(description, '')), 'C')
  ) STORED,
  CONSTRAINT events_span CHECK (end_at > start_at),
  -- The last word on overbooking: no transaction can commit more registrations than places.
  CONSTRAINT events_not_overbooked CHECK (registered <= capacity)
);
CREATE INDEX events_search_idx ON events USING gin (search_vector);
CREATE INDEX events_listing_idx ON events (status, start_at, id) WHERE deleted_at IS NULL;
CREATE INDEX events_organizer_idx ON events (organizer_id, start_at) WHERE deleted_at IS NULL;

CREATE TABLE sessions (
  id          uuid PRIMARY KEY,
  event_id    uuid NOT NULL REFERENCES events (id),
  title       text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  speaker     text CHECK (char_length(speaker) <= 200),
  room        text NOT NULL CHECK (char_length(room) BETWEEN 1 AND 100),
  start_at    timestamptz NOT NULL,
  end_at      timestamptz NOT NULL,
  capacity    integer NOT NULL CHECK (capacity > 0),
  registered  integer NOT NULL DEFAULT 0 CHECK (registered >= 0),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT sessions_span CHECK (end_at > start_at),
  CONSTRAINT sessions_not_overbooked CHECK (registered <= capacity),
  -- No two sessions of one event in one room (case-insensitive) at the same time, whatever races.
  CONSTRAINT sessions_no_overlap EXCLUDE USING gist (
    event_id WITH =,
    lower(room) WITH =,
    tstzrange(start_at, end_at, '[)') WITH &&
  )
);
CREATE INDEX sessions_event_idx ON sessions (event_id, start_at);

CREATE TABLE registrations (
  id           uuid PRIMARY KEY,
  event_id     uuid NOT NULL REFERENCES events (id),
  user_id      uuid NOT NULL,
  status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz
);
-- One active registration per user and event: a double click can never register twice.
CREATE UNIQUE INDEX registrations_one_active ON registrations (event_id, user_id) WHERE status = 'active';
CREATE INDEX registrations_user_idx ON registrations (user_id) WHERE status = 'active';

-- The sessions a registration chose. Kept when it is cancelled (history); a deleted session
-- (possible only without active registrations) takes its rows with it.
CREATE TABLE registration_sessions (
  registration_id uuid NOT NULL REFERENCES registrations (id) ON DELETE CASCADE,
  session_id      uuid NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  PRIMARY KEY (registration_id, session_id)
);
CREATE INDEX registration_sessions_session_idx ON registration_sessions (session_id);

-- Read model of users from user.* events (attendee names): newer facts win (upsertNewerFact).
CREATE TABLE known_users (
  user_id    uuid PRIMARY KEY,
  name       text NOT NULL,
  fact_time  timestamptz NOT NULL
);
