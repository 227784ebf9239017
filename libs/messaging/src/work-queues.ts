import type { Channel, ChannelModel } from 'amqplib';
import { assertMainQueue, queueNames, type QueueNames } from './topology';

/**
 * The work queues a broker sends jobs to (`sendToQueue`): plain queues on the default exchange,
 * with the same parking queue and dead-lettering as a consumer's queue, so a producer can send
 * before any worker has started. Each is declared once per connection (a reconnect may meet a
 * broker that lost it), and not at all while this broker's own consumer of it runs.
 */
export class WorkQueues {
  private readonly known = new Map<string, QueueNames>();
  /** Queues declared on each connection. */
  private declared = new WeakMap<ChannelModel, Set<string>>();

  constructor(
    private readonly prefix: string,
    /** Runs `fn` on a short-lived channel of the current connection. */
    private readonly withChannel: (fn: (channel: Channel) => Promise<void>) => Promise<void>,
  ) {}

  /** `videos.process` → the names of `<prefix>videos.process` and its parking queue. */
  names(queue: string): QueueNames {
    return queueNames(this.prefix, queue, true);
  }

  /** Declares the queue and its parking queue on `model` unless done already. */
  async ensure(model: ChannelModel, names: QueueNames, consumedHere: boolean): Promise<void> {
    let ready = this.declared.get(model);
    if (!ready) this.declared.set(model, (ready = new Set()));
    if (ready.has(names.main) || consumedHere) return;
    await this.withChannel((channel) => assertMainQueue(channel, names));
    ready.add(names.main);
    this.known.set(names.main, names);
  }

  /** Every queue declared for a job sent so far (main and parking). */
  declaredQueues(): string[] {
    return [...this.known.values()].flatMap((names) => [names.main, names.parking]);
  }
}
