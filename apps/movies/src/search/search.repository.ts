import type { Bounds, Slice } from '@marquee/contracts';
import { pagedQuery, type Queryable } from '@marquee/postgres';
import type { Movie } from '../movie/movie';
import { MOVIE_COLUMNS, movieConditions, toMovie, type MovieRow } from '../movie/movie-row';
import type { SearchTerms } from './search-terms';
import type { MovieFilter, MovieSort, SearchStore } from './search.store';

// Over the columns of MOVIE_COLUMNS (pagedQuery orders the query's output, not `m`).
const SORTS: Record<MovieSort, string> = {
  popularity: 'popularity DESC',
  rating: 'CASE WHEN rating_count = 0 THEN 0 ELSE rating_sum::float8 / rating_count END DESC, rating_count DESC',
  // Without a release date, the year stands in for it (1 January).
  release_date: 'coalesce(release_date::date, make_date(year, 1, 1)) DESC NULLS LAST',
  title: 'lower(title) ASC',
};

/** The catalogue's list and its search: filters, text, sort, page and total. */
export class SearchRepository implements SearchStore {
  async find(db: Queryable, filter: MovieFilter, bounds: Bounds): Promise<Slice<Movie>> {
    const { items, total } = filter.terms ? await this.search(db, filter.terms, filter, bounds) : await this.browse(db, filter, bounds);
    return { items: items.map(toMovie), total };
  }

  /** The catalogue without a search text. */
  private browse(db: Queryable, filter: MovieFilter, bounds: Bounds): Promise<Slice<MovieRow>> {
    const params: unknown[] = [];
    const where = ['m.deleted_at IS NULL', ...movieConditions(filter, params)].join(' AND ');
    return pagedQuery<MovieRow>(db, { sql: `SELECT ${MOVIE_COLUMNS} FROM movies m WHERE ${where}`, params, orderBy: `${SORTS[filter.sort ?? 'popularity']}, id` }, bounds);
  }

  /**
   * Search in two steps, in one statement. First what indexes answer cheaply: full text (title A,
   * genres B, cast C; whole words and word prefixes such as "incep", GIN on `search_vector`) or a
   * title starting with the text (btree `text_pattern_ops`). Only when that finds nothing, the
   * trigram comparison of every title with the text, for typos ("godfater").
   */
  private search(db: Queryable, terms: SearchTerms, filter: MovieFilter, bounds: Bounds): Promise<Slice<MovieRow>> {
    // $1 text, $2 prefix tsquery, $3 title LIKE pattern, then the filters.
    const params: unknown[] = [terms.text, terms.prefixQuery, terms.titlePrefix];
    const filters = movieConditions(filter, params).map((condition) => ` AND ${condition}`).join('');
    const relevance = !filter.sort;
    // A tsquery of stop words only ("the") matches nothing, and building it makes PostgreSQL send a
    // NOTICE; to_tsvector of the same text has no lexeme exactly then and is silent, so it guards
    // each tsquery (NULL: that arm is skipped). With the text known at planning, the CASE folds.
    const sql = `WITH terms AS (
        SELECT CASE WHEN length(to_tsvector('english', $1::text)) > 0 THEN websearch_to_tsquery('english', $1::text) END AS words,
               CASE WHEN length(to_tsvector('english', $2::text)) > 0 THEN to_tsquery('english', $2::text) END AS prefixes
      ),
      cheap AS (
        SELECT m.id, ${relevance ? `coalesce(ts_rank(m.search_vector, t.words), 0) + 0.5 * coalesce(ts_rank(m.search_vector, t.prefixes), 0) + 0.5 * similarity(lower(m.title), $1::text)` : '0'} AS rank
        FROM movies m, terms t
        WHERE m.deleted_at IS NULL${filters}
          AND (m.search_vector @@ t.words OR m.search_vector @@ t.prefixes OR lower(m.title) LIKE $3::text)
      ),
      fuzzy AS (
        SELECT m.id, ${relevance ? 'similarity(lower(m.title), $1::text)' : '0'} AS rank
        FROM movies m
        WHERE NOT EXISTS (SELECT FROM cheap) AND m.deleted_at IS NULL${filters}
          AND (lower(m.title) % $1::text OR $1::text <% lower(m.title))
      ),
      found AS (SELECT id, rank FROM cheap UNION ALL SELECT id, rank FROM fuzzy)
      SELECT ${MOVIE_COLUMNS}, f.rank AS search_rank FROM found f JOIN movies m ON m.id = f.id`;
    const orderBy = relevance ? `(lower(title) = $1::text) DESC, search_rank DESC, ${SORTS.popularity}, id` : `${SORTS[filter.sort ?? 'popularity']}, id`;
    return pagedQuery<MovieRow>(db, { sql, params, orderBy }, bounds);
  }
}
