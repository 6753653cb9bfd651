import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, AppProps, Chart, Duration, Names, Yaml, YamlOutputType } from 'cdk8s';
import { FederationError } from '../core/errors';
import { byName, q, resourceFileName } from '../core/output';
import { FederatedMesh } from '../federation/federated-mesh';
import { MultiNetworkMesh } from '../multi-network/multi-network-mesh';

/** Which Argo CD objects point at the cluster folders. */
export enum ArgoCdOutput {
  /** No Argo CD objects. */
  NONE = 'none',
  /** One `Application` per cluster folder. */
  APPLICATION_PER_CLUSTER = 'application-per-cluster',
  /** One `ApplicationSet` with a list generator holding every cluster folder. */
  APPLICATION_SET = 'application-set',
}

/** Where one cluster folder is applied. */
export interface ClusterDestination {
  /**
   * Argo CD `destination.server`: the API server URL of the cluster.
   * @default - `name` must be set
   */
  readonly server?: string;

  /**
   * Argo CD `destination.name`: the name the cluster is registered under in Argo CD.
   * @default - `server` must be set
   */
  readonly name?: string;

  /**
   * Flux: the Secret in the Flux namespace holding this cluster's kubeconfig
   * (`spec.kubeConfig.secretRef.name`).
   * @default - the cluster Flux runs in (at most one cluster folder may rely on this)
   */
  readonly kubeConfigSecretName?: string;
}

/** GitOps output: a kustomization per cluster folder and, optionally, Argo CD and Flux objects. */
export interface GitOpsOptions {
  /**
   * The Git repository the output is committed to. Required for Argo CD and Flux objects.
   * @default - none (only kustomization.yaml files)
   */
  readonly repoUrl?: string;

  /**
   * The branch (Flux `ref.branch`, Argo CD `targetRevision`).
   * @default 'main'
   */
  readonly revision?: string;

  /**
   * Path of the app's output folder inside the repository.
   * @default 'dist'
   */
  readonly path?: string;

  /**
   * Argo CD objects to write.
   * @default ArgoCdOutput.NONE
   */
  readonly argoCd?: ArgoCdOutput;

  /**
   * Namespace of Argo CD.
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;

  /**
   * Argo CD project of the applications.
   * @default 'default'
   */
  readonly argoCdProject?: string;

  /**
   * Sync automatically (`syncPolicy.automated` with prune and self-heal).
   * @default false - Argo CD shows the diff and waits for a manual sync
   */
  readonly automatedSync?: boolean;

  /**
   * Write a Flux `GitRepository` and one Flux `Kustomization` per cluster folder.
   * @default false
   */
  readonly flux?: boolean;

  /**
   * Namespace of Flux.
   * @default 'flux-system'
   */
  readonly fluxNamespace?: string;

  /**
   * How often Flux reconciles.
   * @default Duration.minutes(10)
   */
  readonly fluxInterval?: Duration;

  /**
   * Where each cluster folder is applied, by folder (mesh) name. Required for every cluster with
   * Argo CD; with Flux, clusters without `kubeConfigSecretName` are the cluster Flux runs in.
   * @default - none
   */
  readonly destinations?: { [cluster: string]: ClusterDestination };

