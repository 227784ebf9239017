-- The analytics service's own tables (its database is marquee_analytics). ADR 0009.
--
-- Three kinds of table:
--   * domain_events: every domain event once, as received (append-only, keyed by the event id);
--   * facts: what the events say about one thing (a ticket, a review, a showtime, …), merged so
--     that any order of arrival ends in the same row;
--   * aggregates: the counters the reports read, moved in the consumer's transaction by the
--     difference between a thing's contribution before and after the event.
-- Everything but domain_events is derived: `npm run analytics:replay` truncates it and rebuilds it
-- from domain_events.

-- ---------------------------------------------------------------------------------------------
-- The log

CREATE TABLE domain_events (
  id             uuid PRIMARY KEY,
  type           text NOT NULL,
  source         text NOT NULL,
  time           timestamptz NOT NULL,
  correlation_id text,
  -- The event's data as checked against its contract (user.password_reset_requested without its otp_code).
  data           jsonb NOT NULL,
  -- 'bus' (consumed from RabbitMQ) or 'api' (POST /api/analytics/events, by recorded_by).
  via            text NOT NULL CHECK (via IN ('bus', 'api')),
  recorded_by    uuid,
  recorded_at    timestamptz NOT NULL DEFAULT now()
);
-- The replay reads the log in event-time order.
CREATE INDEX domain_events_time_idx ON domain_events (time, id);

-- Append-only: a stored event is never changed or removed row by row.
CREATE FUNCTION domain_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'domain_events is append-only (% refused)', TG_OP;
END
$$;
CREATE TRIGGER domain_events_append_only BEFORE UPDATE OR DELETE ON domain_events
  FOR EACH ROW EXECUTE FUNCTION domain_events_append_only();

-- ---------------------------------------------------------------------------------------------
-- Facts. `fact_time`/`fact_event` name the event that last set a row: the newest one wins, ties
-- broken by the event id, so the result does not depend on the order of arrival.

-- Movie titles: from movie.* (rank 1) or, until one arrives, from ticket events (rank 0).
CREATE TABLE movies (
  movie_id   uuid PRIMARY KEY,
  title      text,
  deleted    boolean NOT NULL DEFAULT false,
  fact_rank  smallint NOT NULL DEFAULT -1,
  fact_time  timestamptz,
  fact_event uuid
);

-- One row per ticket: its snapshot (from any ticket.* event), whether and when it was confirmed,
-- and whether a confirmed sale was reversed. Every change to a ticket locks this row first.
CREATE TABLE ticket_facts (
  ticket_id            uuid PRIMARY KEY,
  user_id              uuid,
  showtime_id          uuid,
  movie_id             uuid,
  seats                int CHECK (seats > 0),
  amount               numeric(14,2) CHECK (amount >= 0),
  currency             char(3),
  -- The earliest ticket.confirmed (ties: lowest event id) and the payment it names.
  confirmed_at         timestamptz,
  confirmed_event      uuid,
  confirmed_payment_id uuid,
  -- ticket.cancelled with previous_status 'confirmed' (seats released, sale reversed).
  reversed             boolean NOT NULL DEFAULT false
);

-- Refunds per payment: the largest total_refunded seen (it only grows) and whether one was full.
CREATE TABLE payment_refunds (
  payment_id     uuid PRIMARY KEY,
  ticket_id      uuid NOT NULL,
  total_refunded numeric(14,2) NOT NULL CHECK (total_refunded >= 0),
  full_refund    boolean NOT NULL
);

CREATE TABLE review_facts (
  review_id  uuid PRIMARY KEY,
  movie_id   uuid,
  user_id    uuid,
  rating     smallint CHECK (rating BETWEEN 1 AND 5),
  deleted    boolean NOT NULL DEFAULT false,
  fact_time  timestamptz,
  fact_event uuid
);

-- One row per redemption, so a redemption announced twice counts once.
CREATE TABLE redemptions (
  redemption_id uuid PRIMARY KEY,
  user_id       uuid NOT NULL
);

-- ---------------------------------------------------------------------------------------------
-- Aggregates

