-- Series are catalogue entries in the same table as films (ADR 0006): one id space for clients,
-- reviews, favourites and history, one search, one set of lists; `kind` tells them apart.
ALTER TABLE movies
  ADD COLUMN kind         text NOT NULL DEFAULT 'movie' CHECK (kind IN ('movie', 'series')),
  ADD COLUMN homepage     text,
  ADD COLUMN network_logo text,
  -- A series' running time is its episodes'.
  ADD CONSTRAINT movies_series_runtime_check CHECK (kind = 'movie' OR runtime IS NULL);

-- TMDb numbers films and tv shows separately (movie 1399 and tv 1399 are different works), so a
-- TMDb id is unique per kind, not across the table.
ALTER TABLE movies DROP CONSTRAINT movies_tmdb_id_key;
ALTER TABLE movies ADD CONSTRAINT movies_kind_tmdb_id_key UNIQUE (kind, tmdb_id);

-- Series carry US TV parental guidelines instead of MPA certifications.
ALTER TABLE movies DROP CONSTRAINT movies_certification_check;
ALTER TABLE movies ADD CONSTRAINT movies_certification_check
  CHECK (certification IN ('G', 'PG', 'PG-13', 'R', 'NC-17', 'TV-Y', 'TV-Y7', 'TV-G', 'TV-PG', 'TV-14', 'TV-MA'));

-- Lists filtered by `type` walk popularity within one kind.
CREATE INDEX movies_kind_popularity_idx ON movies (kind, popularity DESC) WHERE deleted_at IS NULL;

-- A series' seasons. Ids stay stable across re-imports: rows are matched by season number.
CREATE TABLE series_seasons (
  id            uuid PRIMARY KEY,
  series_id     uuid NOT NULL REFERENCES movies (id),
  season_number integer NOT NULL CHECK (season_number BETWEEN 0 AND 10000),
  name          text NOT NULL DEFAULT '' CHECK (length(name) <= 300),
  overview      text NOT NULL DEFAULT '',
  air_date      date,
  episode_count integer NOT NULL DEFAULT 0 CHECK (episode_count BETWEEN 0 AND 100000),
  poster_url    text,
  vote_average  double precision NOT NULL DEFAULT 0 CHECK (vote_average BETWEEN 0 AND 10),
  tmdb_id       integer,
  UNIQUE (series_id, season_number)
);

CREATE TABLE series_episodes (
  id             uuid PRIMARY KEY,
  season_id      uuid NOT NULL REFERENCES series_seasons (id) ON DELETE CASCADE,
  episode_number integer NOT NULL CHECK (episode_number BETWEEN 0 AND 100000),
  name           text NOT NULL DEFAULT '' CHECK (length(name) <= 300),
  overview       text NOT NULL DEFAULT '',
  air_date       date,
  runtime        integer CHECK (runtime > 0),
  still_url      text,
  vote_average   double precision NOT NULL DEFAULT 0 CHECK (vote_average BETWEEN 0 AND 10),
  tmdb_id        integer,
  UNIQUE (season_id, episode_number)
);
