import { SERVICE_PORTS } from '@marquee/contracts';
import { z } from 'zod';
import { addressMatcher } from './client-address';

/** One bad or missing environment variable. */
export interface ConfigIssue {
  variable: string;
  message: string;
}

/** Thrown at start when the environment does not satisfy the service's config schema. */
export class ConfigError extends Error {
  constructor(
    readonly service: string,
    readonly issues: ConfigIssue[],
  ) {
    super(
      `Invalid configuration for ${service}:\n` + issues.map((i) => `  - ${i.variable}: ${i.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Validates `env` against `schema` once, at start. Every bad or missing variable is named in the
 * error, not just the first. Empty strings count as unset so `FOO=` falls back to the default.
 */
export function loadConfig<S extends z.ZodObject>(service: string, schema: S, env: Env = process.env): z.infer<S> {
  const cleaned: Env = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined && value !== '') cleaned[key] = value;
  const result = schema.safeParse(cleaned);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => {
    const variable = String(issue.path[0] ?? '(environment)');
    const given = cleaned[variable];
    const shown = given === undefined ? 'it is missing' : `got "${SECRETISH.test(variable) ? '***' : given}"`;
    return { variable, message: `${issue.message} (${shown})` };
  });
  throw new ConfigError(service, issues);
}

const SECRETISH = /secret|password|token|key/i;

/** A URL with one of the given protocols, e.g. `urlVar('postgres:', 'postgresql:')`. */
export function urlVar(...protocols: string[]) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.length === 0 || protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL${protocols.length ? ` (${protocols.join(' or ')})` : ''}` },
  );
}

export const portVar = z.coerce
  .number({ message: 'must be a port number' })
  .int({ message: 'must be a whole number' })
  .min(0, { message: 'must be between 0 and 65535' })
  .max(65535, { message: 'must be between 0 and 65535' });

export const booleanVar = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A comma-separated list of address names, CIDRs and addresses (see `addressMatcher`). */
export const addressListVar = z.string().superRefine((value, ctx) => {
  try {
    addressMatcher(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
  }
});

/** The PostgreSQL server of a developer machine; each service gets its own database on it. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Variables every service reads, with defaults that work on a developer machine. */
export function baseConfigSchema(defaultPort: number) {
  return z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: portVar.default(defaultPort),
    LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'debug', 'silent']).default('info'),
    DATABASE_URL: urlVar('postgres:', 'postgresql:').default(DEFAULT_DATABASE_URL),
    REDIS_URL: urlVar('redis:', 'rediss:').default('redis://127.0.0.1:6379'),
    AMQP_URL: urlVar('amqp:', 'amqps:').default('amqp://guest:guest@127.0.0.1:5672'),
    /** Topic exchange for domain events. */
    AMQP_EXCHANGE: z.string().min(1).default('marquee.events'),
    /** Prefix for every exchange and queue name (tests give each run its own). */
    AMQP_PREFIX: z.string().default(''),
    AMQP_PREFETCH: z.coerce.number().int().min(1).max(1000).default(16),
    /** Prefix of every Redis cache key (tests and benchmarks give each run its own). */
    CACHE_PREFIX: z.string().regex(/^[A-Za-z0-9._-]*$/, { message: 'letters, digits, dots, dashes and underscores only' }).default(''),
    /** The users service's public keys; by default where it listens on a developer machine. */
    JWKS_URL: urlVar('http:', 'https:').default(`http://127.0.0.1:${SERVICE_PORTS.users}/.well-known/jwks.json`),
    JWT_ISSUER: z.string().min(1).default('marquee-users'),
    JWT_AUDIENCE: z.string().min(1).default('marquee'),
    BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, { message: 'must look like 100kb or 1mb' }).default('1mb'),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
    /**
     * Addresses whose `X-Forwarded-*` headers are believed (the gateway's, nginx's): names
     * (`loopback`, `private`, `linklocal`), CIDRs or addresses, comma-separated. A request from any
     * other address is judged by its socket address alone. `none`: trust nobody.
     */
    TRUSTED_PROXIES: addressListVar.default('loopback'),
    /** Socket addresses allowed to read `/metrics` (operators' scrapers). */
    METRICS_ALLOW: addressListVar.default('loopback, private'),
    /**
     * Socket addresses allowed to call a service's `/internal/*` routes (other services' backfills;
     * the gateway never forwards those paths). See INTERNAL_TOKEN.
     */
    INTERNAL_ALLOW: addressListVar.default('loopback, private'),
    /**
     * Shared bearer secret of `/internal/*` routes: when set, a caller must send it (and callers
     * send it); unset, the address list alone decides. Set it wherever other workloads share the network.
     */
    INTERNAL_TOKEN: z.string().min(32, { message: 'must be at least 32 characters' }).optional(),
    /** Attempts at a consumed event before it is parked in the service's dead-letter queue. */
    EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    /** Delays between those attempts, in ms, comma-separated; the last one repeats. */
    EVENT_RETRY_DELAYS_MS: z
      .string()
      .regex(/^\d+(,\d+)*$/, { message: 'must be comma-separated milliseconds such as 1000,5000,30000' })
      .default('1000,5000,30000,120000')
      .transform((value) => value.split(',').map(Number)),
    /** Load the service's demo data at start (`npm start` and compose turn it on). */
    SEED_DEMO: booleanVar.default(false),
    /**
     * How long published outbox rows are kept before the `prune-outbox` job deletes them (what
     * was sent is on the bus; the rows only help an operator look back).
     */
    OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).default(7),
    /**
     * How long inbox rows are kept by the `prune-inbox` job. A redelivery of an event older than
     * this would be applied again, so it must be far longer than any retry or re-drive window.
     */
    INBOX_RETENTION_DAYS: z.coerce.number().int().min(1).default(30),
    /** How long an Idempotency-Key's answer is kept (a retry after that runs again). */
    IDEMPOTENCY_RETENTION_HOURS: z.coerce.number().int().min(1).default(24),
    /** How often the platform's own jobs (outbox and inbox pruning) run. */
    PRUNE_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60 * 60 * 1000),
  });
}

export type BaseConfig = z.infer<ReturnType<typeof baseConfigSchema>>;

/**
 * Applies per-service overrides: `USERS_PORT`, `USERS_DATABASE_URL`, `USERS_REDIS_URL`,
 * `USERS_AMQP_URL` win over `PORT`, … for the users service. Without a per-service
 * `DATABASE_URL`, the service's database is `marquee_<service>` on the `DATABASE_URL` server.
 */
export function serviceEnv(service: string, env: Env = process.env): Env {
  const prefix = service.toUpperCase().replace(/[^A-Z0-9]/g, '_') + '_';
  const out: Env = { ...env };
  for (const key of ['PORT', 'HOST', 'DATABASE_URL', 'REDIS_URL', 'AMQP_URL', 'LOG_LEVEL']) {
    const override = env[prefix + key];
    if (override !== undefined && override !== '') out[key] = override;
  }
  const explicitDb = env[prefix + 'DATABASE_URL'];
  if (explicitDb === undefined || explicitDb === '') {
    // With no DATABASE_URL at all the default server is used, and still the service's own database.
    out.DATABASE_URL = withDatabase(out.DATABASE_URL || DEFAULT_DATABASE_URL, `marquee_${service.replace(/-/g, '_')}`);
  }
  return out;
}

/** The same server URL, naming another database. Invalid URLs are returned as they are. */
export function withDatabase(url: string, database: string): string {
  try {
    const parsed = new URL(url);
    parsed.pathname = '/' + database;
    return parsed.toString();
  } catch {
    return url;
  }
}
