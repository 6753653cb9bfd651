// Deep merge of settings into a user's spec, reporting conflicts instead of overwriting.

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
