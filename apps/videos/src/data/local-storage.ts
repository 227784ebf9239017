import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, VideoStorage } from '../domain/storage';

const SAFE_KEY = /^[a-z]+(\/[A-Za-z0-9._-]+)+$/;

/** Storage in local folders under `root`: each key is a relative path. */
export class LocalStorage implements VideoStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  localPath(key: string): string {
    if (!SAFE_KEY.test(key) || key.includes('..')) throw new Error(`Not a storage key: ${key}`);
    return path.join(this.root, key);
  }

  async write(key: string, source: Readable): Promise<number> {
    const file = this.localPath(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const sink = createWriteStream(file);
    await pipeline(source, sink);
    return sink.bytesWritten;
  }

  async move(from: string, to: string): Promise<void> {
    const target = this.localPath(to);
    await fs.mkdir(path.dirname(target), { recursive: true });
    await fs.rename(this.localPath(from), target);
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await fs.stat(this.localPath(key))).size;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  read(key: string, range?: ByteRange): Readable {
    return createReadStream(this.localPath(key), range ? { start: range.start, end: range.end } : {});
  }

  async head(key: string, bytes: number): Promise<Buffer> {
    const handle = await fs.open(this.localPath(key), 'r');
    try {
      const buffer = Buffer.alloc(bytes);
      const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async remove(key: string): Promise<void> {
    await fs.rm(this.localPath(key), { force: true });
  }
}
