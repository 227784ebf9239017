import type { Registry } from '@marquee/core';
import { Counter, Gauge } from 'prom-client';

/** Counters and gauges a broker keeps; labels use the logical queue name (`tickets`). */
export interface MessagingMetrics {
  consumed: Counter<'queue'>;
  acked: Counter<'queue'>;
  retried: Counter<'queue'>;
  parked: Counter<'queue' | 'reason'>;
  inFlight: Gauge<'queue'>;
  published: Counter<'outcome'>;
  connected: Gauge;
  reconnects: Counter;
}

function counter<T extends string>(registry: Registry | undefined, name: string, help: string, labelNames: T[]): Counter<T> {
  const existing = registry?.getSingleMetric(name);
  if (existing) return existing as Counter<T>;
  return new Counter({ name, help, labelNames, registers: registry ? [registry] : [] });
}

function gauge<T extends string>(registry: Registry | undefined, name: string, help: string, labelNames: T[]): Gauge<T> {
  const existing = registry?.getSingleMetric(name);
  if (existing) return existing as Gauge<T>;
  return new Gauge({ name, help, labelNames, registers: registry ? [registry] : [] });
}

/**
 * Registers the messaging metrics on `registry` (or keeps them unregistered when there is none).
 * A second broker on the same registry shares the same metrics.
 */
export function createMessagingMetrics(registry?: Registry): MessagingMetrics {
  return {
    consumed: counter(registry, 'messaging_messages_consumed_total', 'Messages delivered to a handler', ['queue']),
    acked: counter(registry, 'messaging_messages_acked_total', 'Messages handled and acknowledged', ['queue']),
    retried: counter(registry, 'messaging_messages_retried_total', 'Failed messages sent to a retry queue', ['queue']),
    parked: counter(registry, 'messaging_messages_parked_total', 'Messages moved to a parking queue', ['queue', 'reason']),
    inFlight: gauge(registry, 'messaging_handlers_in_flight', 'Message handlers running now', ['queue']),
    published: counter(registry, 'messaging_published_total', 'Publishes by outcome', ['outcome']),
    connected: gauge(registry, 'messaging_connected', '1 while connected to RabbitMQ', []),
    reconnects: counter(registry, 'messaging_reconnects_total', 'Connections to RabbitMQ opened after the first', []),
  };
}
