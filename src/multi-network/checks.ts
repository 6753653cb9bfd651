// The checks of a multi-network mesh and its clusters, as pure functions returning one message per
// problem (or warning), in a stable order. Not exported from the package.
import { isIP } from 'node:net';
import { ClusterFacts } from './cluster-facts';
import { crossNetworkHostsProblems } from './cross-network-hosts';
import { EastWestGatewayOptions } from './east-west-gateway';
import { eastWestGatewayProblems } from './gateway-checks';
import { DEFAULT_EAST_WEST_NODE_PORT, EAST_WEST_ISTIOD_PORT } from './ports';
import type { MultiNetworkMeshProps } from './props';
import { stringsOrUndefined } from './shapes';
import { MultiNetworkTopology, MultiNetworkTopologyKind } from './topology';
import { DEFAULT_ISTIO_VERSION, SAIL_ISTIO_VERSIONS } from './versions';
import { reservedIdProblem } from '../core/guards';
import { JSON_VALUE_FIX, jsonValueProblem } from '../core/json';
import { localityProblems } from '../core/locality';
import { isPlainObject } from '../core/merge';
import type { Locality } from '../core/mesh-options';
import { dnsLabelProblem, isName, isTrustDomain } from '../core/names';
import { isNodePort, NODE_PORT_MAX, NODE_PORT_MIN, sourceRangeProblems } from '../core/network';
import { byName, describeValue, q } from '../core/output';
import { AddressKind, IngressServiceType, Platform } from '../core/platform';

/** The mesh-wide settings `meshPropProblems()` checks. */
export interface MeshSettings {
  readonly meshId: string;
  readonly istioVersion: string;
  readonly controlPlaneNamespace: string;
  readonly trustDomain?: string;
  readonly trustDomainAliases: readonly string[];
}

/** A mesh's settings, with their defaults. */
export function meshSettings(props: MultiNetworkMeshProps): MeshSettings {
  return {
    meshId: props.meshId,
    istioVersion: props.istioVersion ?? DEFAULT_ISTIO_VERSION,
    controlPlaneNamespace: props.controlPlaneNamespace ?? 'istio-system',
    trustDomain: props.trustDomain,
    trustDomainAliases: props.trustDomainAliases ?? [],
  };
}

/** The props of one cluster `clusterPropProblems()` checks (a `MultiNetworkClusterOptions`). */
export interface ClusterProps {
  readonly platform: Platform;
  readonly clusterName?: string;
  readonly network?: string;
  readonly namespace?: string;
  readonly kubeContext?: string;
  readonly locality?: Locality;
  readonly ingressSourceRanges?: string[];
  readonly egressSourceRanges?: string[];
  readonly eastWestGatewayAddresses?: string[];
  readonly istioValues?: { [key: string]: any };
  readonly eastWestGateway?: EastWestGatewayOptions;
  readonly crossNetworkHosts?: string[];
}

/** A cluster as `meshProblems()` sees it: its facts and the conflicts of its istiod values. */
export interface CheckedCluster extends ClusterFacts {
  /** The conflicts between the cluster's `istioValues` and the values the mesh needs. */
  readonly valueProblems: readonly string[];
}