  /**
   * Name of the folder (a chart) holding the Argo CD and Flux objects, and of the ApplicationSet
   * and GitRepository. It is applied to the cluster that runs Argo CD or Flux.
   * @default 'gitops'
   */
  readonly name?: string;
}

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
   * istiod Helm values, manual steps and migration report (`MultiNetworkMesh.writeReports`).
   * @default true
   */
  readonly reports?: boolean;
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
  private gitOpsChart?: Chart;

  constructor(props: FederationAppProps = {}) {
    super({ ...props, yamlOutputType: props.yamlOutputType ?? YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    this.gitOps = props.gitOps;
    this.reports = props.reports ?? true;
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
    return Object.entries(this.clusterFiles()).map(([folder, files]) => {
      mkdirSync(join(outdir, folder), { recursive: true });
      const file = join(outdir, folder, 'kustomization.yaml');
      writeFileSync(file, Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files }));
      return file;
    });
  }

  public override synth(): void {
    const gitOps = this.gitOps;
    if (gitOps) {
      this.addGitOpsChart(gitOps);
    }
    super.synth();
    if (gitOps) {
      this.writeKustomizations(this.outdir);
    }
    if (this.reports) {
      for (const federation of this.federations) federation.writeReports(this.outdir);
      for (const mesh of this.multiNetworkMeshes) {
        for (const [file, content] of Object.entries(mesh.reportFiles())) writeFileSync(join(this.outdir, file), content);
      }
    }
  }

  private addGitOpsChart(gitOps: GitOpsOptions): void {
    const name = gitOps.name ?? 'gitops';
    const argoCd = gitOps.argoCd ?? ArgoCdOutput.NONE;
    const problems: string[] = [];
    const where = 'FederationApp gitOps';
    if (this.yamlOutputType !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) {
      problems.push(`${where}: yamlOutputType ${YamlOutputType[this.yamlOutputType]} writes no folder per cluster to hold a kustomization.yaml. Fix: leave yamlOutputType unset (FOLDER_PER_CHART_FILE_PER_RESOURCE)`);
    }
    const existing = this.node.tryFindChild(name);
    if (existing && existing !== this.gitOpsChart) {
      problems.push(`${where}: name ${q(name)} is also the name of a chart (mesh) of the app, so its folder would mix cluster and GitOps objects. Fix: set gitOps.name to another name, e.g. 'argocd'`);
    }
    const clusters = this.charts.filter(c => c !== this.gitOpsChart).map(c => Names.toDnsLabel(c)).sort(byName);
    const wantsObjects = argoCd !== ArgoCdOutput.NONE || gitOps.flux === true;
    if (wantsObjects && !gitOps.repoUrl) {
      problems.push(`${where}: repoUrl is not set, but Argo CD or Flux objects must name the repository. Fix: set repoUrl, e.g. 'https://git.example.com/platform/meshes.git'`);
    }
    const destinations = gitOps.destinations ?? {};
    for (const key of Object.keys(destinations).sort(byName)) {
      if (!clusters.includes(key)) {
        problems.push(`${where}: destinations[${q(key)}] names no cluster folder (folders: ${clusters.map(c => q(c)).join(', ') || 'none'}). Fix: key destinations by mesh name`);
      }
    }
    if (argoCd !== ArgoCdOutput.NONE) {
      for (const cluster of clusters) {
        const d = destinations[cluster];
        if (!d?.server && !d?.name) {
          problems.push(`${where}: destinations[${q(cluster)}] has neither server nor name, so Argo CD would not know where to apply ${q(cluster)}. Fix: set destinations: { '${cluster}': { server: 'https://api.<cluster>:6443' } } or { name: '<Argo CD cluster name>' }`);
        } else if (d.server && d.name) {
          problems.push(`${where}: destinations[${q(cluster)}] sets both server and name; Argo CD takes one. Fix: keep one of them`);
        }
      }
      if (argoCd === ArgoCdOutput.APPLICATION_SET) {
        const kinds = new Set(clusters.map(c => destinations[c]?.server ? 'server' : 'name'));
        if (kinds.size > 1) {
          problems.push(`${where}: an ApplicationSet template takes one kind of destination, but some clusters set server and others name. Fix: use server for every cluster, or name for every cluster`);
        }
      }
    }
    if (gitOps.flux) {
      const local = clusters.filter(c => !destinations[c]?.kubeConfigSecretName);
      if (local.length > 1) {
        problems.push(`${where}: clusters ${local.map(c => q(c)).join(', ')} have no kubeConfigSecretName, so Flux would apply all of them to the one cluster it runs in. Fix: set destinations: { '<mesh>': { kubeConfigSecretName: '<secret>' } } for all but at most one`);
      }
    }
    if (problems.length > 0) throw new FederationError(problems);
    if (existing || !wantsObjects) return;

    const chart = new Chart(this, name);
    this.gitOpsChart = chart;
    const revision = gitOps.revision ?? 'main';
    const root = (gitOps.path ?? 'dist').replace(/\/+$/, '');
    const argoNs = gitOps.argoCdNamespace ?? 'argocd';
    const project = gitOps.argoCdProject ?? 'default';
    const syncPolicy = gitOps.automatedSync ? { syncPolicy: { automated: { prune: true, selfHeal: true } } } : {};
    const destination = (d: ClusterDestination) => (d.server ? { server: d.server } : { name: d.name });
    if (argoCd === ArgoCdOutput.APPLICATION_PER_CLUSTER) {
      for (const cluster of clusters) {
        new ApiObject(chart, `Application-${cluster}`, {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Application',
          metadata: { name: cluster, namespace: argoNs },
          spec: {
            project,
            source: { repoURL: gitOps.repoUrl, targetRevision: revision, path: `${root}/${cluster}` },
            destination: destination(destinations[cluster]),
            ...syncPolicy,
          },
        });
      }
    } else if (argoCd === ArgoCdOutput.APPLICATION_SET) {
      const byServer = clusters.length > 0 && !!destinations[clusters[0]].server;
      const target = (c: string) => destinations[c].server ?? destinations[c].name;
      new ApiObject(chart, 'ApplicationSet', {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: { name, namespace: argoNs },
        spec: {
          generators: [{ list: { elements: clusters.map(c => ({ cluster: c, destination: target(c) })) } }],
          template: {
            metadata: { name: '{{cluster}}' },
            spec: {
              project,
              source: { repoURL: gitOps.repoUrl, targetRevision: revision, path: `${root}/{{cluster}}` },
              destination: byServer ? { server: '{{destination}}' } : { name: '{{destination}}' },
              ...syncPolicy,
            },
          },
        },
      });
    }
    if (gitOps.flux) {
      const fluxNs = gitOps.fluxNamespace ?? 'flux-system';
      const interval = goDuration(gitOps.fluxInterval ?? Duration.minutes(10));
      new ApiObject(chart, 'GitRepository', {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'GitRepository',
        metadata: { name, namespace: fluxNs },
        spec: { interval, url: gitOps.repoUrl, ref: { branch: revision } },
      });
      for (const cluster of clusters) {
        const secret = destinations[cluster]?.kubeConfigSecretName;
        new ApiObject(chart, `Kustomization-${cluster}`, {
          apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
          kind: 'Kustomization',
          metadata: { name: cluster, namespace: fluxNs },
          spec: {
            interval,
            path: `./${root}/${cluster}`,
            prune: true,
            sourceRef: { kind: 'GitRepository', name },
            ...(secret ? { kubeConfig: { secretRef: { name: secret } } } : {}),
          },
        });
      }
    }
  }
}

/** `10m`, `1h`, `90s`: a Go duration, as Flux reads it. */
function goDuration(d: Duration): string {
  const seconds = d.toSeconds();
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
