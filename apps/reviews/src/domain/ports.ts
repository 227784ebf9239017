import type { DomainPlatform } from '@marquee/service';
import type { MoviesRepository } from '../data/movies.repository';
import type { ReviewsRepository } from '../data/reviews.repository';

/** What the domain needs from the platform and the data layer (wired in app.ts). */
export interface ReviewsDeps extends DomainPlatform {
  reviews: ReviewsRepository;
  movies: MoviesRepository;
}
