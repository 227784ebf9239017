import fs from 'node:fs/promises';
import path from 'node:path';
import { ErrorCode } from '@marquee/contracts';
import { AppError, type Logger } from '@marquee/core';
import type { Db } from '@marquee/service';
import type { KnownUsersStore, Player } from '../domain/known-users.store';
import type { MediaTools } from '../domain/media';
import type { VideoStorage } from '../domain/storage';
import { MAX_CLIP_SECONDS, processedKey, processingKey, uploadKey } from '../domain/video';
import type { VideosService } from '../domain/videos.service';
import type { VideosStore } from '../domain/videos.store';
import { run } from '../media/ffmpeg';

/** The users service's demo organizer (its demo seed gives the account this fixed id). */
export const DEMO_ORGANIZER_ID = 'e0000000-0000-4000-8000-000000000001';

/**
 * The demo players: the organizer account, and two players who exist only here (their facts are
 * dated 1970, so any real event or the users backfill about the same id wins).
 */
export const DEMO_PLAYERS: Player[] = [
  { user_id: DEMO_ORGANIZER_ID, name: 'Demo Organizer', username: 'demo_organizer', city: 'Bogotá', country: 'Colombia' },
  { user_id: 'e0000000-0000-4000-8000-000000001201', name: 'Valentina Rojas', username: 'vale_rojas', city: 'Bogotá', country: 'Colombia' },
  { user_id: 'e0000000-0000-4000-8000-000000001202', name: 'Mateo Silva', username: 'mateo_silva', city: 'Medellín', country: 'Colombia' },
];

/** The demo clips, generated with ffmpeg's lavfi sources at seed time. Fixed ids: a later start adds nothing twice. */
export const DEMO_CLIPS = [
  { id: 'e0000000-0000-4000-8000-000000001301', owner: DEMO_PLAYERS[1]!.user_id, title: 'Crossover and a step-back three', source: 'testsrc2', votes: 4 },
  { id: 'e0000000-0000-4000-8000-000000001302', owner: DEMO_PLAYERS[2]!.user_id, title: 'Fast-break dunk', source: 'smptehdbars', votes: 2 },
  { id: 'e0000000-0000-4000-8000-000000001303', owner: DEMO_ORGANIZER_ID, title: 'Warm-up drills', source: 'rgbtestsrc', votes: 1 },
] as const;

/** Voters of the demo votes (ids of no account: a vote needs only a user id). */
const DEMO_VOTERS = ['1401', '1402', '1403', '1404'].map((n) => `e0000000-0000-4000-8000-00000000${n}`);
const CLIP_SECONDS = 6;

export interface DemoVideosDeps {
  db: Db;
  logger: Logger;
  ffmpegPath: string;
  storage: VideoStorage;
  media: MediaTools;
  store: VideosStore;
  videos: VideosService;
  knownUsers: KnownUsersStore;
}

/**
 * The seed hook (SEED_DEMO): a few short clips made with ffmpeg, run through the same one pass as
 * uploads, stored as processed and published videos of the demo players, with a few votes, so the
 * showcase and the rankings are not empty. Only what is missing is added; without ffmpeg on the
 * PATH it says so and seeds nothing.
 */
export async function seedDemoVideos(deps: DemoVideosDeps): Promise<void> {
  const { db, logger, storage, store, videos } = deps;
  try {
    await run(deps.ffmpegPath, ['-hide_banner', '-version'], 10_000);
  } catch (error) {
    logger.warn('ffmpeg is not available: no demo videos', { error: error instanceof Error ? error.message : String(error) });
    return;
  }
  for (const player of DEMO_PLAYERS) await deps.knownUsers.apply(db, { ...player, at: new Date(0) });
  let added = 0;
  for (const clip of DEMO_CLIPS) {
    const original = uploadKey(clip.owner, clip.id, 'mp4');
    const processed = processedKey(clip.id);
    const existing = await store.find(db, clip.id);
    if (!existing || (await storage.size(processed)) === null) {
      const duration = await makeClip(deps, clip.source, original, clip.id);
      if (!existing) {
        await store.insertProcessed(db, {
          id: clip.id, user_id: clip.owner, title: clip.title, publish_requested: true,
          original_key: original, processed_key: processed, duration_seconds: duration,
        });
        added++;
      }
    }
    for (const voter of DEMO_VOTERS.slice(0, clip.votes)) {
      try {
        await videos.vote(clip.id, voter);
      } catch (error) {
        if (!(error instanceof AppError && error.code === ErrorCode.ALREADY_VOTED)) throw error;
      }
    }
  }
  logger.info('demo videos ready', { added, videos: DEMO_CLIPS.length });
}

/** Generates the source clip as its upload, then the one pass into `processed/`; its real duration. */
async function makeClip(deps: DemoVideosDeps, source: string, original: string, id: string): Promise<number> {
  const { storage, media } = deps;
  const input = storage.localPath(original);
  await fs.mkdir(path.dirname(input), { recursive: true });
  const temp = `${input}.part`;
  await run(
    deps.ffmpegPath,
    [
      '-hide_banner', '-loglevel', 'error', '-y',
      '-f', 'lavfi', '-i', `${source}=size=960x540:rate=25`,
      '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100',
      '-t', String(CLIP_SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-f', 'mp4', temp,
    ],
    120_000,
  );
  await fs.rename(temp, input);
  const work = processingKey(id, 0);
  await media.process(input, storage.localPath(work), MAX_CLIP_SECONDS);
  const info = await media.probe(storage.localPath(work));
  await storage.move(work, processedKey(id));
  return info.duration_seconds;
}
