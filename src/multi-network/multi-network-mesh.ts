import { mkdirSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { ApiObject, Chart, Lazy, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { EastWestGateway, EastWestGatewayOptions } from './east-west-gateway';
import { MigrationEntry } from './migration-entry';
import { migrationMarkdown } from './migration-report';
import {
  DEFAULT_EAST_WEST_NODE_PORT, EAST_WEST_GATEWAY_NAME, EAST_WEST_ISTIOD_PORT, EAST_WEST_TLS_PORT, EAST_WEST_WEBHOOK_PORT,
} from './ports';
import { FederationError } from '../core/errors';
import { localityProblems } from '../core/locality';
import { ManualStep } from '../core/manual-step';
import { manualStepsMarkdown } from '../core/manual-steps-report';
import { isPlainObject, mergeInto } from '../core/merge';
import type { Locality, MeshOptions } from '../core/mesh-options';
import { dnsLabelProblem, isTrustDomain } from '../core/names';
import { cidrProblem, NODE_PORT_MAX, NODE_PORT_MIN } from '../core/network';
import { byName, q } from '../core/output';
import { AddressKind, IngressServiceType, Platform } from '../core/platform';
import { FailoverImport } from '../federation/failover-import';
import type { FederatedMesh } from '../federation/federated-mesh';
import type { Mesh } from '../federation/mesh';
import { Gateway, GatewaySpecServersTlsMode } from '../imports/networking.istio.io';
import { federationMigration } from '../migration/report';

/** The `spec.version` values the Sail operator's `Istio` CRD accepts (its closed enum), newest first. */
const SAIL_ISTIO_VERSIONS: string[] = [
  'v1.31-latest', 'v1.31.0-beta.1', 'v1.30-latest', 'v1.30.3', 'v1.30.2', 'v1.30.1', 'v1.30.0', 'v1.29-latest', 'v1.29.6',
  'v1.29.5', 'v1.29.4', 'v1.29.3', 'v1.29.2', 'v1.29.1', 'v1.29.0', 'v1.28-latest', 'v1.28.10', 'v1.28.9', 'v1.28.8',
  'v1.28.7', 'v1.28.6', 'v1.28.5', 'v1.28.4', 'v1.28.3', 'v1.28.2', 'v1.28.1', 'v1.28.0', 'v1.27-latest', 'v1.27.9',
  'v1.27.8', 'v1.27.7', 'v1.27.6', 'v1.27.5', 'v1.27.4', 'v1.27.3', 'v1.27.2', 'v1.27.1', 'v1.27.0', 'v1.26-latest',
  'v1.26.8', 'v1.26.7', 'v1.26.6', 'v1.26.5', 'v1.26.4', 'v1.26.3', 'v1.26.2', 'v1.26.1', 'v1.26.0', 'v1.25-latest',
  'v1.25.5', 'v1.25.4', 'v1.25.3', 'v1.25.2', 'v1.25.1', 'v1.24-latest', 'v1.24.6', 'v1.24.5', 'v1.24.4', 'v1.24.3',
  'v1.24.2', 'v1.24.1', 'v1.24.0', 'v1.23-latest', 'v1.23.6', 'v1.23.5', 'v1.23.4', 'v1.23.3', 'v1.23.2', 'v1.22-latest',
  'v1.22.8', 'v1.22.7', 'v1.22.6', 'v1.22.5', 'v1.21.6', 'master', 'v1.32.0-alpha.527f8d6c',
];
const DEFAULT_ISTIO_VERSION = 'v1.30.3';
const NAME = /^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** The kinds of multi-network topology. */
export enum MultiNetworkTopologyKind {
  /** Every cluster runs its own istiod, which watches the API servers of all the others. */
  MULTI_PRIMARY = 'multi-primary',
  /** One primary cluster runs istiod for all; the others are remotes whose proxies it configures through its east-west gateway. */
  PRIMARY_REMOTE = 'primary-remote',
}

/** Which clusters of a multi-network mesh run a control plane. */
export class MultiNetworkTopology {
  /** Every cluster is a primary (upstream Istio's and Anthos Service Mesh's multi-primary, multi-network setup). */
  public static multiPrimary(): MultiNetworkTopology {
    return new MultiNetworkTopology(MultiNetworkTopologyKind.MULTI_PRIMARY);
  }

  /**
   * `primary` (a cluster name, as given to `addCluster()`) runs istiod and exposes it through its
   * east-west gateway; every other cluster is a remote.
   */
  public static primaryRemote(primary: string): MultiNetworkTopology {
    return new MultiNetworkTopology(MultiNetworkTopologyKind.PRIMARY_REMOTE, primary);
  }

  /** The kind of topology. */
  public readonly kind: MultiNetworkTopologyKind;
  /**
   * The primary's cluster name, for primary-remote.
   * @default - none (every cluster is a primary)
   */
  public readonly primary?: string;

  private constructor(kind: MultiNetworkTopologyKind, primary?: string) {
    this.kind = kind;
    this.primary = primary;
  }
}

/**
 * Who creates the remote secrets (a Secret labelled `istio/multiCluster: "true"` holding a
 * kubeconfig for another cluster's API server). The library never generates them: they hold
 * credentials.
 */
export enum RemoteSecretManagement {
  /** You create them with `istioctl create-remote-secret`; `manualSteps()` lists the commands for each ordered pair. */
  ISTIOCTL = 'istioctl',
  /**
   * They are managed elsewhere (External Secrets, a GitOps vault, a cluster manager), named
   * `istio-remote-secret-<cluster name>` in the control-plane namespace; no step is listed.
   */
  MANAGED_ELSEWHERE = 'managed-elsewhere',
}

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

/** Props of `MultiNetworkMesh.fromFederation()`. */
export interface MultiNetworkFromFederationProps extends MultiNetworkMeshProps {
  /**
   * Multi-network settings per federation mesh name.
   * @default - none
   */
  readonly clusterSettings?: { [meshName: string]: MultiNetworkClusterSettings };
}

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
    const namespace = this.mesh.controlPlaneNamespace;

    const problems = this.propProblems();
    if (problems.length > 0) throw new FederationError(problems);

    const ns = new kplus.Namespace(this, 'Namespace', {
      metadata: { name: namespace, labels: { 'topology.istio.io/network': this.network } },
    });
    if (this.isRemote) {
      // Remotes name the cluster whose istiod configures them.
      ApiObject.of(ns).metadata.addAnnotation('topology.istio.io/controlPlaneClusters',
        Lazy.any({ produce: () => this.mesh.findCluster(this.mesh.topology.primary!)?.clusterName ?? this.mesh.topology.primary }) as any);
    }

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
      nodePorts: this.eastWestNodePorts,
    });

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

    if (this.isPrimaryOfRemotes) {
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
    props.mesh._register(this);
  }

  /** Whether this cluster is a remote of a primary-remote mesh (no istiod of its own). */
  public get isRemote(): boolean {
    return this.mesh.topology.kind === MultiNetworkTopologyKind.PRIMARY_REMOTE && this.mesh.topology.primary !== this.name;
  }

  /** Whether this cluster is the primary of a primary-remote mesh (exposes istiod). */
  public get isPrimaryOfRemotes(): boolean {
    return this.mesh.topology.kind === MultiNetworkTopologyKind.PRIMARY_REMOTE && this.mesh.topology.primary === this.name;
  }

  /** The IPs of the east-west gateway, when known. */
  public get eastWestGatewayAddresses(): string[] | undefined {
    const explicit = this.options.eastWestGatewayAddresses;
    if (explicit && explicit.length > 0) return [...explicit];
    if (this.platform.serviceType === IngressServiceType.NODE_PORT) return [...this.platform._nodePortOptions?.nodeAddresses ?? []];
    return undefined;
  }

  /** The port peers reach the east-west gateway's `tls` port on: 15443, or its node port. */
  public get eastWestTlsPort(): number {
    return this.eastWestNodePorts?.[0] ?? EAST_WEST_TLS_PORT;
  }

  /**
   * Objects sorted by kind, namespace and name, with the east-west gateway's source ranges filled in
   * (they depend on the other clusters).
   */
  public override toJson(): any[] {
    const key = (o: any) => `${o.kind}\u0000${o.metadata?.namespace ?? ''}\u0000${o.metadata?.name ?? ''}`;
    const ranges = this.eastWestSourceRanges();
    return super.toJson().map((o: any) => {
      if (ranges && o.kind === 'Service' && o.metadata?.name === EAST_WEST_GATEWAY_NAME && o.spec?.type === 'LoadBalancer') {
        return { ...o, spec: { ...o.spec, loadBalancerSourceRanges: ranges } };
      }
      return o;
    }).sort((a: any, b: any) => byName(key(a), key(b)));
  }

  /**
   * Who may reach the east-west gateway: every other cluster's `egressSourceRanges`, or where one
   * does not declare them, this cluster's `ingressSourceRanges`; no restriction when neither is known.
   */
  private eastWestSourceRanges(): string[] | undefined {
    const own = this.options.ingressSourceRanges;
    const others = this.mesh.clusters.filter(c => c !== this);
    const sets = others.length === 0 ? [own] : others.map(c => c.options.egressSourceRanges ?? own);
    if (sets.some(s => s === undefined || s.length === 0)) return undefined;
    return [...new Set(sets.flatMap(s => s!))].sort(byName);
  }

  /** Node ports of tls, tls-istiod and tls-webhook on the NodePort platform. */
  private get eastWestNodePorts(): number[] | undefined {
    const np = this.platform._nodePortOptions;
    if (this.platform.serviceType !== IngressServiceType.NODE_PORT || !np) return undefined;
    const first = np.firstNodePort ?? DEFAULT_EAST_WEST_NODE_PORT;
    return [first, first + 1, first + 2];
  }

  /**
   * The istiod values (`spec.values` of the `Istio` resource, and the istiod Helm values) and the
   * conflicts with `istioValues`.
   * @internal
   */
  public _istioValues(): { values: Record<string, any>; problems: string[] } {
    const problems: string[] = [];
    const global: Record<string, any> = {
      meshID: this.mesh.meshId,
      multiCluster: { clusterName: this.clusterName },
      network: this.network,
    };
    const values: Record<string, any> = { global };
    if (this.isRemote) {
      const primary = this.mesh.findCluster(this.mesh.topology.primary!);
      const address = primary?.eastWestGatewayAddresses?.[0];
      if (address) global.remotePilotAddress = address;
      values.istiodRemote = { injectionPath: `/inject/cluster/${this.clusterName}/net/${this.network}` };
    } else {
      if (this.isPrimaryOfRemotes) global.externalIstiod = true;
      const meshNetworks = this.mesh._meshNetworks();
      if (Object.keys(meshNetworks).length > 0) global.meshNetworks = meshNetworks;
      const meshConfig: Record<string, any> = {};
      if (this.mesh.trustDomain) meshConfig.trustDomain = this.mesh.trustDomain;
      if (this.mesh.trustDomainAliases.length > 0) meshConfig.trustDomainAliases = [...this.mesh.trustDomainAliases];
      if (Object.keys(meshConfig).length > 0) values.meshConfig = meshConfig;
    }
    const merged = mergeInto(this.options.istioValues ?? {}, values, (path, base, value) => {
      problems.push(`cluster ${q(this.name)}: istioValues sets ${path.replace(/^spec\./, '')} to ${q(base)} but the multi-network mesh needs ${q(value)}. Fix: remove it from istioValues${path.endsWith('.meshID') ? ' (every cluster of one mesh carries the same meshID)' : ''}, or change the mesh or cluster prop it comes from`);
    });
    return { values: merged, problems };
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

  /** Problems of this cluster's own props. */
  private propProblems(): string[] {
    const problems: string[] = [];
    const c = `cluster ${q(this.name)}`;
    const o = this.options;
    for (const [prop, value] of [['clusterName', o.clusterName], ['network', o.network]] as const) {
      if (value !== undefined && !NAME.test(value)) {
        problems.push(`${c}: ${prop} ${q(value)} is not a valid name (letters, digits, '.', '-' and '_', starting and ending with a letter or digit). Fix: use a name like '${prop === 'network' ? 'network1' : 'cluster1'}'`);
      }
    }
    if (o.namespace !== undefined && o.namespace !== this.mesh.controlPlaneNamespace) {
      problems.push(`${c}: namespace ${q(o.namespace)} differs from the mesh's controlPlaneNamespace ${q(this.mesh.controlPlaneNamespace)}; a multi-network mesh runs its control plane in one namespace on every cluster. Fix: remove namespace, or set controlPlaneNamespace on the mesh`);
    }
    if (o.kubeContext !== undefined && (o.kubeContext.length === 0 || /\s/.test(o.kubeContext))) {
      problems.push(`${c}: kubeContext ${q(o.kubeContext)} is not a kubeconfig context name. Fix: use a name from \`kubectl config get-contexts\``);
    }
    problems.push(...localityProblems(`${c}: locality`, o.locality));
    for (const prop of ['ingressSourceRanges', 'egressSourceRanges'] as const) {
      for (const range of o[prop] ?? []) {
        const p = cidrProblem(String(range));
        if (p) problems.push(`${c}: ${prop} has ${q(range)}, which ${p}. Fix: write ranges like '203.0.113.0/24'`);
      }
    }
    if (o.eastWestGatewayAddresses !== undefined && o.eastWestGatewayAddresses.length === 0) {
      problems.push(`${c}: eastWestGatewayAddresses is empty. Fix: list the east-west gateway's IPs, or remove the prop`);
    }
    for (const address of o.eastWestGatewayAddresses ?? []) {
      if (isIP(String(address)) === 0) {
        problems.push(`${c}: eastWestGatewayAddresses has ${q(address)}, which is not an IP address; Istio's meshNetworks takes gateway IPs only (istiod rejects a hostname as "not a valid IP"). Fix: list the load balancer's IPs (on AWS, an NLB's static IPs, e.g. Elastic IPs set with 'service.beta.kubernetes.io/aws-load-balancer-eip-allocations'), or remove the prop to let istiod discover the gateway`);
      }
    }
    const np = this.platform._nodePortOptions;
    if (this.platform.serviceType === IngressServiceType.NODE_PORT && np) {
      if (!np.nodeAddresses || np.nodeAddresses.length === 0) {
        problems.push(`${c}: platform Platform.nodePort() has no nodeAddresses, so the other networks have nothing to reach the east-west gateway on. Fix: list the IPs of nodes the other clusters can reach`);
      }
      for (const address of np.nodeAddresses ?? []) {
        if (isIP(String(address)) === 0) {
          problems.push(`${c}: Platform.nodePort() nodeAddresses has ${q(address)}, which is not an IP address; istiod cannot discover a NodePort gateway, so its address goes into meshNetworks, which takes IPs only. Fix: list node IPs like '192.0.2.10'`);
        }
      }
      const first = np.firstNodePort ?? DEFAULT_EAST_WEST_NODE_PORT;
      if (!Number.isInteger(first) || first < NODE_PORT_MIN || first + 2 > NODE_PORT_MAX) {
        problems.push(`${c}: Platform.nodePort() firstNodePort ${first} leaves no room for the east-west gateway's three node ports (tls, tls-istiod, tls-webhook) within ${NODE_PORT_MIN}-${NODE_PORT_MAX}. Fix: use a port from ${NODE_PORT_MIN} to ${NODE_PORT_MAX - 2}, e.g. ${DEFAULT_EAST_WEST_NODE_PORT}`);
      }
    }
    if (o.istioValues !== undefined && !isPlainObject(o.istioValues)) {
      problems.push(`${c}: istioValues must be an object (the 'values' of the Istio resource), not ${q(o.istioValues)}. Fix: pass the values object itself`);
    }
    const g = o.eastWestGateway ?? {};
    const whole = (v: number | undefined, min: number) => v === undefined || (Number.isInteger(v) && v >= min);
    if (!whole(g.replicas, 1)) problems.push(`${c}: eastWestGateway.replicas ${g.replicas} is not a whole number of at least 1. Fix: use e.g. 2`);
    if (!whole(g.minAvailable, 0)) problems.push(`${c}: eastWestGateway.minAvailable ${g.minAvailable} is not a whole number of at least 0. Fix: use e.g. 1`);
    const a = g.autoscaling;
    if (a) {
      const min = a.minReplicas ?? 1;
      const max = a.maxReplicas ?? 5;
      if (!whole(min, 1) || !whole(max, 1) || min > max) {
        problems.push(`${c}: eastWestGateway.autoscaling minReplicas ${min} and maxReplicas ${max} are not whole numbers with 1 <= minReplicas <= maxReplicas. Fix: use e.g. minReplicas 2, maxReplicas 5`);
      }
      const target = a.targetCpuUtilizationPercent ?? 80;
      if (!whole(target, 1)) problems.push(`${c}: eastWestGateway.autoscaling targetCpuUtilizationPercent ${target} is not a whole number of at least 1. Fix: use e.g. 80`);
    }
    if (g.minAvailable !== undefined && !a && g.minAvailable >= (g.replicas ?? 1)) {
      problems.push(`${c}: eastWestGateway.minAvailable ${g.minAvailable} is not below replicas ${g.replicas ?? 1}, so the PodDisruptionBudget blocks every node drain. Fix: raise replicas or lower minAvailable`);
    }
    return problems;
  }
}

