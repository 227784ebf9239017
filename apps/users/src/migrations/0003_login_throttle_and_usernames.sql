-- Usernames are unique, and found at sign-in, whatever their case (as e-mails already are), so
-- `Demo_User` cannot stand beside `demo_user`. Where a database already holds such twins, the oldest
-- keeps its name and the later ones get their id's tail appended (they still sign in by e-mail).
UPDATE users u
   SET username = u.username || '-' || right(replace(u.id::text, '-', ''), 8), updated_at = now()
  FROM (SELECT id, row_number() OVER (PARTITION BY lower(username) ORDER BY created_at, id) AS n
          FROM users WHERE username IS NOT NULL) twins
 WHERE u.id = twins.id AND twins.n > 1;
DROP INDEX users_username_key;
CREATE UNIQUE INDEX users_username_key ON users (lower(username));

-- Failed sign-ins are also counted per e-mail or username as typed, case-folded (lower(), the same
-- function the lookup uses), known account or not: rotating addresses does not multiply guesses.
-- `ip` now holds the address key (canonical IPv4, or an IPv6 /64).
ALTER TABLE login_attempts ADD COLUMN login_key text;
CREATE INDEX login_attempts_login_idx ON login_attempts (login_key, attempted_at) WHERE NOT success;
