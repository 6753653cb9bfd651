// The description of one mesh, shared by the federation (`FederatedMesh.addMesh`) and multi-network
// Istio (`MultiNetworkMesh.addCluster`), so one options object can describe a mesh for both.
import { FederationGatewayOptions } from './federation-gateway-options';
import { GatewayNaming } from './gateway-naming';
import { Platform } from './platform';

/** Where a mesh runs, as Istio localities name it. */
export interface Locality {
  /** Region, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * Zone within the region.
   * @default - none
   */
  readonly zone?: string;
  /**
   * Subzone within the zone; needs `zone`.
   * @default - none
   */
  readonly subzone?: string;
}

/**
 * Which objects a fresh cluster needs before the mesh works, and that the output of a federation's
 * mesh includes unless a platform team owns them. Each field left out takes the federation's value,
 * else `true`. Multi-network clusters ignore it (they always emit their control-plane Namespace and
 * have no member roll).
 */
export interface MeshPrerequisites {
  /**
   * Emit a Namespace for the control-plane namespace (no labels: the operator adds the ones it
   * needs). Application namespaces are never emitted: they belong to the applications.
   * @default - the federation's `prerequisites.namespaces`, else true
   */
  readonly namespaces?: boolean;

  /**
   * Emit the ServiceMeshMemberRoll `default` in the control-plane namespace, listing every namespace
   * the mesh's own objects rely on (exported services, `importAsLocal` aliases, failovers) and those
   * added with `addMemberNamespace()`. Turn it off when your platform manages the member roll (or
   * ServiceMeshMembers); the manual steps then list the namespaces that must be members.
   * @default - the federation's `prerequisites.memberRoll`, else true
   */
  readonly memberRoll?: boolean;
}

/** Everything that describes one mesh of a federation. */
export interface MeshOptions {
  /** Where the mesh runs; decides how its federation ingress gateways are exposed. */
  readonly platform: Platform;

  /**
   * The control-plane namespace.
   * @default - `<mesh name>-system`
   */
  readonly namespace?: string;

  /**
   * Name of the ServiceMeshControlPlane.
   * @default - the mesh name
   */
  readonly controlPlaneName?: string;

  /**
   * ServiceMeshControlPlane `spec.version`. Federation needs v2.1 or later.
   * @default - the federation's `version`, else the version in `controlPlaneSpec`, else 'v2.6'
   */
  readonly version?: string;

  /**
   * The mesh's trust domain. Must be unique in the federation: the operator keeps trust bundles
   * per trust domain, so two peers sharing one overwrite each other.
   * @default - `<mesh name>.local`
   */
  readonly trustDomain?: string;

  /**
   * `spec.cluster.name` of the control plane: the cluster the mesh runs in. Peers that declare
   * the same cluster reach each other through cluster-local names (see `clusterLocalPeering`).
   * @default - not set
   */
  readonly clusterName?: string;

  /**
   * With a peer that declares the same `clusterName`: peers reach each other at their ingress
   * Services' cluster-local names (`<ingress gateway>.<namespace>.svc.cluster.local`) and the
   * ingress gateways for each other are `ClusterIP` Services (no load balancer, node port or DNS
   * name needed). Set false, on either mesh, to expose that pair's gateways as for a peer in
   * another cluster. `ingressAddresses` for a peer still win for the addresses. Federation only.
   * @default true
   */
  readonly clusterLocalPeering?: boolean;

  /**
   * `spec.cluster.network` of the control plane.
   * @default - not set
   */
  readonly network?: string;

  /**
   * Where the mesh runs (used for locality failover).
   * @default - not set
   */
  readonly locality?: Locality;

  /**
   * The mesh's root CA certificate (PEM text of its `istio-ca-root-cert`, key `root-cert.pem`).
   * Every peer gets it in a `<mesh>-ca-root-cert` ConfigMap. Needed as soon as the mesh has a peer.
   * @default - none; synth fails while the mesh has peers
   */
  readonly rootCertificate?: string;

  /**
   * A ServiceMeshControlPlane `spec` you already run (add-ons, tracing, resources, ...). The
   * federation settings (gateways, trust domain, cluster) are merged into it; a setting present on
   * both sides with different values is reported as an error instead of being overwritten.
   * @default - an empty spec
   */
  readonly controlPlaneSpec?: { [key: string]: any };

  /**
   * DNS domain under which peers reach this mesh's federation ingress gateways. The address for the
   * gateway serving peer P is `<ingress gateway name>.<namespace>.<dnsDomain>`, as in the product
   * documentation (`ingress-red-mesh.green-mesh-system.apps.domain.com`).
   * @default - no DNS names; use `ingressAddresses`
   */
  readonly dnsDomain?: string;

  /**
   * Annotate each federation ingress Service with `external-dns.alpha.kubernetes.io/hostname` so
   * that external-dns publishes the name derived from `dnsDomain`.
   * @default false
   */
  readonly externalDns?: boolean;

  /**
   * Addresses of this mesh's federation ingress gateways, per peer mesh name: the load balancer's
   * hostname (AWS) or IP (Azure, GCP, bare metal) once it exists. Wins over `dnsDomain` and over
   * NodePort node addresses.
   * @default - derived from `dnsDomain` or the NodePort node addresses
   */
  readonly ingressAddresses?: { [peerMesh: string]: string[] };

  /**
   * Source CIDR ranges allowed to reach this mesh's federation ingress gateways
   * (`loadBalancerSourceRanges`). A peer's own `egressSourceRanges` win for the gateway serving it.
   * @default - no restriction
   */
  readonly ingressSourceRanges?: string[];

  /**
   * The CIDR ranges this mesh's federation traffic leaves its cluster from (NAT or egress IPs).
   * Each peer restricts its ingress gateway for this mesh to them.
   * @default - not known; peers fall back to their own `ingressSourceRanges`
   */
  readonly egressSourceRanges?: string[];

  /**
   * How this mesh names its federation gateways.
   * @default - the federation's `gatewayNaming`
   */
  readonly gatewayNaming?: GatewayNaming;

  /**
   * How the mesh runs its federation gateways (replicas or autoscaling, resources, node selector,
   * tolerations, pod and Service metadata), for all of them, per direction and per peer; rendered
   * into the control plane's `additionalIngress` / `additionalEgress` entries. Federation only.
   * @default - the control plane's defaults
   */
  readonly federationGateways?: FederationGatewayOptions;

  /**
   * Which prerequisites (control-plane Namespace, member roll) the mesh's output includes.
   * Federation only.
   * @default - the federation's `prerequisites`, else both
   */
  readonly prerequisites?: MeshPrerequisites;
}
