import { usersDirectoryConfigShape } from '@marquee/service';
import { z } from 'zod';

const ms = z.coerce.number().int().positive();

/**
 * The videos service's own environment variables (API and worker), validated with the shared
 * ones at start (every bad one named). Defaults work on a developer machine.
 */
export const videosConfigShape = {
  /** Root of the local storage: `uploads/`, `processed/` and `assets/` live under it (a volume in docker-compose). */
  VIDEOS_STORAGE_DIR: z.string().min(1).default('./var/videos'),
  /** The logo overlaid top right; generated once (with ffmpeg) under the storage's `assets/` when unset. */
  VIDEOS_LOGO_PATH: z.string().min(1).optional(),
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe'),
  /** x264 preset of the one pass (tests use `ultrafast`). */
  VIDEOS_FFMPEG_PRESET: z.enum(['ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium']).default('veryfast'),
  /** An ffmpeg run longer than this is killed (SIGKILL) and the job retried. */
  VIDEOS_FFMPEG_TIMEOUT_MS: ms.default(5 * 60_000),
  /** A video `processing` for longer than this (no worker has it any more) is queued again. */
  VIDEOS_STUCK_AFTER_MS: ms.default(15 * 60_000),
  VIDEOS_STUCK_CHECK_MS: ms.default(60_000),
  /** Attempts of one video before it is `failed`. */
  VIDEOS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  /** The users service: the backfill of the players read model and the lookup on a miss ask it. */
  ...usersDirectoryConfigShape,
};
