import { randomUUID } from 'node:crypto';
import { createEvent, type DomainEvent, type EventData, type EventTypeName } from '@marquee/contracts';
import type { Db, DomainPlatform } from '@marquee/service';
import type { EventLogStore, EventOrigin, StoredEvent } from './event-log.store';
import type { ProjectionStore, ReplayProjection } from './projection.store';
import { Projector } from './projector';
import { storable, withoutSecrets } from './storable';

export interface RecorderDeps extends DomainPlatform {
  log: EventLogStore;
  projection: ProjectionStore;
  /** A fresh in-memory projection for each replay. */
  replayProjection: () => ReplayProjection;
  /** ANALYTICS_TIMEZONE: whose calendar days the buckets are. */
  timeZone: string;
  /** Events read per query by the replay. */
  replayBatch: number;
}

/** An event recorded by an admin (POST /api/analytics/events), its data already checked. */
export interface HandRecordedEvent<K extends EventTypeName = EventTypeName> {
  type: K;
  data: EventData<K>;
  id?: string;
  time?: string;
  source?: string;
  correlationid?: string;
}

/**
 * Records domain events: each one is appended to the log once (its id is the key) and, when it
 * is new, applied to the facts and aggregates in the same transaction. The bus consumer and
 * POST /api/analytics/events take this one path; the replay applies the stored events through
 * the same appliers.
 */
export class EventRecorder {
  private readonly projector: Projector;

  constructor(private readonly deps: RecorderDeps) {
    this.projector = new Projector(deps.projection, deps.timeZone);
  }

  /**
   * Appends `event` to the log and, when it was not there yet, applies it, all in `db`'s
   * transaction. Resolves false for an event already stored (a redelivery changes nothing).
   */
  async record(db: Db, event: DomainEvent, origin: EventOrigin): Promise<boolean> {
    const stored: StoredEvent = {
      id: event.id.toLowerCase(),
      type: event.type,
      source: event.source,
      time: new Date(event.time),
      correlation_id: event.correlationid ?? null,
      data: storable(withoutSecrets(event.type, event.data)),
    };
    if (!(await this.deps.log.append(db, stored, origin))) return false;
    await this.projector.apply(db, stored);
    return true;
  }

  /**
   * Records an event an admin sends by hand, as if it had come from the bus. When its id is
   * already stored, nothing changes and the stored event is what is answered.
   */
  async recordByHand(adminId: string, input: HandRecordedEvent): Promise<{ event: StoredEvent; recorded: boolean }> {
    const event = createEvent(input.type, input.data, {
      source: input.source ?? 'admin',
      id: input.id ?? randomUUID(),
      time: input.time ?? new Date(),
      correlationid: input.correlationid,
    }) as DomainEvent;
    return this.deps.transaction(async (tx) => {
      if (await this.record(tx, event, { via: 'api', recordedBy: adminId })) {
        return { recorded: true, event: { id: event.id, type: event.type, source: event.source, time: new Date(event.time), correlation_id: event.correlationid ?? null, data: event.data } };
      }
      const stored = await this.deps.log.find(tx, event.id);
      if (!stored) throw new Error(`event ${event.id} was neither appended nor found`);
      return { recorded: false, event: stored };
    });
  }

  /**
   * Rebuilds every fact and aggregate from the log, in one transaction: the log is frozen
   * (appends wait), every stored event is applied in time order by the same appliers as the
   * consumer's, to a projection in memory, and the derived tables are emptied and written from
   * it. Consumers and readers wait for the commit and then see the rebuilt tables.
   */
  async replay(): Promise<{ events: number }> {
    return this.deps.transaction(async (tx) => {
      await this.deps.log.freeze(tx);
      const memory = this.deps.replayProjection();
      const projector = new Projector(memory, this.deps.timeZone);
      let events = 0;
      let cursor: { time: Date; id: string } | null = null;
      for (;;) {
        const batch = await this.deps.log.readAfter(tx, cursor, this.deps.replayBatch);
        for (const event of batch) await projector.apply(tx, event);
        events += batch.length;
        const last = batch[batch.length - 1];
        if (!last || batch.length < this.deps.replayBatch) break;
        cursor = { time: last.time, id: last.id };
      }
      await this.deps.projection.reset(tx);
      await memory.writeTo(tx);
      return { events };
    });
  }
}
