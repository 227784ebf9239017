import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { Certification, Movie } from '../movie/movie';
import type { ScoreParts } from './scoring';

export interface ScoredMovie {
  movie: Movie;
  score: number;
  parts: ScoreParts;
}

export interface RecommendationInput {
  userId: string;
  /** Genres I chose (names). */
  genres: string[];
  hiddenCertifications: Certification[];
}

/** Entries scored against a user's signals, or against one entry (see RECOMMENDATION). */
export interface RecommendationStore {
  /** Released candidates the user neither rated nor favourited, best score first, with what made each score. */
  recommend(db: Db, input: RecommendationInput, bounds: Bounds): Promise<Slice<ScoredMovie>>;
  /** Up to `limit` entries of the same kind sharing genres or cast with `movieId`, most shared first. */
  similar(db: Db, movieId: string, limit: number): Promise<Movie[]>;
}
