// Compares what the clusters report (ServiceMeshPeer, ExportedServiceSet and ImportedServiceSet
// status) with the plan of a federation, and says the most likely cause and fix of each gap.
import { ExpectedPeer, inactiveCause, specGaps, StatusGap, unknownPeerGap } from './status-causes';
import { readReportedObjects, ReportedObjects, ReportedPeer, ReportedService, STATUS_COMMAND } from './status-input';
import { statusMarkdown } from './status-report';
import { FederationStatusResult, MeshStatusInput, PeeringStatus, ServiceSetStatus } from './status-types';
import { FederationError } from '../core/errors';
import { q } from '../core/output';
import { FederatedMesh } from '../federation/federated-mesh';
import { FederationPlan, ImportedServicePlan } from '../federation/plan';
import { peerSpec } from '../federation/render';

/** Compares the status of a federation's clusters with its plan. */
export class FederationStatus {
  /**
   * Compares `inputs` (one per mesh) with `federation`'s plan. Throws a FederationError for input
   * of the wrong shape or a mesh the federation does not have.
   */
  public static compare(federation: FederatedMesh, inputs: MeshStatusInput[]): FederationStatusResult {
    if (!Array.isArray(inputs)) throw new FederationError([`status: the inputs are not a list. Fix: pass one { mesh, objects } per mesh, objects being what \`${STATUS_COMMAND}\` prints`]);
    const reported = readInputs(federation, inputs);
    const plan = federation.plan();
    const other: StatusGap[] = [];
    const peerings: PeeringStatus[] = [];
    for (const mesh of federation.meshes) {
      const objects = reported.get(mesh.meshName);
      if (!objects) {
        other.push({ subject: mesh.meshName, finding: 'no status given', cause: 'its cluster was not read', fix: `pass what \`${STATUS_COMMAND}\` prints in its cluster` });
        continue;
      }
      for (const peer of mesh.peers) peerings.push(peeringStatus(expectedPeer(federation, mesh.meshName, peer.meshName), objects));
      other.push(...unknownObjects(federation, mesh.meshName, mesh.controlPlaneNamespace, objects));
    }
    const exports = exportStatuses(plan, reported);
    const imports = importStatuses(plan, reported, exports, peerings);
    const ok = other.length === 0 && [...peerings, ...exports, ...imports].every(s => s.gaps.length === 0);
    return { ok, peerings, exports, imports, other };
  }

  /** The result as Markdown: a table per part, then every gap with its cause and fix. */
  public static toMarkdown(result: FederationStatusResult): string {
    return statusMarkdown(result);
  }
}

function readInputs(federation: FederatedMesh, inputs: MeshStatusInput[]): Map<string, ReportedObjects> {
  const result = new Map<string, ReportedObjects>();
  const problems: string[] = [];
  inputs.forEach((input, i) => {
    const name = typeof input === 'object' && input !== null ? (input as any).mesh : undefined;
    const mesh = typeof name === 'string' ? federation.findMesh(name) : undefined;
    if (!mesh) {
      problems.push(`status input #${i + 1}: mesh ${q(name)} is not a mesh of the federation (${federation.meshNames.join(', ')}). Fix: name one of them`);
      return;
    }
    if (result.has(mesh.meshName)) {
      problems.push(`status input #${i + 1}: mesh ${q(name)} is given twice. Fix: pass one input per mesh`);
      return;
    }
    const source = typeof input.source === 'string' ? input.source : `the status of ${q(mesh.meshName)}`;
    try {
      const all = readReportedObjects(input.objects, source);
      const ns = mesh.controlPlaneNamespace;
      result.set(mesh.meshName, {
        peers: all.peers.filter(p => p.namespace === ns),
        exports: all.exports.filter(p => p.namespace === ns),
        imports: all.imports.filter(p => p.namespace === ns),
      });
    } catch (e) {
      if (!(e instanceof FederationError)) throw e;
      problems.push(...e.problems);
    }
  });
  if (problems.length > 0) throw new FederationError(problems);
  return result;
}

function expectedPeer(federation: FederatedMesh, mesh: string, peer: string): ExpectedPeer {
  const spec = peerSpec(federation._model(), mesh, peer);
  return {
    mesh,
    namespace: federation.findMesh(mesh)!.controlPlaneNamespace,
    peer,
    peerNamespace: federation.findMesh(peer)!.controlPlaneNamespace,
    addresses: spec.remote?.addresses ?? [],
    clientId: spec.security?.clientId ?? '',
    trustDomain: spec.security?.trustDomain ?? '',
    ingress: spec.gateways?.ingress?.name ?? '',
    egress: spec.gateways?.egress?.name ?? '',
  };
}

