// A real core logger whose JSON lines are kept in memory, so tests can assert on what was logged.
import { Writable } from 'node:stream';
import winston from 'winston';
import { createLogger, type Logger } from '@marquee/core';

export interface MemoryLogger {
  logger: Logger;
  lines: Record<string, unknown>[];
}

export function memoryLogger(service = 'test'): MemoryLogger {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ service, level: 'debug', silent: false });
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line));
      callback();
    },
  });
  logger.clear();
  logger.add(new winston.transports.Stream({ stream }));
  return { logger, lines };
}
