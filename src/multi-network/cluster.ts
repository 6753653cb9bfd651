// One cluster of a multi-network mesh: a cdk8s Chart rendering the cluster's objects lazily from
// its props and the mesh it belongs to.
import { ApiObject, Chart, Lazy } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { clusterPropProblems } from './checks';
import { ClusterFacts, ClusterRole, clusterRole } from './cluster-facts';
import { EastWestGateway, EastWestGatewayOptions } from './east-west-gateway';
import { eastWestGatewayAddresses, eastWestNodePorts, eastWestSourceRanges, eastWestTlsPort } from './gateway-settings';
import { istiodValues } from './istio-values';
import type { MultiNetworkMesh } from './multi-network-mesh';
import { EAST_WEST_GATEWAY_NAME, EAST_WEST_ISTIOD_PORT, EAST_WEST_TLS_PORT, EAST_WEST_WEBHOOK_PORT } from './ports';
import { FederationError } from '../core/errors';
import type { Locality, MeshOptions } from '../core/mesh-options';
import { sortManifests } from '../core/output';
import { Platform } from '../core/platform';
import { Gateway, GatewaySpecServersTlsMode } from '../imports/networking.istio.io';

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

/** Props of a `MultiNetworkCluster`. */
export interface MultiNetworkClusterProps extends MultiNetworkClusterOptions {
  /** The mesh the cluster belongs to. */
  readonly mesh: MultiNetworkMesh;
  /**
   * The cluster name (output folder, and default `clusterName` and `kubeContext`).
   * @default - the construct id
   */
  readonly name?: string;
}

/**
 * One cluster of a multi-network mesh, and the cdk8s Chart that holds everything it applies: the
 * Sail `Istio` resource (`ControlPlane`), the control-plane Namespace labelled
 * `topology.istio.io/network` (`Namespace`), the east-west gateway (`EastWestGateway`), the
 * `cross-network-gateway` Gateway (`CrossNetworkGateway`), and on the primary of a primary-remote
 * mesh the istiod exposure (`IstiodGateway`, `IstiodVirtualService`).
 */
export class MultiNetworkCluster extends Chart {
  /** The cluster name given to `addCluster()` (the output folder). */
  public readonly name: string;
  /** Istio's name of the cluster (`global.multiCluster.clusterName`). */
  public readonly clusterName: string;
  /** The cluster's network (`global.network`). */
  public readonly network: string;
  /** Where the cluster runs. */
  public readonly platform: Platform;
  /** The kubeconfig context used in manual steps. */
  public readonly kubeContext: string;
  /** The mesh. */
  public readonly mesh: MultiNetworkMesh;
  /**
   * Where the cluster runs. Not written to any object: Istio takes each endpoint's locality from
   * its node's `topology.kubernetes.io/region` and `zone` labels, which must agree with it for
   * locality failover.
   * @default - not set
   */
  public readonly locality?: Locality;
  /** The Sail operator `Istio` resource (escape hatch: `cluster.controlPlane.addJsonPatch(...)`). */
  public readonly controlPlane: ApiObject;
  /** The east-west gateway. */
  public readonly eastWestGateway: EastWestGateway;

  private readonly options: MultiNetworkClusterOptions;

  constructor(scope: Construct, id: string, props: MultiNetworkClusterProps) {
    super(scope, id, { disableResourceNameHashes: true });
    this.options = props;
    this.mesh = props.mesh;
    this.name = props.name ?? id;
    this.clusterName = props.clusterName ?? this.name;
    this.network = props.network ?? `network-${this.name}`;
    this.platform = props.platform;
    this.locality = props.locality;
    this.kubeContext = props.kubeContext ?? this.name;

    const problems = clusterPropProblems(this.name, props, this.mesh.controlPlaneNamespace);
    if (problems.length > 0) throw new FederationError(problems);

    const namespace = this.mesh.controlPlaneNamespace;
    this.addNamespace(namespace);
    this.controlPlane = new ApiObject(this, 'ControlPlane', {
      apiVersion: 'sailoperator.io/v1',
      kind: 'Istio',
      metadata: { name: 'default' },
      spec: Lazy.any({ produce: () => this._controlPlaneSpec().spec }),
    });
    this.eastWestGateway = new EastWestGateway(this, 'EastWestGateway', {
      ...props.eastWestGateway,
      network: this.network,
      namespace,
      platform: this.platform,
      nodePorts: eastWestNodePorts(this.platform),
    });
    this.addCrossNetworkGateway(namespace);
    if (this.isPrimaryOfRemotes) this.addIstiodExposure(namespace);
    props.mesh._register(this);
  }

  /** Whether this cluster is a remote of a primary-remote mesh (no istiod of its own). */
  public get isRemote(): boolean {
    return this.role === 'remote';
  }

  /** Whether this cluster is the primary of a primary-remote mesh (exposes istiod). */
  public get isPrimaryOfRemotes(): boolean {
    return this.role === 'primary-of-remotes';
  }

  /** The IPs of the east-west gateway, when known. */
  public get eastWestGatewayAddresses(): string[] | undefined {
    return eastWestGatewayAddresses(this.options.eastWestGatewayAddresses, this.platform);
  }

  /** The port peers reach the east-west gateway's `tls` port on: 15443, or its node port. */
  public get eastWestTlsPort(): number {
    return eastWestTlsPort(this.platform);
  }

