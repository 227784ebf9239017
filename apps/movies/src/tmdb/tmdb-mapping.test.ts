import { tmdbMovieDetailsSchema } from './tmdb.schemas';
import { MAX_CAST, tmdbImageUrl, toMovieInput, usCertification } from './tmdb-mapping';

const known = [
  { id: 28, name: 'Action' },
  { id: 878, name: 'Science Fiction' },
];

const inception = tmdbMovieDetailsSchema.parse({
  id: 27205,
  title: 'Inception',
  overview: 'Cobb steals secrets from dreams.',
  release_date: '2010-07-15',
  runtime: 148,
  genres: [
    { id: 28, name: 'Action' },
    { id: 878, name: 'Science Fiction' },
    { id: 10770, name: 'TV Movie' },
  ],
  poster_path: '/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg',
  backdrop_path: null,
  original_language: 'en',
  popularity: 83.9,
  credits: {
    cast: [
      { name: 'Joseph Gordon-Levitt', character: 'Arthur', order: 1 },
      { name: 'Leonardo DiCaprio', character: 'Cobb', order: 0 },
    ],
  },
  release_dates: {
    results: [
      { iso_3166_1: 'GB', release_dates: [{ certification: '12A', type: 3 }] },
      { iso_3166_1: 'US', release_dates: [{ certification: '', type: 1 }, { certification: 'PG-13', type: 3 }] },
    ],
  },
});

describe('TMDb mapping', () => {
  it('when TMDb gives a film with credits and release dates, then it becomes a catalogue movie', () => {
    expect(toMovieInput(inception, known)).toEqual({
      title: 'Inception',
      year: 2010,
      synopsis: 'Cobb steals secrets from dreams.',
      release_date: '2010-07-15',
      runtime: 148,
      genres: ['Action', 'Science Fiction'],
      cast: [
        { name: 'Leonardo DiCaprio', character: 'Cobb', order: 0 },
        { name: 'Joseph Gordon-Levitt', character: 'Arthur', order: 1 },
      ],
      poster_url: 'https://image.tmdb.org/t/p/w500/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg',
      backdrop_url: null,
      language: 'en',
      certification: 'PG-13',
      popularity: 83.9,
      tmdb_id: 27205,
    });
  });

  it('when TMDb leaves fields empty, then they become null, not "" or 0', () => {
    const bare = tmdbMovieDetailsSchema.parse({ id: 1, title: 'Untitled', release_date: '', runtime: 0, overview: null, original_language: '' });
    expect(toMovieInput(bare, known)).toMatchObject({ release_date: null, year: null, runtime: null, synopsis: '', language: null, certification: null, cast: [], genres: [] });
  });

  it('when the US certification is not an MPA rating or missing, then it is null; theatrical wins over others', () => {
    expect(usCertification({ release_dates: { results: [{ iso_3166_1: 'US', release_dates: [{ certification: 'TV-MA', type: 4 }] }] } })).toBeNull();
    expect(usCertification({ release_dates: { results: [] } })).toBeNull();
    expect(
      usCertification({ release_dates: { results: [{ iso_3166_1: 'US', release_dates: [{ certification: 'R', type: 4 }, { certification: 'PG-13', type: 3 }] }] } }),
    ).toBe('PG-13');
  });

  it('when a film has a large cast, then only the first billed are kept', () => {
    const many = tmdbMovieDetailsSchema.parse({ id: 2, title: 'Crowd', credits: { cast: Array.from({ length: 50 }, (_, i) => ({ name: `Actor ${i}`, order: i })) } });
    expect(toMovieInput(many, known).cast).toHaveLength(MAX_CAST);
  });

  it('when an image path is given, then it becomes a full image URL', () => {
    expect(tmdbImageUrl('/a.jpg', 'w500')).toBe('https://image.tmdb.org/t/p/w500/a.jpg');
    expect(tmdbImageUrl(null, 'w500')).toBeNull();
  });
});
