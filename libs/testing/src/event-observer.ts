// A second broker connection for integration tests: it watches the domain events a service
// publishes, plays other services by publishing events into the bus, and on stop deletes every
// queue and exchange that it and the service's broker declared under the test's prefix.
import { createEvent, type CreateEventOptions, type DomainEvent, type EventData, type EventEnvelope, type EventTypeName } from '@marquee/contracts';
import { createLogger } from '@marquee/core';
import { createBroker, type Broker, type DeclaredNames } from '@marquee/messaging';
import amqp from 'amqplib';
import { waitUntil } from './wait';

/** The RabbitMQ integration tests talk to (override with AMQP_URL). */
export const TEST_AMQP_URL = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

export interface EventObserverOptions {
  /** Default `TEST_AMQP_URL`. */
  amqpUrl?: string;
  /** The test's prefix (`uniquePrefix(…)`), the same the service under test was given. */
  prefix: string;
  /** Routing keys or patterns to watch (`['user.#']`); `[]` to only publish. */
  bindings: string[];
  /** Logical queue name (`<prefix><name>.events`) and connection name. Default `observer`. */
  name?: string;
}

/** Anything that can say what it declared: a `Broker`, or a service platform's broker. */
export interface DeclaresNames {
  declaredNames(): DeclaredNames;
}

/** Options of `publish`: those of `createEvent`, with `source` defaulting to the observer's name. */
export type ObserverPublishOptions = Partial<CreateEventOptions>;

export class EventObserver {
  /** Every event seen on the bound routing keys, in the order received (bodies as sent, unchecked). */
  readonly events: EventEnvelope[] = [];
  readonly broker: Broker;
  private readonly amqpUrl: string;
  private readonly name: string;
  private readonly bindings: string[];
  private started = false;

  constructor(options: EventObserverOptions) {
    this.amqpUrl = options.amqpUrl ?? TEST_AMQP_URL;
    this.name = options.name ?? 'observer';
    this.bindings = options.bindings;
    this.broker = createBroker({
      url: this.amqpUrl,
      prefix: options.prefix,
      logger: createLogger({ service: this.name, level: 'silent' }),
      connectionName: this.name,
    });
  }

  /** Connects and, when there are bindings, starts consuming (the queue is bound when this resolves). */
  async start(): Promise<void> {
    this.started = true;
    await this.broker.start();
    if (this.bindings.length === 0) return;
    await this.broker.consume({
      queue: this.name,
      bindings: this.bindings,
      handler: async (message) => void this.events.push(message.body as EventEnvelope),
    });
  }

  /** Builds an event with `createEvent` (so `data` is checked) and publishes it; resolves with it once confirmed. */
  async publish<K extends EventTypeName>(type: K, data: EventData<K>, options: ObserverPublishOptions = {}): Promise<DomainEvent<K>> {
    const event = createEvent(type, data, { ...options, source: options.source ?? this.name });
    await this.publishEvent(event);
    return event;
  }

  /** Publishes an envelope as it is (also a duplicate or a malformed one), routed by its `type`, with its `id` as message id. */
  async publishEvent(event: Pick<EventEnvelope, 'id' | 'type'>): Promise<void> {
    await this.broker.publish(event.type, event, { messageId: event.id });
  }

  /**
   * The first event of `type` whose data matches `predicate`, already seen or still to come;
   * rejects after `timeoutMs` (default 10 s). `data` is typed by the contract but not checked.
   */
  waitFor<K extends EventTypeName>(type: K, predicate: (data: EventData<K>) => boolean = () => true, timeoutMs = 10_000): Promise<DomainEvent<K>> {
    const found = () => this.events.find((e) => e.type === type && predicate(e.data as EventData<K>)) as DomainEvent<K> | undefined;
    return waitUntil(found, { timeoutMs, message: `event ${type}` });
  }

  /**
   * Closes the observer, then deletes every queue and exchange it and `otherBrokers` declared
   * (close those first; `undefined` entries are skipped). Does nothing if `start` was never called.
   */
  async stop(...otherBrokers: (DeclaresNames | undefined)[]): Promise<void> {
    if (!this.started) return;
    this.started = false;
    const declared = [this.broker.declaredNames()];
    await this.broker.close();
    for (const broker of otherBrokers) if (broker) declared.push(broker.declaredNames());
    const connection = await amqp.connect(this.amqpUrl);
    try {
      const channel = await connection.createChannel();
      for (const queue of new Set(declared.flatMap((names) => names.queues))) await channel.deleteQueue(queue);
      for (const exchange of new Set(declared.flatMap((names) => names.exchanges))) await channel.deleteExchange(exchange);
    } finally {
      await connection.close();
    }
  }
}
