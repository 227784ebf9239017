import { TestIssuer, waitUntil } from '@marquee/testing';
import { startEchoUpstreams, startGatewayProcess } from '../support/gateway-stack';
import { Inspector } from '../support/inspector';
import type { NodeProcess } from '../support/processes';

const MB = 1024 * 1024;

/**
 * A request body generated on the fly in 64 KiB chunks (the test holds none of it). When
 * `pauseAt` is reached it waits for `resume()` before sending the rest.
 */
function generatedBody(bytes: number, pauseAt = Infinity, resume: () => Promise<void> = async () => undefined): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let sent = 0;
  let paused = false;
  return new ReadableStream({
    async pull(controller) {
      if (sent >= bytes) return controller.close();
      if (!paused && sent >= pauseAt) {
        paused = true;
        await resume();
      }
      const size = Math.min(chunk.length, bytes - sent);
      controller.enqueue(size === chunk.length ? chunk : chunk.subarray(0, size));
      sent += size;
    },
  });
}

describe('uploads stream through the gateway', () => {
  const issuer = new TestIssuer();
  let echo: NodeProcess;
  let gateway: NodeProcess;
  let base: string;
  let echoUrl: string;
  const inspector = new Inspector();

  beforeAll(async () => {
    const jwksUrl = await issuer.start();
    const upstreams = await startEchoUpstreams(['videos']);
    echo = upstreams.process;
    echoUrl = upstreams.urls.VIDEOS_URL!;
    const started = await startGatewayProcess({ ...upstreams.urls, JWKS_URL: jwksUrl }, ['--inspect=127.0.0.1:0']);
    gateway = started.process;
    base = started.url;
    await inspector.connect(gateway);
  }, 60_000);

  afterAll(async () => {
    inspector.close();
    await gateway?.stop();
    await echo?.stop();
    await issuer.stop();
  });

  const upload = (id: string, body: ReadableStream<Uint8Array>) =>
    fetch(`${base}/api/videos/upload?upload=${id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issuer.issue().token}`, 'content-type': 'multipart/form-data; boundary=x' },
      body,
      duplex: 'half',
    } as RequestInit);
  const received = async (id: string) => ((await (await fetch(`${echoUrl}/progress?upload=${id}`)).json()) as { bytes: number }).bytes;

  it('when a client is half-way through a 50 MB upload, then the service already has that half: nothing waits for the whole body', async () => {
    const body = generatedBody(50 * MB, 25 * MB, () => waitUntil(async () => (await received('half')) >= 24 * MB, { timeoutMs: 10_000, message: 'the first half at the service' }).then(() => undefined));
    const res = await upload('half', body);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { body_bytes: number }).body_bytes).toBe(50 * MB);
  }, 60_000);

  it('when a 50 MB upload is half-way through, then the gateway holds no more than a few MB of it (measured after a full GC inside the gateway)', async () => {
    // V8 frees socket read buffers lazily, so resident memory right after a fast upload is mostly
    // garbage. A full GC through the inspector leaves only what the gateway really holds.
    const upload50 = async (id: string) => {
      let mid: NodeJS.MemoryUsage | undefined;
      const body = generatedBody(50 * MB, 25 * MB, async () => {
        await waitUntil(async () => (await received(id)) >= 24 * MB, { timeoutMs: 10_000, message: 'the first half at the service' });
        mid = await inspector.memoryAfterGc();
      });
      const res = await upload(id, body);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { body_bytes: number }).body_bytes).toBe(50 * MB);
      return mid!;
    };
    await upload50('warm-up');
    const before = await inspector.memoryAfterGc();
    const mid = await upload50('measured');
    const after = await inspector.memoryAfterGc();
    const held = (m: NodeJS.MemoryUsage) => m.heapUsed + m.external;
    process.stdout.write(`gateway memory held (after GC), MB: before ${(held(before) / MB).toFixed(1)}, mid-upload ${(held(mid) / MB).toFixed(1)}, after ${(held(after) / MB).toFixed(1)}; rss ${(before.rss / MB).toFixed(0)} → ${(after.rss / MB).toFixed(0)}\n`);
    expect(held(mid) - held(before)).toBeLessThan(4 * MB);
    expect(held(after) - held(before)).toBeLessThan(2 * MB);
  }, 60_000);
});
