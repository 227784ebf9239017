/**
 * Every public path of API.md, the service that serves it, who may call it, and which rate limit
 * it counts against. Read it beside `../shared/API.md`: one line per row there (aliases included).
 *
 * - `access`: `public` passes without a token (a valid one still identifies the caller for rate
 *   limits; the service applies its own "optional" rules); `user` needs a valid, unrevoked access
 *   token. Roles (admin, organizer, owner) are checked by the service, which knows the resource.
 * - `limit`: `auth` 5/min per IP, `search` 30/min per user, `default` 100/min per user (per IP
 *   when anonymous); figures come from config.
 * - `timeout`: `upload` and `stream` routes get the long upstream timeout.
 * - Order matters only where a literal segment and a `{param}` compete (`/api/movies/search`
 *   before `/api/movies/{id}`); the first match wins.
 */
export const UPSTREAMS = [
  'users',
  'movies',
  'showtimes',
  'tickets',
  'payments',
  'notifications',
  'reviews',
  'loyalty',
  'analytics',
  'videos',
  'events',
] as const;
export type Upstream = (typeof UPSTREAMS)[number];

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type Access = 'public' | 'user';
export type LimitClass = 'auth' | 'search' | 'default';

export interface RouteRule {
  methods: readonly Method[];
  /** API.md notation: `/api/movies/{id}`. */
  path: string;
  upstream: Upstream;
  access: Access;
  limit: LimitClass;
  timeout: 'normal' | 'upload' | 'stream';
}

function r(
  methods: Method | readonly Method[],
  path: string,
  upstream: Upstream,
  access: Access,
  options: { limit?: LimitClass; timeout?: RouteRule['timeout'] } = {},
): RouteRule {
  return {
    methods: typeof methods === 'string' ? [methods] : methods,
    path,
    upstream,
    access,
    limit: options.limit ?? 'default',
    timeout: options.timeout ?? 'normal',
  };
}

const auth = { limit: 'auth' } as const;

