import { httpGet, type Logger } from '@marquee/core';
import type { RouteMatch } from '../routes/route-matcher';
import type { Upstream } from '../routes/route-table';

/** The parts of an OpenAPI 3.1 document the merge touches; the rest is carried as it is. */
export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown>; [key: string]: unknown };
  tags?: { name: string; description?: string }[];
  [key: string]: unknown;
}

type Matcher = (method: string, path: string) => RouteMatch;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const SAMPLE_PARAM = '00000000-0000-4000-8000-000000000000';

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Merges each service's document into one: only the operations the gateway really routes to
 * that service (a service's `/health` or an unrouted path is left out), every operation tagged
 * with its service, and component schemas unioned. Two services may both name a schema `Page`:
 * identical definitions are shared; a different one is renamed `<Service><Name>` and its
 * references in that service's part are rewritten.
 */
export function mergeOpenApi(
  base: OpenApiDocument,
  documents: { upstream: Upstream; document: OpenApiDocument }[],
  match: Matcher,
): OpenApiDocument {
  const merged: OpenApiDocument = {
    ...base,
    paths: { ...base.paths },
    components: { ...base.components, schemas: { ...base.components?.schemas }, securitySchemes: { ...base.components?.securitySchemes } },
    tags: [...(base.tags ?? [])],
  };
  const schemas = merged.components!.schemas!;
  for (const { upstream, document } of documents) {
    const renames = new Map<string, string>();
    for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
      if (name in schemas && JSON.stringify(schemas[name]) !== JSON.stringify(schema)) renames.set(name, `${pascal(upstream)}${name}`);
    }
    let text = JSON.stringify({ paths: document.paths ?? {}, schemas: document.components?.schemas ?? {} });
    for (const [from, to] of renames) {
      text = text.replace(new RegExp(`"#/components/schemas/${escapeRegExp(from)}"`, 'g'), `"#/components/schemas/${to}"`);
    }
    const part = JSON.parse(text) as { paths: Record<string, Record<string, unknown>>; schemas: Record<string, unknown> };
    for (const [name, schema] of Object.entries(part.schemas)) schemas[renames.get(name) ?? name] = schema;
    Object.assign(merged.components!.securitySchemes!, document.components?.securitySchemes ?? {});

    for (const [path, item] of Object.entries(part.paths)) {
      const concrete = path.replace(/\{[^}]+\}/g, SAMPLE_PARAM);
      for (const [method, operation] of Object.entries(item)) {
        if (!METHODS.includes(method)) continue;
        const found = match(method.toUpperCase(), concrete);
        if (found.kind !== 'matched' || found.rule.upstream !== upstream) continue;
        const target = (merged.paths![path] ??= {});
        if (target[method]) continue;
        const op = operation as { tags?: string[] };
        target[method] = { ...op, tags: [upstream, ...(op.tags ?? []).filter((t) => t !== upstream)], 'x-service': upstream };
      }
    }
    if (!merged.tags!.some((t) => t.name === upstream)) merged.tags!.push({ name: upstream, description: String(document.info?.description ?? document.info?.title ?? upstream) });
  }
  return merged;
}

export interface AggregatorOptions {
  upstreams: { name: Upstream; url: URL }[];
  base: OpenApiDocument;
  match: Matcher;
  logger: Logger;
  /** How often every document is read again (a redeployed service may have new routes). */
  refreshMs: number;
  /** First retry of a document that could not be read; the delay doubles up to `retryMaxMs`. Default 250. */
  retryMinMs?: number;
  /** Default 1000. */
  retryMaxMs?: number;
  fetchTimeoutMs?: number;
  /** How long a request for the merged document waits for missing ones to be tried again. Default 500. */
  requestWaitMs?: number;
}

/**
 * Keeps the merged document: reads every service's `/openapi.json` at start, re-reads them all
 * every `refreshMs`, and at once when asked (the gateway asks when a service's breaker closes
 * again). A document that could not be read yet (the service is still booting after `npm start`)
 * is tried again soon, from 250 ms doubling up to `retryMaxMs`, until it answers, and once more
 * whenever the merged document is requested, so it is complete as soon as the service answers.
 */
