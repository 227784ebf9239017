import { createPool } from '@marquee/postgres';
import { createTestDatabase, waitUntil, type TestDatabase } from '@marquee/testing';
import type pg from 'pg';
import { upsertNewerFact } from './read-model';

// Three read models in the shapes the services keep: reviews' known movies (a deletion wins at the
// same instant, `updated_at`, `received_at` touched), movies' user preferences (`event_time`, the
// later arrival wins a tie) and a default one (`fact_time`, composite key).
const SCHEMA = `
  CREATE TABLE known_movies (
    movie_id uuid PRIMARY KEY,
    title text NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE user_preferences (
    id uuid PRIMARY KEY,
    genres text[] NOT NULL DEFAULT '{}',
    event_time timestamptz NOT NULL
  );
  CREATE TABLE seat_counts (
    showtime_id text NOT NULL,
    tier text NOT NULL,
    seats integer NOT NULL,
    fact_time timestamptz NOT NULL,
    PRIMARY KEY (showtime_id, tier)
  );
`;

const MOVIE = '6c1f8a52-1d4e-4d53-9a55-0b8c2b0e7f11';
const USER = '0b6f3d5e-2c1a-4e8b-8f4d-1a2b3c4d5e6f';
const at = (second: number) => new Date(Date.UTC(2030, 0, 1, 12, 0, second));

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase({ label: 'read_model', prepare: async () => undefined });
  pool = createPool({ url: db.url, max: 12 });
  await pool.query(SCHEMA);
});
afterAll(async () => {
  await pool?.end();
  await db?.drop();
});
beforeEach(() => pool.query('TRUNCATE known_movies, user_preferences, seat_counts'));

const seats = (showtime: string, tier: string, count: number, time: Date) =>
  upsertNewerFact(pool, 'seat_counts', { showtime_id: showtime, tier }, { seats: count }, time);
const storedSeats = async (showtime: string, tier: string) =>
  (await pool.query('SELECT seats, fact_time FROM seat_counts WHERE showtime_id = $1 AND tier = $2', [showtime, tier])).rows[0];

const movie = (db: pg.Pool | pg.PoolClient, title: string, deleted: boolean, time: Date) =>
  upsertNewerFact(db, 'known_movies', { movie_id: MOVIE }, { title, deleted }, time, {
    timeColumn: 'updated_at',
    sameInstant: { prefer: 'deleted' },
    touch: ['received_at'],
  });
const storedMovie = async () => (await pool.query('SELECT title, deleted, updated_at FROM known_movies WHERE movie_id = $1', [MOVIE])).rows[0];

