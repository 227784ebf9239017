import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Logger } from '@marquee/core';

/** A public key from the JWKS, with the algorithm the JWK pins it to (if it says). */
export interface JwksKey {
  key: KeyObject;
  alg?: string;
}

export interface JwksKeyStoreOptions {
  url: string;
  logger: Logger;
  fetchTimeoutMs: number;
  /** Least time between two fetches caused by unknown key ids. */
  minRefetchIntervalMs: number;
  /** Keys older than this are refetched (so a key removed from the JWKS stops working). */
  maxAgeMs: number;
  /** Least time between attempts while no fetch has succeeded yet. */
  failureBackoffMs?: number;
}

/** Thrown when no key could ever be loaded: the verifier cannot tell good tokens from bad. */
export class JwksUnavailableError extends Error {
  constructor(cause: unknown) {
    super('The signing keys could not be loaded', { cause });
    this.name = 'JwksUnavailableError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Public signing keys by `kid`, fetched from a JWKS URL. An unknown kid triggers a refetch (the
 * users service rotated its key), at most once per `minRefetchIntervalMs` so random kids cannot
 * make us hammer the JWKS endpoint; concurrent lookups share one fetch.
 */
export class JwksKeyStore {
  private keys = new Map<string, JwksKey>();
  private loadedAt?: number;
  private attemptedAt?: number;
  private unknownKidFetchAt?: number;
  private lastFailure?: unknown;
  private inflight?: Promise<void>;

  constructor(private readonly options: JwksKeyStoreOptions) {}

  /** The key for `kid`, or undefined when the JWKS (even refetched) does not have it. */
  async get(kid: string): Promise<JwksKey | undefined> {
    if (this.inflight) await this.inflight;
    let fetched = false;
    if (this.loadedAt === undefined) {
      // Never loaded (start, or the JWKS was down): retry soon, but not on every request.
      if (this.attemptedAt === undefined || Date.now() - this.attemptedAt >= this.failureBackoffMs) {
        await this.refresh();
        fetched = true;
      }
      if (this.loadedAt === undefined) throw new JwksUnavailableError(this.lastFailure);
    } else if (Date.now() - this.loadedAt > this.options.maxAgeMs && this.since(this.attemptedAt) >= this.options.minRefetchIntervalMs) {
      await this.refresh();
      fetched = true;
    }
    const cached = this.keys.get(kid);
    if (cached || fetched) return cached;
    // An unknown kid usually means the users service rotated its key: look once more, but at
    // most once per interval, so made-up kids cannot make us hammer the JWKS endpoint.
    if (this.since(this.unknownKidFetchAt) < this.options.minRefetchIntervalMs) return undefined;
    this.unknownKidFetchAt = Date.now();
    await this.refresh();
    return this.keys.get(kid);
  }

  private get failureBackoffMs(): number {
    return Math.min(this.options.failureBackoffMs ?? 1_000, this.options.minRefetchIntervalMs);
  }

  private since(time: number | undefined): number {
    return time === undefined ? Infinity : Date.now() - time;
  }

  /** Fetches the JWKS (sharing a fetch already under way). A failure keeps the keys we had. */
  private refresh(): Promise<void> {
    this.inflight ??= this.load().finally(() => {
      this.inflight = undefined;
    });
    return this.inflight;
  }

  private async load(): Promise<void> {
    this.attemptedAt = Date.now();
    try {
      const response = await fetch(this.options.url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(this.options.fetchTimeoutMs),
      });
      if (!response.ok) throw new Error(`JWKS endpoint answered ${response.status}`);
      const body: unknown = await response.json();
      if (!isRecord(body) || !Array.isArray(body.keys)) throw new Error('JWKS document has no "keys" array');
      this.keys = this.parse(body.keys);
      this.loadedAt = Date.now();
      this.lastFailure = undefined;
      this.options.logger.debug('JWKS loaded', { kids: [...this.keys.keys()] });
    } catch (error) {
      this.lastFailure = error;
      this.options.logger.warn('JWKS fetch failed', {
        url: this.options.url,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }

  private parse(jwks: unknown[]): Map<string, JwksKey> {
    const keys = new Map<string, JwksKey>();
    for (const jwk of jwks) {
      if (!isRecord(jwk) || typeof jwk.kid !== 'string' || jwk.kid === '') continue;
      if (jwk.use !== undefined && jwk.use !== 'sig') continue;
      // Only asymmetric keys: an `oct` (shared secret) key in a JWKS would invite HS256 forgeries.
      if (jwk.kty !== 'RSA' && jwk.kty !== 'EC' && jwk.kty !== 'OKP') continue;
      try {
        const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
        keys.set(jwk.kid, { key, alg: typeof jwk.alg === 'string' ? jwk.alg : undefined });
      } catch (error) {
        this.options.logger.warn('JWKS key ignored', {
          kid: jwk.kid,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
    return keys;
  }
}
