import type { Bounds, Slice } from '@marquee/contracts';
import type { Queryable } from './transaction';

export interface PagedQuery {
  /**
   * A complete SELECT without ORDER BY, LIMIT or OFFSET (`SELECT m.* FROM movies m WHERE …`).
   * Its output columns are what `orderBy` and the rows see.
   */
  sql: string;
  params?: readonly unknown[];
  /** ORDER BY over the query's output columns (`created_at DESC, id`); make it total, ties broken by a key. */
  orderBy: string;
}

const TOTAL = '__paged_total';

/**
 * One page of a query plus the number of rows it has in all, in one statement (a window count).
 * A page past the end has no row to carry the count, so then, and only then, the total is
 * counted separately. Rows come back without the count column.
 */
export async function pagedQuery<Row extends object>(db: Queryable, query: PagedQuery, bounds: Bounds): Promise<Slice<Row>> {
  const params = [...(query.params ?? [])];
  const limitAt = params.length + 1;
  const { rows } = await db.query<Row & { [TOTAL]: number }>(
    `SELECT q.*, count(*) OVER ()::int AS ${TOTAL} FROM (${query.sql}) q ORDER BY ${query.orderBy} LIMIT $${limitAt} OFFSET $${limitAt + 1}`,
    [...params, bounds.limit, bounds.offset],
  );
  const first = rows[0];
  if (first) {
    const total = first[TOTAL];
    return { items: rows.map(({ [TOTAL]: _total, ...row }) => row as unknown as Row), total };
  }
  if (bounds.offset === 0) return { items: [], total: 0 };
  const counted = await db.query<{ total: number }>(`SELECT count(*)::int AS total FROM (${query.sql}) q`, params);
  return { items: [], total: counted.rows[0]?.total ?? 0 };
}
