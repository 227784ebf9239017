-- The videos service's own tables (its database is marquee_videos).

CREATE TABLE items (
  id         uuid PRIMARY KEY,
  owner_id   uuid NOT NULL,
  title      text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT items_owner_title_key UNIQUE (owner_id, title)
);
CREATE INDEX items_owner_created_idx ON items (owner_id, created_at DESC, id);

-- Read model of users from user.* events: newer facts win (upsertNewerFact).
CREATE TABLE known_users (
  user_id    uuid PRIMARY KEY,
  name       text NOT NULL,
  fact_time  timestamptz NOT NULL
);
