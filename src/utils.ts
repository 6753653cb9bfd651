// Shared internals: name rules, address checks and problem messages. Not exported from the package.
import { isIP } from 'node:net';

/** The port every federation ingress serves mTLS service traffic on, and its default remote port. */
export const SERVICE_PORT = 15443;
/** The port every federation ingress serves discovery on, and its default remote port. */
export const DISCOVERY_PORT = 8188;
/** Node ports Kubernetes allocates from by default. */
export const NODE_PORT_MIN = 30000;
export const NODE_PORT_MAX = 32767;

/** What a peer writes into `spec.remote` to reach a mesh: addresses (none when unknown) and ports. */
export interface RemoteEndpoint {
  readonly addresses?: string[];
  readonly servicePort: number;
  readonly discoveryPort: number;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why `value` is not a DNS-1123 label (at most `max` characters), or undefined when it is. */
export function dnsLabelProblem(value: string, max = 63): string | undefined {
  if (value.length === 0) {
    return 'is empty';
  }
  if (value.length > max) {
    return `is ${value.length} characters long (at most ${max})`;
  }
  if (!DNS_LABEL.test(value)) {
    return 'is not a DNS-1123 label (lower case letters, digits and \'-\', starting and ending with a letter or digit)';
  }
  return undefined;
}

/** Whether `value` is a valid SPIFFE trust domain: lower case letters, digits, '.', '-' and '_', at most 255. */
export function isTrustDomain(value: string): boolean {
  return /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/.test(value) && value.length <= 255;
}

/**
 * The file cdk8s's per-resource YAML output writes an object to, without the extension:
 * `<Kind>.<name>` with everything but letters, digits, '-', '_' and '.' dropped, whatever the namespace.
 */
export function resourceFileName(kind: string, name: string): string {
  return `${kind}.${name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}

/** Why `value` is not a DNS hostname (RFC 1123, at most 253 characters), or undefined when it is. */
export function hostnameProblem(value: string): string | undefined {
  if (value.length === 0) {
    return 'is empty';
  }
  if (value.length > 253) {
    return `is ${value.length} characters long (at most 253)`;
  }
  for (const label of value.split('.')) {
    if (label.length === 0 || label.length > 63 || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(label)) {
      return `has the label '${label}', which is not a DNS label`;
    }
  }
  return undefined;
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

/** Quotes a value for an error message. */
export function q(value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** A stable comparison for sorting names. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Is this a plain JSON object (not an array, not null)? */
export function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Deep-merges `overlay` into a copy of `base`. Objects merge key by key; any other value present on
 * both sides must be equal, else the JSON path is reported through `conflict` and the base value kept.
 */
export function mergeInto(
  base: Record<string, any>,
  overlay: Record<string, any>,
  conflict: (path: string, baseValue: unknown, overlayValue: unknown) => void,
  path = 'spec',
): Record<string, any> {
  const result: Record<string, any> = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    if (value === undefined) {
      continue;
    }
    const here = `${path}.${key}`;
    const existing = result[key];
    if (existing === undefined) {
      result[key] = value;
    } else if (isPlainObject(existing) && isPlainObject(value)) {
      result[key] = mergeInto(existing, value, conflict, here);
    } else if (JSON.stringify(existing) !== JSON.stringify(value)) {
      conflict(here, existing, value);
    }
  }
  return result;
}

/** Problems of one selector field of a rule: required, and '*' or a DNS label (no partial wildcards). */
export function selectorFieldProblem(where: string, field: string, value: unknown): string[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [`${where}: ${field} is ${value === undefined ? 'missing' : q(value)}; a rule needs its selector. Fix: give a ${field.split('.').pop()}, or '*' for any`];
  }
  if (value === '*') return [];
  if (value.includes('*')) {
    return [`${where}: ${field} ${q(value)} is a partial wildcard, which the operator does not support ('*' only stands for a whole field). Fix: use '*' alone or list the names`];
  }
  const p = dnsLabelProblem(value);
  return p ? [`${where}: ${field} ${q(value)} ${p}. Fix: use a Kubernetes name, or '*'`] : [];
}

/** Problems of an alias: each field absent, '*' or a DNS label. */
export function aliasProblems(where: string, field: string, alias: { namespace?: string; name?: string } | undefined): string[] {
  if (alias === undefined) return [];
  const problems: string[] = [];
  for (const key of ['namespace', 'name'] as const) {
    const value = alias[key];
    if (value === undefined || value === '*') continue;
    const p = typeof value === 'string' && !value.includes('*') ? dnsLabelProblem(value) : 'is not a name (partial wildcards are not supported)';
    if (p) problems.push(`${where}: ${field}.${key} ${q(value)} ${p}. Fix: use a Kubernetes name, or leave it out to keep the service's own`);
  }
  return problems;
}

/** Problems of a locality: a region is needed, and a subzone needs a zone (the operator drops the locality otherwise). */
export function localityProblems(where: string, locality: { region?: string; zone?: string; subzone?: string } | undefined): string[] {
  if (locality === undefined) return [];
  const problems: string[] = [];
  if (!locality.region) {
    problems.push(`${where}.region is ${locality.region === undefined ? 'not set' : q(locality.region)}${locality.zone ? ` while zone is ${q(locality.zone)}` : ''}; the operator drops a locality without region. Fix: set the region, e.g. 'us-east-1'`);
  }
  if (locality.subzone && !locality.zone) {
    problems.push(`${where}.subzone ${q(locality.subzone)} is set without a zone; the operator drops such a locality. Fix: set the zone too, or remove subzone`);
  }
  return problems;
}