/**
 * One Istio mesh spread over clusters on different networks: the multi-primary, multi-network setup (Anthos Service
 * Mesh, upstream Istio) and what replaces federation in OpenShift Service Mesh 3.
 *
 * Each cluster added is a cdk8s Chart at the root of the app named after the cluster, so
 * `cdk8s synth` writes each cluster's objects to its own file or folder, like `FederatedMesh`
 * does per mesh. Per cluster: a Sail `Istio` resource (`sailoperator.io/v1`, cluster-scoped) with
 * `meshID`, `multiCluster.clusterName` and `network` (the same values for Helm from
 * `helmValues()`), the control-plane Namespace labelled `topology.istio.io/network`, the
 * east-west gateway (`EastWestGateway`) and the `cross-network-gateway` Gateway
 * (`AUTO_PASSTHROUGH` on 15443 for `*.local`). Remote secrets and the `cacerts` intermediate CA
 * hold credentials: `manualSteps()` lists the commands instead.
 *
 * Clusters may share a network (Istio then sends traffic between them pod to pod, not through the
 * east-west gateways; a warning says so). Everything that needs more than one cluster is checked
 * at synth, before any file is written, and thrown as one error whose `name` is
 * `FederationError`.
 */
export class MultiNetworkMesh extends Construct {
  /**
   * The `spec.version` values the Sail operator's `Istio` CRD accepts (its closed enum), newest
   * first; `istioVersion` must be one of them.
   */
  public static readonly SAIL_ISTIO_VERSIONS: string[] = [...SAIL_ISTIO_VERSIONS];

