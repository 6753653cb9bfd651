// GitOps output of a FederationApp: the options, their checks (a pure function of the options and
// the app's cluster folders) and the Argo CD and Flux objects pointing at the folders, as plain
// manifests. FederationApp puts the manifests in a chart; nothing here touches a construct.
import { ApiObjectProps, Duration, YamlOutputType } from 'cdk8s';
import { dnsLabelProblem } from '../core/names';
import { byName, q } from '../core/output';

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
   * An `https://`, `http://` or `ssh://` URL, or (Argo CD only) `git@host:path`; no whitespace, no password.
   * @default - none (only kustomization.yaml files)
   */
  readonly repoUrl?: string;

  /**
   * The branch (Flux `ref.branch`, Argo CD `targetRevision`): a Git branch name.
   * @default 'main'
   */
  readonly revision?: string;

  /**
   * Path of the app's output folder inside the repository: relative to its root (`.` for the
   * root), normalised, without `..`.
   * @default 'dist'
   */
  readonly path?: string;

  /**
   * Argo CD objects to write.
   * @default ArgoCdOutput.NONE
   */
  readonly argoCd?: ArgoCdOutput;

  /**
   * Namespace of Argo CD (a DNS-1123 label).
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
   * Namespace of Flux (a DNS-1123 label).
   * @default 'flux-system'
   */
  readonly fluxNamespace?: string;

  /**
   * How often Flux reconciles: a whole number of seconds, at least 1.
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
   * and GitRepository (a DNS-1123 label). It is applied to the cluster that runs Argo CD or Flux.
   * @default 'gitops'
   */
  readonly name?: string;
}

/** What the GitOps checks need to know of the app. */
export interface GitOpsAppFacts {
  /** The app's output type. */
  readonly yamlOutputType: YamlOutputType;
  /** The cluster folders (chart names, without the GitOps chart), sorted. */
  readonly clusters: string[];
  /** Whether a chart other than the GitOps chart already has the GitOps chart's name. */
  readonly nameTaken: boolean;
}

/**
 * A mesh as the GitOps objects see it: its cluster folder (the mesh name), its control-plane
 * namespace, and whether its folder holds the Namespace (a federation's `Mesh` fits).
 */
export interface GitOpsMesh {
  readonly meshName: string;
  readonly controlPlaneNamespace: string;
  readonly prerequisites: { readonly namespaces?: boolean };
}

/** By cluster folder, the namespace Argo CD must create there. */
export type NamespacesToCreate = { [cluster: string]: string };

/**
 * The namespace Argo CD must create in each cluster whose folder holds no Namespace for it, by
 * folder: the control-plane namespace of every mesh whose `prerequisites.namespaces` is false.
 * `FederationApp` passes its federations' meshes (`federations.flatMap(f => f.meshes)`).
 */
export function namespacesToCreate(meshes: readonly GitOpsMesh[]): NamespacesToCreate {
  const result: NamespacesToCreate = {};
  for (const mesh of meshes) {
    if (mesh.prerequisites.namespaces === false) result[mesh.meshName] = mesh.controlPlaneNamespace;
  }
  return result;
}

/** One object of the GitOps chart: its construct id and its manifest. */
export interface GitOpsObject {
  readonly id: string;
  readonly props: ApiObjectProps;
}

const WHERE = 'FederationApp gitOps';

/** The name of the GitOps chart (and of the ApplicationSet and GitRepository). */
export function gitOpsName(gitOps: GitOpsOptions): string {
  return gitOps.name ?? 'gitops';
}

/** Whether the options ask for Argo CD or Flux objects (rather than kustomizations only). */
export function wantsGitOpsObjects(gitOps: GitOpsOptions): boolean {
  return (gitOps.argoCd ?? ArgoCdOutput.NONE) !== ArgoCdOutput.NONE || gitOps.flux === true;
}

/** Everything wrong with `gitOps` for an app with `facts`, each with its fix; empty when fine. */
export function gitOpsProblems(gitOps: GitOpsOptions, facts: GitOpsAppFacts): string[] {
  return [
    ...layoutProblems(gitOps, facts),
    ...destinationKeyProblems(gitOps, facts.clusters),
    ...argoCdProblems(gitOps, facts.clusters),
    ...fluxProblems(gitOps, facts.clusters),
    ...folderNameProblems(gitOps, facts.clusters),
  ];
}

/**
 * A cluster folder is named after its chart (cdk8s's `Names.toDnsLabel`); the Argo CD Application
 * and Flux Kustomization of a folder take its name, so it must be a DNS-1123 label (Argo CD also
 * writes it as a label value).
 */
function folderNameProblems(gitOps: GitOpsOptions, clusters: string[]): string[] {
  if (!wantsGitOpsObjects(gitOps)) return [];
  return clusters.flatMap(cluster => {
    const problem = dnsLabelProblem(cluster);
    return problem === undefined ? [] : [`${WHERE}: cluster folder ${q(cluster)} ${problem}, so it cannot name the Argo CD Application or Flux Kustomization that applies it. Fix: give its chart an id that is a DNS-1123 label, e.g. 'red-mesh'`];
  });
}

