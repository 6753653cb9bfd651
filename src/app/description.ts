// Reads a federation description (YAML or JSON) and builds it with the TypeScript API, so the
// command line renders exactly what the same federation written in TypeScript renders.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { duplicateProblems } from './description-checks';
import { validate } from './description-validator.generated';
import { ArgoCdOutput, GitOpsOptions } from './gitops';
import { lockedDescription, lockFileBeside, recordLockFile } from './lock-apply';
import { readDescriptionText, readRegularFile } from './read';
import { schemaProblems } from './schema-messages';
export { SCHEMA_PATH } from './schema-messages';
import { DataPath, fieldPath, Locator, parseDescription, show } from './yaml-source';
import { expiryWindowProblem } from '../core/certificate';
import { FederationError } from '../core/errors';
import { GatewayNaming } from '../core/gateway-naming';
import { MeshOptions } from '../core/mesh-options';
import { LoadBalancerScheme, Platform } from '../core/platform';
import { LabelSelectorOperator } from '../federation/export-rules';
import { FederatedMesh } from '../federation/federated-mesh';
import { Mesh } from '../federation/mesh';
import { RootRotationStage } from '../federation/root-rotation';
import { Topology } from '../federation/topology';

/** Where the published JSON Schema of the description lives (shipped in the package). */
export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema', 'federation.schema.json');

/** The description as read, and the problems found, each pointing at `file:line:column`. */
export interface LoadedSpec {
  readonly spec?: any;
  readonly problems: string[];
  /** Points paths of the description at `file:line:column` (set when there are no problems). */
  readonly locator?: Locator;
}

let schema: object | undefined;
/** The description's schema as Ajv compiled it ahead of time (scripts/description-validator.ts). */
const validateDescription = validate as unknown as ValidateFunction;

/** Reads and checks a description against the JSON Schema; problems name the file, line and path. */
export function loadSpec(file: string): LoadedSpec {
  const read = readDescriptionText(file, MAX_DESCRIPTION_BYTES);
  if ('problem' in read) return { problems: [read.problem] };
  const parsed = parseDescription(file, read.text);
  if ('problems' in parsed) return { problems: parsed.problems };
  const { data, locator } = parsed;
  // The schema compiled ahead of time (scripts/description-validator.ts); its text is read only to explain problems.
  if (!validateDescription(data)) {
    schema ??= JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
    return { problems: schemaProblems(validateDescription.errors ?? [], data, locator, schema) };
  }
  const duplicates = duplicateProblems(data, locator);
  if (duplicates.length > 0) return { problems: duplicates };
  return { spec: data, problems: [], locator };
}

/**
 * Builds a checked description with the TypeScript API under `scope`. Files named in it
 * (`rootCertificateFile`) are read relative to `baseDir`. With a `locator` (from loadSpec), the
 * problems the library finds as a part is declared point at that part in the file. With
 * `rootRotation`, the federation renders that step of a root rotation.
 */
export function buildFederation(
  scope: Construct, description: any, baseDir: string, locator?: Locator, rootRotation?: RootRotationStage,
): FederatedMesh {
  const lock = lockFileBeside(baseDir);
  const locked = lock && lockedDescription(description, lock.content, lock.file);
  const spec = locked ? locked.value : description;
  const build = builder(locator);
  const certificateExpiryWarning = build(['certificateExpiryWarning'], () => expiryWindow(spec));
  const federation = build(['name'], () => new FederatedMesh(scope, spec.name ?? 'federation', withoutUndefined({
    topology: topology(spec.topology),
    gatewayNaming: naming(spec.gatewayNaming),
    version: spec.version,
    certificateExpiryWarning,
    ...(rootRotation ? { rootRotation } : {}),
  })));
  if (locked) recordLockFile(federation, locked);
  const meshes = new Map<string, Mesh>();
  spec.meshes.forEach((m: any, i: number) => {
    // Problems and warnings about a root certificate read from a file name that file.
    const fromLock = lock && m.rootCertificateFile === undefined && m.rootCertificate !== undefined
      && description.meshes[i]?.rootCertificate === undefined;
    if (m.rootCertificateFile !== undefined) federation._setCertificateSource(m.name, `rootCertificateFile ${show(m.rootCertificateFile)}`);
    else if (fromLock) federation._setCertificateSource(m.name, `rootCertificate from ${lock.file}`);
    meshes.set(m.name, build(['meshes', i], () => federation.addMesh(m.name, withoutUndefined(meshOptions(m, baseDir)))));
  });
  const find = meshFinder(federation, meshes, build);
  (spec.peerings ?? []).forEach((pair: string[], i: number) => {
    build(['peerings', i], () => federation.addPeering(find(pair[0], ['peerings', i, 0]), find(pair[1], ['peerings', i, 1])));
  });
  spec.meshes.forEach((m: any, i: number) => {
    const mesh = meshes.get(m.name)!;
    addExports(mesh, m.exports ?? [], ['meshes', i, 'exports'], find, build);
    addImports(mesh, m.imports ?? [], ['meshes', i, 'imports'], find, build);
  });
  addFailover(federation, spec.failover ?? [], find, build);
  return federation;
}

