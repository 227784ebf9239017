// `npm run analytics:replay -w @marquee/analytics`: rebuilds every aggregate of the analytics
// service from its stored events, in one transaction (ADR 0009). It reads the same environment
// as the service (ANALYTICS_DATABASE_URL or DATABASE_URL, ANALYTICS_TIMEZONE, …) and may run
// while the service runs: consumers and readers wait for it, then see the rebuilt tables.
import path from 'node:path';
import { baseConfigSchema, ConfigError, createLogger, loadConfig, serviceEnv } from '@marquee/core';
import { createPool, migrate, withTransaction } from '@marquee/postgres';
import pkg from '../package.json';
import { analyticsConfigShape } from './config';
import { EventLogRepository } from './data/event-log.repository';
import { MemoryProjection } from './data/memory-projection';
import { ProjectionRepository } from './data/projection.repository';
import { EventRecorder } from './domain/event-recorder.service';

/** Replays the stored events of the analytics database `env` names; resolves to how many. */
export async function replayAnalytics(env: Record<string, string | undefined> = process.env): Promise<{ events: number; ms: number }> {
  const config = loadConfig('analytics', baseConfigSchema(pkg.marquee.port).extend(analyticsConfigShape), serviceEnv('analytics', env));
  const logger = createLogger({ service: 'analytics-replay', level: config.LOG_LEVEL });
  const pool = createPool({ url: config.DATABASE_URL, applicationName: 'analytics-replay', logger, max: 1 });
  try {
    await migrate(pool, { dir: path.join(__dirname, 'migrations'), logger });
    const recorder = new EventRecorder({
      db: pool,
      transaction: (fn) => withTransaction(pool, fn),
      publish: () => Promise.reject(new Error('the replay publishes no events')),
      logger,
      log: new EventLogRepository(),
      projection: new ProjectionRepository(),
      replayProjection: () => new MemoryProjection(),
      timeZone: config.ANALYTICS_TIMEZONE,
      replayBatch: config.ANALYTICS_REPLAY_BATCH,
    });
    const started = Date.now();
    const { events } = await recorder.replay();
    return { events, ms: Date.now() - started };
  } finally {
    await pool.end();
  }
}

if (require.main === module) {
  replayAnalytics().then(
    ({ events, ms }) => process.stdout.write(`analytics: rebuilt every aggregate from ${events} stored events in ${ms} ms\n`),
    (error: unknown) => {
      process.stderr.write(error instanceof ConfigError ? `${error.message}\n` : `analytics replay failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