function peeringStatus(expected: ExpectedPeer, objects: ReportedObjects): PeeringStatus {
  const subject = `${expected.mesh} -> ${expected.peer}`;
  const reported = objects.peers.find(p => p.name === expected.peer);
  if (!reported) {
    return {
      mesh: expected.mesh,
      peer: expected.peer,
      found: false,
      connected: false,
      remoteConnected: false,
      remoteAddresses: [],
      gaps: [{ subject, finding: `no ServiceMeshPeer ${q(expected.peer)} in ${q(expected.namespace)}`, cause: 'the output was not applied to this cluster', fix: `apply the mesh's folder of the output (\`oc apply -k <output>/${expected.mesh}\`) or let your GitOps tool sync it` }],
    };
  }
  const gaps = peeringGaps(expected, reported, subject);
  return { mesh: expected.mesh, peer: expected.peer, found: true, ...connection(reported), remoteAddresses: reported.addresses, gaps };
}

function connection(peer: ReportedPeer): { connected: boolean; remoteConnected: boolean; since?: string; lastDisconnectStatus?: string } {
  const pods = peer.pods ?? [];
  const watching = pods.find(p => p.active && p.watch?.connected);
  const watch = watching?.watch ?? pods.find(p => p.watch)?.watch;
  return {
    connected: watching !== undefined,
    remoteConnected: pods.some(p => p.active && p.remotes.some(r => r.connected)),
    since: watching ? watch?.lastConnected : watch?.lastDisconnect ?? watch?.lastConnected,
    lastDisconnectStatus: watch?.lastDisconnectStatus,
  };
}

function peeringGaps(expected: ExpectedPeer, reported: ReportedPeer, subject: string): StatusGap[] {
  const gaps = specGaps(expected, reported, subject);
  if (reported.pods === undefined) {
    gaps.push({ subject, finding: 'the ServiceMeshPeer has no status', cause: 'the operator has not reconciled it yet, or is not running', fix: `wait a minute; if it stays so, check the Service Mesh operator and istiod in ${q(expected.namespace)}` });
    return gaps;
  }
  const state = connection(reported);
  if (!state.connected) {
    gaps.push(inactiveCause(expected, state.lastDisconnectStatus, subject));
  } else if (!state.remoteConnected) {
    gaps.push({
      subject,
      finding: `${q(expected.mesh)} watches ${q(expected.peer)}, but ${q(expected.peer)} does not watch ${q(expected.mesh)}`,
      cause: `the other side fails: see ${q(expected.peer)} -> ${q(expected.mesh)}`,
      fix: `read the status of ServiceMeshPeer ${q(expected.mesh)} in ${q(expected.peerNamespace)} in ${q(expected.peer)}'s cluster`,
    });
  }
  return gaps;
}

function unknownObjects(federation: FederatedMesh, mesh: string, namespace: string, objects: ReportedObjects): StatusGap[] {
  const peers = new Set(federation.findMesh(mesh)!.peers.map(p => p.meshName));
  const model = federation._model().mesh(mesh)!;
  const gaps: StatusGap[] = [];
  const check = (kind: string, name: string, planned: ReadonlyMap<string, unknown>) => {
    if (!peers.has(name)) {
      gaps.push(unknownPeerGap(kind, namespace, name, federation.findMesh(name) !== undefined));
    } else if (!planned.has(name)) {
      gaps.push({
        subject: `${kind} ${namespace}/${name}`,
        finding: 'the cluster has it, the plan does not',
        cause: `the description no longer ${kind === 'ExportedServiceSet' ? 'exports to' : 'imports from'} ${q(name)}`,
        fix: `delete it (\`oc -n ${namespace} delete ${kind.toLowerCase()} ${name}\`), or let your GitOps tool prune it`,
      });
    }
  };
  for (const p of objects.peers) check('ServiceMeshPeer', p.name, new Map([...peers].map(x => [x, x])));
  for (const s of objects.exports) check('ExportedServiceSet', s.name, model.exports);
  for (const s of objects.imports) check('ImportedServiceSet', s.name, model.imports);
  return gaps;
}

/** Whether `name` is the exported name `pattern` (where `*` stands for one label). */
export function nameMatches(pattern: string, name: string): boolean {
  if (!pattern.includes('*')) return pattern === name;
  const parts = pattern.split('*').map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^.]+')}$`).test(name);
}

