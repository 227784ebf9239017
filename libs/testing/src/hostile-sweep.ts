/* eslint-disable @typescript-eslint/no-explicit-any -- OpenAPI documents are walked as loose JSON */
// Sends hostile input to every route a service documents and reports each answer that is a 5xx,
// a 4xx that is not problem+json, or a refusal that still wrote rows. Bodies are built from the
// route's own schema (required fields only), then one field at a time is replaced by a hostile
// value, so the hostile value reaches as deep into the handler as validation lets it.
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** One answer that breaks the rules, with enough to reproduce it. */
export interface SweepFinding {
  /** `POST /api/movies/{id}`. */
  operation: string;
  /** `body.cast.0.name`, `query.q`, `path.id` or `body`. */
  target: string;
  /** The hostile value's name (`nul`, `huge`, `int4-overflow`, …). */
  value: string;
  status: number;
  /** What is wrong: `5xx`, `not problem+json`, `rows written on refusal: users +1`. */
  problem: string;
  /** The start of the answer's body. */
  answer: string;
}

export interface SweepReport {
  operations: number;
  requests: number;
  findings: SweepFinding[];
}

/** What the sweep knows of an operation when it asks for its token. */
export interface SweptOperation {
  method: string;
  /** The OpenAPI path (`/api/movies/{id}`). */
  path: string;
  /** True when the operation declares no security at all. */
  isPublic: boolean;
  description: string;
}

export interface HostileSweepOptions {
  /** The running service, e.g. `http://127.0.0.1:41234`. */
  baseUrl: string;
  /** The service's OpenAPI document; default `GET {baseUrl}/openapi.json`. */
  openapi?: any;
  /** Bearer token for each operation: one for all, or chosen per operation (undefined: none). */
  token?: string | ((operation: SweptOperation) => string | undefined);
  /** The service's own database: every table's rows are counted around each request. */
  databaseUrl?: string;
  /** Tables a refused request may write on purpose (failed-login records). */
  tablesWrittenOnRefusal?: string[];
  /** Base values of path parameters by name (an existing id), so requests get past the 404. */
  pathValues?: Record<string, string>;
  /** Base bodies by operation (`POST /api/reviews`) when the schema alone cannot make one valid. */
  bodies?: Record<string, Record<string, unknown>>;
  /** Operations not swept, as `POST /api/auth/logout`. */
  skip?: string[];
  /** Headers for every request, or a function giving them per request (e.g. a fresh client IP). */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Paths outside the service's API (`/health`, `/metrics`, …) are skipped unless this is true. */
  includeSystemRoutes?: boolean;
}

type Hostile = { name: string; value: unknown };

const HUGE = 'x'.repeat(100_000);

const TEXT: Hostile[] = [
  { name: 'nul', value: 'a\u0000b' },
  { name: 'lone-surrogate', value: 'a\ud800b' },
  { name: 'rtl-override', value: '\u202Egnp.exe\u202C' },
  { name: 'huge', value: HUGE },
  { name: 'empty', value: '' },
  { name: 'blank', value: '   ' },
  { name: 'sql', value: "' OR 1=1; --" },
];

const WRONG_TYPES: Hostile[] = [
  { name: 'number', value: 12345 },
  { name: 'boolean', value: true },
  { name: 'null', value: null },
  { name: 'object', value: { a: 1 } },
  { name: 'array', value: ['x'] },
];

const NUMBERS: Hostile[] = [
  { name: 'int4-overflow', value: 2147483648 },
  { name: 'int4-underflow', value: -2147483649 },
  { name: 'unsafe-integer', value: 9007199254740993 },
  { name: 'huge-float', value: 1e308 },
  { name: 'negative', value: -1 },
  { name: 'fraction', value: 1.5 },
  { name: 'numeric-string', value: '1e400' },
  { name: 'text', value: 'abc' },
];

