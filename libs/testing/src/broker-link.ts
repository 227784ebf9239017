// RabbitMQ as the service under test sees it, behind a TCP proxy the test can cut, while the kit's
// observer keeps its own direct connection: events published "by another service" during an
// outage still reach the service's durable queue and wait there for it.
import type { Registry } from '@marquee/core';
import { TEST_AMQP_URL } from './event-observer';
import { TcpProxy } from './tcp-proxy';
import { waitUntil } from './wait';

/** What a broker link needs of a started service. */
export interface LinkedService {
  platform: { broker: { isConnected(): boolean }; registry: Registry };
}

export class BrokerLink {
  private constructor(readonly proxy: TcpProxy) {}

  static async start(): Promise<BrokerLink> {
    const target = new URL(TEST_AMQP_URL);
    return new BrokerLink(await TcpProxy.start(target.hostname, Number(target.port || 5672)));
  }

  /** The service's AMQP_URL: through the proxy. */
  get amqpUrl(): string {
    return this.proxy.url(TEST_AMQP_URL);
  }

  /** Cuts the link and waits until `service` has noticed (its broker no longer connected). */
  async cut(service: LinkedService): Promise<void> {
    this.proxy.cut();
    await waitUntil(() => !service.platform.broker.isConnected(), { message: 'the service noticed the broker is gone' });
  }

  /** Restores the link and waits until `service` has reconnected. */
  async restore(service: LinkedService, timeoutMs = 20_000): Promise<void> {
    this.proxy.restore();
    await waitUntil(() => service.platform.broker.isConnected(), { timeoutMs, message: 'the service reconnected to the broker' });
  }

  close(): Promise<void> {
    return this.proxy.close();
  }
}

/**
 * Messages the services' consumers handled and acknowledged since they started (duplicates the
 * inbox skipped included), summed over `services`: the test knows when every copy has been seen.
 */
export async function ackedMessages(...services: LinkedService[]): Promise<number> {
  let total = 0;
  for (const service of services) {
    const metric = service.platform.registry.getSingleMetric('messaging_messages_acked_total');
    if (!metric) continue;
    for (const value of (await metric.get()).values) total += value.value;
  }
  return total;
}
