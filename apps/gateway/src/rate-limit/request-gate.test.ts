import { clientAddress } from './request-gate';

describe('clientAddress', () => {
  it('keeps IPv4 and unwraps IPv4-mapped IPv6', () => {
    expect(clientAddress('203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddress('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('counts an IPv6 client by its /56, however the address is written', () => {
    expect(clientAddress('2001:db8:aa:bb12::1')).toBe('2001:db8:aa:bb00::/56');
    expect(clientAddress('2001:0db8:00aa:bbff:1:2:3:4')).toBe('2001:db8:aa:bb00::/56');
    expect(clientAddress('2001:db8:aa:cc00::1')).not.toBe(clientAddress('2001:db8:aa:bb00::1'));
    expect(clientAddress('::1')).toBe('0:0:0:0::/56');
  });
});
