// A local HTTP server that answers like TMDb v3 (developer.themoviedb.org/reference): the film
// lists, /search/movie and /movie/{id}?append_to_response=credits,release_dates; the tv side,
// /tv/popular, /search/tv, /tv/{id}?append_to_response=credits,content_ratings and
// /tv/{id}/season/{n}; with TMDb's error bodies. Films and series are numbered separately, as at
// TMDb: film 1399 and series 1399 can both exist. A test can script the next answers of a path: an error status with its body, a
// 429 with Retry-After, an answer slower than the client's timeout, or a body of the wrong shape.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const FAKE_TMDB_TOKEN = 'test-read-access-token';

export interface FakeFilm {
  id: number;
  title: string;
  overview?: string;
  release_date?: string;
  runtime?: number;
  genres?: { id: number; name: string }[];
  cast?: { name: string; character: string; order: number }[];
  certification?: string;
  popularity?: number;
  poster_path?: string | null;
}

export interface FakeEpisode {
  episode_number: number;
  name: string;
  air_date?: string;
  overview?: string;
  runtime?: number | null;
  still_path?: string | null;
  vote_average?: number;
}

export interface FakeSeason {
  season_number: number;
  name?: string;
  air_date?: string;
  overview?: string;
  poster_path?: string | null;
  vote_average?: number;
  episodes: FakeEpisode[];
}

export interface FakeSeries {
  id: number;
  name: string;
  overview?: string;
  first_air_date?: string;
  genres?: { id: number; name: string }[];
  cast?: { name: string; character: string; order: number }[];
  /** The US content rating (TV-MA, TV-14…). */
  rating?: string;
  popularity?: number;
  poster_path?: string | null;
  homepage?: string;
  network?: { id: number; name: string; logo_path: string | null };
  seasons: FakeSeason[];
}

export interface ScriptedAnswer {
  status?: number;
  body?: unknown;
  /** Sent as it is (for bodies that are not JSON). */
  rawBody?: string;
  headers?: Record<string, string>;
  /** Answer only after this long (the client's timeout should fire first). */
  delayMs?: number;
}

export const TMDB_ERRORS = {
  invalidKey: { status_code: 7, status_message: 'Invalid API key: You must be granted a valid key.', success: false },
  notFound: { status_code: 34, status_message: 'The resource you requested could not be found.', success: false },
  rateLimited: { status_code: 25, status_message: 'Your request count (#) is over the allowed limit of (40).', success: false },
  internal: { status_code: 11, status_message: 'Internal error: Something went wrong, contact TMDb.', success: false },
};

const LIST_PATHS = ['/movie/popular', '/trending/movie/week', '/movie/upcoming', '/tv/popular'] as const;
export type FakeListPath = (typeof LIST_PATHS)[number];
const TV_LISTS: readonly string[] = ['/tv/popular'];

export class FakeTmdb {
  readonly films = new Map<number, FakeFilm>();
  /** Series by TMDb tv id (a number space of its own). */
  readonly series = new Map<number, FakeSeries>();
  /** Pages of film ids per list path, and per search query under `/search/movie?query=…`. */
  readonly lists = new Map<string, number[][]>();
  /** Every request: path with query, and its Authorization header. */
  readonly requests: { url: string; authorization?: string }[] = [];
  private readonly scripts: { match: (url: URL) => boolean; answers: ScriptedAnswer[] }[] = [];
  private server?: Server;
  private readonly pending = new Set<ServerResponse>();
  url = '';

  addFilms(...films: FakeFilm[]): void {
    for (const film of films) this.films.set(film.id, film);
  }

  addSeries(...series: FakeSeries[]): void {
    for (const show of series) this.series.set(show.id, show);
  }

  /** `/search/tv?query=<query>` answers these pages of series ids. */
  setTvSearch(query: string, ...pages: number[][]): void {
    this.lists.set(`search-tv:${query.toLowerCase()}`, pages);
  }

  /** `/movie/popular` (or another list, `/tv/popular` of series ids) answers these pages of ids. */
  setList(path: FakeListPath, ...pages: number[][]): void {
    this.lists.set(path, pages);
  }

  /** `/search/movie?query=<query>` answers these pages of ids. */
  setSearch(query: string, ...pages: number[][]): void {
    this.lists.set(`search:${query.toLowerCase()}`, pages);
  }

