import { randomUUID } from 'node:crypto';
import { pageBounds, sliceToPage, type Page, type PaginationQuery } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { Db, DomainPlatform } from '@marquee/service';
import type { KnownMoviesStore } from './known-movies.store';
import { isNoChange, ratingDelta, reviewFacts, toStats, type Actor, type NewReview, type Review, type ReviewChanges, type ReviewFilter, type ReviewStats } from './review';
import type { ReviewsStore } from './reviews.store';

/** What the reviews domain needs: the platform's queries, transactions and events, and its stores (wired in app.ts). */
export interface ReviewsDeps extends DomainPlatform {
  reviews: ReviewsStore;
  movies: KnownMoviesStore;
}

/**
 * Reviews and their per-movie stats. Every change writes the review, the movie's summary row and
 * the event announcing it in one transaction.
 */
export class ReviewsService {
  constructor(private readonly deps: ReviewsDeps) {}

  /** One review per user and movie: a second one is ALREADY_REVIEWED (the store's unique constraint decides). */
  async create(actor: Actor, input: NewReview): Promise<Review> {
    const { deps } = this;
    return deps.transaction(async (db) => {
      // Share-locked: a deletion of the movie being applied now cannot slip in before the commit.
      const movie = await deps.movies.find(db, input.movieId, true);
      if (!movie || movie.deleted) throw AppError.notFound('The movie');
      const review = await deps.reviews.insert(db, {
        id: randomUUID(),
        movie_id: input.movieId,
        user_id: actor.id,
        rating: input.rating,
        comment: input.comment,
      });
      await deps.reviews.addToStats(db, review.movie_id, ratingDelta(undefined, review.rating));
      await deps.publish(db, 'review.created', reviewFacts(review));
      return review;
    });
  }

  async get(id: string): Promise<Review> {
    const review = await this.deps.reviews.findById(this.deps.db, id);
    if (!review) throw AppError.notFound('The review');
    return review;
  }

  list(filter: ReviewFilter, page: PaginationQuery): Promise<Page<Review>> {
    return this.page(filter, page);
  }

  /** The movie's reviews; 404 when no event ever named the movie (a deleted one keeps its reviews). */
  async listForMovie(movieId: string, page: PaginationQuery): Promise<Page<Review>> {
    await this.knownMovie(this.deps.db, movieId);
    return this.page({ movieId }, page);
  }

  async stats(movieId: string): Promise<ReviewStats> {
    await this.knownMovie(this.deps.db, movieId);
    return toStats(movieId, await this.deps.reviews.findStats(this.deps.db, movieId));
  }

  /** The author or an admin changes the rating and/or the comment. */
  async update(actor: Actor, id: string, changes: ReviewChanges): Promise<Review> {
    const { deps } = this;
    return deps.transaction(async (db) => {
      const current = await this.ownedForChange(db, actor, id);
      const updated = await deps.reviews.update(db, id, changes);
      if (!updated) throw AppError.notFound('The review');
      const delta = ratingDelta(current.rating, updated.rating);
      if (!isNoChange(delta)) await deps.reviews.addToStats(db, updated.movie_id, delta);
      await deps.publish(db, 'review.updated', { ...reviewFacts(updated), previous_rating: current.rating });
      return updated;
    });
  }

  /** The author or an admin deletes it; the author may then review the movie again. */
  async remove(actor: Actor, id: string): Promise<void> {
    const { deps } = this;
    await deps.transaction(async (db) => {
      const current = await this.ownedForChange(db, actor, id);
      await deps.reviews.delete(db, id);
      await deps.reviews.addToStats(db, current.movie_id, ratingDelta(current.rating, undefined));
      await deps.publish(db, 'review.deleted', reviewFacts(current));
    });
  }

  /** The review, row-locked for the change; 404 when unknown, 403 when neither author nor admin. */
  private async ownedForChange(db: Db, actor: Actor, id: string): Promise<Review> {
    const review = await this.deps.reviews.findById(db, id, true);
    if (!review) throw AppError.notFound('The review');
    if (review.user_id !== actor.id && !actor.isAdmin) throw AppError.forbidden('Only the author or an admin can change this review');
    return review;
  }

  private async knownMovie(db: Db, movieId: string): Promise<void> {
    if (!(await this.deps.movies.find(db, movieId))) throw AppError.notFound('The movie');
  }

  private async page(filter: ReviewFilter, page: PaginationQuery): Promise<Page<Review>> {
    return sliceToPage(await this.deps.reviews.list(this.deps.db, filter, pageBounds(page)), page);
  }
}
