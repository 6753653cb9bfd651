// Reads a federation description (YAML or JSON) and builds it with the TypeScript API, so the
// command line renders exactly what the same federation written in TypeScript renders.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Ajv, { ErrorObject } from 'ajv';
import { Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { ArgoCdOutput, GitOpsOptions } from './gitops';
import { readRegularFile } from './read';
import { FederationError } from '../core/errors';
import { GatewayNaming } from '../core/gateway-naming';
import { MeshOptions } from '../core/mesh-options';
import { LoadBalancerScheme, Platform } from '../core/platform';
import { LabelSelectorOperator } from '../federation/export-rules';
import { FederatedMesh } from '../federation/federated-mesh';
import { Mesh } from '../federation/mesh';
import { Topology } from '../federation/topology';

/** Where the published JSON Schema of the description lives (shipped in the package). */
export const SCHEMA_FILE = join(__dirname, '..', '..', 'schema', 'federation.schema.json');

/** The description as read, and the problems found, each pointing at `file:line:column`. */
export interface LoadedSpec {
  readonly spec?: any;
  readonly problems: string[];
}

let validator: ReturnType<Ajv['compile']> | undefined;

/** Reads and checks a description against the JSON Schema; problems name the file, line and path. */
export function loadSpec(file: string): LoadedSpec {
  const read = readRegularFile(file, MAX_DESCRIPTION_BYTES);
  if ('problem' in read) {
    return { problems: [`${file}: ${read.problem}. Fix: pass the path of a YAML or JSON federation description`] };
  }
  const source = read.text;
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return file;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  if (doc.errors.length > 0) {
    return { problems: doc.errors.map(e => `${at(e.pos[0])}: ${e.message.split('\n')[0]}. Fix: correct the YAML syntax`) };
  }
  let spec: any;
  try {
    spec = doc.toJS({ maxAliasCount: 100 });
  } catch (e: any) {
    return { problems: [`${file}: cannot be read as data (${e?.message}). Fix: expand the YAML aliases, or use fewer of them (at most 100 uses)`] };
  }
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
  if (validator(spec)) {
    return { spec, problems: [] };
  }
  const problems = (validator.errors ?? []).filter(relevant).map(err => {
    const path = err.instancePath.split('/').slice(1).map(p => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    let node: any = path.length === 0 ? doc.contents : doc.getIn(path, true);
    let where = err.instancePath || '/';
    if (err.keyword === 'additionalProperties' && isMap(node)) {
      const key = (err.params as any).additionalProperty;
      const pair = node.items.find((p: any) => p.key?.value === key) as any;
      node = pair?.key ?? node;
      where = `${err.instancePath}/${key}`;
    } else if (err.keyword === 'required' && isMap(node)) {
      where = `${err.instancePath}/${(err.params as any).missingProperty}`;
    }
    return `${at(node?.range?.[0])}: ${where}: ${describe(err)}`;
  });
  return { problems: [...new Set(problems)] };
}

/** Drops the noise of schema combinators (`if`, `oneOf` summaries) when a precise error exists. */
function relevant(err: ErrorObject, _i: number, all: ErrorObject[]): boolean {
  if (err.keyword === 'if') return false;
  if (err.keyword === 'oneOf') return !all.some(o => o !== err && o.instancePath.startsWith(err.instancePath) && o.keyword !== 'oneOf');
  return true;
}

function describe(err: ErrorObject): string {
  const p = err.params as any;
  switch (err.keyword) {
    case 'additionalProperties': return `unknown field ${JSON.stringify(p.additionalProperty)}. Fix: remove it or check its spelling against schema/federation.schema.json`;
    case 'required': return `required field ${JSON.stringify(p.missingProperty)} is missing. Fix: add it`;
    case 'enum': return `must be one of ${p.allowedValues.map((v: any) => JSON.stringify(v)).join(', ')}`;
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'type': return `must be ${p.type === 'object' ? 'a mapping' : p.type === 'array' ? 'a list' : `a ${p.type}`}`;
    case 'not': return 'holds fields that cannot go together here (e.g. rootCertificate with rootCertificateFile, scheme on a platform without load balancer scheme, nodeAddresses off node-port, hub without hub-and-spoke). Fix: keep only the fields that apply';
    case 'oneOf': return 'must hold exactly one of nameSelector and labelSelector';
    case 'pattern': return `${JSON.stringify(err.data)} must match ${p.pattern} (e.g. 10s, 1m)`;
    default: return err.message ?? err.keyword;
  }
}

/**
 * Builds a checked description with the TypeScript API under `scope`. Files named in it
 * (`rootCertificateFile`) are read relative to `baseDir`.
 */
export function buildFederation(scope: Construct, spec: any, baseDir: string): FederatedMesh {
  const federation = new FederatedMesh(scope, spec.name ?? 'federation', {
    topology: topology(spec.topology),
    gatewayNaming: naming(spec.gatewayNaming),
    version: spec.version,
  });
  const meshes = addMeshes(federation, spec.meshes, baseDir);
  const find = meshFinder(federation, meshes);
  addPeerings(federation, spec.peerings ?? [], find);
  spec.meshes.forEach((m: any, i: number) => {
    const mesh = meshes.get(m.name)!;
    addExports(mesh, m.exports ?? [], `/meshes/${i}/exports`, find);
    addImports(mesh, m.imports ?? [], `/meshes/${i}/imports`, find);
  });
  addFailover(federation, spec.failover ?? [], find);
  return federation;
}

/** The mesh a description names, found or reported as a problem at `where` (a JSON pointer). */
type MeshFinder = (name: string, where: string) => Mesh;

function topology(t: any): Topology | undefined {
  if (t === undefined) return undefined;
  if (t.type === 'hub-and-spoke') return Topology.hubAndSpoke(t.hub);
  return t.type === 'explicit' ? Topology.explicit() : Topology.fullMesh();
}

/** Adds the meshes in description order; returns them by their name in the description. */
function addMeshes(federation: FederatedMesh, specs: any[], baseDir: string): Map<string, Mesh> {
  const meshes = new Map<string, Mesh>();
  for (const m of specs) meshes.set(m.name, federation.addMesh(m.name, withoutUndefined(meshOptions(m, baseDir))));
  return meshes;
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
  };
}

function meshFinder(federation: FederatedMesh, meshes: Map<string, Mesh>): MeshFinder {
  return (name, where) => {
    const mesh = meshes.get(name) ?? federation.findMesh(name);
    if (!mesh) {
      throw new FederationError([`${where}: ${JSON.stringify(name)} is not a mesh of the description (meshes: ${[...meshes.keys()].map(n => JSON.stringify(n)).join(', ')}). Fix: use the name of one of the meshes`]);
    }
    return mesh;
  };
}

function addPeerings(federation: FederatedMesh, pairs: string[][], find: MeshFinder): void {
  pairs.forEach((pair, i) => federation.addPeering(find(pair[0], `/peerings/${i}/0`), find(pair[1], `/peerings/${i}/1`)));
}

function addExports(mesh: Mesh, exports: any[], where: string, find: MeshFinder): void {
  exports.forEach((e, j) => {
    const exp = mesh.addServiceExport(e.id, { peer: find(e.peer, `${where}/${j}/peer`) });
    for (const rule of e.rules) {
      if (rule.nameSelector) {
        exp.addNameRule(rule.nameSelector);
      } else {
        const expressions = rule.labelSelector.matchExpressions?.map((x: any) => ({ ...x, operator: x.operator as LabelSelectorOperator }));
        exp.addLabelRule(withoutUndefined({ ...rule.labelSelector, matchExpressions: expressions }));
      }
    }
  });
}

function addImports(mesh: Mesh, imports: any[], where: string, find: MeshFinder): void {
  imports.forEach((im, j) => {
    const imp = mesh.addServiceImport(im.id, withoutUndefined({ peer: find(im.peer, `${where}/${j}/peer`), domainSuffix: im.domainSuffix, locality: im.locality }));
    for (const rule of im.rules) imp.addNameRule(rule.nameSelector);
  });
}

function addFailover(federation: FederatedMesh, failovers: any[], find: MeshFinder): void {
  failovers.forEach((f, i) => {
    const od = f.outlierDetection;
    federation.addFailoverImport(f.id, withoutUndefined({
      namespace: f.namespace,
      name: f.name,
      meshes: f.meshes.map((n: string, j: number) => find(n, `/failover/${i}/meshes/${j}`)),
      consumers: f.consumers?.map((n: string, j: number) => find(n, `/failover/${i}/consumers/${j}`)),
      outlierDetection: od && withoutUndefined({
        consecutive5xxErrors: od.consecutive5xxErrors,
        interval: od.interval && duration(od.interval),
        baseEjectionTime: od.baseEjectionTime && duration(od.baseEjectionTime),
      }),
      destinationRuleName: f.destinationRuleName,
      exportFromProviders: f.exportFromProviders,
    }));
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
    throw new FederationError([`mesh '${mesh}': rootCertificateFile: ${read.problem}. Fix: point rootCertificateFile (relative to the description's folder) at the PEM file of the mesh's root certificate`]);
  }
  return read.text;
}
