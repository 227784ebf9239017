import { pageBounds, toPage, type Page, type PaginationQuery } from '@marquee/contracts';
import type { DomainPlatform } from '@marquee/service';
import type { Movie } from '../movie/movie';
import type { RecommendationStore } from './recommendations.store';
import { hiddenCertifications, recommendationReason } from './scoring';
import type { UserPreferencesStore } from './user-preferences.store';

export interface Recommendation {
  movie: Movie;
  score: number;
  reason: string;
}

export interface RecommendationsDeps extends DomainPlatform {
  recommendations: RecommendationStore;
  userPreferences: UserPreferencesStore;
}

export class RecommendationsService {
  constructor(private readonly deps: RecommendationsDeps) {}

  /**
   * Every released film I have neither rated nor favourited, scored from my genres, my favourites,
   * my ratings and my views, blended with popularity (see RECOMMENDATION), within my maturity
   * filter. With nothing to go on, the order is popularity alone.
   */
  async recommend(userId: string, page: PaginationQuery): Promise<Page<Recommendation>> {
    const me = await this.deps.userPreferences.preferences(this.deps.db, userId);
    const { items, total } = await this.deps.recommendations.recommend(
      this.deps.db,
      { userId, genres: me.genres, hiddenCertifications: hiddenCertifications(me.maturity_filter) },
      pageBounds(page),
    );
    return toPage(
      items.map(({ movie, score, parts }) => ({ movie, score, reason: recommendationReason(parts) })),
      total,
      page,
    );
  }
}
