import { OwnerStandIn } from '@marquee/testing';

/** An account as the users service's internal directory answers it. */
export interface StandInUser {
  id: string;
  email: string;
  name: string | null;
  username?: string | null;
  phone_number?: string | null;
}

/**
 * The users service's internal directory (`GET /internal/users?page=&limit=`,
 * `GET /internal/users/{id}`), for the backfill and the lookup on a miss; `token` set: the
 * bearer INTERNAL_TOKEN is required.
 */
export class UsersStandIn extends OwnerStandIn<StandInUser> {
  constructor() {
    super({
      path: '/internal/users',
      render: (u) => ({
        id: u.id,
        email: u.email,
        name: u.name,
        username: u.username ?? null,
        phone_number: u.phone_number ?? null,
        city: null,
        country: null,
        role: 'user',
        updated_at: new Date('2026-01-01T00:00:00Z').toISOString(),
      }),
    });
  }
}
