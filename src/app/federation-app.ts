import { join, resolve } from 'node:path';
import { ApiObject, App, AppProps, Chart, Names, Yaml, YamlOutputType } from 'cdk8s';
import { replaceOwnedFolder, writeTextFile } from './files';
import { writeChartFolders } from './folder-writer';
import { GitOpsOptions, gitOpsName, gitOpsObjects, gitOpsProblems, namespacesToCreate, wantsGitOpsObjects } from './gitops';
import { gitOpsOptionProblems } from './gitops-checks';
import { summaryText } from './summary';
import { VerificationWorkloads } from './verification';
import { FederationError } from '../core/errors';
import { escapeControl, hasControlCharacter, PropGuard, propsProblems, valueProblem } from '../core/guards';
import { isPlainObject } from '../core/merge';
import { byName, q, resourceFileName } from '../core/output';
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

  /**
   * Print a short summary to stdout after synth (`summary()`): each cluster folder with its
   * number of objects, the reports, and how many manual steps are pending in which file. Turn it
   * off to print `summary()` yourself, or nothing.
   * @default true
   */
  readonly printSummary?: boolean;

  /**
   * Let `synth()` (and `writeKustomizations()`) replace an output folder that holds files this
   * library did not write: a non-empty folder without the `.cdk8s-mesh-federation-owned` marker,
   * or with files the marker does not list. The folder is replaced whole, so everything it held is
   * deleted. Without it, such a folder is refused and left as it is. A folder that is, or holds, a
   * symbolic link is refused even with `force`.
   * @default false
   */
  readonly force?: boolean;
}

/**
 * A cdk8s App that writes one folder per cluster (`<outdir>/<mesh>/`, one file per object) and,
 * beside them, each federation's reports; with `gitOps`, also a `kustomization.yaml` per folder
 * and Argo CD or Flux objects. The same input gives the same bytes.
 *
 * The app owns `outdir`: each synth writes everything into a new temporary folder beside it
 * (`.<name>.tmp-<random>`) and only when all of it was written replaces `outdir` whole with it, so
 * files an earlier synth wrote and this one did not are gone, and a synth that fails (a problem,
 * an object that cannot be serialized, a file-system error) leaves the previous output as it was.
 * A marker file at its root, `.cdk8s-mesh-federation-owned`, lists the files written; a non-empty
 * folder without it, or with files it does not list, is refused unless `force`. Symbolic links
 * are never followed: an `outdir` that is one or holds one is refused.
 */
export class FederationApp extends App {
  /** The GitOps options. @default - none */
  public readonly gitOps?: GitOpsOptions;
  /** Whether the reports are written. */
  public readonly reports: boolean;
  /** Whether `synth()` prints the warnings to stderr. */
  public readonly printWarnings: boolean;
  /** Whether `synth()` prints `summary()` to stdout. */
  public readonly printSummary: boolean;
  /** Whether `synth()` may replace an output folder holding files the library did not write. */
  public readonly force: boolean;
  private gitOpsChart?: Chart;

