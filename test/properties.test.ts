// Property-based tests: random valid federations, checked for the invariants listed in
// docs/properties.md. fast-check prints the seed and the shrunk counterexample of any failure;
// each such counterexample becomes a fixed regression test at the end of this file.
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  FederatedMesh, FederationApp, GatewayNaming, LoadBalancerScheme, Mesh, MeshOptions, Platform, Topology,
} from '../src';
import { rootCert } from './support/certs';
import { HAVE_CRDS, manifestsProblems } from './support/crd-schemas';

const CERTS = [rootCert('red-mesh'), rootCert('green-mesh'), rootCert('blue-mesh')];
const RUNS = Number(process.env.PROPERTY_RUNS ?? 500);
// One output folder for every generated app (nothing is written there: tests synthesize in memory),
// rather than a new temporary folder per app as Testing.app() makes.
const OUTDIR = mkdtempSync(join(tmpdir(), 'properties-'));
afterAll(() => rmSync(OUTDIR, { recursive: true, force: true }));

type PlatformKind = 'awsNlb' | 'awsLbc' | 'azure' | 'gcp' | 'bareMetal' | 'ibmPower' | 'ibmZ' | 'nodePort';
interface MeshSpec {
  name: string;
  platform: PlatformKind;
  internal: boolean;
  region: string;
  explicitAddresses: boolean;
  firstNodePort: number;
  cert: number;
}
interface ExportSpec { from: number; to: number; rules: Array<{ name: string; aliasNs?: string; aliasName?: string }>; label: boolean }
interface ImportPick { rule: number; aliasName?: string; asLocal: boolean; suffix?: string }
interface ImportSpec { into: number; from: number; picks: ImportPick[]; wildcardLabel: boolean }
interface FederationSpec {
  meshes: MeshSpec[];
  topology: { kind: 'full' } | { kind: 'hub'; hub: number } | { kind: 'explicit'; pairs: Array<[number, number]> };
  samplesNaming: boolean;
  exports: ExportSpec[];
  imports: ImportSpec[];
  failovers: Array<{ meshes: number[] }>;
}

const PLATFORMS: PlatformKind[] = ['awsNlb', 'awsLbc', 'azure', 'gcp', 'bareMetal', 'ibmPower', 'ibmZ', 'nodePort'];
// Names up to 40 characters: the egress gateway's service account, 'egress-<peer>-service-account', must fit in 63.
const meshName = fc.oneof(
  fc.stringMatching(/^[a-z]([a-z0-9-]{0,10}[a-z0-9])?$/),
  fc.stringMatching(/^[a-z][a-z0-9-]{38}[a-z0-9]$/),
);
const svcName = fc.constantFrom('ratings', 'reviews', 'details', 'cart', 'pay', 'db');

function peersOf(spec: Pick<FederationSpec, 'meshes' | 'topology'>): Array<[number, number]> {
  const n = spec.meshes.length;
  const pairs: Array<[number, number]> = [];
  if (spec.topology.kind === 'full') {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
  } else if (spec.topology.kind === 'hub') {
    const hub = spec.topology.hub;
    for (let i = 0; i < n; i++) if (i !== hub) pairs.push([Math.min(i, hub), Math.max(i, hub)]);
  } else {
    pairs.push(...spec.topology.pairs);
  }
  return pairs;
}

