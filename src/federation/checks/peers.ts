// Problems of a mesh that need its peers: gateway names, addresses, DNS names, certificates and
// node ports.
import { hostnameProblem, dnsLabelProblem } from '../../core/names';
import { NODE_PORT_MAX } from '../../core/network';
import { byName, q } from '../../core/output';
import { AddressKind } from '../../core/platform';
import { remoteFor } from '../addressing';
import { gatewayForLabel, perPeerNames } from '../gateway-runtime';
import { FederationModel, ResolvedMesh } from '../model/resolve';
import { egressGatewayName, ingressGatewayName, ingressHostname, RESERVED_GATEWAYS, rootCertConfigMapName } from '../naming';

/** Problems of `mesh` with each of its peers, then of props that name peers, then of node ports. */
export function peerProblems(model: FederationModel, mesh: ResolvedMesh): string[] {
  return [
    ...mesh.peers.flatMap(peer => pairProblems(mesh, model.mesh(peer)!)),
    ...unknownPeerProblems(mesh),
    ...allocatedNodePortProblems(mesh),
    ...sameClusterProblems(mesh),
    ...forLabelProblems(mesh),
  ];
}

/** Pinned node ports for a peer in the same cluster, whose ingress gateway is a ClusterIP Service. */
function sameClusterProblems(mesh: ResolvedMesh): string[] {
  const pinned = mesh.options.platform._nodePortOptions?.nodePorts ?? {};
  return Object.keys(pinned).sort(byName).filter(peer => mesh.localPeers?.has(peer)).map(peer =>
    `mesh ${q(mesh.name)}: Platform.nodePort() nodePorts pins node ports for ${q(peer)}, but both meshes run in cluster ${q(mesh.options.clusterName)}, so the ingress gateway for it is a ClusterIP Service without node ports. Fix: remove the entry, or set clusterLocalPeering: false on ${q(mesh.name)} to expose the pair through node ports`);
}

/** Two gateways of one direction whose Services would carry the same `ingress-for` / `egress-for` label value. */
function forLabelProblems(mesh: ResolvedMesh): string[] {
  const problems: string[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const seen = new Map<string, string>();
    for (const peer of mesh.peers) {
      const value = gatewayForLabel(mesh, peer, direction);
      const other = seen.get(value);
      if (other !== undefined) {
        problems.push(`mesh ${q(mesh.name)}: the ${direction} gateways for peers ${q(other)} and ${q(peer)} would both carry the label federation.maistra.io/${direction}-for: ${q(value)}, so their Services would select each other's pods. Fix: give federationGateways.perPeer[${q(peer)}].forLabel another value, e.g. ${q(peer)}`);
      }
      seen.set(value, peer);
    }
  }
  return problems;
}

