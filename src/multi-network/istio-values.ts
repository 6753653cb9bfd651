// The istiod values of a multi-network cluster (the `Istio` resource's `spec.values`, and the
// istiod Helm values) and the `global.meshNetworks` they carry. Pure functions of plain data; not
// exported from the package.
import { ClusterFacts, ClusterRole } from './cluster-facts';
import { mergeInto } from '../core/merge';
import { byName, q } from '../core/output';

/** What `meshNetworks()` needs of a cluster. */
export type NetworkMember = Pick<ClusterFacts, 'clusterName' | 'network' | 'eastWestGatewayAddresses' | 'eastWestTlsPort'>;

/**
 * `global.meshNetworks` for the networks whose gateway addresses are known (IPs given, or NodePort
 * node IPs, which istiod cannot discover), by network name; each lists its clusters (in the order
 * given) and their gateways.
 */
export function meshNetworks(clusters: readonly NetworkMember[]): Record<string, any> {
  const result: Record<string, any> = {};
  for (const network of [...new Set(clusters.map(c => c.network))].sort(byName)) {
    const members = clusters.filter(c => c.network === network);
    const gateways = members.flatMap(c => (c.eastWestGatewayAddresses ?? []).map(address => ({ address, port: c.eastWestTlsPort })));
    if (gateways.length === 0) continue;
    result[network] = { endpoints: members.map(c => ({ fromRegistry: c.clusterName })), gateways };
  }
  return result;
}

/** What the istiod values of one cluster follow from. */
export interface IstiodValuesInput {
  /** The cluster's name as given to `addCluster()`, for messages. */
  readonly cluster: string;
  /** The mesh ID. */
  readonly meshId: string;
  /** Istio's name of the cluster. */
  readonly clusterName: string;
  /** The cluster's network. */
  readonly network: string;
  /** What the cluster runs of the control plane. */
  readonly role: ClusterRole;
  /** On a remote, the address of the primary's east-west gateway, when known. */
  readonly remotePilotAddress?: string;
  /** The mesh's `global.meshNetworks` (ignored on a remote). */
  readonly meshNetworks: Record<string, any>;
  /** `meshConfig.trustDomain` (ignored on a remote). */
  readonly trustDomain?: string;
  /** `meshConfig.trustDomainAliases` (ignored on a remote). */
  readonly trustDomainAliases: readonly string[];
  /** The values the user already sets, merged with the multi-network ones. */
  readonly istioValues?: Record<string, any>;
  /**
   * Where certificate requests go when an external CA signs (istio-csr's address): istiod's own CA
   * server is then turned off (ignored on a remote, which runs no istiod).
   */
  readonly caAddress?: string;
}

/**
 * The istiod values of a cluster, merged into the user's `istioValues`, and one problem per
 * setting the user's values give another value.
 */
export function istiodValues(input: IstiodValuesInput): { values: Record<string, any>; problems: string[] } {
  const problems: string[] = [];
  const merged = mergeInto(input.istioValues ?? {}, multiNetworkValues(input), (path, base, value) => {
    problems.push(`cluster ${q(input.cluster)}: istioValues sets ${path.replace(/^spec\./, '')} to ${q(base)} but the multi-network mesh needs ${q(value)}. Fix: remove it from istioValues${path.endsWith('.meshID') ? ' (every cluster of one mesh carries the same meshID)' : ''}, or change the mesh or cluster prop it comes from`);
  });
  return { values: merged, problems };
}

/** The values multi-network Istio needs, before the merge (keys in the order they are written). */
function multiNetworkValues(input: IstiodValuesInput): Record<string, any> {
  const global: Record<string, any> = {
    meshID: input.meshId,
    multiCluster: { clusterName: input.clusterName },
    network: input.network,
  };
  const values: Record<string, any> = { global };
  if (input.role === 'remote') {
    if (input.remotePilotAddress) global.remotePilotAddress = input.remotePilotAddress;
    values.istiodRemote = { injectionPath: `/inject/cluster/${input.clusterName}/net/${input.network}` };
    return values;
  }
  if (input.role === 'primary-of-remotes') global.externalIstiod = true;
  if (Object.keys(input.meshNetworks).length > 0) global.meshNetworks = input.meshNetworks;
  const meshConfig: Record<string, any> = {};
  if (input.trustDomain) meshConfig.trustDomain = input.trustDomain;
  if (input.trustDomainAliases.length > 0) meshConfig.trustDomainAliases = [...input.trustDomainAliases];
  if (Object.keys(meshConfig).length > 0) values.meshConfig = meshConfig;
  if (input.caAddress) {
    // OpenShift Service Mesh 3 with istio-csr: workloads and istiod ask istio-csr for certificates.
    global.caAddress = input.caAddress;
    values.pilot = { env: { ENABLE_CA_SERVER: 'false' } };
  }
  return values;
}
