// How peers reach a mesh's federation ingress gateways: node ports, addresses and where the
// addresses come from.
import { IngressServiceType, NodePortPair } from '../core/platform';
import { DeclaredMesh } from './model/declarations';
import { ingressGatewayName, ingressHostname } from './naming';
import { DISCOVERY_PORT, RemoteEndpoint, SERVICE_PORT } from './ports';

/** The first node port of the automatic allocation, unless `Platform.nodePort({ firstNodePort })` says otherwise. */
export const DEFAULT_FIRST_NODE_PORT = 30443;

/** A mesh with the node ports of its federation ingress gateways, by peer. */
export interface AddressedMesh extends DeclaredMesh {
  /** Empty unless the mesh is on the NodePort platform. */
  readonly nodePorts: ReadonlyMap<string, NodePortPair>;
  /** The peers in the same cluster, reached (and reaching it) through cluster-local names. */
  readonly localPeers?: ReadonlySet<string>;
}

/**
 * Whether two meshes peer inside one cluster: both declare the same `clusterName` and neither turns
 * `clusterLocalPeering` off.
 */
export function sameClusterPair(a: DeclaredMesh, b: DeclaredMesh): boolean {
  return a.options.clusterName !== undefined && a.options.clusterName === b.options.clusterName
    && a.options.clusterLocalPeering !== false && b.options.clusterLocalPeering !== false;
}

/** The cluster-local DNS name of `mesh`'s ingress gateway Service serving `peer`. */
export function clusterLocalHostname(mesh: DeclaredMesh, peer: string): string {
  return `${ingressGatewayName(mesh, peer)}.${mesh.namespace}.svc.cluster.local`;
}

/**
 * Where the address a peer uses for a mesh's ingress gateway comes from: `explicit`
 * (ingressAddresses), `cluster-local` (a peer in the same cluster), `node-port`, `dns` (published by external-dns), `dns-manual` (a name from
 * dnsDomain that someone must point at the load balancer) or `none`.
 */
export type AddressSourceKind = 'explicit' | 'cluster-local' | 'node-port' | 'dns' | 'dns-manual' | 'none';

/**
 * Node ports of each of `mesh`'s federation ingress gateways, by peer (empty unless NodePort):
 * pinned pairs first; the others get two consecutive free ports each, in peer name order.
 */
export function allocateNodePorts(mesh: DeclaredMesh, peers: readonly string[]): Map<string, NodePortPair> {
  const result = new Map<string, NodePortPair>();
  const options = mesh.options.platform._nodePortOptions;
  if (mesh.options.platform.serviceType !== IngressServiceType.NODE_PORT || !options) return result;
  const pinned = options.nodePorts ?? {};
  const used = new Set<number>();
  for (const pair of Object.values(pinned)) {
    used.add(pair.servicePort);
    used.add(pair.discoveryPort);
  }
  let next = options.firstNodePort ?? DEFAULT_FIRST_NODE_PORT;
  const take = () => {
    while (used.has(next)) next++;
    used.add(next);
    return next++;
  };
  for (const peer of peers) {
    result.set(peer, pinned[peer] ?? { servicePort: take(), discoveryPort: take() });
  }
  return result;
}

/**
 * How `peer` reaches `mesh`'s ingress gateway for it: addresses (undefined when none can be
 * derived) and ports.
 */
export function remoteFor(mesh: AddressedMesh, peer: string): RemoteEndpoint {
  const explicit = mesh.options.ingressAddresses?.[peer];
  const nodePorts = mesh.nodePorts.get(peer);
  const servicePort = nodePorts?.servicePort ?? SERVICE_PORT;
  const discoveryPort = nodePorts?.discoveryPort ?? DISCOVERY_PORT;
  if (explicit && explicit.length > 0) {
    return { addresses: [...explicit], servicePort, discoveryPort };
  }
  if (mesh.localPeers?.has(peer)) {
    return { addresses: [clusterLocalHostname(mesh, peer)], servicePort, discoveryPort };
  }
  const platform = mesh.options.platform;
  if (platform.serviceType === IngressServiceType.NODE_PORT) {
    return { addresses: [...platform._nodePortOptions!.nodeAddresses], servicePort, discoveryPort };
  }
  if (mesh.options.dnsDomain) {
    return { addresses: [ingressHostname(mesh, peer)], servicePort, discoveryPort };
  }
  return { servicePort, discoveryPort };
}

/** Where the address `peer` uses for `mesh`'s ingress gateway comes from, and the DNS name, if any. */
export function addressSource(mesh: DeclaredMesh & Pick<AddressedMesh, 'localPeers'>, peer: string): { source: AddressSourceKind; hostname?: string } {
  if ((mesh.options.ingressAddresses?.[peer] ?? []).length > 0) return { source: 'explicit' };
  if (mesh.localPeers?.has(peer)) return { source: 'cluster-local', hostname: clusterLocalHostname(mesh, peer) };
  if (mesh.options.platform.serviceType === IngressServiceType.NODE_PORT) return { source: 'node-port' };
  if (mesh.options.dnsDomain) {
    return { source: mesh.options.externalDns ? 'dns' : 'dns-manual', hostname: ingressHostname(mesh, peer) };
  }
  return { source: 'none' };
}

/**
 * Who may reach `mesh`'s ingress gateway for `peer` (`loadBalancerSourceRanges`): the peer's
 * `egressSourceRanges`, else the mesh's `ingressSourceRanges`; undefined when unrestricted or not
 * a load balancer (or a ClusterIP Service for a peer in the same cluster).
 */
export function ingressSourceRanges(mesh: DeclaredMesh & Pick<AddressedMesh, 'localPeers'>, peer: DeclaredMesh): string[] | undefined {
  const ranges = peer.options.egressSourceRanges ?? mesh.options.ingressSourceRanges;
  if (!ranges || ranges.length === 0 || mesh.options.platform.serviceType !== IngressServiceType.LOAD_BALANCER) return undefined;
  if (mesh.localPeers?.has(peer.name)) return undefined;
  return [...ranges];
}
