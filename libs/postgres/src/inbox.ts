import { cutoffOf, deleteInBatches, type OlderThan } from './retention';
import type { Queryable } from './transaction';

/**
 * Records that `consumer` handled event `eventId`. Call it in the transaction of the consumer's
 * effect and skip the effect when it resolves to false: the event was handled before (a
 * redelivery) and its effect is already committed.
 */
export async function recordInbox(client: Queryable, consumer: string, eventId: string): Promise<boolean> {
  const { rowCount } = await client.query(
    'INSERT INTO inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [consumer, eventId],
  );
  return rowCount === 1;
}

/**
 * Forgets inbox entries received before `olderThan` (a Date, or an age in ms). Keep them longer
 * than any redelivery can take. Resolves to the number of entries deleted.
 */
export function pruneInbox(db: Queryable, olderThan: OlderThan, batchSize = 1_000): Promise<number> {
  return deleteInBatches(
    db,
    'DELETE FROM inbox WHERE (consumer, event_id) IN (SELECT consumer, event_id FROM inbox WHERE received_at < $1 LIMIT $2)',
    cutoffOf(olderThan),
    batchSize,
  );
}
