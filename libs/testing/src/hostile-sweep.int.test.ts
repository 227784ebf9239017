import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from './database';
import { formatFindings, hostileSweep } from './hostile-sweep';

// A service with three deliberate kinds of route: one that validates, one that writes before it
// fails (a 500 after the row), one that writes and then refuses. The sweep must find the last two.
const textBody = {
  required: true,
  content: { 'application/json': { schema: { type: 'object', properties: { text: { type: 'string' }, count: { type: 'integer' } }, required: ['text'] } } },
};
const openapi = {
  openapi: '3.1.0',
  paths: {
    '/api/safe/{id}': { post: { security: [], parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], requestBody: textBody } },
    '/api/buggy': { post: { security: [], requestBody: textBody } },
    '/api/leaky': { post: { security: [], requestBody: textBody } },
    '/api/plain': { post: { security: [], requestBody: textBody } },
    '/api/search': { get: { security: [], parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string' } }] } },
  },
};

function problem(res: express.Response, status: number, detail: string) {
  res.status(status).type('application/problem+json').send(JSON.stringify({ status, detail }));
}

describe('hostileSweep', () => {
  let db: TestDatabase;
  let client: Client;
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    db = await createTestDatabase({ label: 'sweep', prepare: async () => undefined });
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query('CREATE TABLE notes (text text NOT NULL)');
    const app = express();
    app.use(express.json({ limit: '1mb' }));
    const clean = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length < 100 && !v.includes('\u0000') && v.isWellFormed();
    app.post('/api/safe/:id', (req, res) => (clean(req.body?.text) && clean(req.params.id) ? res.status(201).json({}) : problem(res, 400, 'bad text')));
    app.post('/api/buggy', async (req, res, next) => {
      try {
        if (typeof req.body?.text !== 'string') return problem(res, 400, 'text must be a string');
        await client.query('INSERT INTO notes VALUES ($1)', [req.body.text.replace(/\u0000/g, '')]);
        if (req.body.text.includes('\u0000')) throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
        res.status(201).json({});
      } catch (error) {
        next(error);
      }
    });
    app.post('/api/leaky', async (req, res) => {
      await client.query('INSERT INTO notes VALUES ($1)', ['leak']);
      problem(res, 400, 'refused, after writing');
    });
    app.post('/api/plain', (_req, res) => res.status(400).type('text/plain').send('no'));
    app.get('/api/search', (req, res) => (clean(req.query.q) ? res.json({ items: [] }) : problem(res, 400, 'bad q')));
    app.get('/health', (_req, res) => res.json({ status: 'healthy' }));
    app.use((error: { status?: number }, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      // Body-parser and path-decoding errors carry a 4xx status; anything else is the route's bug.
      if (error.status && error.status < 500) problem(res, error.status, 'bad request');
      else res.status(500).send('<h1>Internal error</h1>');
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await client.end();
    await db.drop();
  });

  it('when routes validate, write nothing on refusal and never fail, then it finds nothing', async () => {
    const report = await hostileSweep({ baseUrl, openapi: { paths: { '/api/safe/{id}': openapi.paths['/api/safe/{id}'], '/api/search': openapi.paths['/api/search'] } }, databaseUrl: db.url });
    expect(formatFindings(report.findings)).toBe('');
    expect(report.operations).toBe(2);
    // path × 7, query × 11, body fields (text × 12, count × 11) + 5 whole bodies
    expect(report.requests).toBeGreaterThan(40);
  });

  it('when a route fails after writing, or writes and then refuses, then each is a finding', async () => {
    const report = await hostileSweep({ baseUrl, openapi, databaseUrl: db.url });
    const summary = new Set(report.findings.map((f) => `${f.operation} ${f.target}=${f.value} ${f.problem}`));
    expect(summary).toContain('POST /api/buggy body.text=nul 5xx');
    expect(summary).toContain('POST /api/buggy body.text=nul rows written on refusal: notes +1');
    expect(summary).toContain('POST /api/leaky body.text=huge rows written on refusal: notes +1');
    expect(summary).toContain('POST /api/plain body.count=int4-overflow 4xx without problem+json');
    expect([...summary].some((s) => s.startsWith('POST /api/safe'))).toBe(false);
    expect([...summary].some((s) => s.startsWith('GET /api/search'))).toBe(false);
  });
});