function exportStatuses(plan: FederationPlan, reported: Map<string, ReportedObjects>): ServiceSetStatus[] {
  const result: ServiceSetStatus[] = [];
  for (const mesh of plan.meshes) {
    const objects = reported.get(mesh.mesh);
    if (!objects) continue;
    for (const peer of [...new Set(mesh.exports.map(e => e.peer))]) {
      const expected = mesh.exports.filter(e => e.peer === peer);
      const set = objects.exports.find(s => s.name === peer);
      const names = (set?.services ?? []).map(s => s.exportedName);
      const subject = `${mesh.mesh} exports to ${peer}`;
      const gaps: StatusGap[] = [];
      if (!set) {
        gaps.push({ subject, finding: `no ExportedServiceSet ${q(peer)}`, cause: 'the output was not applied to this cluster', fix: `apply the mesh's folder of the output (\`oc apply -k <output>/${mesh.mesh}\`)` });
      } else if (!set.services) {
        gaps.push({ subject, finding: 'the ExportedServiceSet has no status', cause: 'the operator has not reconciled it yet', fix: 'wait a minute; if it stays so, check the Service Mesh operator and istiod' });
      } else {
        for (const e of expected.filter(x => !names.some(n => nameMatches(x.exportedName, n)))) {
          gaps.push({
            subject: e.exportedName,
            finding: `rule #${e.rule} exports ${e.localService}, which the ExportedServiceSet does not list`,
            cause: `the service is missing in ${q(mesh.mesh)}: it does not exist, its namespace is not a member of the mesh, or its exportTo hides it from the control-plane namespace`,
            fix: `check \`oc get svc -A\` for ${e.localService}, that its namespace is in the ServiceMeshMemberRoll, and its networking.istio.io/exportTo`,
          });
        }
        for (const n of names.filter(x => !expected.some(e => nameMatches(e.exportedName, x)))) {
          gaps.push({ subject: n, finding: 'the ExportedServiceSet lists it, the plan does not', cause: 'the cluster runs older export rules than the description', fix: 'apply the mesh\'s folder of the output again' });
        }
      }
      result.push({ mesh: mesh.mesh, peer, expected: expected.map(e => e.exportedName), reported: names, gaps });
    }
  }
  return result;
}

function importStatuses(
  plan: FederationPlan, reported: Map<string, ReportedObjects>, exports: ServiceSetStatus[], peerings: PeeringStatus[],
): ServiceSetStatus[] {
  const result: ServiceSetStatus[] = [];
  for (const mesh of plan.meshes) {
    const objects = reported.get(mesh.mesh);
    if (!objects) continue;
    for (const peer of [...new Set(mesh.imports.map(e => e.peer))]) {
      const expected = mesh.imports.filter(e => e.peer === peer);
      const set = objects.imports.find(s => s.name === peer);
      const services = set?.services ?? [];
      const subject = `${mesh.mesh} imports from ${peer}`;
      const gaps: StatusGap[] = [];
      if (!set) {
        gaps.push({ subject, finding: `no ImportedServiceSet ${q(peer)}`, cause: 'the output was not applied to this cluster', fix: `apply the mesh's folder of the output (\`oc apply -k <output>/${mesh.mesh}\`)` });
      } else {
        const context = { mesh: mesh.mesh, peer, exports, peerings };
        for (const e of expected) gaps.push(...importGaps(e, services, context));
      }
      const imported = services.filter(s => s.localHostname !== '').map(s => s.exportedName);
      result.push({ mesh: mesh.mesh, peer, expected: expected.map(e => e.exportedName), reported: imported, gaps });
    }
  }
  return result;
}

interface ImportContext {
  readonly mesh: string;
  readonly peer: string;
  readonly exports: ServiceSetStatus[];
  readonly peerings: PeeringStatus[];
}

function importGaps(e: ImportedServicePlan, services: readonly ReportedService[], c: ImportContext): StatusGap[] {
  const matching = services.filter(s => nameMatches(e.exportedName, s.exportedName));
  if (matching.some(s => s.localHostname !== '' && nameMatches(e.localHostname, s.localHostname))) return [];
  const subject = e.exportedName;
  if (matching.length > 0) {
    const s = matching[0];
    return [s.localHostname === ''
      ? { subject, finding: `${q(c.peer)} exports ${q(s.exportedName)}, but import rule #${e.rule} matches nothing`, cause: 'an import rule matching nothing: the ImportedServiceSet in the cluster differs from the plan', fix: `apply ${q(c.mesh)}'s folder of the output again; if it persists, compare the rule's namespace and name with ${q(s.exportedName)}` }
      : { subject, finding: `imported as ${q(s.localHostname)}, the plan has ${q(e.localHostname)}`, cause: 'the cluster runs older import rules than the description', fix: `apply ${q(c.mesh)}'s folder of the output again` }];
  }
  const exported = c.exports.find(x => x.mesh === c.peer && x.peer === c.mesh);
  const peering = c.peerings.find(p => p.mesh === c.mesh && p.peer === c.peer);
  if (exported && exported.reported.some(n => nameMatches(e.exportedName, n))) {
    return [{
      subject,
      finding: `${q(c.peer)} exports it, ${q(c.mesh)} does not list it`,
      cause: peering && !peering.connected ? `the export does not reach the peer: ${q(c.mesh)} -> ${q(c.peer)} is not connected` : 'the export does not reach the peer yet',
      fix: peering && !peering.connected ? `fix the peering ${q(c.mesh)} -> ${q(c.peer)} first (see above)` : `wait for the next sync; if it stays so, read istiod's log in ${q(c.mesh)}'s namespace`,
    }];
  }
  return [{
    subject,
    finding: `${q(c.mesh)}'s ImportedServiceSet ${q(c.peer)} does not list it`,
    cause: exported ? `the service is missing in the exporting mesh ${q(c.peer)}` : `the export does not reach the peer (or ${q(c.peer)}'s status was not read)`,
    fix: exported ? `see the export gaps of ${q(c.peer)}` : `read ${q(c.peer)}'s status too, and fix the peering ${q(c.mesh)} -> ${q(c.peer)} if it is not connected`,
  }];
}
