// A federation description rendered as multi-network Istio (`MultiNetworkMesh.fromFederation`):
// one cluster per federation mesh, the failover DestinationRules carried over, and the migration
// record the multi-network mesh reports from. The only place that joins the two products; it
// registers itself with the multi-network layer when loaded (src/index.ts loads it).
import { Construct } from 'constructs';
import { exposureSection, exposureWarnings, meshExposure } from './exposure';
import { federationMigration } from './report';
import { FederationError } from '../core/errors';
import { IFederation } from '../core/federation-ref';
import { byName, q } from '../core/output';
import { IngressServiceType, Platform } from '../core/platform';
import { ingressSourceRanges } from '../federation/addressing';
import { failoverDestinationRule, failoverRegions } from '../federation/failover-rule';
import { FederatedMesh } from '../federation/federated-mesh';
import { FederationModel, ResolvedMesh } from '../federation/model/resolve';
import { DestinationRuleV1Beta1 } from '../imports/networking.istio.io';
import { CrossNetworkExposure, CrossNetworkExposureKind } from '../multi-network/cross-network-exposure';
import { registerMigrator } from '../multi-network/migration-report';
import { MultiNetworkCluster, MultiNetworkMesh } from '../multi-network/multi-network-mesh';
import { MultiNetworkFromFederationProps } from '../multi-network/props';

/**
 * Renders `federation` (a `FederatedMesh`) as a multi-network mesh `id` in `scope`: one cluster per
 * federation mesh, named after its `clusterName` (else the mesh name), on its `network` (else
 * `network-<mesh name>`), with its platform, locality and the federation ingress's source ranges;
 * the failover DestinationRules carry over as locality load balancing; with
 * `CrossNetworkExposure.exportedServices()` (the default) each cluster's cross-network Gateway
 * exposes only what its mesh exported. Reads the federation's resolved model, never its rendered objects.
 */
export function fromFederation(scope: Construct, id: string, federation: IFederation, props: MultiNetworkFromFederationProps): MultiNetworkMesh {
  if (!(federation instanceof FederatedMesh)) {
    throw new FederationError([`multi-network mesh ${q(id)}: fromFederation() takes a FederatedMesh, not ${q(federation.node.path)}. Fix: pass the FederatedMesh the meshes were added to`]);
  }
  const model = federation._model();
  const mesh = new MultiNetworkMesh(scope, id, {
    ...props,
    trustDomainAliases: props.trustDomainAliases ?? [...new Set(model.meshes.map(m => m.trustDomain))]
      .filter(t => t !== (props.trustDomain ?? 'cluster.local')).sort(byName),
  });
  const sourceMeshes = new Map<string, string>();
  const carriedOver: string[] = [];
  const clusterOf = new Map<string, MultiNetworkCluster>();
  const scoped = (props.crossNetworkExposure ?? CrossNetworkExposure.exportedServices()).kind === CrossNetworkExposureKind.EXPORTED_SERVICES;
  const given = new Set(Object.entries(props.clusterSettings ?? {}).filter(([, s]) => s.crossNetworkHosts !== undefined).map(([k]) => k));
  mesh._recordMigration({
    federationName: federation.node.id,
    sourceMeshes,
    carriedOver,
    entries: () => federationMigration(federation, scoped),
    exposure: () => exposureSection(federation._model(), [...clusterOf].map(([source, c]) => ({
      cluster: c.name, mesh: source, hosts: c.crossNetworkHosts, given: given.has(source),
    })), scoped),
    warnings: () => scoped ? exposureWarnings(federation._model(), given) : [],
  });
  const unknown = Object.keys(props.clusterSettings ?? {}).filter(k => !model.mesh(k)).sort(byName);
  if (unknown.length > 0) {
    throw new FederationError(unknown.map(k => `multi-network mesh ${q(id)}: clusterSettings names ${q(k)}, which is not a mesh of federation ${q(federation.node.id)} (meshes: ${model.meshes.map(m => q(m.name)).join(', ')}). Fix: key clusterSettings by mesh name`));
  }
  for (const m of model.meshes) {
    const name = m.options.clusterName ?? m.name;
    sourceMeshes.set(name, m.name);
    clusterOf.set(m.name, mesh.addCluster(name, {
      platform: eastWestPlatform(m),
      network: m.options.network ?? `network-${m.name}`,
      locality: m.options.locality,
      ingressSourceRanges: federationSourceRanges(model, m),
      ...props.clusterSettings?.[m.name] ?? {},
    }));
    // The hosts are read again at synth, so that exports declared later count.
    if (scoped) clusterOf.get(m.name)!._exposeExported(() => meshExposure(federation._model().mesh(m.name)!).hosts, m.name);
  }
  carriedOver.push(...carryOverFailovers(model, clusterOf));
  return mesh;
}

registerMigrator(fromFederation);

/**
 * Renders each failover DestinationRule of the federation into the cluster of its consumer
 * (locality load balancing works the same in multi-network Istio); returns one line per rule.
 */
function carryOverFailovers(model: FederationModel, clusterOf: Map<string, MultiNetworkCluster>): string[] {
  const lines: string[] = [];
  const regionOf = (mesh: string) => model.mesh(mesh)?.options.locality?.region;
  for (const failover of model.failovers) {
    const regions = failoverRegions(failover, regionOf);
    for (const consumer of failover.consumers) {
      const cluster = clusterOf.get(consumer);
      const region = regionOf(consumer);
      if (!cluster || region === undefined) continue;
      const order = [region, ...regions.filter(r => r !== region)];
      lines.push(`${cluster.name}: DestinationRule ${failover.namespace}/${failover.destinationRuleName} (failover ${order.join(' -> ')})`);
      new DestinationRuleV1Beta1(cluster, `Failover-${failover.id}`, failoverDestinationRule(failover, region, regions));
    }
  }
  return lines;
}

/**
 * A federation mesh's platform for its east-west gateway: on NodePort, node ports after the highest
 * one its federation gateways use, so that both can run side by side while clusters move over.
 */
function eastWestPlatform(mesh: ResolvedMesh): Platform {
  const platform = mesh.options.platform;
  const np = platform._nodePortOptions;
  if (platform.serviceType !== IngressServiceType.NODE_PORT || !np) return platform;
  const used = [...mesh.nodePorts.values()].flatMap(p => [p.servicePort, p.discoveryPort]);
  if (used.length === 0) return platform;
  return Platform.nodePort({ nodeAddresses: np.nodeAddresses, firstNodePort: Math.max(...used) + 1 });
}

/** The source ranges of a federation mesh's ingress gateways, merged: none when one of them is unrestricted. */
function federationSourceRanges(model: FederationModel, mesh: ResolvedMesh): string[] | undefined {
  const sets = mesh.peers.map(peer => ingressSourceRanges(mesh, model.mesh(peer)!));
  if (sets.length === 0 || sets.some(set => set === undefined)) return undefined;
  return [...new Set(sets.flatMap(set => set!))].sort(byName);
}
