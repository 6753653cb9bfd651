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
  if (isIP(value) !== 0) {
    return undefined;
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
  return undefined;
}

/**
 * Problems of the source range props of a mesh or cluster (`ingressSourceRanges`,
 * `egressSourceRanges`), each naming `where`, the prop and the bad range.
 */
export function sourceRangeProblems(where: string, props: { ingressSourceRanges?: string[]; egressSourceRanges?: string[] }): string[] {
  const problems: string[] = [];
  for (const prop of ['ingressSourceRanges', 'egressSourceRanges'] as const) {
    for (const range of props[prop] ?? []) {
      const p = cidrProblem(String(range));
      if (p) problems.push(`${where}: ${prop} has ${q(range)}, which ${p}. Fix: write ranges like '203.0.113.0/24'`);
    }
  }
  return problems;
}
