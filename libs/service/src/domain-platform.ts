import type { EventData, EventTypeName } from '@marquee/contracts';
import type { Logger } from '@marquee/core';
import type { Queryable } from '@marquee/postgres';
import type { Platform } from './platform';

/**
 * A connection or a transaction, as the domain passes it to its stores without knowing it is
 * PostgreSQL (domain code never imports `pg` or `@marquee/postgres`).
 */
export type Db = Queryable;

/**
 * What a service's domain needs from the platform: queries, transactions whose events commit with
 * them, and logs. A service's deps interface extends it; its composition root spreads
 * `domainPlatform(platform)` into the deps, and tests can build the same shape by hand.
 */
export interface DomainPlatform {
  db: Db;
  transaction<T>(fn: (client: Db) => Promise<T>): Promise<T>;
  /** Writes the event to the outbox in `client`'s transaction. */
  publish<K extends EventTypeName>(client: Db, type: K, data: EventData<K>): Promise<unknown>;
  logger: Logger;
}

export function domainPlatform(platform: Platform): DomainPlatform {
  return {
    db: platform.pool,
    transaction: (fn) => platform.transaction(fn),
    publish: (client, type, data) => platform.publish(client, type, data),
    logger: platform.logger,
  };
}