function layoutProblems(gitOps: GitOpsOptions, facts: GitOpsAppFacts): string[] {
  const problems: string[] = [];
  if (facts.yamlOutputType !== YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE) {
    problems.push(`${WHERE}: yamlOutputType ${YamlOutputType[facts.yamlOutputType]} writes no folder per cluster to hold a kustomization.yaml. Fix: leave yamlOutputType unset (FOLDER_PER_CHART_FILE_PER_RESOURCE)`);
  }
  if (facts.nameTaken) {
    problems.push(`${WHERE}: name ${q(gitOpsName(gitOps))} is also the name of a chart (mesh) of the app, so its folder would mix cluster and GitOps objects. Fix: set gitOps.name to another name, e.g. 'argocd'`);
  }
  if (wantsGitOpsObjects(gitOps) && !gitOps.repoUrl) {
    problems.push(`${WHERE}: repoUrl is not set, but Argo CD or Flux objects must name the repository. Fix: set repoUrl, e.g. 'https://git.example.com/platform/meshes.git'`);
  }
  return problems;
}

function destinationKeyProblems(gitOps: GitOpsOptions, clusters: string[]): string[] {
  const folders = clusters.map(c => q(c)).join(', ') || 'none';
  return Object.keys(gitOps.destinations ?? {}).sort(byName).filter(key => !clusters.includes(key))
    .map(key => `${WHERE}: destinations[${q(key)}] names no cluster folder (folders: ${folders}). Fix: key destinations by mesh name`);
}

function argoCdProblems(gitOps: GitOpsOptions, clusters: string[]): string[] {
  const argoCd = gitOps.argoCd ?? ArgoCdOutput.NONE;
  if (argoCd === ArgoCdOutput.NONE) return [];
  const destinations = gitOps.destinations ?? {};
  const problems: string[] = [];
  for (const cluster of clusters) {
    const d = own(destinations, cluster);
    if (!d?.server && !d?.name) {
      problems.push(`${WHERE}: destinations[${q(cluster)}] has neither server nor name, so Argo CD would not know where to apply ${q(cluster)}. Fix: set destinations: { '${cluster}': { server: 'https://api.<cluster>:6443' } } or { name: '<Argo CD cluster name>' }`);
    } else if (d.server && d.name) {
      problems.push(`${WHERE}: destinations[${q(cluster)}] sets both server and name; Argo CD takes one. Fix: keep one of them`);
    }
  }
  if (argoCd === ArgoCdOutput.APPLICATION_SET && new Set(clusters.map(c => (own(destinations, c)?.server ? 'server' : 'name'))).size > 1) {
    problems.push(`${WHERE}: an ApplicationSet template takes one kind of destination, but some clusters set server and others name. Fix: use server for every cluster, or name for every cluster`);
  }
  return problems;
}

function fluxProblems(gitOps: GitOpsOptions, clusters: string[]): string[] {
  if (!gitOps.flux) return [];
  const local = clusters.filter(c => !own(gitOps.destinations ?? {}, c)?.kubeConfigSecretName);
  if (local.length <= 1) return [];
  return [`${WHERE}: clusters ${local.map(c => q(c)).join(', ')} have no kubeConfigSecretName, so Flux would apply all of them to the one cluster it runs in. Fix: set destinations: { '<mesh>': { kubeConfigSecretName: '<secret>' } } for all but at most one`];
}

/**
 * The Argo CD and Flux objects pointing at the cluster folders, in the order they are created.
 * `createNamespaces` (`namespacesToCreate()`) names, by folder, the control-plane namespace a
 * folder holds no Namespace for: Argo CD applies that folder to it as `destination.namespace` with
 * `syncPolicy.syncOptions: ['CreateNamespace=true']`, so that a fresh cluster's first sync works.
 * (Argo CD creates only the destination namespace, and Flux creates none: the manual steps list
 * the namespaces that must exist.) Expects options without `gitOpsProblems()`.
 */
export function gitOpsObjects(gitOps: GitOpsOptions, clusters: string[], createNamespaces: NamespacesToCreate = {}): GitOpsObject[] {
  const source = gitOpsSource(gitOps);
  switch (gitOps.argoCd ?? ArgoCdOutput.NONE) {
    case ArgoCdOutput.APPLICATION_PER_CLUSTER:
      return [...argoCdApplications(gitOps, source, clusters, createNamespaces), ...fluxObjects(gitOps, source, clusters)];
    case ArgoCdOutput.APPLICATION_SET:
      return [argoCdApplicationSet(gitOps, source, clusters, createNamespaces), ...fluxObjects(gitOps, source, clusters)];
    default:
      return fluxObjects(gitOps, source, clusters);
  }
}

