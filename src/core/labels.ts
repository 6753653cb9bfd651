// Kubernetes label keys and values, as label selectors carry them.
import { dnsSubdomainProblem } from './names';

/** The name part of a label key, and a non-empty label value: at most 63 characters. */
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const NAME_SYNTAX = 'letters, digits, \'-\', \'_\' and \'.\', starting and ending with a letter or digit';

/**
 * Why `key` is not a Kubernetes label key (an optional prefix, a DNS-1123 subdomain of at most 253
 * characters, and '/', then a name of at most 63 characters), or undefined when it is.
 */
export function labelKeyProblem(key: string): string | undefined {
  if (key.length === 0) return 'is empty';
  const slash = key.indexOf('/');
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    const problem = dnsSubdomainProblem(prefix);
    if (problem) return `has a prefix (before '/') that ${problem}`;
  }
  const name = key.slice(slash + 1);
  if (name.length === 0) return 'has an empty name after its prefix';
  if (name.length > 63) return `has a name part ${name.length} characters long (at most 63)`;
  if (!LABEL_NAME.test(name)) return `is not a label key (its name part takes ${NAME_SYNTAX}; at most one '/', after a DNS subdomain prefix)`;
  return undefined;
}

/** Why `value` is not a Kubernetes label value (empty, or at most 63 characters of the name syntax), or undefined when it is. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return `is ${value.length} characters long (at most 63)`;
  if (value.length > 0 && !LABEL_NAME.test(value)) return `is not a label value (${NAME_SYNTAX}, or empty)`;
  return undefined;
}