const DATES: Hostile[] = [
  { name: 'year-0', value: '0000-01-01' },
  { name: 'year-1800', value: '1800-01-01' },
  { name: 'year-9999', value: '9999-12-31' },
  { name: 'year-275760', value: '+275760-09-13' },
  { name: 'feb-30', value: '2020-02-30' },
  { name: 'hour-25', value: '2020-01-01T25:61:00Z' },
  { name: 'words', value: 'yesterday' },
];

const QUERY_TEXT: Hostile[] = [
  { name: 'nul', value: 'a%00b' },
  { name: 'lone-surrogate', value: '%ED%A0%80' },
  { name: 'rtl-override', value: encodeURIComponent('\u202Egnp\u202C') },
  { name: 'huge', value: 'x'.repeat(8_000) },
  { name: 'int4-overflow', value: '2147483648' },
  { name: 'negative', value: '-1' },
  { name: 'numeric-string', value: '1e400' },
  { name: 'year-0', value: '0000-01-01' },
  { name: 'year-9999', value: '9999-12-31' },
  { name: 'sql', value: encodeURIComponent("' OR 1=1; --") },
];

const PATH_TEXT: Hostile[] = [
  { name: 'nul', value: 'a%00b' },
  { name: 'lone-surrogate', value: '%ED%A0%80' },
  { name: 'long', value: 'x'.repeat(2_000) },
  { name: 'int4-overflow', value: '2147483648' },
  { name: 'traversal', value: '..%2F..%2Fetc' },
  { name: 'nil-uuid', value: '00000000-0000-0000-0000-000000000000' },
  { name: 'sql', value: encodeURIComponent("' OR 1=1; --") },
];

const SYSTEM_PATHS = new Set(['/health', '/ready', '/metrics', '/openapi.json']);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

class SchemaWalker {
  private counter = 0;

  constructor(private readonly doc: any) {}

  resolve(schema: any, depth = 0): any {
    if (!schema || typeof schema !== 'object' || depth > 20) return schema ?? {};
    if (typeof schema.$ref === 'string') {
      const name = schema.$ref.replace('#/components/schemas/', '');
      return this.resolve(this.doc?.components?.schemas?.[name], depth + 1);
    }
    if (Array.isArray(schema.allOf)) {
      const parts = schema.allOf.map((s: any) => this.resolve(s, depth + 1));
      return {
        type: 'object',
        properties: Object.assign({}, ...parts.map((p: any) => p.properties ?? {})),
        required: parts.flatMap((p: any) => p.required ?? []),
      };
    }
    const options = schema.anyOf ?? schema.oneOf;
    if (Array.isArray(options)) {
      const chosen = options.map((s: any) => this.resolve(s, depth + 1)).find((s: any) => s.type !== 'null') ?? {};
      return { ...chosen, nullable: true };
    }
    return schema;
  }

  kind(schema: any): 'string' | 'date' | 'number' | 'boolean' | 'array' | 'object' | 'unknown' {
    const s = this.resolve(schema);
    const type = Array.isArray(s.type) ? s.type.find((t: string) => t !== 'null') : s.type;
    if (type === 'string') return s.format === 'date' || s.format === 'date-time' ? 'date' : 'string';
    if (type === 'integer' || type === 'number') return 'number';
    if (type === 'boolean' || type === 'array' || type === 'object') return type;
    if (s.properties) return 'object';
    return 'unknown';
  }

