// Problems of a mesh's exports and imports, and warnings about wide exports.
import { describeValue, q } from '../../core/output';
import { ImportSet, ResolvedMesh } from '../model/resolve';
import {
  closest, ExportRuleSpec, exportedHostname, exportOutputs, exportRuleShadows, importRuleShadows, isAny, NamePattern, patternText, ResolvedImport,
} from '../resolution';

/** Problems and warnings found in a mesh's sharing. */
export interface SharingFindings {
  readonly problems: string[];
  readonly warnings: string[];
}

/** Every problem of `mesh`'s exports (by peer), then of its imports (by exporter), and the warnings. */
export function sharingProblems(mesh: ResolvedMesh): SharingFindings {
  const problems: string[] = [];
  const warnings: string[] = [];
  for (const [peer, exports] of mesh.exports) {
    if (!mesh.peers.includes(peer)) problems.push(notPeer(mesh, 'exports to', peer));
    if (exports.some(e => e.foreignPeer)) {
      problems.push(`mesh ${q(mesh.name)}: exports to ${q(peer)}, a mesh of another federation. Fix: export only to meshes of this federation`);
    }
    const found = exportRuleProblems(mesh.exportRules.get(peer)!, peer);
    problems.push(...found.problems);
    warnings.push(...found.warnings);
  }
  for (const [peer, set] of mesh.imports) {
    if (!mesh.peers.includes(peer)) problems.push(notPeer(mesh, 'imports from', peer));
    problems.push(...importSetProblems(mesh, peer, set));
  }
  problems.push(...localNameClashes(mesh.resolvedImports), ...unmatchedImports(mesh));
  return { problems, warnings };
}

function notPeer(mesh: ResolvedMesh, what: string, peer: string): string {
  return `mesh ${q(mesh.name)}: ${what} ${q(peer)}, but the two meshes do not peer, so nothing crosses. Fix: peer them (federation.addPeering(), or a topology that includes the pair), or remove the ${what.split(' ')[0]}`;
}

/** Rules an earlier rule shadows, two services under one exported name, and wide exports (warnings). */
function exportRuleProblems(rules: readonly ExportRuleSpec[], peer: string): SharingFindings {
  const problems: string[] = [];
  const warnings: string[] = [];
  rules.forEach((rule, j) => {
    const earlier = rules.slice(0, j).findIndex(r => exportRuleShadows(r, rule));
    if (earlier >= 0) {
      problems.push(`${rule.source}: can never match, because rule #${earlier + 1} of the ExportedServiceSet '${peer}' (${rules[earlier].call}) already matches every service it would (the first matching rule wins). Fix: move it before that rule, or remove it`);
    }
    if (rule.kind === 'name' && !isAny(rule.namespace) && !isAny(rule.name)) {
      const [out] = exportOutputs(rule, j + 1);
      const clash = rules.slice(0, j).findIndex(r => r.kind === 'name' && !isAny(r.namespace) && !isAny(r.name)
        && patternText(exportOutputs(r, 0)[0].exported) === patternText(out.exported) && exportOutputs(r, 0)[0].local !== out.local);
      if (clash >= 0 && !isAny(out.exported.namespace) && !isAny(out.exported.name)) {
        problems.push(`${rule.source}: exports ${out.local} as ${q(exportedHostname(out.exported, peer))}, the name rule #${clash + 1} (${rules[clash].call}) already gives ${exportOutputs(rules[clash], 0)[0].local}; one exported name cannot stand for two services. Fix: give one of them another alias`);
      }
    }
    if (rule.kind === 'name' && isAny(rule.name)) {
      warnings.push(isAny(rule.namespace)
        ? `${rule.source}: exports every service of the whole mesh to ${q(peer)}. Consider listing the services`
        : `${rule.source}: exports every service of namespace ${q(rule.namespace)} to ${q(peer)}. Consider listing the services`);
    }
  });
  return { problems, warnings };
}

/** Imports of one set that disagree on its settings, and rules an earlier rule shadows. */
function importSetProblems(mesh: ResolvedMesh, peer: string, set: ImportSet): string[] {
  const problems: string[] = [];
  for (const key of ['domainSuffix', 'locality'] as const) {
    const setting = set.imports.filter(i => i[key] !== undefined);
    const values = new Set(setting.map(i => JSON.stringify(i[key])));
    if (values.size > 1) {
      problems.push(`mesh ${q(mesh.name)}: the imports from ${q(peer)} (${setting.map(i => q(i.id)).join(', ')}) set different ${key} values (${[...values].map(v => describeValue(JSON.parse(v))).join(' and ')}), but they share one ImportedServiceSet. Fix: give them the same ${key}, or set it on one of them only`);
    }
  }
  set.rules.forEach((rule, j) => {
    const earlier = set.rules.slice(0, j).findIndex(r => importRuleShadows(r, rule));
    if (earlier >= 0) {
      problems.push(`${rule.source}: can never match, because rule #${earlier + 1} of the ImportedServiceSet '${peer}' (${set.rules[earlier].call}) already matches every name it would (the first matching rule wins). Fix: move it before that rule, or remove it`);
    }
  });
  return problems;
}

/**
 * Two exported services given one local hostname. `importAsLocal` merges endpoints into the local
 * service on purpose (failover), so only the other imports count.
 */
function localNameClashes(resolvedImports: readonly ResolvedImport[]): string[] {
  const problems: string[] = [];
  const localNames = new Map<string, ResolvedImport>();
  for (const resolved of resolvedImports) {
    if (resolved.rule.importAsLocal) continue;
    for (const match of resolved.matches) {
      if (match.localHostname.includes('*')) continue;
      const first = localNames.get(match.localHostname);
      if (first && (first.peer !== resolved.peer || first.ruleIndex !== resolved.ruleIndex)) {
        problems.push(`${resolved.rule.source}: imports ${q(match.exportedName)} as ${q(match.localHostname)}, which ${first.rule.call} already gives to another exported service; one local hostname cannot stand for two services. Fix: give one of them another alias or domainSuffix`);
      } else if (!first) {
        localNames.set(match.localHostname, resolved);
      }
    }
  }
  return problems;
}

/** Import rules that match nothing the (peered) exporter exports, with the closest names. */
function unmatchedImports(mesh: ResolvedMesh): string[] {
  const problems: string[] = [];
  for (const resolved of mesh.resolvedImports) {
    if (resolved.matches.length > 0 || !mesh.peers.includes(resolved.peer)) continue;
    const wanted: NamePattern = { namespace: resolved.rule.namespace, name: resolved.rule.name };
    const suggestions = closest(wanted, resolved.candidates);
    problems.push(`${resolved.rule.source}: matches nothing mesh ${q(resolved.peer)} exports to ${q(mesh.name)}${suggestions.length > 0
      ? ` (it exports ${suggestions.map(q).join(', ')}${resolved.candidates.length > suggestions.length ? ', ...' : ''}; names are <name>.<namespace> after the aliases of ${q(resolved.peer)})`
      : ` (it exports nothing to ${q(mesh.name)})`}. Fix: import a name ${q(resolved.peer)} exports, or add the export on ${q(resolved.peer)}: ${q(resolved.peer)}.addServiceExport(..., { peer: ${q(mesh.name)} }).addNameRule({ namespace: ${q(wanted.namespace)}, name: ${q(wanted.name)} })`);
  }
  return problems;
}
