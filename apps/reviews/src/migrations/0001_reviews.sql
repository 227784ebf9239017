-- The movies this service has heard of, from movie.created|updated|deleted: the read model that
-- decides whether a movie exists and may be reviewed. Deletion is soft, as in the movies service,
-- so a row is never removed and old reviews keep their movie.
CREATE TABLE movies (
  movie_id uuid PRIMARY KEY,
  title text NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  -- The `time` of the event that last changed the row; an older event arriving late is ignored.
  updated_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE reviews (
  id uuid PRIMARY KEY,
  movie_id uuid NOT NULL REFERENCES movies (movie_id),
  user_id uuid NOT NULL,
  rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment text NOT NULL CHECK (char_length(comment) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- One review per user and movie: this constraint, not a lookup before the insert, decides.
  CONSTRAINT reviews_user_movie_key UNIQUE (user_id, movie_id)
);
-- Lists are newest first (id breaks ties); by user the unique index's leading column serves.
CREATE INDEX reviews_created_idx ON reviews (created_at DESC, id DESC);
CREATE INDEX reviews_movie_created_idx ON reviews (movie_id, created_at DESC, id DESC);

-- One summary row per movie, changed in the transaction of every review insert, update and
-- delete, so the stats never need a scan and never drift from the reviews.
CREATE TABLE review_stats (
  movie_id uuid PRIMARY KEY REFERENCES movies (movie_id),
  count int NOT NULL DEFAULT 0 CHECK (count >= 0),
  sum int NOT NULL DEFAULT 0 CHECK (sum >= 0),
  rating_1 int NOT NULL DEFAULT 0 CHECK (rating_1 >= 0),
  rating_2 int NOT NULL DEFAULT 0 CHECK (rating_2 >= 0),
  rating_3 int NOT NULL DEFAULT 0 CHECK (rating_3 >= 0),
  rating_4 int NOT NULL DEFAULT 0 CHECK (rating_4 >= 0),
  rating_5 int NOT NULL DEFAULT 0 CHECK (rating_5 >= 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT review_stats_count_matches CHECK (count = rating_1 + rating_2 + rating_3 + rating_4 + rating_5),
  CONSTRAINT review_stats_sum_matches CHECK (sum = rating_1 + 2 * rating_2 + 3 * rating_3 + 4 * rating_4 + 5 * rating_5)
);