export class OpenApiAggregator {
  private readonly documents = new Map<Upstream, OpenApiDocument>();
  private readonly inFlight = new Map<Upstream, Promise<void>>();
  private readonly retries = new Map<Upstream, { timer?: NodeJS.Timeout; delayMs: number }>();
  private merged?: OpenApiDocument;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly options: AggregatorOptions) {}

  async start(): Promise<void> {
    await this.refreshAll();
    this.timer = setInterval(() => void this.refreshAll(), this.options.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    for (const retry of this.retries.values()) clearTimeout(retry.timer);
    this.retries.clear();
  }

  /** Which services' documents are in the merge. */
  status(): Record<string, 'loaded' | 'missing'> {
    return Object.fromEntries(this.options.upstreams.map((u) => [u.name, this.documents.has(u.name) ? 'loaded' : 'missing']));
  }

  /** The merged document as it is now. */
  document(): OpenApiDocument {
    if (!this.merged) {
      const ordered = this.options.upstreams.flatMap((u) => {
        const document = this.documents.get(u.name);
        return document ? [{ upstream: u.name, document }] : [];
      });
      this.merged = mergeOpenApi(this.options.base, ordered, this.options.match);
      this.merged.info = { ...this.merged.info, 'x-services': this.status() };
    }
    return this.merged;
  }

  /** The merged document for a reader: missing documents are tried once more first (briefly: a down service answers at once). */
  async current(): Promise<OpenApiDocument> {
    const missing = this.options.upstreams.filter((u) => !this.documents.has(u.name));
    if (missing.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, this.options.requestWaitMs ?? 500)));
      await Promise.race([Promise.all(missing.map((u) => this.refresh(u.name))), waited]);
      clearTimeout(timer);
    }
    return this.document();
  }

  async refreshAll(): Promise<void> {
    await Promise.all(this.options.upstreams.map((u) => this.refresh(u.name)));
  }

  /** Reads one service's document; calls made while one read is under way share it. */
  refresh(name: Upstream): Promise<void> {
    let running = this.inFlight.get(name);
    if (!running) {
      running = this.load(name).finally(() => this.inFlight.delete(name));
      this.inFlight.set(name, running);
    }
    return running;
  }

  private async load(name: Upstream): Promise<void> {
    const upstream = this.options.upstreams.find((u) => u.name === name);
    if (!upstream) return;
    try {
      // Not fetch: it refuses some ports outright (payments' 6000 among them; see httpGet).
      const response = await httpGet(new URL('/openapi.json', upstream.url), { signal: AbortSignal.timeout(this.options.fetchTimeoutMs ?? 2_000) });
      if (response.status < 200 || response.status >= 300) throw new Error(`HTTP ${response.status}`);
      const document = JSON.parse(response.text) as OpenApiDocument;
      if (typeof document !== 'object' || document === null || typeof document.paths !== 'object') throw new Error('not an OpenAPI document');
      const before = this.documents.get(name);
      if (!before || JSON.stringify(before) !== JSON.stringify(document)) {
        this.documents.set(name, document);
        this.merged = undefined;
        this.options.logger.debug('openapi document loaded', { upstream: name });
      }
      clearTimeout(this.retries.get(name)?.timer);
      this.retries.delete(name);
    } catch (error) {
      // A service that is down keeps its last known document: its routes still exist. One never
      // read is tried again soon.
      this.options.logger.debug('openapi document unavailable', { upstream: name, reason: error instanceof Error ? error.message : String(error) });
      if (!this.documents.has(name)) this.retryLater(name);
    }
  }

  private retryLater(name: Upstream): void {
    const retry = this.retries.get(name) ?? { delayMs: this.options.retryMinMs ?? 250 };
    if (this.stopped || retry.timer) return;
    retry.timer = setTimeout(() => {
      retry.timer = undefined;
      void this.refresh(name);
    }, retry.delayMs);
    retry.timer.unref();
    retry.delayMs = Math.min(retry.delayMs * 2, this.options.retryMaxMs ?? 1_000);
    this.retries.set(name, retry);
  }
}
