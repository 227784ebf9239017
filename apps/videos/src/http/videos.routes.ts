import { pipeline } from 'node:stream/promises';
import { ErrorCode, paginationQuerySchema } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import type { ApiRouter } from '@marquee/http';
import { z } from 'zod';
import type { ByteRange, VideoStorage } from '../domain/storage';
import type { VideosService } from '../domain/videos.service';
import {
  publicVideoBody,
  publicVideoPageSchema,
  rankedBody,
  rankingsQuerySchema,
  rankingsSchema,
  videoBody,
  videoIdParams,
  videoPageSchema,
  videoSchema,
  voteAnswerSchema,
} from './schemas';

const tags = ['videos'];

/**
 * `bytes=a-b`, `bytes=a-` or `bytes=-n` of a file of `size` bytes; null for no (or a multi-range,
 * answered whole) range; throws 416 when it cannot be satisfied.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | null {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) {
    if (/^bytes=[\d\s,-]+$/.test(header.trim())) return null;
    throw unsatisfiable(size);
  }
  const [, from = '', to = ''] = match;
  if (from === '' && to === '') throw unsatisfiable(size);
  let start: number;
  let end: number;
  if (from === '') {
    start = Math.max(0, size - Number(to));
    end = size - 1;
  } else {
    start = Number(from);
    end = to === '' ? size - 1 : Math.min(Number(to), size - 1);
  }
  if (!Number.isSafeInteger(start) || start >= size || end < start) throw unsatisfiable(size);
  return { start, end };
}

function unsatisfiable(size: number): AppError {
  return new AppError(ErrorCode.VALIDATION_FAILED, 'The range cannot be satisfied', {
    status: 416,
    headers: { 'Content-Range': `bytes */${size}` },
  });
}

/** Thin handlers: parse (the schemas), call the domain, answer. */
export function videosRoutes(router: ApiRouter, videos: VideosService, storage: VideoStorage): void {
  router.route({
    method: 'get',
    path: '/api/videos',
    summary: 'My videos, newest first',
    tags,
    request: { query: paginationQuerySchema },
    responses: { 200: { description: 'A page of my videos', schema: videoPageSchema } },
    handler: async ({ user, query }) => {
      const page = await videos.listOfOwner(user.id, query);
      return { ...page, items: page.items.map(videoBody) };
    },
  });

  router.route({
    method: 'get',
    path: '/api/videos/:id',
    summary: 'One of my videos, with its processing progress',
    tags,
    request: { params: videoIdParams },
    responses: {
      200: { description: 'The video', schema: videoSchema },
      403: { description: 'Someone else’s video' },
      404: { description: 'No such video' },
    },
    handler: async ({ user, params }) => videoBody(await videos.ofOwner(params.id, user)),
  });

  router.route({
    method: 'post',
    path: '/api/videos/:id/publish',
    summary: 'Publish one of my videos to the showcase',
    description: 'Only once processed (400 `VIDEO_NOT_PROCESSED` before). Publishing again changes nothing.',
    tags,
    request: { params: videoIdParams },
    responses: {
      200: { description: 'The published video', schema: videoSchema },
      400: { description: 'Not processed yet (`VIDEO_NOT_PROCESSED`)' },
      403: { description: 'Someone else’s video' },
      404: { description: 'No such video' },
    },
    handler: async ({ user, params }) => videoBody(await videos.publish(params.id, user)),
  });

  router.route({
    method: 'delete',
    path: '/api/videos/:id',
    summary: 'Delete one of my videos and its files',
    tags,
    request: { params: videoIdParams },
    responses: {
      204: { description: 'Deleted' },
      403: { description: 'Someone else’s video' },
      404: { description: 'No such video' },
      409: { description: 'It has votes (`VIDEO_HAS_VOTES`)' },
    },
    handler: async ({ user, params }) => {
      await videos.remove(params.id, user);
    },
  });

  router.route({
    method: 'get',
    path: '/api/videos/:id/stream',
    summary: 'The processed file, with HTTP range requests',
    description: 'To its owner, and to anyone once published. `Range: bytes=…` answers 206 with `Content-Range`.',
    tags,
    auth: 'optional',
    request: { params: videoIdParams },
    responses: {
      200: { description: 'The whole file', schema: z.string(), contentType: 'video/mp4' },
      206: { description: 'The requested range', schema: z.string(), contentType: 'video/mp4' },
      404: { description: 'No such video, or not one the caller may watch' },
      409: { description: 'Not processed yet (`VIDEO_NOT_PROCESSED`)' },
      416: { description: 'The range is outside the file' },
    },
    handler: async ({ user, params, req, res }) => {
      const key = await videos.streamable(params.id, user);
      const size = await storage.size(key);
      if (size === null) throw AppError.notFound('The video file');
      const range = parseRange(req.get('range'), size);
      res.setHeader('Accept-Ranges', 'bytes');
      res.setHeader('Content-Type', 'video/mp4');
      if (range) {
        res.status(206);
        res.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${size}`);
        res.setHeader('Content-Length', String(range.end - range.start + 1));
      } else {
        res.status(200);
        res.setHeader('Content-Length', String(size));
      }
      await pipeline(storage.read(key, range ?? undefined), res);
    },
  });

  router.route({
    method: 'get',
    path: '/api/public/videos',
    summary: 'The showcase: published, processed videos, most voted first',
    tags,
    auth: 'public',
    request: { query: paginationQuerySchema },
    responses: { 200: { description: 'A page of videos with their player', schema: publicVideoPageSchema } },
    handler: async ({ query }) => {
      const page = await videos.listPublished(query);
      return { ...page, items: page.items.map(publicVideoBody) };
    },
  });

  router.route({
    method: 'post',
    path: '/api/public/videos/:id/vote',
    summary: 'Vote for a published video (once per user)',
    tags,
    request: { params: videoIdParams },
    responses: {
      201: { description: 'Counted', schema: voteAnswerSchema },
      400: { description: 'My own video (`OWN_VIDEO`) or not published (`VIDEO_NOT_PUBLISHED`)' },
      404: { description: 'No such video' },
      409: { description: 'I already voted for it (`ALREADY_VOTED`)' },
    },
    handler: async ({ user, params }) => {
      const total = await videos.vote(params.id, user.id);
      return { message: 'Vote counted', video_id: params.id, total_votes: total };
    },
  });

  router.route({
    method: 'get',
    path: '/api/public/rankings',
    summary: 'Players ranked by the votes on their published videos',
    description: '`city` and `country` match without regard to case or accents (`bogota` finds Bogotá). Ties: by user id.',
    tags,
    auth: 'public',
    request: { query: rankingsQuerySchema },
    responses: { 200: { description: 'A page of the rankings', schema: rankingsSchema } },
    handler: async ({ query }) => {
      const pageSize = query.page_size ?? query.limit ?? 20;
      const slice = await videos.rankings({ city: query.city, country: query.country }, { page: query.page, limit: pageSize });
      const offset = (query.page - 1) * pageSize;
      return {
        rankings: slice.items.map((player, index) => rankedBody(player, offset + index + 1)),
        total: slice.total,
        page: query.page,
        page_size: pageSize,
        total_pages: Math.ceil(slice.total / pageSize),
      };
    },
  });
}
