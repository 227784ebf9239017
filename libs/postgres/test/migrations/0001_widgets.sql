-- A stand-in for a service's own schema, used by the integration tests.
CREATE TABLE widgets (
  id   serial PRIMARY KEY,
  name text NOT NULL UNIQUE,
  size integer NOT NULL CHECK (size > 0)
);
