// Issue 12: "nothing is lost when the service itself or RabbitMQ restarts". Notifications reaches
// RabbitMQ through a proxy the test cuts; the observer publishes as the other services would,
// straight to the broker, so events pile up in the service's queue while it cannot read it. Mail
// goes to a real SMTP server on loopback. Notifications publishes no events (no outbox to watch).
import { createEvent, type DomainEvent, type EventData, type EventTypeName } from '@marquee/contracts';
import { ackedMessages, BrokerLink, ServiceTestKit, sleep, waitUntil } from '@marquee/testing';
import { notificationsService } from '../app';
import { registered, ticketConfirmed } from '../test-support/builders';
import { SmtpStandIn } from '../test-support/smtp-stand-in';
import { UsersStandIn } from '../test-support/users-stand-in';

describe('notifications service: RabbitMQ outages, restarts and duplicate deliveries', () => {
  const smtp = new SmtpStandIn();
  const users = new UsersStandIn();
  const kit = new ServiceTestKit(notificationsService);
  let link: BrokerLink;
  let env: Record<string, string>;

  beforeAll(async () => {
    await smtp.start();
    await users.start();
    link = await BrokerLink.start();
    env = {
      AMQP_URL: link.amqpUrl,
      SMTP_URL: smtp.url,
      USERS_URL: users.url,
      DELIVERY_INTERVAL_MS: '50',
      DELIVERY_BACKOFF_MS: '50',
      DELIVERY_BACKOFF_MAX_MS: '200',
      // An e-ticket handled before its user's registration waits for the read model: retries, not failure.
      DELIVERY_MAX_ATTEMPTS: '40',
      SMTP_TIMEOUT_MS: '1000',
      DELIVERY_LEASE_MS: '5000',
    };
    await kit.start(env);
  });
  afterAll(async () => {
    link?.proxy.restore();
    await kit.stop();
    await link?.close();
    await users.stop();
    await smtp.stop();
  });

  const event = <K extends EventTypeName>(type: K, data: EventData<K>): DomainEvent => createEvent(type, data, { source: 'observer' }) as DomainEvent;
  const count = async (sql: string, params: unknown[]) => (await kit.pool.query<{ n: number }>(sql, params)).rows[0]?.n ?? 0;
  const handled = (events: DomainEvent[]) => count('SELECT count(*)::int AS n FROM inbox WHERE event_id = ANY($1::uuid[])', [events.map((e) => e.id)]);
  /** A registration and an e-ticket for each of `n` new users. */
  function customers(n: number) {
    return Array.from({ length: n }, () => {
      const user = registered();
      return { user, events: [event('user.registered', user), event('ticket.confirmed', ticketConfirmed(user.user_id))] as DomainEvent[] };
    });
  }
  /** Each customer got exactly the welcome and the e-ticket, by mail, as deliveries and in the app. */
  async function expectEachOnce(list: ReturnType<typeof customers>): Promise<void> {
    for (const { user } of list) {
      expect(smtp.to(user.email).map((m) => m.subject).sort()).toEqual(['Welcome to Marquee', 'Your tickets for The Long Take']);
      expect(await count("SELECT count(*)::int AS n FROM deliveries WHERE user_id = $1 AND status = 'sent'", [user.user_id])).toBe(2);
      expect(await count('SELECT count(*)::int AS n FROM deliveries WHERE user_id = $1', [user.user_id])).toBe(2);
      expect(await count('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1', [user.user_id])).toBe(2);
    }
  }
  const allMailed = (list: ReturnType<typeof customers>, timeoutMs = 30_000) =>
    waitUntil(() => list.every(({ user }) => smtp.to(user.email).length >= 2), { timeoutMs, message: 'two mails for every customer' });

  it('when RabbitMQ is cut while events arrive twice, then after it returns every mail and in-app notification exists exactly once', async () => {
    const list = customers(6);
    const events = list.flatMap((c) => c.events);
    const before = await ackedMessages(kit.handle);
    await link.cut(kit.handle);
    try {
      await Promise.all(events.flatMap((e) => [kit.observer.publishEvent(e), kit.observer.publishEvent(e)]));
      // Admin mail needs no broker: it is queued and sent during the outage.
      const admin = await kit.call('POST', '/api/notifications/send-email', { token: kit.user('admin').token, body: { to: 'during-outage@example.com', subject: 'Hi', text: 'Sent while RabbitMQ is away' } });
      expect(admin.status).toBe(202);
      await waitUntil(() => smtp.to('during-outage@example.com').length === 1, { message: 'the admin mail' });
      await sleep(2_500);
      expect(await handled(events)).toBe(0);
    } finally {
      await link.restore(kit.handle);
    }

    await waitUntil(async () => (await handled(events)) === events.length, { timeoutMs: 30_000, message: 'every event handled' });
    await waitUntil(async () => (await ackedMessages(kit.handle)) - before >= 2 * events.length, { timeoutMs: 15_000, message: 'both copies acknowledged' });
    await allMailed(list);
    // One more pass of the sender after every copy was consumed: a duplicate had its chance to queue mail.
    await kit.handle.api.sendDue();
    await expectEachOnce(list);
  }, 90_000);

  it('when the service stops with events queued and more arrive while it is down, then the next start sends every mail exactly once', async () => {
    // Handling of the first customers begins; then RabbitMQ goes (acks in flight are lost, so
    // those messages come again), a backlog piles up, the service stops, and more arrives.
    const first = customers(15);
    const firstEvents = first.flatMap((c) => c.events);
    for (const e of firstEvents) await kit.observer.publishEvent(e);
    await waitUntil(async () => (await handled(firstEvents)) > 0, { intervalMs: 5, message: 'handling begun' });
    await link.cut(kit.handle);
    const backlog = customers(10);
    // And 100 profile changes (no mail, the read model only).
    const renamed = Array.from({ length: 100 }, () => registered());
    const backlogEvents = [...backlog.flatMap((c) => c.events), ...renamed.map((u) => event('user.updated', { ...u, name: 'Renamed' }))];
    for (const e of backlogEvents) await kit.observer.publishEvent(e);
    expect(await handled(backlogEvents)).toBe(0);
    const stopped = kit.handle;
    await stopped.stop();

    const late = customers(5);
    for (const e of late.flatMap((c) => c.events)) await kit.observer.publishEvent(e);
    link.proxy.restore();
    kit.handle = await kit.startReplica(env);

    const all = [...first, ...backlog, ...late];
    const allEvents = [...firstEvents, ...backlogEvents, ...late.flatMap((c) => c.events)];
    await waitUntil(async () => (await handled(allEvents)) === allEvents.length, { timeoutMs: 30_000, message: 'every event handled after the restart' });
    await allMailed(all);
    await waitUntil(async () => (await count("SELECT count(*)::int AS n FROM deliveries WHERE status = 'pending'", [])) === 0, { message: 'nothing pending' });
    expect(await count("SELECT count(*)::int AS n FROM known_users WHERE user_id = ANY($1::uuid[]) AND name = 'Renamed'", [renamed.map((u) => u.user_id)])).toBe(renamed.length);
    await expectEachOnce(all);
  }, 90_000);

  it('when one event is delivered six times at once to two replicas, then one mail, one delivery and one notification', async () => {
    const replica = await kit.startReplica(env);
    try {
      const user = registered();
      const welcome = event('user.registered', user);
      const ticket = event('ticket.confirmed', ticketConfirmed(user.user_id));
      const before = await ackedMessages(kit.handle, replica);
      await Promise.all(Array.from({ length: 6 }, () => [kit.observer.publishEvent(welcome), kit.observer.publishEvent(ticket)]).flat());
      await waitUntil(async () => (await ackedMessages(kit.handle, replica)) - before >= 12, { timeoutMs: 15_000, message: 'every copy acknowledged' });
      await allMailed([{ user, events: [welcome, ticket] }]);
      await kit.handle.api.sendDue();
      await replica.api.sendDue();
      await expectEachOnce([{ user, events: [welcome, ticket] }]);
    } finally {
      await replica.stop();
    }
  });
});
