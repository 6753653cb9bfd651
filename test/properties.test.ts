// Property-based tests: random valid federations, checked for the invariants listed in
// docs/properties.md. fast-check prints the seed and the shrunk counterexample of any failure;
// each such counterexample becomes a fixed regression test at the end of this file.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdk8s';
import * as fc from 'fast-check';
import { FederatedMesh } from '../src';
import { HAVE_CRDS, manifestsProblems } from './support/crd-schemas';
import { build as buildInto, FederationSpec, federationSpec, peersOf } from './support/generator';
import { synthByChart } from './support/synth';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
// One output folder for every generated app (nothing is written there: tests synthesize in memory),
// rather than a new temporary folder per app as Testing.app() makes.
const OUTDIR = mkdtempSync(join(tmpdir(), 'properties-'));
afterAll(() => rmSync(OUTDIR, { recursive: true, force: true }));
const build = (spec: FederationSpec, reverse = false) => buildInto(spec, OUTDIR, reverse);

const byChart = (app: App): Record<string, any[]> => synthByChart(app);

/** Whether a PEM is a CA certificate (remembered: the generator uses a few roots many times). */
const CA = new Map<string, boolean>();
function isCa(pem: string): boolean {
  if (!CA.has(pem)) CA.set(pem, new X509Certificate(pem).ca);
  return CA.get(pem)!;
}

/** Every cross-object reference of the output resolves; returns what does not. */
function brokenReferences(out: Record<string, any[]>, federation: FederatedMesh): string[] {
  const broken: string[] = [];
  const smcpOf = (mesh: string) => out[mesh].find(o => o.kind === 'ServiceMeshControlPlane');
  for (const [mesh, objs] of Object.entries(out)) {
    const smcp = smcpOf(mesh);
    const ns = smcp.metadata.namespace;
    const peers = objs.filter(o => o.kind === 'ServiceMeshPeer');
    for (const peer of peers) {
      const p = peer.metadata.name;
      const other = smcpOf(p);
      const where = `${mesh} -> ${p}`;
      if (!other) { broken.push(`${where}: no mesh ${p}`); continue; }
      if (!smcp.spec.gateways?.additionalIngress?.[peer.spec.gateways.ingress.name]) broken.push(`${where}: ingress gateway missing`);
      const egress = smcp.spec.gateways?.additionalEgress?.[peer.spec.gateways.egress.name];
      if (JSON.stringify(egress?.requestedNetworkView) !== JSON.stringify([`network-${p}`])) broken.push(`${where}: egress gateway or network view wrong`);
      if (peer.spec.security.trustDomain !== other.spec.security.trust.domain) broken.push(`${where}: trust domain`);
      const otherEgress = Object.entries(other.spec.gateways?.additionalEgress ?? {}).find(([, g]: [string, any]) => g.requestedNetworkView[0] === `network-${mesh}`)?.[0];
      if (peer.spec.security.clientID !== `${other.spec.security.trust.domain}/ns/${other.metadata.namespace}/sa/${otherEgress}-service-account`) broken.push(`${where}: clientID ${peer.spec.security.clientID}`);
      const cm = objs.find(o => o.kind === 'ConfigMap' && o.metadata.name === peer.spec.security.certificateChain.name && o.metadata.namespace === ns);
      if (!cm || !isCa(cm.data['root-cert.pem'])) broken.push(`${where}: certificate chain`);
      if (!(peer.spec.remote.addresses?.length > 0)) broken.push(`${where}: no remote address`);
      const ingressOfOther = other.spec.gateways?.additionalIngress ?? {};
      if (!Object.values(ingressOfOther).some((g: any) => g.service.metadata.labels['federation.maistra.io/ingress-for'])) broken.push(`${where}: peer has no ingress`);
    }
    const peerNames = new Set(peers.map(p => p.metadata.name));
    for (const set of objs.filter(o => o.kind === 'ExportedServiceSet' || o.kind === 'ImportedServiceSet')) {
      if (!peerNames.has(set.metadata.name) || set.metadata.namespace !== ns) broken.push(`${mesh}: ${set.kind} ${set.metadata.name} names no peer`);
    }
    for (const dr of objs.filter(o => o.kind === 'DestinationRule')) {
      const od = dr.spec.trafficPolicy.outlierDetection;
      if (!(od?.consecutive5xxErrors >= 1) || !od.interval || !od.baseEjectionTime) broken.push(`${mesh}: ${dr.metadata.name} without outlier detection`);
    }
  }
  // Every import rule resolves to something the peer exports.
  const plan = federation.plan();
  for (const mesh of federation.meshes) {
    for (const set of out[mesh.meshName].filter(o => o.kind === 'ImportedServiceSet')) {
      set.spec.importRules.forEach((_: unknown, i: number) => {
        if (!plan.meshes.find(m => m.mesh === mesh.meshName)!.imports.some(imp => imp.peer === set.metadata.name && imp.rule === i + 1)) {
          broken.push(`${mesh.meshName}: import rule #${i + 1} from ${set.metadata.name} resolves to nothing`);
        }
      });
    }
  }
  return broken;
}

test(`${RUNS} random valid federations: synth, schemas, references, determinism, order independence`, () => {
  let objects = 0;
  fc.assert(fc.property(federationSpec, spec => {
    const first = build(spec);
    const out = byChart(first.app);
    const all = Object.values(out).flat();
    objects += all.length;
    const n = spec.meshes.length;
    const peerCount = all.filter(o => o.kind === 'ServiceMeshPeer').length;
    expect(peerCount).toBe(2 * peersOf(spec).length);
    if (spec.topology.kind === 'full') expect(peerCount).toBe(n * (n - 1));
    if (HAVE_CRDS) expect(manifestsProblems(all)).toEqual([]);
    // Secure by default: never a Secret, never key material.
    expect(all.filter(o => o.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(all)).not.toMatch(/PRIVATE KEY/);
    expect(brokenReferences(out, first.federation)).toEqual([]);
    // GitOps layout: one folder per mesh, one file per object (nothing would be overwritten), so
    // each kustomization lists exactly that mesh's objects.
    const files = first.app.clusterFiles();
    expect(Object.keys(files).sort()).toEqual(spec.meshes.map(m => m.name).sort());
    for (const [mesh, names] of Object.entries(files)) expect(names).toHaveLength(out[mesh].length);
    // The diagram has every mesh once and every peering once; manual steps name real meshes.
    const diagram = first.federation.diagram();
    expect(diagram.match(/^ {2}m_\w+\["/gm)).toHaveLength(n);
    expect(diagram.match(/<-->\|peered\|/g) ?? []).toHaveLength(peersOf(spec).length);
    for (const step of first.federation.manualSteps()) expect(spec.meshes.map(m => m.name)).toContain(step.cluster);
    // Same input, same bytes, whatever the declaration order: a second, independent build with the
    // meshes declared in reverse writes the same objects per mesh, keys in the same order (YAML is
    // written from them, and test/golden.test.ts pins the bytes themselves). Output that varied from
    // one build to the next would differ here as well, so one more build in declaration order adds
    // nothing.
    const reversed = byChart(build(spec, true).app);
    expect(Object.keys(reversed).sort()).toEqual(Object.keys(out).sort());
    for (const mesh of Object.keys(out)) {
      expect(JSON.stringify((reversed[mesh] as any[]))).toBe(JSON.stringify(out[mesh]));
    }
  }), { numRuns: RUNS });
  // Not a vacuous run: the federations were of a real size.
  expect(objects).toBeGreaterThan(RUNS * 5);
}, 600_000);
