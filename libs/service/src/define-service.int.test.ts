import { randomBytes, randomUUID } from 'node:crypto';
import { ConfigError } from '@marquee/core';
import { freePort, TEST_SERVER_URL, uniquePrefix, waitUntil, type TestDatabase } from '@marquee/testing';
import { Client } from 'pg';
import { fixtureService, type FixtureService } from '../test/fixture-service';
import { AMQP_URL, createFixtureDatabase, deleteAmqpNames, metricValue } from '../test/helpers';
import { defineService } from './index';

/** Starts and stops fixture replicas against one database and one AMQP prefix per test. */
class Replicas {
  readonly prefix = uniquePrefix('defsvc');
  private readonly started: FixtureService[] = [];

  constructor(readonly db: () => TestDatabase) {}

  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      FIXTURE_DATABASE_URL: this.db().url,
      AMQP_URL,
      AMQP_PREFIX: this.prefix,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      FIXTURE_GREETING: 'hello',
      ...extra,
    };
  }

  async start(extra: Record<string, string> = {}): Promise<FixtureService> {
    const handle = await fixtureService.start(this.env(extra));
    this.started.push(handle);
    return handle;
  }

  async stopAll(): Promise<void> {
    const handles = this.started.splice(0);
    for (const handle of handles) await handle.stop();
    // A start that failed leaves no handle, so the prefix's standard names are listed too.
    const standard = { queues: [`${this.prefix}marquee.events.unroutable`], exchanges: [`${this.prefix}marquee.events`, `${this.prefix}marquee.events.unroutable`] };
    await deleteAmqpNames([standard, ...handles.map((h) => h.platform.broker.declaredNames())]);
  }
}

async function count(handle: FixtureService, sql: string, params: unknown[] = []): Promise<number> {
  return (await handle.platform.pool.query<{ n: number }>(sql, params)).rows[0]!.n;
}

/** Pairs of rows of `table` whose [started_at, finished_at] stretches overlap. */
function overlaps(handle: FixtureService, table: 'job_runs' | 'seed_runs'): Promise<number> {
  return count(
    handle,
    `SELECT count(*)::int AS n FROM ${table} a JOIN ${table} b
       ON a.ctid < b.ctid AND a.started_at < b.finished_at AND b.started_at < a.finished_at`,
  );
}

