import { join } from 'node:path';
import { ApiObject, App, AppProps, Chart, Names, Yaml, YamlOutputType } from 'cdk8s';
import { writeTextFile } from './files';
import { GitOpsOptions, gitOpsName, gitOpsObjects, gitOpsProblems, wantsGitOpsObjects } from './gitops';
import { FederationError } from '../core/errors';
import { byName, resourceFileName } from '../core/output';
import { warningsOf } from '../core/warnings';
import { FederatedMesh } from '../federation/federated-mesh';
import { MultiNetworkMesh } from '../multi-network/multi-network-mesh';

/** Props of a `FederationApp`. */
export interface FederationAppProps extends AppProps {
  /**
   * Write a `kustomization.yaml` listing its files into every cluster folder, and Argo CD or Flux
   * objects pointing at the folders.
   * @default - no GitOps files
   */
  readonly gitOps?: GitOpsOptions;

  /**
   * Write each federation's plan, topology diagram and manual steps beside the cluster folders
   * (`<federation id>-plan.md`, `-topology.md`, `-manual-steps.md`), and each multi-network mesh's
   * istiod Helm values, manual steps and migration report (their `reportFiles()`).
   * @default true
   */
  readonly reports?: boolean;

  /**
   * Print every warning recorded in the app (`warnings()`) to stderr at synth, after validation,
   * as `Warning: <message>`. Turn it off to print them yourself.
   * @default true
   */
  readonly printWarnings?: boolean;
}

/**
 * A cdk8s App that writes one folder per cluster (`<outdir>/<mesh>/`, one file per object) and,
 * beside them, each federation's reports; with `gitOps`, also a `kustomization.yaml` per folder
 * and Argo CD or Flux objects. Everything is checked before anything is written, and the same
 * input gives the same bytes.
 */
export class FederationApp extends App {
  /** The GitOps options. @default - none */
  public readonly gitOps?: GitOpsOptions;
  /** Whether the reports are written. */
  public readonly reports: boolean;
  /** Whether `synth()` prints the warnings to stderr. */
  public readonly printWarnings: boolean;
  private gitOpsChart?: Chart;

  constructor(props: FederationAppProps = {}) {
    super({ ...props, yamlOutputType: props.yamlOutputType ?? YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    this.gitOps = props.gitOps;
    this.reports = props.reports ?? true;
    this.printWarnings = props.printWarnings ?? true;
  }

  /** The federations in this app, by construct path. */
  public get federations(): FederatedMesh[] {
    return this.node.findAll().filter((c): c is FederatedMesh => c instanceof FederatedMesh)
      .sort((a, b) => byName(a.node.path, b.node.path));
  }

  /** The multi-network meshes in this app, by construct path. */
  public get multiNetworkMeshes(): MultiNetworkMesh[] {
    return this.node.findAll().filter((c): c is MultiNetworkMesh => c instanceof MultiNetworkMesh)
      .sort((a, b) => byName(a.node.path, b.node.path));
  }

  /**
   * The files of each cluster folder, by folder name, as `synth()` writes them (one
   * `<Kind>.<name><ext>` per object, sorted).
   */
  public clusterFiles(): { [folder: string]: string[] } {
    const result: { [folder: string]: string[] } = {};
    for (const chart of this.charts) {
      const files = chart.node.findAll()
        .filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
        .map(o => `${resourceFileName(o.kind, o.name)}${this.outputFileExtension}`);
      result[Names.toDnsLabel(chart)] = [...new Set(files)].sort(byName);
    }
    return result;
  }

  /**
   * Writes `<outdir>/<folder>/kustomization.yaml` for every cluster folder, listing exactly the
   * files `synth()` writes there (`clusterFiles()`), and returns their paths. `synth()` calls it
   * with the app's outdir when `gitOps` is set.
   */
  public writeKustomizations(outdir: string): string[] {
    return Object.entries(this.clusterFiles()).map(([folder, files]) => writeTextFile(
      join(outdir, folder, 'kustomization.yaml'),
      Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files }),
    ));
  }

  /**
   * Every warning recorded in the app's tree, in tree order: what the constructs found that does
   * not stop synth (e.g. a federation exporting every service of a namespace). Constructs record
   * their warnings when they are validated, so the list is complete after `synth()`.
   */
  public warnings(): string[] {
    return warningsOf(this);
  }

  /**
   * Checks the app and writes the cluster folders, prints the warnings (unless `printWarnings` is
   * false), then writes the kustomizations (with `gitOps`) and the reports (unless `reports` is
   * false).
   */
  public override synth(): void {
    const gitOps = this.gitOps;
    if (gitOps) {
      this.addGitOpsChart(gitOps);
    }
    super.synth();
    if (this.printWarnings) {
      for (const warning of this.warnings()) process.stderr.write(`Warning: ${warning}\n`);
    }
    if (gitOps) {
      this.writeKustomizations(this.outdir);
    }
    if (this.reports) {
      this.writeReportFiles(this.outdir);
    }
  }

  /**
   * Writes every federation's and multi-network mesh's `reportFiles()` into `outdir`. All of them
   * are rendered before the first is written, so nothing is written when one has problems.
   */
  private writeReportFiles(outdir: string): void {
    const reports = [...this.federations, ...this.multiNetworkMeshes].flatMap(c => Object.entries(c.reportFiles()));
    for (const [fileName, content] of reports) writeTextFile(join(outdir, fileName), content);
  }

  private addGitOpsChart(gitOps: GitOpsOptions): void {
    const name = gitOpsName(gitOps);
    const existing = this.node.tryFindChild(name);
    const clusters = this.charts.filter(c => c !== this.gitOpsChart).map(c => Names.toDnsLabel(c)).sort(byName);
    const problems = gitOpsProblems(gitOps, {
      yamlOutputType: this.yamlOutputType,
      clusters,
      nameTaken: existing !== undefined && existing !== this.gitOpsChart,
    });
    if (problems.length > 0) throw new FederationError(problems);
    if (existing || !wantsGitOpsObjects(gitOps)) return;
    const chart = new Chart(this, name);
    this.gitOpsChart = chart;
    for (const object of gitOpsObjects(gitOps, clusters)) new ApiObject(chart, object.id, object.props);
  }
}
