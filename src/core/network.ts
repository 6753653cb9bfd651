// Address, CIDR and node port rules every product shares.
import { isIP } from 'node:net';
import { hostnameProblem } from './names';
import { q } from './output';

/** Node ports Kubernetes allocates from by default. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

/** Whether `port` is a whole number in the default node port range. */
export function isNodePort(port: number): boolean {
  return Number.isInteger(port) && port >= NODE_PORT_MIN && port <= NODE_PORT_MAX;
}

/** Why `value` is neither an IP address nor a DNS hostname, or undefined when it is one of them. */
export function addressProblem(value: string): string | undefined {
  if (value.includes('%')) {
    return `has a zone ID ('${value.slice(value.indexOf('%'))}'), valid on one host only`;
  }
  if (isIP(value) !== 0) {
    return networkOf(value, isIP(value) === 4 ? 32 : 128) === 0n ? 'is the unspecified address (nothing can connect to it)' : undefined;
  }
  if (/^[0-9.]+$/.test(value)) {
    return 'is not a valid IPv4 address';
  }
  const problem = hostnameProblem(value);
  return problem ? `is neither an IP address nor a hostname (it ${problem})` : undefined;
}

/** Why `value` is not a CIDR range (IPv4 or IPv6), or undefined when it is. */
export function cidrProblem(value: string): string | undefined {
  const [ip, bits, extra] = value.split('/');
  const family = isIP(ip ?? '');
  if (extra !== undefined || family === 0 || bits === undefined || !/^[0-9]{1,3}$/.test(bits)) {
    return 'is not a CIDR range such as 203.0.113.0/24';
  }
  const max = family === 4 ? 32 : 128;
  if (Number(bits) > max) {
    return `has a prefix length of ${bits} (at most ${max})`;
  }
  if (networkOf(ip, max) !== networkOf(ip, max, Number(bits))) {
    return `has host bits set (the range it means starts at ${rangeStart(ip, Number(bits))}/${bits})`;
  }
  return undefined;
}

/** Whether `range` (a valid CIDR range) lets in every address: 0.0.0.0/0 or ::/0. */
export function isOpenRange(range: string): boolean {
  return range.endsWith('/0');
}

/* eslint-disable no-bitwise -- address arithmetic: prefixes are bit masks */
/** The address as a number (IPv4 in 32 bits, IPv6 in 128). */
function networkOf(ip: string, bits: number, prefix = bits): bigint {
  const value = bits === 32
    ? ip.split('.').reduce((acc, part) => (acc << 8n) + BigInt(part), 0n)
    : ipv6Groups(ip).reduce((acc, group) => (acc << 16n) + BigInt(group), 0n);
  const hostBits = BigInt(bits - prefix);
  return (value >> hostBits) << hostBits;
}

/** The eight 16-bit groups of a valid IPv6 address (with '::' and a dotted IPv4 tail expanded). */
function ipv6Groups(ip: string): number[] {
  let text = ip;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) + b).toString(16)}:${((c << 8) + d).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const parse = (part: string | undefined) => (part ? part.split(':').map(g => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = parse(tail);
  return tail === undefined ? left : [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
}

/** The first address of the range `ip`/`prefix`, written as the family writes addresses. */
function rangeStart(ip: string, prefix: number): string {
  const family = isIP(ip);
  const value = networkOf(ip, family === 4 ? 32 : 128, prefix);
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map(shift => String((value >> shift) & 255n)).join('.');
  }
  const groups = [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map(shift => ((value >> shift) & 0xffffn).toString(16));
  // The longest run of zero groups (two or more) is written '::', as RFC 5952 says.
  const joined = `:${groups.join(':')}:`;
  const runs = joined.match(/(:0)+:/g)?.filter(r => r.length > 4) ?? [];
  const longest = runs.sort((a, b) => b.length - a.length)[0];
  return longest ? joined.replace(longest, '::').replace(/^:(?!:)|(?<!:):$/g, '') : groups.join(':');
}
/* eslint-enable no-bitwise */

/**
 * Problems of the source range props of a mesh or cluster (`ingressSourceRanges`,
 * `egressSourceRanges`), each naming `where`, the prop and the bad range.
 */
export function sourceRangeProblems(where: string, props: { ingressSourceRanges?: string[]; egressSourceRanges?: string[] }): string[] {
  const problems: string[] = [];
  for (const prop of ['ingressSourceRanges', 'egressSourceRanges'] as const) {
    for (const range of props[prop] ?? []) {
      const p = cidrProblem(String(range));
      if (p) problems.push(`${where}: ${prop} has ${q(range)}, which ${p}. Fix: write ranges like '203.0.113.0/24'${p.startsWith('has host bits') ? ` (here '${p.slice(p.indexOf('starts at ') + 10, -1)}')` : ''}`);
    }
    problems.push(...duplicateProblems(where, prop, props[prop]));
  }
  return problems;
}

/** Warnings of source ranges that let in every address (0.0.0.0/0, ::/0): no restriction at all. */
export function openRangeWarnings(where: string, props: { ingressSourceRanges?: string[]; egressSourceRanges?: string[] }): string[] {
  return (['ingressSourceRanges', 'egressSourceRanges'] as const).flatMap(prop => (props[prop] ?? [])
    .filter(range => !cidrProblem(range) && isOpenRange(range))
    .map(range => `${where}: ${prop} has ${q(range)}, which lets in every address, as if no range were set. Consider listing the peers' egress ranges only`));
}

/** A problem per value `list` holds more than once. */
export function duplicateProblems(where: string, prop: string, list: readonly string[] | undefined): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const value of list ?? []) (seen.has(value) ? twice : seen).add(value);
  return [...twice].map(value => `${where}: ${prop} lists ${q(value)} more than once. Fix: list each value once`);
}
