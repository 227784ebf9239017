-- Trigram similarity for the search fallback ("incep" → Inception, small typos).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Genre ids are TMDb's, so imported `genre_ids` and user preferences given as ids map directly.
CREATE TABLE genres (
  id   integer PRIMARY KEY,
  name text    NOT NULL UNIQUE
);
INSERT INTO genres (id, name) VALUES
  (28, 'Action'), (12, 'Adventure'), (16, 'Animation'), (35, 'Comedy'), (80, 'Crime'),
  (99, 'Documentary'), (18, 'Drama'), (10751, 'Family'), (14, 'Fantasy'), (36, 'History'),
  (27, 'Horror'), (10402, 'Music'), (9648, 'Mystery'), (10749, 'Romance'), (878, 'Science Fiction'),
  (53, 'Thriller'), (10752, 'War'), (37, 'Western');

CREATE TABLE movies (
  id            uuid PRIMARY KEY,
  title         text NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  year          integer CHECK (year BETWEEN 1870 AND 2200),
  synopsis      text NOT NULL DEFAULT '',
  release_date  date,
  runtime       integer CHECK (runtime > 0),
  -- Genre names as in `genres.name`; checked by the service (an array cannot carry a foreign key).
  genres        text[] NOT NULL DEFAULT '{}',
  -- [{ name, character, order }]: a document, read and written whole.
  cast_members  jsonb NOT NULL DEFAULT '[]'::jsonb CHECK (jsonb_typeof(cast_members) = 'array'),
  poster_url    text,
  backdrop_url  text,
  language      text,
  certification text CHECK (certification IN ('G', 'PG', 'PG-13', 'R', 'NC-17')),
  popularity    double precision NOT NULL DEFAULT 0 CHECK (popularity >= 0),
  tmdb_id       integer UNIQUE,
  -- The review aggregate, recomputed from `ratings` whenever a review event arrives.
  rating_sum    integer NOT NULL DEFAULT 0 CHECK (rating_sum >= 0),
  rating_count  integer NOT NULL DEFAULT 0 CHECK (rating_count >= 0),
  -- Derived by the trigger below: cast names (for "shared cast") and the full-text document.
  cast_names    text[] NOT NULL DEFAULT '{}',
  search_vector tsvector NOT NULL DEFAULT ''::tsvector,
  deleted_at    timestamptz,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- A generated column cannot be used here: array_to_string and the jsonb walk are not IMMUTABLE.
-- Title weighs most (A), then genres (B), then cast names (C). One text search configuration
-- for all three, so a query stems names the same way the document did ("Hardy" → "hardi").
CREATE FUNCTION movies_derive_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.cast_names := ARRAY(
    SELECT member ->> 'name' FROM jsonb_array_elements(NEW.cast_members) AS member
    WHERE coalesce(member ->> 'name', '') <> ''
  );
  NEW.search_vector :=
    setweight(to_tsvector('english', coalesce(NEW.title, '')), 'A') ||
    setweight(to_tsvector('english', array_to_string(NEW.genres, ' ')), 'B') ||
    setweight(to_tsvector('english', array_to_string(NEW.cast_names, ' ')), 'C');
  RETURN NEW;
END $$;

CREATE TRIGGER movies_derive_search
  BEFORE INSERT OR UPDATE OF title, genres, cast_members ON movies
  FOR EACH ROW EXECUTE FUNCTION movies_derive_search();

CREATE INDEX movies_search_idx ON movies USING gin (search_vector);
CREATE INDEX movies_title_trgm_idx ON movies USING gin (lower(title) gin_trgm_ops);
CREATE INDEX movies_genres_idx ON movies USING gin (genres);
CREATE INDEX movies_popularity_idx ON movies (popularity DESC) WHERE deleted_at IS NULL;
CREATE INDEX movies_release_date_idx ON movies (release_date) WHERE deleted_at IS NULL;

-- How many entries two arrays share (genres, cast names), for similarity scores.
CREATE FUNCTION shared_count(a text[], b text[]) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT count(*)::integer FROM (SELECT unnest(a) INTERSECT SELECT unnest(b)) AS shared
$$;

CREATE TABLE favourites (
  user_id    uuid NOT NULL,
  movie_id   uuid NOT NULL REFERENCES movies (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, movie_id)
);
CREATE INDEX favourites_movie_idx ON favourites (movie_id);

-- History: one row per user and movie, with the last time it was viewed and how often.
CREATE TABLE views (
  user_id        uuid NOT NULL,
  movie_id       uuid NOT NULL REFERENCES movies (id),
  view_count     integer NOT NULL DEFAULT 1,
  first_viewed_at timestamptz NOT NULL DEFAULT now(),
  last_viewed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (user_id, movie_id)
);
CREATE INDEX views_user_recent_idx ON views (user_id, last_viewed_at DESC);

-- Every view, favourite and review, for trending and the "recent activity" part of popular.
-- Rows older than the trending window are pruned by the service.
CREATE TABLE movie_activity (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  movie_id    uuid NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('view', 'favourite', 'review')),
  user_id     uuid,
  occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX movie_activity_recent_idx ON movie_activity (occurred_at, movie_id);

-- One row per review (from review.* events): each user's rating per movie for recommendations,
-- and the source the movie aggregate is recomputed from. A deleted review stays as a tombstone so
-- a late `review.updated` cannot bring it back; `event_time` makes older events no-ops.
CREATE TABLE ratings (
  review_id  uuid PRIMARY KEY,
  user_id    uuid NOT NULL,
  movie_id   uuid NOT NULL,
  rating     smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  deleted    boolean NOT NULL DEFAULT false,
  event_time timestamptz NOT NULL
);
CREATE INDEX ratings_movie_idx ON ratings (movie_id) WHERE NOT deleted;
CREATE INDEX ratings_user_idx ON ratings (user_id) WHERE NOT deleted;

-- The users read model (from user.registered / user.updated): only what recommendations need.
CREATE TABLE users (
  id              uuid PRIMARY KEY,
  genres          text[] NOT NULL DEFAULT '{}',
  maturity_filter text NOT NULL DEFAULT 'all' CHECK (maturity_filter IN ('all', 'teen', 'adult')),
  event_time      timestamptz NOT NULL
);

-- Marks one-time jobs (the demo seed) as done, so replicas starting together do them once.
CREATE TABLE service_markers (
  name    text PRIMARY KEY,
  done_at timestamptz NOT NULL DEFAULT now()
);
