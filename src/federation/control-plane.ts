// The ServiceMeshControlPlane spec of a mesh: the user's `controlPlaneSpec` with the federation
// settings and the settings of constructs in the mesh's chart (Serverless) merged in, and the
// conflicts found while merging.
import { ingressSourceRanges } from './addressing';
import { GatewayDirection, gatewayForLabel, gatewayRuntime, renderRuntime } from './gateway-runtime';
import { ControlPlaneContribution } from '../core/control-plane-contribution';
import { isPlainObject, mergeInto } from '../core/merge';
import { q } from '../core/output';
import { FederationModel, ResolvedMesh } from './model/resolve';
import { egressGatewayName, ingressGatewayName, ingressHostname } from './naming';
import { DISCOVERY_PORT, SERVICE_PORT } from './ports';

/** A control plane spec and the conflicts found while building it. */
export interface ControlPlaneSpec {
  readonly spec: Record<string, any>;
  readonly problems: string[];
}

/** `mesh`'s control plane spec, with `contributions` merged in after the federation settings. */
export function controlPlaneSpec(model: FederationModel, mesh: ResolvedMesh, contributions: readonly ControlPlaneContribution[]): ControlPlaneSpec {
  const problems: string[] = [];
  const base = mesh.options.controlPlaneSpec ?? {};
  const spec = mergeInto(base, federationSettings(model, mesh, problems), (path, baseValue, value) => {
    problems.push(`mesh '${mesh.name}': controlPlaneSpec sets ${path} to ${q(baseValue)} but the mesh needs ${q(value)}. Fix: remove ${path} from controlPlaneSpec, or set the matching mesh prop (trustDomain, version, clusterName, network) to ${q(baseValue)}`);
  });
  const merged = contributions.reduce((acc, { owner, settings }) => mergeInto(acc, settings, (path, baseValue, value) => {
    problems.push(`mesh '${mesh.name}': ${owner} needs ${path} to be ${q(value)}, but the control plane spec sets ${q(baseValue)}. Fix: remove ${path} from controlPlaneSpec, or set it to ${q(value)}`);
  }), spec);
  return { spec: merged, problems };
}

/** What the federation needs in the spec: version, cluster, a gateway pair per peer, trust domain. */
function federationSettings(model: FederationModel, mesh: ResolvedMesh, problems: string[]): Record<string, any> {
  const base = mesh.options.controlPlaneSpec ?? {};
  const baseGateways = isPlainObject(base.gateways) ? base.gateways : {};
  const taken = new Set([
    ...Object.keys(isPlainObject(baseGateways.additionalIngress) ? baseGateways.additionalIngress : {}),
    ...Object.keys(isPlainObject(baseGateways.additionalEgress) ? baseGateways.additionalEgress : {}),
  ]);
  const additionalIngress: Record<string, any> = {};
  const additionalEgress: Record<string, any> = {};
  for (const peer of mesh.peers) {
    const ingress = ingressGatewayName(mesh, peer);
    const egress = egressGatewayName(mesh, peer);
    for (const name of [ingress, egress]) {
      if (taken.has(name)) {
        problems.push(`mesh '${mesh.name}': controlPlaneSpec already defines an additional gateway named '${name}', which the federation with '${peer}' needs. Fix: remove it from controlPlaneSpec (the library generates it), or choose another gatewayNaming`);
      }
    }
    additionalEgress[egress] = withRuntime(mesh, peer, 'egress', egressGateway(mesh, peer), problems);
    additionalIngress[ingress] = withRuntime(mesh, peer, 'ingress', { enabled: true, routerMode: 'sni-dnat', service: ingressService(model, mesh, peer) }, problems);
  }
  const cluster: Record<string, any> = {};
  if (mesh.options.clusterName !== undefined) cluster.name = mesh.options.clusterName;
  if (mesh.options.network !== undefined) cluster.network = mesh.options.network;
  return {
    version: mesh.version,
    cluster: Object.keys(cluster).length > 0 ? cluster : undefined,
    gateways: mesh.peers.length > 0 ? { additionalEgress, additionalIngress } : undefined,
    security: { trust: { domain: mesh.trustDomain } },
  };
}

/**
 * `gateway` with the `federationGateways` settings for it: `runtime`, and Service annotations merged
 * with those the library sets (a key set to another value is a problem).
 */
function withRuntime(
  mesh: ResolvedMesh, peer: string, direction: GatewayDirection, gateway: Record<string, any>, problems: string[],
): Record<string, any> {
  const settings = gatewayRuntime(mesh.options.federationGateways, peer, direction);
  const runtime = renderRuntime(settings);
  const own: Record<string, string> = gateway.service.metadata.annotations ?? {};
  const annotations = { ...own };
  for (const [key, value] of Object.entries(settings.serviceAnnotations)) {
    if (own[key] !== undefined && own[key] !== value) {
      problems.push(`mesh '${mesh.name}': federationGateways sets the Service annotation ${q(key)} of the ${direction} gateway for peer '${peer}' to ${q(value)}, but the platform (or externalDns) sets it to ${q(own[key])}. Fix: remove ${q(key)} from serviceAnnotations, or set it to ${q(own[key])}`);
    }
    annotations[key] = own[key] ?? value;
  }
  const metadata = { ...gateway.service.metadata, annotations: Object.keys(annotations).length > 0 ? annotations : undefined };
  return { ...gateway, service: { ...gateway.service, metadata }, ...(runtime ? { runtime } : {}) };
}

/** The egress gateway a mesh runs for `peer` (`additionalEgress.<egress>`). */
function egressGateway(mesh: ResolvedMesh, peer: string): Record<string, any> {
  return {
    enabled: true,
    requestedNetworkView: [`network-${peer}`],
    routerMode: 'sni-dnat',
    service: {
      metadata: { labels: { 'federation.maistra.io/egress-for': gatewayForLabel(mesh, peer, 'egress') } },
      ports: [
        { port: SERVICE_PORT, name: 'tls' },
        { port: DISCOVERY_PORT, name: 'http-discovery' },
      ],
    },
  };
}

/** The Service of a mesh's ingress gateway for `peer`: type (ClusterIP for a peer in the same cluster), annotations, ports and source ranges. */
function ingressService(model: FederationModel, mesh: ResolvedMesh, peer: string): Record<string, any> {
  const local = mesh.localPeers?.has(peer);
  const nodePorts = mesh.nodePorts.get(peer);
  const annotations: Record<string, string> = local ? {} : mesh.options.platform.serviceAnnotations;
  if (!local && mesh.options.externalDns && mesh.options.dnsDomain) {
    annotations['external-dns.alpha.kubernetes.io/hostname'] = ingressHostname(mesh, peer);
  }
  const service: Record<string, any> = {
    type: local ? 'ClusterIP' : mesh.options.platform.serviceType,
    metadata: {
      labels: { 'federation.maistra.io/ingress-for': gatewayForLabel(mesh, peer, 'ingress') },
      annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
    },
    ports: [
      { port: SERVICE_PORT, name: 'tls', nodePort: nodePorts?.servicePort },
      { port: DISCOVERY_PORT, name: 'https-discovery', nodePort: nodePorts?.discoveryPort },
    ],
  };
  const ranges = ingressSourceRanges(mesh, model.mesh(peer)!);
  if (ranges) service.loadBalancerSourceRanges = ranges;
  return service;
}