-- Sales by the day of confirmation in ANALYTICS_TIMEZONE, per movie and currency. A refund or a
-- reversal moves the figures of the day the ticket was sold.
CREATE TABLE daily_sales (
  day              date NOT NULL,
  movie_id         uuid NOT NULL,
  currency         char(3) NOT NULL,
  -- Confirmed tickets (orders) and their seats, net of reversals.
  tickets          int NOT NULL DEFAULT 0 CHECK (tickets >= 0),
  seats            int NOT NULL DEFAULT 0 CHECK (seats >= 0),
  tickets_refunded int NOT NULL DEFAULT 0 CHECK (tickets_refunded >= 0),
  gross            numeric(14,2) NOT NULL DEFAULT 0 CHECK (gross >= 0),
  refunded         numeric(14,2) NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= gross),
  PRIMARY KEY (day, movie_id, currency)
);
CREATE INDEX daily_sales_movie_idx ON daily_sales (movie_id, day);

-- One row per showtime: its facts (from showtime.*) and the seats sold for it (from tickets).
-- Occupancy = seats_sold / capacity, over scheduled showtimes whose capacity is known.
CREATE TABLE showtime_stats (
  showtime_id  uuid PRIMARY KEY,
  movie_id     uuid NOT NULL,
  movie_title  text,
  theater_id   uuid,
  theater_name text,
  start_time   timestamptz,
  -- The start's calendar day in ANALYTICS_TIMEZONE: the period filter of occupancy.
  start_day    date,
  capacity     int CHECK (capacity > 0),
  status       text CHECK (status IN ('scheduled', 'cancelled')),
  fact_time    timestamptz,
  fact_event   uuid,
  tickets_sold int NOT NULL DEFAULT 0 CHECK (tickets_sold >= 0),
  seats_sold   int NOT NULL DEFAULT 0 CHECK (seats_sold >= 0)
);
CREATE INDEX showtime_stats_day_idx ON showtime_stats (start_day, start_time, showtime_id);
CREATE INDEX showtime_stats_theater_idx ON showtime_stats (theater_id, start_day);
CREATE INDEX showtime_stats_movie_idx ON showtime_stats (movie_id);

CREATE TABLE movie_reviews (
  movie_id     uuid PRIMARY KEY,
  review_count int NOT NULL DEFAULT 0 CHECK (review_count >= 0),
  rating_sum   int NOT NULL DEFAULT 0 CHECK (rating_sum >= 0)
);

-- New users by the day of user.registered in ANALYTICS_TIMEZONE.
CREATE TABLE daily_users (
  day       date PRIMARY KEY,
  new_users int NOT NULL DEFAULT 0 CHECK (new_users >= 0)
);

-- One row per user any event named: profile facts, counters, and the loyalty figures.
CREATE TABLE user_stats (
  user_id          uuid PRIMARY KEY,
  name             text,
  name_time        timestamptz,
  name_event       uuid,
  -- The earliest user.registered.
  registered_at    timestamptz,
  registered_event uuid,
  purchases        int NOT NULL DEFAULT 0 CHECK (purchases >= 0),
  seats            int NOT NULL DEFAULT 0 CHECK (seats >= 0),
  tickets_refunded int NOT NULL DEFAULT 0 CHECK (tickets_refunded >= 0),
  reviews          int NOT NULL DEFAULT 0 CHECK (reviews >= 0),
  rewards_redeemed int NOT NULL DEFAULT 0 CHECK (rewards_redeemed >= 0),
  points_balance   int,
  lifetime_points  int,
  points_time      timestamptz,
  points_event     uuid,
  tier             text,
  tier_time        timestamptz,
  tier_event       uuid
);

CREATE TABLE user_spend (
  user_id  uuid NOT NULL,
  currency char(3) NOT NULL,
  gross    numeric(14,2) NOT NULL DEFAULT 0 CHECK (gross >= 0),
  refunded numeric(14,2) NOT NULL DEFAULT 0 CHECK (refunded >= 0 AND refunded <= gross),
  PRIMARY KEY (user_id, currency)
);
