/** A video and the rules about it that need no storage. */
export type VideoStatus = 'uploaded' | 'processing' | 'processed' | 'failed';

export const MAX_TITLE_LENGTH = 200;
/** The largest upload accepted (100 MB). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** The processed clip keeps at most the first this many seconds. */
export const MAX_CLIP_SECONDS = 20;

export interface Video {
  id: string;
  user_id: string;
  title: string;
  status: VideoStatus;
  is_published: boolean;
  publish_requested: boolean;
  original_key: string;
  processed_key: string | null;
  duration_seconds: number | null;
  progress: number;
  error: string | null;
  attempts: number;
  votes: number;
  uploaded_at: Date;
  processing_started_at: Date | null;
  processed_at: Date | null;
}

export interface NewVideo {
  id: string;
  user_id: string;
  title: string;
  publish_requested: boolean;
  original_key: string;
}

/** A published video in the public list, with its player. */
export interface PublicVideo extends Video {
  player_name: string | null;
  player_city: string | null;
}

/** One line of the rankings. */
export interface RankedPlayer {
  user_id: string;
  username: string | null;
  name: string | null;
  city: string | null;
  country: string | null;
  votes: number;
}

/** The containers accepted, decided by the file's first bytes. */
export type VideoContainer = 'mp4' | 'mov' | 'webm';

/**
 * The container of a file from its first bytes: ISO BMFF (`ftyp` at offset 4; brand `qt  ` is a
 * QuickTime .mov) or Matroska/WebM (EBML magic 1A 45 DF A3). Anything else is null.
 */
export function sniffContainer(head: Buffer): VideoContainer | null {
  if (head.length >= 12 && head.toString('latin1', 4, 8) === 'ftyp') {
    return head.toString('latin1', 8, 12) === 'qt  ' ? 'mov' : 'mp4';
  }
  if (head.length >= 4 && head.readUInt32BE(0) === 0x1a45dfa3) return 'webm';
  return null;
}

/** Lower case, no accents, trimmed: how city and country are compared (`Bogotá` → `bogota`). */
export function placeKey(place: string | null | undefined): string | null {
  if (place === null || place === undefined) return null;
  const key = place.normalize('NFD').replace(/\p{Diacritic}/gu, '').trim().toLowerCase();
  return key === '' ? null : key;
}

/** `uploads/{user_id}/{video_id}.{ext}`. */
export function uploadKey(userId: string, videoId: string, ext: VideoContainer): string {
  return `uploads/${userId}/${videoId}.${ext}`;
}

/** `processed/{video_id}.mp4`. */
export function processedKey(videoId: string): string {
  return `processed/${videoId}.mp4`;
}

/** `processed/{video_id}.{attempt}.part`: where one attempt encodes before its file becomes `processedKey`. */
export function processingKey(videoId: string, attempt: number): string {
  return `processed/${videoId}.${attempt}.part`;
}