describe('upsertNewerFact', () => {
  it('when the key is new, then the row is inserted with the fact time and it says so', async () => {
    expect(await seats('s1', 'vip', 10, at(1))).toBe(true);
    expect(await storedSeats('s1', 'vip')).toEqual({ seats: 10, fact_time: at(1) });
    // the other half of the composite key is another row
    expect(await seats('s1', 'std', 80, at(1))).toBe(true);
    expect(await storedSeats('s1', 'std')).toEqual({ seats: 80, fact_time: at(1) });
  });

  it('when a newer fact comes, then it replaces the row', async () => {
    await seats('s1', 'vip', 10, at(1));
    expect(await seats('s1', 'vip', 7, at(2))).toBe(true);
    expect(await storedSeats('s1', 'vip')).toEqual({ seats: 7, fact_time: at(2) });
  });

  it('when an older event arrives late, then it changes nothing and resolves false', async () => {
    await seats('s1', 'vip', 10, at(1));
    await seats('s1', 'vip', 7, at(3));
    expect(await seats('s1', 'vip', 9, at(2))).toBe(false);
    expect(await storedSeats('s1', 'vip')).toEqual({ seats: 7, fact_time: at(3) });
  });

  it('when a fact of the same instant comes, then by default the stored one stands', async () => {
    await seats('s1', 'vip', 10, at(1));
    expect(await seats('s1', 'vip', 4, at(1))).toBe(false);
    expect(await storedSeats('s1', 'vip')).toEqual({ seats: 10, fact_time: at(1) });
  });

  it('with sameInstant "replace", then the later arrival of the same instant wins', async () => {
    const prefs = (genres: string[], time: Date) =>
      upsertNewerFact(pool, 'user_preferences', { id: USER }, { genres }, time, { timeColumn: 'event_time', sameInstant: 'replace' });
    await prefs(['Drama'], at(1));
    expect(await prefs(['Comedy', 'Horror'], at(1))).toBe(true);
    expect(await prefs(['Western'], at(0))).toBe(false);
    expect((await pool.query('SELECT genres, event_time FROM user_preferences')).rows).toEqual([{ genres: ['Comedy', 'Horror'], event_time: at(1) }]);
  });

  it('with sameInstant prefer "deleted", then a deletion beats an update of the same instant in either order', async () => {
    await movie(pool, 'Heat', false, at(1));
    expect(await movie(pool, 'Heat', true, at(1))).toBe(true);
    expect(await movie(pool, 'Heat (director’s cut)', false, at(1))).toBe(false);
    expect(await storedMovie()).toEqual({ title: 'Heat', deleted: true, updated_at: at(1) });

    // two updates of one instant: the stored one stands
    await pool.query('TRUNCATE known_movies');
    await movie(pool, 'Heat', false, at(1));
    expect(await movie(pool, 'Ronin', false, at(1))).toBe(false);
    // a newer fact still wins over a deletion
    await movie(pool, 'Heat', true, at(1));
    expect(await movie(pool, 'Heat', false, at(2))).toBe(true);
    expect(await storedMovie()).toEqual({ title: 'Heat', deleted: false, updated_at: at(2) });
  });

  it('touches the listed columns with now() on every write, and only then', async () => {
    await pool.query(`INSERT INTO known_movies (movie_id, title, updated_at, received_at) VALUES ($1, 'Heat', $2, '2000-01-01')`, [MOVIE, at(1)]);
    await movie(pool, 'Old', false, at(0));
    expect((await pool.query('SELECT received_at FROM known_movies')).rows[0].received_at).toEqual(new Date('2000-01-01'));
    await movie(pool, 'Heat', false, at(2));
    const { rows } = await pool.query('SELECT received_at > now() - interval $$1 minute$$ AS recent FROM known_movies');
    expect(rows[0].recent).toBe(true);
  });

  it('when many writers race on one new key, then the newest fact is stored whatever the order', async () => {
    const times = Array.from({ length: 30 }, (_, i) => i);
    // an order that is neither ascending nor descending
    const order = [...times].sort((a, b) => ((a * 7) % 30) - ((b * 7) % 30));
    const results = await Promise.all(
      order.map(async (second) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const applied = await upsertNewerFact(client, 'seat_counts', { showtime_id: 'race', tier: 'vip' }, { seats: second }, at(second));
          await client.query('COMMIT');
          return applied;
        } finally {
          client.release();
        }
      }),
    );
    expect(results.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    expect(await storedSeats('race', 'vip')).toEqual({ seats: 29, fact_time: at(29) });
  });

  it('when a writer holds a newer fact uncommitted, then an older one waits for it and then changes nothing', async () => {
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      expect(await movie(first, 'Heat', true, at(5))).toBe(true);

      const secondPid = (await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      await second.query('BEGIN');
      const late = movie(second, 'Heat', false, at(4));
      await waitUntil(
        async () => (await pool.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [secondPid])).rowCount === 1,
        { message: 'the second writer to wait for the first' },
      );
      await first.query('COMMIT');
      expect(await late).toBe(false);
      await second.query('COMMIT');
    } finally {
      first.release();
      second.release();
    }
    expect(await storedMovie()).toEqual({ title: 'Heat', deleted: true, updated_at: at(5) });
  });

  it('when a writer holds an older fact uncommitted, then a newer one waits for it and then wins', async () => {
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      await seats('pre', 'vip', 1, at(1));
      expect(await upsertNewerFact(first, 'seat_counts', { showtime_id: 'pre', tier: 'vip' }, { seats: 2 }, at(2))).toBe(true);

      const secondPid = (await second.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const newer = upsertNewerFact(second, 'seat_counts', { showtime_id: 'pre', tier: 'vip' }, { seats: 3 }, at(3));
      await waitUntil(
        async () => (await pool.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'", [secondPid])).rowCount === 1,
        { message: 'the second writer to wait for the first' },
      );
      await first.query('COMMIT');
      expect(await newer).toBe(true);
    } finally {
      first.release();
      second.release();
    }
    expect(await storedSeats('pre', 'vip')).toEqual({ seats: 3, fact_time: at(3) });
  });

  it('refuses names that are not plain SQL names, a column given twice, and an invalid time, before any query', async () => {
    const refused = (promise: Promise<boolean>, message: RegExp) => expect(promise).rejects.toThrow(message);
    await refused(upsertNewerFact(pool, 'seat_counts; DROP TABLE x', { showtime_id: 's' }, {}, at(1)), /table/);
    await refused(upsertNewerFact(pool, 'seat_counts', { 'showtime_id"': 's' }, {}, at(1)), /column/);
    await refused(upsertNewerFact(pool, 'seat_counts', {}, { seats: 1 }, at(1)), /key/);
    await refused(upsertNewerFact(pool, 'seat_counts', { showtime_id: 's', tier: 't' }, { tier: 'u' }, at(1)), /twice/);
    await refused(upsertNewerFact(pool, 'seat_counts', { showtime_id: 's', tier: 't' }, { fact_time: at(2) }, at(1)), /twice/);
    await refused(upsertNewerFact(pool, 'seat_counts', { showtime_id: 's', tier: 't' }, { seats: 1 }, new Date('nope')), /valid Date/);
    await refused(
      upsertNewerFact(pool, 'known_movies', { movie_id: MOVIE }, { title: 'x' }, at(1), { timeColumn: 'updated_at', sameInstant: { prefer: 'deleted' } }),
      /prefer/,
    );
    expect((await pool.query('SELECT count(*)::int AS n FROM seat_counts')).rows[0].n).toBe(0);
  });
});
