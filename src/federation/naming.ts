// Names derived from a mesh's declaration: its gateways for each peer, the client ID a peer
// expects, the root-certificate ConfigMap and the DNS names from `dnsDomain`.
import { DeclaredMesh } from './model/declarations';

/** Gateway names the control plane reserves for its default gateways. */
export const RESERVED_GATEWAYS = ['istio-ingressgateway', 'istio-egressgateway'];

/** Name of `mesh`'s ingress gateway that serves requests from `peer`. */
export function ingressGatewayName(mesh: DeclaredMesh, peer: string): string {
  return mesh.naming.ingressName(peer);
}

/** Name of `mesh`'s egress gateway that sends requests to `peer`. */
export function egressGatewayName(mesh: DeclaredMesh, peer: string): string {
  return mesh.naming.egressName(peer);
}

/**
 * The client ID `mesh` presents when it calls `peer`: the SPIFFE identity of its egress gateway
 * for that peer, `<trust domain>/ns/<namespace>/sa/<egress gateway>-service-account`.
 */
export function clientId(mesh: DeclaredMesh, peer: string): string {
  return `${mesh.trustDomain}/ns/${mesh.namespace}/sa/${egressGatewayName(mesh, peer)}-service-account`;
}

/** Name of the ConfigMap that holds `mesh`'s root certificate in each peer's namespace. */
export function rootCertConfigMapName(mesh: string): string {
  return `${mesh}-ca-root-cert`;
}

/** The DNS name of `mesh`'s ingress gateway serving `peer`, from `dnsDomain`. */
export function ingressHostname(mesh: DeclaredMesh, peer: string): string {
  return `${ingressGatewayName(mesh, peer)}.${mesh.namespace}.${mesh.options.dnsDomain}`;
}
