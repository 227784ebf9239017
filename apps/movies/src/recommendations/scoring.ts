import type { MaturityFilter } from '@marquee/contracts';
import type { Certification } from '../movie/movie';

/**
 * Recommendation weights. A candidate's score is
 *
 *   genre       × (genres it shares with the genres I chose)
 * + Σ over films I reacted to: reaction × (sharedGenre × genres shared + sharedCast × people shared)
 * + popularity  × ln(1 + popularity) / ln(2 + the highest popularity)   (0..1)
 *
 * where reaction is `favourite` for a favourite, `ratingPull(stars)` for a rating (negative for 1–2
 * stars, so films like the ones I disliked sink) and `view` per view (at most three counted).
 */
export const RECOMMENDATION = {
  genre: 1,
  sharedGenre: 0.6,
  sharedCast: 1,
  favourite: 1,
  view: 0.2,
  maxViewsCounted: 3,
  popularity: 0.5,
} as const;

/** The reaction weight of a star rating: 5 and 4 pull similar films up, 2 and 1 push them down, 3 is neutral. */
export function ratingPull(stars: number): number {
  switch (stars) {
    case 5:
      return 1;
    case 4:
      return 0.6;
    case 2:
      return -0.6;
    case 1:
      return -1;
    default:
      return 0;
  }
}

/*
 * ADR (movies, maturity filter). Context: the users service lets each user pick `all`, `teen` or
 * `adult`, and the contract only says that `teen` hides adult-rated films and `all` hides nothing.
 * Decision: `teen` hides R and NC-17 (and TV-MA for series); `all` and `adult` hide nothing (`adult` is a user who opted
 * in to adult content, so it cannot see less than `all`). Films without a certification are never
 * hidden: most of the catalogue imported from outside the US has none, and hiding it all would
 * empty a teen's list. Consequence: the filter applies to recommendations, the only personal list;
 * public lists and search show the whole catalogue.
 */
export function hiddenCertifications(filter: MaturityFilter): Certification[] {
  // TV-MA is the series' counterpart of R and NC-17 (ADR 0006).
  return filter === 'teen' ? ['R', 'NC-17', 'TV-MA'] : [];
}

/** What made a candidate's score, as the recommendations query reports it. */
export interface ScoreParts {
  /** Score from the genres I chose. */
  genreScore: number;
  /** The film I reacted to that pulled this one up the most, its pull, and whether I liked it (favourite or 4–5 stars) or only viewed it. */
  topSeed: { title: string; pull: number; liked: boolean } | null;
  /** One of my chosen genres this film has. */
  topGenre: string | null;
}

/** A short reason for a recommendation, from the largest positive part of its score. */
export function recommendationReason({ genreScore, topSeed, topGenre }: ScoreParts): string {
  const seedWins = topSeed !== null && topSeed.pull > 0 && topSeed.pull >= genreScore;
  if (seedWins) return topSeed.liked ? `because you liked ${topSeed.title}` : `because you viewed ${topSeed.title}`;
  if (topGenre && genreScore > 0) return `because you like ${topGenre}`;
  return 'popular right now';
}
