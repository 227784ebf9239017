import { randomUUID } from 'node:crypto';
import { createPool, withTransaction } from '@marquee/postgres';
import { createMigratedTestDatabase, type TestDatabase } from '@marquee/testing';
import { IdempotencyStore } from './idempotency';

describe('IdempotencyStore', () => {
  let db: TestDatabase;
  let pool: ReturnType<typeof createPool>;
  const store = new IdempotencyStore();
  beforeAll(async () => {
    db = await createMigratedTestDatabase('svc_idem');
    pool = createPool({ url: db.url, max: 6 });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  /** One request: claims the key, "does the work" (counted), stores the answer, in one transaction. */
  async function request(scope: { userId: string; key: string; request: unknown }, work: { count: number }, fail = false) {
    return withTransaction(pool, async (client) => {
      const claim = await store.claim<{ n: number }>(client, scope);
      if (claim.replay) return { replayed: true, body: claim.answer.body };
      work.count += 1;
      await new Promise((r) => setTimeout(r, 50));
      if (fail) throw new Error('the effect failed');
      const body = { n: work.count };
      await store.complete(client, scope, { status: 201, body });
      return { replayed: false, body };
    });
  }

  it('when the same key and request come 10 times at once, then the work runs once and every answer is the first', async () => {
    const work = { count: 0 };
    const scope = { userId: randomUUID(), key: 'k1', request: { seats: ['A1'] } };
    const answers = await Promise.all(Array.from({ length: 10 }, () => request(scope, work)));
    expect(work.count).toBe(1);
    expect(answers.filter((a) => !a.replayed)).toHaveLength(1);
    expect(new Set(answers.map((a) => JSON.stringify(a.body)))).toEqual(new Set([JSON.stringify({ n: 1 })]));
  });

  it('when the same key comes with another request, then 409 IDEMPOTENCY_KEY_REUSED; another user may use the same key', async () => {
    const work = { count: 0 };
    const userId = randomUUID();
    await request({ userId, key: 'k2', request: { seats: ['A1'] } }, work);
    await expect(request({ userId, key: 'k2', request: { seats: ['A2'] } }, work)).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', status: 409 });
    expect((await request({ userId: randomUUID(), key: 'k2', request: { seats: ['A2'] } }, work)).replayed).toBe(false);
  });

  it('when the first request fails, then it leaves no key and a retry runs for real', async () => {
    const work = { count: 0 };
    const scope = { userId: randomUUID(), key: 'k3', request: {} };
    await expect(request(scope, work, true)).rejects.toThrow('the effect failed');
    expect(await request(scope, work)).toEqual({ replayed: false, body: { n: 2 } });
  });

  it('when the key is empty, too long or holds NUL, then 400 naming the header', async () => {
    for (const key of ['', 'x'.repeat(256), 'a\u0000b']) {
      await expect(request({ userId: randomUUID(), key, request: {} }, { count: 0 })).rejects.toMatchObject({ status: 400 });
    }
  });
});
