// The props and options of a multi-network mesh and of its clusters.
import { MeshCertificateAuthority } from './certificate-authority';
import { CrossNetworkExposure } from './cross-network-exposure';
import { EastWestGatewayOptions } from './east-west-gateway';
import { MultiNetworkTopology, RemoteSecretManagement } from './topology';
import type { MeshOptions } from '../core/mesh-options';

/** Props of a `MultiNetworkMesh`. */
export interface MultiNetworkMeshProps {
  /** The mesh ID every cluster's control plane carries (`global.meshID`), e.g. `mesh1`. */
  readonly meshId: string;

  /**
   * The `Istio` resource's `spec.version`: one of the versions the Sail operator's CRD lists
   * (`MultiNetworkMesh.SAIL_ISTIO_VERSIONS`).
   * @default 'v1.30.3'
   */
  readonly istioVersion?: string;

  /**
   * The control-plane namespace, the same on every cluster (`spec.namespace` of the `Istio` resource).
   * @default 'istio-system'
   */
  readonly controlPlaneNamespace?: string;

  /**
   * Which clusters run a control plane.
   * @default MultiNetworkTopology.multiPrimary()
   */
  readonly topology?: MultiNetworkTopology;

  /**
   * Who creates the remote secrets.
   * @default RemoteSecretManagement.ISTIOCTL
   */
  readonly remoteSecrets?: RemoteSecretManagement;

  /**
   * `meshConfig.trustDomain` of every cluster.
   * @default - not set (Istio's `cluster.local`)
   */
  readonly trustDomain?: string;

  /**
   * `meshConfig.trustDomainAliases` of every cluster: other trust domains whose identities count as
   * this mesh's (authorization policies that name them keep matching).
   * @default - none (with `fromFederation()`, the trust domains of the federation's meshes)
   */
  readonly trustDomainAliases?: string[];

  /**
   * Who issues every cluster's intermediate CA: by hand (`cacerts`, listed in `manualSteps()`), or
   * cert-manager with istio-csr (`MeshCertificateAuthority.certManager()`), which adds each
   * cluster's CA objects and istio-csr Helm values to the output.
   * @default MeshCertificateAuthority.manual()
   */
  readonly certificateAuthority?: MeshCertificateAuthority;
}

/** Props of `MultiNetworkMesh.fromFederation()`. */
export interface MultiNetworkFromFederationProps extends MultiNetworkMeshProps {
  /**
   * Multi-network settings per federation mesh name.
   * @default - none
   */
  readonly clusterSettings?: { [meshName: string]: MultiNetworkClusterSettings };

  /**
   * Which services each cluster's `cross-network-gateway` exposes to the other networks.
   * `CrossNetworkExposure.exportedServices()` keeps the federation's export scope: only the
   * services the mesh exported (to any peer), by their own names; a mesh that exports nothing gets
   * no cross-network Gateway. `CrossNetworkExposure.allServices()` exposes `*.local`, every
   * service of every cluster. A cluster's own `clusterSettings[mesh].crossNetworkHosts` wins over both.
   * @default CrossNetworkExposure.exportedServices()
   */
  readonly crossNetworkExposure?: CrossNetworkExposure;
}

/** What only a multi-network cluster needs, on top of the mesh description. */
export interface MultiNetworkClusterSettings {
  /**
   * The kubeconfig context of the cluster, used in the commands of `manualSteps()`.
   * @default - the cluster name given to `addCluster()`
   */
  readonly kubeContext?: string;

  /**
   * IP addresses of the cluster's east-west gateway, once known. Written to every control plane's
   * `global.meshNetworks` (which takes IPs only), and used as the remotes' `remotePilotAddress`
   * when this cluster is the primary of a primary-remote mesh.
   * @default - istiod discovers the gateway from its Service (`topology.istio.io/network` label)
   */
  readonly eastWestGatewayAddresses?: string[];

  /**
   * Replicas, autoscaling and disruption budget of the east-west gateway.
   * @default - one replica, no autoscaling, no disruption budget
   */
  readonly eastWestGateway?: EastWestGatewayOptions;

  /**
   * Values you already set on istiod (the `Istio` resource's `spec.values`, or the istiod Helm
   * values). The multi-network settings are merged in; a setting present on both sides with
   * another value is an error.
   * @default - none
   */
  readonly istioValues?: { [key: string]: any };

  /**
   * The hosts the cluster's `cross-network-gateway` (AUTO_PASSTHROUGH on 15443) exposes to the
   * other networks: service names such as `ratings.bookinfo.svc.cluster.local`, or a whole
   * namespace as `*.bookinfo.svc.cluster.local`. Each host is a DNS name whose first label may be
   * `*`; no partial wildcards, and no `namespace/` prefix (Istio ignores it on an AUTO_PASSTHROUGH
   * server, so it would restrict nothing). At least one host, each once.
   * @default ['*.local'] (every service of the cluster); with `fromFederation()`, what its `crossNetworkExposure` gives
   */
  readonly crossNetworkHosts?: string[];
}

/**
 * Options of `MultiNetworkMesh.addCluster()`: the same description as a federation mesh
 * (`platform`, `clusterName`, `network`, `locality`, `ingressSourceRanges`, `egressSourceRanges`),
 * plus what only multi-network needs. The federation-only fields (`version`, `controlPlaneName`,
 * `trustDomain`, `rootCertificate`, `controlPlaneSpec`, `dnsDomain`, `externalDns`,
 * `ingressAddresses`, `gatewayNaming`) have no multi-network meaning and are ignored, so one
 * options object can describe the mesh for both; `namespace`, when set, must be the mesh's
 * control-plane namespace. On `Platform.nodePort()`, the east-west gateway's `tls`, `tls-istiod`
 * and `tls-webhook` ports take node ports `firstNodePort` (default 30443) to `firstNodePort + 2`;
 * the per-peer `nodePorts` are ignored.
 */
export interface MultiNetworkClusterOptions extends MeshOptions, MultiNetworkClusterSettings {}
