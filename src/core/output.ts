// Stable order and naming of what the library writes, and how values are quoted in messages.

/** The longest text a message echoes whole; a longer value is cut, with its length. */
export const MAX_ECHO = 256;

/** Quotes a value for an error message, cut to a readable length. */
export function q(value: unknown): string {
  if (typeof value !== 'string') return JSON.stringify(value);
  return value.length > MAX_ECHO ? `'${value.slice(0, MAX_ECHO - 20)}...' (${value.length} characters)` : `'${value}'`;
}

/** A stable comparison for sorting names. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Manifests sorted by kind, namespace and name, so that the same input gives the same file
 * whatever order it was declared in.
 */
export function sortManifests(manifests: any[]): any[] {
  const key = (o: any) => `${o.kind}\u0000${o.metadata?.namespace ?? ''}\u0000${o.metadata?.name ?? ''}`;
  return manifests.sort((a: any, b: any) => byName(key(a), key(b)));
}

/**
 * The file cdk8s's per-resource YAML output writes an object to, without the extension:
 * `<Kind>.<name>` with everything but letters, digits, '-', '_' and '.' dropped, whatever the namespace.
 */
export function resourceFileName(kind: string, name: string): string {
  return `${kind}.${name}`.replace(/[^0-9a-zA-Z-_.]/g, '');
}

/** A value of any type for a message, cut to a readable length; never throws. */
export function describeValue(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? `'${value}'` : value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
