CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL,
  username text,
  name text NOT NULL DEFAULT '',
  first_name text,
  last_name text,
  city text,
  country text,
  phone_number text,
  genres text[] NOT NULL DEFAULT '{}',
  role text NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'organizer', 'admin')),
  maturity_filter text NOT NULL DEFAULT 'all' CHECK (maturity_filter IN ('all', 'teen', 'adult')),
  preferred_language text,
  password_hash text NOT NULL,
  password_changed_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- E-mails are case-insensitive: the constraint, not a lookup before the insert, decides.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE UNIQUE INDEX users_username_key ON users (username);

CREATE TABLE login_sessions (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  ip text,
  platform text NOT NULL DEFAULT 'web' CHECK (platform IN ('web', 'mobile-app')),
  device_name text,
  started_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  ended_at timestamptz,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'terminated', 'expired')),
  end_reason text
);
CREATE INDEX login_sessions_user_idx ON login_sessions (user_id) WHERE status = 'active';

-- Refresh tokens are opaque and stored as SHA-256 hashes; the family is the session.
CREATE TABLE refresh_tokens (
  token_hash text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES login_sessions (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE password_resets (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  otp_hash text NOT NULL,
  ip text,
  attempts int NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  verified_at timestamptz,
  completed_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX password_resets_pending_idx ON password_resets (user_id) WHERE completed_at IS NULL AND revoked_at IS NULL;

CREATE TABLE login_attempts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  ip text NOT NULL,
  user_id uuid,
  success boolean NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, attempted_at) WHERE NOT success;

CREATE TABLE ip_blacklist (
  ip text PRIMARY KEY,
  failed_count int NOT NULL,
  window_started_at timestamptz NOT NULL,
  blocked_at timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz NOT NULL
);
