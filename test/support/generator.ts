// The property tests' generator of random valid federations (fast-check), shared by the property
// test and the golden-output test.
import * as fc from 'fast-check';
import { rootCert } from './certs';
import {
  FederatedMesh, FederationApp, GatewayNaming, LoadBalancerScheme, Mesh, MeshOptions, Platform, Topology,
} from '../../src';

const CERTS = [rootCert('red-mesh'), rootCert('green-mesh'), rootCert('blue-mesh')];

export type PlatformKind = 'awsNlb' | 'awsLbc' | 'azure' | 'gcp' | 'bareMetal' | 'ibmPower' | 'ibmZ' | 'nodePort';
export interface MeshSpec {
  name: string;
  platform: PlatformKind;
  internal: boolean;
  region: string;
  explicitAddresses: boolean;
  firstNodePort: number;
  cert: number;
}
export interface ExportSpec { from: number; to: number; rules: Array<{ name: string; aliasNs?: string; aliasName?: string }>; label: boolean }
export interface ImportPick { rule: number; aliasName?: string; asLocal: boolean; suffix?: string }
export interface ImportSpec { into: number; from: number; picks: ImportPick[]; wildcardLabel: boolean }
export interface FederationSpec {
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

export function peersOf(spec: Pick<FederationSpec, 'meshes' | 'topology'>): Array<[number, number]> {
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

export const federationSpec: fc.Arbitrary<FederationSpec> = fc.uniqueArray(meshName, { minLength: 1, maxLength: 12 }).chain(names => {
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

export function platformOf(m: MeshSpec): Platform {
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

/** Builds the federation of `spec` into a new app writing to `outdir`; `reverse` declares the meshes in reverse order. */
export function build(spec: FederationSpec, outdir: string, reverse = false): { app: FederationApp; federation: FederatedMesh; meshes: Mesh[] } {
  const app = new FederationApp({ outdir, printWarnings: false, printSummary: false });
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


