import type { Queryable } from './transaction';

/** A moment, or an age in milliseconds counted back from now. */
export type OlderThan = Date | number;

export function cutoffOf(olderThan: OlderThan, now = Date.now()): Date {
  if (olderThan instanceof Date) return olderThan;
  if (!Number.isFinite(olderThan) || olderThan < 0) throw new RangeError('olderThan must be a Date or an age in milliseconds (>= 0)');
  return new Date(now - olderThan);
}

/**
 * Runs `deleteSql` (parameters: cutoff, batch size) until it deletes fewer rows than a batch, so
 * a large backlog is removed in short transactions instead of one long lock-holding one.
 */
export async function deleteInBatches(db: Queryable, deleteSql: string, cutoff: Date, batchSize: number): Promise<number> {
  let total = 0;
  for (;;) {
    const { rowCount } = await db.query(deleteSql, [cutoff, batchSize]);
    total += rowCount ?? 0;
    if ((rowCount ?? 0) < batchSize) return total;
  }
}
