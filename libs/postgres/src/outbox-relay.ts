import type { Logger, Registry } from '@marquee/core';
import pg from 'pg';
import { Counter, Gauge } from 'prom-client';
import { backoffDelay } from './backoff';
import { OUTBOX_CHANNEL, type EventEnvelope } from './outbox';
import { withTransaction } from './transaction';

/** What the relay hands to the broker for one outbox row. */
export interface OutboxMessage {
  /** The row id, equal to `envelope.id`: use it as the broker's message id. */
  id: string;
  routingKey: string;
  envelope: EventEnvelope;
  headers: Record<string, string>;
}

/** Publishes one message and resolves once the broker confirmed it; rejects otherwise. */
export type PublishFn = (message: OutboxMessage) => Promise<void>;

export interface OutboxRelayOptions {
  pool: pg.Pool;
  publish: PublishFn;
  logger: Logger;
  /** Where `outbox_pending`, `outbox_published_total` and `outbox_publish_failures_total` go. */
  registry?: Registry;
  /** Rows claimed per transaction (default 100). */
  batchSize?: number;
  /** How often the outbox is read when no NOTIFY arrives (default 1 s). */
  pollIntervalMs?: number;
  /** Delay before the first retry of a row whose publish failed; doubles per attempt (default 1 s). */
  minBackoffMs?: number;
  /** Longest delay between retries of one row (default 60 s). */
  maxBackoffMs?: number;
  /** A publish that takes longer counts as failed (default 30 s). */
  publishTimeoutMs?: number;
}

interface OutboxRow {
  id: string;
  routing_key: string;
  payload: EventEnvelope;
  headers: Record<string, string>;
  attempts: number;
}

type BatchOutcome = 'more' | 'idle' | 'publish-failed' | 'database-failed';

// SKIP LOCKED lets replicas claim disjoint batches. Rows are never paged by id or by "after the
// last one seen": a transaction that commits late would have its rows skipped.
const CLAIM_SQL = `
  SELECT id, routing_key, payload, headers, attempts
    FROM outbox
   WHERE sent_at IS NULL AND available_at <= now()
   ORDER BY created_at
   LIMIT $1
     FOR UPDATE SKIP LOCKED`;
const MARK_SENT_SQL = 'UPDATE outbox SET sent_at = clock_timestamp() WHERE id = ANY($1::uuid[])';
const MARK_FAILED_SQL = `
  UPDATE outbox
     SET attempts = attempts + 1,
         last_error = $2,
         available_at = clock_timestamp() + $3::double precision * interval '1 millisecond'
   WHERE id = $1`;
const PENDING_SQL = 'SELECT count(*)::int AS pending FROM outbox WHERE sent_at IS NULL';

const LISTEN_MIN_BACKOFF_MS = 250;
const LISTEN_MAX_BACKOFF_MS = 10_000;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Publishes outbox rows (architecture rule 2). It wakes on NOTIFY, through a connection of its
 * own that it re-opens when it drops, and also polls, so a missed notification only delays an
 * event. Each batch is claimed with `FOR UPDATE SKIP LOCKED` in one transaction, so replicas can
 * run side by side without publishing a row twice. Rows are published in creation order; a failed
 * row gets a growing delay and ends its batch, and the relay pauses until the next poll. Delivery
 * is at least once: a crash between publish and commit publishes the row again.
 */
export class OutboxRelay {
  private readonly pool: pg.Pool;
  private readonly publish: PublishFn;
  private readonly logger: Logger;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly publishTimeoutMs: number;
  private readonly published?: Counter;
  private readonly failures?: Counter;

  private running = false;
  private loop?: Promise<void>;
  private wakeRequested = false;
  private interruptPause?: () => void;

  private listener?: pg.Client;
  private connecting?: Promise<void>;
  private listenTimer?: NodeJS.Timeout;
  private listenFailures = 0;

  constructor(options: OutboxRelayOptions) {
    this.pool = options.pool;
    this.publish = options.publish;
    this.logger = options.logger;
    this.batchSize = options.batchSize ?? 100;
    this.pollIntervalMs = options.pollIntervalMs ?? 1_000;
    this.minBackoffMs = options.minBackoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.publishTimeoutMs = options.publishTimeoutMs ?? 30_000;
    if (!(this.batchSize >= 1)) throw new RangeError('batchSize must be at least 1');
    if (options.registry) {
      this.published = counter(options.registry, 'outbox_published_total', 'Outbox events published to the broker');
      this.failures = counter(options.registry, 'outbox_publish_failures_total', 'Outbox publish attempts that failed');
      pendingGauge(options.registry, this.pool);
    }
  }

  /** True while the NOTIFY connection is open; the relay still polls when it is not. */
  get listening(): boolean {
    return this.listener !== undefined;
  }