  /** The next answers of requests whose path (and query) `match`es, in order; then normal answers again. */
  script(match: string | ((url: URL) => boolean), ...answers: ScriptedAnswer[]): void {
    const test = typeof match === 'string' ? (url: URL) => `${url.pathname}${url.search}`.includes(match) : match;
    this.scripts.push({ match: test, answers });
  }

  requestsTo(fragment: string): number {
    return this.requests.filter((r) => r.url.includes(fragment)).length;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/3`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const res of this.pending) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://tmdb.local');
    this.requests.push({ url: `${url.pathname}${url.search}`, authorization: req.headers.authorization });
    const script = this.scripts.find((s) => s.answers.length > 0 && s.match(url));
    const answer = script?.answers.shift() ?? this.answer(url, req.headers.authorization);
    if (answer.delayMs) {
      this.pending.add(res);
      await new Promise((resolve) => setTimeout(resolve, answer.delayMs).unref());
      this.pending.delete(res);
      if (res.destroyed) return;
    }
    res.writeHead(answer.status ?? 200, { 'content-type': 'application/json;charset=utf-8', ...answer.headers });
    res.end(answer.rawBody ?? JSON.stringify(answer.body));
  }

  private answer(url: URL, authorization: string | undefined): ScriptedAnswer {
    if (authorization !== `Bearer ${FAKE_TMDB_TOKEN}`) return { status: 401, body: TMDB_ERRORS.invalidKey };
    const path = url.pathname.replace(/^\/3/, '');
    const page = Number(url.searchParams.get('page') ?? '1');
    const query = (url.searchParams.get('query') ?? '').toLowerCase();
    if (TV_LISTS.includes(path)) return this.tvListPage(this.lists.get(path) ?? [], page);
    if ((LIST_PATHS as readonly string[]).includes(path)) return this.listPage(this.lists.get(path) ?? [], page);
    if (path === '/search/movie') return this.listPage(this.lists.get(`search:${query}`) ?? [], page);
    if (path === '/search/tv') return this.tvListPage(this.lists.get(`search-tv:${query}`) ?? [], page);
    const notFound = { status: 404, body: TMDB_ERRORS.notFound };
    const details = /^\/movie\/(\d+)$/.exec(path);
    if (details) {
      const film = this.films.get(Number(details[1]));
      return film ? { body: this.details(film) } : notFound;
    }
    const tv = /^\/tv\/(\d+)$/.exec(path);
    if (tv) {
      const show = this.series.get(Number(tv[1]));
      return show ? { body: this.tvDetails(show, (url.searchParams.get('append_to_response') ?? '').split(',')) } : notFound;
    }
    const season = /^\/tv\/(\d+)\/season\/(\d+)$/.exec(path);
    if (season) {
      const show = this.series.get(Number(season[1]));
      const found = show?.seasons.find((s) => s.season_number === Number(season[2]));
      return show && found ? { body: this.seasonDetails(show, found) } : notFound;
    }
    return notFound;
  }

  private tvListPage(pages: number[][], page: number): ScriptedAnswer {
    const ids = pages[page - 1] ?? [];
    const results = ids.map((id) => {
      const show = this.series.get(id) ?? { id, name: `Unknown series ${id}`, seasons: [] };
      return {
        adult: false,
        backdrop_path: null,
        genre_ids: (show.genres ?? []).map((g) => g.id),
        id: show.id,
        origin_country: ['US'],
        original_language: 'en',
        original_name: show.name,
        overview: show.overview ?? '',
        popularity: show.popularity ?? 10,
        poster_path: show.poster_path ?? null,
        first_air_date: show.first_air_date ?? '',
        name: show.name,
        vote_average: 8.1,
        vote_count: 2000,
      };
    });
    return { body: { page, results, total_pages: pages.length, total_results: pages.reduce((n, p) => n + p.length, 0) } };
  }

  /** `/tv/{id}`; credits and content ratings only when appended, as TMDb does. */
  private tvDetails(show: FakeSeries, appended: string[]) {
    const episodes = show.seasons.reduce((n, s) => n + s.episodes.length, 0);
    return {
      adult: false,
      backdrop_path: null,
      created_by: [],
      episode_run_time: [],
      first_air_date: show.first_air_date ?? '',
      genres: show.genres ?? [],
      homepage: show.homepage ?? '',
      id: show.id,
      in_production: false,
      languages: ['en'],
      last_air_date: show.seasons.at(-1)?.air_date ?? null,
      name: show.name,
      networks: show.network ? [{ ...show.network, origin_country: 'US' }] : [],
      number_of_episodes: episodes,
      number_of_seasons: show.seasons.filter((s) => s.season_number > 0).length,
      origin_country: ['US'],
      original_language: 'en',
      original_name: show.name,
      overview: show.overview ?? '',
      popularity: show.popularity ?? 10,
      poster_path: show.poster_path ?? null,
      seasons: show.seasons.map((s) => ({
        air_date: s.air_date ?? null,
        episode_count: s.episodes.length,
        id: show.id * 100 + s.season_number,
        name: s.name ?? (s.season_number === 0 ? 'Specials' : `Season ${s.season_number}`),
        overview: s.overview ?? '',
        poster_path: s.poster_path ?? null,
        season_number: s.season_number,
        vote_average: s.vote_average ?? 0,
      })),
      status: 'Ended',
      type: 'Scripted',
      vote_average: 8.5,
      vote_count: 1000,
      ...(appended.includes('credits')
        ? { credits: { id: show.id, cast: (show.cast ?? []).map((c) => ({ ...c, id: c.order + 1, known_for_department: 'Acting', credit_id: `c${c.order}` })), crew: [] } }
        : {}),
      ...(appended.includes('content_ratings')
        ? {
            content_ratings: {
              id: show.id,
              results: [
                { descriptors: [], iso_3166_1: 'DE', rating: '16' },
                ...(show.rating ? [{ descriptors: [], iso_3166_1: 'US', rating: show.rating }] : []),
              ],
            },
          }
        : {}),
    };
  }

  /** `/tv/{id}/season/{n}` with its episodes. */
  private seasonDetails(show: FakeSeries, season: FakeSeason) {
    return {
      _id: `s${show.id}-${season.season_number}`,
      air_date: season.air_date ?? null,
      episodes: season.episodes.map((e) => ({
        air_date: e.air_date ?? null,
        episode_number: e.episode_number,
        episode_type: 'standard',
        id: show.id * 10_000 + season.season_number * 100 + e.episode_number,
        name: e.name,
        overview: e.overview ?? '',
        production_code: '',
        runtime: e.runtime ?? null,
        season_number: season.season_number,
        show_id: show.id,
        still_path: e.still_path ?? null,
        vote_average: e.vote_average ?? 0,
        vote_count: 10,
        crew: [],
        guest_stars: [],
      })),
      name: season.name ?? `Season ${season.season_number}`,
      overview: season.overview ?? '',
      id: show.id * 100 + season.season_number,
      poster_path: season.poster_path ?? null,
      season_number: season.season_number,
      vote_average: season.vote_average ?? 0,
    };
  }

  private listPage(pages: number[][], page: number): ScriptedAnswer {
    const ids = pages[page - 1] ?? [];
    const results = ids.map((id) => {
      const film = this.films.get(id) ?? { id, title: `Unknown ${id}` };
      return {
        adult: false,
        id: film.id,
        title: film.title,
        original_title: film.title,
        overview: film.overview ?? '',
        release_date: film.release_date ?? '',
        genre_ids: (film.genres ?? []).map((g) => g.id),
        poster_path: film.poster_path ?? null,
        backdrop_path: null,
        original_language: 'en',
        popularity: film.popularity ?? 10,
        vote_average: 7.5,
        vote_count: 1000,
        video: false,
      };
    });
    return { body: { page, results, total_pages: pages.length, total_results: pages.reduce((n, p) => n + p.length, 0) } };
  }

  private details(film: FakeFilm) {
    return {
      adult: false,
      id: film.id,
      imdb_id: `tt${film.id}`,
      title: film.title,
      overview: film.overview ?? '',
      release_date: film.release_date ?? '',
      runtime: film.runtime ?? 0,
      genres: film.genres ?? [],
      poster_path: film.poster_path ?? null,
      backdrop_path: null,
      original_language: 'en',
      popularity: film.popularity ?? 10,
      status: 'Released',
      credits: { id: film.id, cast: (film.cast ?? []).map((c) => ({ ...c, id: c.order + 1, known_for_department: 'Acting' })), crew: [] },
      release_dates: {
        results: [
          { iso_3166_1: 'FR', release_dates: [{ certification: '', type: 3, release_date: '2010-07-21T00:00:00.000Z' }] },
          { iso_3166_1: 'US', release_dates: [{ certification: film.certification ?? '', type: 3, release_date: `${film.release_date ?? '2010-01-01'}T00:00:00.000Z` }] },
        ],
      },
    };
  }
}