describe('defineService: a service declared once, started by the platform', () => {
  let db: TestDatabase;
  const replicas = new Replicas(() => db);

  beforeEach(async () => {
    db = await createFixtureDatabase();
  });
  afterEach(async () => {
    await replicas.stopAll();
    await db.drop();
  });

  it('when no PORT is given, then it listens on the port of its package.json, and the handle carries what build exposed', async () => {
    const port = await freePort();
    const declared = defineService({
      name: 'fixture',
      packageJson: { marquee: { port } },
      migrationsDir: fixtureService.migrationsDir,
      build: () => ({ api: { answer: 42 } }),
    });
    expect(declared.port).toBe(port);
    const { PORT: _none, ...env } = replicas.env();
    const handle = await declared.start(env);
    try {
      expect(handle.port).toBe(port);
      expect(handle.api.answer).toBe(42);
      const res = await fetch(`http://127.0.0.1:${port}/health`);
      expect(res.status).toBe(200);
    } finally {
      await handle.stop();
      await deleteAmqpNames([handle.platform.broker.declaredNames()]);
    }
  });

  it('when two replicas run a job on one database, then it never runs on both at once, and when one stops the other keeps running it', async () => {
    const jobEnv = { FIXTURE_JOB_INTERVAL_MS: '20', FIXTURE_WORK_MS: '80' };
    const a = await replicas.start({ ...jobEnv, FIXTURE_REPLICA: 'a' });
    const b = await replicas.start({ ...jobEnv, FIXTURE_REPLICA: 'b' });

    await waitUntil(async () => (await count(a, 'SELECT count(*)::int AS n FROM job_runs')) >= 8, { timeoutMs: 20_000, message: '8 runs' });
    const skipped = (await metricValue(a.platform.registry, 'jobs_runs_total', { job: 'tick', outcome: 'skipped' })) +
      (await metricValue(b.platform.registry, 'jobs_runs_total', { job: 'tick', outcome: 'skipped' }));
    // The replicas did compete for the job: turns were skipped because the other one held it.
    expect(skipped).toBeGreaterThan(0);

    await a.stop();
    const { rows } = await b.platform.pool.query<{ at: Date }>('SELECT clock_timestamp() AS at');
    const stoppedAt = rows[0]!.at;
    await waitUntil(async () => (await count(b, 'SELECT count(*)::int AS n FROM job_runs WHERE started_at > $1', [stoppedAt])) >= 3, {
      timeoutMs: 20_000,
      message: 'b runs the job after a stopped',
    });
    expect(await count(b, `SELECT count(*)::int AS n FROM job_runs WHERE started_at > $1 AND replica <> 'b'`, [stoppedAt])).toBe(0);
    expect(await overlaps(b, 'job_runs')).toBe(0);
  });

  it('when a job throws, then the failure is counted and the job runs again at its next turn', async () => {
    const handle = await replicas.start({ FIXTURE_JOB_INTERVAL_MS: '20', FIXTURE_JOB_FAILS: 'true' });
    await waitUntil(async () => (await metricValue(handle.platform.registry, 'jobs_runs_total', { job: 'tick', outcome: 'failed' })) >= 3, {
      timeoutMs: 20_000,
      message: 'three failed runs',
    });
    expect(await count(handle, 'SELECT count(*)::int AS n FROM job_runs')).toBeGreaterThanOrEqual(3);
    expect(await metricValue(handle.platform.registry, 'jobs_runs_total', { job: 'tick', outcome: 'ok' })).toBe(0);
  });

  it('when sent outbox rows and inbox entries are older than their retention, then the platform prunes them on its own and keeps the rest', async () => {
    const setup = new Client({ connectionString: db.url });
    await setup.connect();
    const payload = JSON.stringify({ hello: 'world' });
    const [oldSent, recentSent, oldEvent, recentEvent] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await setup.query(
      `INSERT INTO outbox (id, routing_key, payload, sent_at) VALUES
         ($1, 'movie.created', $3, now() - interval '30 days'), ($2, 'movie.created', $3, now() - interval '1 day')`,
      [oldSent, recentSent, payload],
    );
    await setup.query(
      `INSERT INTO inbox (consumer, event_id, received_at) VALUES ('fixture', $1, now() - interval '60 days'), ('fixture', $2, now() - interval '1 day')`,
      [oldEvent, recentEvent],
    );
    await setup.end();

    const handle = await replicas.start({ PRUNE_INTERVAL_MS: '1000', OUTBOX_RETENTION_DAYS: '7', INBOX_RETENTION_DAYS: '30' });
    await waitUntil(
      async () =>
        (await metricValue(handle.platform.registry, 'jobs_runs_total', { job: 'prune-outbox', outcome: 'ok' })) >= 1 &&
        (await metricValue(handle.platform.registry, 'jobs_runs_total', { job: 'prune-inbox', outcome: 'ok' })) >= 1,
      { timeoutMs: 20_000, message: 'both prune jobs ran' },
    );
    const outbox = await handle.platform.pool.query<{ id: string }>('SELECT id FROM outbox WHERE id = ANY($1)', [[oldSent, recentSent]]);
    expect(outbox.rows.map((r) => r.id)).toEqual([recentSent]);
    const inbox = await handle.platform.pool.query<{ event_id: string }>('SELECT event_id FROM inbox WHERE event_id = ANY($1)', [[oldEvent, recentEvent]]);
    expect(inbox.rows.map((r) => r.event_id)).toEqual([recentEvent]);
  });

  it('when two replicas start together with SEED_DEMO, then the seed runs once and neither starts before it finished; without SEED_DEMO it does not run', async () => {
    const seedEnv = { SEED_DEMO: 'true', FIXTURE_WORK_MS: '300' };
    const handles = await Promise.all(['a', 'b'].map((replica) => replicas.start({ ...seedEnv, FIXTURE_REPLICA: replica })));
    // Each replica's onStart (after the seed, before consumers and HTTP) already saw the finished seed.
    expect(handles.map((h) => h.api.seedRunsAtStart)).toEqual([1, 1]);
    expect(await count(handles[0]!, 'SELECT count(*)::int AS n FROM seed_runs')).toBe(1);

    const plain = await replicas.start({ FIXTURE_REPLICA: 'c' });
    expect(await count(plain, 'SELECT count(*)::int AS n FROM seed_runs')).toBe(1);

    // A later start seeds again (a seed adds only what is missing), still never beside another.
    await replicas.start({ ...seedEnv, FIXTURE_REPLICA: 'd' });
    expect(await count(plain, 'SELECT count(*)::int AS n FROM seed_runs')).toBe(2);
    expect(await overlaps(plain, 'seed_runs')).toBe(0);
  });

  it('when checkConfig finds a rule broken, then the start fails naming the variable before anything connects', async () => {
    const missing = `test_never_created_${randomBytes(4).toString('hex')}`;
    const url = new URL(TEST_SERVER_URL);
    url.pathname = `/${missing}`;
    const start = fixtureService.start(replicas.env({ FIXTURE_DATABASE_URL: url.toString(), SEED_DEMO: 'true', FIXTURE_FORBID_SEED: 'true' }));
    await expect(start).rejects.toThrow(ConfigError);
    await expect(start).rejects.toThrow(/SEED_DEMO: must be off when FIXTURE_FORBID_SEED is on/);
    const admin = new Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [missing]);
    await admin.end();
    expect(exists.rowCount).toBe(0);
  });

  it('when build throws, then the start fails with its error and closes every connection it opened', async () => {
    await expect(fixtureService.start(replicas.env({ FIXTURE_BUILD_FAILS: 'true' }))).rejects.toThrow('wiring failed');
    const admin = new Client({ connectionString: TEST_SERVER_URL });
    await admin.connect();
    try {
      await waitUntil(
        async () =>
          (await admin.query(`SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND application_name = 'fixture'`, [db.name])).rowCount === 0,
        { message: 'no connection of the failed start left' },
      );
    } finally {
      await admin.end();
    }
  });
});
