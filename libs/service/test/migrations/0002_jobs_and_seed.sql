-- What the fixture's job and seed did, by which replica and when (database clock), so tests can
-- check that two replicas never ran them at the same time.
CREATE TABLE job_runs (
  replica text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL
);

CREATE TABLE seed_runs (
  replica text NOT NULL,
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL
);
