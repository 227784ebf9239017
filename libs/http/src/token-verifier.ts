import { verify as verifySignature, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { AppError, type Logger } from '@marquee/core';
import { ErrorCode } from '@marquee/contracts';
import { JwksKeyStore, JwksUnavailableError } from './jwks-key-store';

/** Roles a token can carry (API.md: `user` for everyone, `organizer` for events, `admin`). */
export const ROLES = ['user', 'organizer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Asymmetric JWS algorithms only: a shared-secret algorithm would let any holder of the JWKS sign. */
export const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
export type JwtAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];

/** The claims of a verified access token. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  role: Role;
  type: 'access';
  exp: number;
  iat?: number;
  iss?: string;
  aud?: string | string[];
  [claim: string]: unknown;
}

/** The caller, as proven by a verified access token. */
export interface AuthUser {
  /** The token's subject: the user id. */
  id: string;
  role: Role;
  /** The session (`sid`) the token belongs to; revoking it ends the token at once. */
  sessionId: string;
  claims: AccessTokenClaims;
}

/** Checks an access token; rejects with a 401 AppError (`UNAUTHORIZED`, `TOKEN_EXPIRED`, `SESSION_REVOKED`). */
export interface TokenVerifier {
  verify(token: string): Promise<AuthUser>;
}

export interface TokenVerifierOptions {
  /** Where the users service publishes its public keys. */
  jwksUrl: string;
  issuer: string;
  audience: string;
  /** Accepted `alg` values; default RS256 and EdDSA. Only asymmetric algorithms are allowed. */
  algorithms?: JwtAlgorithm[];
  /** True when the session was ended (logout, password change); see `revokedSessionKey`. */
  isSessionRevoked?: (sessionId: string) => Promise<boolean>;
  logger: Logger;
  /** Timeout of one JWKS fetch; default 3 s. */
  fetchTimeoutMs?: number;
  /** Least time between JWKS refetches caused by unknown key ids; default 30 s. */
  minRefetchIntervalMs?: number;
  /** Keys are refetched when older than this; default 10 min. */
  jwksMaxAgeMs?: number;
  /** Allowed clock skew between services for `exp` and `nbf`; default 5 s. */
  clockToleranceSec?: number;
  /**
   * How many verified tokens to remember, so a token seen again skips the signature check (its
   * expiry and its session's revocation are still checked every time). 0 turns it off; default 10 000.
   */
  verifiedCacheSize?: number;
}

/** The Redis key under which the users service marks a session as revoked. */
export function revokedSessionKey(sessionId: string): string {
  return `revoked:session:${sessionId}`;
}

const MAX_TOKEN_LENGTH = 8_192;
const SEGMENT = /^[A-Za-z0-9_-]+$/;

/** `WWW-Authenticate` for a bad token (RFC 6750 §3). */
function bearerChallenge(error?: string, description?: string): Record<string, string> {
  const parts = ['Bearer realm="marquee"'];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${description}"`);
  return { 'WWW-Authenticate': parts.join(', ') };
}

/** 401 for a token that is missing (no `error` in the challenge, as RFC 6750 asks). */
export function missingTokenError(): AppError {
  return new AppError(ErrorCode.UNAUTHORIZED, 'A valid access token is required', { headers: bearerChallenge() });
}

/** 401 for a token that is present but not acceptable (`error="invalid_token"`). */
export function invalidTokenError(): AppError {
  return new AppError(ErrorCode.UNAUTHORIZED, 'The access token is not valid', {
    headers: bearerChallenge('invalid_token', 'The access token is not valid'),
  });
}

function expiredTokenError(): AppError {
  return new AppError(ErrorCode.TOKEN_EXPIRED, 'The access token has expired; refresh it', {
    headers: bearerChallenge('invalid_token', 'The access token expired'),
  });
}

function revokedSessionError(): AppError {
  return new AppError(ErrorCode.SESSION_REVOKED, 'This session has ended; sign in again', {
    headers: bearerChallenge('invalid_token', 'The session was revoked'),
  });
}

function unavailableError(what: string, cause: unknown): AppError {
  return new AppError(ErrorCode.UPSTREAM_UNAVAILABLE, `Tokens cannot be checked right now (${what}); try again shortly`, {
    status: 503,
    headers: { 'Retry-After': '5' },
    cause,
  });
}

/** Why a token was refused: logged, never sent (it would help an attacker tune a forgery). */
class Rejection extends Error {
  constructor(
    readonly reason: string,
    readonly answer: AppError = invalidTokenError(),
  ) {
    super(reason);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function decodeSegment(segment: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new Rejection(`${what} is not JSON`);
  }
  if (!isRecord(value)) throw new Rejection(`${what} is not an object`);
  return value;
}

/** Splits a compact JWS, strictly: three non-empty base64url segments. */
function splitToken(token: string): [string, string, string] {
  if (token.length > MAX_TOKEN_LENGTH) throw new Rejection('token too long');
  const parts = token.split('.');
  if (parts.length !== 3) throw new Rejection('not a compact JWS');
  const [header, payload, signature] = parts as [string, string, string];
  // An empty signature is what `alg: none` looks like; it is refused before any key is chosen.
  if (!SEGMENT.test(header) || !SEGMENT.test(payload) || !SEGMENT.test(signature)) {
    throw new Rejection('malformed or unsigned token');
  }
  return [header, payload, signature];
}

/** Signature and registered claims of an EdDSA token, which jsonwebtoken 9 cannot verify. */
function verifyEdDsa(
  [header, payload, signature]: [string, string, string],
  key: KeyObject,
  options: { issuer: string; audience: string; clockToleranceSec: number },
): Record<string, unknown> {
  if (key.asymmetricKeyType !== 'ed25519' && key.asymmetricKeyType !== 'ed448') {
    throw new Rejection(`EdDSA token, ${key.asymmetricKeyType ?? 'unknown'} key`);
  }
  const signed = Buffer.from(`${header}.${payload}`);
  if (!verifySignature(null, signed, key, Buffer.from(signature, 'base64url'))) throw new Rejection('bad signature');
  const claims = decodeSegment(payload, 'payload');
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== 'number') throw new Rejection('no exp');
  if (now >= claims.exp + options.clockToleranceSec) throw new Rejection('expired', expiredTokenError());
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || now + options.clockToleranceSec < claims.nbf)) {
    throw new Rejection('not yet valid');
  }
  if (claims.iss !== options.issuer) throw new Rejection('wrong issuer');
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!audiences.includes(options.audience)) throw new Rejection('wrong audience');
  return claims;
}

