import type { Logger } from '@marquee/core';
import type { UsersService } from '../domain/users.service';

/**
 * The first admin, from ADMIN_EMAIL and ADMIN_PASSWORD, made at every start (not only under
 * SEED_DEMO: a real deployment needs it) unless that e-mail has an account, which is never changed.
 */
export async function ensureAdminAccount(users: UsersService, config: { ADMIN_EMAIL?: string; ADMIN_PASSWORD?: string }, logger: Logger): Promise<void> {
  if (!config.ADMIN_EMAIL || !config.ADMIN_PASSWORD) return;
  const created = await users.ensureAccount({ email: config.ADMIN_EMAIL, password: config.ADMIN_PASSWORD, name: 'Administrator', role: 'admin' });
  logger.info(created ? 'admin account created' : 'admin account already exists', { email: config.ADMIN_EMAIL });
}
