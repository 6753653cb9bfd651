// The one pure pass from a federation's declarations to its resolved model: who peers with whom,
// node ports, versions, the export and import sets and what each import resolves to.
import { Locality } from '../../core/mesh-options';
import { byName } from '../../core/output';
import { AddressedMesh, allocateNodePorts, sameClusterPair } from '../addressing';
import { Membership, membershipOf } from '../membership';
import { ExportRuleSpec, exportOutputsOf, ImportRuleSpec, ResolvedImport, resolveImportRules } from '../resolution';
import { DeclaredExport, DeclaredFailover, DeclaredImport, DeclaredMesh, FederationInput } from './declarations';

/** The ServiceMeshControlPlane version of a mesh that sets none. */
export const DEFAULT_VERSION = 'v2.6';

/** The ImportedServiceSet of one mesh for one exporter: the imports merged into it, in order. */
export interface ImportSet {
  readonly imports: readonly DeclaredImport[];
  readonly rules: readonly ImportRuleSpec[];
  /** The first import's `domainSuffix` that sets one. */
  readonly domainSuffix?: string;
  /** The first import's `locality` that sets one. */
  readonly locality?: Locality;
}

/** One mesh, resolved. */
export interface ResolvedMesh extends AddressedMesh {
  /** The ServiceMeshControlPlane `spec.version`. */
  readonly version: string;
  /** The meshes it peers with, sorted. */
  readonly peers: readonly string[];
  /** Its exports by peer (peers sorted), each in declaration order. */
  readonly exports: ReadonlyMap<string, readonly DeclaredExport[]>;
  /** The rules of its ExportedServiceSet for each peer (peers sorted), in order. */
  readonly exportRules: ReadonlyMap<string, readonly ExportRuleSpec[]>;
  /** Its ImportedServiceSet for each exporter (exporters sorted). */
  readonly imports: ReadonlyMap<string, ImportSet>;
  /** Every import rule resolved against what the exporter exports to this mesh, by exporter and rule. */
  readonly resolvedImports: readonly ResolvedImport[];
  /** Its member namespaces, and what cannot be listed. */
  readonly membership: Membership;
}

/** A federation, resolved. */
export interface FederationModel {
  readonly name: string;
  /** Whether the topology is hub and spoke. */
  readonly hubAndSpoke: boolean;
  /** The hub, with hub-and-spoke topology. */
  readonly hub?: string;
  /** The meshes, sorted by name. */
  readonly meshes: readonly ResolvedMesh[];
  /** The peered pairs (names sorted), sorted. */
  readonly peerings: ReadonlyArray<readonly [string, string]>;
  /** The failovers, in declaration order. */
  readonly failovers: readonly DeclaredFailover[];
  /** The mesh named `name`, if any. */
  mesh(name: string): ResolvedMesh | undefined;
}

/** Resolves a federation's declarations. */
export function resolveFederation(input: FederationInput): FederationModel {
  const peersOf = new Map<string, string[]>(input.meshes.map(m => [m.name, []]));
  for (const [a, b] of input.peerings) {
    peersOf.get(a)?.push(b);
    peersOf.get(b)?.push(a);
  }
  const declared = new Map(input.meshes.map(m => [m.name, m]));
  const exportsOf = groupBy(input.exports, e => e.mesh);
  const importsOf = groupBy(input.imports, i => i.mesh);
  const partial = [...input.meshes].sort((a, b) => byName(a.name, b.name)).map(mesh => {
    const peers = [...peersOf.get(mesh.name)!].sort(byName);
    const sharing = sharingOf(exportsOf.get(mesh.name) ?? [], importsOf.get(mesh.name) ?? []);
    const membership = membershipOf({
      name: mesh.name,
      namespace: mesh.namespace,
      exportRules: sharing.exportRules.values(),
      importRules: [...sharing.imports.values()].map(set => set.rules),
    }, input.failovers, input.members);
    const localPeers = new Set(peers.filter(p => declared.has(p) && sameClusterPair(mesh, declared.get(p)!)));
    const nodePorts = allocateNodePorts(mesh, peers.filter(p => !localPeers.has(p)));
    return { ...mesh, version: versionOf(mesh), peers, nodePorts, localPeers, ...sharing, membership };
  });
  const byMeshName = new Map(partial.map(m => [m.name, m]));
  const meshes: ResolvedMesh[] = partial.map(mesh => ({
    ...mesh,
    resolvedImports: [...mesh.imports.entries()].flatMap(([exporter, set]) =>
      resolveImportRules(mesh.name, exporter, set.rules, set.domainSuffix,
        exportOutputsOf(byMeshName.get(exporter)?.exportRules.get(mesh.name) ?? []))),
  }));
  const resolved = new Map(meshes.map(m => [m.name, m]));
  const key = (p: readonly [string, string]) => `${p[0]}+${p[1]}`;
  return {
    name: input.name,
    hubAndSpoke: input.hubAndSpoke,
    hub: input.hub,
    meshes,
    peerings: [...input.peerings].sort((a, b) => byName(key(a), key(b))),
    failovers: [...input.failovers],
    mesh: (name: string) => resolved.get(name),
  };
}

/** A mesh's ServiceMeshControlPlane version: its own or the federation's, else the one in `controlPlaneSpec`, else the default. */
export function versionOf(mesh: DeclaredMesh): string {
  const base = mesh.options.controlPlaneSpec?.version;
  return mesh.explicitVersion ?? (typeof base === 'string' ? base : DEFAULT_VERSION);
}

/** A mesh's exports and imports (in declaration order) grouped into one set per peer, peers sorted. */
function sharingOf(meshExports: readonly DeclaredExport[], meshImports: readonly DeclaredImport[]) {
  const exports = groupByPeer(meshExports);
  const imports = new Map<string, ImportSet>();
  for (const [peer, list] of groupByPeer(meshImports)) {
    imports.set(peer, {
      imports: list,
      rules: list.flatMap(i => i.rules),
      domainSuffix: list.find(i => i.domainSuffix !== undefined)?.domainSuffix,
      locality: list.find(i => i.locality !== undefined)?.locality,
    });
  }
  const exportRules = new Map([...exports].map(([peer, list]) => [peer, list.flatMap(e => e.rules)]));
  return { exports, exportRules, imports };
}

function groupByPeer<T extends { readonly peer: string }>(items: readonly T[]): Map<string, T[]> {
  return new Map([...groupBy(items, item => item.peer)].sort((a, b) => byName(a[0], b[0])));
}

/** `items` by `key`, each group in the order of `items`, the groups in the order their keys first appear. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
