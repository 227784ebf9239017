import type http from 'node:http';
import { runMain, type BaseConfig, type ConfigIssue } from '@marquee/core';
import type { ApiRouter } from '@marquee/http';
import { pruneInbox, pruneSent } from '@marquee/postgres';
import type { z } from 'zod';
import type { EventHandlers } from './event-consumer';
import { every, JobRunner, type Job } from './jobs';
import { createPlatform, type Platform, type PlatformConfig } from './platform';
import { seedOnce } from './seed';

type Env = Record<string, string | undefined>;

const DAY_MS = 24 * 60 * 60 * 1000;

/** What `defineService` reads of the app's package.json: `marquee.port` is its default port. */
export interface ServicePackageJson {
  marquee: { port: number };
}

/** What a service's `build` returns: its parts, wired; the platform starts them in order. */
export interface ServiceParts<Api = undefined> {
  /** Its HTTP routes (the platform adds /health, /ready, /metrics and /openapi.json). */
  routes?: (router: ApiRouter) => void;
  /** Handlers of the domain events it consumes; retries come from EVENT_MAX_ATTEMPTS and EVENT_RETRY_DELAYS_MS. */
  consumers?: EventHandlers;
  /** Its periodic jobs (`every(...)`), besides the platform's own outbox and inbox pruning. */
  jobs?: readonly Job[];
  /**
   * Loads demo data; runs only under SEED_DEMO, after migrations and before consumers and HTTP,
   * on one replica at a time (replicas starting together seed once). A later start runs it again,
   * so it adds only what is missing.
   */
  seed?: () => Promise<void>;
  /**
   * Runs at every start after the seed, before consumers and HTTP: start-up checks that need the
   * data in place (warning that demo accounts exist, say). Throwing fails the start.
   */
  onStart?: () => Promise<void>;
  /** Extra `/ready` checks beyond PostgreSQL, Redis and RabbitMQ. */
  readiness?: Record<string, () => Promise<unknown>>;
  /** What tests may reach beyond the platform (the users service's token signer); typed in the handle. */
  api?: Api;
}

export interface ServiceOptions<Extra extends z.ZodRawShape, Api> {
  /** `users`, `tickets`, …: names its database (`marquee_<name>`), queue, cache keys and logs. */
  name: string;
  /** The app's package.json (`import pkg from '../package.json'`): its `marquee.port` is the default port. */
  packageJson: ServicePackageJson;
  /** The OpenAPI document's `info.description`. */
  description?: string;
  /** Zod shape of the service's own environment variables, validated with the shared ones. */
  config?: Extra;
  /** Rules across variables, judged before anything connects; issues fail the start as a ConfigError. */
  checkConfig?: (config: PlatformConfig<Extra>) => ConfigIssue[];
  /** The service's `NNNN_name.sql` migrations (the kit's outbox and inbox come anyway). */
  migrationsDir?: string;
  /** Wait for RabbitMQ at start (default false: start anyway and be unready until it connects). */
  waitForBroker?: boolean;
  /**
   * Wires the service on the running platform: repositories → domain → parts. It constructs
   * everything the service uses; nothing deeper builds its own dependencies. It may register
   * closers of its own with `platform.lifecycle.onStop` (they run before the platform's).
   */
  build(platform: Platform<PlatformConfig<Extra>>): ServiceParts<Api> | Promise<ServiceParts<Api>>;
}

/** A started service. */
export interface RunningService<Config extends BaseConfig = BaseConfig, Api = unknown> {
  platform: Platform<Config>;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** The port it listens on (the one picked, when started with PORT=0). */
  port: number;
  server: http.Server;
  /** What `build` returned as `api`. */
  api: Api;
  /** Stops HTTP, jobs, consumers, relay and pools, in that order. */
  stop(): Promise<void>;
}

