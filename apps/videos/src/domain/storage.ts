import type { Readable } from 'node:stream';

/** A byte range of a stored object, both ends included. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where video files live, by key (`uploads/{user_id}/{id}.mp4`, `processed/{id}.mp4`). Local
 * folders by default (`data/local-storage.ts`); an object store can implement the same.
 */
export interface VideoStorage {
  /** Streams `source` into `key` (never whole in memory); resolves with the bytes written. */
  write(key: string, source: Readable): Promise<number>;
  /** Renames an object (a finished upload from its temporary key to its final one). */
  move(from: string, to: string): Promise<void>;
  /** The object's size, or null when there is none. */
  size(key: string): Promise<number | null>;
  /** The object's bytes, or only `range` of them. */
  read(key: string, range?: ByteRange): Readable;
  /** Reads the first `bytes` bytes (fewer when the object is shorter). */
  head(key: string, bytes: number): Promise<Buffer>;
  /** A local file path for tools that need one (ffmpeg, ffprobe). */
  localPath(key: string): string;
  /** Removes the object; a missing one is fine. */
  remove(key: string): Promise<void>;
}
