// A small service built the way every Marquee app is, used to test the platform end to end:
// POST /movies writes a row and its `movie.created` event in one transaction; the consumer keeps
// a read model of `movie.created` events; GET /slow answers late (for shutdown tests).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { createPlatform, type Platform } from '../src/index';

export const FIXTURE_MIGRATIONS = path.join(__dirname, 'migrations');

export async function startFixtureService(env: Record<string, string | undefined>, retryDelaysMs = [100, 200, 400]) {
  const platform = await createPlatform({
    service: 'fixture',
    defaultPort: 0,
    migrationsDir: FIXTURE_MIGRATIONS,
    env,
    config: { FIXTURE_GREETING: z.string().min(2, { message: 'must be at least 2 characters' }) },
  });

  await platform.consume(
    {
      'movie.created': async (data, _event, client) => {
        if (data.title === 'always fails') throw new Error('projector on fire');
        await client.query(
          `INSERT INTO seen_movies (movie_id, title) VALUES ($1, $2)
           ON CONFLICT (movie_id) DO UPDATE SET times_applied = seen_movies.times_applied + 1`,
          [data.movie_id, data.title],
        );
      },
    },
    { retryDelaysMs, maxAttempts: retryDelaysMs.length + 1 },
  );

  const served = await platform.serve((router) => {
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
        return { greeting: platform.config.FIXTURE_GREETING };
      },
    });
  });

  return { platform, ...served };
}

export type FixtureService = Awaited<ReturnType<typeof startFixtureService>>;
export type { Platform };
