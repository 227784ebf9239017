import fs from 'node:fs';
import path from 'node:path';
import demoMovies from './demo-movies.json';
import demoSeries from './demo-series.json';
import { demoMovieSchema, demoSeriesSchema } from './demo-seed';

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

describe('the shipped demo series', () => {
  it('when loaded, then a handful of series fit the schema with known genres, and every listed season of episodes is whole and in order', () => {
    expect(demoSeries.length).toBeGreaterThanOrEqual(4);
    expect(demoSeries.length).toBeLessThanOrEqual(6);
    const problems: string[] = [];
    for (const [index, raw] of (demoSeries as unknown[]).entries()) {
      const parsed = demoSeriesSchema.safeParse(raw);
      if (!parsed.success) {
        problems.push(`#${index}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join(', ')}`);
        continue;
      }
      const show = parsed.data;
      for (const genre of show.genres) if (!genreNames.has(genre)) problems.push(`${show.title}: unknown genre ${genre}`);
      const numbers = show.seasons.map((s) => s.season_number);
      if (numbers.join() !== [...numbers].sort((a, b) => a - b).join() || new Set(numbers).size !== numbers.length) problems.push(`${show.title}: seasons out of order`);
      if (show.seasons[0]?.air_date !== show.release_date) problems.push(`${show.title}: the first season does not start on the first air date`);
      for (const season of show.seasons) {
        if (!season.episodes) continue;
        if (season.episodes.length !== season.episode_count) problems.push(`${show.title} S${season.season_number}: ${season.episodes.length} episodes listed, ${season.episode_count} counted`);
        if (season.episodes.some((e, i) => e.episode_number !== i + 1)) problems.push(`${show.title} S${season.season_number}: episodes not numbered 1…n`);
        const dates = season.episodes.map((e) => e.air_date ?? '');
        if (dates[0] !== season.air_date || dates.join() !== [...dates].sort().join()) problems.push(`${show.title} S${season.season_number}: air dates out of order`);
      }
    }
    expect(problems).toEqual([]);
    expect(demoSeries.some((s) => s.seasons.some((season) => 'episodes' in season))).toBe(true);
  });
});
