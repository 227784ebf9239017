import type { Request } from 'express';
import { limitAddress } from './request-gate';

/** A request whose address `trust proxy` resolved to `ip` (as written in X-Forwarded-For). */
const from = (ip: string) => ({ ip, socket: { remoteAddress: '127.0.0.1' } }) as unknown as Request;

describe('limitAddress', () => {
  it('keys one IPv4 client once, however its address is written', () => {
    for (const spelling of ['203.0.113.9', '::ffff:203.0.113.9', '203.0.113.09', '203.000.113.9', '203.0.113.9:4321']) {
      expect(limitAddress(from(spelling))).toBe('203.0.113.9');
    }
  });

  it('counts an IPv6 client by its /64, however the address is written', () => {
    expect(limitAddress(from('2001:db8:aa:bb12::1'))).toBe('2001:db8:aa:bb12::/64');
    expect(limitAddress(from('2001:0DB8:00aa:bb12:ffff:1:2:3'))).toBe('2001:db8:aa:bb12::/64');
    expect(limitAddress(from('[2001:db8:aa:bb12::1]:443'))).toBe('2001:db8:aa:bb12::/64');
    expect(limitAddress(from('2001:db8:aa:bb13::1'))).not.toBe(limitAddress(from('2001:db8:aa:bb12::1')));
  });

  it('falls back to the socket address when the resolved one is not an address', () => {
    expect(limitAddress(from('not-an-address'))).toBe('127.0.0.1');
  });
});
