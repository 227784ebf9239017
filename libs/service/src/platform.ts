import { createCache, createRedis, checkRedis, closeRedis, type Cache, type Redis } from '@marquee/cache';
import { eventDataSchemas, type EventData, type EventTypeName } from '@marquee/contracts';
import {
  baseConfigSchema,
  ConfigError,
  createLogger,
  createMetricsRegistry,
  Lifecycle,
  loadConfig,
  serviceEnv,
  type BaseConfig,
  type ConfigIssue,
  type Logger,
  type Registry,
} from '@marquee/core';
import { createHttpApp, createTokenVerifier, listen, revokedSessionKey, type ApiRouter, type Listening, type TokenVerifier } from '@marquee/http';
import { createBroker, type Broker } from '@marquee/messaging';
import {
  checkDatabase,
  createPool,
  enqueueEvent,
  ensureDatabase,
  migrate,
  OutboxRelay,
  withRetriedTransaction,
  type EventEnvelope,
  type Queryable,
} from '@marquee/postgres';
import type pg from 'pg';
import { z } from 'zod';
import { createEventConsumer, type EventHandlers, type EventConsumerOptions } from './event-consumer';

export interface PlatformOptions<Extra extends z.ZodRawShape> {
  /** Service name: `users`, `tickets`, …; names its database (`marquee_<name>`) and queue. */
  service: string;
  version?: string;
  /**
   * The port when neither `PORT` nor `<SERVICE>_PORT` is set. `defineService` passes the app's
   * package.json `marquee.port`, the one place a service's port is written.
   */
  defaultPort: number;
  /** The service's own environment variables, validated together with the shared ones. */
  config?: Extra;
  /**
   * Rules across variables, judged after the schema and before anything connects (e.g. "no demo
   * accounts under NODE_ENV=production"); any issue fails the start with a ConfigError.
   */
  checkConfig?: (config: PlatformConfig<Extra>) => ConfigIssue[];
  /** The service's SQL migrations (`NNNN_name.sql`). The kit's outbox and inbox come anyway. */
  migrationsDir?: string;
  /** Defaults to `process.env`; tests pass their own. */
  env?: Record<string, string | undefined>;
  /** Wait for RabbitMQ at start (default false: start anyway and be unready until it connects). */
  waitForBroker?: boolean;
}

export type PlatformConfig<Extra extends z.ZodRawShape> = BaseConfig & z.infer<z.ZodObject<Extra>>;

/**
 * The running infrastructure of one service: typed config, logger, metrics, PostgreSQL pool
 * (database created and migrated), Redis and a cache, the RabbitMQ broker, the outbox relay and
 * the token verifier. `defineService` builds a service's repositories and domain on top of it and
 * calls `consume()` and `serve()`. `stop()` drains and closes everything in the right order.
 */
export interface Platform<Config extends BaseConfig = BaseConfig> {
  readonly service: string;
  readonly version: string;
  readonly config: Config;
  readonly logger: Logger;
  readonly registry: Registry;
  readonly lifecycle: Lifecycle;
  readonly pool: pg.Pool;
  readonly redis: Redis;
  readonly broker: Broker;
  readonly auth: TokenVerifier;
  /** A cache whose keys live under `<service>:<name>:`. */
  cache(name: string): Cache;
  /**
   * Runs `fn` in one transaction; events enqueued with `publish` inside it commit with it. A deadlock
   * victim or serialization failure is run again (twice at most): `fn` must be database work only.
   */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  /** Validates `data` against the event's contract and writes it to the outbox in `client`'s transaction. */
  publish<K extends EventTypeName>(client: Queryable, type: K, data: EventData<K>): Promise<EventEnvelope<EventData<K>>>;
  /**
   * Consumes domain events into this service's queue; each handler runs in a transaction with the
   * inbox. Attempts and retry delays default to the base config's EVENT_MAX_ATTEMPTS and
   * EVENT_RETRY_DELAYS_MS.
   */
  consume(handlers: EventHandlers, options?: Omit<EventConsumerOptions, 'handlers'>): Promise<void>;
  /** Builds the HTTP app from `configure` and listens on HOST:PORT (tests pass PORT=0). */
  serve(configure: (router: ApiRouter) => void, options?: ServeOptions): Promise<Listening>;
  stop(): Promise<void>;
}

export interface ServeOptions {
  description?: string;
  /** Extra `/ready` checks beyond PostgreSQL, Redis and RabbitMQ. */
  readiness?: Record<string, () => Promise<unknown>>;
}

