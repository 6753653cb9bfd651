// Stable order and naming of what the library writes, and how values are quoted in messages.

/** The longest text a message echoes whole; a longer value is cut, with its length. */
export const MAX_ECHO = 256;

/**
 * Quotes a value for an error message: text cut to a readable length with its control characters
 * escaped (a value stays on one line); anything else as describeValue shows it. Never throws.
 */
export function q(value: unknown): string {
  if (typeof value !== 'string') return describeValue(value);
  const text = escapeControl(value);
  return text.length > MAX_ECHO ? `'${text.slice(0, MAX_ECHO - 20)}...' (${value.length} characters)` : `'${text}'`;
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
    if (typeof value === 'string') text = `'${escapeControl(value)}'`;
    else if (typeof value === 'number') text = String(value);
    else if (typeof value === 'bigint') text = `${value}n`;
    else if (value === undefined || typeof value === 'symbol' || typeof value === 'function') text = typeof value === 'function' ? 'a function' : String(value);
    else if (Array.isArray(value) && value.length > 1000) text = `a list of ${value.length} entries`;
    else if (typeof value === 'object' && value !== null && !Array.isArray(value) && classNameOf(value)) text = `a ${classNameOf(value)}`;
    else text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The class of an object made by one (a Map, a Duration, a Platform); undefined for plain objects. */
function classNameOf(value: object): string | undefined {
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === null || proto === Object.prototype) return undefined;
  const name: unknown = (proto as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : undefined;
}

/** Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
/** The same, every occurrence (for replacing), and the escapes with a name. */
const CONTROL_ALL = new RegExp(CONTROL.source, 'g');
const NAMED_CONTROL: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Whether `text` holds a control character (a newline, a tab, NUL, ...). */
export function hasControlCharacter(text: string): boolean {
  return CONTROL.test(text);
}

/**
 * `text` with its control characters written as escapes (`\n`, `\t`, `\u0000`), so that a value
 * echoed in a message stays on one line and shows what it holds.
 */
export function escapeControl(text: string): string {
  // Most text holds none: tested once, without building a replacement.
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL_ALL, c => NAMED_CONTROL[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}


