import { booleanVar } from '@marquee/core';
import { z } from 'zod';

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
  OTP_TTL_SEC: seconds(600),
  OTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
  BCRYPT_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(10),
  LOGIN_FAILURE_WINDOW_SEC: seconds(900),
  IP_BLOCK_SEC: seconds(900),
  ADMIN_EMAIL: z.email({ message: 'must be an e-mail address' }).optional(),
  ADMIN_PASSWORD: z.string().min(8, { message: 'must be at least 8 characters' }).optional(),
  SEED_DEMO: booleanVar.default(false),
};
