import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery, type Queryable } from '@marquee/postgres';
import type { Movie } from '../movie/movie';
import { MOVIE_COLUMNS, TODAY_SQL, toMovie, type MovieRow } from '../movie/movie-row';
import type { RecommendationInput, RecommendationStore, ScoredMovie } from './recommendations.store';
import { RECOMMENDATION, ratingPull } from './scoring';

// The scoring is one statement so it runs where the data is and scales with an index-friendly
// plan rather than with round trips. Weights come from RECOMMENDATION (see scoring.ts).
//   $1 user  $2 my genres  $3 hidden certifications
//   $4 favourite  $5..$8 pull of 5, 4, 2 and 1 stars  $9 per view  $10 views counted at most
//   $11 per shared genre with a film I reacted to  $12 per shared cast member  $13 per chosen genre
//   $14 popularity (in the final score)
const SCORED_CTE = `
signals AS (
  -- What I did with each film, as one signed weight.
  SELECT movie_id, sum(weight) AS weight, bool_or(liked) AS liked
  FROM (
    SELECT movie_id, $4::float8 AS weight, true AS liked FROM favourites WHERE user_id = $1
    UNION ALL
    SELECT movie_id,
           CASE rating WHEN 5 THEN $5::float8 WHEN 4 THEN $6::float8 WHEN 2 THEN $7::float8 WHEN 1 THEN $8::float8 ELSE 0 END,
           rating >= 4
    FROM ratings WHERE user_id = $1 AND NOT deleted
    UNION ALL
    SELECT movie_id, $9::float8 * least(view_count, $10::int), false FROM views WHERE user_id = $1
  ) AS reactions
  GROUP BY movie_id
),
seeds AS (
  SELECT s.movie_id, s.weight, s.liked, m.title, m.genres, m.cast_names
  FROM signals s JOIN movies m ON m.id = s.movie_id AND m.deleted_at IS NULL
  WHERE s.weight <> 0
),
candidates AS (
  -- Released, allowed by my maturity filter, and neither rated nor favourited by me.
  SELECT m.id, m.genres, m.cast_names, m.popularity
  FROM movies m
  WHERE m.deleted_at IS NULL
    AND (m.release_date IS NULL OR m.release_date <= ${TODAY_SQL})
    AND (m.certification IS NULL OR NOT (m.certification = ANY ($3::text[])))
    AND NOT EXISTS (SELECT 1 FROM favourites f WHERE f.user_id = $1 AND f.movie_id = m.id)
    AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.user_id = $1 AND r.movie_id = m.id AND NOT r.deleted)
),
pulls AS (
  -- How much each film I reacted to pulls a candidate up (or, disliked, pushes it down).
  SELECT c.id, sd.title, sd.liked,
         sd.weight * ($11::float8 * shared_count(c.genres, sd.genres) + $12::float8 * shared_count(c.cast_names, sd.cast_names)) AS pull
  FROM candidates c
  JOIN seeds sd ON sd.movie_id <> c.id AND (c.genres && sd.genres OR c.cast_names && sd.cast_names)
),
seed_scores AS (
  SELECT id, sum(pull) AS pull, max(pull) AS top_pull,
         (array_agg(title ORDER BY pull DESC))[1] AS top_title,
         (array_agg(liked ORDER BY pull DESC))[1] AS top_liked
  FROM pulls GROUP BY id
),
scored AS (
  SELECT c.id,
         $13::float8 * shared_count(c.genres, $2::text[]) AS genre_score,
         coalesce(ss.pull, 0) AS seed_score,
         ln(1 + c.popularity) / ln(2 + max(c.popularity) OVER ()) AS popularity_score,
         ss.top_title, ss.top_liked, ss.top_pull,
         (SELECT g FROM unnest(c.genres) AS g WHERE g = ANY ($2::text[]) LIMIT 1) AS top_genre
  FROM candidates c LEFT JOIN seed_scores ss ON ss.id = c.id
)`;

interface ScoredRow extends MovieRow {
  score: number;
  genre_score: number;
  top_title: string | null;
  top_liked: boolean | null;
  top_pull: number | null;
  top_genre: string | null;
}

export class RecommendationsRepository implements RecommendationStore {
  async recommend(db: Queryable, input: RecommendationInput, bounds: Bounds): Promise<Slice<ScoredMovie>> {
    const w = RECOMMENDATION;
    const params = [
      input.userId,
      input.genres,
      input.hiddenCertifications,
      w.favourite,
      ratingPull(5),
      ratingPull(4),
      ratingPull(2),
      ratingPull(1),
      w.view,
      w.maxViewsCounted,
      w.sharedGenre,
      w.sharedCast,
      w.genre,
      w.popularity,
    ];
    const { items, total } = await pagedQuery<ScoredRow>(
      db,
      {
        sql: `WITH ${SCORED_CTE}
              SELECT ${MOVIE_COLUMNS},
                     s.genre_score + s.seed_score + $14::float8 * s.popularity_score AS score,
                     s.genre_score, s.top_title, s.top_liked, s.top_pull, s.top_genre
              FROM scored s JOIN movies m ON m.id = s.id`,
        params,
        orderBy: 'score DESC, popularity DESC, id',
      },
      bounds,
    );
    return {
      total,
      items: items.map((row) => ({
        movie: toMovie(row),
        score: Math.round(row.score * 1000) / 1000,
        parts: {
          genreScore: row.genre_score,
          topGenre: row.top_genre,
          topSeed: row.top_title === null ? null : { title: row.top_title, pull: row.top_pull ?? 0, liked: row.top_liked ?? false },
        },
      })),
    };
  }

  async similar(db: Queryable, movieId: string, limit: number): Promise<Movie[]> {
    const { rows } = await db.query<MovieRow>(
      `SELECT ${MOVIE_COLUMNS}
       FROM movies m, (SELECT kind, genres, cast_names FROM movies WHERE id = $1) AS source
       WHERE m.deleted_at IS NULL AND m.id <> $1 AND m.kind = source.kind
         AND (m.genres && source.genres OR m.cast_names && source.cast_names)
       ORDER BY $2::float8 * shared_count(m.genres, source.genres) + $3::float8 * shared_count(m.cast_names, source.cast_names) DESC,
                m.popularity DESC, m.id
       LIMIT $4`,
      [movieId, RECOMMENDATION.sharedGenre, RECOMMENDATION.sharedCast, limit],
    );
    return rows.map(toMovie);
  }
}