/** Problems of `mesh`'s side of its peering with `peer`. */
function pairProblems(mesh: ResolvedMesh, peer: ResolvedMesh): string[] {
  const problems: string[] = [];
  const m = `mesh ${q(mesh.name)}`;
  for (const [kind, name] of [['ingress', ingressGatewayName(mesh, peer.name)], ['egress', egressGatewayName(mesh, peer.name)]]) {
    const max = kind === 'egress' ? 63 - '-service-account'.length : 63;
    const p = dnsLabelProblem(name, max);
    if (p) {
      problems.push(`${m}: the ${kind} gateway name for peer ${q(peer.name)}, ${q(name)}, ${p}${kind === 'egress' ? ' (its service account is \'<name>-service-account\', at most 63 characters)' : ''}. Fix: shorten the peer's mesh name or choose a shorter gatewayNaming`);
    } else if (!/^[a-z]/.test(name)) {
      problems.push(`${m}: the ${kind} gateway name for peer ${q(peer.name)}, ${q(name)}, starts with a digit, but it names the gateway's Service, and a Service name must be a DNS-1035 label (starting with a letter). Fix: choose a gatewayNaming that puts text before the peer's name, e.g. GatewayNaming.docs() ('${kind}-{peer}'), or give the peer a name starting with a letter`);
    }
    if (RESERVED_GATEWAYS.includes(name)) {
      problems.push(`${m}: the ${kind} gateway name for peer ${q(peer.name)} is ${q(name)}, which the control plane reserves. Fix: choose another gatewayNaming`);
    }
  }
  if (!remoteFor(peer, mesh.name).addresses) {
    const hint = peer.options.platform.addressKind === AddressKind.HOSTNAME ? 'hostname' : 'IP';
    problems.push(`mesh ${q(peer.name)}: no address is known for its ingress gateway ${q(ingressGatewayName(peer, mesh.name))} serving ${q(mesh.name)}, so the ServiceMeshPeer ${q(peer.name)} in ${q(mesh.namespace)} would have no spec.remote.addresses. Fix: set dnsDomain on ${q(peer.name)} (a stable DNS name), or ingressAddresses: { '${mesh.name}': ['<load balancer ${hint}>'] } once the load balancer exists`);
  }
  if (mesh.options.dnsDomain !== undefined) {
    const p = hostnameProblem(ingressHostname(mesh, peer.name));
    if (p) problems.push(`${m}: the DNS name ${q(ingressHostname(mesh, peer.name))} derived from dnsDomain ${p}. Fix: use a shorter dnsDomain or shorter names`);
  }
  if (peer.options.rootCertificate === undefined) {
    problems.push(`mesh ${q(peer.name)}: rootCertificate is not set, but ${q(mesh.name)} peers with it and needs it in the ConfigMap ${q(rootCertConfigMapName(peer.name))}. Fix: pass the PEM of its istio-ca-root-cert (\`oc get configmap istio-ca-root-cert -n ${peer.namespace} -o jsonpath='{.data.root-cert\\.pem}'\`)`);
  }
  return problems;
}

/** `ingressAddresses`, `federationGateways.perPeer` and pinned `nodePorts` entries that name meshes which are not peers. */
function unknownPeerProblems(mesh: ResolvedMesh): string[] {
  const problems: string[] = [];
  const m = `mesh ${q(mesh.name)}`;
  const peers = new Set(mesh.peers);
  const hint = mesh.peers.length > 0 ? ` (peers: ${mesh.peers.map(p => q(p)).join(', ')})` : ' (it has no peers)';
  for (const peer of Object.keys(mesh.options.ingressAddresses ?? {}).sort(byName)) {
    if (!peers.has(peer)) {
      problems.push(`${m}: ingressAddresses names ${q(peer)}, which is not a peer of this mesh${hint}. Fix: use a peer's mesh name, or remove the entry`);
    }
  }
  for (const peer of perPeerNames(mesh.options.federationGateways).sort(byName)) {
    if (!peers.has(peer)) {
      problems.push(`${m}: federationGateways.perPeer names ${q(peer)}, which is not a peer of this mesh${hint}. Fix: use a peer's mesh name, or remove the entry`);
    }
  }
  for (const peer of Object.keys(mesh.options.platform._nodePortOptions?.nodePorts ?? {}).sort(byName)) {
    if (!peers.has(peer)) {
      problems.push(`${m}: Platform.nodePort() nodePorts names ${q(peer)}, which is not a peer of this mesh${hint}. Fix: use a peer's mesh name, or remove the entry`);
    }
  }
  return problems;
}

/** Node ports the automatic allocation pushed out of range, or that two gateways share. */
function allocatedNodePortProblems(mesh: ResolvedMesh): string[] {
  const problems: string[] = [];
  const m = `mesh ${q(mesh.name)}`;
  const used = new Map<number, string>();
  for (const [peer, pair] of mesh.nodePorts) {
    for (const port of [pair.servicePort, pair.discoveryPort]) {
      if (port > NODE_PORT_MAX) {
        problems.push(`${m}: the node port allocated for peer ${q(peer)} would be ${port}, beyond ${NODE_PORT_MAX}. Fix: lower Platform.nodePort() firstNodePort, or pin nodePorts`);
      } else if (used.has(port) && used.get(port) !== peer) {
        problems.push(`${m}: node port ${port} is used by the gateways for both ${q(used.get(port))} and ${q(peer)}. Fix: give every gateway port its own node port`);
      }
      used.set(port, peer);
    }
  }
  return problems;
}
