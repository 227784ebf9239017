// A small service declared the way every Marquee app is, used to test the platform end to end:
// POST /movies writes a row and its `movie.created` event in one transaction; the consumer keeps
// a read model of `movie.created` events; GET /slow answers late (for shutdown tests); a job
// (FIXTURE_JOB_INTERVAL_MS) and a seed record when and where they ran.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { booleanVar } from '@marquee/core';
import { z } from 'zod';
import { defineService, every, type Db, type ServiceHandle } from '../src/index';

export const FIXTURE_MIGRATIONS = path.join(__dirname, 'migrations');

const fixtureConfigShape = {
  FIXTURE_GREETING: z.string().min(2, { message: 'must be at least 2 characters' }),
  /** Names this replica in job_runs and seed_runs. */
  FIXTURE_REPLICA: z.string().default('a'),
  /** 0: no job. */
  FIXTURE_JOB_INTERVAL_MS: z.coerce.number().int().min(0).default(0),
  /** How long each run of the job (and the seed) holds on. */
  FIXTURE_WORK_MS: z.coerce.number().int().min(0).default(0),
  FIXTURE_JOB_FAILS: booleanVar.default(false),
  FIXTURE_BUILD_FAILS: booleanVar.default(false),
  FIXTURE_FORBID_SEED: booleanVar.default(false),
};

/** Waits `ms` (cut short when `signal` aborts), and records the stretch in `table`. */
async function recordWork(db: Db, table: 'job_runs' | 'seed_runs', replica: string, ms: number, signal?: AbortSignal): Promise<void> {
  const { rows } = await db.query<{ now: Date }>('SELECT clock_timestamp() AS now');
  await delay(ms, undefined, { signal }).catch(() => undefined);
  await db.query(`INSERT INTO ${table} (replica, started_at, finished_at) VALUES ($1, $2, clock_timestamp())`, [replica, rows[0]!.now]);
}

export const fixtureService = defineService({
  name: 'fixture',
  packageJson: { marquee: { port: 0 } },
  description: 'The platform test fixture',
  migrationsDir: FIXTURE_MIGRATIONS,
  config: fixtureConfigShape,
  checkConfig: (config) =>
    config.FIXTURE_FORBID_SEED && config.SEED_DEMO ? [{ variable: 'SEED_DEMO', message: 'must be off when FIXTURE_FORBID_SEED is on' }] : [],
  build: (platform) => {
    const { config } = platform;
    if (config.FIXTURE_BUILD_FAILS) throw new Error('wiring failed');
    const replica = config.FIXTURE_REPLICA;
    const api = { greeting: config.FIXTURE_GREETING, seedRunsAtStart: -1 };
    return {
      routes: (router) => {
        router.route({
          method: 'post',
          path: '/movies',
          summary: 'Add a movie',
          auth: 'public',
          request: { body: z.object({ title: z.string().min(1) }) },
          responses: { 201: { description: 'Created', schema: z.object({ id: z.string() }) } },
          handler: async ({ body }) => {
            const id = randomUUID();
            await platform.transaction(async (client) => {
              await client.query('INSERT INTO movies (id, title) VALUES ($1, $2)', [id, body.title]);
              await platform.publish(client, 'movie.created', {
                movie_id: id,
                title: body.title,
                year: null,
                release_date: null,
                runtime: 120,
                genres: [],
                language: null,
                poster_url: null,
                tmdb_id: null,
                is_series: false,
                deleted: false,
              });
            });
            return { id };
          },
        });
        router.route({
          method: 'get',
          path: '/slow',
          summary: 'Answers after a while',
          auth: 'public',
          request: { query: z.object({ ms: z.coerce.number().int().min(0).max(10_000) }) },
          responses: { 200: { description: 'Done', schema: z.object({ greeting: z.string() }) } },
          handler: async ({ query }) => {
            await delay(query.ms);
            return { greeting: config.FIXTURE_GREETING };
          },
        });
      },
      consumers: {
        'movie.created': async (data, _event, client) => {
          if (data.title === 'always fails') throw new Error('projector on fire');
          await client.query(
            `INSERT INTO seen_movies (movie_id, title) VALUES ($1, $2)
             ON CONFLICT (movie_id) DO UPDATE SET times_applied = seen_movies.times_applied + 1`,
            [data.movie_id, data.title],
          );
        },
      },
      jobs:
        config.FIXTURE_JOB_INTERVAL_MS > 0
          ? [
              every('tick', config.FIXTURE_JOB_INTERVAL_MS, async ({ db, signal }) => {
                await recordWork(db, 'job_runs', replica, config.FIXTURE_WORK_MS, signal);
                if (config.FIXTURE_JOB_FAILS) throw new Error('tick went wrong');
              }),
            ]
          : [],
      seed: () => recordWork(platform.pool, 'seed_runs', replica, config.FIXTURE_WORK_MS),
      onStart: async () => {
        const { rows } = await platform.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM seed_runs');
        api.seedRunsAtStart = rows[0]!.n;
      },
      api,
    };
  },
});

export type FixtureService = ServiceHandle<typeof fixtureService>;

export function startFixtureService(env: Record<string, string | undefined>): Promise<FixtureService> {
  return fixtureService.start(env);
}
