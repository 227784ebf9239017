import { addressKey, addressMatcher, canonicalAddress } from './client-address';

describe('canonicalAddress', () => {
  it.each([
    ['10.1.1.1', '10.1.1.1'],
    ['::ffff:10.1.1.1', '10.1.1.1'],
    ['::FFFF:0a01:0101', '10.1.1.1'],
    ['10.1.1.01', '10.1.1.1'],
    ['010.1.1.1', '10.1.1.1'],
    ['0203.0.113.009', '203.0.113.9'],
    ['10.1.1.1:1234', '10.1.1.1'],
    [' 10.1.1.1 ', '10.1.1.1'],
    ['2001:DB8:0:0:0:0:0:1', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['2001:0db8:0000:0001:0000:0000:0000:0001', '2001:db8:0:1::1'],
    ['::1', '::1'],
    ['::', '::'],
  ])('%s is %s', (input, expected) => {
    expect(canonicalAddress(input)).toBe(expected);
  });

  it.each(['', 'localhost', '256.1.1.1', '1.2.3', '1:2:3:4:5:6:7:8:9', '1::2::3', 'g::1', '10.1.1.1\u0000'])('%j is not an address', (input) => {
    expect(canonicalAddress(input)).toBeUndefined();
  });
});

describe('addressKey', () => {
  it('keys one IPv4 address written four ways the same', () => {
    const keys = new Set(['10.1.1.1', '::ffff:10.1.1.1', '10.1.1.01', '010.1.1.1', '10.1.1.1:1234'].map(addressKey));
    expect([...keys]).toEqual(['10.1.1.1']);
  });

  it('keys IPv6 addresses by their /64', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
  });

  it('keys what is not an address as unknown', () => {
    expect(addressKey(undefined)).toBe('unknown');
    expect(addressKey('not-an-ip')).toBe('unknown');
  });
});

describe('addressMatcher', () => {
  it('knows loopback and private ranges by name, in every spelling of an address', () => {
    const allowed = addressMatcher('loopback, private');
    for (const inside of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.2.3.4', '172.20.0.1', '192.168.1.1', 'fd00::1']) {
      expect(allowed(inside)).toBe(true);
    }
    for (const outside of ['8.8.8.8', '172.32.0.1', '2001:db8::1', '::ffff:8.8.8.8', 'garbage', undefined]) {
      expect(allowed(outside)).toBe(false);
    }
  });

  it('takes single addresses and CIDRs', () => {
    const trusted = addressMatcher('203.0.113.7, 2001:db8::/32');
    expect(trusted('203.0.113.7')).toBe(true);
    expect(trusted('203.0.113.8')).toBe(false);
    expect(trusted('2001:db8:ffff::1')).toBe(true);
  });

  it('matches nothing when empty and refuses typos', () => {
    expect(addressMatcher('')('127.0.0.1')).toBe(false);
    expect(() => addressMatcher('loopbak')).toThrow(/loopbak/);
    expect(() => addressMatcher('10.0.0.0/33')).toThrow(/33/);
  });
});
