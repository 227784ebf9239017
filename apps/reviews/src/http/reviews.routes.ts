import { paginationQuerySchema } from '@marquee/contracts';
import { assertSelfOrAdmin, type ApiRouter, type AuthUser } from '@marquee/http';
import type { Actor } from '../domain/review';
import type { ReviewsService } from '../domain/reviews.service';
import {
  idParamsSchema,
  movieParamsSchema,
  newReviewSchema,
  reviewBody,
  reviewChangesSchema,
  reviewListQuerySchema,
  reviewPageSchema,
  reviewSchema,
  reviewStatsSchema,
  statsBody,
  userParamsSchema,
} from './schemas';

const tags = ['reviews'];

function actorOf(user: AuthUser): Actor {
  return { id: user.id, isAdmin: user.role === 'admin' };
}

export function reviewsRoutes(router: ApiRouter, reviews: ReviewsService): void {
  router.route({
    method: 'post',
    path: '/api/reviews',
    summary: 'Review a movie',
    description: 'One review per user and movie. The author is the caller; an admin may name another author in `user_id`.',
    tags,
    request: { body: newReviewSchema },
    responses: {
      201: { description: 'The review', schema: reviewSchema },
      403: { description: '`user_id` names someone else and the caller is not an admin (`FORBIDDEN`)' },
      404: { description: 'The movie is unknown or deleted (`NOT_FOUND`)' },
      409: { description: 'I already reviewed this movie (`ALREADY_REVIEWED`)' },
    },
    handler: async ({ user, body }) => {
      const authorId = body.user_id ?? user.id;
      assertSelfOrAdmin(user, authorId);
      const author: Actor = { id: authorId, isAdmin: user.role === 'admin' };
      return reviewBody(await reviews.create(author, { movieId: body.movie_id, rating: body.rating, comment: body.comment }));
    },
  });

  router.route({
    method: 'get',
    path: '/api/reviews',
    summary: 'All reviews, newest first',
    description: "Anyone may list all reviews or a movie's; filtering by `user_id` is for that user or an admin, like `/api/reviews/user/{user_id}`.",
    tags,
    auth: 'optional',
    request: { query: reviewListQuerySchema },
    responses: {
      200: { description: 'A page of reviews', schema: reviewPageSchema },
      401: { description: '`user_id` given without a token (`UNAUTHORIZED`)' },
      403: { description: '`user_id` names someone else and the caller is not an admin (`FORBIDDEN`)' },
    },
    handler: async ({ user, query }) => {
      if (query.user_id !== undefined) assertSelfOrAdmin(user, query.user_id);
      const page = await reviews.list({ movieId: query.movie_id, userId: query.user_id, minRating: query.min_rating }, query);
      return { ...page, items: page.items.map(reviewBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/reviews/movie/:movie_id',
    summary: "A movie's reviews, newest first",
    description: 'A deleted movie keeps its reviews here; a movie never heard of is 404.',
    tags,
    auth: 'public',
    request: { params: movieParamsSchema, query: paginationQuerySchema },
    responses: { 200: { description: 'A page of reviews', schema: reviewPageSchema }, 404: { description: 'Unknown movie (`NOT_FOUND`)' } },
    handler: async ({ params, query }) => {
      const page = await reviews.listForMovie(params.movie_id, query);
      return { ...page, items: page.items.map(reviewBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/reviews/user/:user_id',
    summary: "A user's reviews, newest first (self or admin)",
    tags,
    request: { params: userParamsSchema, query: paginationQuerySchema },
    responses: { 200: { description: 'A page of reviews', schema: reviewPageSchema }, 403: { description: 'Someone else, and not an admin (`FORBIDDEN`)' } },
    handler: async ({ user, params, query }) => {
      assertSelfOrAdmin(user, params.user_id);
      const page = await reviews.list({ userId: params.user_id }, query);
      return { ...page, items: page.items.map(reviewBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/reviews/stats/:movie_id',
    summary: "A movie's rating stats",
    description: 'Count, average (2 decimals, 0 without reviews) and how many reviews gave each rating.',
    tags,
    auth: 'public',
    request: { params: movieParamsSchema },
    responses: { 200: { description: 'The stats', schema: reviewStatsSchema }, 404: { description: 'Unknown movie (`NOT_FOUND`)' } },
    handler: async ({ params }) => statsBody(await reviews.stats(params.movie_id)),
  });

  router.route({
    method: 'get',
    path: '/api/reviews/:id',
    summary: 'One review',
    tags,
    auth: 'public',
    request: { params: idParamsSchema },
    responses: { 200: { description: 'The review', schema: reviewSchema }, 404: { description: 'No such review (`NOT_FOUND`)' } },
    handler: async ({ params }) => reviewBody(await reviews.get(params.id)),
  });

  router.route({
    method: 'put',
    path: '/api/reviews/:id',
    summary: 'Change a review (author or admin)',
    tags,
    request: { params: idParamsSchema, body: reviewChangesSchema },
    responses: {
      200: { description: 'The updated review', schema: reviewSchema },
      403: { description: 'Neither the author nor an admin (`FORBIDDEN`)' },
      404: { description: 'No such review (`NOT_FOUND`)' },
    },
    handler: async ({ user, params, body }) => {
      if (body.user_id !== undefined) assertSelfOrAdmin(user, body.user_id);
      return reviewBody(await reviews.update(actorOf(user), params.id, { rating: body.rating, comment: body.comment }));
    },
  });

  router.route({
    method: 'delete',
    path: '/api/reviews/:id',
    summary: 'Delete a review (author or admin)',
    description: 'The author may review the movie again afterwards.',
    tags,
    request: { params: idParamsSchema },
    responses: {
      204: { description: 'Deleted' },
      403: { description: 'Neither the author nor an admin (`FORBIDDEN`)' },
      404: { description: 'No such review (`NOT_FOUND`)' },
    },
    handler: async ({ user, params }) => {
      await reviews.remove(actorOf(user), params.id);
    },
  });
}
