import { Client } from 'pg';
import { createTestDatabase } from './database';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  it('builds the template once and gives every caller its own copy of it', async () => {
    let prepared = 0;
    const options = {
      label: `testing_${process.pid}`,
      prepare: async (url: string) => {
        prepared += 1;
        await query(url, 'CREATE TABLE widgets (id int PRIMARY KEY)');
      },
    };
    const [a, b] = await Promise.all([createTestDatabase(options), createTestDatabase(options)]);
    try {
      expect(prepared).toBe(1);
      expect(a.name).not.toBe(b.name);
      await query(a.url, 'INSERT INTO widgets VALUES (1)');
      expect(await query(b.url, 'SELECT * FROM widgets')).toEqual([]);
      expect(await query(a.url, 'SELECT * FROM widgets')).toEqual([{ id: 1 }]);
    } finally {
      await a.drop();
      await b.drop();
      // the template is per schema hash; remove this test's own
      const server = a.url.replace(/\/[^/]+$/, '/postgres');
      const templates = await query<{ datname: string }>(server, `SELECT datname FROM pg_database WHERE datname LIKE 'tpl_testing_${process.pid}_%'`);
      for (const { datname } of templates) await query(server, `DROP DATABASE "${datname}"`);
    }
  });
});
