// A multi-network Istio mesh and its clusters: the mesh holds what needs more than one cluster (the
// checks, meshNetworks, the reports); each cluster is a cdk8s Chart rendering its objects lazily
// from its props and the mesh. One file, so that the two can refer to each other without a cycle.
import { ApiObject, Chart, Lazy, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { addCertManagerCa, certManagerProblems, istioCsrAddress, istioCsrReportFiles } from './cert-manager-ca';
import { MeshCertificateAuthority } from './certificate-authority';
import { addClusterProblems, clusterPropProblems, exposureChangeProblems, meshPropProblems, meshProblems, meshSettings, meshWarnings, unknownClusterProblem } from './checks';
import { ClusterFacts, ClusterRole, clusterRole } from './cluster-facts';
import { addClusterNamespace, addCrossNetworkGateway, addIstiodExposure } from './cluster-objects';
import { ALL_LOCAL_HOSTS } from './cross-network-hosts';
import { EastWestGateway } from './east-west-gateway';
import { eastWestGatewayAddresses, eastWestNodePorts, eastWestSourceRanges, eastWestTlsPort } from './gateway-settings';
import { istiodValues, meshNetworks } from './istio-values';
import { multiNetworkManualSteps } from './manual-steps';
import { MigrationEntry } from './migration-entry';
import { MigrationRecord, migrationMarkdown, registeredMigrator } from './migration-report';
import { MultiNetworkClusterOptions, MultiNetworkFromFederationProps, MultiNetworkMeshProps } from './props';
import {
  clusterShapeProblems, FEDERATION_GUARD, fromFederationShapeProblems, listed, meshOwner,
  meshShapeProblems, scopeProblems, throwProblems, unknownSettingsProblems,
} from './shapes';
import { MultiNetworkTopology, RemoteSecretManagement } from './topology';
import { SAIL_ISTIO_VERSIONS } from './versions';
import { FederationError } from '../core/errors';
import { IFederation } from '../core/federation-ref';
import { childById, guardValue, PropGuard, valueProblem } from '../core/guards';
import { ManualStep } from '../core/manual-step';
import { manualStepsMarkdown } from '../core/manual-steps-report';
import { isPlainObject } from '../core/merge';
import type { Locality } from '../core/mesh-options';
import { byName, q, sortManifests } from '../core/output';
import { Platform } from '../core/platform';
import { addWarning } from '../core/warnings';

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

/** Marks a MultiNetworkCluster (charts cannot be told apart with `instanceof`). */
const CLUSTER = Symbol.for('cdk8s-mesh-federation.MultiNetworkCluster');

/**
 * One cluster of a multi-network mesh, and the cdk8s Chart that holds everything it applies: the
 * Sail `Istio` resource (`ControlPlane`), the control-plane Namespace labelled
 * `topology.istio.io/network` (`Namespace`), the east-west gateway (`EastWestGateway`), the
 * `cross-network-gateway` Gateway (`CrossNetworkGateway`; none when a migrated mesh exports nothing), and on
 * the primary of a primary-remote mesh the istiod exposure (`IstiodGateway`, `IstiodVirtualService`); with
 * cert-manager issuance, the CA objects (`RootIssuer` unless you name your issuer, `IntermediateCa`, `CaIssuer`,
 * `RootBundle`).
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
  private crossNetworkGateway?: ApiObject;
  /** With `fromFederation()`: the hosts the mesh exported, and the federation mesh they come from. */
  private exported?: { readonly hosts: () => string[]; readonly mesh: string };

  constructor(scope: Construct, id: string, props: MultiNetworkClusterProps) {
    // Checked before the chart joins the tree, so that a caught error leaves no cluster behind.
    checkCluster(scope, id, props);
    super(scope, id, { disableResourceNameHashes: true });
    // The lists are copied as checked: read at synth, they must not change with the caller's arrays.
    const copy = (list: string[] | undefined) => list && [...list];
    this.options = {
      ...props,
      ingressSourceRanges: copy(props.ingressSourceRanges),
      egressSourceRanges: copy(props.egressSourceRanges),
      eastWestGatewayAddresses: copy(props.eastWestGatewayAddresses),
      crossNetworkHosts: copy(props.crossNetworkHosts),
    };
    this.mesh = props.mesh;
    this.name = props.name ?? id;
    this.clusterName = props.clusterName ?? this.name;
    this.network = props.network ?? `network-${this.name}`;
    this.platform = props.platform;
    this.locality = props.locality;
    this.kubeContext = props.kubeContext ?? this.name;

    const namespace = this.mesh.controlPlaneNamespace;
    // Remotes name the cluster whose istiod configures them.
    addClusterNamespace(this, namespace, this.network, this.isRemote
      ? () => this.mesh.findCluster(this.mesh.topology.primary!)?.clusterName ?? this.mesh.topology.primary! : undefined);
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
    this.eastWestGateway._sourceRanges = () => this.eastWestSourceRanges();
    this.crossNetworkGateway = addCrossNetworkGateway(this, namespace, () => this.crossNetworkHosts);
    if (this.isPrimaryOfRemotes) addIstiodExposure(this, namespace);
    addCertManagerCa(this, this.mesh.certificateAuthority, namespace, this.clusterName);
    Object.defineProperty(this, CLUSTER, { value: true });
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
   * The hosts the `cross-network-gateway` exposes to the other networks: `crossNetworkHosts` when
   * given, else with `fromFederation()` the hosts its mesh exported, else `*.local`. Empty when the
   * cluster has no cross-network Gateway (a migrated mesh that exports nothing).
   */
  public get crossNetworkHosts(): string[] {
    return [...this.options.crossNetworkHosts ?? this.exported?.hosts() ?? ALL_LOCAL_HOSTS];
  }

  /**
   * Called by `fromFederation()` (the migration layer): the Gateway exposes only `hosts` (read at
   * synth), unless `crossNetworkHosts` was given; with none now, the cluster has no Gateway.
   * @internal
   */
  public _exposeExported(hosts: () => string[], mesh: string): void {
    if (this.options.crossNetworkHosts) return;
    this.exported = { hosts, mesh };
    if (hosts().length === 0 && this.node.tryRemoveChild('CrossNetworkGateway')) this.crossNetworkGateway = undefined;
  }

  /** The problem of a migrated cluster whose exports changed, since `fromFederation()`, between none and some. @internal */
  public _exposureProblems(): string[] {
    return this.exported ? exposureChangeProblems(this.name, this.exported.mesh, this.crossNetworkGateway !== undefined, this.crossNetworkHosts) : [];
  }

  /** Objects sorted by kind, namespace and name, so that the same input gives the same file. */
  public override toJson(): any[] {
    return sortManifests(super.toJson());
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
      caAddress: istioCsrAddress(this.mesh.certificateAuthority),
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
 * (`AUTO_PASSTHROUGH` on 15443 for `*.local`, or `crossNetworkHosts`). Remote secrets and the intermediate CAs
 * hold credentials: `manualSteps()` lists the commands instead, unless cert-manager issues the CAs
 * (`certificateAuthority: MeshCertificateAuthority.certManager()`).
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
   * federation gateways, so both can run during the move. Failover DestinationRules carry over as locality load balancing. Each
   * cross-network Gateway lists only what its mesh exported (`crossNetworkExposure`). The federation belongs to another app; nothing of it is
   * synthesized here. `migrationReport()` lists what cannot carry over. `federation` is a
   * `FederatedMesh`; the migration layer does the work (this layer never depends on the federation).
   */
  public static fromFederation(scope: Construct, id: string, federation: IFederation, props: MultiNetworkFromFederationProps): MultiNetworkMesh {
    const m = meshOwner(id);
    throwProblems([
      ...scopeProblems(m, scope, id, "MultiNetworkMesh.fromFederation(app, 'mesh', federation, { meshId: 'mesh1' })"),
      ...listed(valueProblem(m, 'federation', federation, FEDERATION_GUARD)),
      ...fromFederationShapeProblems(m, props),
    ]);
    throwProblems(unknownSettingsProblems(m, federation, props));
    const migrate = registeredMigrator();
    if (!migrate) {
      throw new FederationError([`multi-network mesh ${q(id)}: fromFederation() needs the migration layer, which registers itself when the package's entry point is loaded, and it is not registered. Fix: import MultiNetworkMesh from 'cdk8s-mesh-federation' (src/index.ts), not from its own module`]);
    }
    return migrate(scope, id, federation, props) as MultiNetworkMesh;
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
  /** Who issues every cluster's intermediate CA. */
  public readonly certificateAuthority: MeshCertificateAuthority;

  private migration?: MigrationRecord;

  constructor(scope: Construct, id: string, props: MultiNetworkMeshProps) {
    // Checked before the mesh joins the tree, so that a caught error leaves no mesh behind.
    const m = meshOwner(id);
    const shape = [...scopeProblems(m, scope, id, "new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' })"), ...meshShapeProblems(m, props)];
    const settings = isPlainObject(props) ? meshSettings(props) : undefined;
    throwProblems([...shape, ...typeof id === 'string' && settings ? meshPropProblems(id, settings) : []]);
    super(scope, id);
    this.meshId = settings!.meshId;
    this.istioVersion = settings!.istioVersion;
    this.controlPlaneNamespace = settings!.controlPlaneNamespace;
    this.topology = props.topology ?? MultiNetworkTopology.multiPrimary();
    this.remoteSecrets = props.remoteSecrets ?? RemoteSecretManagement.ISTIOCTL;
    this.trustDomain = settings!.trustDomain;
    this.trustDomainAliases = [...settings!.trustDomainAliases];
    this.certificateAuthority = props.certificateAuthority ?? MeshCertificateAuthority.manual();

    this.node.addValidation({
      validate: () => {
        const found = this.check();
        if (found.problems.length > 0) throw new FederationError(found.problems);
        found.warnings.forEach(w => addWarning(this, w));
        return [];
      },
    });
  }

  /** The clusters, sorted by name. */
  public get clusters(): MultiNetworkCluster[] {
    const isOurs = (c: unknown): c is MultiNetworkCluster => (c as any)[CLUSTER] === true && (c as MultiNetworkCluster).mesh === this;
    return this.node.root.node.children.filter(isOurs).sort((a, b) => byName(a.name, b.name));
  }

  /** The cluster named `name` (as given to `addCluster()`), if any. */
  public findCluster(name: string): MultiNetworkCluster | undefined {
    guardValue(meshOwner(this.node.id), 'findCluster() name', name, { kind: 'string', required: true, fix: 'pass a name given to addCluster()' });
    return this.clusters.find(c => c.name === name);
  }

  /**
   * Adds a cluster: a Chart named `name` at the root of the app, whose objects go to
   * `<outdir>/<name>`. `name` is also the default Istio cluster name and kubeconfig context.
   */
  public addCluster(name: string, options: MultiNetworkClusterOptions): MultiNetworkCluster {
    guardValue(meshOwner(this.node.id), 'addCluster() name', name, { kind: 'string', required: true, fix: "pass the cluster name, e.g. 'cluster1'" });
    throwProblems(addClusterProblems(name, {
      inMesh: this.findCluster(name) !== undefined,
      atRoot: childById(this.node.root, name) !== undefined,
    }));
    // Before the spread below, which would turn a string into an object of its characters.
    if (!isPlainObject(options)) throwProblems(clusterShapeProblems(`cluster ${q(name)}`, options));
    return new MultiNetworkCluster(this.node.root, name, { ...options, mesh: this, name });
  }

  /**
   * The istiod Helm values of cluster `name` (`helm install istiod istio/istiod -f <file>`): the
   * same values as the `Istio` resource's `spec.values`, plus `profile: remote` on remotes.
   */
  public helmValues(name: string): { [key: string]: any } {
    guardValue(meshOwner(this.node.id), 'helmValues() name', name, { kind: 'string', required: true, fix: 'pass a name given to addCluster()' });
    const cluster = this.findCluster(name);
    if (!cluster) throw new FederationError([unknownClusterProblem(this.node.id, name, this.clusters.map(c => c.name))]);
    const { values, problems } = cluster._istioValues();
    if (problems.length > 0) throw new FederationError(problems);
    return cluster.isRemote ? { profile: 'remote', ...values } : values;
  }

  /**
   * The reports `FederationApp` writes beside the cluster folders, by file name: each cluster's
   * istiod Helm values (`<id>-istiod-values-<cluster>.yaml`), the manual steps
   * (`<id>-manual-steps.md`, every cluster listed), with cert-manager each cluster's istio-csr Helm
   * values (`<id>-istio-csr-values-<cluster>.yaml`) and, with `fromFederation()`, the migration
   * report (`<id>-migration.md`). Throws the mesh's problems.
   */
  public reportFiles(): { [fileName: string]: string } {
    const found = this.check();
    if (found.problems.length > 0) throw new FederationError(found.problems);
    const id = this.node.id;
    const files: { [fileName: string]: string } = {};
    for (const cluster of this.clusters) files[`${id}-istiod-values-${cluster.name}.yaml`] = Yaml.stringify(this.helmValues(cluster.name));
    Object.assign(files, istioCsrReportFiles(this, this.clusters.map(c => c._facts())));
    files[`${id}-manual-steps.md`] = manualStepsMarkdown(id, this.clusters.map(c => c.name), this.manualSteps());
    if (this.migration) files[`${id}-migration.md`] = this.migrationReportMarkdown();
    return files;
  }

  /**
   * What the library cannot do, in a stable order (by cluster, then step): per cluster running
   * istiod the `cacerts` intermediate CA signed by the shared root (with cert-manager, on every cluster
   * its installation, the root Secret, the intermediate CA and istio-csr), the east-west gateway address when a
   * remote needs it and it is not known, and per ordered pair of clusters the
   * `istioctl create-remote-secret` command (unless remote secrets are managed elsewhere).
   */
  public manualSteps(): ManualStep[] {
    const ca = this.certificateAuthority._certManager;
    return multiNetworkManualSteps(this.clusters.map(c => c._facts()), this.controlPlaneNamespace, this.remoteSecrets, this.istioVersion,
      ca && { settings: ca, meshId: this.node.id, namespace: this.controlPlaneNamespace });
  }

  /**
   * Warnings about the mesh (clusters sharing a network, hostname-only load balancers). Synth
   * records each once as a warning of the mesh construct (construct metadata), for the app to print.
   */
  public warnings(): string[] {
    return this.check().warnings;
  }

  /**
   * With `fromFederation()`: the exports, aliases and imports of the federation (by mesh, peer and
   * rule) that cannot carry over to multi-network Istio, each with what to do instead. Empty when
   * everything carries over, and always empty for a mesh built with `addCluster()`.
   */
  public migrationReport(): MigrationEntry[] {
    return this.migration?.entries() ?? [];
  }

  /** The migration report as Markdown, with the mesh-to-cluster mapping. */
  public migrationReportMarkdown(): string {
    const record = this.migration;
    const mapping = this.clusters.map(c => ({
      mesh: record?.sourceMeshes.get(c.name), cluster: c.name, clusterName: c.clusterName, network: c.network,
    }));
    const failovers = [...record?.carriedOver ?? []].sort(byName);
    return migrationMarkdown(this.node.id, record?.federationName, this.migrationReport(), mapping, this.controlPlaneNamespace,
      failovers, record?.exposure());
  }

  /**
   * Called by `fromFederation()` (the migration layer) with what the mesh reports of the federation
   * it comes from.
   * @internal
   */
  public _recordMigration(record: MigrationRecord): void {
    this.migration = record;
  }

  /**
   * `global.meshNetworks` for the networks whose gateway addresses are known (IPs given, or
   * NodePort node IPs, which istiod cannot discover).
   * @internal
   */
  public _meshNetworks(): Record<string, any> {
    return meshNetworks(this.clusters.map(c => c._facts()));
  }

  /** Every problem that needs more than one cluster, and every warning, in a stable order. */
  private check(): { problems: string[]; warnings: string[] } {
    const facts = this.clusters.map(c => ({ ...c._facts(), valueProblems: [...c._controlPlaneSpec().problems, ...c._exposureProblems()] }));
    const problems = [...meshProblems(this.node.id, this.topology, facts), ...certManagerProblems(this.certificateAuthority, facts)];
    return { problems, warnings: [...meshWarnings(facts), ...this.migration?.warnings() ?? []] };
  }
}

/**
 * Checks a cluster's props before its chart joins the tree: the scope, id, mesh and name, then
 * the name's rules, then the other props' types and values; each step's problems are thrown together.
 */
function checkCluster(scope: Construct, id: string, props: MultiNetworkClusterProps): void {
  const given: unknown = isPlainObject(props) ? props.name ?? id : id;
  const name = typeof given === 'string' ? given : typeof id === 'string' ? id : '';
  const c = `cluster ${q(name)}`;
  throwProblems([
    ...scopeProblems(c, scope, id, "new MultiNetworkCluster(app, 'cluster1', { mesh, platform })"),
    ...isPlainObject(props) ? [
      ...listed(valueProblem(c, 'mesh', props.mesh, MESH)),
      ...listed(valueProblem(c, 'name', props.name, { kind: 'string', fix: "pass the cluster name, e.g. 'cluster1', or leave it out" })),
    ] : clusterShapeProblems(c, props, 'props'),
  ]);
  throwProblems(addClusterProblems(name, { inMesh: props.mesh.findCluster(name) !== undefined, atRoot: childById(scope, id) !== undefined }));
  throwProblems([...clusterShapeProblems(c, props, 'props'), ...clusterPropProblems(name, props, props.mesh.controlPlaneNamespace)]);
}

/** What a cluster's `mesh` must be. */
const MESH: PropGuard = {
  kind: { test: v => v instanceof MultiNetworkMesh, name: 'a MultiNetworkMesh' },
  required: true,
  fix: 'pass the mesh, or use mesh.addCluster(name, options)',
};
