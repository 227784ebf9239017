#!/usr/bin/env node
// `npm run demo`: against a running `npm start`, walks a newcomer through the whole story of one
// customer: register, browse, buy two seats, pay, the e-ticket, points, the dashboard, a refund.
// Prints each request and the interesting part of each answer. GATEWAY_URL overrides the address.
import { setTimeout as sleep } from 'node:timers/promises';

const api = `${(process.env.GATEWAY_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '')}/api`;
const MAIL_OUTBOX = process.env.MAIL_OUTBOX_DIR ?? 'var/mail-outbox (under the repository)';
const bold = (s) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (process.stdout.isTTY ? `\x1b[2m${s}\x1b[0m` : s);

let step = 0;
function say(text) {
  step += 1;
  console.log(`\n${bold(`${step}. ${text}`)}`);
}

async function call(method, path, { token, body, show = (b) => b } = {}) {
  console.log(dim(`   ${method} /api${path}${body ? ` ${JSON.stringify(body)}` : ''}`));
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(api + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (res.status >= 400) {
    console.log(`   → ${res.status} ${JSON.stringify(json)}`);
    throw new Error(`${method} ${path} answered ${res.status}`);
  }
  console.log(`   → ${res.status} ${JSON.stringify(show(json))}`);
  return json;
}

async function eventually(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

async function main() {
  try {
    await fetch(`${api}/system/health`);
  } catch {
    console.error(`Nothing answers at ${api}: start the platform first with \`npm start\` (in another terminal).`);
    process.exit(1);
  }

  say('The admin (a demo account) logs in and schedules a film');
  const admin = (await call('POST', '/auth/login', { body: { email: 'admin@marquee.demo', password: 'demo-admin-123' }, show: (b) => ({ user: b.user.email, role: b.user.role }) })).access_token;
  const movie = (await call('GET', '/movies/popular?type=movie&limit=1', { show: (b) => b.items.map((m) => m.title) })).items[0];
  const theater = await call('POST', '/theaters', { token: admin, body: { name: `Demo Hall ${Date.now().toString(36)}`, rows: ['A', 'B', 'C'], seats_per_row: 8 }, show: (b) => ({ id: b.id, name: b.name, total_seats: b.total_seats }) });
  const start = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  start.setUTCMinutes(0, 0, 0);
  await call('POST', '/showtimes', { token: admin, body: { movie_id: movie.id, theater_id: theater.id, start_time: start.toISOString(), price: 12.5 }, show: (b) => ({ id: b.id, start_time: b.start_time, end_time: b.end_time, price: b.price }) });

  say('A newcomer registers (a welcome mail goes out) and logs in');
  const email = `newcomer-${Date.now().toString(36)}@example.com`;
  const registered = await call('POST', '/auth/register', { body: { email, password: 'newcomer-123', name: 'Nora Newcomer', city: 'Lisbon' }, show: (b) => ({ user: { id: b.user.id, email: b.user.email } }) });
  const userId = registered.user.id;
  const me = (await call('POST', '/auth/login', { body: { email, password: 'newcomer-123' }, show: (b) => ({ token_type: b.token_type, expires_in: b.expires_in }) })).access_token;

  say('She browses: the film, its showtimes, the seat map');
  const showtimes = await call('GET', `/showtimes?movie_id=${movie.id}&theater_id=${theater.id}`, { show: (b) => b.items.map((s) => ({ id: s.id, start_time: s.start_time, price: s.price })) });
  const showtime = showtimes.items[0];
  await call('GET', `/showtimes/${showtime.id}/seats`, { show: (b) => ({ available: b.available, first: b.seats.slice(0, 4) }) });

  say('She reserves two seats (held for a few minutes) and pays with the test card 4242…');
  const ticket = await call('POST', '/tickets', { token: me, body: { showtime_id: showtime.id, seats: ['B4', 'B5'] }, show: (b) => ({ id: b.id, seats: b.seats, amount: b.amount, status: b.status, expires_at: b.expires_at }) });
  const card = { number: '4242424242424242', exp_month: 12, exp_year: new Date().getUTCFullYear() + 3, cvc: '123' };
  const payment = await call('POST', '/payments', { token: me, body: { ticket_id: ticket.id, payment_method: 'card', card }, show: (b) => ({ id: b.id, status: b.status, amount: b.amount, card: b.card }) });

  say('The payment event confirms the ticket and sells the seats (over RabbitMQ)');
  await eventually('the confirmation', async () => (await (await fetch(`${api}/tickets/${ticket.id}`, { headers: { authorization: `Bearer ${me}` } })).json()).status === 'confirmed');
  await call('GET', `/tickets/${ticket.id}`, { token: me, show: (b) => ({ status: b.status }) });
  await call('GET', `/showtimes/${showtime.id}/seats`, { show: (b) => ({ available: b.available, B4: b.seats.find((s) => s.seat === 'B4')?.status }) });

  say('Her e-ticket and points: notifications and loyalty heard the same events');
  await eventually('the e-ticket notification', async () => (await (await fetch(`${api}/notifications`, { headers: { authorization: `Bearer ${me}` } })).json()).items?.length >= 2);
  await call('GET', '/notifications', { token: me, show: (b) => ({ unread_count: b.unread_count, titles: b.items.map((n) => n.title) }) });
  await eventually('the points', async () => (await (await fetch(`${api}/memberships/${userId}`, { headers: { authorization: `Bearer ${me}` } })).json()).points > 0);
  await call('GET', `/memberships/${userId}`, { token: me, show: (b) => ({ tier: b.tier, points: b.points, lifetime_points: b.lifetime_points }) });

  say('The admin sees the sale on the dashboard');
  await call('GET', '/analytics/dashboard', { token: admin, show: (b) => b });
  await call('GET', `/analytics/movies/${movie.id}/metrics`, { token: admin, show: (b) => b });

  say('She changes her plans: a refund frees the seats and takes the points back');
  await call('POST', `/payments/${payment.id}/refund`, { token: me, body: { reason: 'changed plans' }, show: (b) => ({ refund: b.amount, payment: { status: b.payment?.status, refunded_amount: b.payment?.refunded_amount } }) });
  await eventually('the refund', async () => (await (await fetch(`${api}/tickets/${ticket.id}`, { headers: { authorization: `Bearer ${me}` } })).json()).status === 'refunded');
  await call('GET', `/showtimes/${showtime.id}/seats`, { show: (b) => ({ available: b.available, B4: b.seats.find((s) => s.seat === 'B4')?.status }) });
  await eventually('the points taken back', async () => (await (await fetch(`${api}/memberships/${userId}`, { headers: { authorization: `Bearer ${me}` } })).json()).points === 0);
  await call('GET', `/memberships/${userId}`, { token: me, show: (b) => ({ tier: b.tier, points: b.points }) });

  console.log(`\n${bold('Done.')} The e-mails (welcome, e-ticket, refund) to ${email} are .eml files in ${MAIL_OUTBOX},`);
  console.log('unless SMTP_URL points notifications at a mail server. Swagger UI: http://127.0.0.1:8080/api/docs');
}

main().catch((error) => {
  console.error(`\n${error.message}`);
  process.exit(1);
});
