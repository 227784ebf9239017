import { UsersTestKit, type Answer } from '../../test/users-test-kit';

const FORGOT = '/api/auth/forgot-password';
const VERIFY = '/api/auth/forgot-password/verify';
const CHANGE = '/api/auth/forgot-password/change';

/** What a client can tell of an answer, minus what differs on every call (request id, the token itself). */
function seen(answer: Answer) {
  const body = { ...(answer.body as Record<string, unknown>) };
  delete body.request_id;
  if (typeof body.reset_token === 'string') body.reset_token = `a JWT of ${body.reset_token.split('.').length} parts`;
  return { status: answer.status, body, type: answer.headers.get('content-type'), retry_after: answer.headers.has('retry-after') };
}

/** The reset request a reset token names (its subject). */
const resetIdOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).sub;
const count = (answers: Answer[], status: number) => answers.filter((a) => a.status === status).length;
const otherThan = (code: string) => (code === '000000' ? '000001' : '000000');

describe('users service: password reset', () => {
  const kit = new UsersTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  async function forgot(email: string, ip: string) {
    const res = await kit.call('POST', '/api/auth/forgot-password', { body: { email }, ip });
    expect(res.status).toBe(202);
    return res.body.reset_token as string;
  }

  async function otpFor(userId: string, seen: Set<string>) {
    const event = await kit.event('user.password_reset_requested', (d) => d.user_id === userId && !seen.has(d.otp_code));
    seen.add(event.data.otp_code);
    return event.data.otp_code as string;
  }

  it('when the e-mail is unknown, then 202 with a reset token all the same, and no reset of an account or event', async () => {
    const before = kit.events.length;
    const ip = kit.nextIp();
    const token = await forgot('nobody@example.com', ip);
    expect(token.split('.')).toHaveLength(3);
    const verify = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: '123456' }, token, ip });
    expect(verify.status).toBe(400);
    expect(verify.body.code).toBe('INVALID_OTP');
    // The request has a row (so that every later step answers as for a real account) but no user.
    const rows = await kit.service.platform.pool.query('SELECT count(*)::int AS n FROM password_resets WHERE user_id IS NOT NULL');
    expect(rows.rows[0].n).toBe(0);
    expect(kit.events.slice(before).filter((e) => e.type === 'user.password_reset_requested')).toHaveLength(0);
  });

  it('when the code is verified and a new password set, then every session ends, other pending resets are revoked and the new password works', async () => {
    const u = await kit.register();
    const seen = new Set<string>();
    const ip = kit.nextIp();
    const older = await forgot(u.email.toUpperCase(), ip);
    await otpFor(u.user.id, seen);
    const token = await forgot(u.email, ip);
    const otp = await otpFor(u.user.id, seen);
    expect(otp).toMatch(/^\d{6}$/);
    const stored = await kit.service.platform.pool.query('SELECT otp_hash FROM password_resets WHERE user_id = $1', [u.user.id]);
    expect(stored.rows.map((r) => r.otp_hash)).not.toContain(otp);

    const early = await kit.call('POST', '/api/auth/forgot-password/change', { body: { new_password: 'brand-new-pass' }, token, ip });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('RESET_NOT_VERIFIED');

    const wrong = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: otp === '000000' ? '000001' : '000000' }, token, ip });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('INVALID_OTP');
    const ok = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: otp }, token, ip });
    expect(ok.status).toBe(200);

    const change = await kit.call('POST', '/api/auth/forgot-password/change', { body: { new_password: 'brand-new-pass' }, token, ip });
    expect(change.status).toBe(200);
    expect((await kit.call('GET', '/api/profile', { token: u.access_token })).status).toBe(401);
    expect((await kit.call('POST', '/api/auth/refresh', { body: { refresh_token: u.refresh_token } })).status).toBe(401);
    expect((await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() })).status).toBe(401);
    expect((await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: 'brand-new-pass' }, ip: kit.nextIp() })).status).toBe(200);
    // the older request is revoked; the used one cannot be replayed
    const replay = await kit.call('POST', '/api/auth/forgot-password/change', { body: { new_password: 'another-pass-1' }, token, ip });
    expect(replay.status).toBe(400);
    const revoked = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: '111111' }, token: older, ip });
    expect(revoked.status).toBe(400);
  });

  it('when five wrong codes were tried, then even the right code is refused with TOO_MANY_ATTEMPTS', async () => {
    const u = await kit.register();
    const ip = kit.nextIp();
    const token = await forgot(u.email, ip);
    const otp = await otpFor(u.user.id, new Set());
    const wrongCode = otp === '999999' ? '999998' : '999999';
    for (let i = 0; i < 5; i += 1) {
      expect((await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: wrongCode }, token, ip })).status).toBe(400);
    }
    const res = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: otp }, token, ip });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('when the code comes from another address or after expiry, then it is refused', async () => {
    const u = await kit.register();
    const ip = kit.nextIp();
    const token = await forgot(u.email, ip);
    const otp = await otpFor(u.user.id, new Set());
    const elsewhere = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: otp }, token, ip: kit.nextIp() });
    expect(elsewhere.status).toBe(403);
    await kit.service.platform.pool.query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [u.user.id]);
    const late = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: otp }, token, ip });
    expect(late.status).toBe(400);
    expect(late.body.code).toBe('INVALID_OTP');
  });

  it('when an access token is used as a reset token, or a reset token as an access token, then 401', async () => {
    const u = await kit.register();
    const ip = kit.nextIp();
    const reset = await forgot(u.email, ip);
    const asReset = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: '123456' }, token: u.access_token, ip });
    expect(asReset.status).toBe(401);
    const asAccess = await kit.call('GET', '/api/profile', { token: reset });
    expect(asAccess.status).toBe(401);
    const none = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: '123456' }, ip });
    expect(none.status).toBe(401);
  });

  it('when the body is bad, then 400 with the field', async () => {
    const res = await kit.call('POST', '/api/auth/forgot-password', { body: { email: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].field).toBe('body.email');
    const otp = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: '12ab' } });
    expect(otp.status).toBe(400);
  });
  it('when a new request is made, then the earlier pending one is revoked and only the new code works', async () => {
    const u = await kit.register();
    const seenCodes = new Set<string>();
    const ip = kit.nextIp();
    const older = await forgot(u.email, ip);
    const olderOtp = await otpFor(u.user.id, seenCodes);
    const newer = await forgot(u.email, ip);
    const newerOtp = await otpFor(u.user.id, seenCodes);
    const stale = await kit.call('POST', VERIFY, { body: { otp_code: olderOtp }, token: older, ip });
    expect(stale.status).toBe(400);
    expect(stale.body.code).toBe('INVALID_OTP');
    expect((await kit.call('POST', VERIFY, { body: { otp_code: newerOtp }, token: newer, ip })).status).toBe(200);
  });

  it('when a known and an unknown e-mail go through every step side by side, then every answer is the same', async () => {
    const u = await kit.register();
    const codes = new Set<string>();
    // Each walk makes 6 requests and 10 guesses: past both hourly bounds (5 requests, 10 guesses).
    const walk = async (email: string, userId: string | null) => {
      const ip = kit.nextIp();
      const elsewhere = kit.nextIp();
      const answers: Answer[] = [];
      const post = async (path: string, body: Record<string, unknown>, token?: string, from = ip) => {
        const answer = await kit.call('POST', path, { body, token, ip: from });
        answers.push(answer);
        return answer;
      };
      const request = async () => {
        const answer = await post(FORGOT, { email });
        const code = userId ? await otpFor(userId, codes) : '123456';
        return { token: answer.body.reset_token as string, code };
      };
      const first = await request();
      await post(CHANGE, { new_password: 'brand-new-pass' }, first.token); // not verified
      await post(VERIFY, { otp_code: first.code }, first.token, elsewhere); // another address
      await post(CHANGE, { new_password: 'brand-new-pass' }, first.token, elsewhere);
      for (let i = 0; i < 5; i += 1) await post(VERIFY, { otp_code: otherThan(first.code) }, first.token); // wrong
      await post(VERIFY, { otp_code: first.code }, first.token); // too many tries
      const second = await request();
      await post(VERIFY, { otp_code: first.code }, first.token); // revoked by the second request
      for (let i = 0; i < 5; i += 1) await post(VERIFY, { otp_code: otherThan(second.code) }, second.token); // 10 guesses this hour
      const third = await request();
      await post(VERIFY, { otp_code: third.code }, third.token); // past the hour's guesses, even the right code
      await request();
      await request();
      const sixth = await post(FORGOT, { email }); // past the hour's requests: no code is sent
      await post(VERIFY, { otp_code: third.code }, sixth.body.reset_token);
      await post(CHANGE, { new_password: 'brand-new-pass' }, sixth.body.reset_token);
      await kit.service.platform.pool.query(`UPDATE password_resets SET expires_at = now() - interval '1 second' WHERE id = $1`, [resetIdOf(sixth.body.reset_token)]);
      await post(VERIFY, { otp_code: third.code }, sixth.body.reset_token); // expired
      await post(CHANGE, { new_password: 'brand-new-pass' }, sixth.body.reset_token);
      return answers;
    };

    const known = await walk(u.email.toUpperCase(), u.user.id);
    const unknown = await walk(`nobody-${u.username}@example.com`, null);

    expect(unknown.map(seen)).toEqual(known.map(seen));
    expect(known.map((a) => a.status)).toEqual([202, 409, 403, 403, 400, 400, 400, 400, 400, 403, 202, 400, 400, 400, 400, 400, 400, 202, 429, 202, 202, 202, 429, 409, 400, 400]);
    expect(known[18]!.body.code).toBe('RATE_LIMITED');
    expect(Number(known[18]!.headers.get('retry-after'))).toBeGreaterThan(3000);
    // Five codes were sent to the real account, none for the sixth request; it can still sign in.
    const resets = await kit.service.platform.pool.query('SELECT count(*)::int AS n FROM password_resets WHERE user_id = $1', [u.user.id]);
    expect(resets.rows[0].n).toBe(5);
    expect((await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: u.password }, ip: kit.nextIp() })).status).toBe(200);
  });

  it('when 20 wrong codes arrive at once, then exactly 5 are judged and the others get TOO_MANY_ATTEMPTS', async () => {
    const u = await kit.register();
    const ip = kit.nextIp();
    const token = await forgot(u.email, ip);
    const otp = await otpFor(u.user.id, new Set());
    const answers = await Promise.all(Array.from({ length: 20 }, () => kit.call('POST', VERIFY, { body: { otp_code: otherThan(otp) }, token, ip })));
    expect(count(answers, 400)).toBe(5);
    expect(count(answers, 403)).toBe(15);
    const row = await kit.service.platform.pool.query('SELECT attempts FROM password_resets WHERE user_id = $1', [u.user.id]);
    expect(row.rows[0].attempts).toBe(5);
    expect((await kit.call('POST', VERIFY, { body: { otp_code: otp }, token, ip })).status).toBe(403);
  });

  it('when 20 requests for one e-mail arrive at once, then all answer 202, 5 send a code, one stays pending and completes', async () => {
    const u = await kit.register();
    const ip = kit.nextIp();
    const answers = await Promise.all(Array.from({ length: 20 }, () => kit.call('POST', FORGOT, { body: { email: u.email }, ip })));
    expect(answers.map(seen)).toEqual(Array.from({ length: 20 }, () => seen(answers[0]!)));
    expect(answers[0]!.status).toBe(202);
    const { rows } = await kit.service.platform.pool.query(
      `SELECT count(*)::int AS requests, count(user_id)::int AS sent,
              count(*) FILTER (WHERE user_id IS NOT NULL AND revoked_at IS NULL)::int AS pending
         FROM password_resets WHERE id = ANY($1::uuid[])`,
      [answers.map((a) => resetIdOf(a.body.reset_token))],
    );
    expect(rows[0]).toEqual({ requests: 20, sent: 5, pending: 1 });

    const codes = new Set<string>();
    for (let i = 0; i < 5; i += 1) await otpFor(u.user.id, codes);
    const pending = await kit.service.platform.pool.query('SELECT id FROM password_resets WHERE user_id = $1 AND revoked_at IS NULL', [u.user.id]);
    const token = answers.map((a) => a.body.reset_token as string).find((t) => resetIdOf(t) === pending.rows[0].id);
    // The last code sent belongs to the pending request; the others are spent tries at most.
    let verified = 0;
    for (const code of [...codes].reverse()) {
      const answer = await kit.call('POST', VERIFY, { body: { otp_code: code }, token, ip });
      if (answer.status === 200) {
        verified += 1;
        break;
      }
    }
    expect(verified).toBe(1);
    expect((await kit.call('POST', CHANGE, { body: { new_password: 'brand-new-pass' }, token, ip })).status).toBe(200);
    expect((await kit.call('POST', '/api/auth/login', { body: { email: u.email, password: 'brand-new-pass' }, ip: kit.nextIp() })).status).toBe(200);
  });
});

