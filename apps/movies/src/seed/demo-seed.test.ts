import { demoMovieInput, demoMovieSchema, shiftDate } from './demo-seed';

describe('demo seed', () => {
  it('when an offset is given, then the release date is today plus the offset in UTC', () => {
    const today = new Date('2026-12-30T23:30:00Z');
    expect(shiftDate(today, 0)).toBe('2026-12-30');
    expect(shiftDate(today, 3)).toBe('2027-01-02');
    expect(shiftDate(today, -30)).toBe('2026-11-30');
  });

  it('when a classic is re-released, then it keeps its year and gets a date near today, and no poster', () => {
    const entry = demoMovieSchema.parse({
      title: 'Casablanca',
      year: 1942,
      release_date: '1943-01-23',
      runtime: 102,
      genres: ['Drama', 'Romance'],
      cast: [{ name: 'Humphrey Bogart', character: 'Rick Blaine', order: 0 }],
      synopsis: 'Of all the gin joints.',
      language: 'en',
      certification: 'PG',
      popularity: 25.1,
      tmdb_id: 289,
      demo_rerelease: true,
      release_offset_days: 12,
    });
    expect(demoMovieInput(entry, ['Drama', 'Romance'], new Date('2026-11-22T10:00:00Z'))).toMatchObject({
      title: 'Casablanca',
      year: 1942,
      release_date: '2026-12-04',
      poster_url: null,
      tmdb_id: 289,
      cast: [{ name: 'Humphrey Bogart', character: 'Rick Blaine', order: 0 }],
    });
  });

  it('when an entry has no offset, then its own release date stays', () => {
    const entry = demoMovieSchema.parse({ title: 'Heat', year: 1995, release_date: '1995-12-15', genres: [], cast: [], synopsis: '', popularity: 1, certification: null, tmdb_id: null, language: 'en' });
    expect(demoMovieInput(entry, [], new Date()).release_date).toBe('1995-12-15');
  });
});
