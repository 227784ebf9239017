// Issue 12: mail is never lost nor doubled by the sender itself: two instances sending from one
// database, and an SMTP server that is not there yet when mail is due. A real SMTP server on
// loopback receives it; the test counts what arrives.
import type { ServiceHandle } from '@marquee/service';
import { freePort, ServiceTestKit, sleep, waitUntil } from '@marquee/testing';
import { notificationsService } from '../app';
import { SmtpStandIn } from '../test-support/smtp-stand-in';
import { UsersStandIn } from '../test-support/users-stand-in';

type Kit = ServiceTestKit<ServiceHandle<typeof notificationsService>>;
type Row = { recipient: string; status: string; attempts: number; last_error: string | null };

function startKit(smtpUrl: string, usersUrl: string, extra: Record<string, string>): { kit: Kit; env: Record<string, string> } {
  const kit: Kit = new ServiceTestKit(notificationsService);
  const env = { SMTP_URL: smtpUrl, USERS_URL: usersUrl, SMTP_TIMEOUT_MS: '1000', DELIVERY_LEASE_MS: '5000', ...extra };
  return { kit, env };
}

/** Resolves once the instance's start-up turn of the sending job has ended (it would send mail queued meanwhile). */
async function startTurnDone(handle: Kit['handle']): Promise<void> {
  await waitUntil(
    async () => {
      const metric = handle.platform.registry.getSingleMetric('jobs_runs_total');
      const values = metric ? (await metric.get()).values : [];
      return values.some((v) => v.labels.job === 'send-deliveries' && v.value > 0);
    },
    { message: 'the start-up turn of send-deliveries ended' },
  );
}

async function queueMails(kit: Kit, recipients: string[]): Promise<void> {
  const token = kit.user('admin').token;
  const answers = await Promise.all(recipients.map((to) => kit.call('POST', '/api/notifications/send-email', { token, body: { to, subject: `For ${to}`, text: 'Hello' } })));
  expect(answers.map((a) => a.status)).toEqual(recipients.map(() => 202));
}

describe('notifications service: two senders on one database', () => {
  const smtp = new SmtpStandIn();
  const users = new UsersStandIn();
  let setup: ReturnType<typeof startKit>;

  beforeAll(async () => {
    await smtp.start();
    await users.start();
    // The job's turns are hourly here (the first at start): the test runs the senders itself.
    setup = startKit(smtp.url, users.url, { DELIVERY_INTERVAL_MS: '3600000', DELIVERY_BATCH_SIZE: '4' });
    await setup.kit.start(setup.env);
  });
  afterAll(async () => {
    await setup?.kit.stop();
    await users.stop();
    await smtp.stop();
  });

  it('when two instances send 40 pending mails side by side, three senders each, then every mail arrives exactly once, each sent at the first attempt', async () => {
    const { kit, env } = setup;
    const second = await kit.startReplica(env);
    // Only the six loops below send: neither instance's start-up turn may still be running.
    await Promise.all([startTurnDone(kit.handle), startTurnDone(second)]);
    const recipients = Array.from({ length: 40 }, (_, i) => `race-${i}@example.com`);
    await queueMails(kit, recipients);

    // The job's advisory lock lets one turn per service run at a time; a turn that outlives the
    // lock (or two processes whose locks diverge) is what this race stands for: six loops
    // claiming batches of 4 from the same rows at once.
    const senders = [kit.handle, kit.handle, kit.handle, second, second, second];
    const attempted = await Promise.all(senders.map((s) => s.api.sendDue()));

    expect(attempted.reduce((a, b) => a + b, 0)).toBe(40);
    for (const to of recipients) expect(smtp.to(to)).toHaveLength(1);
    const messageIds = new Set(recipients.map((to) => smtp.to(to)[0]?.parsed.messageId));
    expect(messageIds.size).toBe(40);
    const { rows } = await kit.pool.query<Row>('SELECT recipient, status, attempts, last_error FROM deliveries WHERE recipient = ANY($1)', [recipients]);
    expect(rows).toHaveLength(40);
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1 && r.last_error === null)).toBe(true);
    // Both processes took part.
    expect(attempted.slice(0, 3).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(attempted.slice(3).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await second.stop();
  }, 60_000);
});

describe('notifications service: an SMTP server that starts late', () => {
  const users = new UsersStandIn();
  const smtp = new SmtpStandIn();
  let setup: ReturnType<typeof startKit>;
  let port: number;

  beforeAll(async () => {
    await users.start();
    // Nothing listens on this port until the test starts the SMTP server on it.
    port = await freePort();
    setup = startKit(`smtp://127.0.0.1:${port}`, users.url, {
      DELIVERY_INTERVAL_MS: '50',
      DELIVERY_BACKOFF_MS: '100',
      DELIVERY_BACKOFF_MAX_MS: '400',
      DELIVERY_MAX_ATTEMPTS: '30',
    });
    await setup.kit.start(setup.env);
  });
  afterAll(async () => {
    await setup?.kit.stop();
    await smtp.stop();
    await users.stop();
  });

  it('when the SMTP server is down while mail is due and starts 3 s later on the same port, then every mail arrives once, after more than one attempt, none failed', async () => {
    const { kit } = setup;
    const recipients = Array.from({ length: 10 }, (_, i) => `late-${i}@example.com`);
    await queueMails(kit, recipients);
    const rows = async () => (await kit.pool.query<Row>('SELECT recipient, status, attempts, last_error FROM deliveries WHERE recipient = ANY($1)', [recipients])).rows;

    // Every mail tried and refused while the server is away, still pending.
    await waitUntil(async () => (await rows()).every((r) => r.attempts >= 1 && r.last_error !== null), { message: 'first attempts refused' });
    const refused = await rows();
    expect(refused.every((r) => r.status === 'pending')).toBe(true);
    expect(refused[0]?.last_error).toMatch(/ECONNREFUSED/);
    await sleep(3_000);
    expect((await rows()).every((r) => r.status === 'pending')).toBe(true);

    await smtp.start(port);
    await waitUntil(async () => (await rows()).every((r) => r.status !== 'pending'), { timeoutMs: 20_000, message: 'every mail settled' });
    const settled = await rows();
    expect(settled.map((r) => r.status)).toEqual(recipients.map(() => 'sent'));
    expect(settled.every((r) => r.attempts > 1 && r.last_error === null)).toBe(true);
    for (const to of recipients) expect(smtp.to(to)).toHaveLength(1);
  }, 60_000);
});
