import { UsersTestKit } from '../../test/users-test-kit';
import { AuthRecordsRetention } from './auth-records-retention';

describe('users service: pruning old login and reset records', () => {
  const kit = new UsersTestKit();
  beforeAll(() => kit.start());
  afterAll(() => kit.stop());

  it('when records are older than the retention, then they go; newer ones and pending resets stay', async () => {
    const db = kit.pool;
    await db.query(`INSERT INTO login_attempts (ip, success, attempted_at) VALUES ('10.0.0.1', false, now() - interval '3 days'), ('10.0.0.2', false, now())`);
    await db.query(`INSERT INTO ip_blacklist (ip, failed_count, window_started_at, blocked_until) VALUES
      ('10.0.0.1', 10, now() - interval '3 days', now() - interval '2 days'), ('10.0.0.2', 10, now(), now() + interval '1 hour')`);
    await db.query(`INSERT INTO password_resets (id, user_id, otp_hash, account_key, expires_at) VALUES
      (gen_random_uuid(), NULL, 'x', 'old@example.com', now() - interval '2 days'), (gen_random_uuid(), NULL, 'x', 'new@example.com', now() + interval '10 minutes')`);
    await db.query(`INSERT INTO password_reset_limits (account_key, kind, window_started_at, count) VALUES
      ('old@example.com', 'request', now() - interval '3 days', 5), ('new@example.com', 'request', now(), 1)`);

    const pruned = await new AuthRecordsRetention().prune(db, 24);

    expect(pruned).toEqual({ login_attempts: 1, ip_blacklist: 1, password_resets: 1, password_reset_limits: 1 });
    expect((await db.query(`SELECT ip FROM login_attempts WHERE ip IN ('10.0.0.1', '10.0.0.2')`)).rows).toEqual([{ ip: '10.0.0.2' }]);
    expect((await db.query('SELECT ip FROM ip_blacklist')).rows).toEqual([{ ip: '10.0.0.2' }]);
    expect((await db.query('SELECT account_key FROM password_resets')).rows).toEqual([{ account_key: 'new@example.com' }]);
    expect((await db.query('SELECT account_key FROM password_reset_limits')).rows).toEqual([{ account_key: 'new@example.com' }]);
  });
});