  /** Starts listening and relaying. Never throws for an unreachable database: it keeps retrying. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.connecting = this.listen();
    await this.connecting;
    if (this.running) this.loop = this.run();
  }

  /** Stops relaying; resolves once the batch in flight is committed and the NOTIFY connection closed. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.listenTimer);
    this.interruptPause?.();
    await this.loop;
    await this.connecting;
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
  }

  private wake(): void {
    this.wakeRequested = true;
    this.interruptPause?.();
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.wakeRequested = false;
      let outcome: BatchOutcome;
      try {
        outcome = await this.relayBatch();
      } catch (error) {
        this.logger.error('outbox relay could not read or update the outbox', { error: messageOf(error) });
        outcome = 'database-failed';
      }
      if (outcome === 'more') continue;
      // After a broker failure, new events must not trigger a burst of doomed attempts.
      await this.pause(this.pollIntervalMs, outcome !== 'publish-failed');
    }
  }

  private pause(ms: number, wakeOnNotify: boolean): Promise<void> {
    if (!this.running || (wakeOnNotify && this.wakeRequested)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interruptPause = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interruptPause = () => {
        if (wakeOnNotify || !this.running) done();
      };
    });
  }

  private relayBatch(): Promise<BatchOutcome> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<OutboxRow>(CLAIM_SQL, [this.batchSize]);
      const sent: string[] = [];
      let failed = false;
      for (const row of rows) {
        if (!this.running) break;
        try {
          await this.publishOne({ id: row.id, routingKey: row.routing_key, envelope: row.payload, headers: row.headers });
          sent.push(row.id);
        } catch (error) {
          failed = true;
          const attempts = row.attempts + 1;
          const delay = backoffDelay(attempts, this.minBackoffMs, this.maxBackoffMs);
          await client.query(MARK_FAILED_SQL, [row.id, messageOf(error).slice(0, 2_000), delay]);
          this.failures?.inc();
          this.logger.warn('outbox publish failed, will retry', {
            event_id: row.id,
            event_type: row.routing_key,
            attempts,
            retry_in_ms: delay,
            error: messageOf(error),
          });
          // Later rows wait: publishing them now would overtake this one within the batch.
          break;
        }
      }
      if (sent.length > 0) {
        await client.query(MARK_SENT_SQL, [sent]);
        this.published?.inc(sent.length);
      }
      if (failed) return 'publish-failed';
      return rows.length === this.batchSize && sent.length === rows.length ? 'more' : 'idle';
    });
  }

  private async publishOne(message: OutboxMessage): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const publishing = Promise.resolve().then(() => this.publish(message));
    // If the timeout wins, a late rejection must not become an unhandled one.
    publishing.catch(() => undefined);
    try {
      await Promise.race([
        publishing,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`publish timed out after ${this.publishTimeoutMs} ms`)), this.publishTimeoutMs);
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async listen(): Promise<void> {
    // A connection of its own: LISTEN belongs to a session, and a pooled client would be shared.
    const client = new pg.Client({ ...this.pool.options, keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    let connected = false;
    let lost = false;
    const lose = (error?: unknown) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = undefined;
      client.end().catch(() => undefined);
      if (!this.running) return;
      const delay = this.scheduleListen();
      this.logger.warn(
        connected
          ? 'outbox relay lost its NOTIFY connection, polling until it is back'
          : 'outbox relay could not open its NOTIFY connection, polling until it can',
        { error: error === undefined ? 'connection ended' : messageOf(error), retry_in_ms: delay },
      );
    };
    client.on('error', lose);
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    } catch (error) {
      lose(error);
      return;
    }
    if (lost) return;
    if (!this.running) {
      lost = true;
      await client.end().catch(() => undefined);
      return;
    }
    connected = true;
    client.on('end', () => lose());
    this.listener = client;
    this.listenFailures = 0;
    // Notifications sent while nobody listened are gone; look at the table now.
    this.wake();
  }

  private scheduleListen(): number {
    this.listenFailures += 1;
    const delay = backoffDelay(this.listenFailures, LISTEN_MIN_BACKOFF_MS, LISTEN_MAX_BACKOFF_MS);
    clearTimeout(this.listenTimer);
    this.listenTimer = setTimeout(() => {
      if (this.running) this.connecting = this.listen();
    }, delay);
    return delay;
  }
}

function counter(registry: Registry, name: string, help: string): Counter {
  return (registry.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, registers: [registry] });
}

function pendingGauge(registry: Registry, pool: pg.Pool): void {
  if (registry.getSingleMetric('outbox_pending')) return;
  new Gauge({
    name: 'outbox_pending',
    help: 'Outbox events not yet published (read from the database at scrape time)',
    registers: [registry],
    async collect() {
      // A scrape must not hang or fail because the database is slow; keep the last value then.
      let timer: NodeJS.Timeout | undefined;
      try {
        const { rows } = await Promise.race([
          pool.query<{ pending: number }>(PENDING_SQL),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error('timeout')), 1_000);
          }),
        ]);
        this.set(rows[0]?.pending ?? 0);
      } catch {
        // keep the previous value
      } finally {
        clearTimeout(timer);
      }
    },
  });
}
