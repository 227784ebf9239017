/* eslint-disable @typescript-eslint/no-explicit-any -- answers are loosely typed JSON in tests */
// One HTTP call as the service test kits make it: fetch, read the whole body, parse it as JSON when
// it is JSON (the text otherwise, undefined when empty).

export interface Answer<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as `application/x-www-form-urlencoded` (wins over `body`). */
  form?: Record<string, string>;
  /** Sent as is, labelled `application/json` (wins over `form` and `body`): for malformed JSON. */
  rawBody?: string;
  /** Extra request headers; `token`, `ip` and the body's content type override them. */
  headers?: Record<string, string>;
  /** The client address, sent as `X-Forwarded-For`. */
  ip?: string;
}

/** `method` `${baseUrl}${path}` → `{ status, body, headers }`. */
export async function callJson<T = any>(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.ip) headers['x-forwarded-for'] = options.ip;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.rawBody;
  } else if (options.form) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(options.form).toString();
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
