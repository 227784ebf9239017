import type { Bounds, Slice } from '@marquee/contracts';
import type { Db } from '@marquee/service';
import type { NewVideo, PublicVideo, RankedPlayer, Video } from './video';

export interface RankingFilter {
  /** Already `placeKey`-ed. */
  city?: string | null;
  country?: string | null;
}

/** Where videos, votes and tallies live; `data/videos.repository.ts` implements it. */
export interface VideosStore {
  insert(db: Db, video: NewVideo): Promise<Video>;
  /** A video already processed and published (the demo seed); false when the id exists. */
  insertProcessed(db: Db, video: NewVideo & { processed_key: string; duration_seconds: number }): Promise<boolean>;
  find(db: Db, id: string): Promise<Video | null>;
  /** Locks the row (FOR UPDATE) inside a transaction. */
  lock(db: Db, id: string): Promise<Video | null>;
  pageOfOwner(db: Db, userId: string, bounds: Bounds): Promise<Slice<Video>>;
  pagePublished(db: Db, bounds: Bounds): Promise<Slice<PublicVideo>>;
  publish(db: Db, id: string): Promise<void>;
  remove(db: Db, id: string): Promise<void>;
  /** uploaded|processing → processing (attempts + 1); null when the video is in another state or gone. */
  claim(db: Db, id: string): Promise<Video | null>;
  setProgress(db: Db, id: string, percent: number): Promise<void>;
  /** processing → processed (published too when it was asked at upload); null when not processing. */
  markProcessed(db: Db, id: string, result: { processed_key: string; duration_seconds: number }): Promise<Video | null>;
  /** uploaded|processing → failed; null when in another state. */
  markFailed(db: Db, id: string, reason: string): Promise<Video | null>;
  /** Videos in `processing` since before `olderThanMs` ago, locked and skipped by others (SKIP LOCKED). */
  lockStuck(db: Db, olderThanMs: number, limit: number): Promise<Video[]>;
  /** processing → uploaded, for another attempt. */
  requeue(db: Db, id: string): Promise<void>;
  /** Inserts the vote; false when this user already voted for this video. */
  insertVote(db: Db, videoId: string, userId: string): Promise<boolean>;
  /** votes + 1 on the video and on its owner's tally; the video's new total. */
  countVote(db: Db, videoId: string, ownerId: string): Promise<number>;
  rankings(db: Db, filter: RankingFilter, bounds: Bounds): Promise<Slice<RankedPlayer>>;
}
