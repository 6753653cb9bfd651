// Whether a user's free-form object (a control plane spec, Helm values) can be written as the JSON
// of a manifest: plain objects, lists, text, finite numbers, booleans and null, nothing else.

/** Keys no Kubernetes or Istio field has, which JavaScript treats as an object's prototype or class. */
const SPECIAL_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** How deep a free-form object may nest; far beyond any real spec, well before a stack overflow. */
export const MAX_JSON_DEPTH = 64;

/**
 * The first reason `value` cannot be written as plain JSON, with the path where it is found
 * (`path` names the root), or undefined when it can. Never throws, whatever `value` is.
 */
export function jsonValueProblem(value: unknown, path: string): string | undefined {
  return walk(value, path, 0, new Set());
}

function walk(value: unknown, path: string, depth: number, parents: Set<unknown>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}, which JSON cannot hold`;
  if (depth >= MAX_JSON_DEPTH) return `${path} nests more than ${MAX_JSON_DEPTH} levels deep`;
  if (parents.has(value)) return `${path} refers back to an object that contains it (a cycle)`;
  const proto = Object.getPrototypeOf(value);
  if (proto === null) return `${path} is an object without a prototype (Object.create(null)), which cannot be written; copy it into a plain object`;
  if (!Array.isArray(value) && proto !== Object.prototype) {
    const own = Object.prototype.hasOwnProperty.call(proto, 'constructor') && typeof proto.constructor === 'function';
    return `${path} is ${own ? `a ${String(proto.constructor.name) || 'class instance'}` : 'an object with a prototype of its own (a \'__proto__\' key?)'}, not a plain object`;
  }
  parents.add(value);
  try {
    for (const [key, item] of Object.entries(value)) {
      const here = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
      if (!Array.isArray(value) && SPECIAL_KEYS.has(key)) return `${here} is a key no Kubernetes field has`;
      if (item === undefined && Array.isArray(value)) return `${here} is undefined, which JSON cannot hold`;
      const problem = item === undefined ? undefined : walk(item, here, depth + 1, parents);
      if (problem) return problem;
    }
  } finally {
    parents.delete(value);
  }
  return undefined;
}