  /**
   * Checks every prop and GitOps option as it is given: a value of the wrong type, or one Argo CD,
   * Flux, Git or the file system cannot take, throws a `FederationError` listing all of them.
   */
  constructor(props: FederationAppProps = {}) {
    super(checkedProps(props));
    this.gitOps = props.gitOps;
    this.reports = props.reports ?? true;
    this.printWarnings = props.printWarnings ?? true;
    this.printSummary = props.printSummary ?? true;
    this.force = props.force ?? false;
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
      const files = objectsOf(chart).map(o => `${resourceFileName(o.kind, o.name)}${this.outputFileExtension}`);
      result[Names.toDnsLabel(chart)] = [...new Set(files)].sort(byName);
    }
    return result;
  }

  /**
   * Adds (or replaces) `<outdir>/<folder>/kustomization.yaml` in every cluster folder, listing
   * exactly the files `synth()` writes there (`clusterFiles()`), and returns their paths.
   * All or nothing, like `synth()`: it copies what `outdir` holds into a new temporary folder
   * beside it, writes the kustomizations there, lists them in the ownership marker and swaps the
   * folder in. `outdir` must be missing, empty or written by this library (unless `force`).
   * `synth()` writes the kustomizations itself when `gitOps` is set.
   */
  public writeKustomizations(outdir: string): string[] {
    const problems = outdirProblems('writeKustomizations() outdir', outdir, true);
    if (problems.length > 0) throw new FederationError(problems);
    replaceOwnedFolder(outdir, { force: this.force, keepContent: true }, dir => this.writeKustomizationFiles(dir));
    return Object.keys(this.clusterFiles()).map(folder => join(outdir, folder, 'kustomization.yaml'));
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
   * What `synth()` prints after writing (unless `printSummary` is false): the output folder, each
   * cluster folder with its number of objects, the reports, and how many manual steps are pending
   * (every federation's and multi-network mesh's `manualSteps()`) with the file to read. Complete
   * after `synth()`, which adds the GitOps folder.
   */
  public summary(): string {
    const owners = [...this.federations, ...this.multiNetworkMeshes];
    return summaryText({
      outdir: resolve(this.outdir),
      inFolders: this.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
      // Every chart in the tree (App.charts would order them by their dependencies, at a cost; the list is sorted).
      folders: chartsIn(this).map(chart => ({ name: Names.toDnsLabel(chart), objects: objectsOf(chart).length }))
        .sort((a, b) => byName(a.name, b.name)),
      reports: this.reports ? owners.flatMap(c => Object.keys(c.reportFiles())) : undefined,
      manualSteps: owners.map(c => ({ file: `${c.node.id}-manual-steps.md`, steps: c.manualSteps().length })),
    });
  }

  /**
   * Checks the app and replaces `outdir` whole with what it writes, or leaves it as it was.
   *
   * Writes the cluster folders, the kustomizations (with `gitOps`), the reports (unless `reports`
   * is false) and the ownership marker into a temporary folder beside `outdir`, then swaps it in;
   * prints the warnings (unless `printWarnings` is false), then the summary (unless
   * `printSummary` is false). Throws a `FederationError`, leaving `outdir` as it was, when
   * anything fails, when `outdir` holds files the library did not write (unless `force`), or when
   * it is or holds a symbolic link.
   */
  public override synth(): void {
    replaceOwnedFolder(this.outdir, { force: this.force }, dir => this._writeInto(dir));
    if (this.printSummary) process.stdout.write(this.summary());
  }

  /**
   * Writes what `synth()` writes into the folder `dir` (a new folder inside an output folder that
   * its caller owns and swaps in), without the ownership marker and the summary.
   * @internal
   */
  public _writeInto(dir: string): void {
    const gitOps = this.gitOps;
    if (gitOps) {
      this.addGitOpsChart(gitOps);
    }
    this.synthInto(dir);
  }

  /** Writes everything of a synth into `dir` (the temporary folder). */
  private synthInto(dir: string): void {
    // The same files as cdk8s's App.synth() writes, faster (src/app/folder-writer.ts); cdk8s itself
    // where only it can be sure of the same result.
    if (!writeChartFolders(this, dir)) this.withOutdir(dir, () => super.synth());
    if (this.printWarnings) {
      for (const warning of this.warnings()) process.stderr.write(`Warning: ${warning}\n`);
    }
    if (this.gitOps) {
      this.writeKustomizationFiles(dir);
    }
    if (this.reports) {
      this.writeReportFiles(dir);
    }
  }

  /**
   * Runs `fn` with `outdir` pointing at `dir`, then points it back. cdk8s's `App.synth()` writes
   * to `this.outdir`, a property its constructor sets (readonly to TypeScript only), so this is
   * how its chart output lands in the temporary folder while `outdir` reports the real target.
   */
  private withOutdir(dir: string, fn: () => void): void {
    const app = this as { outdir: string };
    const target = app.outdir;
    app.outdir = dir;
    try {
      fn();
    } finally {
      app.outdir = target;
    }
  }

  private writeKustomizationFiles(outdir: string): void {
    for (const [folder, files] of Object.entries(this.clusterFiles())) {
      writeTextFile(
        join(outdir, folder, 'kustomization.yaml'),
        Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files }),
      );
    }
  }

  /**
   * Writes every federation's and multi-network mesh's `reportFiles()` into `outdir`. All of them
   * are rendered before the first is written, so nothing is written when one has problems.
   */
  private writeReportFiles(outdir: string): void {
    // The manual steps end with the verification calls when the owner's clusters run the kit.
    const reports = [...this.federations, ...this.multiNetworkMeshes].flatMap(c => Object.entries(c.reportFiles())
      .map(([fileName, content]): [string, string] => [fileName, fileName === `${c.node.id}-manual-steps.md` ? content + VerificationWorkloads.reportSection(c) : content]));
    const problems = reports.flatMap(([fileName]) => reportNameProblem(fileName) ?? []);
    if (problems.length > 0) throw new FederationError(problems);
    for (const [fileName, content] of reports) writeTextFile(join(outdir, fileName), content);
  }

  private addGitOpsChart(gitOps: GitOpsOptions): void {
    const name = gitOpsName(gitOps);
    const existing = this.node.tryFindChild(name);
    const clusters = this.charts.filter(c => c !== this.gitOpsChart).map(c => Names.toDnsLabel(c)).sort(byName);
    const optionProblems = gitOpsOptionProblems(gitOps);
    if (optionProblems.length > 0) throw new FederationError(optionProblems);
    const problems = gitOpsProblems(gitOps, {
      yamlOutputType: this.yamlOutputType,
      clusters,
      nameTaken: existing !== undefined && existing !== this.gitOpsChart,
    });
    if (problems.length > 0) throw new FederationError(problems);
    if (existing || !wantsGitOpsObjects(gitOps)) return;
    const chart = new Chart(this, name);
    this.gitOpsChart = chart;
    // Argo CD creates the control-plane namespace of folders that do not hold their Namespace.
    const createNamespaces = namespacesToCreate(this.federations.flatMap(f => f.meshes));
    for (const object of gitOpsObjects(gitOps, clusters, createNamespaces)) new ApiObject(chart, object.id, object.props);
  }
}

