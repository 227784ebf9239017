import { createLogger, createMetricsRegistry } from '@marquee/core';
import { createPool } from '@marquee/postgres';
import { TEST_SERVER_URL, uniquePrefix, waitUntil } from '@marquee/testing';
import { every, JobRunner } from './jobs';

describe('JobRunner: when a job first runs', () => {
  const pool = createPool({ url: TEST_SERVER_URL, max: 4 });
  const runners: JobRunner[] = [];
  const runner = () => {
    const created = new JobRunner({ service: uniquePrefix('jobs'), pool, logger: createLogger({ service: 'jobs-test', level: 'silent' }), registry: createMetricsRegistry('jobs-test') });
    runners.push(created);
    return created;
  };
  afterAll(async () => {
    await Promise.all(runners.map((r) => r.stop()));
    await pool.end();
  });

  it('when a job runs at start, then its first run does not wait an interval, and the next one does', async () => {
    const runs: number[] = [];
    const started = Date.now();
    runner().start([every('backfill', 60_000, async () => void runs.push(Date.now() - started), { atStart: true })]);
    await waitUntil(() => runs.length === 1, { timeoutMs: 5_000, message: 'the first run' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toHaveLength(1);
  });

  it('when a job does not run at start, then nothing runs before its interval', async () => {
    const runs: number[] = [];
    runner().start([every('prune', 60_000, async () => void runs.push(1))]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(runs).toHaveLength(0);
  });
});
