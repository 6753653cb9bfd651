// The tests' own cache, kept between runs in node_modules/.cache (so `npm ci` clears it): the
// compiled library (compiled.ts) and the CRD schemas found (crd-schemas.ts).
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const TEST_CACHE = join(__dirname, '..', '..', 'node_modules', '.cache', 'cdk8s-mesh-federation-tests');

/**
 * Removes the entries of `dir` whose name starts with `prefix`, except `keep`, that were last
 * changed before `age` milliseconds ago (0: whatever their age). Another process may remove the
 * same entries meanwhile.
 */
export function removeEntries(dir: string, prefix: string, age: number, keep?: string): void {
  if (!existsSync(dir)) return;
  const before = Date.now() - age;
  for (const entry of readdirSync(dir).filter(e => e.startsWith(prefix))) {
    const path = join(dir, entry);
    try {
      if (path !== keep && (age === 0 || statSync(path).mtimeMs < before)) rmSync(path, { recursive: true, force: true });
    } catch {
      // Gone already.
    }
  }
}
