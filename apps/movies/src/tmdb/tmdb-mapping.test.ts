import { tmdbMovieDetailsSchema, tmdbSeasonSchema, tmdbTvDetailsSchema } from './tmdb.schemas';
import { genreNames, MAX_CAST, tmdbImageUrl, toMovieInput, toSeriesInput, usCertification, usTvRating } from './tmdb-mapping';

const known = [
  { id: 28, name: 'Action' },
  { id: 12, name: 'Adventure' },
  { id: 18, name: 'Drama' },
  { id: 14, name: 'Fantasy' },
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
      kind: 'movie',
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
      homepage: null,
      network_logo: null,
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

describe('TMDb tv mapping', () => {
  const details = tmdbTvDetailsSchema.parse({
    id: 1399,
    name: ' Game of Thrones ',
    overview: 'Seven noble families fight.',
    first_air_date: '2011-04-17',
    genres: [
      { id: 10765, name: 'Sci-Fi & Fantasy' },
      { id: 18, name: 'Drama' },
      { id: 10759, name: 'Action & Adventure' },
      { id: 10767, name: 'Talk' },
    ],
    homepage: 'http://www.hbo.com/game-of-thrones',
    networks: [{ id: 49, name: 'HBO', logo_path: '/tuomPhY2UtuPTqqFnKMVHvSb724.png', origin_country: 'US' }],
    poster_path: '/got.jpg',
    original_language: 'en',
    popularity: 369.6,
    seasons: [
      { id: 3627, season_number: 0, name: 'Specials', air_date: '2010-12-05', episode_count: 2, vote_average: 0 },
      { id: 3624, season_number: 1, name: 'Season 1', air_date: '2011-04-17', episode_count: 10, poster_path: '/s1.jpg', vote_average: 8.3 },
      { id: 3625, season_number: 2, name: '', air_date: '', episode_count: 10 },
    ],
    credits: { cast: [{ name: 'Emilia Clarke', character: 'Daenerys Targaryen', order: 0 }] },
    content_ratings: {
      results: [
        { iso_3166_1: 'DE', rating: '16' },
        { iso_3166_1: 'US', rating: 'TV-MA' },
      ],
    },
  });
  const seasonOne = tmdbSeasonSchema.parse({
    season_number: 1,
    episodes: [
      { id: 63056, episode_number: 1, name: 'Winter Is Coming', air_date: '2011-04-17', runtime: 62, still_path: '/wic.jpg', vote_average: 7.9 },
      { id: 63057, episode_number: 2, name: '', air_date: '0000-01-01', runtime: 0, vote_average: 11 },
    ],
  });

  it('when TMDb gives a series with seasons and a season with episodes, then it becomes a catalogue series with its seasons', () => {
    const { movie, seasons } = toSeriesInput(details, new Map([[1, seasonOne]]), known);
    expect(movie).toEqual({
      kind: 'series',
      title: 'Game of Thrones',
      year: 2011,
      synopsis: 'Seven noble families fight.',
      release_date: '2011-04-17',
      runtime: null,
      genres: ['Science Fiction', 'Fantasy', 'Drama', 'Action', 'Adventure'],
      cast: [{ name: 'Emilia Clarke', character: 'Daenerys Targaryen', order: 0 }],
      poster_url: 'https://image.tmdb.org/t/p/w500/got.jpg',
      backdrop_url: null,
      language: 'en',
      certification: 'TV-MA',
      popularity: 369.6,
      tmdb_id: 1399,
      homepage: 'http://www.hbo.com/game-of-thrones',
      network_logo: 'https://image.tmdb.org/t/p/w300/tuomPhY2UtuPTqqFnKMVHvSb724.png',
    });
    expect(seasons.map((s) => [s.season_number, s.name, s.air_date, s.episode_count, s.tmdb_id])).toEqual([
      [0, 'Specials', '2010-12-05', 2, 3627],
      [1, 'Season 1', '2011-04-17', 10, 3624],
      [2, 'Season 2', null, 10, 3625],
    ]);
    expect(seasons[1]?.episodes).toEqual([
      { episode_number: 1, name: 'Winter Is Coming', overview: '', air_date: '2011-04-17', runtime: 62, still_url: 'https://image.tmdb.org/t/p/w300/wic.jpg', vote_average: 7.9, tmdb_id: 63056 },
      // Blank, impossible and out-of-range values become what the catalogue can store.
      { episode_number: 2, name: 'Episode 2', overview: '', air_date: null, runtime: null, still_url: null, vote_average: 10, tmdb_id: 63057 },
    ]);
    expect(seasons[0]?.episodes).toEqual([]);
  });

  it('when the US TV rating is missing or not a TV rating, then it is null', () => {
    expect(usTvRating({ content_ratings: { results: [{ iso_3166_1: 'US', rating: 'R' }] } })).toBeNull();
    expect(usTvRating({ content_ratings: { results: [] } })).toBeNull();
    expect(usTvRating({ content_ratings: { results: [{ iso_3166_1: 'US', rating: ' TV-14 ' }] } })).toBe('TV-14');
  });

  it('when TMDb text holds NUL or lone surrogates, or a date the catalogue cannot hold, then what is stored is clean', () => {
    const odd = tmdbTvDetailsSchema.parse({ id: 7, name: 'Bad\u0000Name\ud800', first_air_date: '1850-01-01', homepage: 'javascript:alert(1)' });
    const { movie } = toSeriesInput(odd, new Map(), known);
    expect(movie).toMatchObject({ title: 'BadName', release_date: null, year: null, homepage: null, network_logo: null });
    expect(toMovieInput(tmdbMovieDetailsSchema.parse({ id: 8, title: 'x'.repeat(500), release_date: '2021-02-29' }), known)).toMatchObject({ title: 'x'.repeat(300), release_date: null });
  });

  it('when genres are film or tv ids, then each becomes a catalogue genre once, or is left out', () => {
    expect(genreNames([{ id: 28 }, { id: 10759 }, { id: 12 }, { id: 10763 }], known)).toEqual(['Action', 'Adventure']);
  });

  it('when an image path is not a plain TMDb file path, then no URL is made of it', () => {
    expect(tmdbImageUrl('/../../evil', 'w500')).toBeNull();
    expect(tmdbImageUrl('javascript:alert(1)', 'w500')).toBeNull();
    expect(tmdbImageUrl('/logo.png', 'w300')).toBe('https://image.tmdb.org/t/p/w300/logo.png');
  });
});
