import path from 'node:path';
import { defineService, domainPlatform, every } from '@marquee/service';
import pkg from '../package.json';
import { domainSettings, usersConfigShape } from './config';
import { AuthRecordsRetention } from './data/auth-records-retention';
import { LoginGuardRepository } from './data/login-guard.repository';
import { PasswordResetsRepository } from './data/password-resets.repository';
import { RedisSessionRevocations } from './data/session-revocations';
import { SessionsRepository } from './data/sessions.repository';
import { UsersRepository } from './data/users.repository';
import { AuthService } from './domain/auth.service';
import { PasswordResetService } from './domain/password-reset.service';
import type { UsersDeps } from './domain/ports';
import { UsersService } from './domain/users.service';
import { authRoutes } from './http/auth.routes';
import { internalRoutes } from './http/internal.routes';
import { usersRoutes } from './http/users.routes';
import { JwtTokenService } from './security/jwt-token-service';
import { deviceKeyFrom, loadSigningKeys, otpKeyFrom } from './security/signing-keys';
import { WorkerPasswordHasher } from './security/worker-password-hasher';
import { DeviceTokens } from './domain/device-tokens';
import { ensureAdminAccount } from './seed/admin-account';
import { demoAccountsConfigIssues, seedDemoAccounts, warnOfDemoAccounts } from './seed/demo-accounts';

/**
 * The users service: signing keys, the password hasher (worker threads) and the token signer →
 * repositories → domain → routes; demo accounts as its seed. Tests reach the token signer and the
 * hasher through the handle's `api`.
 */
export const usersService = defineService({
  name: 'users',
  packageJson: pkg,
  description: 'Accounts, sessions, tokens, password reset, profiles and roles',
  config: usersConfigShape,
  migrationsDir: path.join(__dirname, 'migrations'),
  checkConfig: demoAccountsConfigIssues,
  build: async (platform) => {
    const { config, logger } = platform;
    const keys = loadSigningKeys({
      privateKeyPem: config.JWT_PRIVATE_KEY,
      publicKeyPem: config.JWT_PUBLIC_KEY,
      keyFile: config.JWT_KEY_FILE,
      nodeEnv: config.NODE_ENV,
      logger,
    });
    const hasher = new WorkerPasswordHasher(config.BCRYPT_COST, config.BCRYPT_WORKERS, config.BCRYPT_QUEUE_MAX);
    platform.lifecycle.onStop('password workers', () => hasher.close());
    const tokens = new JwtTokenService(keys, {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      accessTtlSec: config.ACCESS_TOKEN_TTL_SEC,
      resetTtlSec: config.RESET_TOKEN_TTL_SEC,
    });

    const deps: UsersDeps = {
      ...domainPlatform(platform),
      revocations: new RedisSessionRevocations(platform.redis, config.ACCESS_TOKEN_TTL_SEC),
      hasher,
      devices: new DeviceTokens(deviceKeyFrom(keys), config.DEVICE_TOKEN_TTL_SEC),
      tokens,
      users: new UsersRepository(),
      sessions: new SessionsRepository(),
      resets: new PasswordResetsRepository(),
      loginGuard: new LoginGuardRepository(),
      settings: domainSettings(config),
    };
    const auth = new AuthService(deps);
    const resets = new PasswordResetService(deps, otpKeyFrom(keys));
    const users = new UsersService(deps, auth);
    await auth.warmUp();
    await ensureAdminAccount(users, config, logger);
    const retention = new AuthRecordsRetention();

    return {
      routes: (router) => {
        authRoutes(router, auth, resets, tokens, { secureCookies: config.NODE_ENV === 'production' });
        usersRoutes(router, users, auth);
        internalRoutes(router, users, { allow: config.INTERNAL_ALLOW, token: config.INTERNAL_TOKEN });
      },
      jobs: [
        every('prune-auth-records', config.PRUNE_INTERVAL_MS, async ({ db, logger: jobLogger }) => {
          const pruned = await retention.prune(db, config.AUTH_RECORDS_RETENTION_HOURS);
          if (Object.values(pruned).some((n) => n > 0)) jobLogger.info('pruned old login and reset records', pruned);
        }),
      ],
      seed: () => seedDemoAccounts(users, logger),
      onStart: () => warnOfDemoAccounts(users, logger),
      api: { tokens, hasher },
    };
  },
});