const federationSpec: fc.Arbitrary<FederationSpec> = fc.uniqueArray(meshName, { minLength: 1, maxLength: 12 }).chain(names => {
  const n = names.length;
  const meshes = fc.tuple(...names.map(name => fc.record({
    name: fc.constant(name),
    platform: fc.constantFrom(...PLATFORMS),
    internal: fc.boolean(),
    region: fc.constantFrom('us-east', 'us-west', 'eu-west'),
    explicitAddresses: fc.boolean(),
    firstNodePort: fc.integer({ min: 30000, max: 32767 - 2 * 11 }),
    cert: fc.integer({ min: 0, max: 2 }),
  })));
  const allPairs: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) allPairs.push([i, j]);
  const topology = fc.oneof(
    fc.constant({ kind: 'full' as const }),
    fc.integer({ min: 0, max: n - 1 }).map(hub => ({ kind: 'hub' as const, hub })),
    fc.subarray(allPairs).map(pairs => ({ kind: 'explicit' as const, pairs })),
  );
  return fc.record({ meshes, topology, samplesNaming: fc.boolean() }).chain(base => {
    const peered = peersOf(base).flatMap(([a, b]) => [[a, b], [b, a]] as Array<[number, number]>);
    const exportsArb = fc.subarray(peered, { maxLength: Math.min(6, peered.length) }).chain(pairs => fc.tuple(...pairs.map(([from, to]) => fc.record({
      from: fc.constant(from),
      to: fc.constant(to),
      rules: fc.array(fc.record({
        name: svcName,
        aliasNs: fc.option(fc.constantFrom('info', 'shared'), { nil: undefined }),
        aliasName: fc.option(svcName, { nil: undefined }),
      }), { minLength: 1, maxLength: 3 }),
      label: fc.boolean(),
    }))));
    return exportsArb.chain(exports => {
      const importsArb = fc.tuple(...exports.map(e => fc.record({
        into: fc.constant(e.to),
        from: fc.constant(e.from),
        picks: fc.subarray(e.rules.map((_, i) => i)).chain(rules => fc.tuple(...rules.map(rule => fc.record({
          rule: fc.constant(rule),
          aliasName: fc.option(svcName, { nil: undefined }),
          asLocal: fc.boolean(),
          suffix: fc.option(fc.constantFrom('svc.remote.local', 'imported.example'), { nil: undefined }),
        })))),
        wildcardLabel: fc.boolean(),
      })));
      const failoversArb = base.topology.kind === 'full' && n >= 2
        ? fc.array(fc.subarray(base.meshes.map((_, i) => i), { minLength: 2 }), { maxLength: 2 })
          .map(sets => sets.filter(set => new Set(set.map(i => base.meshes[i].region)).size >= 2).map(set => ({ meshes: set })))
        : fc.constant<Array<{ meshes: number[] }>>([]);
      return fc.record({ imports: importsArb, failovers: failoversArb }).map(rest => ({ ...base, exports, ...rest }));
    });
  });
});

function platformOf(m: MeshSpec): Platform {
  const scheme = m.internal ? LoadBalancerScheme.INTERNAL : LoadBalancerScheme.INTERNET_FACING;
  switch (m.platform) {
    case 'awsNlb': return Platform.awsNlb({ scheme });
    case 'awsLbc': return Platform.awsLoadBalancerController({ scheme });
    case 'azure': return Platform.azure({ scheme });
    case 'gcp': return Platform.gcp({ scheme });
    case 'bareMetal': return Platform.bareMetal();
    case 'ibmPower': return Platform.ibmPower();
    case 'ibmZ': return Platform.ibmZ();
    default: return Platform.nodePort({ nodeAddresses: ['192.0.2.10', 'nodes.example.com'], firstNodePort: m.firstNodePort });
  }
}

