// The library's problems found across meshes (at plan or synth), said again in the description's
// terms: at the YAML node they came from, with the description's field names, and once each.
import { locateProblems } from './description';
import { DataPath, fieldPath, Locator, show } from './yaml-source';

/** `mesh 'a': import from 'b' 'id' addNameRule('ns', 'n'): matches nothing mesh 'b' exports to 'a' (...). Fix: ...` */
const UNMATCHED_IMPORT = /^mesh '([^']*)': import from '([^']*)' '([^']*)' addNameRule\('([^']*)', '([^']*)'\): matches nothing mesh '[^']*' exports to '[^']*' \((?:it exports (.*?)(, \.\.\.)?; names are <name>\.<namespace> after .*|it exports nothing to .*)\)\. Fix: .*$/s;

/** `mesh 'b': rootCertificate is not set, but 'a' peers with it and needs it in the ConfigMap 'c'. Fix: pass ... (`oc ...`)` */
const NO_CERTIFICATE = /^mesh '([^']*)': rootCertificate is not set, but '([^']*)' peers with it and needs it in the ConfigMap '([^']*)'\. Fix: pass the PEM of its istio-ca-root-cert \((.*)\)$/s;

/**
 * The problems as the description's author reads them: an import that matches nothing points at
 * the rule's name with the closest exported name ("did you mean"); a missing root certificate is
 * one problem per mesh, naming rootCertificateFile and every peer that needs it. The others are
 * pointed at the mesh or failover they name (locateProblems).
 */
export function describeProblems(problems: string[], spec: any, locator: Locator): string[] {
  const certificates = new Map<string, { peers: string[]; configMap: string; command: string }>();
  const described: string[] = [];
  for (const p of problems) {
    const missing = NO_CERTIFICATE.exec(p);
    if (missing && meshIndex(spec, missing[1]) >= 0) {
      const entry = certificates.get(missing[1]);
      if (entry) {
        entry.peers.push(missing[2]);
        continue;
      }
      certificates.set(missing[1], { peers: [missing[2]], configMap: missing[3], command: missing[4] });
      described.push(`\u0000certificate:${missing[1]}`);
      continue;
    }
    const unmatched = UNMATCHED_IMPORT.exec(p);
    described.push((unmatched && unmatchedImport(unmatched, spec, locator)) || locateProblems([p], spec, locator)[0]);
  }
  return described.map(p => {
    if (!p.startsWith('\u0000certificate:')) return p;
    const mesh = p.slice('\u0000certificate:'.length);
    const { peers, configMap, command } = certificates.get(mesh)!;
    const path: DataPath = ['meshes', meshIndex(spec, mesh), 'name'];
    return `${locator.at(path)}: ${fieldPath(path.slice(0, -1))} (mesh ${show(mesh)}) sets neither rootCertificateFile nor rootCertificate, `
      + `but its peer${peers.length > 1 ? 's' : ''} ${peers.sort().map(show).join(', ')} need${peers.length > 1 ? '' : 's'} it in the ConfigMap ${show(configMap)}. `
      + `Fix: add rootCertificateFile: <the PEM file, relative to the description> (or rootCertificate: |, the PEM inline) to ${fieldPath(path.slice(0, -1))}, from its istio-ca-root-cert (${command})`;
  });
}

function meshIndex(spec: any, name: string): number {
  return (spec.meshes ?? []).findIndex((m: any) => m?.name === name);
}

/** An import rule that matches nothing, at the rule's name, with the closest name the peer exports. */
function unmatchedImport(match: RegExpExecArray, spec: any, locator: Locator): string | undefined {
  const [, meshName, peer, id, namespace, name, exported] = match;
  const i = meshIndex(spec, meshName);
  const j = i < 0 ? -1 : (spec.meshes[i].imports ?? []).findIndex((im: any) => im?.id === id);
  if (j < 0) return undefined;
  const rules: any[] = spec.meshes[i].imports[j].rules ?? [];
  const k = rules.findIndex(r => r?.nameSelector?.namespace === namespace && r?.nameSelector?.name === name);
  const rulePath: DataPath = k < 0 ? ['meshes', i, 'imports', j] : ['meshes', i, 'imports', j, 'rules', k, 'nameSelector'];
  const names = exported ? [...exported.matchAll(/'([^']*)'/g)].map(m => m[1]) : [];
  const exporter = meshIndex(spec, peer);
  const addExport = `add an export with peer: ${meshName} and a rule nameSelector: { namespace: ${namespace}, name: ${name} } to ${exporter >= 0 ? fieldPath(['meshes', exporter, 'exports']) : `mesh ${show(peer)}'s exports`}`;
  const what = `${fieldPath(rulePath)} { namespace: ${namespace}, name: ${name} } of import ${show(id)} matches nothing mesh ${show(peer)} exports to ${show(meshName)}`;
  if (names.length === 0) return `${locator.at([...rulePath, 'name'])}: ${what} (it exports nothing to ${show(meshName)}). Fix: ${addExport}`;
  const [closestName, closestNamespace] = splitExported(names[0]);
  const guess = closestNamespace === namespace ? `did you mean ${show(closestName)}? Set name: ${closestName}` : `did you mean ${show(closestName)} in namespace ${show(closestNamespace)}? Set namespace: ${closestNamespace}, name: ${closestName}`;
  return `${locator.at([...rulePath, 'name'])}: ${what} (it exports ${names.map(show).join(', ')}${match[7] ? ', ...' : ''}, as <name>.<namespace> after its aliases). `
    + `Fix: ${guess}, or ${addExport}`;
}

/** `<name>.<namespace>` as its name and namespace (both DNS labels, so without dots). */
function splitExported(exported: string): [string, string] {
  const dot = exported.indexOf('.');
  return dot < 0 ? [exported, ''] : [exported.slice(0, dot), exported.slice(dot + 1)];
}
