import type { Logger } from './logger';

type Closer = () => Promise<void> | void;

/**
 * Ordered shutdown: closers run in reverse order of registration (the HTTP server, registered
 * last, stops first; pools registered first close last). Each one is given a share of the
 * deadline, and a failing closer does not stop the others.
 */
export class Lifecycle {
  private readonly closers: { name: string; close: Closer }[] = [];
  private stopping?: Promise<void>;

  constructor(private readonly logger?: Logger) {}

  onStop(name: string, close: Closer): void {
    this.closers.push({ name, close });
  }

  get isStopping(): boolean {
    return this.stopping !== undefined;
  }

  stop(timeoutMs = 10_000): Promise<void> {
    this.stopping ??= this.runClosers(timeoutMs);
    return this.stopping;
  }

  private async runClosers(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (const { name, close } of [...this.closers].reverse()) {
      const left = Math.max(deadline - Date.now(), 100);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          Promise.resolve().then(close),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${left} ms`)), left);
          }),
        ]);
        this.logger?.debug('closed', { component: name });
      } catch (error) {
        this.logger?.error('failed to close cleanly', { component: name, error });
      } finally {
        clearTimeout(timer);
      }
    }
  }
}

/**
 * Stops the lifecycle on SIGTERM or SIGINT and exits 0 when everything closed (1 if stopping
 * threw). A second signal exits at once.
 */
export function exitOnSignals(lifecycle: Lifecycle, logger: Logger, timeoutMs: number): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      logger.warn('second signal, exiting now', { signal });
      process.exit(1);
    }
    received = true;
    logger.info('shutting down', { signal });
    lifecycle.stop(timeoutMs).then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
