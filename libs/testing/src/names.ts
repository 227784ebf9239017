import { randomBytes } from 'node:crypto';

/**
 * A prefix unique to this test file's run, for RabbitMQ exchanges and queues (and Redis keys),
 * so parallel test files and repeated runs never see each other's messages.
 */
export function uniquePrefix(label = 't'): string {
  return `test.${label}.${process.pid}.${randomBytes(3).toString('hex')}.`;
}