export async function createPlatform<Extra extends z.ZodRawShape = Record<never, never>>(
  options: PlatformOptions<Extra>,
): Promise<Platform<PlatformConfig<Extra>>> {
  const { service } = options;
  const version = options.version ?? process.env.npm_package_version ?? '0.0.0';
  const schema = baseConfigSchema(options.defaultPort).extend(options.config ?? ({} as Extra));
  const config = loadConfig(service, schema, serviceEnv(service, options.env ?? process.env)) as PlatformConfig<Extra>;
  const issues = options.checkConfig?.(config) ?? [];
  if (issues.length > 0) throw new ConfigError(service, issues);

  const logger = createLogger({ service, level: config.LOG_LEVEL });
  const registry = createMetricsRegistry(service);
  const lifecycle = new Lifecycle(logger);

  try {
    await ensureDatabase(config.DATABASE_URL, logger);
    const pool = createPool({ url: config.DATABASE_URL, applicationName: service, logger });
    lifecycle.onStop('postgres', () => pool.end());
    await migrate(pool, { dir: options.migrationsDir, logger });

    const redis = createRedis({ url: config.REDIS_URL, logger, name: service });
    lifecycle.onStop('redis', () => closeRedis(redis));

    const broker = createBroker({
      url: config.AMQP_URL,
      exchange: config.AMQP_EXCHANGE,
      prefix: config.AMQP_PREFIX,
      logger,
      registry,
      connectionName: service,
    });
    lifecycle.onStop('rabbitmq', () => broker.close({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }));
    await broker.start({ wait: options.waitForBroker ?? false });

    const relay = new OutboxRelay({
      pool,
      logger,
      registry,
      publish: (message) =>
        broker.publish(message.routingKey, message.envelope, {
          messageId: message.id,
          headers: message.headers,
          correlationId: message.envelope.correlationid,
        }),
    });
    await relay.start();
    lifecycle.onStop('outbox relay', () => relay.stop());

    const auth = createTokenVerifier({
      jwksUrl: config.JWKS_URL,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      logger,
      isSessionRevoked: async (sessionId) => (await redis.exists(revokedSessionKey(sessionId))) === 1,
    });

    const caches = new Map<string, Cache>();

    const platform: Platform<PlatformConfig<Extra>> = {
      service,
      version,
      config,
      logger,
      registry,
      lifecycle,
      pool,
      redis,
      broker,
      auth,
      cache(name) {
        let cache = caches.get(name);
        if (!cache) {
          cache = createCache({ redis, prefix: `${config.CACHE_PREFIX}${service}:${name}:`, logger, registry, name });
          caches.set(name, cache);
        }
        return cache;
      },
      transaction: (fn) => withRetriedTransaction(pool, fn),
      publish: (client, type, data) =>
        enqueueEvent(client, { source: service, type, data: eventDataSchemas[type].parse(data) as EventData<typeof type> }),
      consume: (handlers, consumerOptions) =>
        createEventConsumer({
          ...consumerOptions,
          handlers,
          service,
          broker,
          pool,
          logger,
          prefetch: consumerOptions?.prefetch ?? config.AMQP_PREFETCH,
          maxAttempts: consumerOptions?.maxAttempts ?? config.EVENT_MAX_ATTEMPTS,
          retryDelaysMs: consumerOptions?.retryDelaysMs ?? config.EVENT_RETRY_DELAYS_MS,
        }),
      serve: (configure, serveOptions = {}) =>
        serve(platform, configure, serveOptions),
      stop: () => lifecycle.stop(config.SHUTDOWN_TIMEOUT_MS),
    };
    return platform;
  } catch (error) {
    await lifecycle.stop(config.SHUTDOWN_TIMEOUT_MS);
    throw error;
  }
}

async function serve(
  platform: Platform,
  configure: (router: ApiRouter) => void,
  options: ServeOptions,
): Promise<Listening> {
  const { config, logger, lifecycle } = platform;
  const { app } = createHttpApp({
    service: platform.service,
    version: platform.version,
    logger,
    registry: platform.registry,
    bodyLimit: config.BODY_LIMIT,
    trustProxy: config.TRUSTED_PROXIES,
    metricsAllow: config.METRICS_ALLOW,
    description: options.description,
    auth: platform.auth,
    isDraining: () => lifecycle.isStopping,
    readiness: {
      postgres: () => checkDatabase(platform.pool),
      redis: () => checkRedis(platform.redis),
      rabbitmq: async () => {
        const state = await platform.broker.ready();
        if (!state.ok) throw new Error(`broker ${state.state}`);
      },
      ...options.readiness,
    },
    configure,
  });

  return listen(app, { port: config.PORT, host: config.HOST, logger, lifecycle });
}