/** A service declared by `defineService`. */
export interface ServiceDefinition<Config extends BaseConfig = BaseConfig, Api = unknown> {
  readonly name: string;
  /** The default port, from the package.json. */
  readonly port: number;
  readonly migrationsDir: string | undefined;
  readonly description: string | undefined;
  /**
   * Starts it: config (every bad variable named), database created and migrated, Redis,
   * RabbitMQ, outbox relay, then `build`, the seed (under SEED_DEMO), `onStart`, consumers, jobs
   * and HTTP.
   * A failure at any step stops what had started and rejects. `env` defaults to `process.env`.
   */
  start(env?: Env): Promise<RunningService<Config, Api>>;
  /** The body of `src/main.ts`: starts from `process.env`, stops on SIGTERM/SIGINT, exits 1 on a failed start. */
  main(): void;
}

/** The handle `start()` of a definition gives: `ServiceHandle<typeof reviewsService>`. */
export type ServiceHandle<Definition extends ServiceDefinition<BaseConfig, unknown> = ServiceDefinition> = Awaited<ReturnType<Definition['start']>>;

/**
 * Declares a service: its name, config, migrations and a `build` that wires its parts. The
 * platform owns the rest: port, start order, retries, jobs, seed, shutdown and error handling.
 */
export function defineService<Extra extends z.ZodRawShape = Record<never, never>, Api = undefined>(
  options: ServiceOptions<Extra, Api>,
): ServiceDefinition<PlatformConfig<Extra>, Api> {
  const { name, description, migrationsDir } = options;
  const port = options.packageJson.marquee?.port;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}: its package.json needs "marquee": { "port": <0–65535> }, got ${JSON.stringify(port)}`);
  }

  const start = async (env: Env = process.env): Promise<RunningService<PlatformConfig<Extra>, Api>> => {
    const platform = await createPlatform({
      service: name,
      defaultPort: port,
      config: options.config,
      checkConfig: options.checkConfig,
      migrationsDir,
      env,
      waitForBroker: options.waitForBroker,
    });
    try {
      const parts = await options.build(platform);
      if (parts.seed && platform.config.SEED_DEMO) {
        const seeded = await seedOnce(platform.pool, name, parts.seed, platform.logger);
        if (!seeded) platform.logger.info('demo data loaded by another replica');
      }
      await parts.onStart?.();
      if (parts.consumers && Object.keys(parts.consumers).length > 0) await platform.consume(parts.consumers);

      const jobs = new JobRunner({ service: name, pool: platform.pool, logger: platform.logger, registry: platform.registry });
      platform.lifecycle.onStop('jobs', () => jobs.stop());
      jobs.start([...platformJobs(platform.config), ...(parts.jobs ?? [])]);
      // Closers run last-registered first: on stop, no new message is taken while jobs finish.
      platform.lifecycle.onStop('consumers', () => platform.broker.stopConsuming());

      const served = await platform.serve(parts.routes ?? (() => undefined), { description, readiness: parts.readiness });
      return { platform, ...served, api: parts.api as Api, stop: () => platform.stop() };
    } catch (error) {
      await platform.stop();
      throw error;
    }
  };

  return {
    name,
    port,
    migrationsDir,
    description,
    start,
    main: () => runMain(async () => (await start(process.env)).platform),
  };
}

/** Every service's own upkeep: sent outbox rows and old inbox entries would otherwise grow forever. */
function platformJobs(config: BaseConfig): Job[] {
  return [
    every('prune-outbox', config.PRUNE_INTERVAL_MS, async ({ db, logger }) => {
      const rows = await pruneSent(db, config.OUTBOX_RETENTION_DAYS * DAY_MS);
      if (rows > 0) logger.info('pruned sent outbox rows', { rows });
    }),
    every('prune-idempotency-keys', config.PRUNE_INTERVAL_MS, async ({ db, logger }) => {
      const { rowCount } = await db.query("DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)", [
        config.IDEMPOTENCY_RETENTION_HOURS,
      ]);
      if (rowCount) logger.info('pruned old idempotency keys', { rows: rowCount });
    }),
    every('prune-inbox', config.PRUNE_INTERVAL_MS, async ({ db, logger }) => {
      const rows = await pruneInbox(db, config.INBOX_RETENTION_DAYS * DAY_MS);
      if (rows > 0) logger.info('pruned old inbox entries', { rows });
    }),
  ];
}
