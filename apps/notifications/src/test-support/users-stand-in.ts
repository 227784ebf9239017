import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** An account as the users service's internal directory answers it. */
export interface StandInUser {
  id: string;
  email: string;
  name: string | null;
  username?: string | null;
  phone_number?: string | null;
}

/**
 * A tiny local HTTP server answering like the users service's internal directory
 * (`GET /internal/users?page=&limit=`, `GET /internal/users/{id}`), so tests reach the backfill
 * and the lookup on a miss. With `token` set it refuses (403) calls without that bearer token.
 */
export class UsersStandIn {
  readonly users = new Map<string, StandInUser>();
  /** Every path asked, in order, with the authorization header seen. */
  readonly requests: { path: string; authorization: string | undefined }[] = [];
  token: string | undefined;
  /** When set, every answer is this status. */
  failWith: number | undefined;
  private server: http.Server | undefined;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the users stand-in is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  add(...users: StandInUser[]): void {
    for (const user of users) this.users.set(user.id, user);
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
    this.requests.push({ path: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' });
      res.end(JSON.stringify(body));
    };
    if (this.failWith) return json(this.failWith, { status: this.failWith, code: 'INTERNAL' });
    if (this.token && req.headers.authorization !== `Bearer ${this.token}`) return json(403, { status: 403, code: 'FORBIDDEN' });
    const body = (u: StandInUser) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      username: u.username ?? null,
      phone_number: u.phone_number ?? null,
      city: null,
      country: null,
      role: 'user',
      updated_at: new Date('2026-01-01T00:00:00Z').toISOString(),
    });
    if (url.pathname === '/internal/users') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const limit = Number(url.searchParams.get('limit') ?? '20');
      const all = [...this.users.values()];
      const items = all.slice((page - 1) * limit, page * limit).map(body);
      return json(200, { items, page, limit, total: all.length, total_pages: Math.ceil(all.length / limit) });
    }
    const one = /^\/internal\/users\/([^/]+)$/.exec(url.pathname);
    const user = one ? this.users.get(decodeURIComponent(one[1] ?? '')) : undefined;
    if (user) return json(200, body(user));
    return json(404, { status: 404, code: 'NOT_FOUND' });
  }
}
