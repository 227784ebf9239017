import { z } from 'zod';
import type { UsersDeps } from './domain/ports';

const seconds = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** The users service's own environment, validated with the shared variables at start. */
export const usersConfigShape = {
  /** PEM key pair signing access tokens; without them a development key is generated and kept in JWT_KEY_FILE. */
  JWT_PRIVATE_KEY: z.string().optional(),
  JWT_PUBLIC_KEY: z.string().optional(),
  JWT_KEY_FILE: z.string().default('.secrets/users-jwt-key.pem'),
  ACCESS_TOKEN_TTL_SEC: seconds(900),
  REFRESH_TOKEN_TTL_SEC: seconds(30 * 24 * 3600),
  RESET_TOKEN_TTL_SEC: seconds(900),
  /** How long a device that signed in is known (the `marquee_device` cookie): its sign-ins skip a flood's queue. */
  DEVICE_TOKEN_TTL_SEC: seconds(90 * 24 * 3600),
  OTP_TTL_SEC: seconds(600),
  OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /**
   * Forgot-password requests per e-mail (case-folded, account or not) an hour; past it the answer
   * is still 202 with a reset token, but no code is sent and that token never verifies.
   */
  RESET_REQUESTS_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  /** Codes tried per e-mail an hour, over all its reset requests; past it verify answers 429. */
  OTP_GUESSES_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(10),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  BCRYPT_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  /**
   * Password checks that may wait for a worker; past it sign-in, registration and password changes
   * answer 503 with Retry-After at once. Each waiting check adds about one hash time / BCRYPT_WORKERS
   * to the wait of the ones behind it.
   */
  BCRYPT_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(8),
  /** Failed sign-ins from one address (IPv4, or IPv6 /64) in the window before it is blocked. */
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_FAILURE_WINDOW_SEC: seconds(900),
  IP_BLOCK_SEC: seconds(900),
  /**
   * Failed sign-ins for one e-mail or username, from any addresses, in the window before it is
   * refused (429) until the oldest ages out. Above LOGIN_MAX_FAILURES, so one address alone gets
   * itself blocked before it can lock its victim out.
   */
  LOGIN_ACCOUNT_MAX_FAILURES: z.coerce.number().int().min(1).default(20),
  LOGIN_ACCOUNT_WINDOW_SEC: seconds(900),
  /**
   * Sign-ins whose password is being checked at once, per address (IPv4, or IPv6 /64) and per
   * e-mail or username, in one process; more get 429 with Retry-After: 1. Keeps one flood from
   * holding every password worker while it spends the failures the limits above allow it.
   */
  LOGIN_CONCURRENT_PER_ADDRESS: z.coerce.number().int().min(1).default(4),
  LOGIN_CONCURRENT_PER_LOGIN: z.coerce.number().int().min(1).default(2),
  /** Login attempts, address blocks and resets are kept this long after no rule reads them. */
  AUTH_RECORDS_RETENTION_HOURS: z.coerce.number().int().min(1).default(24),
  ADMIN_EMAIL: z.email({ message: 'must be an e-mail address' }).optional(),
  ADMIN_PASSWORD: z.string().min(8, { message: 'must be at least 8 characters' }).optional(),
};

export type UsersConfig = z.infer<z.ZodObject<typeof usersConfigShape>>;

/** The limits and lifetimes the domain applies, from the environment. */
export function domainSettings(config: UsersConfig): UsersDeps['settings'] {
  return {
    refreshTtlSec: config.REFRESH_TOKEN_TTL_SEC,
    otpTtlSec: config.OTP_TTL_SEC,
    otpMaxAttempts: config.OTP_MAX_ATTEMPTS,
    resetRequestsPerHour: config.RESET_REQUESTS_PER_HOUR,
    otpGuessesPerHour: config.OTP_GUESSES_PER_HOUR,
    loginMaxFailures: config.LOGIN_MAX_FAILURES,
    loginWindowSec: config.LOGIN_FAILURE_WINDOW_SEC,
    ipBlockSec: config.IP_BLOCK_SEC,
    loginAccountMaxFailures: config.LOGIN_ACCOUNT_MAX_FAILURES,
    loginAccountWindowSec: config.LOGIN_ACCOUNT_WINDOW_SEC,
    loginConcurrentPerAddress: config.LOGIN_CONCURRENT_PER_ADDRESS,
    loginConcurrentPerLogin: config.LOGIN_CONCURRENT_PER_LOGIN,
  };
}
