import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '@marquee/core';

export interface SigningKeys {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as published in the JWKS. */
  jwk: JsonWebKey;
}

/** RFC 7638 thumbprint of an RSA public key: a stable `kid` derived from the key itself. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n });
  return createHash('sha256').update(canonical).digest('base64url');
}

export function signingKeysFrom(privateKey: KeyObject, publicKey: KeyObject = createPublicKey(privateKey)): SigningKeys {
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('JWT_PRIVATE_KEY must be an RSA key (tokens are RS256)');
  const raw = publicKey.export({ format: 'jwk' });
  const kid = thumbprint(raw);
  return { kid, privateKey, publicKey, jwk: { kty: raw.kty, n: raw.n, e: raw.e, kid, alg: 'RS256', use: 'sig' } };
}

export function generateSigningKeys(): SigningKeys {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return signingKeysFrom(privateKey);
}

/** Finds the repository root (where .gitignore lists `.secrets/`) from the working directory. */
function repoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

export interface LoadKeysOptions {
  privateKeyPem?: string;
  publicKeyPem?: string;
  keyFile: string;
  nodeEnv: 'development' | 'test' | 'production';
  logger: Logger;
}

/**
 * The key pair from the environment (PEM; `\n` escapes allowed), or in development one generated
 * on first start and kept in a git-ignored file (`.secrets/` at the repository root) so tokens
 * survive restarts. Production without keys refuses to start.
 */
export function loadSigningKeys(options: LoadKeysOptions): SigningKeys {
  const pem = (value: string) => value.replace(/\\n/g, '\n');
  if (options.privateKeyPem) {
    const privateKey = createPrivateKey(pem(options.privateKeyPem));
    const publicKey = options.publicKeyPem ? createPublicKey(pem(options.publicKeyPem)) : createPublicKey(privateKey);
    const keys = signingKeysFrom(privateKey, publicKey);
    if (thumbprint(createPublicKey(privateKey).export({ format: 'jwk' })) !== keys.kid) {
      throw new Error('JWT_PUBLIC_KEY does not belong to JWT_PRIVATE_KEY');
    }
    return keys;
  }
  if (options.nodeEnv === 'production') throw new Error('JWT_PRIVATE_KEY is required in production');
  const file = path.isAbsolute(options.keyFile) ? options.keyFile : path.join(repoRoot(process.cwd()), options.keyFile);
  if (fs.existsSync(file)) return signingKeysFrom(createPrivateKey(fs.readFileSync(file, 'utf8')));
  const keys = generateSigningKeys();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.writeFileSync(file, keys.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  options.logger.warn('generated a development signing key', { file, kid: keys.kid });
  return keys;
}

/**
 * The key reset codes are HMAC'd with, derived from the signing key so there is no second secret
 * to provision; the same key pair always gives the same key, so stored codes survive restarts.
 */
export function otpKeyFrom(keys: SigningKeys): Buffer {
  return derivedKey(keys, 'otp');
}

/** The key device tokens are signed with, the same on every replica (derived like `otpKeyFrom`). */
export function deviceKeyFrom(keys: SigningKeys): Buffer {
  return derivedKey(keys, 'device');
}

function derivedKey(keys: SigningKeys, purpose: string): Buffer {
  return createHash('sha256').update(`marquee-${purpose}:`).update(keys.privateKey.export({ format: 'pem', type: 'pkcs8' })).digest();
}
