import { freePort, uniquePrefix } from '@marquee/testing';
import { UPSTREAMS, type Upstream } from '../../src/routes/route-table';
import { NodeProcess } from './processes';

export const GATEWAY_ENTRY = 'apps/gateway/src/main.ts';
export const ECHO_ENTRY = 'apps/gateway/test/support/echo-upstream.ts';

/** A free port for each of `services`, and the gateway's `<SERVICE>_URL` variables pointing at them. */
export async function reserveUpstreams(services: readonly Upstream[]): Promise<{ ports: Record<string, number>; urls: Record<string, string> }> {
  const ports: Record<string, number> = {};
  for (const service of services) ports[service] = await freePort();
  const urls = Object.fromEntries(services.map((s) => [`${s.toUpperCase()}_URL`, `http://127.0.0.1:${ports[s]}`]));
  return { ports, urls };
}

/**
 * Echo stand-ins for `services`, in one process, each on its own port (free ones, or those
 * reserved beforehand), started and awaited on its `/ready`. `env` reaches the stand-in
 * (`ECHO_BOOT_MS`).
 */
export async function startEchoUpstreams(
  services: readonly Upstream[],
  options: { reserved?: { ports: Record<string, number> }; env?: Record<string, string> } = {},
): Promise<{ process: NodeProcess; urls: Record<string, string>; ports: Record<string, number> }> {
  const { ports, urls } = options.reserved ? { ports: options.reserved.ports, urls: {} } : await reserveUpstreams(services);
  const process = new NodeProcess(
    `echo(${services.join(',')})`,
    ECHO_ENTRY,
    { ...options.env, ECHO_PORTS: services.map((s) => `${s}=${ports[s]}`).join(',') },
    `http://127.0.0.1:${ports[services[0]!]}/ready`,
  );
  await process.start();
  const own = Object.fromEntries(services.map((s) => [`${s.toUpperCase()}_URL`, `http://127.0.0.1:${ports[s]}`]));
  return { process, urls: { ...urls, ...own }, ports };
}

/**
 * A gateway process. Every upstream URL must be given (an unset one would point at the developer
 * machine's default ports); `unused` upstreams point at a closed port.
 */
export async function startGatewayProcess(env: Record<string, string>, nodeFlags: string[] = []): Promise<{ process: NodeProcess; url: string; port: number }> {
  const port = await freePort();
  const closed = `http://127.0.0.1:${await freePort()}`;
  const upstreamDefaults = Object.fromEntries(UPSTREAMS.map((u) => [`${u.toUpperCase()}_URL`, closed]));
  const process = new NodeProcess(
    'gateway',
    GATEWAY_ENTRY,
    { ...upstreamDefaults, HOST: '127.0.0.1', PORT: String(port), RATE_LIMIT_PREFIX: `${uniquePrefix('rl')}:`, ...env },
    `http://127.0.0.1:${port}/health`,
    nodeFlags,
  );
  await process.start();
  return { process, url: `http://127.0.0.1:${port}`, port };
}
