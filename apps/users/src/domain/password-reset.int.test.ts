import { UsersTestKit } from '../../test/users-test-kit';

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

  it('when the e-mail is unknown, then 202 with a reset token all the same, and no request or event', async () => {
    const before = kit.events.length;
    const token = await forgot('nobody@example.com', kit.nextIp());
    expect(token.split('.')).toHaveLength(3);
    const verify = await kit.call('POST', '/api/auth/forgot-password/verify', { body: { otp_code: '123456' }, token });
    expect(verify.status).toBe(400);
    expect(verify.body.code).toBe('INVALID_OTP');
    const rows = await kit.service.platform.pool.query('SELECT count(*)::int AS n FROM password_resets');
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
});
