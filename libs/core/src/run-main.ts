import { ConfigError } from './config';
import { exitOnSignals, type Lifecycle } from './lifecycle';
import type { Logger } from './logger';

/**
 * The body of every `main.ts`: starts the service, stops it cleanly on SIGTERM/SIGINT, and on a
 * failed start prints why (every bad variable, for a config error) and exits 1.
 */
export function runMain(start: () => Promise<{ lifecycle: Lifecycle; logger: Logger; config: { SHUTDOWN_TIMEOUT_MS: number } }>): void {
  start().then(
    ({ lifecycle, logger, config }) => exitOnSignals(lifecycle, logger, config.SHUTDOWN_TIMEOUT_MS),
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`);
      } else {
        process.stderr.write(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      }
      process.exit(1);
    },
  );
}