/** The claims every access token must have, whatever signed it. */
function accessClaims(claims: Record<string, unknown>): AccessTokenClaims {
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) throw new Rejection('no exp');
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new Rejection('no sub');
  if (typeof claims.sid !== 'string' || claims.sid === '') throw new Rejection('no sid');
  if (claims.type !== 'access') throw new Rejection(`type ${String(claims.type)} is not access`);
  if (!ROLES.includes(claims.role as Role)) throw new Rejection('unknown role');
  return claims as AccessTokenClaims;
}

/**
 * Verifies access tokens signed by the users service against its JWKS.
 *
 * The algorithm must be one of `algorithms` and match the key's type (and the JWK's `alg` when it
 * has one); `iss`, `aud` and `exp` are always checked; `sub`, `sid`, `role` and
 * `type: "access"` are required (a password-reset token is refused). RS/PS/ES tokens go through
 * `jwt.verify` with `algorithms`, `issuer` and `audience`; EdDSA tokens, which jsonwebtoken 9 does
 * not support, are checked with `node:crypto`. A revoked session answers `SESSION_REVOKED`; when
 * neither the keys nor the revocation store can be reached the answer is 503, not 401, so clients
 * do not throw away good tokens.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const algorithms = options.algorithms ?? ['RS256', 'EdDSA'];
  if (algorithms.length === 0) throw new Error('createTokenVerifier: at least one algorithm is required');
  for (const alg of algorithms) {
    if (!(SUPPORTED_ALGORITHMS as readonly string[]).includes(alg)) {
      throw new Error(`createTokenVerifier: algorithm ${alg} is not allowed (asymmetric algorithms only)`);
    }
  }
  const jwtAlgorithms = algorithms.filter((a) => a !== 'EdDSA') as jwt.Algorithm[];
  const clockToleranceSec = options.clockToleranceSec ?? 5;
  const { issuer, audience, logger } = options;
  const keys = new JwksKeyStore({
    url: options.jwksUrl,
    logger,
    fetchTimeoutMs: options.fetchTimeoutMs ?? 3_000,
    minRefetchIntervalMs: options.minRefetchIntervalMs ?? 30_000,
    maxAgeMs: options.jwksMaxAgeMs ?? 600_000,
  });

  function verifyWithJsonwebtoken(token: string, key: KeyObject): Record<string, unknown> {
    try {
      const payload = jwt.verify(token, key, { algorithms: jwtAlgorithms, issuer, audience, clockTolerance: clockToleranceSec });
      if (!isRecord(payload)) throw new Rejection('payload is not an object');
      return payload;
    } catch (error) {
      if (error instanceof Rejection) throw error;
      if (error instanceof jwt.TokenExpiredError) throw new Rejection('expired', expiredTokenError());
      throw new Rejection(error instanceof Error ? error.message : 'jwt.verify failed');
    }
  }

  // Insertion-ordered map used as an LRU of tokens whose signature and claims were verified.
  const verified = new Map<string, AccessTokenClaims>();
  const cacheSize = options.verifiedCacheSize ?? 10_000;

  async function verifiedClaims(token: string): Promise<AccessTokenClaims> {
    const known = verified.get(token);
    if (known) {
      if (Date.now() / 1000 < known.exp + clockToleranceSec) {
        verified.delete(token);
        verified.set(token, known);
        return known;
      }
      verified.delete(token);
      throw new Rejection('expired', expiredTokenError());
    }
    const claims = await verifySignature(token);
    if (cacheSize > 0) {
      if (verified.size >= cacheSize) verified.delete(verified.keys().next().value as string);
      verified.set(token, claims);
    }
    return claims;
  }

  async function verifySignature(token: string): Promise<AccessTokenClaims> {
    const segments = splitToken(token);
    const header = decodeSegment(segments[0], 'header');
    const alg = header.alg;
    if (typeof alg !== 'string' || !(algorithms as string[]).includes(alg)) {
      throw new Rejection(`algorithm ${String(alg)} not accepted`);
    }
    // RFC 7515 §4.1.11: extensions we do not understand must not be ignored.
    if (header.crit !== undefined) throw new Rejection('crit header');
    if (typeof header.kid !== 'string' || header.kid === '') throw new Rejection('no kid');
    let jwk;
    try {
      jwk = await keys.get(header.kid);
    } catch (error) {
      if (error instanceof JwksUnavailableError) throw new Rejection('JWKS unavailable', unavailableError('keys', error));
      throw error;
    }
    if (!jwk) throw new Rejection(`unknown kid ${header.kid.slice(0, 64)}`);
    if (jwk.alg !== undefined && jwk.alg !== alg) throw new Rejection(`key is for ${jwk.alg}, token says ${alg}`);
    return accessClaims(
      alg === 'EdDSA'
        ? verifyEdDsa(segments, jwk.key, { issuer, audience, clockToleranceSec })
        : verifyWithJsonwebtoken(token, jwk.key),
    );
  }

  async function check(token: string): Promise<AuthUser> {
    const claims = await verifiedClaims(token);
    if (options.isSessionRevoked) {
      let revoked: boolean;
      try {
        revoked = await options.isSessionRevoked(claims.sid);
      } catch (error) {
        // Fail closed: a logged-out session must not come back because Redis is unreachable.
        throw new Rejection('revocation check failed', unavailableError('sessions', error));
      }
      if (revoked) throw new Rejection('session revoked', revokedSessionError());
    }
    return { id: claims.sub, role: claims.role, sessionId: claims.sid, claims };
  }

  return {
    async verify(token: string): Promise<AuthUser> {
      try {
        return await check(token);
      } catch (error) {
        if (!(error instanceof Rejection)) throw error;
        const level = error.answer.status >= 500 ? 'warn' : 'info';
        logger.log(level, 'access token refused', { reason: error.reason, code: error.answer.code });
        throw error.answer;
      }
    },
  };
}
