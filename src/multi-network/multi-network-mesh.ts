// A multi-network Istio mesh: the clusters it spans, the checks that need more than one of them,
// and the reports (istiod Helm values, manual steps, migration report).
import { Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { addClusterProblems, meshPropProblems, meshProblems, meshWarnings, unknownClusterProblem } from './checks';
import { MultiNetworkCluster, MultiNetworkClusterOptions, MultiNetworkClusterSettings } from './cluster';
import { meshNetworks } from './istio-values';
import { multiNetworkManualSteps } from './manual-steps';
import { MigrationEntry } from './migration-entry';
import { MigrationRecord, migrationMarkdown, registeredMigrator } from './migration-report';
import { MultiNetworkTopology, RemoteSecretManagement } from './topology';
import { DEFAULT_ISTIO_VERSION, SAIL_ISTIO_VERSIONS } from './versions';
import { FederationError } from '../core/errors';
import { IFederation } from '../core/federation-ref';
import { ManualStep } from '../core/manual-step';
import { manualStepsMarkdown } from '../core/manual-steps-report';
import { byName, q } from '../core/output';
import { addWarning } from '../core/warnings';

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

/** Props of `MultiNetworkMesh.fromFederation()`. */
export interface MultiNetworkFromFederationProps extends MultiNetworkMeshProps {
  /**
   * Multi-network settings per federation mesh name.
   * @default - none
   */
  readonly clusterSettings?: { [meshName: string]: MultiNetworkClusterSettings };
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
   * synthesized here. `migrationReport()` lists what cannot carry over. `federation` is a
   * `FederatedMesh`; the migration layer does the work (this layer never depends on the federation).
   */
  public static fromFederation(scope: Construct, id: string, federation: IFederation, props: MultiNetworkFromFederationProps): MultiNetworkMesh {
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

  private readonly clustersByName = new Map<string, MultiNetworkCluster>();
  private migration?: MigrationRecord;

  constructor(scope: Construct, id: string, props: MultiNetworkMeshProps) {
    super(scope, id);
    this.meshId = props.meshId;
    this.istioVersion = props.istioVersion ?? DEFAULT_ISTIO_VERSION;
    this.controlPlaneNamespace = props.controlPlaneNamespace ?? 'istio-system';
    this.topology = props.topology ?? MultiNetworkTopology.multiPrimary();
    this.remoteSecrets = props.remoteSecrets ?? RemoteSecretManagement.ISTIOCTL;
    this.trustDomain = props.trustDomain;
    this.trustDomainAliases = [...props.trustDomainAliases ?? []];

    const problems = meshPropProblems(id, this);
    if (problems.length > 0) throw new FederationError(problems);

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
    const problems = addClusterProblems(name, {
      inMesh: this.clustersByName.has(name),
      atRoot: this.node.root.node.tryFindChild(name) !== undefined,
    });
    if (problems.length > 0) throw new FederationError(problems);
    return new MultiNetworkCluster(this.node.root, name, { ...options, mesh: this, name });
  }

  /**
   * The istiod Helm values of cluster `name` (`helm install istiod istio/istiod -f <file>`): the
   * same values as the `Istio` resource's `spec.values`, plus `profile: remote` on remotes.
   */
  public helmValues(name: string): { [key: string]: any } {
    const cluster = this.clustersByName.get(name);
    if (!cluster) throw new FederationError([unknownClusterProblem(this.node.id, name, this.clusters.map(c => c.name))]);
    const { values, problems } = cluster._istioValues();
    if (problems.length > 0) throw new FederationError(problems);
    return cluster.isRemote ? { profile: 'remote', ...values } : values;
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
    if (this.migration) files[`${id}-migration.md`] = this.migrationReportMarkdown();
    return files;
  }

  /**
   * What the library cannot do, in a stable order (by cluster, then step): per cluster running
   * istiod the `cacerts` intermediate CA signed by the shared root, the east-west gateway address when a
   * remote needs it and it is not known, and per ordered pair of clusters the
   * `istioctl create-remote-secret` command (unless remote secrets are managed elsewhere).
   */
  public manualSteps(): ManualStep[] {
    return multiNetworkManualSteps(this.clusters.map(c => c._facts()), this.controlPlaneNamespace, this.remoteSecrets);
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
    return migrationMarkdown(this.node.id, record?.federationName, this.migrationReport(), mapping, this.controlPlaneNamespace, failovers);
  }

  /**
   * Called by `fromFederation()` (the migration layer) with what the mesh reports of the federation
   * it comes from.
   * @internal
   */
  public _recordMigration(record: MigrationRecord): void {
    this.migration = record;
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
    return meshNetworks(this.clusters.map(c => c._facts()));
  }

  /** Every problem that needs more than one cluster, and every warning, in a stable order. */
  private check(): { problems: string[]; warnings: string[] } {
    const facts = this.clusters.map(c => ({ ...c._facts(), valueProblems: c._controlPlaneSpec().problems }));
    return { problems: meshProblems(this.node.id, this.topology, facts), warnings: meshWarnings(facts) };
  }
}