  /**
   * Renders a federation description as multi-network Istio: one cluster per federation mesh,
   * named after its `clusterName` (else the mesh name), on its `network` (else
   * `network-<mesh name>`), with its platform, locality and the federation ingress's source
   * ranges. On NodePort, the east-west gateway takes the node ports after those of the mesh's
   * federation gateways, so both can run during the move. Failover DestinationRules carry over as locality load balancing. The federation
   * belongs to another app (render the two apps to two output folders); nothing of it is
   * synthesized here. `migrationReport()` lists what cannot carry over.
   */
  public static fromFederation(scope: Construct, id: string, federation: FederatedMesh, props: MultiNetworkFromFederationProps): MultiNetworkMesh {
    const mesh = new MultiNetworkMesh(scope, id, {
      ...props,
      trustDomainAliases: props.trustDomainAliases ?? [...new Set(federation.meshes.map(m => m.trustDomain))]
        .filter(t => t !== (props.trustDomain ?? 'cluster.local')).sort(byName),
    });
    mesh.federation = federation;
    const unknown = Object.keys(props.clusterSettings ?? {}).filter(k => !federation.findMesh(k)).sort(byName);
    if (unknown.length > 0) {
      throw new FederationError(unknown.map(k => `multi-network mesh ${q(id)}: clusterSettings names ${q(k)}, which is not a mesh of federation ${q(federation.node.id)} (meshes: ${federation.meshes.map(m => q(m.meshName)).join(', ')}). Fix: key clusterSettings by mesh name`));
    }
    const clusterOf = new Map<Mesh, MultiNetworkCluster>();
    for (const m of federation.meshes) {
      const settings = props.clusterSettings?.[m.meshName] ?? {};
      mesh.sourceMeshes.set(m.clusterName ?? m.meshName, m.meshName);
      clusterOf.set(m, mesh.addCluster(m.clusterName ?? m.meshName, {
        platform: eastWestPlatform(m),
        network: m.network ?? `network-${m.meshName}`,
        locality: m.locality,
        ingressSourceRanges: federationSourceRanges(m),
        ...settings,
      }));
    }
    for (const failover of federation.node.children.filter((c): c is FailoverImport => c instanceof FailoverImport)) {
      for (const rule of failover.destinationRules) {
        const cluster = clusterOf.get(Chart.of(rule) as Mesh);
        if (!cluster) continue;
        const json = rule.toJson();
        const regions = (json.spec?.trafficPolicy?.loadBalancer?.localityLbSetting?.failover ?? []).flatMap((f: any) => [f.from, f.to]);
        mesh.carriedOver.push(`${cluster.name}: DestinationRule ${json.metadata.namespace}/${json.metadata.name} (failover ${[...new Set(regions)].join(' -> ')})`);
        new ApiObject(cluster, `Failover-${failover.node.id}`, {
          apiVersion: json.apiVersion, kind: json.kind, metadata: json.metadata, spec: json.spec,
        });
      }
    }
    return mesh;
  }

