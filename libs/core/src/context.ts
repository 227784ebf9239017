import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line and outgoing event of a unit of work carries. */
export interface RequestContext {
  requestId?: string;
  correlationId?: string;
  userId?: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` visible to the logger and to event publishing below it. */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run({ ...context }, fn);
}

export function currentContext(): RequestContext {
  return storage.getStore() ?? {};
}

/** Adds fields (e.g. the user id once the token is checked) to the current context. */
export function extendContext(fields: RequestContext): void {
  const store = storage.getStore();
  if (store) Object.assign(store, fields);
}
