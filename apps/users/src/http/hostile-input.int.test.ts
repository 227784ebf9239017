import { formatFindings, hostileSweep } from '@marquee/testing';
import { UsersTestKit } from '../../test/users-test-kit';

describe('users service: hostile input on every route', () => {
  const kit = new UsersTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when every documented route gets NUL, lone surrogates, RTL overrides, 100 kB strings, wrong types and out-of-range numbers and dates, then no answer is a 5xx and no refusal writes a row', async () => {
    const admin = await kit.register();
    await kit.service.platform.pool.query("UPDATE users SET role = 'admin' WHERE id = $1", [admin.user.id]);
    const login = await kit.call('POST', '/api/auth/login', { body: { email: admin.email, password: admin.password }, ip: kit.nextIp() });
    const victim = await kit.register();

    const report = await hostileSweep({
      baseUrl: kit.service.url,
      databaseUrl: kit.db.url,
      token: login.body.access_token,
      pathValues: { id: victim.user.id },
      // A refused login is recorded on purpose: that record is what blocks a guessing address.
      tablesWrittenOnRefusal: ['login_attempts', 'ip_blacklist'],
      // Ending the sweep's own session or changing its password would refuse the rest of the sweep.
      skip: ['POST /api/auth/logout', 'POST /api/profile/change-password', 'PATCH /api/users/{id}/role'],
      // Each request from its own address, so the per-address login block does not hide what follows.
      headers: () => ({ 'x-forwarded-for': kit.nextIp() }),
    });

    expect(formatFindings(report.findings)).toBe('');
    expect(report.operations).toBeGreaterThanOrEqual(15);
    expect(report.requests).toBeGreaterThan(500);
  });
});
