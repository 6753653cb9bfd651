// Whether a user's free-form value (a control plane spec, Helm values, Knative settings) can be
// written into a manifest as given: plain objects, lists, text, finite numbers, booleans and null.
// Every product checks such values with this one walk, before anything writes them.
import { Lazy } from 'cdk8s';
import { MAX_LIST } from './guards';

/** How deep a free-form value may nest; far beyond any real spec, well before a stack overflow at synth. */
export const MAX_JSON_DEPTH = 64;

/** The most values (objects, lists and their entries) a free-form value may hold; shared parts count each time. */
export const MAX_JSON_VALUES = 100_000;

/** The fix every product gives for a value that cannot be written. */
export const JSON_VALUE_FIX = 'pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or \'__proto__\' and \'constructor\' keys';

/**
 * Why `value` cannot be written as it is, naming the place (`path` names the root): a cycle,
 * nesting deeper than MAX_JSON_DEPTH, more than MAX_JSON_VALUES values or a list longer than
 * MAX_LIST, a `__proto__` key (dropped when written), a `constructor` key or an object of a class
 * (cdk8s cannot write them), a BigInt, a function, a symbol, NaN or Infinity (written as null);
 * undefined when it can. Never throws, whatever `value` is.
 */
export function jsonValueProblem(value: unknown, path: string): string | undefined {
  return walk(value, path, [], { values: 0 });
}

function walk(value: unknown, path: string, parents: unknown[], count: { values: number }): string | undefined {
  if (typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol') {
    return `${path} is a ${typeof value}, not a JSON value`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return `${path} is ${value}, not a finite number`;
  if (typeof value !== 'object' || value === null) return undefined;
  if (parents.includes(value)) return `${path} refers back to itself (a cycle)`;
  if (parents.length >= MAX_JSON_DEPTH) return `${path} is nested more than ${MAX_JSON_DEPTH} levels deep`;
  if (Array.isArray(value) && value.length > MAX_LIST) return `${path} has ${value.length} entries (at most ${MAX_LIST})`;
  if (value instanceof Lazy) return undefined; // resolved when written
  if (!Array.isArray(value)) {
    // As cdk8s writes objects: a 'constructor' key, or an object of a class, cannot be written.
    if (Object.prototype.hasOwnProperty.call(value, 'constructor')) return `${path} has the key 'constructor', which cannot be written`;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype) {
      const type = proto === null ? undefined : (proto as { constructor?: { name?: unknown } }).constructor?.name;
      return `${path} is ${proto === null ? 'an object without a prototype' : typeof type === 'string' && type !== '' && type !== 'Object' ? `a ${type}` : "an object with a prototype of its own (a '__proto__' key?)"}, not a plain object`;
    }
  }
  const entries: Array<[string, unknown]> = Array.isArray(value) ? Array.from(value, (v, i) => [`[${i}]`, v]) : Object.entries(value).map(([k, v]) => [`.${k}`, v]);
  count.values += entries.length + 1;
  if (count.values > MAX_JSON_VALUES) return `${path} holds more than ${MAX_JSON_VALUES} values`;
  for (const [key, child] of entries) {
    if (child === undefined && Array.isArray(value)) return `${path}${key} is undefined (a hole in the list), which would be written as null`;
    if (key === '.__proto__') return `${path} has the key '__proto__', which would be dropped when written`;
    const problem = walk(child, `${path}${key}`, [...parents, value], count);
    if (problem) return problem;
  }
  return undefined;
}