/** Runs one declaration of the part at `path`; what the library refuses is reported at that part. */
type Build = <T>(path: DataPath, declare: () => T) => T;

/** Construct ids are the description's names and ids: a clash between them is the description's problem. */
const CONSTRUCT_CLASH = /^There is already a Construct with name '(.*)' in (.*)$/s;

function builder(locator: Locator | undefined): Build {
  return (path, declare) => {
    try {
      return declare();
    } catch (e: any) {
      const at = locator ? `${locator.at(path)}: ` : '';
      if (e?.name === 'FederationError' && Array.isArray(e.problems)) {
        // A problem found at a part within this one already says where it is.
        throw new FederationError(e.problems.map((p: string) => (locator && p.startsWith(`${locator.file}:`) ? p : `${at}${p}`)));
      }
      const clash = CONSTRUCT_CLASH.exec(String(e?.message));
      if (!clash) throw e;
      throw new FederationError([`${at}${fieldPath(path)} makes an object named ${show(clash[1])} in ${show(clash[2])}, `
        + 'which another part of the description (or the library, for its own objects) already named so. '
        + 'Fix: give it another name or id, e.g. with a suffix such as -2']);
    }
  };
}

/** The mesh a description names, found or reported as a problem at `path`. */
type MeshFinder = (name: string, path: DataPath) => Mesh;

function topology(t: any): Topology | undefined {
  if (t === undefined) return undefined;
  if (t.type === 'hub-and-spoke') return Topology.hubAndSpoke(t.hub);
  return t.type === 'explicit' ? Topology.explicit() : Topology.fullMesh();
}

function meshOptions(m: any, baseDir: string): MeshOptions {
  return {
    platform: platform(m.platform),
    namespace: m.namespace,
    controlPlaneName: m.controlPlaneName,
    version: m.version,
    trustDomain: m.trustDomain,
    clusterName: m.clusterName,
    network: m.network,
    locality: m.locality,
    rootCertificate: m.rootCertificateFile !== undefined ? certificateFile(m.name, resolve(baseDir, m.rootCertificateFile)) : m.rootCertificate,
    controlPlaneSpec: m.controlPlaneSpec,
    dnsDomain: m.dnsDomain,
    externalDns: m.externalDns,
    ingressAddresses: m.ingressAddresses,
    ingressSourceRanges: m.ingressSourceRanges,
    egressSourceRanges: m.egressSourceRanges,
    gatewayNaming: naming(m.gatewayNaming),
    // The same fields as the API's: the schema has checked their shape, the library their values.
    federationGateways: m.federationGateways,
    clusterLocalPeering: m.clusterLocalPeering,
  };
}

function meshFinder(federation: FederatedMesh, meshes: Map<string, Mesh>, build: Build): MeshFinder {
  return (name, path) => {
    const mesh = meshes.get(name) ?? federation.findMesh(name);
    if (!mesh) {
      const names = [...meshes.keys()];
      const list = `${names.slice(0, 10).map(n => show(n)).join(', ')}${names.length > 10 ? `, and ${names.length - 10} more` : ''}`;
      return build(path, () => {
        throw new FederationError([`${fieldPath(path)} is ${show(name)}, which is not a mesh of the description (meshes: ${list}). Fix: use the name of one of the meshes`]);
      });
    }
    return mesh;
  };
}

function addExports(mesh: Mesh, exports: any[], path: DataPath, find: MeshFinder, build: Build): void {
  exports.forEach((e, j) => {
    const exp = build([...path, j, 'id'], () => mesh.addServiceExport(e.id, { peer: find(e.peer, [...path, j, 'peer']) }));
    e.rules.forEach((rule: any, k: number) => build([...path, j, 'rules', k], () => {
      if (rule.nameSelector) {
        exp.addNameRule(rule.nameSelector);
      } else {
        const expressions = rule.labelSelector.matchExpressions?.map((x: any) => ({ ...x, operator: x.operator as LabelSelectorOperator }));
        exp.addLabelRule(withoutUndefined({ ...rule.labelSelector, matchExpressions: expressions }));
      }
    }));
  });
}

function addImports(mesh: Mesh, imports: any[], path: DataPath, find: MeshFinder, build: Build): void {
  imports.forEach((im, j) => {
    const peer = find(im.peer, [...path, j, 'peer']);
    const imp = build([...path, j, 'id'], () => mesh.addServiceImport(im.id, withoutUndefined({ peer, domainSuffix: im.domainSuffix, locality: im.locality })));
    im.rules.forEach((rule: any, k: number) => build([...path, j, 'rules', k], () => imp.addNameRule(rule.nameSelector)));
  });
}