  /** The mesh ID. */
  public readonly meshId: string;
  /** The `Istio` resource's `spec.version`. */
  public readonly istioVersion: string;
  /** The control-plane namespace. */
  public readonly controlPlaneNamespace: string;
  /** The topology. */
  public readonly topology: MultiNetworkTopology;
  /** Who creates the remote secrets. */
  public readonly remoteSecrets: RemoteSecretManagement;
  /**
   * `meshConfig.trustDomain`.
   * @default - not set
   */
  public readonly trustDomain?: string;
  /** `meshConfig.trustDomainAliases`. */
  public readonly trustDomainAliases: string[];

  private readonly clustersByName = new Map<string, MultiNetworkCluster>();
  private federation?: FederatedMesh;
  private readonly sourceMeshes = new Map<string, string>();
  private readonly carriedOver: string[] = [];
  private warned = false;

  constructor(scope: Construct, id: string, props: MultiNetworkMeshProps) {
    super(scope, id);
    this.meshId = props.meshId;
    this.istioVersion = props.istioVersion ?? DEFAULT_ISTIO_VERSION;
    this.controlPlaneNamespace = props.controlPlaneNamespace ?? 'istio-system';
    this.topology = props.topology ?? MultiNetworkTopology.multiPrimary();
    this.remoteSecrets = props.remoteSecrets ?? RemoteSecretManagement.ISTIOCTL;
    this.trustDomain = props.trustDomain;
    this.trustDomainAliases = [...props.trustDomainAliases ?? []];

    const problems: string[] = [];
    const m = `multi-network mesh ${q(id)}`;
    if (typeof this.meshId !== 'string' || !NAME.test(this.meshId)) {
      problems.push(`${m}: meshId ${q(this.meshId)} is not a valid mesh ID (letters, digits, '.', '-' and '_'). Fix: use an ID like 'mesh1'`);
    }
    if (!SAIL_ISTIO_VERSIONS.includes(this.istioVersion)) {
      const minor = /^v?(\d+\.\d+)/.exec(this.istioVersion)?.[1];
      const near = SAIL_ISTIO_VERSIONS.filter(v => minor !== undefined && v.startsWith(`v${minor}`));
      problems.push(`${m}: istioVersion ${q(this.istioVersion)} is not a version the Sail operator's Istio CRD accepts${near.length > 0 ? ` (for ${minor}: ${near.map(v => q(v)).join(', ')})` : ` (from ${q(SAIL_ISTIO_VERSIONS[SAIL_ISTIO_VERSIONS.length - 3])} to ${q(SAIL_ISTIO_VERSIONS[0])})`}. Fix: use one of MultiNetworkMesh.SAIL_ISTIO_VERSIONS, e.g. '${DEFAULT_ISTIO_VERSION}'`);
    }
    const nsProblem = dnsLabelProblem(this.controlPlaneNamespace);
    if (nsProblem) problems.push(`${m}: controlPlaneNamespace ${q(this.controlPlaneNamespace)} ${nsProblem}. Fix: use 'istio-system'`);
    for (const [prop, values] of [['trustDomain', this.trustDomain === undefined ? [] : [this.trustDomain]], ['trustDomainAliases', this.trustDomainAliases]] as const) {
      for (const value of values) {
        if (!isTrustDomain(value)) {
          problems.push(`${m}: ${prop} has ${q(value)}, which is not a valid trust domain (lower case letters, digits, '.', '-' and '_'). Fix: use a name like 'cluster.local'`);
        }
      }
    }
    if (problems.length > 0) throw new FederationError(problems);

    this.node.addValidation({
      validate: () => {
        const found = this.check();
        if (found.problems.length > 0) throw new FederationError(found.problems);
        if (!this.warned) {
          this.warned = true;
          found.warnings.forEach(w => console.warn(`Warning: ${w}`));
        }
        return [];
      },
    });
  }

