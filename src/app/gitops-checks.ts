// The checks of each GitOps option on its own, made as the options are given (the FederationApp
// constructor): its type, then what Argo CD, Flux and Git accept (names, namespaces, the repository
// URL, the branch, the path inside the repository, the interval, each destination). What needs the
// app's cluster folders is checked at synth (gitOpsProblems in ./gitops).
import { posix } from 'node:path';
import { Duration } from 'cdk8s';
import { ArgoCdOutput } from './gitops';
import { escapeControl, hasControlCharacter, PropGuard, propsProblems, valueProblem } from '../core/guards';
import { isPlainObject } from '../core/merge';
import { dnsLabelProblem, dnsSubdomainProblem } from '../core/names';
import { MAX_ECHO, q } from '../core/output';

const WHERE = 'FederationApp gitOps';
/** The longest URL or path accepted: far beyond any real one, short enough to write and read. */
const MAX_URL = 2048;
/** The longest Go duration, in seconds (2^63 - 1 nanoseconds): Flux cannot read a longer interval. */
const MAX_GO_SECONDS = 9_223_372_036;

const GUARDS: Record<string, PropGuard> = {
  repoUrl: { kind: 'string', fix: "set repoUrl to the repository's URL, e.g. 'https://git.example.com/platform/meshes.git'" },
  revision: { kind: 'string', fix: "set revision to a branch name, e.g. 'main', or leave it out" },
  path: { kind: 'string', fix: "set path to the output folder's path inside the repository, e.g. 'dist', or leave it out" },
  argoCd: {
    kind: { oneOf: Object.values(ArgoCdOutput), name: `one of ${Object.values(ArgoCdOutput).map(v => q(v)).join(', ')}` },
    fix: 'use ArgoCdOutput.APPLICATION_PER_CLUSTER, ArgoCdOutput.APPLICATION_SET or ArgoCdOutput.NONE, or leave it out',
  },
  argoCdNamespace: { kind: 'string', fix: "set argoCdNamespace to the namespace Argo CD runs in, e.g. 'argocd', or leave it out" },
  argoCdProject: { kind: 'string', fix: "set argoCdProject to an Argo CD project name, e.g. 'default', or leave it out" },
  automatedSync: { kind: 'boolean', fix: 'set automatedSync to true or false, or leave it out' },
  flux: { kind: 'boolean', fix: 'set flux to true or false, or leave it out' },
  fluxNamespace: { kind: 'string', fix: "set fluxNamespace to the namespace Flux runs in, e.g. 'flux-system', or leave it out" },
  fluxInterval: { kind: { test: v => v instanceof Duration, name: 'a Duration' }, fix: 'pass a Duration, e.g. Duration.minutes(10), or leave it out' },
  destinations: { kind: 'object', fix: "pass a map of cluster folder (mesh) names to destinations, e.g. { 'red-mesh': { server: 'https://api.red.example.com:6443' } }" },
  name: { kind: 'string', fix: "set name to a DNS-1123 label, e.g. 'gitops', or leave it out" },
};

const DESTINATION_GUARDS: Record<string, PropGuard> = {
  server: { kind: 'string', fix: "set server to the cluster's API server URL, e.g. 'https://api.red.example.com:6443'" },
  name: { kind: 'string', fix: 'set name to the name the cluster is registered under in Argo CD' },
  kubeConfigSecretName: { kind: 'string', fix: "set kubeConfigSecretName to the name of the Secret holding the cluster's kubeconfig" },
};

/**
 * Everything wrong with each GitOps option on its own, each with its fix; empty when fine. Types
 * first: a value of the wrong type is not checked further.
 */
export function gitOpsOptionProblems(gitOps: unknown): string[] {
  const typeProblems = propsProblems(WHERE, gitOps, GUARDS, 'pass the GitOps options as an object, e.g. { repoUrl, flux: true }, or leave gitOps out');
  if (!isPlainObject(gitOps)) return typeProblems;
  const typed = (prop: string) => (valueProblem(WHERE, prop, gitOps[prop], GUARDS[prop]) === undefined ? gitOps[prop] : undefined);
  const text = (prop: string) => (typeof typed(prop) === 'string' ? typed(prop) as string : undefined);
  return [
    ...typeProblems,
    ...namedProblem('name', text('name'), gitOpsNameProblem, 'it names the GitOps folder, ApplicationSet and GitRepository', "e.g. 'gitops'"),
    ...textProblem('repoUrl', text('repoUrl'), v => repoUrlProblem(v, typed('flux') === true)),
    ...textProblem('revision', text('revision'), gitRefProblem),
    ...textProblem('path', text('path'), repoPathProblem),
    ...namedProblem('argoCdNamespace', text('argoCdNamespace'), dnsLabelProblem, 'it must be a namespace name', "e.g. 'argocd'"),
    ...namedProblem('argoCdProject', text('argoCdProject'), dnsSubdomainProblem, 'it must name an AppProject', "e.g. 'default'"),
    ...namedProblem('fluxNamespace', text('fluxNamespace'), dnsLabelProblem, 'it must be a namespace name', "e.g. 'flux-system'"),
    ...intervalProblems(typed('fluxInterval') as Duration | undefined),
    ...destinationsProblems(typed('destinations')),
  ];
}

