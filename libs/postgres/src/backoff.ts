/**
 * Delay before retry number `attempt` (1-based): `minMs`, doubling each time, capped at `maxMs`.
 */
export function backoffDelay(attempt: number, minMs: number, maxMs: number): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 30));
  return Math.min(maxMs, minMs * 2 ** exponent);
}
