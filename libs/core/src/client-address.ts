import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Client addresses in one canonical form, so a limit or a block keyed by an address cannot be
 * escaped by writing the same address another way (`::ffff:10.1.1.1`, `10.1.1.01`, `010.1.1.1`,
 * `10.1.1.1:1234`, `[2001:DB8::1]:443`, `fe80::1%eth0`).
 */

const IPV4_LOOSE = /^(\d{1,10})\.(\d{1,10})\.(\d{1,10})\.(\d{1,10})$/;

function canonicalIpv4(text: string): string | undefined {
  const m = IPV4_LOOSE.exec(text);
  if (!m) return undefined;
  // Leading zeros are read as decimal: inet_aton would read 010 as octal 8, but no proxy or
  // socket writes an address that way, and reading it as 10 keys it with the address it imitates.
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return octets.join('.');
}

function expandIpv6(text: string): number[] | undefined {
  let s = text;
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    // An embedded IPv4 tail (::ffff:10.1.1.1) becomes two hex groups.
    const v4 = canonicalIpv4(maybeV4);
    if (!v4) return undefined;
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    s = `${s.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const head = parse(halves[0] ?? '');
  const rest = halves.length === 2 ? parse(halves[1] ?? '') : [];
  const groups = [...head, ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  if (halves.length === 1 && groups.length !== 8) return undefined;
  if (halves.length === 2 && groups.length > 7) return undefined;
  const zeros = halves.length === 2 ? new Array<number>(8 - groups.length).fill(0) : [];
  return [...head.map((g) => parseInt(g, 16)), ...zeros, ...rest.map((g) => parseInt(g, 16))];
}

/** RFC 5952 text of eight 16-bit groups: lowercase, no leading zeros, longest zero run as `::`. */
function formatIpv6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i += 1;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j += 1;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

function stripDecorations(input: string): string {
  let s = input.trim().toLowerCase();
  const bracket = /^\[([^\]]+)\](?::\d+)?$/.exec(s);
  if (bracket) s = bracket[1] ?? s;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  // "a.b.c.d:port" (only one colon: an IPv6 address has at least two).
  const v4port = /^([\d.]+):\d+$/.exec(s);
  if (v4port) s = v4port[1] ?? s;
  return s;
}

/**
 * The canonical text of an IP address: IPv4 as four decimal octets (IPv4-mapped IPv6 included),
 * IPv6 in RFC 5952 form. Undefined when `input` is not an address.
 */
export function canonicalAddress(input: string | undefined | null): string | undefined {
  if (!input) return undefined;
  const s = stripDecorations(input);
  const v4 = canonicalIpv4(s);
  if (v4) return v4;
  if (!s.includes(':')) return undefined;
  const groups = expandIpv6(s);
  if (!groups) return undefined;
  // ::ffff:a.b.c.d is an IPv4 client seen through a dual-stack socket.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [hi, lo] = [groups[6] ?? 0, groups[7] ?? 0];
    return `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  }
  return formatIpv6(groups);
}

/**
 * What a per-address limit or block is keyed by: the canonical IPv4 address, or the /64 of an
 * IPv6 address (one subscriber usually holds a whole /64, so single addresses are free to vary).
 * Anything that is not an address keys as `unknown`, together with every other such caller.
 */
export function addressKey(input: string | undefined | null): string {
  const canonical = canonicalAddress(input);
  if (!canonical) return 'unknown';
  if (!canonical.includes(':')) return canonical;
  const groups = expandIpv6(canonical) ?? [];
  return `${formatIpv6([...groups.slice(0, 4), 0, 0, 0, 0])}/64`;
}

const NAMED_RANGES: Record<string, string[]> = {
  none: [],
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
};

/** True when an address belongs to a set given as names (`loopback`, `private`, `linklocal`, `none`), CIDRs or single addresses. */
export type AddressMatcher = (address: string | undefined | null) => boolean;

/**
 * Builds a matcher from a comma-separated list such as `loopback, private, 203.0.113.7,
 * 2001:db8::/32`. An empty list matches nothing. Throws on an entry that is neither a name, an
 * address nor a CIDR, so a typo in configuration fails at start.
 */
export function addressMatcher(spec: string | readonly string[]): AddressMatcher {
  const entries = (typeof spec === 'string' ? spec.split(',') : [...spec]).map((e) => e.trim().toLowerCase()).filter(Boolean);
  const list = new BlockList();
  for (const entry of entries) {
    for (const item of NAMED_RANGES[entry] ?? [entry]) {
      const [address, prefixText] = item.split('/') as [string, string | undefined];
      const canonical = canonicalAddress(address);
      if (!canonical || (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))) {
        throw new Error(`"${entry}" is not an address, a CIDR range or one of ${Object.keys(NAMED_RANGES).join(', ')}`);
      }
      const type = isIPv4(canonical) ? 'ipv4' : 'ipv6';
      const prefix = prefixText === undefined ? (type === 'ipv4' ? 32 : 128) : Number(prefixText);
      if (prefix > (type === 'ipv4' ? 32 : 128)) throw new Error(`"${entry}": prefix /${prefix} is too long`);
      list.addSubnet(canonical, prefix, type);
    }
  }
  return (address) => {
    const canonical = canonicalAddress(address);
    if (!canonical) return false;
    return list.check(canonical, isIPv6(canonical) ? 'ipv6' : 'ipv4');
  };
}
