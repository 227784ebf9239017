import http from 'node:http';
import { httpGet } from './http-get';

describe('httpGet', () => {
  // 6666 is on the WHATWG "bad ports" list, like payments' 6000: fetch refuses it outright.
  const server = http.createServer((req, res) => {
    res.writeHead(req.url === '/ready' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ path: req.url, auth: req.headers.authorization ?? null }));
  });
  beforeAll(() => new Promise<void>((resolve) => server.listen(6666, '127.0.0.3', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('when the service listens on a port fetch calls bad, then httpGet still reaches it, with status, body and headers', async () => {
    await expect(fetch('http://127.0.0.3:6666/ready')).rejects.toThrow();
    expect(await httpGet('http://127.0.0.3:6666/ready', { headers: { authorization: 'Bearer t' } })).toEqual({
      status: 200,
      text: JSON.stringify({ path: '/ready', auth: 'Bearer t' }),
    });
    expect((await httpGet(new URL('http://127.0.0.3:6666/missing'))).status).toBe(404);
  });

  it('when nothing listens or the signal aborts, then it rejects', async () => {
    await expect(httpGet('http://127.0.0.3:1/')).rejects.toThrow();
    await expect(httpGet('http://127.0.0.3:6666/ready', { signal: AbortSignal.abort() })).rejects.toThrow();
  });
});
