/** bcrypt reads at most 72 bytes of a password: a longer new password is refused, never silently cut. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * Hashes and checks passwords (bcrypt, off the event loop: `security/worker-password-hasher.ts`).
 * Its queue is bounded: a task given when it is full is refused with 503 `SERVICE_BUSY`.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * False, not an error, for a malformed hash. `priority`: a sign-in from a known device, checked
   * in a lane of its own ahead of the ordinary queue (bounded the same way), so a flood that fills
   * the ordinary queue does not refuse it.
   */
  compare(password: string, hash: string, priority?: boolean): Promise<boolean>;
  /** Throws the 503 a task given now (in that lane) would get: a caller can refuse before doing other work. */
  assertRoom(priority?: boolean): void;
}