  /**
   * Objects sorted by kind, namespace and name, with the east-west gateway's source ranges filled in
   * (they depend on the other clusters). Only this rendering of the chart carries the ranges: cdk8s's
   * per-resource output (`FederationApp`'s default) renders each object by itself.
   */
  public override toJson(): any[] {
    const ranges = this.eastWestSourceRanges();
    return sortManifests(super.toJson().map((o: any) => {
      if (ranges && o.kind === 'Service' && o.metadata?.name === EAST_WEST_GATEWAY_NAME && o.spec?.type === 'LoadBalancer') {
        return { ...o, spec: { ...o.spec, loadBalancerSourceRanges: ranges } };
      }
      return o;
    }));
  }

  /** The cluster as plain data, for the checks, values and manual steps. @internal */
  public _facts(): ClusterFacts {
    return {
      name: this.name,
      clusterName: this.clusterName,
      network: this.network,
      kubeContext: this.kubeContext,
      platform: this.platform,
      role: this.role,
      eastWestGatewayAddresses: this.eastWestGatewayAddresses,
      eastWestTlsPort: this.eastWestTlsPort,
    };
  }

  /**
   * The istiod values (`spec.values` of the `Istio` resource, and the istiod Helm values) and the
   * conflicts with `istioValues`.
   * @internal
   */
  public _istioValues(): { values: Record<string, any>; problems: string[] } {
    const remote = this.isRemote;
    const primary = remote ? this.mesh.findCluster(this.mesh.topology.primary!) : undefined;
    return istiodValues({
      cluster: this.name,
      meshId: this.mesh.meshId,
      clusterName: this.clusterName,
      network: this.network,
      role: this.role,
      remotePilotAddress: primary?.eastWestGatewayAddresses?.[0],
      meshNetworks: remote ? {} : this.mesh._meshNetworks(),
      trustDomain: this.mesh.trustDomain,
      trustDomainAliases: this.mesh.trustDomainAliases,
      istioValues: this.options.istioValues,
    });
  }

  /** The `Istio` resource's spec. @internal */
  public _controlPlaneSpec(): { spec: Record<string, any>; problems: string[] } {
    const { values, problems } = this._istioValues();
    return {
      spec: {
        version: this.mesh.istioVersion,
        namespace: this.mesh.controlPlaneNamespace,
        profile: this.isRemote ? 'remote' : undefined,
        values,
      },
      problems,
    };
  }

  /** What this cluster runs of the control plane. */
  private get role(): ClusterRole {
    return clusterRole(this.mesh.topology, this.name);
  }

  /** Who may reach the east-west gateway (see `eastWestSourceRanges()`). */
  private eastWestSourceRanges(): string[] | undefined {
    const others = this.mesh.clusters.filter(c => c !== this);
    return eastWestSourceRanges(this.options.ingressSourceRanges, others.map(c => c.options.egressSourceRanges));
  }

  /** The control-plane Namespace, labelled with the network; on a remote, annotated with its primary. */
  private addNamespace(namespace: string): void {
    const ns = new kplus.Namespace(this, 'Namespace', {
      metadata: { name: namespace, labels: { 'topology.istio.io/network': this.network } },
    });
    if (this.isRemote) {
      // Remotes name the cluster whose istiod configures them.
      ApiObject.of(ns).metadata.addAnnotation('topology.istio.io/controlPlaneClusters',
        Lazy.any({ produce: () => this.mesh.findCluster(this.mesh.topology.primary!)?.clusterName ?? this.mesh.topology.primary }) as any);
    }
  }

  /** The `cross-network-gateway` Gateway: `AUTO_PASSTHROUGH` on 15443 for `*.local`. */
  private addCrossNetworkGateway(namespace: string): void {
    new Gateway(this, 'CrossNetworkGateway', {
      metadata: { name: 'cross-network-gateway', namespace },
      spec: {
        selector: { istio: 'eastwestgateway' },
        servers: [{
          port: { number: EAST_WEST_TLS_PORT, name: 'tls', protocol: 'TLS' },
          tls: { mode: GatewaySpecServersTlsMode.AUTO_UNDERSCORE_PASSTHROUGH },
          hosts: ['*.local'],
        }],
      },
    });
  }

  /** On the primary of a primary-remote mesh: istiod and its webhook exposed through the east-west gateway. */
  private addIstiodExposure(namespace: string): void {
    const passthrough = (name: string, number: number) => ({
      port: { number, name, protocol: 'TLS' },
      tls: { mode: GatewaySpecServersTlsMode.PASSTHROUGH },
      hosts: ['*'],
    });
    new Gateway(this, 'IstiodGateway', {
      metadata: { name: 'istiod-gateway', namespace },
      spec: {
        selector: { istio: 'eastwestgateway' },
        servers: [passthrough('tls-istiod', EAST_WEST_ISTIOD_PORT), passthrough('tls-istiodwebhook', EAST_WEST_WEBHOOK_PORT)],
      },
    });
    const route = (port: number, target: number) => ({
      match: [{ port, sniHosts: ['*'] }],
      route: [{ destination: { host: `istiod.${namespace}.svc.cluster.local`, port: { number: target } } }],
    });
    // VirtualService is not among the typed imports; its spec is checked against the CRD in the tests.
    new ApiObject(this, 'IstiodVirtualService', {
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: { name: 'istiod-vs', namespace },
      spec: {
        hosts: ['*'],
        gateways: ['istiod-gateway'],
        tls: [route(EAST_WEST_ISTIOD_PORT, EAST_WEST_ISTIOD_PORT), route(EAST_WEST_WEBHOOK_PORT, 443)],
      },
    });
  }
}
