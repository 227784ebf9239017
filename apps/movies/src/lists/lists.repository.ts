import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery, type Queryable } from '@marquee/postgres';
import type { Kind, Movie } from '../movie/movie';
import { MOVIE_COLUMNS, movieConditions, TODAY_SQL, toMovie, type MovieRow } from '../movie/movie-row';
import type { RankedListStore } from './lists.store';
import { POPULAR, TRENDING } from './trending';

/**
 * Activity of the trending window, decayed and weighted, per movie (`$1` window days, `$2`
 * half-life hours). Each user counts once per movie, with their strongest activity; a row without
 * a user is its own group (see TRENDING).
 */
const RECENT_ACTIVITY_CTE = `recent AS (
  SELECT per_user.movie_id, sum(per_user.best)::float8 AS activity
  FROM (
    SELECT a.movie_id,
           max(CASE a.kind WHEN 'view' THEN ${TRENDING.weights.view} WHEN 'favourite' THEN ${TRENDING.weights.favourite} ELSE ${TRENDING.weights.review} END
               * power(0.5, extract(epoch FROM now() - a.occurred_at)::float8 / 3600 / $2::float8)) AS best
    FROM movie_activity a
    WHERE a.occurred_at > now() - make_interval(days => $1)
    GROUP BY a.movie_id, a.user_id, CASE WHEN a.user_id IS NULL THEN a.id END
  ) AS per_user
  GROUP BY per_user.movie_id
)`;

/** The three ranked lists, each a page and its total in one statement (pagedQuery). */
export class ListsRepository implements RankedListStore {
  async popular(db: Queryable, bounds: Bounds, kind?: Kind): Promise<Slice<Movie>> {
    // $1 window days, $2 half-life hours, $3 activity weight, then the kind.
    const params: unknown[] = [TRENDING.windowDays, TRENDING.halfLifeHours, POPULAR.activityWeight];
    const released = [`m.deleted_at IS NULL AND (m.release_date IS NULL OR m.release_date <= ${TODAY_SQL})`, ...movieConditions({ kind }, params)].join(' AND ');
    return moviesOf(
      await pagedQuery<MovieRow>(
        db,
        {
          sql: `WITH ${RECENT_ACTIVITY_CTE}
                SELECT ${MOVIE_COLUMNS}, ln(1 + m.popularity) + $3 * ln(1 + coalesce(r.activity, 0)) AS list_score
                FROM movies m LEFT JOIN recent r ON r.movie_id = m.id
                WHERE ${released}`,
          params,
          orderBy: 'list_score DESC, id',
        },
        bounds,
      ),
    );
  }

  async trending(db: Queryable, bounds: Bounds, kind?: Kind): Promise<Slice<Movie>> {
    // $1 window days, $2 half-life hours, $3 the kind or null for both.
    return moviesOf(
      await pagedQuery<MovieRow>(
        db,
        {
          sql: `WITH ${RECENT_ACTIVITY_CTE}
                SELECT ${MOVIE_COLUMNS}, r.activity AS list_activity
                FROM recent r JOIN movies m ON m.id = r.movie_id AND m.deleted_at IS NULL AND ($3::text IS NULL OR m.kind = $3::text)`,
          params: [TRENDING.windowDays, TRENDING.halfLifeHours, kind ?? null],
          orderBy: 'list_activity DESC, popularity DESC, id',
        },
        bounds,
      ),
    );
  }

  async comingSoon(db: Queryable, bounds: Bounds, kind?: Kind): Promise<Slice<Movie>> {
    const params: unknown[] = [];
    const upcoming = [`m.deleted_at IS NULL AND m.release_date > ${TODAY_SQL}`, ...movieConditions({ kind }, params)].join(' AND ');
    return moviesOf(
      await pagedQuery<MovieRow>(
        db,
        { sql: `SELECT ${MOVIE_COLUMNS} FROM movies m WHERE ${upcoming}`, params, orderBy: 'release_date::date, popularity DESC, id' },
        bounds,
      ),
    );
  }
}

function moviesOf({ items, total }: Slice<MovieRow>): Slice<Movie> {
  return { items: items.map(toMovie), total };
}