const APP = 'FederationApp';

const APP_GUARDS: Record<string, PropGuard> = {
  outdir: { kind: 'string', fix: "set outdir to the output folder's path, e.g. 'dist', or leave it out" },
  outputFileExtension: { kind: 'string', fix: "set outputFileExtension to a file extension, e.g. '.k8s.yaml', or leave it out" },
  yamlOutputType: {
    kind: { oneOf: Object.values(YamlOutputType).filter(v => typeof v === 'number'), name: 'a YamlOutputType' },
    fix: 'use a YamlOutputType value, e.g. YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE (the default), or leave it out',
  },
  recordConstructMetadata: { kind: 'boolean', fix: 'set recordConstructMetadata to true or false, or leave it out' },
  resolvers: {
    kind: { test: v => Array.isArray(v) && v.every(r => typeof r === 'object' && r !== null && typeof r.resolve === 'function'), name: 'a list of resolvers' },
    fix: 'pass a list of IResolver objects, or leave resolvers out',
  },
  gitOps: { kind: 'object', fix: 'pass the GitOps options as an object, e.g. { repoUrl, flux: true }, or leave gitOps out' },
  reports: { kind: 'boolean', fix: 'set reports to true or false, or leave it out' },
  printWarnings: { kind: 'boolean', fix: 'set printWarnings to true or false, or leave it out' },
  printSummary: { kind: 'boolean', fix: 'set printSummary to true or false, or leave it out' },
  force: { kind: 'boolean', fix: 'set force to true or false, or leave it out' },
};

/**
 * The props for cdk8s's App, once every prop (and each GitOps option) has been checked: throws a
 * FederationError with all of their problems, before anything is created.
 */
function checkedProps(props: FederationAppProps): AppProps {
  const problems = propsProblems(APP, props, APP_GUARDS, 'pass the props as an object, e.g. { outdir: \'dist\' }, or nothing');
  if (isPlainObject(props)) {
    // Each prop of the right type is checked further, so that all problems are reported together.
    const record = props as unknown as Record<string, unknown>;
    const given = (prop: string) => record[prop] !== undefined && valueProblem(APP, prop, record[prop], APP_GUARDS[prop]) === undefined;
    if (given('outdir')) problems.push(...outdirProblems('outdir', props.outdir, false));
    if (given('outputFileExtension')) problems.push(...extensionProblems(props.outputFileExtension!));
    if (given('gitOps')) problems.push(...gitOpsOptionProblems(props.gitOps));
  }
  if (problems.length > 0) throw new FederationError(problems);
  return { ...props, yamlOutputType: props.yamlOutputType ?? YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE };
}

/** Why the output folder `outdir` (given as `prop`) cannot be written to; `required` when it must be given. */
function outdirProblems(prop: string, outdir: unknown, required: boolean): string[] {
  const fix = "Fix: set it to the output folder's path, e.g. 'dist'";
  const typeProblem = valueProblem(APP, prop, outdir, { kind: 'string', required, fix: "set it to the output folder's path, e.g. 'dist'" });
  if (typeProblem !== undefined) return [typeProblem];
  const path = outdir as string;
  if (path.length === 0) return [`${APP}: ${prop} is empty, which is the current folder. ${fix}`];
  if (hasControlCharacter(path)) return [`${APP}: ${prop} ${q(escapeControl(path))} holds a control character, which no folder name should hold. ${fix}`];
  if (path.length > MAX_PATH) return [`${APP}: ${prop} is ${path.length} characters long (at most ${MAX_PATH}). ${fix}`];
  return [];
}

/** The longest output folder path accepted: longer than any file system takes. */
const MAX_PATH = 4096;

/** Why `extension` cannot end the name of each file written (it must not make a path). */
function extensionProblems(extension: string): string[] {
  if (/^[A-Za-z0-9._-]{0,64}$/.test(extension)) return [];
  return [`${APP}: outputFileExtension ${q(escapeControl(extension))} is not a file extension: only letters, digits, '.', '-' and '_' (at most 64), `
    + "so that every file stays in its cluster folder. Fix: set outputFileExtension to e.g. '.k8s.yaml', or leave it out"];
}

/** Why a report's file name is not a plain file name beside the cluster folders; undefined when it is one. */
function reportNameProblem(fileName: string): string | undefined {
  if (fileName !== '.' && fileName !== '..' && fileName.length <= 255 && !/[/\\]/.test(fileName) && !hasControlCharacter(fileName)) return undefined;
  return `${APP}: the report file name ${q(escapeControl(fileName))} is not a plain file name, so it would be written outside the output folder. `
    + 'Fix: give the federation or multi-network mesh an id that is a plain name, e.g. \'federation\'';
}

/** The objects a chart writes: those whose closest chart it is. */
/** The charts in the tree of `app`, in tree order. */
function chartsIn(app: App): Chart[] {
  return app.node.findAll().filter((c): c is Chart => c instanceof Chart);
}

function objectsOf(chart: Chart): ApiObject[] {
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart);
}
