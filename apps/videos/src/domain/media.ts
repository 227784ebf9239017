/** What the media tools (ffmpeg, ffprobe) do for the domain; `media/ffmpeg.ts` implements it. */
export interface MediaInfo {
  duration_seconds: number;
  width: number;
  height: number;
}

export interface ProcessOptions {
  /** Called with 0–100 as the encode advances. */
  onProgress?: (percent: number) => void;
}

/** The input could not be read as a video: the job fails for good, it is not retried. */
export class UnreadableMediaError extends Error {
  readonly permanent = true;
}

export interface MediaTools {
  /** The file's first video stream and duration; throws `UnreadableMediaError` when it has none. */
  probe(path: string): Promise<MediaInfo>;
  /** Trims, scales, pads and overlays the logo in one pass, from `input` to `output` (mp4). */
  process(input: string, output: string, expectedSeconds: number, options?: ProcessOptions): Promise<void>;
}
