import { randomBytes, randomUUID } from 'node:crypto';
import { DeviceTokens } from './device-tokens';

describe('device tokens', () => {
  const tokens = new DeviceTokens(randomBytes(32), 3600);
  const user = randomUUID();
  const now = new Date('2026-12-02T10:00:00Z');

  it('when a token was issued for an account, then it speaks for that account until it expires', () => {
    const token = tokens.issue(user, now);
    expect(tokens.userOf(token, now)).toBe(user);
    expect(tokens.userOf(token, new Date(now.getTime() + 3_599_000))).toBe(user);
    expect(tokens.userOf(token, new Date(now.getTime() + 3_600_000))).toBeNull();
  });

  it('when a token is altered, forged with another key, or not a token, then it speaks for nobody', () => {
    const token = tokens.issue(user, now);
    const [id, expires, mac] = token.split('.');
    expect(tokens.userOf(`${randomUUID()}.${expires}.${mac}`, now)).toBeNull();
    expect(tokens.userOf(`${id}.${Number(expires) + 10}.${mac}`, now)).toBeNull();
    expect(tokens.userOf(new DeviceTokens(randomBytes(32), 3600).issue(user, now), now)).toBeNull();
    for (const junk of ['', 'a.b', `${token}.x`, 'x'.repeat(500), undefined, null]) expect(tokens.userOf(junk, now)).toBeNull();
  });
});
