/** bcrypt reads at most 72 bytes of a password: a longer new password is refused, never silently cut. */
export const MAX_PASSWORD_BYTES = 72;

/**
 * Hashes and checks passwords (bcrypt, off the event loop: `security/worker-password-hasher.ts`).
 * Its queue is bounded: a task given when it is full is refused with 503 `SERVICE_BUSY`.
 */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False, not an error, for a malformed hash. */
  compare(password: string, hash: string): Promise<boolean>;
  /** Throws the 503 a task given now would get: a caller can refuse before doing other work. */
  assertRoom(): void;
}