describe('users service: password reset guesses an hour', () => {
  const kit = new UsersTestKit();
  beforeAll(() => kit.start({ OTP_MAX_ATTEMPTS: '20', OTP_GUESSES_PER_HOUR: '7' }));
  afterAll(() => kit.stop());

  it('when 20 codes arrive at once for a known and for an unknown e-mail, then 7 are judged and 13 get 429 alike', async () => {
    const u = await kit.register();
    const burst = async (email: string, userId: string | null) => {
      const ip = kit.nextIp();
      const reset = await kit.call('POST', FORGOT, { body: { email }, ip });
      const token = reset.body.reset_token as string;
      const otp = userId ? (await kit.event('user.password_reset_requested', (d) => d.user_id === userId)).data.otp_code : '123456';
      const wrong = Array.from({ length: 20 }, (_, i) => String(900000 + i)).map((code) => (code === otp ? '899999' : code));
      const answers = await Promise.all(wrong.map((code) => kit.call('POST', VERIFY, { body: { otp_code: code }, token, ip })));
      const right = await kit.call('POST', VERIFY, { body: { otp_code: otp }, token, ip });
      return { answers, right };
    };

    const known = await burst(u.email, u.user.id);
    const unknown = await burst(`nobody-${u.username}@example.com`, null);

    for (const { answers, right } of [known, unknown]) {
      expect(count(answers, 400)).toBe(7);
      expect(count(answers, 429)).toBe(13);
      expect(answers.filter((a) => a.status === 429).every((a) => Number(a.headers.get('retry-after')) > 0)).toBe(true);
      expect(right.status).toBe(429);
    }
    expect(seen(unknown.right)).toEqual(seen(known.right));
    const judged = await kit.service.platform.pool.query('SELECT attempts FROM password_resets WHERE user_id = $1', [u.user.id]);
    expect(judged.rows[0].attempts).toBe(7);
  });
});
