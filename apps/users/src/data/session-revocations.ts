import { revokedSessionKey } from '@marquee/http';
import type { Platform } from '@marquee/service';
import type { SessionRevocations } from '../domain/session-revocations.store';

/**
 * The revocation list in Redis, under the key every service's token verifier checks
 * (`revokedSessionKey`). An entry lives as long as the longest access token of its session could,
 * plus a minute (more than the clock tolerance verifiers allow past `exp`), then expires by itself.
 */
export class RedisSessionRevocations implements SessionRevocations {
  constructor(
    private readonly redis: Platform['redis'],
    private readonly accessTtlSec: number,
  ) {}

  async revoke(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const multi = this.redis.multi();
    for (const id of sessionIds) multi.set(revokedSessionKey(id), '1', 'EX', this.accessTtlSec + 60);
    await multi.exec();
  }
}