  /** A value the schema accepts (as far as a schema can tell), with required fields only. */
  example(schema: any, depth = 0): unknown {
    const s = this.resolve(schema);
    if (depth > 6) return undefined;
    if (s.const !== undefined) return s.const;
    if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
    if (s.default !== undefined && depth > 0) return s.default;
    this.counter += 1;
    const n = this.counter;
    switch (this.kind(s)) {
      case 'date':
        return s.format === 'date' ? '2030-01-15' : '2030-01-15T18:00:00.000Z';
      case 'string': {
        if (s.format === 'email') return `sweep${n}.${Date.now()}@example.com`;
        if (s.format === 'uuid') return randomUUID();
        if (s.format === 'uri' || s.format === 'url') return 'https://example.com/image.png';
        let text = `sweep${n}x${Date.now() % 100000}`;
        const min = typeof s.minLength === 'number' ? s.minLength : 0;
        if (text.length < min) text = text.padEnd(min, 'x');
        if (typeof s.maxLength === 'number') text = text.slice(0, Math.max(s.maxLength, min));
        return text;
      }
      case 'number': {
        const min = typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
        return s.type === 'integer' ? Math.ceil(min) : min;
      }
      case 'boolean':
        return false;
      case 'array': {
        const count = Math.max(1, typeof s.minItems === 'number' ? s.minItems : 1);
        return Array.from({ length: count }, () => this.example(s.items ?? {}, depth + 1));
      }
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const key of s.required ?? []) out[key] = this.example(s.properties?.[key] ?? {}, depth + 1);
        return out;
      }
      default:
        return 'sweep';
    }
  }

  /** Every field path below `schema` (`cast.0.name`), with its schema. */
  fields(schema: any, prefix: string[] = [], depth = 0): Array<{ path: string[]; schema: any }> {
    const s = this.resolve(schema);
    if (depth > 4) return [];
    const out: Array<{ path: string[]; schema: any }> = [];
    const kind = this.kind(s);
    if (kind === 'object') {
      for (const [key, child] of Object.entries<any>(s.properties ?? {})) {
        out.push({ path: [...prefix, key], schema: child });
        out.push(...this.fields(child, [...prefix, key], depth + 1));
      }
    } else if (kind === 'array') {
      const items = s.items ?? {};
      out.push({ path: [...prefix, '0'], schema: items });
      out.push(...this.fields(items, [...prefix, '0'], depth + 1));
    }
    return out;
  }

  /** `base` with the field at `path` set to `value`, creating the fields on the way from the schema. */
  withField(base: unknown, schema: any, path: string[], value: unknown): unknown {
    const root = structuredClone(base) as any;
    let node = root;
    let nodeSchema = this.resolve(schema);
    for (let i = 0; i < path.length - 1; i += 1) {
      const key = path[i] as string;
      const childSchema = this.kind(nodeSchema) === 'array' ? nodeSchema.items : nodeSchema.properties?.[key];
      if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') node[key] = this.example(childSchema ?? {}, 1);
      if (node[key] === undefined || typeof node[key] !== 'object') node[key] = this.kind(childSchema) === 'array' ? [] : {};
      node = node[key];
      nodeSchema = this.resolve(childSchema ?? {});
    }
    node[path[path.length - 1] as string] = value;
    return root;
  }
}

function hostileFor(kind: string): Hostile[] {
  switch (kind) {
    case 'string':
      return [...TEXT, ...WRONG_TYPES];
    case 'date':
      return [...DATES, TEXT[0] as Hostile, TEXT[3] as Hostile, ...WRONG_TYPES.slice(0, 3)];
    case 'number':
      return [...NUMBERS, ...WRONG_TYPES.slice(1, 4)];
    case 'boolean':
      return [{ name: 'text', value: 'yes' }, ...WRONG_TYPES.filter((w) => w.name !== 'boolean')];
    case 'array':
      return [
        { name: 'empty-array', value: [] },
        { name: 'thousand-items', value: Array.from({ length: 1000 }, (_, i) => `x${i}`) },
        { name: 'nested', value: [[['x']]] },
        TEXT[0] as Hostile,
        WRONG_TYPES[2] as Hostile,
      ];
    case 'object':
      return [{ name: 'deep', value: JSON.parse('{"a":'.repeat(200) + '1' + '}'.repeat(200)) }, TEXT[0] as Hostile, WRONG_TYPES[4] as Hostile];
    default:
      return [TEXT[0] as Hostile, TEXT[3] as Hostile, WRONG_TYPES[3] as Hostile];
  }
}

class RowCounter {
  private client?: Client;
  private tables: string[] = [];

  constructor(
    private readonly url: string | undefined,
    private readonly exempt: Set<string>,
  ) {}

