import { z } from 'zod';
import { baseConfigSchema, ConfigError, loadConfig, serviceEnv } from './config';

describe('loadConfig', () => {
  const schema = baseConfigSchema(3000).extend({ ADMIN_EMAIL: z.email() });

  it('when the environment is good, then it returns typed values with defaults', () => {
    const config = loadConfig('users', schema, { PORT: '4100', ADMIN_EMAIL: 'admin@example.com' });
    expect(config.PORT).toBe(4100);
    expect(config.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('when variables are missing or malformed, then the error names every one of them', () => {
    let error: unknown;
    try {
      loadConfig('users', schema, { PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const issues = (error as ConfigError).issues.map((i) => i.variable).sort();
    expect(issues).toEqual(['ADMIN_EMAIL', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect((error as Error).message).toMatch(/PORT: .*got "eighty"/);
    expect((error as Error).message).toMatch(/ADMIN_EMAIL: .*missing/);
  });

  it('when a secret-looking variable is bad, then its value is not echoed', () => {
    const secretSchema = z.object({ JWT_PRIVATE_KEY: z.string().min(100) });
    expect(() => loadConfig('users', secretSchema, { JWT_PRIVATE_KEY: 'hunter2' })).toThrow(/\*\*\*/);
  });

  it('when nothing about events, seeding or pruning is set, then every service gets the same retry, seed and retention defaults', () => {
    const config = loadConfig('x', baseConfigSchema(1), {});
    expect(config).toMatchObject({
      EVENT_MAX_ATTEMPTS: 5,
      EVENT_RETRY_DELAYS_MS: [1000, 5000, 30000, 120000],
      SEED_DEMO: false,
      OUTBOX_RETENTION_DAYS: 7,
      INBOX_RETENTION_DAYS: 30,
      PRUNE_INTERVAL_MS: 3_600_000,
    });
    expect(config.JWKS_URL).toBe('http://127.0.0.1:3000/.well-known/jwks.json');
  });

  it('when retry delays are given, then they are read as milliseconds; when malformed, each variable is named', () => {
    expect(loadConfig('x', baseConfigSchema(1), { EVENT_RETRY_DELAYS_MS: '100,200', SEED_DEMO: 'yes' })).toMatchObject({
      EVENT_RETRY_DELAYS_MS: [100, 200],
      SEED_DEMO: true,
    });
    let error: unknown;
    try {
      loadConfig('x', baseConfigSchema(1), { EVENT_RETRY_DELAYS_MS: '1s,5s', EVENT_MAX_ATTEMPTS: '0', SEED_DEMO: 'maybe', INBOX_RETENTION_DAYS: '0' });
    } catch (e) {
      error = e;
    }
    expect((error as ConfigError).issues.map((i) => i.variable).sort()).toEqual(['EVENT_MAX_ATTEMPTS', 'EVENT_RETRY_DELAYS_MS', 'INBOX_RETENTION_DAYS', 'SEED_DEMO']);
    expect((error as Error).message).toMatch(/EVENT_RETRY_DELAYS_MS: must be comma-separated milliseconds/);
  });

  it('treats empty strings as unset so defaults apply', () => {
    expect(loadConfig('x', baseConfigSchema(1), { PORT: '' }).PORT).toBe(1);
  });
});

describe('serviceEnv', () => {
  it('when DATABASE_URL is not set at all, then the service still gets its own database on the default server', () => {
    expect(serviceEnv('movies', {}).DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/marquee_movies');
    expect(serviceEnv('reviews', { DATABASE_URL: '' }).DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/marquee_reviews');
  });

  it('when no per-service database is given, then the service database is marquee_<service> on the shared server', () => {
    const env = serviceEnv('users', { DATABASE_URL: 'postgres://postgres@db:5432/postgres' });
    expect(env.DATABASE_URL).toBe('postgres://postgres@db:5432/marquee_users');
  });

  it('when per-service overrides are given, then they win', () => {
    const env = serviceEnv('tickets', {
      PORT: '1',
      TICKETS_PORT: '5001',
      DATABASE_URL: 'postgres://a@h/postgres',
      TICKETS_DATABASE_URL: 'postgres://b@h/custom',
      AMQP_URL: 'amqp://h',
      TICKETS_AMQP_URL: 'amqp://other',
    });
    expect(env.PORT).toBe('5001');
    expect(env.DATABASE_URL).toBe('postgres://b@h/custom');
    expect(env.AMQP_URL).toBe('amqp://other');
  });
});
