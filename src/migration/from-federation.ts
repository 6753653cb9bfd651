// A federation description rendered as multi-network Istio (`MultiNetworkMesh.fromFederation`):
// one cluster per federation mesh, the failover DestinationRules carried over, and the migration
// record the multi-network mesh reports from. The only place that joins the two products; it
// registers itself with the multi-network layer when loaded (src/index.ts loads it).
import { ApiObject, Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { federationMigration } from './report';
import { FederationError } from '../core/errors';
import { IFederation } from '../core/federation-ref';
import { byName, q } from '../core/output';
import { IngressServiceType, Platform } from '../core/platform';
import { FailoverImport } from '../federation/failover-import';
import { FederatedMesh } from '../federation/federated-mesh';
import { Mesh } from '../federation/mesh';
import { MultiNetworkCluster } from '../multi-network/cluster';
import { registerMigrator } from '../multi-network/migration-report';
import { MultiNetworkFromFederationProps, MultiNetworkMesh } from '../multi-network/multi-network-mesh';

/**
 * Renders `federation` (a `FederatedMesh`) as a multi-network mesh `id` in `scope`: one cluster per
 * federation mesh, named after its `clusterName` (else the mesh name), on its `network` (else
 * `network-<mesh name>`), with its platform, locality and the federation ingress's source ranges;
 * the failover DestinationRules carry over as locality load balancing.
 */
export function fromFederation(scope: Construct, id: string, federation: IFederation, props: MultiNetworkFromFederationProps): MultiNetworkMesh {
  if (!(federation instanceof FederatedMesh)) {
    throw new FederationError([`multi-network mesh ${q(id)}: fromFederation() takes a FederatedMesh, not ${q(federation.node.path)}. Fix: pass the FederatedMesh the meshes were added to`]);
  }
  const mesh = new MultiNetworkMesh(scope, id, {
    ...props,
    trustDomainAliases: props.trustDomainAliases ?? [...new Set(federation.meshes.map(m => m.trustDomain))]
      .filter(t => t !== (props.trustDomain ?? 'cluster.local')).sort(byName),
  });
  const sourceMeshes = new Map<string, string>();
  const carriedOver: string[] = [];
  mesh._recordMigration({ federationName: federation.node.id, sourceMeshes, carriedOver, entries: () => federationMigration(federation) });
  const unknown = Object.keys(props.clusterSettings ?? {}).filter(k => !federation.findMesh(k)).sort(byName);
  if (unknown.length > 0) {
    throw new FederationError(unknown.map(k => `multi-network mesh ${q(id)}: clusterSettings names ${q(k)}, which is not a mesh of federation ${q(federation.node.id)} (meshes: ${federation.meshes.map(m => q(m.meshName)).join(', ')}). Fix: key clusterSettings by mesh name`));
  }
  const clusterOf = new Map<Mesh, MultiNetworkCluster>();
  for (const m of federation.meshes) {
    const settings = props.clusterSettings?.[m.meshName] ?? {};
    sourceMeshes.set(m.clusterName ?? m.meshName, m.meshName);
    clusterOf.set(m, mesh.addCluster(m.clusterName ?? m.meshName, {
      platform: eastWestPlatform(m),
      network: m.network ?? `network-${m.meshName}`,
      locality: m.locality,
      ingressSourceRanges: federationSourceRanges(m),
      ...settings,
    }));
  }
  carriedOver.push(...carryOverFailovers(federation, clusterOf));
  return mesh;
}

registerMigrator(fromFederation);

/**
 * Copies each failover DestinationRule of `federation` into the cluster of its mesh (locality load
 * balancing works the same in multi-network Istio); returns one line per rule copied.
 */
function carryOverFailovers(federation: FederatedMesh, clusterOf: Map<Mesh, MultiNetworkCluster>): string[] {
  const lines: string[] = [];
  for (const failover of federation.node.children.filter((c): c is FailoverImport => c instanceof FailoverImport)) {
    for (const rule of failover.destinationRules) {
      const cluster = clusterOf.get(Chart.of(rule) as Mesh);
      if (!cluster) continue;
      const json = rule.toJson();
      const regions = (json.spec?.trafficPolicy?.loadBalancer?.localityLbSetting?.failover ?? []).flatMap((f: any) => [f.from, f.to]);
      lines.push(`${cluster.name}: DestinationRule ${json.metadata.namespace}/${json.metadata.name} (failover ${[...new Set(regions)].join(' -> ')})`);
      new ApiObject(cluster, `Failover-${failover.node.id}`, {
        apiVersion: json.apiVersion, kind: json.kind, metadata: json.metadata, spec: json.spec,
      });
    }
  }
  return lines;
}

/**
 * A federation mesh's platform for its east-west gateway: on NodePort, node ports after the highest
 * one its federation gateways use, so that both can run side by side while clusters move over.
 */
function eastWestPlatform(mesh: Mesh): Platform {
  const np = mesh.platform._nodePortOptions;
  if (mesh.platform.serviceType !== IngressServiceType.NODE_PORT || !np) return mesh.platform;
  const used = [...mesh._nodePorts().values()].flatMap(p => [p.servicePort, p.discoveryPort]);
  if (used.length === 0) return mesh.platform;
  return Platform.nodePort({ nodeAddresses: np.nodeAddresses, firstNodePort: Math.max(...used) + 1 });
}

/** The source ranges of a federation mesh's ingress gateways, merged: none when one of them is unrestricted. */
function federationSourceRanges(mesh: Mesh): string[] | undefined {
  const ingress = mesh._controlPlaneSpec().spec.gateways?.additionalIngress ?? {};
  const sets: Array<string[] | undefined> = Object.values(ingress).map((g: any) => g?.service?.loadBalancerSourceRanges);
  if (sets.length === 0 || sets.some(s => !s || s.length === 0)) return undefined;
  return [...new Set(sets.flatMap(s => s!))].sort(byName);
}
