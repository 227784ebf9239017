import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OwnerStandInOptions<T> {
  /** The collection's path (`/api/movies`, `/internal/users`): paged there, one item at `<path>/{id}`. */
  path: string;
  /** How an item is answered (the owner's full shape, from what the test gave). */
  render: (item: T) => unknown;
}

/** One request the stand-in saw. */
export interface StandInRequest {
  /** Path and query, as asked. */
  path: string;
  authorization: string | undefined;
}

/**
 * A tiny local HTTP server answering like the service that owns a collection, for tests of a read
 * model's backfill (`GET <path>?page=&limit=`, the API.md page shape) and its lookup on a miss
 * (`GET <path>/{id}`, 404 when unknown). `failWith` makes every answer that status; `token`
 * refuses (403) calls without that bearer token. Items are keyed by their `id`.
 */
export class OwnerStandIn<T extends { id: string }> {
  readonly items = new Map<string, T>();
  /** Every request, in order. */
  readonly seen: StandInRequest[] = [];
  failWith: number | undefined;
  token: string | undefined;
  private server: http.Server | undefined;

  constructor(private readonly options: OwnerStandInOptions<T>) {}

  /** Every path asked, in order. */
  get requests(): string[] {
    return this.seen.map((r) => r.path);
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error(`the stand-in for ${this.options.path} is not started`);
    return `http://127.0.0.1:${address.port}`;
  }

  add(...items: T[]): void {
    for (const item of items) this.items.set(item.id, item);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    this.seen.push({ path: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' });
      res.end(JSON.stringify(body));
    };
    if (this.failWith) return json(this.failWith, { status: this.failWith, code: 'INTERNAL' });
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`) return json(403, { status: 403, code: 'FORBIDDEN' });
    const { path, render } = this.options;
    if (url.pathname === path) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const limit = Number(url.searchParams.get('limit') ?? '20');
      const all = [...this.items.values()];
      const items = all.slice((page - 1) * limit, page * limit).map(render);
      return json(200, { items, page, limit, total: all.length, total_pages: Math.ceil(all.length / limit) });
    }
    const item = url.pathname.startsWith(`${path}/`) ? this.items.get(decodeURIComponent(url.pathname.slice(path.length + 1))) : undefined;
    if (item) return json(200, render(item));
    return json(404, { status: 404, code: 'NOT_FOUND' });
  }
}

/** An account as a test gives it to the directory stand-in: an id, and what the test cares about. */
export interface StandInUser {
  id: string;
  email?: string;
  name?: string | null;
  username?: string | null;
  phone_number?: string | null;
  city?: string | null;
  country?: string | null;
  role?: string;
}

/**
 * The users service's internal directory (`GET /internal/users?page=&limit=`,
 * `GET /internal/users/{id}`) for read models' backfills and lookups on a miss; each account is
 * answered in full, with defaults for what the test left out. `token` set: the bearer
 * INTERNAL_TOKEN is required.
 */
export class UsersDirectoryStandIn extends OwnerStandIn<StandInUser> {
  constructor() {
    super({
      path: '/internal/users',
      render: (u) => ({
        id: u.id,
        email: u.email ?? `${u.id}@example.com`,
        name: u.name === undefined ? 'Test User' : u.name,
        username: u.username ?? null,
        phone_number: u.phone_number ?? null,
        city: u.city ?? null,
        country: u.country ?? null,
        role: u.role ?? 'user',
        updated_at: new Date('2026-01-01T00:00:00Z').toISOString(),
      }),
    });
  }
}
