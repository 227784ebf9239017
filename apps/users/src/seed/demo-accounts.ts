import type { ConfigIssue, Logger } from '@marquee/core';
import type { UsersService } from '../domain/users.service';

/** Their passwords are in this file: never in production (SEED_DEMO is refused there). */
export const DEMO_ACCOUNTS = [
  { email: 'admin@marquee.demo', password: 'demo-admin-123', username: 'demo_admin', name: 'Demo Admin', role: 'admin' as const },
  { email: 'user@marquee.demo', password: 'demo-user-123', username: 'demo_user', name: 'Demo User', role: 'user' as const },
  // Owns the events service's demo events, which name this id.
  { id: 'e0000000-0000-4000-8000-000000000001', email: 'organizer@marquee.demo', password: 'demo-organizer-123', username: 'demo_organizer', name: 'Demo Organizer', role: 'organizer' as const },
];

/** The seed hook (SEED_DEMO): the demo accounts, unless their e-mails exist already (never overwritten). */
export async function seedDemoAccounts(users: UsersService, logger: Logger): Promise<void> {
  for (const account of DEMO_ACCOUNTS) await users.ensureAccount(account);
  // Demo credentials only (SEED_DEMO, never in production): printed so a developer can sign in right away.
  logger.info(`demo accounts ready: ${DEMO_ACCOUNTS.map((a) => `${a.role} ${a.email} / ${a.password}`).join(', ')}`);
}

/**
 * Demo accounts left in a database (seeded earlier, or copied from a demo) are a known password
 * away from anyone: said at every start, after the seed, whatever SEED_DEMO is now.
 */
export async function warnOfDemoAccounts(users: UsersService, logger: Logger): Promise<void> {
  const present: string[] = [];
  for (const account of DEMO_ACCOUNTS) if (await users.hasAccount(account.email)) present.push(account.email);
  if (present.length === 0) return;
  logger.warn('demo accounts exist and their passwords are published in the source: delete them before real users get here', { emails: present });
}

/**
 * SEED_DEMO under NODE_ENV=production is a configuration error, judged before anything connects:
 * the demo admin's password is public.
 */
export function demoAccountsConfigIssues(config: { NODE_ENV: string; SEED_DEMO: boolean }): ConfigIssue[] {
  if (config.NODE_ENV !== 'production' || !config.SEED_DEMO) return [];
  return [{ variable: 'SEED_DEMO', message: `must be off when NODE_ENV=production: the demo accounts' passwords are published in the source` }];
}