/** Why `name` cannot name the GitOps chart (a DNS-1123 label, and no name every object inherits, which constructs refuses). */
function gitOpsNameProblem(name: string): string | undefined {
  return dnsLabelProblem(name) ?? (name in Object.prototype ? 'is a name the construct tree cannot hold' : undefined);
}

/** A name that must follow a Kubernetes name rule (`rule` says why not). */
function namedProblem(prop: string, value: string | undefined, rule: (v: string) => string | undefined, why: string, example: string): string[] {
  const problem = value === undefined ? undefined : rule(value);
  return problem === undefined ? [] : [`${WHERE}: ${prop} ${shown(value!)} ${problem}; ${why}. Fix: set ${prop} to a valid name, ${example}, or leave it out`];
}

/** A text option checked by `check`, which returns `<what is wrong>. Fix: <fix>`. */
function textProblem(prop: string, value: string | undefined, check: (v: string) => string | undefined): string[] {
  const problem = value === undefined ? undefined : check(value);
  return problem === undefined ? [] : [`${WHERE}: ${prop} ${shown(value!)} ${problem}`];
}

/** A value for a message: quoted, cut to a readable length, its control characters escaped. */
function shown(value: string): string {
  const escaped = escapeControl(value.slice(0, MAX_ECHO));
  return value.length <= MAX_ECHO && escaped.length <= MAX_ECHO ? `'${escaped}'` : `'${escaped.slice(0, MAX_ECHO - 20)}...' (${value.length} characters)`;
}

/** What whitespace, control characters and length allow, or undefined. */
function plainTextProblem(value: string, fix: string): string | undefined {
  if (value.length === 0) return `is empty. Fix: ${fix}`;
  if (value.length > MAX_URL) return `is ${value.length} characters long (at most ${MAX_URL}). Fix: ${fix}`;
  if (hasControlCharacter(value) || /\s/.test(value)) return `holds whitespace or a control character. Fix: ${fix}`;
  return undefined;
}