/** Problems of the mesh's own props (`id` is the construct id). */
export function meshPropProblems(id: string, mesh: MeshSettings): string[] {
  const problems: string[] = [];
  const m = `multi-network mesh ${q(id)}`;
  // A value of the wrong type is left to the shape checks (shapes.ts), which name its type.
  if (typeof mesh.meshId === 'string' && !isName(mesh.meshId)) {
    problems.push(`${m}: meshId ${q(mesh.meshId)} is not a valid mesh ID (letters, digits, '.', '-' and '_'). Fix: use an ID like 'mesh1'`);
  }
  if (typeof mesh.istioVersion === 'string' && !SAIL_ISTIO_VERSIONS.includes(mesh.istioVersion)) problems.push(istioVersionProblem(m, mesh.istioVersion));
  const nsProblem = typeof mesh.controlPlaneNamespace === 'string' ? dnsLabelProblem(mesh.controlPlaneNamespace) : undefined;
  if (nsProblem) problems.push(`${m}: controlPlaneNamespace ${q(mesh.controlPlaneNamespace)} ${nsProblem}. Fix: use 'istio-system'`);
  const domains = [['trustDomain', [mesh.trustDomain]], ['trustDomainAliases', Array.isArray(mesh.trustDomainAliases) ? mesh.trustDomainAliases : []]] as const;
  for (const [prop, values] of domains) {
    for (const value of values) {
      if (typeof value === 'string' && !isTrustDomain(value)) {
        problems.push(`${m}: ${prop} has ${q(value)}, which is not a valid trust domain (lower case letters, digits, '.', '-' and '_'). Fix: use a name like 'cluster.local'`);
      }
    }
  }
  return problems;
}

/** Why `version` is not a Sail `Istio` version, with the versions of its minor when there are some. */
function istioVersionProblem(m: string, version: string): string {
  const minor = /^v?(\d+\.\d+)/.exec(version)?.[1];
  const near = SAIL_ISTIO_VERSIONS.filter(v => minor !== undefined && v.startsWith(`v${minor}`));
  const known = near.length > 0
    ? ` (for ${minor}: ${near.map(v => q(v)).join(', ')})`
    : ` (from ${q(SAIL_ISTIO_VERSIONS[SAIL_ISTIO_VERSIONS.length - 3])} to ${q(SAIL_ISTIO_VERSIONS[0])})`;
  return `${m}: istioVersion ${q(version)} is not a version the Sail operator's Istio CRD accepts${known}. Fix: use one of MultiNetworkMesh.SAIL_ISTIO_VERSIONS, e.g. '${DEFAULT_ISTIO_VERSION}'`;
}

/**
 * The first reason `addCluster(name)` cannot add a cluster: a name that is not a DNS label, that
 * another cluster of the mesh has, or that another construct at the root of the app has.
 */
export function addClusterProblems(name: string, taken: { readonly inMesh: boolean; readonly atRoot: boolean }): string[] {
  const p = dnsLabelProblem(name);
  if (p) return [`cluster ${q(name)}: name ${q(name)} ${p}. Fix: use a name like 'cluster1'`];
  const reserved = reservedIdProblem(name);
  if (reserved) return [`cluster ${q(name)}: name ${q(name)} ${reserved}. Fix: use a name like 'cluster1'`];
  if (taken.inMesh) return [`cluster ${q(name)}: name is already used by another cluster of this mesh. Fix: give every cluster a unique name`];
  if (taken.atRoot) {
    return [`cluster ${q(name)}: name is already used by another chart or construct at the root of the app (clusters are charts named after the cluster). Fix: rename the cluster or the other chart`];
  }
  return [];
}

/**
 * The problem of cluster `name`, rendered by `fromFederation()` from federation mesh `mesh`, whose
 * exports changed since between none and some: the cross-network Gateway was left out (or kept)
 * by what the mesh exported then, and `hosts` is what it exports now.
 */
export function exposureChangeProblems(name: string, mesh: string, hasGateway: boolean, hosts: readonly string[]): string[] {
  if ((hosts.length > 0) === hasGateway) return [];
  const had = hasGateway ? 'a cross-network Gateway' : 'no cross-network Gateway';
  const now = hosts.length > 0 ? hosts.map(h => q(h)).join(', ') : 'nothing';
  return [`cluster ${q(name)}: fromFederation() gave it ${had} from what mesh ${q(mesh)} exported then, but the mesh now exports ${now}. Fix: declare every export of the federation before calling MultiNetworkMesh.fromFederation(), or set clusterSettings[${q(mesh)}].crossNetworkHosts`];
}

