// A real JWKS endpoint on 127.0.0.1 and token signing with node:crypto keys, for tests of services
// and of the token verifier. Keys are generated per run; nothing is read from disk.
import { generateKeyPairSync, randomUUID, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestKey {
  kid: string;
  alg: 'RS256' | 'EdDSA';
  privateKey: KeyObject;
  jwk: JsonWebKey;
}

export function generateTestKey(alg: 'RS256' | 'EdDSA', kid: string): TestKey {
  const { privateKey, publicKey } =
    alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ed25519');
  return { kid, alg, privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg, use: 'sig' } };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS signed with `key`; `header` overrides the default `{ alg, kid, typ }`. */
export function signToken(key: TestKey, claims: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const input = `${b64({ alg: key.alg, kid: key.kid, typ: 'JWT', ...header })}.${b64(claims)}`;
  const signature = sign(key.alg === 'RS256' ? 'sha256' : null, Buffer.from(input), key.privateKey);
  return `${input}.${signature.toString('base64url')}`;
}

/** The classic forgery: no signature at all. */
export function unsignedToken(claims: Record<string, unknown>, kid: string): string {
  return `${b64({ alg: 'none', kid, typ: 'JWT' })}.${b64(claims)}.`;
}

export class JwksServer {
  /** Keys currently published. */
  keys: TestKey[] = [];
  /** How many times the JWKS was fetched. */
  fetches = 0;
  /** The JWKS URL, once started. */
  url = '';
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      if (req.url !== '/.well-known/jwks.json') {
        res.writeHead(404).end();
        return;
      }
      this.fetches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: this.keys.map((k) => k.jwk) }));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/.well-known/jwks.json`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  }
}

export interface IssueOptions {
  /** The user id (`sub`); a fresh uuid when left out. */
  sub?: string;
  role?: 'user' | 'organizer' | 'admin';
  /** The session id; a fresh uuid when left out. */
  sid?: string;
  /** Lifetime in seconds (default 300). */
  ttlSec?: number;
  /** Extra or replaced claims. */
  claims?: Record<string, unknown>;
}

export interface IssuedToken {
  token: string;
  userId: string;
  sessionId: string;
  role: string;
}

/**
 * Stands in for the users service in a service's own tests: publishes a JWKS and signs access
 * tokens with the claims `@marquee/http` checks (`iss` marquee-users, `aud` marquee, `type` access).
 */
export class TestIssuer {
  readonly key = generateTestKey('RS256', `test-${randomUUID().slice(0, 8)}`);
  private readonly jwks = new JwksServer();
  constructor(
    readonly issuer = 'marquee-users',
    readonly audience = 'marquee',
  ) {
    this.jwks.keys = [this.key];
  }

  /** Starts the JWKS endpoint and returns its URL (pass it as `JWKS_URL`). */
  start(): Promise<string> {
    return this.jwks.start();
  }

  get jwksUrl(): string {
    return this.jwks.url;
  }

  issue(options: IssueOptions = {}): IssuedToken {
    const now = Math.floor(Date.now() / 1000);
    const userId = options.sub ?? randomUUID();
    const sessionId = options.sid ?? randomUUID();
    const role = options.role ?? 'user';
    const token = signToken(this.key, {
      sub: userId,
      sid: sessionId,
      role,
      type: 'access',
      iss: this.issuer,
      aud: this.audience,
      iat: now,
      exp: now + (options.ttlSec ?? 300),
      ...options.claims,
    });
    return { token, userId, sessionId, role };
  }

  stop(): Promise<void> {
    return this.jwks.stop();
  }
}
