import fs from 'node:fs';
import path from 'node:path';
import demoMovies from './demo-movies.json';
import { demoMovieSchema } from './demo-seed';

// The genre names the migration seeds, read from it so the two cannot drift apart.
const migration = fs.readFileSync(path.join(__dirname, '../migrations/0001_movies.sql'), 'utf8');
const genreNames = new Set([...migration.matchAll(/\((\d+), '([^']+)'\)/g)].map((m) => m[2]));

describe('the shipped demo catalogue', () => {
  it('when loaded, then every entry fits the seed schema with known genres, enough films, and some coming soon', () => {
    expect(genreNames.size).toBe(18);
    expect(demoMovies.length).toBeGreaterThanOrEqual(160);
    const problems: string[] = [];
    for (const [index, raw] of (demoMovies as unknown[]).entries()) {
      const parsed = demoMovieSchema.safeParse(raw);
      if (!parsed.success) problems.push(`#${index}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`);
      else for (const genre of parsed.data.genres) if (!genreNames.has(genre)) problems.push(`#${index} ${parsed.data.title}: unknown genre ${genre}`);
    }
    expect(problems).toEqual([]);
    expect((demoMovies as { release_offset_days?: number }[]).some((m) => (m.release_offset_days ?? 0) > 0)).toBe(true);
  });
});
