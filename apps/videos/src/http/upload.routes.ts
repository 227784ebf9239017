import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '@marquee/contracts';
import { AppError } from '@marquee/core';
import { authUser, setRouteLabel, unsafeTextReason, type ApiRouter } from '@marquee/http';
import { z } from 'zod';
import { UnreadableMediaError, type MediaTools } from '../domain/media';
import type { VideoStorage } from '../domain/storage';
import { MAX_UPLOAD_BYTES, sniffContainer, uploadKey } from '../domain/video';
import type { VideosService } from '../domain/videos.service';
import { publishFlagSchema, titleSchema, uploadAnswerSchema } from './schemas';

const PATH = '/api/videos/upload';
/** Room for the multipart framing and the small fields around a file at the limit. */
const ENVELOPE_BYTES = 64 * 1024;

export interface UploadDeps {
  videos: VideosService;
  storage: VideoStorage;
  media: MediaTools;
}

interface ReceivedForm {
  fields: Map<string, string>;
  truncatedFields: Set<string>;
  file: { key: string; bytes: number; tooLarge: boolean } | null;
}

/**
 * Reads the multipart form, streaming `video_file` to storage under `tempKey` as it arrives
 * (never whole in memory). A second file or other parts are drained and ignored.
 */
function receiveForm(req: Request, storage: VideoStorage, tempKey: string): Promise<ReceivedForm> {
  return new Promise((resolve, reject) => {
    const form: ReceivedForm = { fields: new Map(), truncatedFields: new Set(), file: null };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 4096, parts: 12 } });
    } catch (error) {
      reject(new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, `Send the upload as multipart/form-data (${(error as Error).message})`));
      return;
    }
    let writing: Promise<void> = Promise.resolve();
    parser.on('file', (name: string, stream: Readable) => {
      if (name !== 'video_file' || form.file) {
        stream.resume();
        return;
      }
      const file = { key: tempKey, bytes: 0, tooLarge: false };
      form.file = file;
      stream.on('limit', () => {
        file.tooLarge = true;
      });
      writing = storage.write(tempKey, stream).then((bytes) => {
        file.bytes = bytes;
      });
    });
    parser.on('field', (name: string, value: string, info: { valueTruncated: boolean }) => {
      if (form.fields.has(name)) return;
      form.fields.set(name, value);
      if (info.valueTruncated) form.truncatedFields.add(name);
    });
    parser.on('error', (error: Error) => {
      req.unpipe(parser);
      writing.finally(() => reject(AppError.validation([{ field: 'body', message: `is not a readable multipart form (${error.message})` }]))).catch(() => undefined);
    });
    parser.on('close', () => {
      writing.then(() => resolve(form), reject);
    });
    req.on('aborted', () => reject(new Error('the client aborted the upload')));
    req.pipe(parser);
  });
}

function fieldErrors(form: ReceivedForm): { title: string; publish: boolean } {
  const errors: { field: string; message: string }[] = [];
  if (!form.file || form.file.bytes === 0) errors.push({ field: 'body.video_file', message: 'is required' });
  const rawTitle = form.fields.get('title');
  const title = titleSchema.safeParse(rawTitle);
  const unsafe = rawTitle === undefined ? undefined : unsafeTextReason(rawTitle);
  if (form.truncatedFields.has('title')) errors.push({ field: 'body.title', message: 'must be at most 200 characters' });
  else if (unsafe) errors.push({ field: 'body.title', message: unsafe });
  else if (!title.success) errors.push({ field: 'body.title', message: title.error.issues[0]?.message ?? 'is not valid' });
  const publish = publishFlagSchema.safeParse((form.fields.get('publish') ?? 'false').trim().toLowerCase());
  if (!publish.success) errors.push({ field: 'body.publish', message: 'must be true or false' });
  if (errors.length > 0) throw AppError.validation(errors);
  return { title: title.data ?? '', publish: publish.data ?? false };
}

/**
 * `POST /api/videos/upload`, on the router's Express side (multipart is not JSON): streamed to
 * storage, judged by its content (magic bytes, then ffprobe), then the row and its job message
 * committed together. Answers 201 at once; the worker does the rest.
 */
export function uploadRoute(router: ApiRouter, deps: UploadDeps): void {
  router.openapi.registerPath({
    method: 'post',
    path: PATH,
    tags: ['videos'],
    summary: 'Upload a clip (multipart)',
    description:
      '`video_file` (mp4, mov or webm, judged by its content; at most 100 MB), `title`, optional `publish`. ' +
      'Answers at once; the worker trims it to 20 s, scales it to 1280×720 with the logo, and sets `processed` or `failed`.',
    security: [{ bearerAuth: [] }],
    request: {
      body: {
        content: {
          'multipart/form-data': {
            schema: z.object({ video_file: z.string().meta({ format: 'binary' }), title: z.string(), publish: z.boolean().optional() }),
          },
        },
      },
    },
    responses: {
      201: { description: 'Stored; processing is queued', content: { 'application/json': { schema: uploadAnswerSchema } } },
      400: { description: 'No file or no title' },
      401: { description: 'No valid token' },
      413: { description: 'Larger than 100 MB' },
      415: { description: 'Not an mp4, mov or webm video' },
    },
  });

  const handler = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    setRouteLabel(res, PATH);
    try {
      const user = authUser(req);
      if (!user) throw new AppError(ErrorCode.UNAUTHORIZED, 'Sign in first');
      if (!req.is('multipart/form-data')) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'Send the upload as multipart/form-data');
      const declared = Number(req.headers['content-length']);
      if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES + ENVELOPE_BYTES) {
        res.setHeader('Connection', 'close');
        throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, 'A video may be at most 100 MB');
      }
      const id = randomUUID();
      const tempKey = `uploads/${user.id}/${id}.part`;
      let stored: string | null = tempKey;
      try {
        const form = await receiveForm(req, deps.storage, tempKey);
        if (form.file?.tooLarge) throw new AppError(ErrorCode.PAYLOAD_TOO_LARGE, 'A video may be at most 100 MB');
        const { title, publish } = fieldErrors(form);
        const container = sniffContainer(await deps.storage.head(tempKey, 16));
        if (!container) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The file is not an mp4, mov or webm video');
        try {
          await deps.media.probe(deps.storage.localPath(tempKey));
        } catch (error) {
          if (error instanceof UnreadableMediaError) throw new AppError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 'The file is not a readable video');
          throw error;
        }
        const key = uploadKey(user.id, id, container);
        await deps.storage.move(tempKey, key);
        stored = key;
        await deps.videos.register({ id, user_id: user.id, title, publish_requested: publish, original_key: key });
        stored = null;
      } finally {
        if (stored) await deps.storage.remove(stored);
      }
      res.status(201).json({ id, status: 'uploaded', message: 'The video is uploaded; processing has been queued' });
    } catch (error) {
      next(error);
    }
  };
  router.express.post(PATH, router.authenticate('user'), handler);
}
