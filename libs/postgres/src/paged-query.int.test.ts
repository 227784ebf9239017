import { Cleanup, createMigratedDatabase, logger } from '../test/helpers';
import { createPool, pagedQuery } from './index';

const cleanup = new Cleanup();
let pool: ReturnType<typeof createPool>;

beforeAll(async () => {
  const db = cleanup.add(await createMigratedDatabase(), (d) => d.drop());
  pool = cleanup.pool(createPool({ url: db.url, max: 2, logger }));
  await pool.query("INSERT INTO widgets (name, size) SELECT 'w' || lpad(n::text, 2, '0'), n % 3 + 1 FROM generate_series(1, 25) n");
});
afterAll(() => cleanup.run());

const query = { sql: 'SELECT name, size FROM widgets WHERE size >= $1', params: [1], orderBy: 'name DESC' };

describe('pagedQuery', () => {
  it('when a page is inside the rows, then its rows in order and the total come from one statement', async () => {
    const slice = await pagedQuery<{ name: string; size: number }>(pool, query, { limit: 10, offset: 10 });
    expect(slice.total).toBe(25);
    expect(slice.items.map((r) => r.name)).toEqual(['w15', 'w14', 'w13', 'w12', 'w11', 'w10', 'w09', 'w08', 'w07', 'w06']);
    expect(Object.keys(slice.items[0] ?? {})).toEqual(['name', 'size']);
  });

  it('when the page is past the end, then no rows and still the total', async () => {
    expect(await pagedQuery(pool, query, { limit: 10, offset: 40 })).toEqual({ items: [], total: 25 });
  });

  it('when nothing matches, then no rows and total 0; parameters bind after the query’s own', async () => {
    expect(await pagedQuery(pool, { ...query, params: [99] }, { limit: 10, offset: 0 })).toEqual({ items: [], total: 0 });
    const last = await pagedQuery<{ name: string }>(pool, { ...query, params: [3] }, { limit: 3, offset: 6 });
    expect(last).toEqual({ items: [{ name: 'w05', size: 3 }, { name: 'w02', size: 3 }], total: 8 });
  });
});