/** Builds the federation of `spec` into a new app; `reverse` declares the meshes in reverse order. */
function build(spec: FederationSpec, reverse = false): { app: FederationApp; federation: FederatedMesh; meshes: Mesh[] } {
  const app = new FederationApp({ outdir: OUTDIR });
  const topology = spec.topology.kind === 'full' ? Topology.fullMesh()
    : spec.topology.kind === 'hub' ? Topology.hubAndSpoke(spec.meshes[spec.topology.hub].name) : Topology.explicit();
  const federation = new FederatedMesh(app, 'federation', { topology, gatewayNaming: spec.samplesNaming ? GatewayNaming.maistraSamples() : undefined });
  const pairs = peersOf(spec);
  const peersOfMesh = (i: number) => pairs.filter(p => p.includes(i)).map(p => spec.meshes[p[0] === i ? p[1] : p[0]].name);
  const order = spec.meshes.map((_, i) => i);
  if (reverse) order.reverse();
  const meshes: Mesh[] = [];
  for (const i of order) {
    const m = spec.meshes[i];
    const options: MeshOptions = {
      platform: platformOf(m),
      rootCertificate: CERTS[m.cert],
      locality: { region: m.region },
      ...(m.platform === 'nodePort' ? {} : m.explicitAddresses
        ? { ingressAddresses: Object.fromEntries(peersOfMesh(i).map((p, k) => [p, [`203.0.113.${(k % 250) + 1}`]])) }
        : { dnsDomain: `apps.${m.name}.example.com`.slice(0, 200) }),
    };
    meshes[i] = federation.addMesh(m.name, options);
  }
  if (spec.topology.kind === 'explicit') {
    for (const [a, b] of spec.topology.pairs) federation.addPeering(meshes[a], meshes[b]);
  }
  spec.exports.forEach((e, k) => {
    const exp = meshes[e.from].addServiceExport(`export-${k}`, { peer: meshes[e.to] });
    // Every rule has its own namespace, so no rule can shadow another.
    e.rules.forEach((r, j) => exp.addNameRule({
      namespace: `ns-${k}-${j}`,
      name: r.name,
      alias: r.aliasName ? { namespace: `alias-${k}-${j}`, name: r.aliasName } : undefined,
    }));
    if (e.label) exp.addLabelRule({ namespace: `lbl-${k}`, matchLabels: { export: 'true' }, aliases: [{ namespace: '*', name: '*', alias: { namespace: `lbl-out-${k}` } }] });
  });
  spec.imports.forEach((imp, k) => {
    const exportIndex = spec.exports.findIndex(e => e.from === imp.from && e.to === imp.into);
    const e = spec.exports[exportIndex];
    if (imp.picks.length === 0 && !(imp.wildcardLabel && e.label)) return;
    const si = meshes[imp.into].addServiceImport(`import-${k}`, { peer: meshes[imp.from] });
    for (const pick of imp.picks) {
      const r = e.rules[pick.rule];
      const exportedNs = r.aliasName ? `alias-${exportIndex}-${pick.rule}` : `ns-${exportIndex}-${pick.rule}`;
      si.addNameRule({
        namespace: exportedNs,
        name: r.aliasName ?? r.name,
        alias: pick.asLocal ? { namespace: `local-${k}`, name: pick.aliasName } : pick.aliasName ? { name: pick.aliasName } : undefined,
        importAsLocal: pick.asLocal,
        domainSuffix: pick.asLocal ? undefined : pick.suffix,
      });
    }
    if (imp.wildcardLabel && e.label) si.addNameRule({ namespace: `lbl-out-${exportIndex}`, name: '*' });
  });
  spec.failovers.forEach((f, j) => federation.addFailoverImport(`failover-${j}`, {
    namespace: `fo-${j}`, name: `svc${j}`, meshes: f.meshes.map(i => meshes[i]),
  }));
  return { app, federation, meshes };
}

function byChart(app: App): Record<string, any[]> {
  return Object.fromEntries(app.charts.map(c => [c.node.id, Testing.synth(c)]));
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
      if (!cm || !new X509Certificate(cm.data['root-cert.pem']).ca) broken.push(`${where}: certificate chain`);
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
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
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
    // Same input, same bytes.
    expect(build(spec).app.synthYaml()).toBe(first.app.synthYaml());
    // Another declaration order, the same manifests per mesh.
    const reversed = byChart(build(spec, true).app);
    expect(Object.keys(reversed).sort()).toEqual(Object.keys(out).sort());
    for (const mesh of Object.keys(out)) {
      expect(JSON.stringify((reversed[mesh] as any[]))).toBe(JSON.stringify(out[mesh]));
    }
  }), { numRuns: RUNS });
  warn.mockRestore();
  // Not a vacuous run: the federations were of a real size.
  expect(objects).toBeGreaterThan(RUNS * 5);
}, 600_000);
