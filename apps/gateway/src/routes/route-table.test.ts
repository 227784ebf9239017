import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRouteMatcher } from './route-matcher';
import { ROUTES, UPSTREAMS } from './route-table';

const match = createRouteMatcher(ROUTES);
const id = '6f1c1a52-6e8b-4d5e-9a3f-2b7f5d1c9e01';

describe('route table', () => {
  it.each([
    ['POST', '/api/auth/signup', 'users', 'public', 'auth'],
    ['POST', '/api/auth/refresh-token', 'users', 'public', 'default'],
    ['GET', '/api/profile', 'users', 'user', 'default'],
    ['GET', '/api/profile/notifications', 'notifications', 'user', 'default'],
    ['POST', '/api/profile/notifications/read', 'notifications', 'user', 'default'],
    ['GET', '/api/movies/search', 'movies', 'public', 'search'],
    ['GET', '/api/movies/recommendations', 'movies', 'user', 'default'],
    ['GET', '/api/movies/favourites', 'movies', 'user', 'default'],
    ['GET', `/api/movies/${id}`, 'movies', 'public', 'default'],
    ['DELETE', `/api/movies/${id}`, 'movies', 'user', 'default'],
    ['POST', '/api/tickets/buy-ticket', 'tickets', 'user', 'default'],
    ['GET', '/api/events/me/registrations', 'events', 'user', 'default'],
    ['POST', '/api/sessions', 'events', 'user', 'default'],
    ['GET', '/api/public/rankings', 'videos', 'public', 'default'],
    ['POST', `/api/public/videos/${id}/vote`, 'videos', 'user', 'default'],
    ['HEAD', `/api/videos/${id}/stream`, 'videos', 'public', 'default'],
  ])('%s %s goes to %s (%s, %s limit)', (method, url, upstream, access, limit) => {
    const found = match(method, url);
    expect(found).toMatchObject({ kind: 'matched', rule: { upstream, access, limit } });
  });

  it('tells a known path with a wrong method (405 and Allow) from an unknown path', () => {
    expect(match('PATCH', '/api/reviews')).toEqual({ kind: 'method-not-allowed', allow: ['POST', 'GET'] });
    expect(match('GET', '/api/nothing-here')).toEqual({ kind: 'none' });
    expect(match('GET', `/api/movies/${id}/extra/deep`)).toEqual({ kind: 'none' });
    // Services' internal routes (ADR 0012) are never forwarded, whatever the prefix.
    expect(match('GET', '/internal/users')).toEqual({ kind: 'none' });
    expect(match('GET', `/api/../internal/users/${id}`)).toEqual({ kind: 'none' });
  });

  it('gives uploads the long timeout', () => {
    expect(match('POST', '/api/videos/upload')).toMatchObject({ rule: { timeout: 'upload' } });
  });

  it('names only known upstreams and no path twice for one method', () => {
    const seen = new Set<string>();
    for (const rule of ROUTES) {
      expect(UPSTREAMS).toContain(rule.upstream);
      for (const method of rule.methods) {
        const key = `${method} ${rule.path}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
      }
    }
  });

  // The table is checked against the contract itself: every method and path in API.md's tables.
  const apiMd = path.resolve(__dirname, '../../../../../shared/API.md');
  it('covers every operation of ../shared/API.md', () => {
    const operations: { method: string; path: string }[] = [];
    for (const line of readFileSync(apiMd, 'utf8').split('\n')) {
      const cells = line.split('|').map((c) => c.trim());
      if (cells.length < 4 || !/^[A-Z, ]+$/.test(cells[1] ?? '') || cells[1] === '') continue;
      const methods = (cells[1] ?? '').split(',').map((m) => m.trim());
      for (const quoted of (cells[2] ?? '').matchAll(/`([^`]+)`/g)) {
        const raw = (quoted[1] ?? '').split('?')[0] ?? '';
        if (!raw.startsWith('/')) continue;
        for (const method of methods) operations.push({ method, path: raw });
      }
    }
    expect(operations.length).toBeGreaterThan(90);
    const gatewayOwn = new Set(['/health', '/ready', '/metrics', '/api/docs', '/api/openapi.json', '/api/system/health']);
    const missing = operations
      .filter((op) => !gatewayOwn.has(op.path))
      .filter((op) => match(op.method, op.path.replace(/\{\w+\}/g, id)).kind !== 'matched')
      .map((op) => `${op.method} ${op.path}`);
    expect(missing).toEqual([]);
  });
});
