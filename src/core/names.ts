// Name rules every product shares: Kubernetes names, DNS names, trust domains, cluster and network names.

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

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

/**
 * Why `value` is not a DNS-1123 subdomain (the name of most Kubernetes objects, e.g. a Secret: at
 * most 253 characters, dot-separated DNS labels), or undefined when it is.
 */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length === 0) {
    return 'is empty';
  }
  if (value.length > 253) {
    return `is ${value.length} characters long (at most 253)`;
  }
  if (!DNS_SUBDOMAIN.test(value)) {
    return 'is not a DNS-1123 subdomain (lower case letters, digits, \'-\' and \'.\', each part starting and ending with a letter or digit)';
  }
  return undefined;
}

/** Whether `value` is a valid SPIFFE trust domain: lower case letters, digits, '.', '-' and '_', at most 255. */
export function isTrustDomain(value: string): boolean {
  return /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/.test(value) && value.length <= 255;
}

/**
 * Whether `value` is a valid cluster, network or mesh ID name: letters, digits, '.', '-' and '_',
 * starting and ending with a letter or digit.
 */
export function isName(value: string): boolean {
  return NAME.test(value);
}

/** A DNS hostname: labels of 1 to 63 letters, digits and '-', neither first nor last, joined by '.'. */
const HOSTNAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/i;

/** Why `value` is not a DNS hostname (RFC 1123, at most 253 characters), or undefined when it is. */
export function hostnameProblem(value: string): string | undefined {
  // Most names are fine: one test of the whole name first, label by label only to say what is wrong.
  if (value.length <= 253 && HOSTNAME.test(value)) return undefined;
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
