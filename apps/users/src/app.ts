import { createHash } from 'node:crypto';
import path from 'node:path';
import { booleanVar, ConfigError, type Logger } from '@marquee/core';
import { revokedSessionKey } from '@marquee/http';
import { createPlatform, domainPlatform } from '@marquee/service';
import { usersConfigShape } from './config';
import { LoginGuardRepository } from './data/login-guard.repository';
import { PasswordResetsRepository } from './data/password-resets.repository';
import { SessionsRepository } from './data/sessions.repository';
import { UsersRepository } from './data/users.repository';
import { AuthService } from './domain/auth.service';
import { PasswordHasher } from './domain/password-hasher';
import { PasswordResetService } from './domain/password-reset.service';
import type { UsersDeps } from './domain/ports';
import { loadSigningKeys } from './domain/signing-keys';
import { TokenService } from './domain/token-service';
import { UsersService } from './domain/users.service';
import { authRoutes } from './http/auth.routes';
import { usersRoutes } from './http/users.routes';

export const USERS_MIGRATIONS = path.join(__dirname, 'migrations');

/** Their passwords are in this file: never in production (SEED_DEMO is refused there). */
export const DEMO_ACCOUNTS = [
  { email: 'admin@marquee.demo', password: 'demo-admin-123', username: 'demo_admin', name: 'Demo Admin', role: 'admin' as const },
  { email: 'user@marquee.demo', password: 'demo-user-123', username: 'demo_user', name: 'Demo User', role: 'user' as const },
];

/**
 * The composition root: config → platform (pools, broker, verifier) → repositories → domain → HTTP.
 * Tests call it with their own environment (PORT=0, a test database, their AMQP prefix).
 */
export async function startUsersService(env: Record<string, string | undefined> = process.env) {
  refuseDemoAccountsInProduction(env);
  const platform = await createPlatform({ service: 'users', defaultPort: 3000, migrationsDir: USERS_MIGRATIONS, env, config: usersConfigShape });
  const { config, logger } = platform;
  try {
    const keys = loadSigningKeys({
      privateKeyPem: config.JWT_PRIVATE_KEY,
      publicKeyPem: config.JWT_PUBLIC_KEY,
      keyFile: config.JWT_KEY_FILE,
      nodeEnv: config.NODE_ENV,
      logger,
    });
    const hasher = new PasswordHasher(config.BCRYPT_COST, config.BCRYPT_WORKERS, config.BCRYPT_QUEUE_MAX);
    platform.lifecycle.onStop('password workers', () => hasher.close());
    const tokens = new TokenService(keys, {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      accessTtlSec: config.ACCESS_TOKEN_TTL_SEC,
      resetTtlSec: config.RESET_TOKEN_TTL_SEC,
    });

    const deps: UsersDeps = {
      ...domainPlatform(platform),
      revokeSessions: async (ids) => {
        if (ids.length === 0) return;
        // Lives as long as the longest access token of those sessions could.
        const multi = platform.redis.multi();
        for (const id of ids) multi.set(revokedSessionKey(id), '1', 'EX', config.ACCESS_TOKEN_TTL_SEC + 60);
        await multi.exec();
      },
      hasher,
      tokens,
      users: new UsersRepository(),
      sessions: new SessionsRepository(),
      resets: new PasswordResetsRepository(),
      loginGuard: new LoginGuardRepository(),
      settings: {
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
      },
    };
    const auth = new AuthService(deps);
    const otpKey = createHash('sha256').update('marquee-otp:').update(keys.privateKey.export({ format: 'pem', type: 'pkcs8' })).digest();
    const resets = new PasswordResetService(deps, otpKey);
    const users = new UsersService(deps, auth);
    await auth.warmUp();

    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const created = await users.ensureAccount({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, name: 'Administrator', role: 'admin' });
      logger.info(created ? 'admin account created' : 'admin account already exists', { email: config.ADMIN_EMAIL });
    }
    if (config.SEED_DEMO) {
      for (const account of DEMO_ACCOUNTS) await users.ensureAccount(account);
      // Demo credentials only (SEED_DEMO, never in production): printed so a developer can sign in right away.
      logger.info(`demo accounts ready: ${DEMO_ACCOUNTS.map((a) => `${a.role} ${a.email} / ${a.password}`).join(', ')}`);
    }
    await warnOfDemoAccounts(deps, logger);

    const served = await platform.serve(
      (router) => {
        authRoutes(router, auth, resets, tokens);
        usersRoutes(router, users, auth);
      },
      { description: 'Accounts, sessions, tokens, password reset, profiles and roles' },
    );
    return { platform, tokens, hasher, ...served };
  } catch (error) {
    await platform.stop();
    throw error;
  }
}

/**
 * SEED_DEMO under NODE_ENV=production is a configuration error, judged before anything connects:
 * the demo admin's password is public.
 */
function refuseDemoAccountsInProduction(env: Record<string, string | undefined>): void {
  if (env.NODE_ENV !== 'production' || !env.SEED_DEMO || booleanVar.safeParse(env.SEED_DEMO).data !== true) return;
  throw new ConfigError('users', [
    { variable: 'SEED_DEMO', message: `must be off when NODE_ENV=production: the demo accounts' passwords are published in the source` },
  ]);
}

/** Demo accounts left in a database (seeded earlier, or copied from a demo) are a known password away from anyone. */
async function warnOfDemoAccounts(deps: UsersDeps, logger: Logger): Promise<void> {
  const present: string[] = [];
  for (const account of DEMO_ACCOUNTS) if (await deps.users.findByEmail(deps.db, account.email)) present.push(account.email);
  if (present.length === 0) return;
  logger.warn('demo accounts exist and their passwords are published in the source: delete them before real users get here', { emails: present });
}

export type UsersServiceHandle = Awaited<ReturnType<typeof startUsersService>>;
