-- The videos service's own tables (its database is marquee_videos).

CREATE TABLE videos (
  id                    uuid PRIMARY KEY,
  user_id               uuid NOT NULL,
  title                 text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  status                text NOT NULL DEFAULT 'uploaded' CHECK (status IN ('uploaded', 'processing', 'processed', 'failed')),
  is_published          boolean NOT NULL DEFAULT false,
  publish_requested     boolean NOT NULL DEFAULT false,
  -- Storage keys (`uploads/{user_id}/{id}.mp4`, `processed/{id}.mp4`), not file-system paths.
  original_key          text NOT NULL,
  processed_key         text,
  duration_seconds      double precision,
  progress              smallint NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  error                 text,
  attempts              int NOT NULL DEFAULT 0,
  votes                 int NOT NULL DEFAULT 0 CHECK (votes >= 0),
  uploaded_at           timestamptz NOT NULL DEFAULT now(),
  processing_started_at timestamptz,
  processed_at          timestamptz,
  CONSTRAINT videos_published_processed CHECK (NOT is_published OR status = 'processed')
);
CREATE INDEX videos_user_uploaded_idx ON videos (user_id, uploaded_at DESC, id);
CREATE INDEX videos_public_idx ON videos (uploaded_at DESC, id) WHERE is_published;
CREATE INDEX videos_stuck_idx ON videos (processing_started_at) WHERE status = 'processing';

-- One vote per user and video: the primary key is what makes 50 concurrent clicks one vote.
CREATE TABLE votes (
  video_id   uuid NOT NULL REFERENCES videos (id),
  user_id    uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (video_id, user_id)
);

-- Votes per player (owner), kept in the vote's transaction: rankings read this, not votes.
CREATE TABLE player_tallies (
  user_id uuid PRIMARY KEY,
  votes   int NOT NULL DEFAULT 0 CHECK (votes >= 0)
);
CREATE INDEX player_tallies_rank_idx ON player_tallies (votes DESC, user_id);

-- Read model of users from user.* events: newer facts win (upsertNewerFact). `*_key` are the
-- lower-case, accent-free forms the rankings filter on (`bogota` finds Bogotá).
CREATE TABLE known_users (
  user_id     uuid PRIMARY KEY,
  name        text NOT NULL,
  username    text,
  city        text,
  country     text,
  city_key    text,
  country_key text,
  fact_time   timestamptz NOT NULL
);
CREATE INDEX known_users_city_idx ON known_users (city_key);
CREATE INDEX known_users_country_idx ON known_users (country_key);
