import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { VideosTestKit, makeClip, probe, procMemory, type AppProcess } from '../testing/videos-kit';

const MB = 1024 * 1024;
const FILE_BYTES = 90 * MB;
const CHUNK = Buffer.alloc(MB);

/**
 * POSTs a multipart upload whose file is `head` (a real mp4) followed by one `free` box (which
 * every mp4 reader skips) padding it to `FILE_BYTES`, written chunk by chunk from one reused
 * buffer with backpressure: the test never holds the file, so only the service's memory can grow.
 */
function streamUpload(url: string, token: string, head: Buffer): Promise<{ status: number; body: { id: string } }> {
  const boundary = `----videos-memory-${Date.now()}`;
  const preamble = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nNinety megabytes\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="video_file"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`,
  );
  const epilogue = Buffer.from(`\r\n--${boundary}--\r\n`);
  const freeBytes = FILE_BYTES - head.length;
  const freeHeader = Buffer.alloc(8);
  freeHeader.writeUInt32BE(freeBytes, 0);
  freeHeader.write('free', 4, 'latin1');
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/api/videos/upload`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(preamble.length + FILE_BYTES + epilogue.length),
      },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    const write = (chunk: Buffer) => (req.write(chunk) ? Promise.resolve() : new Promise<void>((ok) => req.once('drain', () => ok())));
    (async () => {
      await write(preamble);
      await write(head);
      await write(freeHeader);
      for (let left = freeBytes - 8; left > 0; left -= CHUNK.length) await write(left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left));
      req.end(epilogue);
    })().catch(reject);
  });
}

describe('videos service: memory during a 90 MB upload', () => {
  const kit = new VideosTestKit();
  let api: { process: AppProcess; url: string };
  let clip: string;

  beforeAll(async () => {
    await kit.start();
    // The API as its own process, so its resident memory is the service's alone. Without help, a
    // Node process's RSS grows with garbage (the sockets' 64 KB read buffers) until V8's own
    // external-memory trigger collects it, some 60 MB later, whatever the route does with the
    // bytes; the preload collects every 25 ms, so what stays resident is what the route holds.
    api = await kit.spawnApi({}, ['--expose-gc', '--require', path.join(__dirname, '../testing/collect-garbage.cjs')]);
    clip = makeClip(path.join(kit.storageDir, 'head.mp4'), 2, 320, 240);
  }, 60_000);
  afterAll(() => kit.stop());

  it('when a 90 MB video is uploaded, then the service process grows by far less than the file, and the whole file is stored', async () => {
    const me = kit.user();
    const head = await fs.readFile(clip);
    const pid = api.process.pid;
    // Warm up (first request compiles and allocates what every later one reuses), then measure.
    expect((await kit.call('GET', '/api/videos', { token: me.token, base: api.url })).status).toBe(200);
    const baseline = await procMemory(pid, 'VmRSS');
    await fs.writeFile(`/proc/${pid}/clear_refs`, '5'); // resets VmHWM, the peak resident size, to now
    let sampledPeak = baseline;
    const sampler = setInterval(() => {
      procMemory(pid, 'VmRSS').then((rss) => (sampledPeak = Math.max(sampledPeak, rss)), () => undefined);
    }, 20);
    let answer: Awaited<ReturnType<typeof streamUpload>>;
    try {
      answer = await streamUpload(api.url, me.token, head);
    } finally {
      clearInterval(sampler);
    }
    const peak = Math.max(sampledPeak, await procMemory(pid, 'VmHWM'));
    const growth = peak - baseline;

    expect(answer.status).toBe(201);
    const stored = path.join(kit.storageDir, 'uploads', me.userId, `${answer.body.id}.mp4`);
    expect((await fs.stat(stored)).size).toBe(FILE_BYTES);
    expect(probe(stored).width).toBe(320);
    // Buffering the file would need at least 90 MB more; streaming it needs a few chunks.
    expect(growth).toBeLessThan(40 * MB);
    process.stdout.write(`90 MB upload: RSS ${Math.round(baseline / MB)} MB before, peak +${(growth / MB).toFixed(1)} MB\n`);
  }, 120_000);
});