/** Where the objects find the cluster folders. */
interface GitOpsSource {
  readonly name: string;
  readonly repoUrl?: string;
  readonly revision: string;
  /** The output folder inside the repository, without a trailing slash. */
  readonly root: string;
}

function gitOpsSource(gitOps: GitOpsOptions): GitOpsSource {
  return { name: gitOpsName(gitOps), repoUrl: gitOps.repoUrl, revision: gitOps.revision ?? 'main', root: (gitOps.path ?? 'dist').replace(/\/+$/, '') };
}

/**
 * The parts of the spec every Argo CD application shares: project, source and sync policy (with
 * `createNamespace`, Argo CD creates the destination namespace).
 */
function argoCdSpec(
  gitOps: GitOpsOptions, source: GitOpsSource, folder: string, destination: Record<string, string | undefined>, createNamespace: boolean,
) {
  const syncPolicy = {
    ...(gitOps.automatedSync ? { automated: { prune: true, selfHeal: true } } : {}),
    ...(createNamespace ? { syncOptions: ['CreateNamespace=true'] } : {}),
  };
  return {
    project: gitOps.argoCdProject ?? 'default',
    source: { repoURL: source.repoUrl, targetRevision: source.revision, path: `${source.root}/${folder}` },
    destination,
    ...(Object.keys(syncPolicy).length > 0 ? { syncPolicy } : {}),
  };
}

function argoCdApplications(gitOps: GitOpsOptions, source: GitOpsSource, clusters: string[], createNamespaces: NamespacesToCreate): GitOpsObject[] {
  const destinations = gitOps.destinations ?? {};
  return clusters.map(cluster => {
    const d = own(destinations, cluster)!;
    const namespace = own(createNamespaces, cluster);
    return {
      id: `Application-${cluster}`,
      props: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Application',
        metadata: { name: cluster, namespace: gitOps.argoCdNamespace ?? 'argocd' },
        spec: argoCdSpec(gitOps, source, cluster, { ...(d.server ? { server: d.server } : { name: d.name }), namespace }, namespace !== undefined),
      },
    };
  });
}

/**
 * One ApplicationSet for every cluster. When a folder needs its namespace created, every element
 * carries a `namespace` (empty for folders that hold their Namespace, which Argo CD then leaves
 * alone) and the template creates it.
 */
function argoCdApplicationSet(gitOps: GitOpsOptions, source: GitOpsSource, clusters: string[], createNamespaces: NamespacesToCreate): GitOpsObject {
  const destinations = gitOps.destinations ?? {};
  const byServer = clusters.length > 0 && !!own(destinations, clusters[0])!.server;
  const target = (c: string) => own(destinations, c)!.server ?? own(destinations, c)!.name;
  const create = clusters.some(c => own(createNamespaces, c) !== undefined);
  const element = (c: string) => ({ cluster: c, destination: target(c), ...(create ? { namespace: own(createNamespaces, c) ?? '' } : {}) });
  const destination = { [byServer ? 'server' : 'name']: '{{destination}}', ...(create ? { namespace: '{{namespace}}' } : {}) };
  return {
    id: 'ApplicationSet',
    props: {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: source.name, namespace: gitOps.argoCdNamespace ?? 'argocd' },
      spec: {
        generators: [{ list: { elements: clusters.map(element) } }],
        template: {
          metadata: { name: '{{cluster}}' },
          spec: argoCdSpec(gitOps, source, '{{cluster}}', destination, create),
        },
      },
    },
  };
}

function fluxObjects(gitOps: GitOpsOptions, source: GitOpsSource, clusters: string[]): GitOpsObject[] {
  if (!gitOps.flux) return [];
  const namespace = gitOps.fluxNamespace ?? 'flux-system';
  const interval = goDuration(gitOps.fluxInterval ?? Duration.minutes(10));
  const repository: GitOpsObject = {
    id: 'GitRepository',
    props: {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: source.name, namespace },
      spec: { interval, url: source.repoUrl, ref: { branch: source.revision } },
    },
  };
  return [repository, ...clusters.map(cluster => {
    const secret = own(gitOps.destinations ?? {}, cluster)?.kubeConfigSecretName;
    return {
      id: `Kustomization-${cluster}`,
      props: {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: { name: cluster, namespace },
        spec: {
          interval,
          path: `./${source.root}/${cluster}`,
          prune: true,
          sourceRef: { kind: 'GitRepository', name: source.name },
          ...(secret ? { kubeConfig: { secretRef: { name: secret } } } : {}),
        },
      },
    };
  })];
}

/**
 * The entry of `map` under `key`, if `map` itself holds one: a cluster folder named like a property
 * every object inherits (`constructor`) finds nothing, not a function.
 */
function own<T>(map: { readonly [key: string]: T }, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}

/** `10m`, `1h`, `90s`: a Go duration, as Flux reads it. */
export function goDuration(d: Duration): string {
  const seconds = d.toSeconds();
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}
