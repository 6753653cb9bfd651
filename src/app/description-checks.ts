// Checks of a description that the JSON Schema cannot express: names and ids that must be unique
// (each one a construct id in the TypeScript API), reported at the second use with the first one's line.
import { DataPath, fieldPath, Locator, show } from './yaml-source';

/** One name or id, where it is written. */
interface Named {
  readonly value: string;
  readonly path: DataPath;
}

/** The problems of names and ids used twice: mesh names, export and import ids per mesh, failover ids. */
export function duplicateProblems(spec: any, locator: Locator): string[] {
  const meshes: any[] = spec.meshes;
  const problems = twice(locator, meshes.map((m, i) => ({ value: m.name, path: ['meshes', i, 'name'] })),
    'is also the name of', 'give every mesh its own name');
  meshes.forEach((m, i) => {
    // Exports and imports are both children of the mesh: one id may name only one of them.
    const ids: Named[] = [
      ...(m.exports ?? []).map((e: any, j: number) => ({ value: e.id, path: ['meshes', i, 'exports', j, 'id'] })),
      ...(m.imports ?? []).map((e: any, j: number) => ({ value: e.id, path: ['meshes', i, 'imports', j, 'id'] })),
    ];
    problems.push(...twice(locator, ids, 'is also the id of', `give every export and import of mesh ${show(m.name)} its own id`));
  });
  problems.push(...twice(locator, (spec.failover ?? []).map((f: any, i: number) => ({ value: f.id, path: ['failover', i, 'id'] })),
    'is also the id of', 'give every failover its own id'));
  return problems;
}

function twice(locator: Locator, named: Named[], relation: string, fix: string): string[] {
  const first = new Map<string, Named>();
  const problems: string[] = [];
  for (const n of named) {
    const earlier = first.get(n.value);
    if (!earlier) {
      first.set(n.value, n);
      continue;
    }
    const line = locator.pos(earlier.path)?.line;
    const owner = fieldPath(earlier.path.slice(0, -1));
    problems.push(`${locator.at(n.path)}: ${fieldPath(n.path)} ${show(n.value)} ${relation} ${owner}${line ? ` (line ${line})` : ''}. Fix: ${fix}, e.g. ${show(`${n.value}-2`)}`);
  }
  return problems;
}
