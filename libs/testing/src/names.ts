import net from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * A prefix unique to this test file's run, for RabbitMQ exchanges and queues (and Redis keys),
 * so parallel test files and repeated runs never see each other's messages.
 */
export function uniquePrefix(label = 't'): string {
  return `test.${label}.${process.pid}.${randomBytes(3).toString('hex')}.`;
}

/** A TCP port that was free a moment ago on 127.0.0.1 (for a process that must be told its port). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
