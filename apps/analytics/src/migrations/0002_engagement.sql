-- Favourites and views, from the movies service's favourite.added, favourite.removed and
-- movie.viewed events (ADR 0009). Derived like every table but domain_events: the replay
-- truncates and rebuilds them.

-- Facts: one row per user and movie a favourite event named, with how many favourite.added and
-- favourite.removed were seen. The movies service announces only real changes, so a pair's events
-- alternate added, removed, added, … from an added: it is a favourite while added > removed.
-- Counts commute, so the order of arrival does not matter.
CREATE TABLE favourite_facts (
  user_id  uuid NOT NULL,
  movie_id uuid NOT NULL,
  added    int NOT NULL DEFAULT 0 CHECK (added >= 0),
  removed  int NOT NULL DEFAULT 0 CHECK (removed >= 0),
  PRIMARY KEY (user_id, movie_id)
);

-- Aggregates per movie: every movie.viewed, and the users whose favourite it is now.
CREATE TABLE movie_engagement (
  movie_id   uuid PRIMARY KEY,
  views      int NOT NULL DEFAULT 0 CHECK (views >= 0),
  favourites int NOT NULL DEFAULT 0 CHECK (favourites >= 0)
);

-- How many movies are the user's favourites now.
ALTER TABLE user_stats ADD COLUMN favourites int NOT NULL DEFAULT 0 CHECK (favourites >= 0);
