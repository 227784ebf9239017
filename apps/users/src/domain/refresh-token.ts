import { createHash, randomBytes } from 'node:crypto';

/** An opaque refresh token and the hash stored for it (the token itself is never stored). */
export function newRefreshToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashRefreshToken(token) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
