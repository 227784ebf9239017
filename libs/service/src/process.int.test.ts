import { freePort, uniquePrefix, waitUntil, type TestDatabase } from '@marquee/testing';
import amqp from 'amqplib';
import { AMQP_URL, createFixtureDatabase, spawnFixture } from '../test/helpers';

describe('a service as a process', () => {
  it('when a required variable is missing or malformed, then it refuses to start and names each one', async () => {
    const run = spawnFixture({ PORT: 'eighty', AMQP_URL: 'http://not-a-broker', LOG_LEVEL: 'loud' });
    const { code } = await run.exited;
    const { stderr } = run.output();
    expect(code).toBe(1);
    expect(stderr).toContain('Invalid configuration for fixture');
    expect(stderr).toMatch(/PORT: .*"eighty"/);
    expect(stderr).toMatch(/AMQP_URL: .*amqp/);
    expect(stderr).toMatch(/LOG_LEVEL/);
    expect(stderr).toMatch(/FIXTURE_GREETING: .*missing/);
  });

  describe('when it receives SIGTERM', () => {
    let db: TestDatabase;
    const prefix = uniquePrefix('proc');

    beforeAll(async () => {
      db = await createFixtureDatabase();
    });

    afterAll(async () => {
      const connection = await amqp.connect(AMQP_URL);
      const channel = await connection.createChannel();
      for (const queue of ['fixture.events', 'fixture.events.parking', 'marquee.events.unroutable']) {
        await channel.deleteQueue(prefix + queue);
      }
      for (const exchange of ['marquee.events', 'marquee.events.unroutable']) await channel.deleteExchange(prefix + exchange);
      await connection.close();
      await db.drop();
    });

    it('then it finishes the request in flight and exits 0', async () => {
      const port = await freePort();
      const run = spawnFixture({
        PORT: String(port),
        HOST: '127.0.0.1',
        FIXTURE_DATABASE_URL: db.url,
        AMQP_PREFIX: prefix,
        FIXTURE_GREETING: 'hello',
        LOG_LEVEL: 'info',
      });
      const base = `http://127.0.0.1:${port}`;
      await waitUntil(async () => (await fetch(`${base}/ready`)).ok, { timeoutMs: 30_000, message: 'fixture ready' });

      const slow = fetch(`${base}/slow?ms=1500`);
      await new Promise((r) => setTimeout(r, 300));
      run.child.kill('SIGTERM');

      const res = await slow;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ greeting: 'hello' });
      const { code } = await run.exited;
      if (process.env.DEBUG_FIXTURE) console.log(run.output().stdout);
      expect(code).toBe(0);
      const lines = run.output().stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
      expect(lines.some((l) => l.message === 'shutting down' && l.service === 'fixture')).toBe(true);
      expect(lines.some((l) => l.message === 'stopped')).toBe(true);
      // nothing had to be cut off by the shutdown deadline
      expect(lines.filter((l) => l.message === 'failed to close cleanly')).toEqual([]);
      // every line is structured JSON with the service name
      expect(lines.every((l) => l.service === 'fixture' && typeof l.timestamp === 'string')).toBe(true);
    });
  });
});
