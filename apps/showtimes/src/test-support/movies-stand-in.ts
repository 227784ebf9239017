import { OwnerStandIn } from '@marquee/testing';

/** A movie as the movies service answers it (only the fields showtimes reads, plus a few). */
export interface StandInMovie {
  id: string;
  title: string;
  runtime: number | null;
  is_series?: boolean;
}

/** The movies service's `GET /api/movies` (paged) and `GET /api/movies/{id}`, for the backfill and the lookup on a miss. */
export class MoviesStandIn extends OwnerStandIn<StandInMovie> {
  constructor() {
    super({ path: '/api/movies', render: (m) => ({ ...m, is_series: m.is_series ?? false, genres: [], cast: [], rating: 0 }) });
  }
}
