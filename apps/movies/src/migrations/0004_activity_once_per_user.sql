-- Trending counts one user once per film (see TRENDING in domain/scoring.ts). The data keeps one
-- row per user, film and kind of activity, the latest, so repeating an action (favourite,
-- unfavourite, favourite again…) refreshes that row instead of adding weight and rows. Activity
-- without a user stays one row each.
DELETE FROM movie_activity a
USING movie_activity b
WHERE a.user_id IS NOT NULL AND a.user_id = b.user_id AND a.movie_id = b.movie_id AND a.kind = b.kind
  AND (a.occurred_at, a.id) < (b.occurred_at, b.id);

CREATE UNIQUE INDEX movie_activity_once_per_user_idx ON movie_activity (movie_id, user_id, kind) WHERE user_id IS NOT NULL;
