import { createHmac, timingSafeEqual } from 'node:crypto';

/** The cookie a browser (or app) keeps after signing in: `<user id>.<expires, unix s>.<mac>`. */
export const DEVICE_COOKIE = 'marquee_device';

/**
 * Device tokens (OWASP's "device cookies"): proof that this client has signed in to this account
 * before. A sign-in that shows one for the account it names is checked in the password workers'
 * own lane, ahead of a flood, so a credential-stuffing run from many addresses against many
 * accounts (which every per-address and per-account limit lets through) fills the ordinary queue
 * and gets 503s, while people on their own devices still sign in. A token is worth nothing for
 * another account, and only the right password signs in with it.
 */
export class DeviceTokens {
  constructor(
    private readonly key: Buffer,
    private readonly ttlSec: number,
  ) {}

  issue(userId: string, now: Date = new Date()): string {
    const expires = Math.floor(now.getTime() / 1000) + this.ttlSec;
    return `${userId}.${expires}.${this.mac(userId, expires)}`;
  }

  /** The account a well-formed, unexpired token of ours speaks for; null otherwise. */
  userOf(token: string | null | undefined, now: Date = new Date()): string | null {
    if (!token || token.length > 200) return null;
    const [userId, expiresText, mac, extra] = token.split('.');
    if (!userId || !expiresText || !mac || extra !== undefined || !/^\d{1,12}$/.test(expiresText)) return null;
    const expires = Number(expiresText);
    if (expires * 1000 <= now.getTime()) return null;
    const expected = Buffer.from(this.mac(userId, expires));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
  }

  get maxAgeSec(): number {
    return this.ttlSec;
  }

  private mac(userId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${userId}.${expires}`).digest('base64url');
  }
}