  async start(): Promise<void> {
    if (!this.url) return;
    this.client = new Client({ connectionString: this.url });
    await this.client.connect();
    const { rows } = await this.client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    this.tables = rows.map((r) => r.name).filter((t) => t !== 'schema_migrations' && !this.exempt.has(t));
  }

  async counts(): Promise<Record<string, number>> {
    if (!this.client || this.tables.length === 0) return {};
    const columns = this.tables.map((t) => `(SELECT count(*) FROM "${t.replace(/"/g, '""')}")::int AS "${t.replace(/"/g, '""')}"`);
    const { rows } = await this.client.query(`SELECT ${columns.join(', ')}`);
    return rows[0] as Record<string, number>;
  }

  async stop(): Promise<void> {
    await this.client?.end();
  }
}

function diff(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after)
    .filter((t) => after[t] !== before[t])
    .map((t) => `${t} ${(after[t] ?? 0) - (before[t] ?? 0) > 0 ? '+' : ''}${(after[t] ?? 0) - (before[t] ?? 0)}`);
}

interface Probe {
  target: string;
  value: string;
  path: string;
  body?: unknown;
  rawBody?: string;
}

/**
 * Sweeps every documented route of a running service with hostile input: NUL characters, lone
 * surrogates, right-to-left overrides, 100 kB strings, wrong types, out-of-range numbers and
 * dates, in body fields, query parameters and path parameters. Returns every answer that is a
 * 5xx, a 4xx without a problem+json body, or a refusal (4xx) that changed a table's row count.
 * A service test asserts `findings` is empty.
 */