  /** The clusters, sorted by name. */
  public get clusters(): MultiNetworkCluster[] {
    return [...this.clustersByName.values()].sort((a, b) => byName(a.name, b.name));
  }

  /** The cluster named `name` (as given to `addCluster()`), if any. */
  public findCluster(name: string): MultiNetworkCluster | undefined {
    return this.clustersByName.get(name);
  }

  /**
   * Adds a cluster: a Chart named `name` at the root of the app, whose objects go to
   * `<outdir>/<name>`. `name` is also the default Istio cluster name and kubeconfig context.
   */
  public addCluster(name: string, options: MultiNetworkClusterOptions): MultiNetworkCluster {
    const p = dnsLabelProblem(name);
    if (p) {
      throw new FederationError([`cluster ${q(name)}: name ${q(name)} ${p}. Fix: use a name like 'cluster1'`]);
    }
    if (this.clustersByName.has(name)) {
      throw new FederationError([`cluster ${q(name)}: name is already used by another cluster of this mesh. Fix: give every cluster a unique name`]);
    }
    if (this.node.root.node.tryFindChild(name)) {
      throw new FederationError([`cluster ${q(name)}: name is already used by another chart or construct at the root of the app (clusters are charts named after the cluster). Fix: rename the cluster or the other chart`]);
    }
    return new MultiNetworkCluster(this.node.root, name, { ...options, mesh: this, name });
  }