function addFailover(federation: FederatedMesh, failovers: any[], find: MeshFinder, build: Build): void {
  failovers.forEach((f, i) => {
    const od = f.outlierDetection;
    const meshes = f.meshes.map((n: string, j: number) => find(n, ['failover', i, 'meshes', j]));
    const consumers = f.consumers?.map((n: string, j: number) => find(n, ['failover', i, 'consumers', j]));
    build(['failover', i], () => federation.addFailoverImport(f.id, withoutUndefined({
      namespace: f.namespace,
      name: f.name,
      meshes,
      consumers,
      outlierDetection: od && withoutUndefined({
        consecutive5xxErrors: od.consecutive5xxErrors,
        interval: od.interval && duration(od.interval),
        baseEjectionTime: od.baseEjectionTime && duration(od.baseEjectionTime),
      }),
      destinationRuleName: f.destinationRuleName,
      exportFromProviders: f.exportFromProviders,
    })));
  });
}

/**
 * Points the library's problems found at synth (across meshes) at the mesh or failover they name
 * first, when the description has it; problems that say where they are already are left as they are.
 */
export function locateProblems(problems: string[], spec: any, locator: Locator): string[] {
  return problems.map(p => {
    if (p.startsWith(`${locator.file}:`)) return p;
    const mesh = /^mesh '([^']*)'/.exec(p);
    const i = mesh ? spec.meshes.findIndex((m: any) => m.name === mesh[1]) : -1;
    if (i >= 0) return `${locator.at(['meshes', i])}: ${p}`;
    const failover = /^failover '([^']*)'/.exec(p);
    const j = failover ? (spec.failover ?? []).findIndex((f: any) => f.id === failover[1]) : -1;
    return j >= 0 ? `${locator.at(['failover', j])}: ${p}` : p;
  });
}

/** The `gitOps` section as FederationApp options. */
export function gitOpsOptions(spec: any): GitOpsOptions | undefined {
  const g = spec.gitOps;
  if (!g) return undefined;
  return withoutUndefined({ ...g, argoCd: g.argoCd as ArgoCdOutput, fluxInterval: g.fluxInterval && duration(g.fluxInterval) });
}

/** The folder files named in a description are read relative to. */
export function baseDirOf(file: string): string {
  return dirname(resolve(file));
}

function platform(p: any): Platform {
  const scheme = p.scheme as LoadBalancerScheme;
  switch (p.type) {
    case 'aws-nlb': return Platform.awsNlb({ scheme });
    case 'aws-load-balancer-controller': return Platform.awsLoadBalancerController({ scheme });
    case 'azure': return Platform.azure({ scheme });
    case 'gcp': return Platform.gcp({ scheme });
    case 'bare-metal': return Platform.bareMetal();
    case 'ibm-power': return Platform.ibmPower();
    case 'ibm-z': return Platform.ibmZ();
    default: return Platform.nodePort(withoutUndefined({ nodeAddresses: p.nodeAddresses, nodePorts: p.nodePorts, firstNodePort: p.firstNodePort }));
  }
}

function naming(n: any): GatewayNaming | undefined {
  if (!n) return undefined;
  if (n.type === 'maistra-samples') return GatewayNaming.maistraSamples();
  if (n.type === 'pattern') return GatewayNaming.pattern(n.ingress, n.egress);
  return GatewayNaming.docs();
}

/** The description's `certificateExpiryWarning` (`30d`) as a Duration, checked as the API checks it. */
function expiryWindow(spec: any): Duration | undefined {
  if (spec.certificateExpiryWarning === undefined) return undefined;
  const window = Duration.days(Number(/^([0-9]+)d$/.exec(spec.certificateExpiryWarning)![1]));
  const problem = expiryWindowProblem(`federation ${show(spec.name ?? 'federation')}`, 'certificateExpiryWarning', window);
  if (problem) throw new FederationError([problem.replace(/Duration\.days\((\d+)\)/g, '$1d')]);
  return window;
}

function duration(s: string): Duration {
  const [, amount, unit] = /^([0-9]+)(ms|s|m|h)$/.exec(s)!;
  const n = Number(amount);
  return unit === 'ms' ? Duration.millis(n) : unit === 's' ? Duration.seconds(n) : unit === 'm' ? Duration.minutes(n) : Duration.hours(n);
}

/** Leaves out absent fields, so the options are the ones a TypeScript author would write. */
function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** The largest description read (a 100-mesh description is about 4 MB). */
const MAX_DESCRIPTION_BYTES = 32 * 1024 * 1024;
/** The largest root certificate file read (a ConfigMap holds at most 1 MiB). */
const MAX_CERTIFICATE_BYTES = 1024 * 1024;

/** A mesh's root certificate from `rootCertificateFile`, read safely. */
function certificateFile(mesh: string, path: string): string {
  const read = readRegularFile(path, MAX_CERTIFICATE_BYTES);
  if ('problem' in read) {
    throw new FederationError([`mesh ${show(mesh)}: rootCertificateFile: ${read.problem}. Fix: point rootCertificateFile (relative to the description's folder) at the PEM file of the mesh's root certificate`]);
  }
  return read.text;
}
