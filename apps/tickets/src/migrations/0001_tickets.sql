-- The tickets service's own tables (its database is marquee_tickets).

-- Read model of showtimes from showtime.* events (or, on a miss, the showtimes service over HTTP):
-- newer facts win (upsertNewerFact). Price and layout decide what a reservation may hold and costs.
CREATE TABLE showtimes (
  showtime_id   uuid PRIMARY KEY,
  movie_id      uuid NOT NULL,
  movie_title   text NOT NULL,
  theater_id    uuid NOT NULL,
  theater_name  text NOT NULL,
  start_time    timestamptz NOT NULL,
  price         numeric(10,2) NOT NULL CHECK (price >= 0),
  currency      text NOT NULL DEFAULT 'USD',
  seat_rows     text[] NOT NULL,
  seats_per_row integer NOT NULL CHECK (seats_per_row > 0),
  status        text NOT NULL CHECK (status IN ('scheduled', 'cancelled')),
  fact_time     timestamptz NOT NULL
);

CREATE TABLE tickets (
  id            uuid PRIMARY KEY,
  user_id       uuid NOT NULL,
  showtime_id   uuid NOT NULL REFERENCES showtimes (showtime_id),
  seats         text[] NOT NULL CHECK (cardinality(seats) BETWEEN 1 AND 10),
  amount        numeric(10,2) NOT NULL CHECK (amount >= 0),
  currency      text NOT NULL DEFAULT 'USD',
  status        text NOT NULL CHECK (status IN ('reserved', 'confirmed', 'cancelled', 'expired', 'refunded')),
  expires_at    timestamptz NOT NULL,
  payment_id    uuid,
  cancel_reason text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_user_created_idx ON tickets (user_id, created_at DESC, id);
CREATE INDEX tickets_showtime_idx ON tickets (showtime_id);
-- The sweeper's work list: only unpaid holds.
CREATE INDEX tickets_hold_expiry_idx ON tickets (expires_at) WHERE status = 'reserved';

-- One row per seat of a ticket. The last word on a double sale: at most one ACTIVE row per seat of
-- a showtime (released seats stay as history with active = false).
CREATE TABLE ticket_seats (
  ticket_id   uuid NOT NULL REFERENCES tickets (id),
  showtime_id uuid NOT NULL,
  seat        text NOT NULL,
  active      boolean NOT NULL DEFAULT true,
  PRIMARY KEY (ticket_id, seat)
);
CREATE UNIQUE INDEX ticket_seats_active_key ON ticket_seats (showtime_id, seat) WHERE active;
