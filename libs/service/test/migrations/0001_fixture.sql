CREATE TABLE movies (
  id uuid PRIMARY KEY,
  title text NOT NULL
);

CREATE TABLE seen_movies (
  movie_id uuid PRIMARY KEY,
  title text NOT NULL,
  times_applied int NOT NULL DEFAULT 1
);
