import { createHash } from 'node:crypto';
import path from 'node:path';
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

export const DEMO_ACCOUNTS = [
  { email: 'admin@marquee.demo', password: 'demo-admin-123', username: 'demo_admin', name: 'Demo Admin', role: 'admin' as const },
  { email: 'user@marquee.demo', password: 'demo-user-123', username: 'demo_user', name: 'Demo User', role: 'user' as const },
];

/**
 * The composition root: config → platform (pools, broker, verifier) → repositories → domain → HTTP.
 * Tests call it with their own environment (PORT=0, a test database, their AMQP prefix).
 */
export async function startUsersService(env: Record<string, string | undefined> = process.env) {
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
    const hasher = new PasswordHasher(config.BCRYPT_COST, config.BCRYPT_WORKERS);
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
        loginMaxFailures: config.LOGIN_MAX_FAILURES,
        loginWindowSec: config.LOGIN_FAILURE_WINDOW_SEC,
        ipBlockSec: config.IP_BLOCK_SEC,
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
      // Demo credentials only (SEED_DEMO): printed so a developer can sign in right away.
      logger.info(`demo accounts ready: ${DEMO_ACCOUNTS.map((a) => `${a.role} ${a.email} / ${a.password}`).join(', ')}`);
    }

    const served = await platform.serve(
      (router) => {
        authRoutes(router, auth, resets, tokens);
        usersRoutes(router, users, auth);
      },
      { description: 'Accounts, sessions, tokens, password reset, profiles and roles' },
    );
    return { platform, tokens, ...served };
  } catch (error) {
    await platform.stop();
    throw error;
  }
}

export type UsersServiceHandle = Awaited<ReturnType<typeof startUsersService>>;
