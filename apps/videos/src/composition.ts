import path from 'node:path';
import { domainPlatform, type Platform, type PlatformConfig } from '@marquee/service';
import type { videosConfigShape } from './config';
import { LocalStorage } from './data/local-storage';
import { VideosRepository } from './data/videos.repository';
import { ProcessingService } from './domain/processing.service';
import { Ffmpeg, ensureLogo } from './media/ffmpeg';
import { BrokerVideoJobs } from './messaging/video-jobs.queue';

export type VideosConfig = PlatformConfig<typeof videosConfigShape>;

/** Storage, the media tools and the processing rules, wired the same way for the API and the worker. */
export function buildMedia(platform: Platform<VideosConfig>) {
  const { config } = platform;
  const storage = new LocalStorage(config.VIDEOS_STORAGE_DIR);
  const media = new Ffmpeg({
    ffmpegPath: config.FFMPEG_PATH,
    ffprobePath: config.FFPROBE_PATH,
    logo: () => ensureLogo(config.FFMPEG_PATH, path.join(storage.root, 'assets'), config.VIDEOS_LOGO_PATH),
    preset: config.VIDEOS_FFMPEG_PRESET,
    timeoutMs: config.VIDEOS_FFMPEG_TIMEOUT_MS,
  });
  const videos = new VideosRepository();
  const jobs = new BrokerVideoJobs(platform.broker);
  const processing = new ProcessingService({ ...domainPlatform(platform), videos, storage, media, jobs, maxAttempts: config.VIDEOS_MAX_ATTEMPTS });
  return { storage, media, videos, jobs, processing };
}