export const ROUTES: readonly RouteRule[] = [
  // Auth and users
  r('POST', '/api/auth/register', 'users', 'public', auth),
  r('POST', '/api/auth/signup', 'users', 'public', auth),
  r('POST', '/api/auth/login', 'users', 'public', auth),
  r('POST', '/api/auth/refresh', 'users', 'public'),
  r('POST', '/api/auth/refresh-token', 'users', 'public'),
  r('POST', '/api/auth/logout', 'users', 'user'),
  r('GET', '/api/auth/sessions', 'users', 'user'),
  r('DELETE', '/api/auth/sessions/{id}', 'users', 'user'),
  r('POST', '/api/auth/forgot-password', 'users', 'public', auth),
  // These carry a reset token, not an access token: the users service checks it.
  r('POST', '/api/auth/forgot-password/verify', 'users', 'public', auth),
  r('POST', '/api/auth/forgot-password/change', 'users', 'public', auth),
  r(['GET', 'PUT', 'POST'], '/api/profile', 'users', 'user'),
  r('POST', '/api/profile/change-password', 'users', 'user'),
  r(['GET', 'PUT'], '/api/users/{id}', 'users', 'user'),
  r('PATCH', '/api/users/{id}/role', 'users', 'user'),
  r('GET', '/.well-known/jwks.json', 'users', 'public'),

  // Movies
  r('GET', '/api/movies', 'movies', 'public'),
  r('POST', '/api/movies', 'movies', 'user'),
  r('GET', '/api/movies/search', 'movies', 'public', { limit: 'search' }),
  r('GET', '/api/movies/popular', 'movies', 'public'),
  r('GET', '/api/movies/trending', 'movies', 'public'),
  r('GET', '/api/movies/coming-soon', 'movies', 'public'),
  r('GET', '/api/movies/recommendations', 'movies', 'user'),
  r('GET', '/api/movies/genres', 'movies', 'public'),
  r(['GET', 'POST', 'DELETE'], '/api/movies/favourites', 'movies', 'user'),
  r('DELETE', '/api/movies/favourites/{movie_id}', 'movies', 'user'),
  r('GET', '/api/movies/history', 'movies', 'user'),
  r('POST', '/api/movies/import', 'movies', 'user'),
  r('GET', '/api/movies/{id}', 'movies', 'public'),
  r(['PUT', 'PATCH', 'DELETE'], '/api/movies/{id}', 'movies', 'user'),

  // Showtimes
  r('POST', '/api/theaters', 'showtimes', 'user'),
  r('GET', '/api/theaters', 'showtimes', 'public'),
  r('GET', '/api/theaters/{id}', 'showtimes', 'public'),
  r('POST', '/api/showtimes', 'showtimes', 'user'),
  r('GET', '/api/showtimes', 'showtimes', 'public'),
  r('GET', '/api/showtimes/{id}', 'showtimes', 'public'),
  r('GET', '/api/showtimes/{id}/seats', 'showtimes', 'public'),
  r(['PATCH', 'DELETE'], '/api/showtimes/{id}', 'showtimes', 'user'),

  // Tickets
  r('POST', '/api/tickets', 'tickets', 'user'),
  r('POST', '/api/tickets/buy-ticket', 'tickets', 'user'),
  r('GET', '/api/tickets', 'tickets', 'user'),
  r('GET', '/api/tickets/user/{user_id}', 'tickets', 'user'),
  r('GET', '/api/tickets/{id}', 'tickets', 'user'),
  r('POST', '/api/tickets/{id}/cancel', 'tickets', 'user'),

  // Payments
  r(['GET', 'POST'], '/api/payments', 'payments', 'user'),
  r('GET', '/api/payments/user/{user_id}', 'payments', 'user'),
  r('GET', '/api/payments/{id}', 'payments', 'user'),
  r('POST', '/api/payments/{id}/refund', 'payments', 'user'),

  // Notifications
  r('GET', '/api/notifications', 'notifications', 'user'),
  r('GET', '/api/profile/notifications', 'notifications', 'user'),
  r('POST', '/api/notifications/read', 'notifications', 'user'),
  r('POST', '/api/profile/notifications/read', 'notifications', 'user'),
  r('POST', '/api/notifications/send-email', 'notifications', 'user'),
  r('POST', '/api/notifications/send-sms', 'notifications', 'user'),
  r('GET', '/api/notifications/deliveries', 'notifications', 'user'),

  // Reviews
  r('POST', '/api/reviews', 'reviews', 'user'),
  r('GET', '/api/reviews', 'reviews', 'public'),
  r('GET', '/api/reviews/movie/{movie_id}', 'reviews', 'public'),
  r('GET', '/api/reviews/user/{user_id}', 'reviews', 'user'),
  r('GET', '/api/reviews/stats/{movie_id}', 'reviews', 'public'),
  r('GET', '/api/reviews/{id}', 'reviews', 'public'),
  r(['PUT', 'DELETE'], '/api/reviews/{id}', 'reviews', 'user'),

  // Loyalty
  r('POST', '/api/memberships', 'loyalty', 'user'),
  r('GET', '/api/memberships/{user_id}', 'loyalty', 'user'),
  r('POST', '/api/memberships/{user_id}/points', 'loyalty', 'user'),
  r('POST', '/api/rewards', 'loyalty', 'user'),
  r('GET', '/api/rewards', 'loyalty', 'public'),
  r('POST', '/api/rewards/{id}/redeem', 'loyalty', 'user'),

  // Analytics (admin; the service checks the role)
  r('POST', '/api/analytics/events', 'analytics', 'user'),
  r('GET', '/api/analytics/dashboard', 'analytics', 'user'),
  r('GET', '/api/analytics/movies/{id}/metrics', 'analytics', 'user'),
  r('GET', '/api/analytics/sales', 'analytics', 'user'),
  r('GET', '/api/analytics/users/{id}/behavior', 'analytics', 'user'),
  r('GET', '/api/analytics/occupancy', 'analytics', 'user'),

  // Events
  r('POST', '/api/events', 'events', 'user'),
  r('GET', '/api/events', 'events', 'public'),
  r('GET', '/api/events/me/registrations', 'events', 'user'),
  r('GET', '/api/events/{id}', 'events', 'public'),
  r(['PUT', 'DELETE'], '/api/events/{id}', 'events', 'user'),
  r('POST', '/api/events/{id}/publish', 'events', 'user'),
  r('POST', '/api/events/{id}/cancel', 'events', 'user'),
  r('POST', '/api/sessions', 'events', 'user'),
  r('POST', '/api/events/{id}/sessions', 'events', 'user'),
  r(['PUT', 'DELETE'], '/api/sessions/{id}', 'events', 'user'),
  r(['POST', 'DELETE'], '/api/events/{id}/register', 'events', 'user'),
  r('GET', '/api/events/{id}/attendees', 'events', 'user'),

  // Videos
  r('POST', '/api/videos/upload', 'videos', 'user', { timeout: 'upload' }),
  r('GET', '/api/videos', 'videos', 'user'),
  r('GET', '/api/videos/{id}', 'videos', 'user'),
  r('POST', '/api/videos/{id}/publish', 'videos', 'user'),
  r('DELETE', '/api/videos/{id}', 'videos', 'user'),
  // Owner, or anyone once published: the service decides.
  r('GET', '/api/videos/{id}/stream', 'videos', 'public', { timeout: 'stream' }),
  r('GET', '/api/public/videos', 'videos', 'public'),
  r('POST', '/api/public/videos/{id}/vote', 'videos', 'user'),
  r('GET', '/api/public/rankings', 'videos', 'public'),
];