  /**
   * The istiod Helm values of cluster `name` (`helm install istiod istio/istiod -f <file>`): the
   * same values as the `Istio` resource's `spec.values`, plus `profile: remote` on remotes.
   */
  public helmValues(name: string): { [key: string]: any } {
    const cluster = this.clustersByName.get(name);
    if (!cluster) {
      throw new FederationError([`multi-network mesh ${q(this.node.id)}: helmValues(${q(name)}) names no cluster (clusters: ${this.clusters.map(c => q(c.name)).join(', ') || 'none'}). Fix: pass a name given to addCluster()`]);
    }
    const { values, problems } = cluster._istioValues();
    if (problems.length > 0) throw new FederationError(problems);
    return cluster.isRemote ? { profile: 'remote', ...values } : values;
  }

  /**
   * Writes each cluster's istiod Helm values to `<outdir>/<cluster>/istiod-values.yaml` and returns
   * the paths, in cluster order.
   */
  public writeHelmValues(outdir: string): string[] {
    const found = this.check();
    if (found.problems.length > 0) throw new FederationError(found.problems);
    mkdirSync(outdir, { recursive: true });
    return this.clusters.map(cluster => {
      const file = join(outdir, `${this.node.id}-istiod-values-${cluster.name}.yaml`);
      writeFileSync(file, Yaml.stringify(this.helmValues(cluster.name)));
      return file;
    });
  }

  /**
   * Writes, beside the cluster folders, the istiod Helm values of each cluster
   * (`<id>-istiod-values-<cluster>.yaml`), the manual steps (`<id>-manual-steps.md`, every
   * cluster listed) and, with `fromFederation()`, the migration report (`<id>-migration.md`);
   * returns their paths. `FederationApp` calls it at synth. Nothing is written when the mesh has
   * problems.
   */
  public writeReports(outdir: string): string[] {
    const files = this.writeHelmValues(outdir);
    const steps = join(outdir, `${this.node.id}-manual-steps.md`);
    writeFileSync(steps, manualStepsMarkdown(this.node.id, this.clusters.map(c => c.name), this.manualSteps()));
    files.push(steps);
    if (this.federation) files.push(this.writeMigrationReport(outdir));
    return files;
  }

  /**
   * The reports `FederationApp` writes beside the cluster folders, by file name: each cluster's
   * istiod Helm values (`<id>-istiod-values-<cluster>.yaml`), the manual steps
   * (`<id>-manual-steps.md`, every cluster listed) and, with `fromFederation()`, the migration
   * report (`<id>-migration.md`). Throws the mesh's problems.
   */
  public reportFiles(): { [fileName: string]: string } {
    const found = this.check();
    if (found.problems.length > 0) throw new FederationError(found.problems);
    const id = this.node.id;
    const files: { [fileName: string]: string } = {};
    for (const cluster of this.clusters) files[`${id}-istiod-values-${cluster.name}.yaml`] = Yaml.stringify(this.helmValues(cluster.name));
    files[`${id}-manual-steps.md`] = manualStepsMarkdown(id, this.clusters.map(c => c.name), this.manualSteps());
    if (this.federation) files[`${id}-migration.md`] = this.migrationReportMarkdown();
    return files;
  }