/** The problem of `helmValues(name)` naming no cluster of mesh `id`. */
export function unknownClusterProblem(id: string, name: string, clusterNames: readonly string[]): string {
  return `multi-network mesh ${q(id)}: helmValues(${q(name)}) names no cluster (clusters: ${clusterNames.map(c => q(c)).join(', ') || 'none'}). Fix: pass a name given to addCluster()`;
}

/**
 * Problems of one cluster's own props, in the order of the props. A prop of the wrong type is left
 * to the shape checks (shapes.ts), which name its type; the rest are checked here.
 */
export function clusterPropProblems(name: string, o: ClusterProps, controlPlaneNamespace: string): string[] {
  const c = `cluster ${q(name)}`;
  const ranges = { ingressSourceRanges: stringsOrUndefined(o.ingressSourceRanges), egressSourceRanges: stringsOrUndefined(o.egressSourceRanges) };
  const platform = o.platform instanceof Platform ? o.platform : undefined;
  return [
    ...nameProblems(c, name, o),
    ...(typeof o.namespace === 'string' && o.namespace !== controlPlaneNamespace
      ? [`${c}: namespace ${q(o.namespace)} differs from the mesh's controlPlaneNamespace ${q(controlPlaneNamespace)}; a multi-network mesh runs its control plane in one namespace on every cluster. Fix: remove namespace, or set controlPlaneNamespace on the mesh`]
      : []),
    ...(typeof o.kubeContext === 'string' && (o.kubeContext.length === 0 || /\s/.test(o.kubeContext))
      ? [`${c}: kubeContext ${q(o.kubeContext)} is not a kubeconfig context name. Fix: use a name from \`kubectl config get-contexts\``]
      : []),
    ...(isTextLocality(o.locality) ? localityProblems(`${c}: locality`, o.locality) : []),
    ...sourceRangeProblems(c, ranges),
    ...nodePortRangeProblems(c, platform, ranges.ingressSourceRanges),
    ...gatewayAddressProblems(c, stringsOrUndefined(o.eastWestGatewayAddresses)),
    ...(platform ? nodePortProblems(c, platform) : []),
    ...istioValuesProblems(c, o.istioValues),
    ...(isPlainObject(o.eastWestGateway) ? eastWestGatewayProblems(c, o.eastWestGateway, 'eastWestGateway.') : []),
    ...crossNetworkHostsProblems(c, 'crossNetworkHosts', stringsOrUndefined(o.crossNetworkHosts)),
  ];
}

/** Whether `locality` is an object whose fields are text (or not set). */
function isTextLocality(locality: unknown): locality is Locality {
  return isPlainObject(locality) && (['region', 'zone', 'subzone'] as const).every(f => locality[f] === undefined || typeof locality[f] === 'string');
}

/**
 * A NodePort Service has no `loadBalancerSourceRanges`: a cluster's own `ingressSourceRanges`
 * would be dropped, leaving its east-west gateway open to every source that reaches the nodes.
 */
function nodePortRangeProblems(c: string, platform: Platform | undefined, ranges: string[] | undefined): string[] {
  if (platform?.serviceType !== IngressServiceType.NODE_PORT || !ranges || ranges.length === 0) return [];
  return [`${c}: ingressSourceRanges ${describeValue(ranges)} cannot be applied on Platform.nodePort(): a NodePort Service has no loadBalancerSourceRanges, so the east-west gateway would stay open to every source that reaches the nodes. Fix: remove ingressSourceRanges and restrict the node ports with the nodes' firewall, or run the cluster on a load balancer platform`];
}

/** Problems of `istioValues`: an object that can be written as it is (no cycles, no `__proto__` keys). */
function istioValuesProblems(c: string, values: unknown): string[] {
  if (values === undefined) return [];
  if (!isPlainObject(values)) {
    return [`${c}: istioValues must be an object (the 'values' of the Istio resource), not ${describeValue(values)}. Fix: pass the values object itself`];
  }
  const problem = jsonValueProblem(values, 'istioValues');
  return problem ? [`${c}: ${problem}. Fix: ${JSON_VALUE_FIX}`] : [];
}

