import { randomUUID } from 'node:crypto';
import type { MovieCreatedData } from '@marquee/contracts';

/** The data of a movie.created event (a 2-hour film unless told otherwise). */
export function movieCreated(overrides: Partial<MovieCreatedData> = {}): MovieCreatedData {
  return {
    movie_id: randomUUID(),
    title: 'Casablanca',
    year: 1942,
    release_date: '1942-11-26',
    runtime: 120,
    genres: ['Drama'],
    language: 'en',
    poster_url: null,
    tmdb_id: null,
    is_series: false,
    deleted: false,
    ...overrides,
  };
}

/** A start some whole minutes from a fixed far-future base, so tests never collide with "now". */
export function futureStart(dayOffset: number, hourUtc = 18): Date {
  return new Date(Date.UTC(2031, 0, 1 + dayOffset, hourUtc, 0, 0));
}
