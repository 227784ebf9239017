-- The showtimes service's own tables (its database is marquee_showtimes).

-- btree_gist lets one exclusion constraint mix equality (the theater) with range overlap.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE theaters (
  id            uuid PRIMARY KEY,
  name          text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
  -- Row labels in order ("A", "B", …); seats are numbered from 1 in every row: A1 … A<seats_per_row>.
  rows          text[] NOT NULL CHECK (cardinality(rows) BETWEEN 1 AND 52),
  seats_per_row int NOT NULL CHECK (seats_per_row BETWEEN 1 AND 100),
  -- IANA name; the `date` filter of the showtime list is judged in it.
  timezone      text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT theaters_name_key UNIQUE (name)
);

-- Read model of movies from movie.created|updated|deleted (and the backfill over HTTP): newer facts win.
CREATE TABLE movies (
  movie_id    uuid PRIMARY KEY,
  title       text NOT NULL,
  runtime     int,
  is_series   boolean NOT NULL DEFAULT false,
  deleted     boolean NOT NULL DEFAULT false,
  -- The time of the fact that last changed the row (the event's `time`, or when movies was asked).
  updated_at  timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);

-- One row once the backfill from the movies service has gone through every page: until then each
-- start (and the movies-backfill job) tries again, even if events have meanwhile added movies.
CREATE TABLE movie_backfill (
  singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  movies       int NOT NULL,
  completed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE showtimes (
  id            uuid PRIMARY KEY,
  movie_id      uuid NOT NULL REFERENCES movies (movie_id),
  theater_id    uuid NOT NULL REFERENCES theaters (id),
  start_time    timestamptz NOT NULL,
  -- When the film ends (start + runtime).
  end_time      timestamptz NOT NULL,
  -- When the theater is free again (end + cleaning time): the span no other showtime may touch.
  busy_until    timestamptz NOT NULL,
  price         numeric(10,2) NOT NULL CHECK (price >= 0),
  currency      char(3) NOT NULL DEFAULT 'USD',
  status        text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled')),
  cancel_reason text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (end_time > start_time AND busy_until >= end_time),
  -- The one guard against double-booked theaters, race-proof: two scheduled showtimes of one
  -- theater never share an instant of [start, busy_until). A cancelled one frees its slot.
  CONSTRAINT showtimes_no_overlap EXCLUDE USING gist (theater_id WITH =, tstzrange(start_time, busy_until, '[)') WITH &&)
    WHERE (status = 'scheduled')
);
CREATE INDEX showtimes_start_idx ON showtimes (start_time, id);
CREATE INDEX showtimes_movie_start_idx ON showtimes (movie_id, start_time);

-- Seat map projection from ticket.* events: one row per ticket, the newest fact wins.
CREATE TABLE ticket_seats (
  ticket_id   uuid PRIMARY KEY,
  showtime_id uuid NOT NULL,
  seats       text[] NOT NULL,
  state       text NOT NULL CHECK (state IN ('held', 'sold', 'released')),
  fact_time   timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_seats_showtime_idx ON ticket_seats (showtime_id) WHERE state <> 'released';