/**
 * Problems of `clusterName` and `network`; the network (given, or `network-<name>`) is also the
 * value of the `topology.istio.io/network` label, so at most 63 characters.
 */
function nameProblems(c: string, name: string, o: ClusterProps): string[] {
  const problems: string[] = [];
  for (const [prop, value] of [['clusterName', o.clusterName], ['network', o.network]] as const) {
    if (typeof value === 'string' && !isName(value)) {
      problems.push(`${c}: ${prop} ${q(value)} is not a valid name (letters, digits, '.', '-' and '_', starting and ending with a letter or digit). Fix: use a name like '${prop === 'network' ? 'network1' : 'cluster1'}'`);
    }
  }
  const network = o.network ?? `network-${name}`;
  if (typeof network === 'string' && isName(network) && network.length > MAX_LABEL_VALUE) {
    const given = o.network !== undefined;
    problems.push(`${c}: network ${q(network)}${given ? '' : ' (the default, network-<cluster name>)'} is ${network.length} characters long, but it is the value of the topology.istio.io/network label, which takes at most ${MAX_LABEL_VALUE}. Fix: ${given ? 'use' : 'set network to'} a network name of at most ${MAX_LABEL_VALUE} characters, e.g. 'network1'`);
  }
  return problems;
}

/** The longest Kubernetes label value. */
const MAX_LABEL_VALUE = 63;

/** Problems of `eastWestGatewayAddresses`: empty, or not IPs. */
function gatewayAddressProblems(c: string, addresses: string[] | undefined): string[] {
  const problems: string[] = [];
  if (addresses !== undefined && addresses.length === 0) {
    problems.push(`${c}: eastWestGatewayAddresses is empty. Fix: list the east-west gateway's IPs, or remove the prop`);
  }
  for (const address of addresses ?? []) {
    if (isIP(String(address)) === 0) {
      problems.push(`${c}: eastWestGatewayAddresses has ${q(address)}, which is not an IP address; Istio's meshNetworks takes gateway IPs only (istiod rejects a hostname as "not a valid IP"). Fix: list the load balancer's IPs (on AWS, an NLB's static IPs, e.g. Elastic IPs set with 'service.beta.kubernetes.io/aws-load-balancer-eip-allocations'), or remove the prop to let istiod discover the gateway`);
    }
  }
  return problems;
}

/** Problems of a `Platform.nodePort()` platform: node IPs to reach, room for three node ports. */
function nodePortProblems(c: string, platform: Platform): string[] {
  const np = platform._nodePortOptions;
  if (platform.serviceType !== IngressServiceType.NODE_PORT || !np) return [];
  const problems: string[] = [];
  if (!np.nodeAddresses || np.nodeAddresses.length === 0) {
    problems.push(`${c}: platform Platform.nodePort() has no nodeAddresses, so the other networks have nothing to reach the east-west gateway on. Fix: list the IPs of nodes the other clusters can reach`);
  }
  for (const address of np.nodeAddresses ?? []) {
    if (isIP(String(address)) === 0) {
      problems.push(`${c}: Platform.nodePort() nodeAddresses has ${q(address)}, which is not an IP address; istiod cannot discover a NodePort gateway, so its address goes into meshNetworks, which takes IPs only. Fix: list node IPs like '192.0.2.10'`);
    }
  }
  const first = np.firstNodePort ?? DEFAULT_EAST_WEST_NODE_PORT;
  if (!isNodePort(first) || !isNodePort(first + 2)) {
    problems.push(`${c}: Platform.nodePort() firstNodePort ${first} leaves no room for the east-west gateway's three node ports (tls, tls-istiod, tls-webhook) within ${NODE_PORT_MIN}-${NODE_PORT_MAX}. Fix: use a port from ${NODE_PORT_MIN} to ${NODE_PORT_MAX - 2}, e.g. ${DEFAULT_EAST_WEST_NODE_PORT}`);
  }
  return problems;
}