  /**
   * What the library cannot do, in a stable order (by cluster, then step): per cluster running
   * istiod the `cacerts` intermediate CA signed by the shared root, the east-west gateway address when a
   * remote needs it and it is not known, and per ordered pair of clusters the
   * `istioctl create-remote-secret` command (unless remote secrets are managed elsewhere).
   */
  public manualSteps(): ManualStep[] {
    const steps: ManualStep[] = [];
    const clusters = this.clusters;
    const ns = this.controlPlaneNamespace;
    const withCa = clusters.filter(c => !c.isRemote);
    clusters.forEach(cluster => {
      const i = withCa.indexOf(cluster);
      const dir = `certs/${cluster.clusterName}`;
      if (i >= 0) {
        steps.push({
          cluster: cluster.name,
          title: `Install ${cluster.name}'s intermediate CA (Secret cacerts in ${ns})`,
          reason: `Every cluster of a multi-network mesh needs an intermediate CA signed by one shared root, and a CA holds private keys, which the library never writes. Run the commands in an Istio release folder (it holds tools/certs), or use your own CA${i === 0 ? '' : `; sign with the root made in ${withCa[0].name}'s step`}.`,
          commands: [
            ...i === 0 ? ['mkdir -p certs', 'make -C certs -f ../tools/certs/Makefile.selfsigned.mk root-ca'] : [],
            `make -C certs -f ../tools/certs/Makefile.selfsigned.mk ${cluster.clusterName}-cacerts`,
            `kubectl create namespace ${ns} --context=${cluster.kubeContext} --dry-run=client -o yaml | kubectl apply -f - --context=${cluster.kubeContext}`,
            `kubectl create secret generic cacerts -n ${ns} --context=${cluster.kubeContext} --from-file=ca-cert.pem=${dir}/ca-cert.pem --from-file=ca-key.pem=${dir}/ca-key.pem --from-file=root-cert.pem=${dir}/root-cert.pem --from-file=cert-chain.pem=${dir}/cert-chain.pem`,
          ],
          then: `Apply ${cluster.name}'s manifests after the Secret exists, so that istiod starts with the shared root`,
        });
      }
      if (cluster.isPrimaryOfRemotes && !cluster.eastWestGatewayAddresses) {
        const hostname = cluster.platform.addressKind === AddressKind.HOSTNAME;
        const read = `kubectl get service ${EAST_WEST_GATEWAY_NAME} -n ${ns} --context=${cluster.kubeContext} -o jsonpath='{.status.loadBalancer.ingress[0].${hostname ? 'hostname' : 'ip'}}'`;
        steps.push({
          cluster: cluster.name,
          title: `Read ${cluster.name}'s east-west gateway address`,
          reason: 'The remotes reach istiod through it (global.remotePilotAddress), and the load balancer gets its address only once it exists.',
          commands: [hostname ? `dig +short "$(${read})"` : read],
          then: `Set eastWestGatewayAddresses: ['<the IP>'] on ${q(cluster.name)}${hostname ? ' (static IPs, such as Elastic IPs, so that they do not change)' : ''} and synthesize again before applying the remotes`,
        });
      }
    });
    if (this.remoteSecrets === RemoteSecretManagement.ISTIOCTL) {
      for (const reader of clusters) {
        if (reader.isRemote) continue;
        for (const watched of clusters) {
          if (watched === reader) continue;
          steps.push({
            cluster: reader.name,
            title: `Let ${reader.name}'s istiod discover ${watched.name}'s endpoints (remote secret)`,
            reason: 'A remote secret holds credentials for the other cluster\'s API server, which the library never writes.',
            commands: [`istioctl create-remote-secret --context=${watched.kubeContext} --name=${watched.clusterName} | kubectl apply -f - --context=${reader.kubeContext}`],
          });
        }
      }
    }
    // By cluster; within a cluster, in the order above.
    return steps.sort((a, b) => byName(a.cluster, b.cluster));
  }

  /** Warnings about the mesh (clusters sharing a network, hostname-only load balancers). Printed at synth. */
  public warnings(): string[] {
    return this.check().warnings;
  }

  /**
   * With `fromFederation()`: the exports, aliases and imports of the federation (by mesh, peer and
   * rule) that cannot carry over to multi-network Istio, each with what to do instead. Empty when
   * everything carries over, and always empty for a mesh built with `addCluster()`.
   */
  public migrationReport(): MigrationEntry[] {
    return this.federation ? federationMigration(this.federation) : [];
  }

  /** The migration report as Markdown, with the mesh-to-cluster mapping. */
  public migrationReportMarkdown(): string {
    const mapping = this.clusters.map(c => ({
      mesh: this.sourceMeshes.get(c.name), cluster: c.name, clusterName: c.clusterName, network: c.network,
    }));
    const failovers = [...this.carriedOver].sort(byName);
    return migrationMarkdown(this.node.id, this.federation?.node.id, this.migrationReport(), mapping, this.controlPlaneNamespace, failovers);
  }

