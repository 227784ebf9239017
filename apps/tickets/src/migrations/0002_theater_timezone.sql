-- The theater's IANA timezone, from showtime.* events (or the showtimes service over HTTP), so every
-- ticket.* event can carry it and the e-ticket shows the time on the theater's clock (ADR 0011).
-- NULL for showtimes heard of before it existed, until a newer fact names it: their tickets' events
-- then leave theater_timezone out and consumers use their own default zone. A fact without it
-- (an event from before) never blanks a zone already known.
ALTER TABLE showtimes ADD COLUMN theater_timezone text;