export async function hostileSweep(options: HostileSweepOptions): Promise<SweepReport> {
  const doc = options.openapi ?? (await (await fetch(`${options.baseUrl}/openapi.json`)).json());
  const walker = new SchemaWalker(doc);
  const counter = new RowCounter(options.databaseUrl, new Set(options.tablesWrittenOnRefusal ?? []));
  await counter.start();
  const skip = new Set(options.skip ?? []);
  const findings: SweepFinding[] = [];
  let requests = 0;
  let operations = 0;

  try {
    for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
      if (!options.includeSystemRoutes && SYSTEM_PATHS.has(path)) continue;
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const name = `${method.toUpperCase()} ${path}`;
        if (skip.has(name)) continue;
        operations += 1;
        const swept: SweptOperation = {
          method: method.toUpperCase(),
          path,
          isPublic: Array.isArray(op.security) && op.security.length === 0,
          description: op.description ?? '',
        };
        const token = typeof options.token === 'function' ? options.token(swept) : swept.isPublic ? undefined : options.token;

        const params: any[] = (op.parameters ?? []).map((p: any) => (p.$ref ? walker.resolve(p) : p));
        const pathParams = params.filter((p) => p.in === 'path');
        const queryParams = params.filter((p) => p.in === 'query');
        const basePath: Record<string, string> = {};
        for (const p of pathParams) basePath[p.name] = options.pathValues?.[p.name] ?? String(walker.example(p.schema ?? { type: 'string' }));
        const baseQuery: Record<string, string> = {};
        for (const p of queryParams.filter((q) => q.required)) baseQuery[p.name] = String(walker.example(p.schema ?? { type: 'string' }));
        const bodySchema = op.requestBody?.content?.['application/json']?.schema;
        const hasJsonBody = bodySchema !== undefined;
        const baseBody = options.bodies?.[name] ?? (hasJsonBody ? walker.example(bodySchema) : undefined);

        const url = (pathValues: Record<string, string>, query: Record<string, string>) => {
          const filled = path.replace(/\{([^}]+)\}/g, (_m, key: string) => pathValues[key] ?? 'x');
          const qs = Object.entries(query)
            .map(([k, v]) => `${encodeURIComponent(k)}=${v}`)
            .join('&');
          return qs ? `${filled}?${qs}` : filled;
        };
        const encodedBaseQuery = Object.fromEntries(Object.entries(baseQuery).map(([k, v]) => [k, encodeURIComponent(v)]));
        const encodedBasePath = Object.fromEntries(Object.entries(basePath).map(([k, v]) => [k, encodeURIComponent(v)]));

        const probes: Probe[] = [];
        for (const p of pathParams) {
          for (const h of PATH_TEXT) {
            probes.push({ target: `path.${p.name}`, value: h.name, path: url({ ...encodedBasePath, [p.name]: String(h.value) }, encodedBaseQuery), body: baseBody });
          }
        }
        for (const p of queryParams) {
          for (const h of QUERY_TEXT) {
            probes.push({ target: `query.${p.name}`, value: h.name, path: url(encodedBasePath, { ...encodedBaseQuery, [p.name]: String(h.value) }), body: baseBody });
          }
          probes.push({
            target: `query.${p.name}`,
            value: 'repeated',
            path: `${url(encodedBasePath, { ...encodedBaseQuery, [p.name]: 'a' })}&${encodeURIComponent(p.name)}=b`,
            body: baseBody,
          });
        }
        if (hasJsonBody && method !== 'get') {
          const at = url(encodedBasePath, encodedBaseQuery);
          for (const field of walker.fields(bodySchema)) {
            for (const h of hostileFor(walker.kind(field.schema))) {
              probes.push({ target: `body.${field.path.join('.')}`, value: h.name, path: at, body: walker.withField(baseBody, bodySchema, field.path, h.value) });
            }
          }
          for (const [value, rawBody] of [
            ['array', '[]'],
            ['string', '"text"'],
            ['null', 'null'],
            ['deep', '['.repeat(5000) + ']'.repeat(5000)],
            ['nul-key', '{"\\u0000":1}'],
          ] as const) {
            probes.push({ target: 'body', value, path: at, rawBody });
          }
        }

        for (const probe of probes) {
          const before = await counter.counts();
          const headers: Record<string, string> = { ...(typeof options.headers === 'function' ? options.headers() : options.headers) };
          if (token) headers.authorization = `Bearer ${token}`;
          let body: string | undefined;
          if (probe.rawBody !== undefined) body = probe.rawBody;
          else if (probe.body !== undefined && method !== 'get' && method !== 'delete') body = JSON.stringify(probe.body);
          if (body !== undefined) headers['content-type'] = 'application/json';
          requests += 1;
          let status: number;
          let text: string;
          let contentType: string;
          try {
            const res = await fetch(`${options.baseUrl}${probe.path}`, { method: method.toUpperCase(), headers, body });
            status = res.status;
            contentType = res.headers.get('content-type') ?? '';
            text = await res.text();
          } catch (error) {
            findings.push({ operation: name, target: probe.target, value: probe.value, status: 0, problem: `no answer: ${(error as Error).message}`, answer: '' });
            continue;
          }
          const report = (problem: string) =>
            findings.push({ operation: name, target: probe.target, value: probe.value, status, problem, answer: text.slice(0, 300) });
          if (status >= 500) report('5xx');
          else if (status >= 400 && status !== 431 && !contentType.startsWith('application/problem+json')) report('4xx without problem+json');
          if (status >= 400) {
            const changed = diff(before, await counter.counts());
            if (changed.length > 0) report(`rows written on refusal: ${changed.join(', ')}`);
          }
        }
      }
    }
    const health = await fetch(`${options.baseUrl}/health`).catch(() => undefined);
    if (!health || health.status !== 200) {
      findings.push({ operation: 'GET /health', target: 'after the sweep', value: '-', status: health?.status ?? 0, problem: 'service not healthy after the sweep', answer: '' });
    }
  } finally {
    await counter.stop();
  }
  return { operations, requests, findings };
}

/** The findings as one readable line each, for a failing assertion's message. */
export function formatFindings(findings: readonly SweepFinding[]): string {
  return findings.map((f) => `${f.operation} ${f.target}=${f.value} → ${f.status} ${f.problem} ${f.answer.replace(/\s+/g, ' ').slice(0, 160)}`).join('\n');
}