/**
 * Problems that need more than one cluster, in a stable order: the topology's primary, then per
 * cluster a clusterName another cluster has and the conflicts of its istiod values.
 */
export function meshProblems(id: string, topology: MultiNetworkTopology, clusters: readonly CheckedCluster[]): string[] {
  const problems = topologyProblems(id, topology, clusters);
  const byClusterName = new Map<string, CheckedCluster>();
  for (const cluster of clusters) {
    const other = byClusterName.get(cluster.clusterName);
    if (other) {
      problems.push(`cluster ${q(cluster.name)}: clusterName ${q(cluster.clusterName)} is also the clusterName of ${q(other.name)}; Istio tells clusters apart by it (remote secrets, endpoints, injection paths). Fix: give every cluster a unique clusterName`);
    } else {
      byClusterName.set(cluster.clusterName, cluster);
    }
    problems.push(...cluster.valueProblems);
  }
  return problems;
}

/** Problems of a primary-remote topology: its primary must be a cluster, on a load balancer. */
function topologyProblems(id: string, topology: MultiNetworkTopology, clusters: readonly ClusterFacts[]): string[] {
  if (topology.kind !== MultiNetworkTopologyKind.PRIMARY_REMOTE) return [];
  const primary = topology.primary === undefined ? undefined : clusters.find(c => c.name === topology.primary);
  if (!primary) {
    return [`multi-network mesh ${q(id)}: MultiNetworkTopology.primaryRemote(${q(topology.primary)}) names a primary that is not a cluster of this mesh (clusters: ${clusters.map(c => q(c.name)).join(', ') || 'none'}). Fix: pass the name of one of the clusters`];
  }
  if (primary.platform.serviceType === IngressServiceType.NODE_PORT) {
    return [`cluster ${q(primary.name)}: is the primary of a primary-remote mesh on Platform.nodePort(), but the remotes reach istiod at port ${EAST_WEST_ISTIOD_PORT} of global.remotePilotAddress, and a NodePort gateway listens on node port ${primary.eastWestTlsPort + 1}. Fix: run the primary on a load balancer platform, or use MultiNetworkTopology.multiPrimary()`];
  }
  return [];
}

/**
 * Warnings about the clusters, in a stable order: per cluster a hostname-only load balancer without
 * known IPs, then per network (by name) the clusters that share it.
 */
export function meshWarnings(clusters: readonly ClusterFacts[]): string[] {
  const warnings: string[] = [];
  const byNetwork = new Map<string, ClusterFacts[]>();
  for (const cluster of clusters) {
    byNetwork.set(cluster.network, [...byNetwork.get(cluster.network) ?? [], cluster]);
    if (cluster.platform.addressKind === AddressKind.HOSTNAME && !cluster.eastWestGatewayAddresses) {
      warnings.push(`cluster ${q(cluster.name)}: the east-west gateway's load balancer on ${cluster.platform.name} reports a hostname only; istiod resolves it to IPs itself (Istio 1.13 and later), and sends cross-network traffic nowhere while the name does not resolve or after its IPs change. Consider static IPs (an NLB with Elastic IPs, 'service.beta.kubernetes.io/aws-load-balancer-eip-allocations') listed in eastWestGatewayAddresses`);
    }
  }
  for (const [network, members] of [...byNetwork.entries()].sort((a, b) => byName(a[0], b[0]))) {
    if (members.length > 1) {
      warnings.push(`clusters ${members.map(c => q(c.name)).join(', ')} share network ${q(network)}: Istio sends traffic between them pod to pod, not through their east-west gateways. Consider giving each cluster its own network unless their pod IPs reach each other`);
    }
  }
  return warnings;
}
