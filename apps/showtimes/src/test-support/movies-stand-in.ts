import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A movie as the movies service answers it (only the fields showtimes reads, plus a few). */
export interface StandInMovie {
  id: string;
  title: string;
  runtime: number | null;
  is_series?: boolean;
}

/**
 * A tiny local HTTP server answering like the movies service's `GET /api/movies` (paged) and
 * `GET /api/movies/{id}`, so tests can reach the backfill and the lookup on a miss.
 */
export class MoviesStandIn {
  readonly movies = new Map<string, StandInMovie>();
  /** Every path asked, in order. */
  readonly requests: string[] = [];
  /** When set, every answer is this status with an empty problem body. */
  failWith: number | undefined;
  private server: http.Server | undefined;

  get url(): string {
    const address = this.server?.address() as AddressInfo | undefined;
    if (!address) throw new Error('the movies stand-in is not started');
    return `http://127.0.0.1:${address.port}`;
  }

  add(...movies: StandInMovie[]): void {
    for (const movie of movies) this.movies.set(movie.id, movie);
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
    this.requests.push(`${url.pathname}${url.search}`);
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': status < 400 ? 'application/json' : 'application/problem+json' });
      res.end(JSON.stringify(body));
    };
    if (this.failWith) return json(this.failWith, { status: this.failWith, code: 'INTERNAL' });
    const body = (m: StandInMovie) => ({ ...m, is_series: m.is_series ?? false, genres: [], cast: [], rating: 0 });
    if (url.pathname === '/api/movies') {
      const page = Number(url.searchParams.get('page') ?? '1');
      const limit = Number(url.searchParams.get('limit') ?? '20');
      const all = [...this.movies.values()];
      const items = all.slice((page - 1) * limit, page * limit).map(body);
      return json(200, { items, page, limit, total: all.length, total_pages: Math.ceil(all.length / limit) });
    }
    const one = /^\/api\/movies\/([^/]+)$/.exec(url.pathname);
    const movie = one ? this.movies.get(decodeURIComponent(one[1] ?? '')) : undefined;
    if (movie) return json(200, body(movie));
    return json(404, { status: 404, code: 'NOT_FOUND' });
  }
}
