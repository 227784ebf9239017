import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `page` (from 1) and `limit` (default 20, at most 100) from a query string. */
export const paginationQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export type PaginationQuery = z.infer<typeof paginationQuerySchema>;

/** `{ items, page, limit, total, total_pages }` for a list of `item`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    page: z.number().int().min(1),
    limit: z.number().int().min(1),
    total: z.number().int().min(0),
    total_pages: z.number().int().min(0),
  });
}

export interface Page<T> {
  items: T[];
  page: number;
  limit: number;
  total: number;
  total_pages: number;
}

export function toPage<T>(items: T[], total: number, query: PaginationQuery): Page<T> {
  return { items, page: query.page, limit: query.limit, total, total_pages: Math.ceil(total / query.limit) };
}

/** Which rows a page is: SQL `LIMIT`/`OFFSET`. */
export interface Bounds {
  limit: number;
  offset: number;
}

/** The rows of one page and how many rows there are in all. */
export interface Slice<T> {
  items: T[];
  total: number;
}

/** SQL `LIMIT`/`OFFSET` for a page. */
export function pageBounds(query: PaginationQuery): Bounds {
  return { limit: query.limit, offset: (query.page - 1) * query.limit };
}

/** A slice of rows as the page a client asked for. */
export function sliceToPage<T>(slice: Slice<T>, query: PaginationQuery): Page<T> {
  return toPage(slice.items, slice.total, query);
}