/** Why `url` is no repository URL Argo CD (and, with `flux`, Flux) reads; undefined when it is one. */
export function repoUrlProblem(url: string, flux: boolean): string | undefined {
  const fix = "set repoUrl to the repository's URL: https://host/path, ssh://git@host/path or git@host:path, e.g. 'https://git.example.com/platform/meshes.git'";
  const plain = plainTextProblem(url, fix);
  if (plain !== undefined) return plain;
  const scp = /^([A-Za-z0-9._-]+)@([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?):(?!\/\/)(.+)$/.exec(url);
  if (scp) {
    return flux ? `is a scp-like Git address, which Flux does not read (its GitRepository takes http://, https:// or ssh:// URLs). Fix: write it ${q(`ssh://${scp[1]}@${scp[2]}/${scp[4].replace(/^\//, '')}`)}` : undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `is not a repository URL. Fix: ${fix}`;
  }
  if (!['https:', 'http:', 'ssh:'].includes(parsed.protocol) || parsed.hostname === '') {
    return `is not an https://, http:// or ssh:// URL with a host, the forms Argo CD and Flux read. Fix: ${fix}`;
  }
  if (parsed.password !== '') {
    return 'holds a password, which would be committed with the manifests. Fix: remove it from the URL and give Argo CD or Flux the credentials as a repository Secret';
  }
  return undefined;
}

/** Why `ref` is no Git branch name (git check-ref-format); undefined when it is one. */
export function gitRefProblem(ref: string): string | undefined {
  const fix = "Fix: set revision to a branch name, e.g. 'main' or 'release/1.0'";
  if (ref.length === 0) return `is empty. ${fix}`;
  if (ref.length > 255) return `is ${ref.length} characters long (at most 255). ${fix}`;
  const bad = /[\u0000-\u0020\u007f~^:?*[\\]/.exec(ref);
  if (bad) return `holds ${bad[0] === ' ' ? 'a space' : hasControlCharacter(bad[0]) ? 'a control character' : q(bad[0])}, which a Git branch name cannot hold. ${fix}`;
  if (ref === '@' || ref.includes('..') || ref.includes('@{') || ref.includes('//') || ref.startsWith('/') || ref.endsWith('/') || ref.endsWith('.')
    || ref.split('/').some(part => part.startsWith('.') || part.endsWith('.lock'))) {
    return `is not a Git branch name (no '..', '@{', '//', leading or trailing '/' or '.', part starting with '.' or ending with '.lock'). ${fix}`;
  }
  return undefined;
}

/** Why `path` is no normalised path inside the repository; undefined when it is one. */
export function repoPathProblem(path: string): string | undefined {
  const fix = "Fix: set path to the output folder's path relative to the repository root, e.g. 'dist' or 'deploy/meshes' ('.' for the root)";
  if (path.length === 0) return `is empty. ${fix}`;
  if (path.length > MAX_URL) return `is ${path.length} characters long (at most ${MAX_URL}). ${fix}`;
  if (hasControlCharacter(path)) return `holds a control character. ${fix}`;
  if (path.includes('\\')) return `holds '\\'; paths in a repository use '/'. ${fix}`;
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return `is absolute; Argo CD and Flux read it relative to the repository root. ${fix}`;
  if (path.split('/').includes('..')) return `climbs out of the repository with '..'. ${fix}`;
  const root = path.replace(/\/+$/, '');
  const normal = posix.normalize(root);
  if (normal !== root) return `is not normalised. Fix: write it ${q(normal)}`;
  return undefined;
}

function intervalProblems(interval: Duration | undefined): string[] {
  if (interval === undefined) return [];
  const fix = 'Fix: pass a whole number of seconds of at least 1, e.g. Duration.minutes(10)';
  let seconds: number;
  try {
    seconds = interval.toSeconds();
  } catch (e) {
    return [`${WHERE}: fluxInterval is not a whole number of seconds (${(e as Error).message}). ${fix}`];
  }
  if (!Number.isSafeInteger(seconds) || seconds < 1) return [`${WHERE}: fluxInterval is ${seconds} seconds; Flux needs at least 1. ${fix}`];
  if (seconds > MAX_GO_SECONDS) return [`${WHERE}: fluxInterval is ${seconds} seconds, longer than Flux can read (at most ${MAX_GO_SECONDS}). ${fix}`];
  return [];
}

function destinationsProblems(destinations: unknown): string[] {
  if (!isPlainObject(destinations)) return [];
  return Object.keys(destinations).flatMap(key => {
    const where = `destinations[${shown(key)}]`;
    const keyProblem = dnsLabelProblem(key);
    if (keyProblem !== undefined) {
      return [`${WHERE}: ${where} ${keyProblem}, so it names no cluster folder (each is a mesh name). Fix: key destinations by mesh name`];
    }
    const destination = destinations[key];
    const notObject = valueProblem(WHERE, where, destination, { kind: 'object', required: true, fix: "pass { server } or { name }, with kubeConfigSecretName for Flux, e.g. { server: 'https://api.red.example.com:6443' }" });
    if (notObject !== undefined) return [notObject];
    const typeProblems = Object.entries(DESTINATION_GUARDS).flatMap(([prop, guard]) => valueProblem(WHERE, `${where}.${prop}`, destination[prop], guard) ?? []);
    const text = (prop: string) => (typeof destination[prop] === 'string' ? destination[prop] as string : undefined);
    return [
      ...typeProblems,
      ...textProblem(`${where}.server`, text('server'), serverUrlProblem),
      ...textProblem(`${where}.name`, text('name'), clusterNameProblem),
      ...namedProblem(`${where}.kubeConfigSecretName`, text('kubeConfigSecretName'), dnsSubdomainProblem, 'it must name a Secret', "e.g. 'red-mesh-kubeconfig'"),
    ];
  });
}

/** Why `name` is no Argo CD cluster name (text without whitespace, at most 253 characters); undefined when it is one. */
function clusterNameProblem(name: string): string | undefined {
  const fix = 'set name to the name the cluster is registered under in Argo CD';
  return name.length > 253 ? `is ${name.length} characters long (at most 253). Fix: ${fix}` : plainTextProblem(name, fix);
}

/** Why `server` is no Kubernetes API server URL; undefined when it is one. */
export function serverUrlProblem(server: string): string | undefined {
  const fix = "set server to the cluster's API server URL, e.g. 'https://api.red.example.com:6443'";
  const plain = plainTextProblem(server, fix);
  if (plain !== undefined) return plain;
  let parsed: URL | undefined;
  try {
    parsed = new URL(server);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !['https:', 'http:'].includes(parsed.protocol) || parsed.hostname === '') return `is not an https:// URL with a host. Fix: ${fix}`;
  if (parsed.username !== '' || parsed.password !== '') return `holds credentials, which would be committed with the manifests. Fix: ${fix}, and register the credentials with Argo CD`;
  return undefined;
}