  /** Writes the migration report to `<outdir>/<id>-migration.md` and returns its path. */
  public writeMigrationReport(outdir: string): string {
    mkdirSync(outdir, { recursive: true });
    const file = join(outdir, `${this.node.id}-migration.md`);
    writeFileSync(file, this.migrationReportMarkdown());
    return file;
  }

  /** Called by each cluster as it is created. @internal */
  public _register(cluster: MultiNetworkCluster): void {
    this.clustersByName.set(cluster.name, cluster);
  }

  /**
   * `global.meshNetworks` for the networks whose gateway addresses are known (IPs given, or
   * NodePort node IPs, which istiod cannot discover).
   * @internal
   */
  public _meshNetworks(): Record<string, any> {
    const result: Record<string, any> = {};
    const clusters = this.clusters;
    for (const network of [...new Set(clusters.map(c => c.network))].sort(byName)) {
      const members = clusters.filter(c => c.network === network);
      const gateways = members.flatMap(c => (c.eastWestGatewayAddresses ?? []).map(address => ({ address, port: c.eastWestTlsPort })));
      if (gateways.length === 0) continue;
      result[network] = { endpoints: members.map(c => ({ fromRegistry: c.clusterName })), gateways };
    }
    return result;
  }

  private check(): { problems: string[]; warnings: string[] } {
    const problems: string[] = [];
    const warnings: string[] = [];
    const clusters = this.clusters;
    const m = `multi-network mesh ${q(this.node.id)}`;
    if (this.topology.kind === MultiNetworkTopologyKind.PRIMARY_REMOTE) {
      const primary = this.topology.primary === undefined ? undefined : this.clustersByName.get(this.topology.primary);
      if (!primary) {
        problems.push(`${m}: MultiNetworkTopology.primaryRemote(${q(this.topology.primary)}) names a primary that is not a cluster of this mesh (clusters: ${clusters.map(c => q(c.name)).join(', ') || 'none'}). Fix: pass the name of one of the clusters`);
      } else if (primary.platform.serviceType === IngressServiceType.NODE_PORT) {
        problems.push(`cluster ${q(primary.name)}: is the primary of a primary-remote mesh on Platform.nodePort(), but the remotes reach istiod at port ${EAST_WEST_ISTIOD_PORT} of global.remotePilotAddress, and a NodePort gateway listens on node port ${primary.eastWestTlsPort + 1}. Fix: run the primary on a load balancer platform, or use MultiNetworkTopology.multiPrimary()`);
      }
    }
    const byClusterName = new Map<string, MultiNetworkCluster>();
    const byNetwork = new Map<string, MultiNetworkCluster[]>();
    for (const cluster of clusters) {
      const other = byClusterName.get(cluster.clusterName);
      if (other) {
        problems.push(`cluster ${q(cluster.name)}: clusterName ${q(cluster.clusterName)} is also the clusterName of ${q(other.name)}; Istio tells clusters apart by it (remote secrets, endpoints, injection paths). Fix: give every cluster a unique clusterName`);
      } else {
        byClusterName.set(cluster.clusterName, cluster);
      }
      byNetwork.set(cluster.network, [...byNetwork.get(cluster.network) ?? [], cluster]);
      problems.push(...cluster._controlPlaneSpec().problems);
      if (cluster.platform.addressKind === AddressKind.HOSTNAME && !cluster.eastWestGatewayAddresses) {
        warnings.push(`cluster ${q(cluster.name)}: the east-west gateway's load balancer on ${cluster.platform.name} reports a hostname only; istiod resolves it to IPs itself (Istio 1.13 and later), and sends cross-network traffic nowhere while the name does not resolve or after its IPs change. Consider static IPs (an NLB with Elastic IPs, 'service.beta.kubernetes.io/aws-load-balancer-eip-allocations') listed in eastWestGatewayAddresses`);
      }
    }
    for (const [network, members] of [...byNetwork.entries()].sort((a, b) => byName(a[0], b[0]))) {
      if (members.length > 1) {
        warnings.push(`clusters ${members.map(c => q(c.name)).join(', ')} share network ${q(network)}: Istio sends traffic between them pod to pod, not through their east-west gateways. Consider giving each cluster its own network unless their pod IPs reach each other`);
      }
    }
    return { problems, warnings };
  }
}

/**
 * A federation mesh's platform for its east-west gateway: on NodePort, node ports after the highest
 * one its federation gateways use, so that both can run side by side while clusters move over.
 */
function eastWestPlatform(mesh: Mesh): Platform {
  const np = mesh.platform._nodePortOptions;
  if (mesh.platform.serviceType !== IngressServiceType.NODE_PORT || !np) return mesh.platform;
  const used = [...((mesh.federation as FederatedMesh)._model().mesh(mesh.meshName)?.nodePorts ?? new Map()).values()].flatMap(p => [p.servicePort, p.discoveryPort]);
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
