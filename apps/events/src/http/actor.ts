import type { AuthUser } from '@marquee/http';
import type { Actor } from '../domain/event';

/** The token's subject as the domain sees it. */
export function actorOf(user: AuthUser): Actor;
export function actorOf(user: AuthUser | undefined): Actor | undefined;
export function actorOf(user: AuthUser | undefined): Actor | undefined {
  return user ? { id: user.id, role: user.role } : undefined;
}
