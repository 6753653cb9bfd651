// Every error and warning the library raises, each with an input that triggers it and the message
// expected. test/errors-catalogue.test.ts runs them all; scripts/errors-doc.ts writes docs/errors.md
// from them (with the real messages), and the test checks that file is current.
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ApiObject, App, Chart, Duration, Testing, YamlOutputType } from 'cdk8s';
import { pem, rootCert } from './certs';
import { atInstant } from './clock';
import { docsMeshes } from './federation';
import { liveFederation } from './live-federation';
import { synthAll } from './synth';
import {
  ArgoCdOutput, CaPrivateKeyAlgorithm, FederatedMesh, FederationApp, FederationAppProps, FederationCollect, FederationStatus,
  GatewayNaming, GitOpsOptions, KnativeService, LabelSelectorOperator, LoadBalancerScheme, Mesh, MeshCertificateAuthority, MeshOptions,
  MeshPeering, MultiNetworkClusterOptions, MultiNetworkMesh, MultiNetworkMeshProps, MultiNetworkTopology, Platform, RootRotation,
  RootRotationApp, RootRotationPhase, RootRotationStep, ServerlessMeshIntegration, ServerlessMeshIntegrationProps, Topology,
} from '../../src';
import { main, outputProblem } from '../../src/app/cli';
import { buildFederation, loadSpec } from '../../src/app/description';
import { describeProblems } from '../../src/app/description-problems';
import { diffFolders } from '../../src/app/diff';
import { writeStarter } from '../../src/app/init';
import { readLockFile } from '../../src/app/lock-file';
import { FederationError } from '../../src/core/errors';

export type Area = 'Meshes' | 'Certificates' | 'Platforms and addresses' | 'Gateway naming' | 'Peerings and topology'
| 'Control plane spec' | 'Exports' | 'Imports' | 'Failover' | 'Prerequisites' | 'Serverless' | 'Multi-network' | 'GitOps and output'
| 'Command line' | 'Live clusters' | 'Root rotation' | 'Warnings';

export interface CatalogueEntry {
  readonly id: string;
  readonly area: Area;
  readonly title: string;
  /** When it is raised: as the input is declared, at synth, or as a warning at synth. */
  readonly when: 'declare' | 'synth' | 'warning';
  /** Makes the mistake: throws the error, or (warnings) returns the federation. */
  readonly run: () => FederatedMesh | MultiNetworkMesh | { warnings(): string[] } | void;
  readonly expected: RegExp;
}

const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });
const opts = (name: string, extra: Partial<MeshOptions> = {}): MeshOptions => ({
  platform: gcp(), rootCertificate: rootCert('red-mesh'), dnsDomain: `${name}.example.com`, ...extra,
});
/** A federation of meshes `a`, `b`, ... with the given extras, synthesized. */
function synth(meshes: Array<[string, Partial<MeshOptions>]>, topology?: Topology, naming?: GatewayNaming): void {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation', { topology, gatewayNaming: naming });
  for (const [name, extra] of meshes) federation.addMesh(name, opts(name, extra));
  synthAll(app);
}
/** Adds one mesh `name` with the extras. */
function add(name: string, extra: Partial<MeshOptions> = {}): void {
  new FederatedMesh(Testing.app(), 'federation').addMesh(name, opts(name, extra));
}
/** The docs' three meshes, peered in a full mesh, with localities. */
function docs(topology?: Topology): { federation: FederatedMesh; red: Mesh; green: Mesh; blue: Mesh; done: () => FederatedMesh } {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation', { topology });
  const m = (name: 'red-mesh' | 'green-mesh' | 'blue-mesh', region: string) =>
    federation.addMesh(name, opts(name, { rootCertificate: rootCert(name), locality: { region } }));
  const meshes = { red: m('red-mesh', 'us-west'), green: m('green-mesh', 'us-east'), blue: m('blue-mesh', 'eu-west') };
  return { federation, ...meshes, done: () => { synthAll(app); return federation; } };
}
/** A standalone serverless mesh (`basic` in istio-system) in a chart of its own. */
function serverless(props: Partial<ServerlessMeshIntegrationProps> = {}): { chart: Chart; integration: ServerlessMeshIntegration } {
  const chart = Testing.chart();
  return { chart, integration: new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', ...props }) };
}
/** A user-defined Knative Service in namespace my-app. */
function knativeService(annotations?: Record<string, string>): { chart: Chart; service: ApiObject } {
  const chart = Testing.chart();
  const service = new ApiObject(chart, 'Hello', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'my-app', annotations }, spec: { template: { spec: { containers: [{ image: 'quay.io/x/hello' }] } } } });
  return { chart, service };
}
const nodePort = (extra: object = {}) => Platform.nodePort({ nodeAddresses: ['192.0.2.1'], ...extra });
/** A multi-network mesh 'mesh' with clusters `a`, `b`, ... (network `n-<name>` unless given), synthesized when `done` runs. */
function multiNetwork(
  clusters: Array<[string, Partial<MultiNetworkClusterOptions>]>, props: Partial<MultiNetworkMeshProps> = {},
): { mesh: MultiNetworkMesh; done: () => MultiNetworkMesh } {
  const app = Testing.app();
  const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1', ...props });
  for (const [name, extra] of clusters) mesh.addCluster(name, { platform: gcp(), network: `n-${name}`, ...extra });
  return { mesh, done: () => { synthAll(app); return mesh; } };
}
/** Adds one cluster `a` with the extras. */
const cluster = (extra: Partial<MultiNetworkClusterOptions> = {}) => { multiNetwork([['a', extra]]); };
const aws = () => Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING });

/** A FederationApp with the docs' three meshes and `props`, synthesized into a new temporary folder (nothing is written when it fails). */
function appSynth(props: Partial<FederationAppProps>, extra: (app: App) => void = () => undefined): void {
  const app = new FederationApp({ outdir: join(mkdtempSync(join(tmpdir(), 'gitops-')), 'dist'), printSummary: false, printWarnings: false, ...props });
  const federation = new FederatedMesh(app, 'federation');
  for (const name of ['red-mesh', 'green-mesh', 'blue-mesh'] as const) federation.addMesh(name, opts(name, { rootCertificate: rootCert(name) }));
  extra(app);
  app.synth();
}
/** `appSynth` with these GitOps options. */
const gitOpsSynth = (gitOps: unknown) => appSynth({ gitOps: gitOps as GitOpsOptions });
const REPO = 'https://git.example.com/platform/meshes.git';
const SERVERS = Object.fromEntries(['red', 'green', 'blue'].map(c => [`${c}-mesh`, { server: `https://api.${c}.example.com:6443` }]));
/** Argo CD (an Application per cluster, by server) with `more` on top. */
const argoCd = (more: Record<string, unknown> = {}, extra?: (app: App) => void) =>
  appSynth({ gitOps: { repoUrl: REPO, argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER, destinations: SERVERS, ...more } }, extra);
/** The folder the command-line entries write their descriptions to (its path is left out of the messages). */
let cliFolder: string | undefined;
/**
 * Writes `text` as the description `name` and reads it as the command line does: throws its
 * problems (then the library's, as it builds it) as a FederationError, with the folder left out.
 */
function cli(text: string | Buffer, name = 'federation.yaml', make?: (file: string) => void): void {
  cliFolder ??= mkdtempSync(join(tmpdir(), 'cli-catalogue-'));
  const file = join(cliFolder, name);
  if (make) make(file);
  else writeFileSync(file, text);
  const local = (problems: string[]) => new FederationError(problems.map(p => p.split(`${cliFolder}/`).join('')));
  const loaded = loadSpec(file);
  if (loaded.problems.length > 0) throw local(loaded.problems);
  try {
    buildFederation(Testing.app(), loaded.spec, cliFolder, loaded.locator);
  } catch (e) {
    throw local((e as FederationError).problems ?? [String(e)]);
  }
}
/** A description whose problems the library finds across meshes (at plan), as the command line reports them. */
function cliPlan(text: string): void {
  cliFolder ??= mkdtempSync(join(tmpdir(), 'cli-catalogue-'));
  const file = join(cliFolder, 'federation.yaml');
  writeFileSync(file, text);
  const loaded = loadSpec(file);
  try {
    buildFederation(Testing.app(), loaded.spec, cliFolder, loaded.locator).plan();
  } catch (e) {
    throw new FederationError(describeProblems((e as FederationError).problems, loaded.spec, loaded.locator!).map(p => p.split(`${cliFolder}/`).join('')));
  }
}
/** A valid mesh entry of a description, with extra fields. */
const cliMesh = (name: string, extra = '') => `  - { name: ${name}, platform: { type: bare-metal }, rootCertificate: "${rootCert('red-mesh').replace(/\n/g, '\\n')}", trustDomain: ${name}.local${extra} }`;
/** The SHA-256 fingerprint of the expired fixture (openssl x509 -fingerprint -sha256), as a regular expression. */
const EXPIRED_SHA256 = '57:03:47:19:06:5D:8E:82:30:E8:54:C6:63:7A:63:5E:FE:BD:97:D5:76:0F:8D:6B:DB:8B:9A:E5:57:6C:EA:6A';
/** Ten days before the expired fixture's notAfter: the clock of the entries about expiry. */
const BEFORE_EXPIRY = '2020-12-22T00:00:00.000Z';
/** The warnings of what `make` builds, with the clock at `iso` (they depend on the date). */
function warningsAt(iso: string, make: () => { warnings(): string[] }): { warnings(): string[] } {
  const found = atInstant(iso, () => make().warnings());
  return { warnings: () => found };
}
/** A description at `file` whose mesh 'a' reads its root certificate (the expired fixture) from certs/a.pem beside it. */
function describeWithCertificate(file: string): void {
  mkdirSync(join(dirname(file), 'certs'), { recursive: true });
  writeFileSync(join(dirname(file), 'certs', 'a.pem'), pem('expired-ca'));
  writeFileSync(file, 'meshes:\n  - { name: a, platform: { type: bare-metal }, rootCertificateFile: certs/a.pem }\n');
}
/** A synth output folder refused: the problem, with the folder left out. */
function cliOutput(make: (dir: string) => string): void {
  const dir = mkdtempSync(join(tmpdir(), 'cli-output-'));
  const output = make(dir);
  const problem = outputProblem(output, output);
  if (problem) throw new FederationError([problem.split(`${dir}/`).join('')]);
}

/** A command-line problem found in a folder of its own: thrown, with the folder left out. */
function cliInDir(find: (dir: string) => string | undefined): void {
  const dir = mkdtempSync(join(tmpdir(), 'cli-dir-'));
  const problem = find(dir);
  if (problem) throw new FederationError([problem.split(`${dir}/`).join('')]);
}


/** A root rotation of red-mesh, with green-mesh's root as its next root (a valid CA that differs). */
const rotation = (steps?: RootRotationStep[]) => new RootRotation({ nextRootCertificates: { 'red-mesh': rootCert('green-mesh') }, steps });
const { trustNext, switchRoot, dropPrevious } = RootRotationPhase;
/** A rotation of red-mesh with the given steps. */
const rotationSteps = (...steps: RootRotationPhase[][]) => rotation(steps.map(phases => RootRotationStep.of(phases)));
/** The docs' meshes rendering step `step` of `rotation`, synthesized. */
function rotationSynth(rotating: RootRotation, step = 1): void {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation', { rootRotation: rotating.stage(step) });
  for (const name of ['red-mesh', 'green-mesh', 'blue-mesh'] as const) federation.addMesh(name, opts(name, { rootCertificate: rootCert(name) }));
  synthAll(app);
}
/** `rotate` run on a two-mesh description in a folder of its own: its problem, with the folder left out. */
function cliRotate(...args: string[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'cli-rotate-'));
  writeFileSync(join(dir, 'federation.yaml'), `meshes:\n${cliMesh('a')}\n${cliMesh('b')}\n`);
  let err = '';
  main(['rotate', join(dir, 'federation.yaml'), ...args.map(a => a.split('<dir>').join(dir))], { out: () => undefined, err: t => { err += t; } });
  const lines = err.split('\n');
  const problem = lines[0].startsWith('cdk8s-mesh-federation rotate: ') && !lines[0].endsWith('problem(s):') ? lines[0].slice('cdk8s-mesh-federation rotate: '.length) : lines[1]?.replace(/^- /, '');
  throw new FederationError([String(problem).split(`${dir}/`).join('')]);
}

export const CATALOGUE: CatalogueEntry[] = [
  // Meshes
  { id: 'E01', area: 'Meshes', title: 'Mesh name is not a DNS-1123 label', when: 'declare', run: () => add('Red-Mesh'), expected: /mesh 'Red-Mesh': name 'Red-Mesh' is not a DNS-1123 label .* Fix: use a name like 'red-mesh'/ },
  { id: 'E02', area: 'Meshes', title: 'Mesh name is empty', when: 'declare', run: () => add(''), expected: /mesh '': name '' is empty/ },
  { id: 'E03', area: 'Meshes', title: 'Mesh name is over 63 characters', when: 'declare', run: () => add('m'.repeat(64)), expected: /name 'm{64}' is 64 characters long \(at most 63\)/ },
  { id: 'E04', area: 'Meshes', title: 'Default namespace would be over 63 characters', when: 'declare', run: () => add('m'.repeat(57)), expected: /namespace 'm{57}-system' is 64 characters long \(at most 63\)\. Fix: shorten the mesh name to at most 56 characters, or set namespace/ },
  { id: 'E05', area: 'Meshes', title: 'Namespace is not a DNS-1123 label', when: 'declare', run: () => add('a', { namespace: 'A_ns' }), expected: /mesh 'a': namespace 'A_ns' is not a DNS-1123 label/ },
  { id: 'E06', area: 'Meshes', title: 'Control plane name is not a DNS-1123 label', when: 'declare', run: () => add('a', { controlPlaneName: 'Basic' }), expected: /mesh 'a': controlPlaneName 'Basic' is not a DNS-1123 label/ },
  { id: 'E07', area: 'Meshes', title: 'Control plane version without federation', when: 'declare', run: () => add('a', { version: 'v2.0' }), expected: /mesh 'a': version 'v2\.0' is not a ServiceMeshControlPlane v2 version that supports federation\. Fix: use 'v2\.1' or later/ },
  { id: 'E08', area: 'Meshes', title: 'Trust domain is not valid', when: 'declare', run: () => add('a', { trustDomain: 'A Domain' }), expected: /mesh 'a': trustDomain 'A Domain' is not a valid trust domain/ },
  { id: 'E09', area: 'Meshes', title: 'Cluster name or network is not valid', when: 'declare', run: () => add('a', { clusterName: 'my cluster' }), expected: /mesh 'a': clusterName 'my cluster' is not a valid name/ },
  { id: 'E10', area: 'Meshes', title: 'Locality with a subzone but no zone', when: 'declare', run: () => add('a', { locality: { region: 'us-east-1', subzone: 's1' } }), expected: /mesh 'a': locality\.subzone 's1' is set without a zone; the operator drops such a locality/ },
  { id: 'E11', area: 'Meshes', title: 'Locality with a zone but no region', when: 'declare', run: () => add('a', { locality: { region: '', zone: 'z1' } }), expected: /mesh 'a': locality\.region is '' while zone is 'z1'; the operator drops a locality without region/ },
  {
    id: 'E12',
    area: 'Meshes',
    title: 'Two meshes with one name',
    when: 'declare',
    expected: /mesh 'a': name is already used by another mesh of this federation\. Fix: give every mesh a unique name/,
    run: () => { const f = new FederatedMesh(Testing.app(), 'federation'); f.addMesh('a', opts('a')); f.addMesh('a', opts('a')); },
  },
  {
    id: 'E13',
    area: 'Meshes',
    title: 'Mesh name taken by another chart of the app',
    when: 'declare',
    expected: /mesh 'a': name is already used by another chart or construct at the root of the app/,
    run: () => { const app = Testing.app(); new Chart(app, 'a'); new FederatedMesh(app, 'federation').addMesh('a', opts('a')); },
  },
  {
    id: 'E85',
    area: 'Meshes',
    title: 'Mesh constructed with a federation that is not a FederatedMesh',
    when: 'declare',
    expected: /mesh 'a': federation is not a FederatedMesh\. Fix: pass the FederatedMesh the mesh belongs to/,
    run: () => { const app = Testing.app(); new Mesh(app, 'a', { ...opts('a'), federation: new Chart(app, 'not-a-federation') as any }); },
  },
  { id: 'E14', area: 'Meshes', title: 'Two meshes share a trust domain', when: 'synth', run: () => synth([['a', { trustDomain: 'shared.local' }], ['b', { trustDomain: 'shared.local' }]]), expected: /mesh 'b': trustDomain 'shared\.local' is also the trust domain of mesh 'a'; trust domains must be unique .* Fix: set trustDomain to e\.g\. 'b\.local'/ },
  { id: 'E15', area: 'Meshes', title: 'Two meshes share a namespace on one cluster', when: 'synth', run: () => synth([['a', { namespace: 'istio-system' }], ['b', { namespace: 'istio-system' }]]), expected: /mesh 'b': namespace 'istio-system' is also the namespace of mesh 'a' and neither declares a clusterName\. Fix: give each mesh its own namespace, or set clusterName/ },
  // Certificates
  { id: 'E16', area: 'Certificates', title: 'Root certificate is not PEM', when: 'declare', run: () => add('a', { rootCertificate: 'hello' }), expected: /mesh 'a': rootCertificate is not a PEM certificate .*Fix: pass the PEM text/ },
  { id: 'E17', area: 'Certificates', title: 'Root certificate does not parse as X.509', when: 'declare', run: () => add('a', { rootCertificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }), expected: /mesh 'a': rootCertificate certificate does not parse as X\.509/ },
  { id: 'E18', area: 'Certificates', title: 'Root certificate is not a CA', when: 'declare', run: () => add('a', { rootCertificate: pem('not-a-ca') }), expected: /mesh 'a': rootCertificate certificate \('CN=leaf\.example\.com'\) is not a CA certificate/ },
  { id: 'E19', area: 'Certificates', title: 'Root certificate has expired', when: 'declare', run: () => add('a', { rootCertificate: pem('expired-ca') }), expected: /mesh 'a': rootCertificate certificate \('CN=Expired Root CA', sha256 57:03:47:19:06:5D:8E:82:30:E8:54:C6:63:7A:63:5E:FE:BD:97:D5:76:0F:8D:6B:DB:8B:9A:E5:57:6C:EA:6A\) expired on 2021-01-01T00:00:00\.000Z/ },
  {
    id: 'E20',
    area: 'Certificates',
    title: 'Root certificate comes with a private key',
    when: 'declare',
    expected: /mesh 'a': rootCertificate holds a private key\. Fix: pass only the CERTIFICATE block/,
    run: () => add('a', { rootCertificate: rootCert('red-mesh') + generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() }),
  },
  { id: 'E21', area: 'Certificates', title: 'A peered mesh has no root certificate', when: 'synth', run: () => synth([['a', {}], ['b', { rootCertificate: undefined }]]), expected: /mesh 'b': rootCertificate is not set, but 'a' peers with it and needs it in the ConfigMap 'b-ca-root-cert'\. Fix: pass the PEM of its istio-ca-root-cert/ },
  // Platforms and addresses
  { id: 'E22', area: 'Platforms and addresses', title: 'DNS domain is not a domain', when: 'declare', run: () => add('a', { dnsDomain: 'apps..example.com' }), expected: /mesh 'a': dnsDomain 'apps\.\.example\.com' has the label '', which is not a DNS label/ },
  { id: 'E23', area: 'Platforms and addresses', title: 'externalDns without a DNS domain', when: 'declare', run: () => add('a', { dnsDomain: undefined, externalDns: true }), expected: /mesh 'a': externalDns is true but dnsDomain is not set/ },
  { id: 'E24', area: 'Platforms and addresses', title: 'DNS domain on the NodePort platform', when: 'declare', run: () => add('a', { platform: nodePort() }), expected: /mesh 'a': dnsDomain 'a\.example\.com' has no effect on the NodePort platform/ },
  { id: 'E94', area: 'Platforms and addresses', title: 'Cloud load balancer without a scheme, or with an unknown one', when: 'declare', run: () => { Platform.gcp({} as any); }, expected: /Platform\.gcp\(\): scheme is not set; a federation ingress is exposed only on purpose, so there is no default\. Fix: pass \{ scheme: LoadBalancerScheme\.INTERNAL \}/ },
  { id: 'E95', area: 'Platforms and addresses', title: 'NodePort options of the wrong shape', when: 'declare', run: () => { Platform.nodePort({ nodeAddresses: '192.0.2.10' } as any); }, expected: /Platform\.nodePort\(\): nodeAddresses is '192\.0\.2\.10', not a list of addresses\. Fix: list the IPs of nodes the peers can reach/ },
  { id: 'E96', area: 'Meshes', title: 'Mesh option of the wrong type', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'federation').addMesh('a', { platform: 'gcp' } as any); }, expected: /mesh 'a': platform is 'gcp', not a Platform\. Fix: use one of Platform's factories/ },
  { id: 'E97', area: 'Control plane spec', title: 'Control plane spec that cannot be written as JSON', when: 'declare', run: () => add('a', { controlPlaneSpec: { n: BigInt(1) } }), expected: /mesh 'a': controlPlaneSpec\.n is a bigint, not a JSON value\. Fix: pass only JSON values/ },
  { id: 'E98', area: 'Exports', title: 'Export or import whose peer is not a mesh', when: 'declare', run: () => { docs().red.addServiceExport('x', { peer: undefined as any }); }, expected: /mesh 'red-mesh': ServiceExport 'x' peer is undefined, not a Mesh\. Fix: pass a Mesh of the federation/ },
  { id: 'E99', area: 'Gateway naming', title: 'Gateway name that would start with a digit', when: 'synth', run: () => synth([['1a', {}], ['b', {}]], undefined, GatewayNaming.maistraSamples()), expected: /mesh 'b': the ingress gateway name for peer '1a', '1a-ingress', starts with a digit, but it names the gateway's Service, and a Service name must be a DNS-1035 label/ },
  { id: 'E100', area: 'Failover', title: 'Outlier detection duration too long to write', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.red, d.green], outlierDetection: { interval: Duration.days(1e20) } }); }, expected: /failover 'f' of 'info\/ratings': outlierDetection\.interval is 8\.64e\+27 ms, longer than 9007199254740991 ms \(about 285 years\), which cannot be written as a duration/ },
  { id: 'E114', area: 'Meshes', title: 'Name every JavaScript object already has', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'federation').addMesh('constructor', opts('constructor')); }, expected: /mesh 'constructor': name 'constructor' is a name every JavaScript object already has \(Object\.prototype\.constructor\), which the construct tree cannot hold\. Fix: use a name like 'red-mesh'/ },
  { id: 'E115', area: 'Meshes', title: 'Locality value that no node label can hold', when: 'declare', run: () => add('a', { locality: { region: 'us east/1' } }), expected: /mesh 'a': locality\.region 'us east\/1' is not a label value \(.*\), but it must match the nodes' topology\.kubernetes\.io\/region label\. Fix: use the label's value, e\.g\. 'us-east-1'/ },
  { id: 'E101', area: 'Meshes', title: 'Federation id is not a name', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'my federation\n'); }, expected: /federation 'my federation\\n': id is not a name of at most 63 letters, digits, '\.', '-' and '_', starting and ending with a letter or digit \(it names the reports, e\.g\. '<id>-plan\.md'\)\. Fix: use an id like 'federation'/ },
  { id: 'E102', area: 'Meshes', title: 'Federation prop of the wrong type', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'federation', { topology: 'full-mesh' as any }); }, expected: /federation 'federation': topology is 'full-mesh', not a Topology\. Fix: use Topology\.fullMesh\(\), Topology\.hubAndSpoke\(hub\) or Topology\.explicit\(\)/ },
  { id: 'E103', area: 'Meshes', title: 'Method argument of the wrong type', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'federation').addMesh(42 as any, opts('a')); }, expected: /federation 'federation': addMesh\(\): name is 42, not a string\. Fix: pass the mesh's name, e\.g\. 'red-mesh'/ },
  { id: 'E104', area: 'Peerings and topology', title: 'Topology or gateway naming factory argument is not text', when: 'declare', run: () => { Topology.hubAndSpoke(undefined as any); }, expected: /Topology\.hubAndSpoke: hub is undefined, not a string\. Fix: pass the hub mesh's name, e\.g\. Topology\.hubAndSpoke\('hub-mesh'\)/ },
  { id: 'E105', area: 'Control plane spec', title: 'Control plane spec version without federation', when: 'declare', run: () => add('a', { controlPlaneSpec: { version: 'v2.0' } }), expected: /mesh 'a': controlPlaneSpec\.version 'v2\.0' is not a ServiceMeshControlPlane v2 version that supports federation\. Fix: use 'v2\.1' or later/ },
  { id: 'E106', area: 'Control plane spec', title: 'Control plane spec with a prototype key', when: 'declare', run: () => add('a', { controlPlaneSpec: JSON.parse('{"general":{"__proto__":{"x":1}}}') }), expected: /mesh 'a': controlPlaneSpec\.general has the key '__proto__', which would be dropped when written\. Fix: pass only JSON values/ },
  { id: 'E107', area: 'Certificates', title: 'Root certificate bundle too large', when: 'declare', run: () => add('a', { rootCertificate: rootCert('red-mesh').repeat(600) }), expected: /mesh 'a': rootCertificate is \d+ bytes, more than the 262144 a root certificate bundle may have here .* Fix: pass only the mesh's root CA certificate\(s\)/ },
  { id: 'E108', area: 'Certificates', title: 'Root certificate with text outside its PEM blocks', when: 'declare', run: () => add('a', { rootCertificate: `subject=CN = red-mesh\n${rootCert('red-mesh')}` }), expected: /mesh 'a': rootCertificate has text outside its PEM blocks \('subject=CN = red-mesh'\), which would be copied into the peers' ConfigMaps\. Fix: pass only the/ },
  { id: 'E109', area: 'Platforms and addresses', title: 'Address is the unspecified address', when: 'declare', run: () => add('a', { ingressAddresses: { b: ['0.0.0.0'] } }), expected: /mesh 'a': ingressAddresses\['b'\] has '0\.0\.0\.0', which is the unspecified address \(nothing can connect to it\)\. Fix: use the load balancer's hostname or IP/ },
  { id: 'E110', area: 'Platforms and addresses', title: 'Address with a zone ID', when: 'declare', run: () => add('a', { ingressAddresses: { b: ['fe80::1%eth0'] } }), expected: /mesh 'a': ingressAddresses\['b'\] has 'fe80::1%eth0', which has a zone ID \('%eth0'\), valid on one host only\. Fix:/ },
  { id: 'E111', area: 'Platforms and addresses', title: 'Address or range listed twice', when: 'declare', run: () => add('a', { ingressAddresses: { b: ['192.0.2.1', '192.0.2.1'] } }), expected: /mesh 'a': ingressAddresses\['b'\] lists '192\.0\.2\.1' more than once\. Fix: list each value once/ },
  { id: 'E112', area: 'Platforms and addresses', title: 'Source range with host bits set', when: 'declare', run: () => add('a', { ingressSourceRanges: ['10.1.2.3/16'] }), expected: /mesh 'a': ingressSourceRanges has '10\.1\.2\.3\/16', which has host bits set \(the range it means starts at 10\.1\.0\.0\/16\)\. Fix: write ranges like '203\.0\.113\.0\/24' \(here '10\.1\.0\.0\/16'\)/ },
  { id: 'E113', area: 'Platforms and addresses', title: 'Ingress source ranges on the NodePort platform', when: 'declare', run: () => add('a', { platform: Platform.nodePort({ nodeAddresses: ['192.0.2.10'] }), dnsDomain: undefined, ingressSourceRanges: ['10.0.0.0/8'] }), expected: /mesh 'a': ingressSourceRanges has no effect on Platform\.nodePort\(\): loadBalancerSourceRanges applies to LoadBalancer Services only, .* Fix: remove ingressSourceRanges and restrict the node ports with a firewall rule or NetworkPolicy/ },
  { id: 'E25', area: 'Platforms and addresses', title: 'Address is neither an IP nor a hostname', when: 'declare', run: () => add('a', { ingressAddresses: { b: ['lb_1.example.com'] } }), expected: /mesh 'a': ingressAddresses\['b'\] has 'lb_1\.example\.com', which is neither an IP address nor a hostname/ },
  { id: 'E26', area: 'Platforms and addresses', title: 'Address is not a valid IPv4 address', when: 'declare', run: () => add('a', { ingressAddresses: { b: ['10.0.0.256'] } }), expected: /ingressAddresses\['b'\] has '10\.0\.0\.256', which is not a valid IPv4 address/ },
  { id: 'E27', area: 'Platforms and addresses', title: 'Empty address list', when: 'declare', run: () => add('a', { ingressAddresses: { b: [] } }), expected: /mesh 'a': ingressAddresses\['b'\] is empty/ },
  { id: 'E28', area: 'Platforms and addresses', title: 'Source range with a prefix too long', when: 'declare', run: () => add('a', { ingressSourceRanges: ['10.0.0.0/33'] }), expected: /mesh 'a': ingressSourceRanges has '10\.0\.0\.0\/33', which has a prefix length of 33 \(at most 32\)/ },
  { id: 'E29', area: 'Platforms and addresses', title: 'Source range without prefix', when: 'declare', run: () => add('a', { egressSourceRanges: ['10.0.0.1'] }), expected: /mesh 'a': egressSourceRanges has '10\.0\.0\.1', which is not a CIDR range/ },
  { id: 'E30', area: 'Platforms and addresses', title: 'NodePort without node addresses', when: 'declare', run: () => add('a', { dnsDomain: undefined, platform: Platform.nodePort({ nodeAddresses: [] }) }), expected: /mesh 'a': platform Platform\.nodePort\(\) has no nodeAddresses/ },
  { id: 'E31', area: 'Platforms and addresses', title: 'Node address is not an address', when: 'declare', run: () => add('a', { dnsDomain: undefined, platform: Platform.nodePort({ nodeAddresses: ['node_1'] }) }), expected: /mesh 'a': Platform\.nodePort\(\) nodeAddresses has 'node_1', which is neither an IP address nor a hostname/ },
  { id: 'E32', area: 'Platforms and addresses', title: 'Node port out of range', when: 'declare', run: () => add('a', { dnsDomain: undefined, platform: nodePort({ nodePorts: { b: { servicePort: 8443, discoveryPort: 30001 } } }) }), expected: /mesh 'a': Platform\.nodePort\(\) nodePorts\['b'\]\.servicePort 8443 is outside 30000-32767/ },
  { id: 'E33', area: 'Platforms and addresses', title: 'Two gateway ports on one node port', when: 'declare', run: () => add('a', { dnsDomain: undefined, platform: nodePort({ nodePorts: { b: { servicePort: 30001, discoveryPort: 30002 }, c: { servicePort: 30002, discoveryPort: 30003 } } }) }), expected: /mesh 'a': Platform\.nodePort\(\) nodePorts\['c'\]\.servicePort 30002 is already used by nodePorts\['b'\]\.discoveryPort/ },
  { id: 'E34', area: 'Platforms and addresses', title: 'First node port out of range', when: 'declare', run: () => add('a', { dnsDomain: undefined, platform: nodePort({ firstNodePort: 29999 }) }), expected: /firstNodePort 29999 is outside 30000-32767/ },
  { id: 'E35', area: 'Platforms and addresses', title: 'Node port allocation runs past 32767', when: 'synth', run: () => synth([['a', { dnsDomain: undefined, platform: nodePort({ firstNodePort: 32767 }) }], ['b', {}]]), expected: /mesh 'a': the node port allocated for peer 'b' would be 32768, beyond 32767\. Fix: lower Platform\.nodePort\(\) firstNodePort, or pin nodePorts/ },
  { id: 'E36', area: 'Platforms and addresses', title: 'No address for a load balancer', when: 'synth', run: () => synth([['a', {}], ['b', { dnsDomain: undefined }]]), expected: /mesh 'b': no address is known for its ingress gateway 'ingress-a' serving 'a', so the ServiceMeshPeer 'b' in 'a-system' would have no spec\.remote\.addresses\. Fix: set dnsDomain on 'b' \(a stable DNS name\), or ingressAddresses: \{ 'a': \['<load balancer IP>'\] \}/ },
  { id: 'E37', area: 'Platforms and addresses', title: 'Addresses for a mesh that is not a peer', when: 'synth', run: () => synth([['a', { ingressAddresses: { bb: ['203.0.113.1'] } }], ['b', {}]]), expected: /mesh 'a': ingressAddresses names 'bb', which is not a peer of this mesh \(peers: 'b'\)\. Fix: use a peer's mesh name/ },
  { id: 'E38', area: 'Platforms and addresses', title: 'Node ports for a mesh that is not a peer', when: 'synth', run: () => synth([['a', { dnsDomain: undefined, platform: nodePort({ nodePorts: { x: { servicePort: 30001, discoveryPort: 30002 } } }) }], ['b', {}]]), expected: /mesh 'a': Platform\.nodePort\(\) nodePorts names 'x', which is not a peer of this mesh \(peers: 'b'\)/ },
  { id: 'E39', area: 'Platforms and addresses', title: 'DNS name derived from the DNS domain is too long', when: 'synth', run: () => synth([['a', { dnsDomain: Array.from({ length: 4 }, () => 'd'.repeat(60)).join('.') }], ['b', {}]]), expected: /mesh 'a': the DNS name 'ingress-b\.a-system\.d{60}\.d{60}\.d{60}\.d+\.\.\.' \(262 characters\) derived from dnsDomain is 262 characters long \(at most 253\)\. Fix: use a shorter dnsDomain/ },
  // Gateway naming
  { id: 'E40', area: 'Gateway naming', title: 'Naming pattern without {peer}', when: 'declare', run: () => { GatewayNaming.pattern('ingress', 'egress-{peer}'); }, expected: /'ingressPattern' \('ingress'\) must contain '\{peer\}' exactly once/ },
  { id: 'E41', area: 'Gateway naming', title: 'Same pattern for ingress and egress', when: 'declare', run: () => { GatewayNaming.pattern('gw-{peer}', 'gw-{peer}'); }, expected: /'ingressPattern' and 'egressPattern' are both 'gw-\{peer\}'/ },
  { id: 'E42', area: 'Gateway naming', title: 'Egress service account name over 63 characters', when: 'synth', run: () => synth([['a', {}], ['p'.repeat(41), {}]]), expected: new RegExp(`mesh 'a': the egress gateway name for peer '${'p'.repeat(41)}', 'egress-${'p'.repeat(41)}', is 48 characters long \\(at most 47\\) \\(its service account is '<name>-service-account', at most 63 characters\\)\\. Fix: shorten`) },
  { id: 'E43', area: 'Gateway naming', title: 'Gateway name reserved by the control plane', when: 'synth', run: () => synth([['ingress', {}], ['b', {}]], undefined, GatewayNaming.pattern('istio-{peer}gateway', 'fed-egress-{peer}')), expected: /mesh 'b': the ingress gateway name for peer 'ingress' is 'istio-ingressgateway', which the control plane reserves\. Fix: choose another gatewayNaming/ },
  // Peerings and topology
  {
    id: 'E44',
    area: 'Peerings and topology',
    title: 'Mesh peered with itself',
    when: 'declare',
    expected: /mesh 'a': cannot peer with itself\. Fix: pass two different meshes to addPeering\(\)/,
    run: () => { const f = new FederatedMesh(Testing.app(), 'federation', { topology: Topology.explicit() }); const a = f.addMesh('a', opts('a')); f.addPeering(a, a); },
  },
  {
    id: 'E45',
    area: 'Peerings and topology',
    title: 'Mesh peered with a mesh of another federation',
    when: 'declare',
    expected: /mesh 'b': is not a mesh of this federation, so it cannot be peered here/,
    run: () => {
      const app = Testing.app();
      const one = new FederatedMesh(app, 'one', { topology: Topology.explicit() });
      const two = new FederatedMesh(app, 'two', { topology: Topology.explicit() });
      one.addPeering(one.addMesh('a', opts('a')), two.addMesh('b', opts('b')));
    },
  },
  {
    id: 'E46',
    area: 'Peerings and topology',
    title: 'Meshes peered twice',
    when: 'declare',
    expected: /mesh 'b': already peers with 'a' \(the full-mesh topology peered them\)/,
    run: () => { const f = new FederatedMesh(Testing.app(), 'federation'); const a = f.addMesh('a', opts('a')); const b = f.addMesh('b', opts('b')); f.addPeering(b, a); },
  },
  { id: 'E47', area: 'Peerings and topology', title: 'Hub that is not a mesh', when: 'synth', run: () => synth([['a', {}], ['b', {}]], Topology.hubAndSpoke('hubb')), expected: /federation 'federation': Topology\.hubAndSpoke\('hubb'\) names a hub that is not a mesh of this federation \(meshes: 'a', 'b'\)/ },
  { id: 'E137', area: 'Peerings and topology', title: 'Peering of values that are not meshes', when: 'declare', run: () => { const d = docs(); new MeshPeering(d.federation, 'p', { meshA: undefined as any, meshB: d.red }); }, expected: /peering 'p': meshA is undefined, not a Mesh\. Fix: pass meshes made by federation\.addMesh\(\), or use federation\.addPeering\(a, b\)/ },
  // Control plane spec
  { id: 'E48', area: 'Control plane spec', title: 'Base spec is not an object', when: 'declare', run: () => add('a', { controlPlaneSpec: ['x'] as unknown as Record<string, any> }), expected: /mesh 'a': controlPlaneSpec must be an object \(the 'spec' of a ServiceMeshControlPlane\)/ },
  { id: 'E49', area: 'Control plane spec', title: 'Base spec sets another value', when: 'synth', run: () => synth([['a', { controlPlaneSpec: { security: { trust: { domain: 'other.local' } } } }], ['b', {}]]), expected: /mesh 'a': controlPlaneSpec sets spec\.security\.trust\.domain to 'other\.local' but the mesh needs 'a\.local'\. Fix: remove spec\.security\.trust\.domain from controlPlaneSpec, or set the matching mesh prop/ },
  { id: 'E50', area: 'Control plane spec', title: 'Base spec already has a federation gateway', when: 'synth', run: () => synth([['a', { controlPlaneSpec: { gateways: { additionalEgress: { 'egress-b': { enabled: true } } } } }], ['b', {}]]), expected: /mesh 'a': controlPlaneSpec already defines an additional gateway named 'egress-b', which the federation with 'b' needs/ },
  { id: 'E170', area: 'Control plane spec', title: 'Federation gateway replicas below 0', when: 'declare', run: () => add('a', { federationGateways: { perPeer: { b: { egress: { replicas: -1 } } } } }), expected: /^mesh 'a': federationGateways\.perPeer\['b'\]\.egress\.replicas is -1, not a whole number of 0 or more\. Fix: pass e\.g\. 2, or use autoscaling$/ },
  { id: 'E171', area: 'Control plane spec', title: 'Federation gateway autoscaling with min above max', when: 'declare', run: () => add('a', { federationGateways: { ingress: { autoscaling: { minReplicas: 5, maxReplicas: 2 } } } }), expected: /^mesh 'a': federationGateways\.ingress\.autoscaling\.minReplicas 5 is above maxReplicas 2\. Fix: set minReplicas to at most 2, or raise maxReplicas$/ },
  { id: 'E172', area: 'Control plane spec', title: 'Federation gateway resource that is no Kubernetes quantity', when: 'declare', run: () => add('a', { federationGateways: { resources: { requests: { memory: '128 MB' } } } }), expected: /^mesh 'a': federationGateways\.resources\.requests\['memory'\] is '128 MB', not a Kubernetes quantity\. Fix: write it as text like '128Mi'/ },
  { id: 'E173', area: 'Control plane spec', title: 'Federation gateway with both replicas and autoscaling', when: 'declare', run: () => add('a', { federationGateways: { replicas: 2, autoscaling: { minReplicas: 1, maxReplicas: 3 } } }), expected: /^mesh 'a': federationGateways sets both replicas and autoscaling; the control plane takes one\. Fix: keep replicas \(a fixed count\) or autoscaling$/ },
  { id: 'E174', area: 'Control plane spec', title: 'Federation gateway settings of the wrong shape', when: 'declare', run: () => add('a', { federationGateways: { nodeSelector: { 'node-role.kubernetes.io/infra': true } } as any }), expected: /^mesh 'a': federationGateways\.nodeSelector is \{"node-role\.kubernetes\.io\/infra":true\}, not a map of text to text\. Fix: / },
  { id: 'E175', area: 'Control plane spec', title: 'Federation gateway toleration of the wrong shape', when: 'declare', run: () => add('a', { federationGateways: { tolerations: [{ key: 'infra', operator: 'exists' as any }] } }), expected: /^mesh 'a': federationGateways\.tolerations\[0\] is .*, not a toleration .*Fix: pass e\.g\. \{ key: 'infra', operator: TolerationOperator\.EXISTS \}$/ },
  { id: 'E176', area: 'Control plane spec', title: 'Label value of a peer\'s gateways that is no label value', when: 'declare', run: () => add('a', { federationGateways: { perPeer: { b: { forLabel: 'to b' } } } }), expected: /^mesh 'a': federationGateways\.perPeer\['b'\]\.forLabel is 'to b', not a Kubernetes label value .*Fix: use the peer's name, e\.g\. 'b'$/ },
  { id: 'E177', area: 'Control plane spec', title: 'Gateway settings for a mesh that is not a peer', when: 'synth', run: () => synth([['a', { federationGateways: { perPeer: { bb: { replicas: 2 } } } }], ['b', {}]]), expected: /^mesh 'a': federationGateways\.perPeer names 'bb', which is not a peer of this mesh \(peers: 'b'\)\. Fix: use a peer's mesh name, or remove the entry$/ },
  { id: 'E178', area: 'Control plane spec', title: 'Gateway Service annotation the platform sets to another value', when: 'synth', run: () => synth([['a', { platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNAL }), federationGateways: { ingress: { serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'false' } } } }], ['b', {}]]), expected: /^mesh 'a': federationGateways sets the Service annotation 'service\.beta\.kubernetes\.io\/aws-load-balancer-internal' of the ingress gateway for peer 'b' to 'false', but the platform \(or externalDns\) sets it to 'true'\. Fix: remove 'service\.beta\.kubernetes\.io\/aws-load-balancer-internal' from serviceAnnotations, or set it to 'true'$/ },
  { id: 'E179', area: 'Control plane spec', title: 'Node ports pinned for a peer in the same cluster', when: 'synth', run: () => synth([['a', { dnsDomain: undefined, clusterName: 'east', platform: nodePort({ nodePorts: { b: { servicePort: 30001, discoveryPort: 30002 } } }) }], ['b', { clusterName: 'east' }]]), expected: /^mesh 'a': Platform\.nodePort\(\) nodePorts pins node ports for 'b', but both meshes run in cluster 'east', so the ingress gateway for it is a ClusterIP Service without node ports\. Fix: remove the entry, or set clusterLocalPeering: false on 'a'/ },
  { id: 'E180', area: 'Control plane spec', title: 'Two gateways with one ingress-for or egress-for label value', when: 'synth', run: () => synth([['a', { federationGateways: { perPeer: { b: { forLabel: 'peer' }, c: { forLabel: 'peer' } } } }], ['b', {}], ['c', {}]]), expected: /^mesh 'a': the ingress gateways for peers 'b' and 'c' would both carry the label federation\.maistra\.io\/ingress-for: 'peer', so their Services would select each other's pods\. Fix: give federationGateways\.perPeer\['c'\]\.forLabel another value, e\.g\. 'c'$/ },
  // Exports
  { id: 'E51', area: 'Exports', title: 'Export to the mesh itself', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.red }); }, expected: /mesh 'red-mesh': ServiceExport 'x' exports to the mesh itself/ },
  { id: 'E52', area: 'Exports', title: 'Export rule without its selector', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addNameRule({ namespace: '', name: 'ratings' }); }, expected: /mesh 'red-mesh': export to 'green-mesh' 'x' addNameRule\('', 'ratings'\): namespace is ''; a rule needs its selector\. Fix: give a namespace, or '\*' for any/ },
  { id: 'E53', area: 'Exports', title: 'Label rule without selector', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addLabelRule({ namespace: 'shop' }); }, expected: /addLabelRule\('shop'\): has no selector \(neither matchLabels nor matchExpressions\)/ },
  { id: 'E54', area: 'Exports', title: 'Partial wildcard', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addNameRule({ namespace: 'info', name: 'rat*' }); }, expected: /name 'rat\*' is a partial wildcard, which the operator does not support/ },
  { id: 'E55', area: 'Exports', title: 'Alias that is not a name', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addNameRule({ namespace: 'info', name: 'ratings', alias: { name: 'Ratings' } }); }, expected: /addNameRule\('info', 'ratings'\): alias\.name 'Ratings' is not a DNS-1123 label/ },
  { id: 'E56', area: 'Exports', title: 'In / NotIn expression without values', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addLabelRule({ namespace: 'shop', matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN }] }); }, expected: /matchExpressions\[0\] \('tier' In\) has no values/ },
  { id: 'E57', area: 'Exports', title: 'Exists / DoesNotExist expression with values', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addLabelRule({ namespace: 'shop', matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.EXISTS, values: ['x'] }] }); }, expected: /matchExpressions\[0\] \('tier' Exists\) must not have values/ },
  {
    id: 'E58',
    area: 'Exports',
    title: 'Export rule shadowed by an earlier one',
    when: 'synth',
    expected: /mesh 'red-mesh': export to 'green-mesh' 'x' addNameRule\('shop', 'cart'\): can never match, because rule #1 of the ExportedServiceSet 'green-mesh' \(export to 'green-mesh' 'x' addNameRule\('shop', '\*'\)\) already matches every service it would/,
    run: () => { const d = docs(); const e = d.red.addServiceExport('x', { peer: d.green }); e.addNameRule({ namespace: 'shop', name: '*' }); e.addNameRule({ namespace: 'shop', name: 'cart', alias: { name: 'basket' } }); d.done(); },
  },
  {
    id: 'E59',
    area: 'Exports',
    title: 'Label rule shadowed by a broader label rule',
    when: 'synth',
    expected: /export to 'green-mesh' 'b' addLabelRule\('shop'\): can never match, because rule #1 .*'a' addLabelRule\('\*'\)/,
    run: () => {
      const d = docs();
      d.red.addServiceExport('a', { peer: d.green }).addLabelRule({ namespace: '*', matchLabels: { export: 'true' } });
      d.red.addServiceExport('b', { peer: d.green }).addLabelRule({ namespace: 'shop', matchLabels: { export: 'true', tier: 'api' } });
      d.done();
    },
  },
  {
    id: 'E60',
    area: 'Exports',
    title: 'Export to a mesh that is not a peer',
    when: 'synth',
    expected: /mesh 'red-mesh': exports to 'blue-mesh', but the two meshes do not peer, so nothing crosses\. Fix: peer them/,
    run: () => { const d = docs(Topology.explicit()); d.federation.addPeering(d.red, d.green); d.red.addServiceExport('x', { peer: d.blue }).addNameRule({ namespace: 'info', name: 'ratings' }); d.done(); },
  },
  // Imports
  { id: 'E61', area: 'Imports', title: 'Import from the mesh itself', when: 'declare', run: () => { const d = docs(); d.red.addServiceImport('y', { peer: d.red }); }, expected: /mesh 'red-mesh': import from 'red-mesh' 'y' imports from the mesh itself/ },
  { id: 'E62', area: 'Imports', title: 'importAsLocal without a fixed alias namespace', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('from-red', { peer: d.red }).addNameRule({ namespace: 'info', name: 'ratings', importAsLocal: true }); }, expected: /mesh 'green-mesh': import from 'red-mesh' 'from-red' addNameRule\('info', 'ratings'\): importAsLocal is true but alias\.namespace is not set; the operator skips such a rule .* Fix: set alias: \{ namespace: '<local namespace>' \}/ },
  { id: 'E63', area: 'Imports', title: 'importAsLocal with a domain suffix', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('from-red', { peer: d.red }).addNameRule({ namespace: 'info', name: 'ratings', importAsLocal: true, alias: { namespace: 'info' }, domainSuffix: 'x.local' }); }, expected: /domainSuffix 'x\.local' has no effect with importAsLocal/ },
  { id: 'E64', area: 'Imports', title: 'Rule domain suffix svc.cluster.local', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('a', { peer: d.red }).addNameRule({ namespace: 'info', name: 'ratings', domainSuffix: 'svc.cluster.local' }); }, expected: /addNameRule\('info', 'ratings'\): domainSuffix is 'svc\.cluster\.local', which the operator refuses for imports \(it skips the rule\)\. Fix: use importAsLocal: true/ },
  { id: 'E65', area: 'Imports', title: 'Import domain suffix svc.cluster.local', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('b', { peer: d.red, domainSuffix: 'svc.cluster.local' }); }, expected: /mesh 'green-mesh': import from 'red-mesh' 'b' domainSuffix is 'svc\.cluster\.local'/ },
  { id: 'E66', area: 'Imports', title: 'Import locality with a zone but no region', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('a', { peer: d.red, locality: { region: '', zone: 'us-west-1a' } }); }, expected: /mesh 'green-mesh': import from 'red-mesh' 'a' locality\.region is '' while zone is 'us-west-1a'; the operator drops a locality without region/ },
  { id: 'E67', area: 'Imports', title: 'Import locality with a subzone but no zone', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('b', { peer: d.red, locality: { region: 'us-west', subzone: 'rack1' } }); }, expected: /locality\.subzone 'rack1' is set without a zone; the operator drops such a locality/ },
  { id: 'E68', area: 'Imports', title: 'Import rule without its name', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('y', { peer: d.red }).addNameRule({ namespace: 'info', name: undefined as unknown as string }); }, expected: /name is missing; a rule needs its selector/ },
  {
    id: 'E69',
    area: 'Imports',
    title: 'Import that matches nothing the peer exports',
    when: 'synth',
    expected: /mesh 'green-mesh': import from 'red-mesh' 'from-red' addNameRule\('info', 'ratings'\): matches nothing mesh 'red-mesh' exports to 'green-mesh' \(it exports 'red-ratings\.info', 'reviews\.red-mesh-info'; names are <name>\.<namespace> after the aliases of 'red-mesh'\)\. Fix: import a name 'red-mesh' exports, or add the export on 'red-mesh'/,
    run: () => {
      const d = docs();
      const e = d.red.addServiceExport('to-green', { peer: d.green });
      e.addNameRule({ namespace: 'red-mesh-info', name: 'ratings', alias: { namespace: 'info', name: 'red-ratings' } });
      e.addNameRule({ namespace: 'red-mesh-info', name: 'reviews' });
      d.green.addServiceImport('from-red', { peer: d.red }).addNameRule({ namespace: 'info', name: 'ratings' });
      d.done();
    },
  },
  {
    id: 'E70',
    area: 'Imports',
    title: 'Import from a peer that exports nothing to this mesh',
    when: 'synth',
    expected: /matches nothing mesh 'red-mesh' exports to 'green-mesh' \(it exports nothing to 'green-mesh'\)/,
    run: () => { const d = docs(); d.red.addServiceExport('to-blue', { peer: d.blue }).addNameRule({ namespace: 'info', name: 'ratings' }); d.green.addServiceImport('from-red', { peer: d.red }).addNameRule({ namespace: 'info', name: 'ratings' }); d.done(); },
  },
  {
    id: 'E71',
    area: 'Imports',
    title: 'Import rule shadowed by an earlier one',
    when: 'synth',
    expected: /import from 'red-mesh' 'y' addNameRule\('shop', 'cart'\): can never match, because rule #1 of the ImportedServiceSet 'red-mesh'/,
    run: () => {
      const d = docs();
      d.red.addServiceExport('x', { peer: d.green }).addNameRule({ namespace: 'shop', name: 'cart' });
      const i = d.green.addServiceImport('y', { peer: d.red });
      i.addNameRule({ namespace: '*', name: 'cart' });
      i.addNameRule({ namespace: 'shop', name: 'cart', alias: { namespace: 'local-shop' } });
      d.done();
    },
  },
  {
    id: 'E72',
    area: 'Imports',
    title: 'Import from a mesh that is not a peer',
    when: 'synth',
    expected: /mesh 'blue-mesh': imports from 'red-mesh', but the two meshes do not peer/,
    run: () => { const d = docs(Topology.explicit()); d.federation.addPeering(d.red, d.green); d.blue.addServiceImport('y', { peer: d.red }).addNameRule({ namespace: 'info', name: 'ratings' }); d.done(); },
  },
  {
    id: 'E73',
    area: 'Imports',
    title: 'Imports of one pair disagree on set-level settings',
    when: 'synth',
    expected: /mesh 'green-mesh': the imports from 'red-mesh' \('a', 'b'\) set different domainSuffix values \('one\.local' and 'two\.local'\), but they share one ImportedServiceSet/,
    run: () => {
      const d = docs();
      d.red.addServiceExport('x', { peer: d.green }).addNameRule({ namespace: 'shop', name: 'cart' });
      d.green.addServiceImport('a', { peer: d.red, domainSuffix: 'one.local' }).addNameRule({ namespace: 'shop', name: 'cart' });
      d.green.addServiceImport('b', { peer: d.red, domainSuffix: 'two.local' });
      d.done();
    },
  },
  {
    id: 'E82',
    area: 'Exports',
    title: 'Two services exported under one name',
    when: 'synth',
    expected: /mesh 'red-mesh': export to 'green-mesh' 'x' addNameRule\('shop', 'payments'\): exports payments\.shop as 'pay\.info\.svc\.green-mesh-exports\.local', the name rule #1 \(export to 'green-mesh' 'x' addNameRule\('billing', 'pay'\)\) already gives pay\.billing; one exported name cannot stand for two services/,
    run: () => {
      const d = docs();
      const e = d.red.addServiceExport('x', { peer: d.green });
      e.addNameRule({ namespace: 'billing', name: 'pay', alias: { namespace: 'info' } });
      e.addNameRule({ namespace: 'shop', name: 'payments', alias: { namespace: 'info', name: 'pay' } });
      d.done();
    },
  },
  { id: 'E120', area: 'Exports', title: 'Export or import id already taken', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('to-green', { peer: d.green }); d.red.addServiceExport('to-green', { peer: d.blue }); }, expected: /mesh 'red-mesh': ServiceExport 'to-green': id is already taken by ServiceExport 'red-mesh\/to-green' in 'red-mesh'\. Fix: give every export of a mesh its own id/ },
  { id: 'E121', area: 'Exports', title: 'Export or import id that is not text', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport(42 as any, { peer: d.green }); }, expected: /mesh 'red-mesh': ServiceExport: id is 42, not a non-empty string\. Fix: pass an id such as 'to-green-mesh'/ },
  { id: 'E122', area: 'Exports', title: 'Export or import options that are not an object', when: 'declare', run: () => { docs().red.addServiceExport('x', 'green-mesh' as any); }, expected: /mesh 'red-mesh': ServiceExport 'x' options are 'green-mesh', not an object\. Fix: pass \{ peer: federation\.findMesh\('green-mesh'\) \}/ },
  { id: 'E123', area: 'Exports', title: 'Rule options or fields of the wrong type', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addNameRule({ namespace: 5 as any, name: 'ratings' }); }, expected: /mesh 'red-mesh': export to 'green-mesh' 'x' addNameRule\(5, 'ratings'\): namespace is 5, not a string\. Fix: give a namespace, or '\*' for any/ },
  { id: 'E124', area: 'Exports', title: 'Label selector of the wrong shape', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addLabelRule({ namespace: 'shop', matchExpressions: 'tier in (api)' as any }); }, expected: /addLabelRule\('shop'\): matchExpressions is 'tier in \(api\)', not a list of \{ key, operator, values\? \}\. Fix: pass e\.g\. \[\{ key: 'tier', operator: LabelSelectorOperator\.IN, values: \['api'\] \}\]/ },
  { id: 'E125', area: 'Exports', title: 'Unknown label selector operator', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addLabelRule({ namespace: 'shop', matchExpressions: [{ key: 'tier', operator: 'in' as LabelSelectorOperator, values: ['api'] }] }); }, expected: /addLabelRule\('shop'\): matchExpressions\[0\]\.operator 'in' is not one of In, NotIn, Exists, DoesNotExist\. Fix: use LabelSelectorOperator/ },
  { id: 'E126', area: 'Exports', title: 'Label key or value that Kubernetes refuses', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addLabelRule({ namespace: 'shop', matchLabels: { 'Export Service': 'true' } }); }, expected: /addLabelRule\('shop'\): matchLabels key 'Export Service' is not a label key \(its name part takes letters, digits, '-', '_' and '\.', starting and ending with a letter or digit; at most one '\/', after a DNS subdomain prefix\)\. Fix: use a label key like 'export-service'/ },
  { id: 'E127', area: 'Exports', title: 'Export or import id its set needs', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('ExportedServiceSet-green-mesh', { peer: d.green }); }, expected: /mesh 'red-mesh': ServiceExport 'ExportedServiceSet-green-mesh': ExportedServiceSet 'green-mesh' needs the construct id 'ExportedServiceSet-green-mesh' in 'red-mesh', which this id would take\. Fix: use another id/ },
  { id: 'E138', area: 'Exports', title: 'Misspelt key in the options of an export, import or rule', when: 'declare', run: () => { const d = docs(); d.red.addServiceExport('x', { peer: d.green }).addNameRule({ namespace: 'info', name: 'ratings', Alias: { name: 'r' } } as any); }, expected: /mesh 'red-mesh': export to 'green-mesh' 'x' addNameRule\('info', 'ratings'\): unknown key 'Alias' in options \(known: namespace, name, alias\)\. Fix: remove it, or correct the spelling/ },
  {
    id: 'E83',
    area: 'Imports',
    title: 'Two exported services imported as one hostname',
    when: 'synth',
    expected: /mesh 'green-mesh': import from 'red-mesh' 'from-red' addNameRule\('info', 'ratings'\): imports 'ratings\.info\.svc\.green-mesh-exports\.local' as 'ratings\.info\.svc\.shared\.local', which import from 'blue-mesh' 'from-blue' addNameRule\('info', 'ratings'\) already gives to another exported service/,
    run: () => {
      const d = docs();
      d.red.addServiceExport('x', { peer: d.green }).addNameRule({ namespace: 'info', name: 'ratings' });
      d.blue.addServiceExport('x', { peer: d.green }).addNameRule({ namespace: 'info', name: 'ratings' });
      d.green.addServiceImport('from-red', { peer: d.red, domainSuffix: 'svc.shared.local' }).addNameRule({ namespace: 'info', name: 'ratings' });
      d.green.addServiceImport('from-blue', { peer: d.blue, domainSuffix: 'svc.shared.local' }).addNameRule({ namespace: 'info', name: 'ratings' });
      d.done();
    },
  },
  { id: 'E128', area: 'Imports', title: 'Import setting of the wrong type', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('x', { peer: d.red }).addNameRule({ namespace: 'info', name: 'ratings', alias: { namespace: 'info' }, importAsLocal: 'true' as any }); }, expected: /mesh 'green-mesh': import from 'red-mesh' 'x' addNameRule\('info', 'ratings'\): importAsLocal is 'true', not true or false\. Fix: pass true to merge the remote endpoints into the local service, or leave it out/ },
  { id: 'E129', area: 'Imports', title: 'Import locality of the wrong shape', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('x', { peer: d.red, locality: 'us-west' as any }); }, expected: /mesh 'green-mesh': import from 'red-mesh' 'x' locality is 'us-west', not \{ region, zone\?, subzone\? \} with text values\. Fix: pass e\.g\. \{ region: 'us-east-1' \}/ },
  // Failover
  {
    id: 'E74',
    area: 'Failover',
    title: 'Failover mesh without locality',
    when: 'declare',
    expected: /mesh 'grey-mesh': locality is not set, but failover 'f' of 'info\/ratings' fails over by region\. Fix: set locality/,
    run: () => { const d = docs(); const grey = d.federation.addMesh('grey-mesh', opts('grey')); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, grey] }); },
  },
  { id: 'E75', area: 'Failover', title: 'Failover with one mesh', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green] }); }, expected: /failover 'f' of 'info\/ratings': meshes has 1 mesh\(es\); failover needs the service in at least two/ },
  { id: 'E76', area: 'Failover', title: 'Failover with a mesh listed twice', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red, d.green] }); }, expected: /meshes lists a mesh twice/ },
  {
    id: 'E77',
    area: 'Failover',
    title: 'Failover within one region',
    when: 'declare',
    expected: /every mesh is in region 'us-east', so locality failover has nowhere to go/,
    run: () => { const d = docs(); const e2 = d.federation.addMesh('east2', opts('east2', { locality: { region: 'us-east' } })); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, e2] }); },
  },
  { id: 'E78', area: 'Failover', title: 'Outlier detection that never ejects', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red], outlierDetection: { consecutive5xxErrors: 0 } }); }, expected: /outlierDetection\.consecutive5xxErrors 0 would never eject an endpoint, so failover would never trigger/ },
  { id: 'E79', area: 'Failover', title: 'Outlier detection interval of zero', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red], outlierDetection: { interval: Duration.seconds(0) } }); }, expected: /outlierDetection\.interval must be longer than zero/ },
  { id: 'E80', area: 'Failover', title: 'Failover consumer that does not run the service', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red], consumers: [d.blue] }); }, expected: /consumer 'blue-mesh' is not in meshes/ },
  { id: 'E81', area: 'Failover', title: 'Failover of a wildcard service', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: '*', meshes: [d.green, d.red] }); }, expected: /failover 'f' of 'info\/\*': name '\*' is not a DNS-1123 label/ },
  {
    id: 'E84',
    area: 'Failover',
    title: 'Two objects would be written to one file',
    when: 'synth',
    expected: /mesh 'green-mesh': DestinationRule 'checkout-failover' in namespaces 'shop' and 'store' would both be written to DestinationRule\.checkout-failover\.k8s\.yaml by the app's per-resource YAML output, and one would be lost\. Fix: give one of them another name \(for a failover, destinationRuleName\), or use YamlOutputType\.FILE_PER_CHART/,
    run: () => {
      const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'clash-')), yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
      const federation = new FederatedMesh(app, 'federation');
      const green = federation.addMesh('green-mesh', opts('green-mesh', { locality: { region: 'us-east' } }));
      const red = federation.addMesh('red-mesh', opts('red-mesh', { rootCertificate: rootCert('green-mesh'), locality: { region: 'us-west' } }));
      federation.addFailoverImport('a', { namespace: 'shop', name: 'checkout', meshes: [green, red] });
      federation.addFailoverImport('b', { namespace: 'store', name: 'checkout', meshes: [green, red] });
      synthAll(app);
    },
  },
  { id: 'E130', area: 'Failover', title: 'Failover prop of the wrong type', when: 'declare', run: () => { docs().federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: 'green-mesh' as any }); }, expected: /failover 'f' of 'info\/ratings': meshes is 'green-mesh', not a list of Meshes\. Fix: list the meshes that run the service, in failover order/ },
  { id: 'E131', area: 'Failover', title: 'Outlier detection value of the wrong type', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red], outlierDetection: { interval: { amount: 10 } as any } }); }, expected: /failover 'f' of 'info\/ratings': outlierDetection\.interval is \{"amount":10\}, not a Duration\. Fix: use e\.g\. Duration\.seconds\(10\)/ },
  { id: 'E132', area: 'Failover', title: 'Outlier detection duration not in whole milliseconds', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red], outlierDetection: { baseEjectionTime: Duration.millis(1.5) } }); }, expected: /outlierDetection\.baseEjectionTime is 1\.5 ms, not a whole number of milliseconds\. Fix: use e\.g\. Duration\.seconds\(10\) or Duration\.millis\(500\)/ },
  { id: 'E133', area: 'Failover', title: 'Consecutive errors beyond what Istio holds', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red], outlierDetection: { consecutive5xxErrors: 2 ** 32 } }); }, expected: /outlierDetection\.consecutive5xxErrors 4294967296 is more than 4294967295, the most Istio holds\. Fix: use a whole number of at least 1/ },
  { id: 'E134', area: 'Failover', title: 'Failover id already taken', when: 'declare', run: () => { const d = docs(); for (const name of ['ratings', 'reviews']) d.federation.addFailoverImport('f', { namespace: 'info', name, meshes: [d.green, d.red] }); }, expected: /failover 'f': id is already taken by FailoverImport 'federation\/f' in 'federation'\. Fix: give every failover its own id/ },
  { id: 'E135', area: 'Failover', title: 'Failover part id already taken', when: 'declare', run: () => { const d = docs(); d.green.addServiceImport('Failover-f-from-red-mesh', { peer: d.red }); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red] }); }, expected: /failover 'f' of 'info\/ratings': needs the construct id 'Failover-f-from-red-mesh' in mesh 'green-mesh', which ServiceImport 'green-mesh\/Failover-f-from-red-mesh' already takes\. Fix: give the failover another id/ },
  { id: 'E136', area: 'Failover', title: 'Failover without consumers', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red], consumers: [] }); }, expected: /failover 'f' of 'info\/ratings': consumers is empty, so no mesh would fail over\. Fix: list the meshes whose clients fail over, or leave consumers out/ },
  { id: 'E139', area: 'Failover', title: 'Misspelt key in the props of a failover', when: 'declare', run: () => { const d = docs(); d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red], consumer: [d.green] } as any); }, expected: /failover 'f' of 'info\/ratings': unknown key 'consumer' in props \(known: namespace, name, meshes, consumers, outlierDetection, destinationRuleName, exportFromProviders\)\. Fix: remove it, or correct the spelling/ },
  // Prerequisites
  { id: 'E86', area: 'Prerequisites', title: 'Member namespace is not a namespace name', when: 'declare', run: () => { docs().red.addMemberNamespace('Shop_Apps'); }, expected: /mesh 'red-mesh': addMemberNamespace\('Shop_Apps'\): the namespace is not a DNS-1123 label .* Fix: pass a namespace name like 'bookinfo' \(no wildcards\)/ },
  { id: 'E87', area: 'Prerequisites', title: 'Control-plane namespace added as a member', when: 'declare', run: () => { docs().red.addMemberNamespace('red-mesh-system'); }, expected: /mesh 'red-mesh': addMemberNamespace\('red-mesh-system'\): names the mesh's own control-plane namespace, which is always part of the mesh; the member roll webhook refuses it \("mesh project\/namespace cannot be listed as a member"\)\. Fix: remove the call/ },
  { id: 'E88', area: 'Prerequisites', title: 'Prerequisite switch is not true or false', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'federation', { prerequisites: { namespaces: 'false' as any } }); }, expected: /federation 'federation': prerequisites\.namespaces must be true or false, not 'false'\. Fix: set it to false to leave the objects to your platform, or remove it/ },
  { id: 'E89', area: 'Prerequisites', title: 'Unknown prerequisite', when: 'declare', run: () => add('a', { prerequisites: { memberRolls: false } as any }), expected: /mesh 'a': prerequisites\.memberRolls is not a prerequisite the library emits\. Fix: use namespaces or memberRoll/ },
  { id: 'E90', area: 'Prerequisites', title: 'Prerequisites are not an object', when: 'declare', run: () => add('a', { prerequisites: false as any }), expected: /mesh 'a': prerequisites must be an object like \{ namespaces: false \}, not false\. Fix: pass \{ namespaces\?: boolean, memberRoll\?: boolean \}/ },
  {
    id: 'E91',
    area: 'Prerequisites',
    title: 'A second member roll in the mesh\'s chart',
    when: 'synth',
    run: () => {
      const d = docs();
      new ApiObject(d.red, 'PlatformRoll', { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default' }, spec: { members: ['bookinfo'] } });
      d.done();
    },
    expected: /mesh 'red-mesh': ServiceMeshMemberRoll 'red-mesh-system\/default' at 'red-mesh\/PlatformRoll' is a second member roll for the control plane, which holds one \('default', emitted by the mesh\)\. Fix: add its namespaces with addMemberNamespace\(\) and remove it, or set prerequisites: \{ memberRoll: false \} on the mesh/,
  },
  {
    id: 'E92',
    area: 'Prerequisites',
    title: 'A second control-plane Namespace in the mesh\'s chart',
    when: 'synth',
    run: () => {
      const d = docs();
      new ApiObject(d.red, 'ControlPlaneNamespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'red-mesh-system' } });
      d.done();
    },
    expected: /mesh 'red-mesh': Namespace 'red-mesh-system' at 'red-mesh\/ControlPlaneNamespace' duplicates the control-plane Namespace the mesh emits\. Fix: remove it, or set prerequisites: \{ namespaces: false \} on the mesh/,
  },
  {
    id: 'E93',
    area: 'Prerequisites',
    title: 'Two meshes on one cluster need the same member namespace',
    when: 'synth',
    run: () => {
      const app = Testing.app();
      const federation = new FederatedMesh(app, 'federation');
      const a = federation.addMesh('east-a', opts('east-a', { clusterName: 'east' }));
      const b = federation.addMesh('east-b', opts('east-b', { clusterName: 'east' }));
      a.addMemberNamespace('shop');
      b.addMemberNamespace('shop');
      synthAll(app);
    },
    expected: /mesh 'east-b': namespace 'shop' must be a member of this mesh, but mesh 'east-a' on the same cluster 'east' needs it too; a namespace belongs to one control plane .* Fix: run the namespace's services and clients in one of the meshes, or set clusterName to tell apart meshes that run in different clusters/,
  },
  // Serverless
  {
    id: 'SV01',
    area: 'Serverless',
    title: 'Another Gateway binds port 443 with hosts *',
    when: 'synth',
    expected: /mesh 'basic' \(serverless\): the Gateway 'my-app\/app-gateway' binds port 443 with hosts '\*', as knative-serving\/knative-ingress-gateway does; only one Gateway per mesh may/,
    run: () => {
      const { chart } = serverless();
      new ApiObject(chart, 'AppGateway', {
        apiVersion: 'networking.istio.io/v1beta1',
        kind: 'Gateway',
        metadata: { name: 'app-gateway', namespace: 'my-app' },
        spec: { servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'] }] },
      });
      Testing.synth(chart);
    },
  },
  { id: 'SV02', area: 'Serverless', title: 'Mesh namespace in its own member roll', when: 'synth', run: () => { Testing.synth(serverless({ memberNamespaces: ['istio-system'] }).chart); }, expected: /mesh 'basic' \(serverless\): the member roll lists 'istio-system', the mesh's own control plane namespace; the member roll webhook refuses it/ },
  { id: 'SV03', area: 'Serverless', title: 'Member namespace listed twice', when: 'synth', run: () => { const s = serverless({ memberNamespaces: ['my-app'] }); s.integration.addMemberNamespace('my-app'); Testing.synth(s.chart); }, expected: /the member roll lists 'my-app' twice; the member roll webhook refuses duplicates\. Fix: list each namespace once/ },
  {
    id: 'SV04',
    area: 'Serverless',
    title: 'Knative gateway hosts point at another namespace',
    when: 'synth',
    expected: /servingConfig\.istio\['gateway\.knative-serving\.knative-ingress-gateway'\] is 'istio-ingressgateway\.istio-system\.svc\.cluster\.local', but the mesh's gateways are in 'my-mesh'/,
    run: () => { Testing.synth(serverless({ controlPlaneNamespace: 'my-mesh', servingConfig: { istio: { 'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.istio-system.svc.cluster.local' } } }).chart); },
  },
  { id: 'SV05', area: 'Serverless', title: 'Eventing istio feature turned off', when: 'synth', run: () => { Testing.synth(serverless({ eventingConfig: { features: { istio: 'disabled' } } }).chart); }, expected: /eventingConfig sets eventingConfig\.features\.istio to 'disabled', but Knative Eventing in the mesh needs 'enabled'/ },
  { id: 'SV06', area: 'Serverless', title: 'Standalone control plane spec conflicts with Serverless', when: 'synth', run: () => { Testing.synth(serverless({ controlPlaneSpec: { security: { dataPlane: { mtls: false } } } }).chart); }, expected: /mesh 'basic' \(serverless\): controlPlaneSpec sets spec\.security\.dataPlane\.mtls to false but OpenShift Serverless needs true/ },
  {
    id: 'SV07',
    area: 'Serverless',
    title: 'Federated mesh control plane spec conflicts with Serverless',
    when: 'synth',
    expected: /mesh 'a': the serverless integration 'a\/Serverless' needs spec\.techPreview\.meshConfig\.defaultConfig\.terminationDrainDuration to be '35s', but the control plane spec sets '10s'/,
    run: () => {
      const app = Testing.app();
      const mesh = new FederatedMesh(app, 'federation').addMesh('a', opts('a', { controlPlaneSpec: { techPreview: { meshConfig: { defaultConfig: { terminationDrainDuration: '10s' } } } } }));
      new ServerlessMeshIntegration(mesh, 'Serverless', { ingressCertificateSecret: 'wildcard-certs' });
      synthAll(app);
    },
  },
  { id: 'SV08', area: 'Serverless', title: 'Two serverless integrations for one mesh', when: 'synth', run: () => { const s = serverless(); new ServerlessMeshIntegration(s.chart, 'Again', { ingressCertificateSecret: 'wildcard-certs' }); Testing.synth(s.chart); }, expected: /'test\/Again' also integrates OpenShift Serverless with the mesh in 'istio-system'; a mesh has one member roll 'default'/ },
  {
    id: 'SV09',
    area: 'Serverless',
    title: 'Standalone control plane props inside a Mesh',
    when: 'declare',
    expected: /mesh 'a' \(serverless\): controlPlaneName is set, but inside mesh 'a' the control plane is the mesh's own\. Fix: remove controlPlaneName/,
    run: () => { const mesh = new FederatedMesh(Testing.app(), 'federation').addMesh('a', opts('a')); new ServerlessMeshIntegration(mesh, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', controlPlaneName: 'basic' }); },
  },
  { id: 'SV10', area: 'Serverless', title: 'Member namespace is not a DNS-1123 label', when: 'declare', run: () => { serverless({ memberNamespaces: ['My_App'] }); }, expected: /mesh 'basic' \(serverless\): memberNamespaces has 'My_App', which is not a DNS-1123 label/ },
  { id: 'SV11', area: 'Serverless', title: 'Serverless control plane namespace is not a DNS-1123 label', when: 'declare', run: () => { serverless({ controlPlaneNamespace: 'Istio' }); }, expected: /mesh 'basic' \(serverless\): controlPlaneNamespace 'Istio' is not a DNS-1123 label/ },
  { id: 'SV12', area: 'Serverless', title: 'Serverless control plane spec is not an object', when: 'declare', run: () => { serverless({ controlPlaneSpec: 'v2.6' as unknown as object }); }, expected: /mesh 'basic' \(serverless\): controlPlaneSpec must be an object/ },
  { id: 'SV13', area: 'Serverless', title: 'Wildcard certificate secret is not a Secret name', when: 'declare', run: () => { serverless({ ingressCertificateSecret: '<wildcard_certs>' }); }, expected: /ingressCertificateSecret '<wildcard_certs>' is not a Secret name \(a DNS subdomain\)/ },
  { id: 'SV14', area: 'Serverless', title: 'Knative workload name is not a DNS-1123 label', when: 'declare', run: () => { serverless({ eventingWorkloads: ['IMC Dispatcher'] }); }, expected: /eventingWorkloads has 'IMC Dispatcher', which is not a DNS-1123 label/ },
  { id: 'SV15', area: 'Serverless', title: 'Knative config value is not a string', when: 'declare', run: () => { serverless({ servingConfig: { autoscaler: { 'min-scale': 1 as unknown as string } } }); }, expected: /servingConfig\.autoscaler must map keys to strings/ },
  { id: 'SV16', area: 'Serverless', title: 'Kafka without bootstrap servers', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: [] } }); }, expected: /kafka\.bootstrapServers is empty/ },
  { id: 'SV17', area: 'Serverless', title: 'Kafka bootstrap server without a port', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: ['my-cluster-kafka-bootstrap.kafka'] } }); }, expected: /kafka\.bootstrapServers has 'my-cluster-kafka-bootstrap\.kafka', which is not 'host:port'/ },
  { id: 'SV18', area: 'Serverless', title: 'Kafka bootstrap host is not a hostname', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: ['kafka_0:9092'] } }); }, expected: /kafka\.bootstrapServers has 'kafka_0:9092', whose host is neither an IP address nor a hostname/ },
  { id: 'SV19', area: 'Serverless', title: 'Kafka partitions or replication factor not positive', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: ['k:9092'], numPartitions: 0 } }); }, expected: /kafka\.numPartitions is 0; it must be a positive whole number/ },
  { id: 'SV20', area: 'Serverless', title: 'Kafka port number out of range', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: ['k:9092'], ports: [{ number: 0, name: 'tcp' }] } }); }, expected: /kafka\.ports has the port number 0, which is not 1-65535/ },
  { id: 'SV21', area: 'Serverless', title: 'Kafka port name used twice', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: ['k:9092'], ports: [{ number: 9093, name: 'tcp-tls' }, { number: 9096, name: 'tcp-tls' }] } }); }, expected: /kafka\.ports has the name 'tcp-tls' twice; ServiceEntry port names must be unique/ },
  { id: 'SV22', area: 'Serverless', title: 'Kafka port listed twice', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: ['k:9092'], ports: [{ number: 9092, name: 'a' }, { number: 9092, name: 'b' }] } }); }, expected: /kafka\.ports lists port 9092 twice/ },
  { id: 'SV23', area: 'Serverless', title: 'Kafka ports empty', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: ['k:9092'], ports: [] } }); }, expected: /kafka\.ports is empty, so the mesh could not reach the Kafka cluster/ },
  { id: 'SV24', area: 'Serverless', title: 'Knative Service annotation with another value', when: 'declare', run: () => KnativeService.addMeshAnnotations(knativeService({ 'serving.knative.openshift.io/enablePassthrough': 'false' }).service), expected: /Knative Service 'my-app\/hello': metadata\.annotations\['serving\.knative\.openshift\.io\/enablePassthrough'\] is 'false', but a Knative Service in the mesh needs "true"/ },
  {
    id: 'SV25',
    area: 'Serverless',
    title: 'Knative Service annotation changed after it was added',
    when: 'synth',
    expected: /Knative Service 'my-app\/hello': metadata\.annotations\['serving\.knative\.openshift\.io\/enablePassthrough'\] is 'false'/,
    run: () => { const { chart, service } = knativeService(); KnativeService.addMeshAnnotations(service); service.metadata.addAnnotation('serving.knative.openshift.io/enablePassthrough', 'false'); Testing.synth(chart); },
  },
  { id: 'SV26', area: 'Serverless', title: 'Mesh annotations on what is not a Knative Service', when: 'declare', run: () => KnativeService.addMeshAnnotations(new ApiObject(Testing.chart(), 'Svc', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'hello' } })), expected: /is a v1 Service, not a Knative Service \(serving\.knative\.dev\/v1 Service\)/ },
  { id: 'SV27', area: 'Serverless', title: 'Knative Service name is not a DNS-1123 label', when: 'declare', run: () => { new KnativeService(Testing.chart(), 'Hello', { name: 'Hello', image: 'quay.io/x/hello' }); }, expected: /Knative Service 'Hello': name is not a DNS-1123 label/ },
  { id: 'SV28', area: 'Serverless', title: 'Knative Service port out of range', when: 'declare', run: () => { new KnativeService(Testing.chart(), 'Hello', { name: 'hello', image: 'quay.io/x/hello', port: 70000 }); }, expected: /Knative Service 'hello': port 70000 is not a port number \(1-65535\)/ },
  { id: 'SV29', area: 'Serverless', title: 'Serverless prop of the wrong type', when: 'declare', run: () => { serverless({ ingressCertificateSecret: 42 as unknown as string }); }, expected: /^mesh 'basic' \(serverless\): ingressCertificateSecret is 42, not a string\. Fix: give the name of the Secret holding the wildcard certificate, e\.g\. 'wildcard-certs'$/ },
  { id: 'SV30', area: 'Serverless', title: 'Serverless props that are not an object', when: 'declare', run: () => { new ServerlessMeshIntegration(Testing.chart(), 'Serverless', undefined as unknown as ServerlessMeshIntegrationProps); }, expected: /^mesh 'basic' \(serverless\): props are undefined, not an object\. Fix: pass the props, at least \{ ingressCertificateSecret: 'wildcard-certs' \}$/ },
  { id: 'SV31', area: 'Serverless', title: 'Kafka option of the wrong type', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: ['k:9092'], numPartitions: NaN } }); }, expected: /^mesh 'basic' \(serverless\): kafka\.numPartitions is NaN, not a whole number\. Fix: use a positive whole number, e\.g\. 10, or leave numPartitions out$/ },
  { id: 'SV32', area: 'Serverless', title: 'Kafka port that is not { number, name }', when: 'declare', run: () => { serverless({ kafka: { bootstrapServers: ['k:9092'], ports: [9092 as unknown as { number: number; name: string }] } }); }, expected: /^mesh 'basic' \(serverless\): kafka\.ports\[0\] is 9092, not \{ number, name \}\. Fix: list the TCP ports as \{ number, name \}/ },
  { id: 'SV33', area: 'Serverless', title: 'Serverless list with too many entries', when: 'declare', run: () => { const list: string[] = []; list.length = 2 ** 32 - 1; serverless({ memberNamespaces: list }); }, expected: /^mesh 'basic' \(serverless\): memberNamespaces has 4294967295 entries \(at most 10000\)\. Fix: list namespace names/ },
  { id: 'SV34', area: 'Serverless', title: 'Serverless value that cannot be written as JSON', when: 'declare', run: () => { serverless({ controlPlaneSpec: JSON.parse('{"security": {"__proto__": {"dataPlane": {"mtls": false}}}}') }); }, expected: /^mesh 'basic' \(serverless\): controlPlaneSpec\.security has the key '__proto__', which would be dropped when written\. Fix: pass only JSON values/ },
  { id: 'SV35', area: 'Serverless', title: 'Knative config section that is not a ConfigMap name', when: 'declare', run: () => { serverless({ servingConfig: { Autoscaler: { 'min-scale': '1' } } }); }, expected: /^mesh 'basic' \(serverless\): servingConfig has the section 'Autoscaler', but its ConfigMap name 'config-Autoscaler' is not a DNS-1123 subdomain .*Fix: use the name of a Knative ConfigMap without 'config-'/ },
  { id: 'SV36', area: 'Serverless', title: 'Knative config key a ConfigMap refuses', when: 'declare', run: () => { serverless({ servingConfig: { autoscaler: { 'min scale': '1' } } }); }, expected: /^mesh 'basic' \(serverless\): servingConfig\.autoscaler has the key 'min scale', which a ConfigMap refuses .*Fix: use the key as Knative documents it/ },
  { id: 'SV37', area: 'Serverless', title: 'Knative config section over 1 MiB', when: 'declare', run: () => { serverless({ eventingConfig: { features: { a: 'x'.repeat(1024 * 1024) } } }); }, expected: /^mesh 'basic' \(serverless\): eventingConfig\.features holds 1048577 bytes, more than a ConfigMap may \(1048576\)\. Fix: keep each Knative ConfigMap's settings under 1 MiB$/ },
  { id: 'SV38', area: 'Serverless', title: 'Serverless construct outside a Chart', when: 'declare', run: () => { new ServerlessMeshIntegration(new App(), 'Serverless', { ingressCertificateSecret: 'wildcard-certs' }); }, expected: /^mesh 'basic' \(serverless\): scope is the construct '', not a construct in a Chart\. Fix: create the ServerlessMeshIntegration in a Chart \(or a Mesh\)$/ },
  { id: 'SV39', area: 'Serverless', title: 'Serverless construct id that is not a string', when: 'declare', run: () => { new KnativeService(Testing.chart(), 7 as unknown as string, { name: 'hello', image: 'quay.io/x/hello' }); }, expected: /^Knative Service 'hello': id is 7, not a non-empty string\. Fix: pass a construct id, e\.g\. 'Hello'$/ },
  { id: 'SV40', area: 'Serverless', title: 'Serverless member namespace that is not a string', when: 'declare', run: () => { serverless().integration.addMemberNamespace(['my-app'] as unknown as string); }, expected: /^mesh 'basic' \(serverless\): addMemberNamespace\(\) namespace is \["my-app"\], not a string\. Fix: pass a namespace name like 'my-app'$/ },
  { id: 'SV41', area: 'Serverless', title: 'Knative Service prop of the wrong type', when: 'declare', run: () => { new KnativeService(Testing.chart(), 'Hello', { name: 'hello', image: 'quay.io/x/hello', port: '8080' as unknown as number }); }, expected: /^Knative Service 'hello': port is '8080', not a whole number\. Fix: use the port the container listens on, e\.g\. 8080, or leave port out$/ },
  { id: 'SV42', area: 'Serverless', title: 'Knative Service environment variable name Kubernetes refuses', when: 'declare', run: () => { new KnativeService(Testing.chart(), 'Hello', { name: 'hello', image: 'quay.io/x/hello', env: { 'MY VAR': 'x' } }); }, expected: /^Knative Service 'hello': env has the name 'MY VAR', which is not an environment variable name .*Fix: use a name like 'TARGET'$/ },
  { id: 'SV43', area: 'Serverless', title: 'Mesh annotations on what is not an ApiObject', when: 'declare', run: () => KnativeService.addMeshAnnotations('hello' as unknown as ApiObject), expected: /^KnativeService\.addMeshAnnotations\(\): service is 'hello', not an ApiObject\. Fix: pass the Knative Service's ApiObject/ },
  {
    id: 'SV44',
    area: 'Serverless',
    title: 'Knative Service that cannot be rendered',
    when: 'declare',
    expected: /^Knative Service 'my-app\/hello': cannot be rendered as JSON \(.*\)\. Fix: give the Knative Service only JSON values, without cycles$/,
    run: () => {
      const spec: Record<string, unknown> = {};
      spec.self = spec;
      KnativeService.addMeshAnnotations(new ApiObject(Testing.chart(), 'Hello', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'my-app' }, spec }));
    },
  },
  { id: 'SV45', area: 'Serverless', title: 'Knative Service annotations over 256 KiB', when: 'declare', run: () => KnativeService.addMeshAnnotations(knativeService({ big: 'x'.repeat(256 * 1024) }).service), expected: /^Knative Service 'my-app\/hello': metadata\.annotations hold 262197 bytes with the mesh's annotations, more than the API server accepts \(262144\)\. Fix: move the large values out of the annotations/ },
  { id: 'SV46', area: 'Serverless', title: 'Knative Service name starts with a digit', when: 'declare', run: () => { new KnativeService(Testing.chart(), 'Hello', { name: '2048', image: 'quay.io/x/2048' }); }, expected: /^Knative Service '2048': name starts with a digit, but Knative refuses a Service name that is not a DNS-1035 label \(starting with a letter\)\. Fix: put a letter first, e\.g\. 'svc-2048'$/ },
  { id: 'SV47', area: 'Serverless', title: 'Serverless construct id already taken', when: 'declare', run: () => { const { chart } = serverless(); new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs' }); }, expected: /^mesh 'basic' \(serverless\): id 'Serverless' is taken by another construct in 'test'\. Fix: give the ServerlessMeshIntegration an id of its own, e\.g\. 'Serverless2'$/ },
  { id: 'SV48', area: 'Serverless', title: 'Mesh annotations on a KnativeService construct', when: 'declare', run: () => KnativeService.addMeshAnnotations(new KnativeService(Testing.chart(), 'Hello', { name: 'hello', image: 'quay.io/x/hello' }) as unknown as ApiObject), expected: /^KnativeService\.addMeshAnnotations\(\): service is the KnativeService 'test\/Hello', whose object already carries the annotations\. Fix: call it only for a Knative Service built another way \(an ApiObject\)$/ },
  // GitOps and output
  { id: 'E140', area: 'GitOps and output', title: 'FederationApp prop of the wrong type', when: 'declare', run: () => { new FederationApp({ reports: 'false' as unknown as boolean }); }, expected: /FederationApp: reports is 'false', not true or false\. Fix: set reports to true or false, or leave it out/ },
  { id: 'E141', area: 'GitOps and output', title: 'Output folder that is no path', when: 'declare', run: () => { new FederationApp({ outdir: 'dist\nx' }); }, expected: /FederationApp: outdir 'dist\\nx' holds a control character, which no folder name should hold\. Fix: set it to the output folder's path, e\.g\. 'dist'/ },
  { id: 'E142', area: 'GitOps and output', title: 'Output file extension that would make a path', when: 'declare', run: () => { new FederationApp({ outputFileExtension: '/../x.yaml' }); }, expected: /FederationApp: outputFileExtension '\/\.\.\/x\.yaml' is not a file extension: only letters, digits, '\.', '-' and '_' \(at most 64\), so that every file stays in its cluster folder\. Fix: / },
  { id: 'E143', area: 'GitOps and output', title: 'GitOps option of the wrong type', when: 'declare', run: () => { new FederationApp({ gitOps: { flux: 'true' as unknown as boolean } }); }, expected: /FederationApp gitOps: flux is 'true', not true or false\. Fix: set flux to true or false, or leave it out/ },
  { id: 'E144', area: 'GitOps and output', title: 'Argo CD output that is no ArgoCdOutput', when: 'declare', run: () => { new FederationApp({ gitOps: { argoCd: 'applicationset' as ArgoCdOutput } }); }, expected: /FederationApp gitOps: argoCd is 'applicationset', not one of 'none', 'application-per-cluster', 'application-set'\. Fix: use ArgoCdOutput\.APPLICATION_PER_CLUSTER/ },
  { id: 'E145', area: 'GitOps and output', title: 'GitOps name is not a DNS-1123 label', when: 'declare', run: () => { new FederationApp({ gitOps: { name: '../../x' } }); }, expected: /FederationApp gitOps: name '\.\.\/\.\.\/x' is not a DNS-1123 label .*; it names the GitOps folder, ApplicationSet and GitRepository\. Fix: set name to a valid name, e\.g\. 'gitops'/ },
  { id: 'E146', area: 'GitOps and output', title: 'Repository URL Argo CD and Flux cannot read', when: 'declare', run: () => { new FederationApp({ gitOps: { repoUrl: `${REPO}\nkind: Secret` } }); }, expected: /FederationApp gitOps: repoUrl 'https:\/\/git\.example\.com\/platform\/meshes\.git\\nkind: Secret' holds whitespace or a control character\. Fix: set repoUrl to the repository's URL: https:\/\/host\/path, ssh:\/\/git@host\/path or git@host:path/ },
  { id: 'E147', area: 'GitOps and output', title: 'scp-like repository address with Flux', when: 'declare', run: () => { new FederationApp({ gitOps: { repoUrl: 'git@github.com:org/meshes.git', flux: true } }); }, expected: /FederationApp gitOps: repoUrl 'git@github\.com:org\/meshes\.git' is a scp-like Git address, which Flux does not read .* Fix: write it 'ssh:\/\/git@github\.com\/org\/meshes\.git'/ },
  { id: 'E148', area: 'GitOps and output', title: 'Repository URL with a password', when: 'declare', run: () => { new FederationApp({ gitOps: { repoUrl: 'https://ci:s3cret@git.example.com/m.git' } }); }, expected: /FederationApp gitOps: repoUrl 'https:\/\/ci:s3cret@git\.example\.com\/m\.git' holds a password, which would be committed with the manifests\. Fix: remove it from the URL/ },
  { id: 'E149', area: 'GitOps and output', title: 'Revision is not a Git branch name', when: 'declare', run: () => { new FederationApp({ gitOps: { revision: 'release 1' } }); }, expected: /FederationApp gitOps: revision 'release 1' holds a space, which a Git branch name cannot hold\. Fix: set revision to a branch name, e\.g\. 'main' or 'release\/1\.0'/ },
  { id: 'E150', area: 'GitOps and output', title: 'GitOps path outside the repository', when: 'declare', run: () => { new FederationApp({ gitOps: { path: '../../etc' } }); }, expected: /FederationApp gitOps: path '\.\.\/\.\.\/etc' climbs out of the repository with '\.\.'\. Fix: set path to the output folder's path relative to the repository root/ },
  { id: 'E151', area: 'GitOps and output', title: 'GitOps path is absolute', when: 'declare', run: () => { new FederationApp({ gitOps: { path: '/srv/repo/dist' } }); }, expected: /FederationApp gitOps: path '\/srv\/repo\/dist' is absolute; Argo CD and Flux read it relative to the repository root\. Fix: / },
  { id: 'E152', area: 'GitOps and output', title: 'GitOps path is not normalised', when: 'declare', run: () => { new FederationApp({ gitOps: { path: './deploy//meshes' } }); }, expected: /FederationApp gitOps: path '\.\/deploy\/\/meshes' is not normalised\. Fix: write it 'deploy\/meshes'/ },
  { id: 'E153', area: 'GitOps and output', title: 'Argo CD or Flux namespace is not a DNS-1123 label', when: 'declare', run: () => { new FederationApp({ gitOps: { fluxNamespace: 'Flux System' } }); }, expected: /FederationApp gitOps: fluxNamespace 'Flux System' is not a DNS-1123 label .*; it must be a namespace name\. Fix: set fluxNamespace to a valid name, e\.g\. 'flux-system'/ },
  { id: 'E154', area: 'GitOps and output', title: 'Argo CD project is not a name', when: 'declare', run: () => { new FederationApp({ gitOps: { argoCdProject: 'my_project' } }); }, expected: /FederationApp gitOps: argoCdProject 'my_project' is not a DNS-1123 subdomain .*; it must name an AppProject\. Fix: / },
  { id: 'E155', area: 'GitOps and output', title: 'Flux interval that Flux cannot read', when: 'declare', run: () => { new FederationApp({ gitOps: { fluxInterval: Duration.seconds(0) } }); }, expected: /FederationApp gitOps: fluxInterval is 0 seconds; Flux needs at least 1\. Fix: pass a whole number of seconds of at least 1, e\.g\. Duration\.minutes\(10\)/ },
  { id: 'E156', area: 'GitOps and output', title: 'Destination keyed by what is no mesh name', when: 'declare', run: () => { new FederationApp({ gitOps: { destinations: { 'Red Mesh': { name: 'red' } } } }); }, expected: /FederationApp gitOps: destinations\['Red Mesh'\] is not a DNS-1123 label .*, so it names no cluster folder \(each is a mesh name\)\. Fix: key destinations by mesh name/ },
  { id: 'E157', area: 'GitOps and output', title: 'Destination server is not an API server URL', when: 'declare', run: () => { new FederationApp({ gitOps: { destinations: { 'red-mesh': { server: 'api.red.example.com:6443' } } } }); }, expected: /FederationApp gitOps: destinations\['red-mesh'\]\.server 'api\.red\.example\.com:6443' is not an https:\/\/ URL with a host\. Fix: set server to the cluster's API server URL/ },
  { id: 'E158', area: 'GitOps and output', title: 'Destination kubeconfig Secret is not a Secret name', when: 'declare', run: () => { new FederationApp({ gitOps: { destinations: { 'red-mesh': { kubeConfigSecretName: 'Red_Kubeconfig' } } } }); }, expected: /FederationApp gitOps: destinations\['red-mesh'\]\.kubeConfigSecretName 'Red_Kubeconfig' is not a DNS-1123 subdomain .*; it must name a Secret\. Fix: / },
  { id: 'E159', area: 'GitOps and output', title: 'Argo CD cluster name with whitespace', when: 'declare', run: () => { new FederationApp({ gitOps: { destinations: { 'red-mesh': { name: 'red cluster' } } } }); }, expected: /FederationApp gitOps: destinations\['red-mesh'\]\.name 'red cluster' holds whitespace or a control character\. Fix: set name to the name the cluster is registered under in Argo CD/ },
  { id: 'E160', area: 'GitOps and output', title: 'GitOps without a folder per cluster', when: 'synth', run: () => appSynth({ gitOps: {}, yamlOutputType: YamlOutputType.FILE_PER_CHART }), expected: /FederationApp gitOps: yamlOutputType FILE_PER_CHART writes no folder per cluster to hold a kustomization\.yaml\. Fix: leave yamlOutputType unset/ },
  { id: 'E161', area: 'GitOps and output', title: 'GitOps folder named like a mesh', when: 'synth', run: () => gitOpsSynth({ name: 'red-mesh' }), expected: /FederationApp gitOps: name 'red-mesh' is also the name of a chart \(mesh\) of the app, so its folder would mix cluster and GitOps objects\. Fix: set gitOps\.name to another name/ },
  { id: 'E162', area: 'GitOps and output', title: 'Argo CD or Flux without a repository', when: 'synth', run: () => argoCd({ repoUrl: undefined }), expected: /FederationApp gitOps: repoUrl is not set, but Argo CD or Flux objects must name the repository\. Fix: set repoUrl/ },
  { id: 'E163', area: 'GitOps and output', title: 'Destination of no cluster folder', when: 'synth', run: () => argoCd({ destinations: { ...SERVERS, 'red-msh': { name: 'red' } } }), expected: /FederationApp gitOps: destinations\['red-msh'\] names no cluster folder \(folders: 'blue-mesh', 'green-mesh', 'red-mesh'\)\. Fix: key destinations by mesh name/ },
  { id: 'E164', area: 'GitOps and output', title: 'Argo CD destination without server or name', when: 'synth', run: () => argoCd({ destinations: { 'red-mesh': SERVERS['red-mesh'], 'green-mesh': SERVERS['green-mesh'] } }), expected: /FederationApp gitOps: destinations\['blue-mesh'\] has neither server nor name, so Argo CD would not know where to apply 'blue-mesh'\. Fix: set destinations/ },
  { id: 'E165', area: 'GitOps and output', title: 'Argo CD destination with both server and name', when: 'synth', run: () => argoCd({ destinations: { ...SERVERS, 'red-mesh': { server: 'https://api.red.example.com:6443', name: 'red' } } }), expected: /FederationApp gitOps: destinations\['red-mesh'\] sets both server and name; Argo CD takes one\. Fix: keep one of them/ },
  { id: 'E166', area: 'GitOps and output', title: 'ApplicationSet with destinations of both kinds', when: 'synth', run: () => argoCd({ argoCd: ArgoCdOutput.APPLICATION_SET, destinations: { ...SERVERS, 'red-mesh': { name: 'red' } } }), expected: /FederationApp gitOps: an ApplicationSet template takes one kind of destination, but some clusters set server and others name\. Fix: use server for every cluster, or name for every cluster/ },
  { id: 'E167', area: 'GitOps and output', title: 'Flux with several clusters without a kubeconfig', when: 'synth', run: () => gitOpsSynth({ repoUrl: REPO, flux: true }), expected: /FederationApp gitOps: clusters 'blue-mesh', 'green-mesh', 'red-mesh' have no kubeConfigSecretName, so Flux would apply all of them to the one cluster it runs in\. Fix: / },
  { id: 'E168', area: 'GitOps and output', title: 'Cluster folder that cannot name an Application or Kustomization', when: 'synth', run: () => argoCd({}, app => new Chart(app, 'Extra_Chart')), expected: /FederationApp gitOps: cluster folder 'extra_chart-c8[0-9a-f]{6}' is not a DNS-1123 label .*, so it cannot name the Argo CD Application or Flux Kustomization that applies it\. Fix: give its chart an id that is a DNS-1123 label/ },
  // Command line
  { id: 'CL01', area: 'Command line', title: 'Empty entry in a list of the description', when: 'declare', run: () => cli('meshes: [null]\n'), expected: /federation\.yaml:1:10: meshes\[0\] is null \(an empty entry\), but each entry of meshes must be a mesh \(a mapping with name and platform\)\. Fix: write the entry there/ },
  { id: 'CL02', area: 'Command line', title: 'Field of the wrong type in the description', when: 'declare', run: () => cli('meshes:\n  - { name: a, platform: { type: node-port, nodeAddresses: 192.0.2.1 } }\n'), expected: /federation\.yaml:2:60: meshes\[0\]\.platform\.nodeAddresses is '192\.0\.2\.1', not a list\. Fix: put the value in a list: nodeAddresses: \[192\.0\.2\.1\]/ },
  { id: 'CL03', area: 'Command line', title: 'Value not one of those allowed', when: 'declare', run: () => cli('meshes:\n  - { name: a, platform: { type: gcp, scheme: internall } }\n'), expected: /meshes\[0\]\.platform\.scheme is 'internall', not one of 'internet-facing', 'internal'\. Fix: set scheme to 'internal' \(a private load balancer, reachable inside the network\) or 'internet-facing'/ },
  { id: 'CL04', area: 'Command line', title: 'Unknown field in the description', when: 'declare', run: () => cli('meshes:\n  - name: a\n    platform: { type: bare-metal }\n    trustDomian: a.local\n'), expected: /federation\.yaml:4:5: meshes\[0\]\.trustDomian is not a field of meshes\[0\]\. Fix: rename it to trustDomain, or remove it/ },
  { id: 'CL05', area: 'Command line', title: 'Required field missing from the description', when: 'declare', run: () => cli('meshes:\n  - { name: a, platform: { type: azure } }\n'), expected: /meshes\[0\]\.platform\.scheme is missing; type 'azure' needs it\. Fix: add scheme: internet-facing or scheme: internal to meshes\[0\]\.platform/ },
  { id: 'CL06', area: 'Command line', title: 'Fields that cannot go together', when: 'declare', run: () => cli('meshes:\n  - { name: a, platform: { type: bare-metal }, rootCertificate: x, rootCertificateFile: a.pem }\n'), expected: /meshes\[0\] sets both rootCertificate and rootCertificateFile\. Fix: keep one of them/ },
  { id: 'CL07', area: 'Command line', title: 'Rule with both selectors or neither', when: 'declare', run: () => cli(`meshes:\n${cliMesh('a', ', exports: [{ id: e, peer: b, rules: [{}] }]')}\n${cliMesh('b')}\n`), expected: /meshes\[0\]\.exports\[0\]\.rules\[0\] sets neither nameSelector nor labelSelector, but a rule has exactly one\. Fix: add nameSelector:/ },
  { id: 'CL08', area: 'Command line', title: 'List with too few or too many entries', when: 'declare', run: () => cli(`topology: { type: explicit }\nmeshes:\n${cliMesh('a')}\n${cliMesh('b')}\npeerings: [[a, b, a]]\n`), expected: /peerings\[0\] has 3 entries, but a peering is a pair of mesh names\. Fix: write two mesh names/ },
  { id: 'CL09', area: 'Command line', title: 'Number out of the range the description allows', when: 'declare', run: () => cli('meshes:\n  - { name: a, platform: { type: node-port, nodeAddresses: [192.0.2.1], firstNodePort: 80 } }\n'), expected: /meshes\[0\]\.platform\.firstNodePort is 80, below 30000\. Fix: use a firstNodePort from 30000 to 32767/ },
  { id: 'CL10', area: 'Command line', title: 'Duration that is not a duration', when: 'declare', run: () => cli(`meshes:\n${cliMesh('a')}\n${cliMesh('b')}\nfailover: [{ id: f, namespace: n, name: s, meshes: [a, b], outlierDetection: { interval: 10 s } }]\n`), expected: /failover\[0\]\.outlierDetection\.interval is '10 s', not a duration\. Fix: write a whole number and a unit \(ms, s, m or h\)/ },
  { id: 'CL11', area: 'Command line', title: 'Empty id or federation name', when: 'declare', run: () => cli(`name: ""\nmeshes:\n${cliMesh('a')}\n`), expected: /federation\.yaml:1:7: name is empty \(''\)\. Fix: set name to a name/ },
  { id: 'CL12', area: 'Command line', title: 'Mesh name used twice in the description', when: 'declare', run: () => cli(`meshes:\n${cliMesh('a')}\n${cliMesh('a')}\n`), expected: /federation\.yaml:3:13: meshes\[1\]\.name 'a' is also the name of meshes\[0\] \(line 2\)\. Fix: give every mesh its own name/ },
  {
    id: 'CL13',
    area: 'Command line',
    title: 'Export or import id used twice in a mesh',
    when: 'declare',
    expected: /federation\.yaml:5:21: meshes\[0\]\.imports\[0\]\.id 'x' is also the id of meshes\[0\]\.exports\[0\] \(line 4\)\. Fix: give every export and import of mesh 'a' its own id/,
    run: () => cli(`meshes:\n  - name: a\n    platform: { type: bare-metal }\n    exports: [{ id: x, peer: b, rules: [{ nameSelector: { namespace: shop, name: cart } }] }]\n    imports: [{ id: x, peer: b, rules: [{ nameSelector: { namespace: shop, name: cart } }] }]\n${cliMesh('b')}\n`),
  },
  { id: 'CL14', area: 'Command line', title: 'Failover id used twice', when: 'declare', run: () => cli(`meshes:\n${cliMesh('a')}\n${cliMesh('b')}\nfailover:\n  - { id: f, namespace: n, name: s, meshes: [a, b] }\n  - { id: f, namespace: n, name: t, meshes: [a, b] }\n`), expected: /federation\.yaml:6:11: failover\[1\]\.id 'f' is also the id of failover\[0\] \(line 5\)\. Fix: give every failover its own id/ },
  { id: 'CL16', area: 'Command line', title: 'Peer that is not a mesh of the description', when: 'declare', run: () => cli(`topology: { type: explicit }\nmeshes:\n${cliMesh('a')}\npeerings: [[a, c]]\n`), expected: /federation\.yaml:4:16: peerings\[0\]\[1\] is 'c', which is not a mesh of the description \(meshes: 'a'\)\. Fix: use the name of one of the meshes/ },
  { id: 'CL17', area: 'Command line', title: 'Description nested too deep', when: 'declare', run: () => cli(`${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'federation.json'), expected: /federation\.json:1:65: the description is nested more than 64 levels deep \(lists and mappings within each other\); a federation description needs about 12\. Fix: remove the extra nesting/ },
  { id: 'CL18', area: 'Command line', title: 'Description nested too deep by its aliases', when: 'declare', run: () => cli(`a0: &a0 ${'['.repeat(40)}1${']'.repeat(40)}\na1: &a1 ${'['.repeat(40)}*a0${']'.repeat(40)}\nmeshes: [*a1]\n`), expected: /the description is nested more than 64 levels deep .* once its YAML aliases \(\*name\) are expanded\. Fix: expand the aliases by hand/ },
  { id: 'CL19', area: 'Command line', title: 'YAML aliases used too often', when: 'declare', run: () => cli(`a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 11 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`).join('\n')}\n`), expected: /federation\.yaml: cannot be read as data \(Excessive alias count indicates a resource exhaustion attack\)\. Fix: expand the YAML aliases, or use fewer of them/ },
  { id: 'CL20', area: 'Command line', title: 'YAML syntax error', when: 'declare', run: () => cli('meshes: []\nmeshes: []\n'), expected: /federation\.yaml:2:1: Map keys must be unique\. Fix: correct the YAML syntax there/ },
  { id: 'CL21', area: 'Command line', title: 'More than one YAML document', when: 'declare', run: () => cli('meshes: []\n---\nmeshes: []\n'), expected: /federation\.yaml:2:1: the file holds 2 YAML documents \(separated by ---\), but a description is one\. Fix: keep one document/ },
  { id: 'CL22', area: 'Command line', title: 'Empty description file', when: 'declare', run: () => cli(''), expected: /federation\.yaml: the file is empty \(0 bytes\), so it describes no federation\. Fix: write the description, starting with meshes:/ },
  { id: 'CL23', area: 'Command line', title: 'Description with comments only', when: 'declare', run: () => cli('# some day\n'), expected: /federation\.yaml:1:1: the file holds no description \(only comments, blank lines or an empty document\)\. Fix: write the description/ },
  { id: 'CL24', area: 'Command line', title: 'Description that is not a mapping', when: 'declare', run: () => cli('hello world\n'), expected: /federation\.yaml:1:1: the description is 'hello world', not a mapping of fields\. Fix: write the description as a mapping, starting with meshes:/ },
  { id: 'CL25', area: 'Command line', title: 'Binary file (NUL bytes)', when: 'declare', run: () => cli(Buffer.from([0x6d, 0x3a, 0x00, 0x01, 0x02])), expected: /federation\.yaml:1:3: the file holds a NUL byte \(byte 2\), so it is binary data, not a YAML or JSON text\. Fix: pass the description's text file/ },
  { id: 'CL26', area: 'Command line', title: 'Description that is not UTF-8', when: 'declare', run: () => cli(Buffer.from([0x6d, 0x3a, 0x20, 0xff, 0x0a])), expected: /federation\.yaml:1:4: the file is not UTF-8 text \(byte 3 is 0xff, which UTF-8 does not allow there\)\. Fix: save it as UTF-8/ },
  { id: 'CL27', area: 'Command line', title: 'UTF-16 description', when: 'declare', run: () => cli(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('meshes: []\n', 'utf16le')])), expected: /federation\.yaml: the file is UTF-16 text \(it starts with a UTF-16 byte order mark\), but a description is read as UTF-8\. Fix: save it as UTF-8/ },
  { id: 'CL28', area: 'Command line', title: 'Description file that does not exist', when: 'declare', run: () => cli('', 'missing.yaml', () => undefined), expected: /missing\.yaml: cannot read missing\.yaml \(ENOENT\)\. Fix: check the path: no file has that name/ },
  { id: 'CL29', area: 'Command line', title: 'Folder given as the description', when: 'declare', run: () => cli('', 'descriptions', folder => mkdirSync(folder, { recursive: true })), expected: /descriptions: descriptions is a folder, not a file to read\. Fix: pass the YAML or JSON file inside that folder/ },
  {
    id: 'CL30',
    area: 'Command line',
    title: 'Description file over 32 MiB',
    when: 'declare',
    expected: /big\.yaml: big\.yaml is 34603008 bytes, more than the 33554432 a file here may have\. Fix: split the description/,
    run: () => cli('', 'big.yaml', file => { writeFileSync(file, ''); truncateSync(file, 33 * 1024 * 1024); }),
  },
  { id: 'CL31', area: 'Command line', title: 'Output folder that is a file', when: 'declare', run: () => cliOutput(dir => { writeFileSync(join(dir, 'dist'), ''); return join(dir, 'dist'); }), expected: /-o dist: dist is a file, not a folder\. Fix: set -o to a folder \(it is created if missing\), e\.g\. -o dist/ },
  { id: 'CL32', area: 'Command line', title: 'Output folder under a file', when: 'declare', run: () => cliOutput(dir => { writeFileSync(join(dir, 'dist'), ''); return join(dir, 'dist', 'out'); }), expected: /-o dist\/out: dist\/out is under dist, which is a file, not a folder\. Fix: set -o to a folder that is not under a file/ },
  {
    id: 'CL33',
    area: 'Command line',
    title: 'init into a file that exists',
    when: 'declare',
    expected: /federation\.yaml already exists, and init does not overwrite a file\. Fix: pass another file name, e\.g\. init federation-new\.yaml, or move federation\.yaml away/,
    run: () => cliInDir(dir => { writeFileSync(join(dir, 'federation.yaml'), 'mine\n'); const r = writeStarter(join(dir, 'federation.yaml')); return 'problem' in r ? r.problem : undefined; }),
  },
  {
    id: 'CL34',
    area: 'Command line',
    title: 'diff against an output folder it cannot read',
    when: 'declare',
    expected: /cannot read the output folder dist \(ELOOP\)\. Fix: set -o to the folder synth wrote, e\.g\. -o dist/,
    run: () => cliInDir(dir => {
      symlinkSync(join(dir, 'dist'), join(dir, 'dist'));
      const r = diffFolders(join(dir, 'dist'), dir);
      return 'problem' in r ? r.problem : undefined;
    }),
  },
  {
    id: 'CL35',
    area: 'Command line',
    title: 'Import in the description that matches nothing the peer exports',
    when: 'synth',
    expected: /^federation\.yaml:6:87: meshes\[1\]\.imports\[0\]\.rules\[0\]\.nameSelector \{ namespace: shop, name: carts \} of import 'from-a' matches nothing mesh 'a' exports to 'b' \(it exports 'cart\.shop', as <name>\.<namespace> after its aliases\)\. Fix: did you mean 'cart'\? Set name: cart, or add an export/,
    run: () => cliPlan(`meshes:\n${cliMesh('a', ', ingressAddresses: { b: [192.0.2.1] }, exports: [{ id: to-b, peer: b, rules: [{ nameSelector: { namespace: shop, name: cart } }] }]')}\n  - name: b\n    platform: { type: bare-metal }\n    ingressAddresses: { a: [192.0.2.2] }\n    imports: [{ id: from-a, peer: a, rules: [{ nameSelector: { namespace: shop, name: carts } }] }]\n    rootCertificate: "${rootCert('green-mesh').replace(/\n/g, '\\n')}"\n`),
  },
  {
    id: 'CL36',
    area: 'Command line',
    title: 'Mesh of the description without a root certificate',
    when: 'synth',
    expected: /federation\.yaml:3:11: meshes\[1\] \(mesh 'b'\) sets neither rootCertificateFile nor rootCertificate, but its peer 'a' needs it in the ConfigMap 'b-ca-root-cert'\. Fix: add rootCertificateFile: <the PEM file, relative to the description> \(or rootCertificate: \|, the PEM inline\) to meshes\[1\]/,
    run: () => cliPlan(`meshes:\n${cliMesh('a')}\n  - name: b\n    platform: { type: bare-metal }\n`),
  },
  // Warnings
  { id: 'W01', area: 'Warnings', title: 'Export of every service of a namespace', when: 'warning', run: () => { const d = docs(); d.red.addServiceExport('to-green', { peer: d.green }).addNameRule({ namespace: 'west-data-center', name: '*' }); return d.federation; }, expected: /mesh 'red-mesh': export to 'green-mesh' 'to-green' addNameRule\('west-data-center', '\*'\): exports every service of namespace 'west-data-center' to 'green-mesh'/ },
  { id: 'W02', area: 'Warnings', title: 'Export of every service of the mesh', when: 'warning', run: () => { const d = docs(); d.red.addServiceExport('all', { peer: d.green }).addNameRule({ namespace: '*', name: '*' }); return d.federation; }, expected: /mesh 'red-mesh': export to 'green-mesh' 'all' addNameRule\('\*', '\*'\): exports every service of the whole mesh to 'green-mesh'\. Consider listing the services/ },
  { id: 'W03', area: 'Warnings', title: 'Source range that lets in every address', when: 'warning', run: () => { const d = docs(); d.federation.addMesh('open-mesh', opts('open-mesh', { ingressSourceRanges: ['0.0.0.0/0'] })); return d.federation; }, expected: /mesh 'open-mesh': ingressSourceRanges has '0\.0\.0\.0\/0', which lets in every address, as if no range were set\. Consider listing the peers' egress ranges only/ },
  { id: 'W04', area: 'Warnings', title: 'Peer egress ranges a NodePort mesh cannot enforce', when: 'warning', run: () => { const d = docs(); d.federation.addMesh('np-mesh', opts('np-mesh', { platform: Platform.nodePort({ nodeAddresses: ['192.0.2.10'] }), dnsDomain: undefined, rootCertificate: rootCert('green-mesh') })); d.federation.addMesh('ranged-mesh', opts('ranged-mesh', { egressSourceRanges: ['198.51.100.0/24'], rootCertificate: rootCert('blue-mesh') })); return d.federation; }, expected: /mesh 'np-mesh': mesh 'ranged-mesh' sets egressSourceRanges, but 'np-mesh' is on Platform\.nodePort\(\), whose Service cannot restrict sources .* Consider a firewall rule or NetworkPolicy on the node ports/ },
  // Multi-network
  { id: 'MN01', area: 'Multi-network', title: 'Istio version not in the Sail CRD', when: 'declare', run: () => { multiNetwork([], { istioVersion: 'v1.19.0' }); }, expected: /multi-network mesh 'mesh': istioVersion 'v1\.19\.0' is not a version the Sail operator's Istio CRD accepts \(from 'v1\.21\.6' to 'v1\.31-latest'\)\. Fix: use one of MultiNetworkMesh\.SAIL_ISTIO_VERSIONS, e\.g\. 'v1\.30\.3'/ },
  { id: 'MN02', area: 'Multi-network', title: 'Mesh ID is not valid', when: 'declare', run: () => { multiNetwork([], { meshId: 'mesh 1' }); }, expected: /multi-network mesh 'mesh': meshId 'mesh 1' is not a valid mesh ID .* Fix: use an ID like 'mesh1'/ },
  { id: 'MN03', area: 'Multi-network', title: 'Control-plane namespace is not a DNS-1123 label', when: 'declare', run: () => { multiNetwork([], { controlPlaneNamespace: 'Istio_System' }); }, expected: /multi-network mesh 'mesh': controlPlaneNamespace 'Istio_System' is not a DNS-1123 label/ },
  { id: 'MN04', area: 'Multi-network', title: 'Multi-network trust domain is not valid', when: 'declare', run: () => { multiNetwork([], { trustDomainAliases: ['Red Mesh'] }); }, expected: /multi-network mesh 'mesh': trustDomainAliases has 'Red Mesh', which is not a valid trust domain/ },
  { id: 'MN05', area: 'Multi-network', title: 'Cluster name is not a DNS-1123 label', when: 'declare', run: () => { multiNetwork([['Cluster1', {}]]); }, expected: /cluster 'Cluster1': name 'Cluster1' is not a DNS-1123 label .* Fix: use a name like 'cluster1'/ },
  { id: 'MN06', area: 'Multi-network', title: 'Two clusters with one name', when: 'declare', run: () => { multiNetwork([['a', {}], ['a', {}]]); }, expected: /cluster 'a': name is already used by another cluster of this mesh\. Fix: give every cluster a unique name/ },
  {
    id: 'MN07',
    area: 'Multi-network',
    title: 'Cluster name taken by another chart of the app',
    when: 'declare',
    expected: /cluster 'a': name is already used by another chart or construct at the root of the app/,
    run: () => { const app = Testing.app(); new Chart(app, 'a'); new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' }).addCluster('a', { platform: gcp() }); },
  },
  { id: 'MN08', area: 'Multi-network', title: 'Istio cluster name or network is not valid', when: 'declare', run: () => cluster({ network: 'net 1' }), expected: /cluster 'a': network 'net 1' is not a valid name .* Fix: use a name like 'network1'/ },
  { id: 'MN09', area: 'Multi-network', title: 'Cluster namespace differs from the control-plane namespace', when: 'declare', run: () => cluster({ namespace: 'a-system' }), expected: /cluster 'a': namespace 'a-system' differs from the mesh's controlPlaneNamespace 'istio-system'; a multi-network mesh runs its control plane in one namespace on every cluster/ },
  { id: 'MN10', area: 'Multi-network', title: 'East-west gateway address is a hostname', when: 'declare', run: () => cluster({ platform: aws(), eastWestGatewayAddresses: ['a1b2.elb.us-east-1.amazonaws.com'] }), expected: /cluster 'a': eastWestGatewayAddresses has 'a1b2\.elb\.us-east-1\.amazonaws\.com', which is not an IP address; Istio's meshNetworks takes gateway IPs only .* Fix: list the load balancer's IPs/ },
  { id: 'MN11', area: 'Multi-network', title: 'Empty east-west gateway address list', when: 'declare', run: () => cluster({ eastWestGatewayAddresses: [] }), expected: /cluster 'a': eastWestGatewayAddresses is empty/ },
  { id: 'MN12', area: 'Multi-network', title: 'NodePort east-west gateway on a node hostname', when: 'declare', run: () => cluster({ platform: Platform.nodePort({ nodeAddresses: ['node1.example.com'] }) }), expected: /cluster 'a': Platform\.nodePort\(\) nodeAddresses has 'node1\.example\.com', which is not an IP address; istiod cannot discover a NodePort gateway/ },
  { id: 'MN13', area: 'Multi-network', title: 'NodePort east-west gateway without node addresses', when: 'declare', run: () => cluster({ platform: Platform.nodePort({ nodeAddresses: [] }) }), expected: /cluster 'a': platform Platform\.nodePort\(\) has no nodeAddresses, so the other networks have nothing to reach the east-west gateway on/ },
  { id: 'MN14', area: 'Multi-network', title: 'No room for the east-west node ports', when: 'declare', run: () => cluster({ platform: nodePort({ firstNodePort: 32766 }) }), expected: /cluster 'a': Platform\.nodePort\(\) firstNodePort 32766 leaves no room for the east-west gateway's three node ports/ },
  { id: 'MN15', area: 'Multi-network', title: 'istioValues is not an object', when: 'declare', run: () => cluster({ istioValues: [] as any }), expected: /cluster 'a': istioValues must be an object/ },
  { id: 'MN16', area: 'Multi-network', title: 'East-west gateway replicas below 1', when: 'declare', run: () => cluster({ eastWestGateway: { replicas: 0 } }), expected: /cluster 'a': eastWestGateway\.replicas 0 is not a whole number of at least 1/ },
  { id: 'MN17', area: 'Multi-network', title: 'East-west autoscaling with min above max', when: 'declare', run: () => cluster({ eastWestGateway: { autoscaling: { minReplicas: 6, maxReplicas: 3 } } }), expected: /cluster 'a': eastWestGateway\.autoscaling minReplicas 6 and maxReplicas 3 are not whole numbers with 1 <= minReplicas <= maxReplicas/ },
  { id: 'MN18', area: 'Multi-network', title: 'Disruption budget that blocks every drain', when: 'declare', run: () => cluster({ eastWestGateway: { minAvailable: 1 } }), expected: /cluster 'a': eastWestGateway\.minAvailable 1 is not below replicas 1, so the PodDisruptionBudget blocks every node drain/ },
  { id: 'MN19', area: 'Multi-network', title: 'Kube context is not a context name', when: 'declare', run: () => cluster({ kubeContext: 'my context' }), expected: /cluster 'a': kubeContext 'my context' is not a kubeconfig context name/ },
  { id: 'MN20', area: 'Multi-network', title: 'Cluster source range is not a CIDR range', when: 'declare', run: () => cluster({ egressSourceRanges: ['10.0.0.1'] }), expected: /cluster 'a': egressSourceRanges has '10\.0\.0\.1', which is not a CIDR range/ },
  { id: 'MN21', area: 'Multi-network', title: 'Two clusters with one Istio cluster name', when: 'synth', run: () => { multiNetwork([['a', { clusterName: 'c1' }], ['b', { clusterName: 'c1' }]]).done(); }, expected: /cluster 'b': clusterName 'c1' is also the clusterName of 'a'; Istio tells clusters apart by it/ },
  { id: 'MN22', area: 'Multi-network', title: 'istioValues with another mesh ID', when: 'synth', run: () => { multiNetwork([['a', { istioValues: { global: { meshID: 'proj-123' } } }]]).done(); }, expected: /cluster 'a': istioValues sets global\.meshID to 'proj-123' but the multi-network mesh needs 'mesh1'\. Fix: remove it from istioValues \(every cluster of one mesh carries the same meshID\)/ },
  { id: 'MN23', area: 'Multi-network', title: 'Primary-remote primary is not a cluster', when: 'synth', run: () => { multiNetwork([['a', {}], ['b', {}]], { topology: MultiNetworkTopology.primaryRemote('c') }).done(); }, expected: /multi-network mesh 'mesh': MultiNetworkTopology\.primaryRemote\('c'\) names a primary that is not a cluster of this mesh \(clusters: 'a', 'b'\)/ },
  { id: 'MN24', area: 'Multi-network', title: 'Primary-remote primary on NodePort', when: 'synth', run: () => { multiNetwork([['a', { platform: nodePort() }], ['b', {}]], { topology: MultiNetworkTopology.primaryRemote('a') }).done(); }, expected: /cluster 'a': is the primary of a primary-remote mesh on Platform\.nodePort\(\), but the remotes reach istiod at port 15012 of global\.remotePilotAddress, and a NodePort gateway listens on node port 30444/ },
  {
    id: 'MN25',
    area: 'Multi-network',
    title: 'Cluster settings for a mesh the federation does not have',
    when: 'declare',
    expected: /multi-network mesh 'mesh': clusterSettings names 'pink-mesh', which is not a mesh of federation 'federation' \(meshes: 'a'\)\. Fix: key clusterSettings by mesh name/,
    run: () => {
      const federation = new FederatedMesh(Testing.app(), 'federation');
      federation.addMesh('a', opts('a'));
      MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', federation, { meshId: 'mesh1', clusterSettings: { 'pink-mesh': {} } });
    },
  },
  { id: 'MN26', area: 'Multi-network', title: 'Helm values of an unknown cluster', when: 'declare', run: () => { multiNetwork([['a', {}]]).mesh.helmValues('b'); }, expected: /multi-network mesh 'mesh': helmValues\('b'\) names no cluster \(clusters: 'a'\)/ },
  { id: 'MN27', area: 'Multi-network', title: 'Clusters share a network', when: 'warning', run: () => multiNetwork([['a', { network: 'shared' }], ['b', { network: 'shared' }]]).mesh, expected: /clusters 'a', 'b' share network 'shared': Istio sends traffic between them pod to pod, not through their east-west gateways\. Consider giving each cluster its own network/ },
  { id: 'MN28', area: 'Multi-network', title: 'East-west load balancer with a hostname only', when: 'warning', run: () => multiNetwork([['a', { platform: aws() }]]).mesh, expected: /cluster 'a': the east-west gateway's load balancer on aws-nlb reports a hostname only; istiod resolves it to IPs itself .* Consider static IPs/ },
  { id: 'MN29', area: 'Multi-network', title: 'Multi-network mesh props are not an object', when: 'declare', run: () => { new MultiNetworkMesh(Testing.app(), 'mesh', undefined as any); }, expected: /multi-network mesh 'mesh': props are undefined, not an object\. Fix: pass at least \{ meshId: 'mesh1' \}/ },
  { id: 'MN30', area: 'Multi-network', title: 'Multi-network mesh prop of the wrong type', when: 'declare', run: () => { multiNetwork([], { meshId: 1 as any }); }, expected: /multi-network mesh 'mesh': meshId is 1, not a string\. Fix: pass the mesh ID every cluster carries, e.g\. 'mesh1'/ },
  { id: 'MN31', area: 'Multi-network', title: 'Remote secret management not one of RemoteSecretManagement', when: 'declare', run: () => { multiNetwork([], { remoteSecrets: 'vault' as any }); }, expected: /multi-network mesh 'mesh': remoteSecrets is 'vault', not one of 'istioctl', 'managed-elsewhere'\. Fix: use RemoteSecretManagement\.ISTIOCTL or RemoteSecretManagement\.MANAGED_ELSEWHERE/ },
  { id: 'MN32', area: 'Multi-network', title: 'Multi-network topology not a MultiNetworkTopology', when: 'declare', run: () => { multiNetwork([], { topology: 'primary-remote' as any }); }, expected: /multi-network mesh 'mesh': topology is 'primary-remote', not a MultiNetworkTopology\. Fix: use MultiNetworkTopology\.multiPrimary\(\) or MultiNetworkTopology\.primaryRemote\('cluster1'\)/ },
  { id: 'MN33', area: 'Multi-network', title: 'Primary of a primary-remote topology is not text', when: 'declare', run: () => { MultiNetworkTopology.primaryRemote(undefined as any); }, expected: /MultiNetworkTopology\.primaryRemote\(\): primary is undefined, not a string\. Fix: pass the name of the cluster that runs istiod, as given to addCluster\(\)/ },
  { id: 'MN34', area: 'Multi-network', title: 'Cluster name given to addCluster() is not text', when: 'declare', run: () => { multiNetwork([[7 as any, {}]]); }, expected: /multi-network mesh 'mesh': addCluster\(\) name is 7, not a string\. Fix: pass the cluster name, e.g\. 'cluster1'/ },
  { id: 'MN35', area: 'Multi-network', title: 'Cluster options are not an object', when: 'declare', run: () => { new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: 'mesh1' }).addCluster('a', 'gcp' as any); }, expected: /cluster 'a': options are 'gcp', not an object\. Fix: pass the cluster's options, at least \{ platform: Platform\.gcp\(\{ scheme: LoadBalancerScheme\.INTERNAL \}\) \}/ },
  { id: 'MN36', area: 'Multi-network', title: 'Cluster platform is not a Platform', when: 'declare', run: () => cluster({ platform: 'gcp' as any }), expected: /cluster 'a': platform is 'gcp', not a Platform\. Fix: use one of Platform's factories/ },
  { id: 'MN37', area: 'Multi-network', title: 'Cluster option of the wrong type', when: 'declare', run: () => cluster({ ingressSourceRanges: '10.0.0.0/8' as any }), expected: /cluster 'a': ingressSourceRanges is '10\.0\.0\.0\/8', not a list of CIDR ranges\. Fix: pass a list of CIDR ranges, e\.g\. \['203\.0\.113\.0\/24'\]/ },
  { id: 'MN38', area: 'Multi-network', title: 'East-west gateway setting of the wrong type', when: 'declare', run: () => cluster({ eastWestGateway: { replicas: '2' as any } }), expected: /cluster 'a': eastWestGateway\.replicas is '2', not a number\. Fix: pass a whole number such as 2/ },
  { id: 'MN39', area: 'Multi-network', title: 'Cluster ingress source ranges on NodePort', when: 'declare', run: () => cluster({ platform: nodePort(), ingressSourceRanges: ['10.0.0.0/8'] }), expected: /cluster 'a': ingressSourceRanges \["10\.0\.0\.0\/8"\] cannot be applied on Platform\.nodePort\(\): a NodePort Service has no loadBalancerSourceRanges.* Fix: remove ingressSourceRanges and restrict the node ports with the nodes' firewall/ },
  {
    id: 'MN40',
    area: 'Multi-network',
    title: 'istioValues cannot be written as JSON',
    when: 'declare',
    expected: /cluster 'a': istioValues\.self refers back to itself \(a cycle\)\. Fix: pass only JSON values/,
    run: () => { const values: Record<string, any> = {}; values.self = values; cluster({ istioValues: values }); },
  },
  { id: 'MN41', area: 'Multi-network', title: 'istioValues with a __proto__ key', when: 'declare', run: () => cluster({ istioValues: JSON.parse('{"global": {"__proto__": {"meshID": "other"}}}') }), expected: /cluster 'a': istioValues\.global has the key '__proto__', which would be dropped when written\. Fix: pass only JSON values/ },
  { id: 'MN42', area: 'Multi-network', title: 'Helm values asked with a name that is not text', when: 'declare', run: () => { multiNetwork([['a', {}]]).mesh.helmValues(5 as any); }, expected: /multi-network mesh 'mesh': helmValues\(\) name is 5, not a string\. Fix: pass a name given to addCluster\(\)/ },
  { id: 'MN43', area: 'Multi-network', title: 'fromFederation() given no federation', when: 'declare', run: () => { MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', undefined as any, { meshId: 'mesh1' }); }, expected: /multi-network mesh 'mesh': federation is undefined, not a FederatedMesh\. Fix: pass the FederatedMesh the meshes were added to/ },
  {
    id: 'MN44',
    area: 'Multi-network',
    title: 'Cluster settings of the wrong shape',
    when: 'declare',
    expected: /multi-network mesh 'mesh': clusterSettings\['a'\] is 'ctx', not an object\. Fix: pass the cluster's settings, e\.g\. \{ kubeContext: 'red' \}/,
    run: () => {
      const federation = new FederatedMesh(Testing.app(), 'federation');
      federation.addMesh('a', opts('a'));
      MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', federation, { meshId: 'mesh1', clusterSettings: { a: 'ctx' as any } });
    },
  },
  { id: 'MN45', area: 'Multi-network', title: 'Scope of a multi-network construct is not a construct', when: 'declare', run: () => { new MultiNetworkMesh(undefined as any, 'mesh', { meshId: 'mesh1' }); }, expected: /multi-network mesh 'mesh': scope is undefined, not a construct\. Fix: pass the app or a construct in it/ },
  {
    id: 'MN46',
    area: 'Multi-network',
    title: 'Cluster constructed without its mesh',
    when: 'declare',
    expected: /cluster 'b': mesh is undefined, not a MultiNetworkMesh\. Fix: pass the mesh, or use mesh\.addCluster\(name, options\)/,
    // The MultiNetworkCluster class, reached through a cluster (this file imports only what the other entries use).
    run: () => { const a = multiNetwork([['a', {}]]).mesh.clusters[0]; new (a.constructor as any)(a.node.scope, 'b', { platform: gcp() }); },
  },
  {
    id: 'MN47',
    area: 'Multi-network',
    title: 'East-west gateway source ranges on NodePort',
    when: 'declare',
    expected: /east-west gateway 'gw': sourceRanges \["10\.0\.0\.0\/8"\] cannot be applied on Platform\.nodePort\(\).* Fix: remove sourceRanges/,
    // The EastWestGateway class, reached through a cluster's gateway.
    run: () => {
      const gateway = multiNetwork([['a', {}]]).mesh.clusters[0].eastWestGateway;
      new (gateway.constructor as any)(Testing.chart(), 'gw', { network: 'n', namespace: 'istio-system', platform: nodePort(), sourceRanges: ['10.0.0.0/8'] });
    },
  },
  { id: 'MN48', area: 'Multi-network', title: 'Network too long for its label', when: 'declare', run: () => cluster({ network: 'n'.repeat(64) }), expected: /cluster 'a': network 'n{64}' is 64 characters long, but it is the value of the topology\.istio\.io\/network label, which takes at most 63\. Fix: use a network name of at most 63 characters/ },
  { id: 'MN60', area: 'Multi-network', title: 'Cross-network hosts not a list of hosts', when: 'declare', run: () => cluster({ crossNetworkHosts: '*.local' as any }), expected: /cluster 'a': crossNetworkHosts is '\*\.local', not a list of hosts\. Fix: pass the hosts to expose, e\.g\. \['ratings\.bookinfo\.svc\.cluster\.local'\], or leave it out to expose every service \('\*\.local'\)/ },
  { id: 'MN61', area: 'Multi-network', title: 'Cross-network hosts empty', when: 'declare', run: () => cluster({ crossNetworkHosts: [] }), expected: /cluster 'a': crossNetworkHosts is empty; an Istio Gateway server needs at least one host \(the validation webhook refuses an empty list\)\. Fix: list service hosts/ },
  { id: 'MN62', area: 'Multi-network', title: 'Cross-network host that is not a DNS name', when: 'declare', run: () => cluster({ crossNetworkHosts: ['ratings'] }), expected: /cluster 'a': crossNetworkHosts has 'ratings', which is not a DNS name with an optional leading '\*\.': Istio refuses a short name in a Gateway \(it needs a fully qualified name\)\. Fix: list service hosts/ },
  { id: 'MN63', area: 'Multi-network', title: 'Cross-network host with a partial wildcard', when: 'declare', run: () => cluster({ crossNetworkHosts: ['rat*.bookinfo.svc.cluster.local'] }), expected: /cluster 'a': crossNetworkHosts has 'rat\*\.bookinfo\.svc\.cluster\.local', a partial wildcard; only a whole first label may be '\*'/ },
  { id: 'MN64', area: 'Multi-network', title: 'Cross-network host that matches every host', when: 'declare', run: () => cluster({ crossNetworkHosts: ['*'] }), expected: /cluster 'a': crossNetworkHosts has '\*', which matches every host, also outside the cluster's own services\. Fix: list service hosts/ },
  { id: 'MN65', area: 'Multi-network', title: 'Cross-network host with a namespace prefix', when: 'declare', run: () => cluster({ crossNetworkHosts: ['bookinfo/*.local'] }), expected: /cluster 'a': crossNetworkHosts has 'bookinfo\/\*\.local', with a namespace\/ prefix; .* Istio drops it before matching service names, so it would restrict nothing\. Fix: name the namespace in the host instead/ },
  { id: 'MN66', area: 'Multi-network', title: 'Cross-network host listed twice', when: 'declare', run: () => cluster({ crossNetworkHosts: ['a.b.local', 'a.b.local'] }), expected: /cluster 'a': crossNetworkHosts lists 'a\.b\.local' twice\. Fix: list each host once/ },
  { id: 'MN67', area: 'Multi-network', title: 'Cross-network host list too long', when: 'declare', run: () => cluster({ crossNetworkHosts: new Array(10_001).fill('a.b.local') }), expected: /cluster 'a': crossNetworkHosts has 10001 entries \(at most 10000\)\. Fix: pass the hosts to expose/ },
  { id: 'MN68', area: 'Multi-network', title: 'Cross-network exposure not a CrossNetworkExposure', when: 'declare', run: () => { MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', docs().federation, { meshId: 'mesh1', crossNetworkExposure: 'exported' as any }); }, expected: /multi-network mesh 'mesh': crossNetworkExposure is 'exported', not a CrossNetworkExposure\. Fix: use CrossNetworkExposure\.exportedServices\(\) or CrossNetworkExposure\.allServices\(\)/ },
  {
    id: 'MN69',
    area: 'Multi-network',
    title: 'First export of a mesh declared after fromFederation()',
    when: 'synth',
    expected: /cluster 'blue-mesh': fromFederation\(\) gave it no cross-network Gateway from what mesh 'blue-mesh' exported then, but the mesh now exports 'ratings\.bookinfo\.svc\.cluster\.local'\. Fix: declare every export of the federation before calling MultiNetworkMesh\.fromFederation\(\)/,
    run: () => {
      const d = docs();
      const app = Testing.app();
      MultiNetworkMesh.fromFederation(app, 'mesh', d.federation, { meshId: 'mesh1' });
      d.blue.addServiceExport('to-red', { peer: d.red }).addNameRule({ namespace: 'bookinfo', name: 'ratings' });
      synthAll(app);
    },
  },
  {
    id: 'W07',
    area: 'Warnings',
    title: 'Export from any namespace that multi-network cannot expose',
    when: 'warning',
    expected: /mesh 'red-mesh': export to 'green-mesh' 'any' addNameRule\('\*', 'ratings'\): exports from any namespace, but the description declares no member namespace of mesh 'red-mesh', so its multi-network cluster exposes nothing for this rule to the other networks .* Consider declaring the namespaces with addMemberNamespace\(\)/,
    run: () => {
      const d = docs();
      d.red.addServiceExport('any', { peer: d.green }).addNameRule({ namespace: '*', name: 'ratings' });
      return MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', d.federation, { meshId: 'mesh1' });
    },
  },
  { id: 'MN49', area: 'Multi-network', title: 'Certificate authority not a MeshCertificateAuthority', when: 'declare', run: () => { multiNetwork([], { certificateAuthority: 'cert-manager' as any }); }, expected: /multi-network mesh 'mesh': certificateAuthority is 'cert-manager', not a MeshCertificateAuthority\. Fix: use MeshCertificateAuthority\.manual\(\) or MeshCertificateAuthority\.certManager\(\{ \.\.\. \}\), or leave it out/ },
  { id: 'MN50', area: 'Multi-network', title: 'cert-manager CA option of the wrong type', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ duration: 8760 as any }); }, expected: /MeshCertificateAuthority\.certManager\(\): duration is 8760, not a string\. Fix: pass a Go duration such as '8760h', or leave it out/ },
  { id: 'MN51', area: 'Multi-network', title: 'Issuer kind not one of CertManagerIssuerKind', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ issuer: { name: 'pca', kind: 'AWSPCAClusterIssuer' as any }, rootCertificate: rootCert('red-mesh') }); }, expected: /MeshCertificateAuthority\.certManager\(\): issuer\.kind is 'AWSPCAClusterIssuer', not one of 'ClusterIssuer', 'Issuer'\. Fix: use CertManagerIssuerKind\.CLUSTER_ISSUER or CertManagerIssuerKind\.ISSUER/ },
  { id: 'MN52', area: 'Multi-network', title: 'Intermediate CA key algorithm not one of CaPrivateKeyAlgorithm', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ privateKeyAlgorithm: 'Ed25519' as any }); }, expected: /MeshCertificateAuthority\.certManager\(\): privateKeyAlgorithm is 'Ed25519', not one of 'ECDSA', 'RSA'\. Fix: use CaPrivateKeyAlgorithm\.ECDSA or CaPrivateKeyAlgorithm\.RSA/ },
  { id: 'MN53', area: 'Multi-network', title: 'Intermediate CA key size its algorithm does not take', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ privateKeyAlgorithm: CaPrivateKeyAlgorithm.RSA, privateKeySize: 1024 }); }, expected: /MeshCertificateAuthority\.certManager\(\): privateKeySize 1024 is not a key size of RSA here \(2048 or 4096\)\. Fix: pass 2048 or 4096, or leave it out for 2048/ },
  { id: 'MN54', area: 'Multi-network', title: 'cert-manager CA name that is not DNS-1123', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ rootSecretName: 'Root_CA' }); }, expected: /MeshCertificateAuthority\.certManager\(\): rootSecretName 'Root_CA' is not a DNS-1123 subdomain .*\. Fix: use a name like 'istio-mesh-root-ca'/ },
  { id: 'MN55', area: 'Multi-network', title: 'Intermediate CA duration not in Go duration format', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ duration: '365d' }); }, expected: /MeshCertificateAuthority\.certManager\(\): duration '365d' is not a Go duration, which cert-manager reads it as .* Fix: write it in hours, e\.g\. '8760h'/ },
  { id: 'MN56', area: 'Multi-network', title: 'Intermediate CA duration outside cert-manager\'s bounds', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ duration: '30m' }); }, expected: /MeshCertificateAuthority\.certManager\(\): duration '30m' is shorter than 1h, the least cert-manager accepts\. Fix: use a duration between 1h and '876000h'/ },
  { id: 'MN57', area: 'Multi-network', title: 'Intermediate CA renewBefore not shorter than its duration', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ duration: '720h', renewBefore: '720h' }); }, expected: /MeshCertificateAuthority\.certManager\(\): renewBefore '720h' is not shorter than duration '720h', so cert-manager would renew the intermediate CA as soon as it is issued\. Fix: make renewBefore a fraction of duration/ },
  { id: 'MN58', area: 'Multi-network', title: 'Root settings that do not go with the issuer', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ issuer: { name: 'vault-mesh-root' } }); }, expected: /MeshCertificateAuthority\.certManager\(\): a missing rootCertificate does not go with your issuer 'vault-mesh-root', which holds the root itself, .* Fix: pass the root certificate's PEM text as rootCertificate/ },
  { id: 'MN70', area: 'Multi-network', title: 'cert-manager CA option that does not exist (a misspelling)', when: 'declare', run: () => { MeshCertificateAuthority.certManager({ duration: '8760h', renewbefore: '10m' } as any); }, expected: /^MeshCertificateAuthority\.certManager\(\): 'renewbefore' is not an option here\. Fix: use .*'renewBefore'.*; check the spelling \(options are case-sensitive\)/ },
  { id: 'MN71', area: 'Multi-network', title: 'cert-manager CA option that cannot be read', when: 'declare', run: () => { MeshCertificateAuthority.certManager(Object.defineProperty({}, 'duration', { enumerable: true, get: () => { throw new Error('no'); } }) as any); }, expected: /^MeshCertificateAuthority\.certManager\(\): duration cannot be read \('no'\)\. Fix: pass plain values, not getters/ },
  { id: 'MN59', area: 'Multi-network', title: 'Cluster name too long for its intermediate CA\'s common name', when: 'synth', run: () => { multiNetwork([['a', { clusterName: 'c'.repeat(49) }]], { certificateAuthority: MeshCertificateAuthority.certManager() }).done(); }, expected: /cluster 'a': the common name of its intermediate CA, 'c{49} intermediate CA', is 65 characters long, more than the 64 cert-manager accepts\. Fix: give the cluster a clusterName of at most 48 characters/ },
  // Live clusters: what `status` and `collect` read from `oc get ... -o json`.
  { id: 'E190', area: 'Live clusters', title: 'Status input that is not JSON objects', when: 'declare', run: () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: 'NAME AGE' }]), expected: /the status of 'red-mesh': is .* not a JSON object \(a v1 List\)\. Fix: pass what `oc get servicemeshpeers,exportedservicesets,importedservicesets -A -o json` prints, unchanged/ },
  { id: 'E191', area: 'Live clusters', title: 'Status input of another kind', when: 'declare', run: () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'b' } }] } }]), expected: /the status of 'red-mesh': item #1 is 'v1' 'Service', not a federation\.maistra\.io\/v1 ServiceMeshPeer, ExportedServiceSet or ImportedServiceSet\. Fix: list only those kinds/ },
  { id: 'E192', area: 'Live clusters', title: 'Status of a mesh the federation does not have', when: 'declare', run: () => FederationStatus.compare(liveFederation(), [{ mesh: 'yellow-mesh', objects: { kind: 'List', items: [] } }]), expected: /status input #1: mesh 'yellow-mesh' is not a mesh of the federation \(blue-mesh, green-mesh, red-mesh\)\. Fix: name one of them/ },
  { id: 'E193', area: 'Live clusters', title: 'Status field of the wrong type', when: 'declare', run: () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { apiVersion: 'federation.maistra.io/v1', kind: 'ServiceMeshPeer', metadata: { name: 'green-mesh', namespace: 'red-mesh-system' }, status: { discoveryStatus: { active: [{ pod: 'istiod', watch: { connected: 'yes' } }] } } } }]), expected: /status\.discoveryStatus\.active #1: watch is .* not a connection with a boolean 'connected'\. Fix: / },
  { id: 'E194', area: 'Live clusters', title: 'Load balancer without an address yet', when: 'declare', run: () => FederationCollect.collect(liveFederation(), [{ mesh: 'red-mesh', services: { kind: 'List', items: ['blue-mesh', 'green-mesh'].map(p => ({ kind: 'Service', metadata: { name: `ingress-${p}`, namespace: 'red-mesh-system' }, status: { loadBalancer: {} } })) } }]), expected: /mesh 'red-mesh': the Service 'ingress-blue-mesh' \(the ingress gateway for 'blue-mesh'\) has no load balancer address yet .* Fix: wait until/ },
  { id: 'E195', area: 'Live clusters', title: 'Federation ingress Service missing', when: 'declare', run: () => FederationCollect.collect(liveFederation(), [{ mesh: 'red-mesh', services: { kind: 'List', items: [] } }]), expected: /mesh 'red-mesh': no Service 'ingress-blue-mesh' in 'red-mesh-system' \(the ingress gateway for 'blue-mesh'\)\. Fix: apply the mesh's folder first/ },
  { id: 'E196', area: 'Live clusters', title: 'NodePort mesh collected without its nodes', when: 'declare', run: () => { const { federation } = docsMeshes(); federation.addMesh('np-mesh', { platform: Platform.nodePort({ nodeAddresses: ['192.0.2.10'] }), rootCertificate: rootCert('green-mesh') }); FederationCollect.collect(federation, [{ mesh: 'np-mesh', services: { kind: 'List', items: [] } }]); }, expected: /mesh 'np-mesh': runs on NodePort, but no nodes were given\. Fix: pass what `oc get nodes -o json` prints/ },
  { id: 'E197', area: 'Live clusters', title: 'Collected root certificate that is not a CA', when: 'declare', run: () => FederationCollect.collect(liveFederation(), [{ mesh: 'blue-mesh', services: { kind: 'List', items: ['green-mesh', 'red-mesh'].map(p => ({ kind: 'Service', metadata: { name: `ingress-${p}`, namespace: 'blue-mesh-system' }, status: { loadBalancer: { ingress: [{ ip: '203.0.113.5' }] } } })) }, rootCertConfigMap: { kind: 'ConfigMap', metadata: { name: 'istio-ca-root-cert' }, data: { 'root-cert.pem': pem('not-a-ca') } } }]), expected: /mesh 'blue-mesh': istio-ca-root-cert root-cert\.pem certificate \('CN=leaf\.example\.com'\) is not a CA certificate/ },
  { id: 'E198', area: 'Live clusters', title: 'Lock file with an expired certificate', when: 'declare', run: () => readLockFile(`meshes:\n  - mesh: red-mesh\n    rootCertificate:\n      pem: |\n${pem('expired-ca').trim().split('\n').map(l => `        ${l}`).join('\n')}\n    ingress: []\n`, 'federation.lock.yaml'), expected: /federation\.lock\.yaml: meshes #1 \('red-mesh'\): rootCertificate certificate \('CN=Expired Root CA', sha256 57:03:47:19:06:5D:8E:82:30:E8:54:C6:63:7A:63:5E:FE:BD:97:D5:76:0F:8D:6B:DB:8B:9A:E5:57:6C:EA:6A\) expired on 2021-01-01T00:00:00\.000Z\. Fix: / },
  // Certificate expiry: the clock is set 10 days before the expired fixture's notAfter (2021-01-01), so the messages stay the same.
  { id: 'E200', area: 'Certificates', title: 'Expiry warning window that is not a Duration', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'fed', { certificateExpiryWarning: 30 as unknown as Duration }); }, expected: /federation 'fed': certificateExpiryWarning is 30, not a Duration\. Fix: pass a Duration, e\.g\. Duration\.days\(30\), or leave it out/ },
  { id: 'E201', area: 'Certificates', title: 'Expiry warning window over 3650 days', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'fed', { certificateExpiryWarning: Duration.days(4000) }); }, expected: /federation 'fed': certificateExpiryWarning is 4000 days, more than 3650 \(10 years\), so it would warn about every root certificate from the day it is issued\. Fix: use e\.g\. Duration\.days\(30\) \(the default\), or Duration\.days\(0\) to turn the warning off/ },
  { id: 'E202', area: 'Certificates', title: 'Expiry warning window below zero', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'fed', { certificateExpiryWarning: Object.assign(Object.create(Duration.prototype), { toMilliseconds: () => -86400000 }) }); }, expected: /federation 'fed': certificateExpiryWarning is -86400000 ms, less than zero: a certificate cannot be warned about after it expired\. Fix: use e\.g\. Duration\.days\(30\)/ },
  { id: 'E203', area: 'Certificates', title: 'Root certificate expired between declaration and synth', when: 'synth', run: () => { const app = Testing.app(); atInstant('2020-12-22T00:00:00.000Z', () => new FederatedMesh(app, 'fed').addMesh('old-mesh', opts('old-mesh', { rootCertificate: pem('expired-ca') }))); app.synth(); }, expected: new RegExp(`mesh 'old-mesh': rootCertificate certificate \\('CN=Expired Root CA', sha256 ${EXPIRED_SHA256}\\) expired on 2021-01-01T00:00:00\\.000Z\\. Fix: pass the mesh's current root certificate`) },
  {
    id: 'CL37',
    area: 'Command line',
    title: 'Expiry warning window of the description over 3650 days',
    when: 'declare',
    expected: /^federation\.yaml:1:27: federation 'federation': certificateExpiryWarning is 4000 days, more than 3650 \(10 years\), .* Fix: use e\.g\. 30d \(the default\), or 0d to turn the warning off/,
    run: () => cli(`certificateExpiryWarning: 4000d\nmeshes:\n${cliMesh('a')}\n`),
  },
  {
    id: 'CL38',
    area: 'Command line',
    title: 'Root certificate file that has expired',
    when: 'declare',
    expected: new RegExp(`^federation\\.yaml:2:5: mesh 'a': rootCertificateFile 'certs/a\\.pem' certificate \\('CN=Expired Root CA', sha256 ${EXPIRED_SHA256}\\) expired on 2021-01-01T00:00:00\\.000Z\\. Fix: pass the mesh's current root certificate`),
    run: () => cli('', 'federation.yaml', file => describeWithCertificate(file)),
  },
  {
    id: 'W05',
    area: 'Warnings',
    title: 'Root certificate that expires within the warning window',
    when: 'warning',
    expected: new RegExp(`^mesh 'old-mesh': rootCertificate certificate \\('CN=Expired Root CA', sha256 ${EXPIRED_SHA256}\\) expires on 2021-01-01T00:00:00\\.000Z \\(10 days left\\): its peers verify the mesh's workloads with this root only, .* Consider renewing the root CA now, then collect again \\(or pass the renewed root\\) and synthesize; or rotate to a new root step by step \\(RootRotation, or the rotate command\\)$`),
    run: () => warningsAt(BEFORE_EXPIRY, () => { const d = docs(); d.federation.addMesh('old-mesh', opts('old-mesh', { rootCertificate: pem('expired-ca') })); return d.federation; }),
  },
  {
    id: 'W06',
    area: 'Warnings',
    title: 'Root certificate file that expires within the warning window',
    when: 'warning',
    expected: new RegExp(`^mesh 'a': rootCertificateFile 'certs/a\\.pem' certificate \\('CN=Expired Root CA', sha256 ${EXPIRED_SHA256}\\) expires on 2021-01-01T00:00:00\\.000Z \\(10 days left\\): .* Consider renewing the root CA now`),
    run: () => warningsAt(BEFORE_EXPIRY, () => {
      const dir = mkdtempSync(join(tmpdir(), 'cli-expiry-'));
      const file = join(dir, 'federation.yaml');
      describeWithCertificate(file);
      const loaded = loadSpec(file);
      return buildFederation(Testing.app(), loaded.spec, dir, loaded.locator);
    }),
  },
  { id: 'E199', area: 'Live clusters', title: 'Lock file edited by hand', when: 'declare', run: () => readLockFile(`meshes:\n  - mesh: red-mesh\n    rootCertificate:\n      sha256: "AA:BB"\n      pem: |\n${rootCert('red-mesh').trim().split('\n').map(l => `        ${l}`).join('\n')}\n`, 'federation.lock.yaml'), expected: /federation\.lock\.yaml: meshes #1 \('red-mesh'\): rootCertificate sha256 is 'AA:BB', but its PEM has '[0-9A-F:]+': the file was edited\. Fix: write it again with `cdk8s-mesh-federation collect`, or delete it/ },
  // Root rotation
  { id: 'E210', area: 'Root rotation', title: 'Rotation props of the wrong type', when: 'declare', run: () => { new RootRotation({ nextRootCertificates: ['pem'] } as any); }, expected: /^root rotation: nextRootCertificates is \["pem"\], not a map of text to text\. Fix: pass the next root's PEM by mesh, e\.g\. \{ 'red-mesh': nextPem \}/ },
  { id: 'E211', area: 'Root rotation', title: 'Rotation without a rotating mesh', when: 'declare', run: () => { new RootRotation({ nextRootCertificates: {} }); }, expected: /^root rotation: nextRootCertificates is empty, so no mesh rotates\. Fix: pass the next root's PEM of each mesh to rotate/ },
  { id: 'E212', area: 'Root rotation', title: 'Next root keyed by something that is not a mesh name', when: 'declare', run: () => { new RootRotation({ nextRootCertificates: { 'Red Mesh': rootCert('green-mesh') } }); }, expected: /^root rotation: nextRootCertificates key 'Red Mesh' is not a DNS-1123 label .* Fix: key each next root by its mesh's name/ },
  { id: 'E213', area: 'Root rotation', title: 'Next root that is not a valid unexpired CA certificate', when: 'declare', run: () => { new RootRotation({ nextRootCertificates: { 'red-mesh': pem('expired-ca') } }); }, expected: /^mesh 'red-mesh': next root certificate \(nextRootCertificates\['red-mesh'\]\) certificate \('CN=Expired Root CA', sha256 [0-9A-F:]+\) expired on 2021-01-01T00:00:00\.000Z\. Fix: pass a root CA certificate that is valid for longer than the rotation takes/ },
  { id: 'E214', area: 'Root rotation', title: 'Step naming a mesh that does not rotate', when: 'declare', run: () => { rotationSteps([trustNext('red-mesh'), trustNext('blue-mesh')], [switchRoot('red-mesh')], [dropPrevious('red-mesh')]); }, expected: /^root rotation: step 1 \('trust-next'\): RootRotationPhase\.trustNext\('blue-mesh'\) names mesh 'blue-mesh', which is not rotating \(nextRootCertificates names 'red-mesh'\)\. Fix: add the next root of 'blue-mesh' to nextRootCertificates, or remove the phase/ },
  { id: 'E215', area: 'Root rotation', title: 'Phase of a rotating mesh missing', when: 'declare', run: () => { rotationSteps([trustNext('red-mesh')], [switchRoot('red-mesh')]); }, expected: /^root rotation: mesh 'red-mesh': phase 'drop-previous' is missing\. Fix: add RootRotationPhase\.dropPrevious\('red-mesh'\) to a step/ },
  { id: 'E216', area: 'Root rotation', title: 'Phase given twice', when: 'declare', run: () => { rotationSteps([trustNext('red-mesh')], [trustNext('red-mesh')], [switchRoot('red-mesh')], [dropPrevious('red-mesh')]); }, expected: /^root rotation: mesh 'red-mesh': phase 'trust-next' is given 2 times, in step 1 \('trust-next'\) and step 2 \('trust-next'\)\. Fix: keep it in one step/ },
  { id: 'E217', area: 'Root rotation', title: 'Switch in or before the step peers start trusting the next root', when: 'declare', run: () => { rotationSteps([trustNext('red-mesh'), switchRoot('red-mesh')], [dropPrevious('red-mesh')]); }, expected: /^root rotation: mesh 'red-mesh': phase 'switch' is in step 1 \('trust-next-and-switch'\), but its peers start trusting its next root only in step 1 \('trust-next-and-switch'\) \(phase 'trust-next'\), so they would refuse .* Fix: move the switch to a step after the trust-next step/ },
  { id: 'E218', area: 'Root rotation', title: 'Previous root dropped in or before the switch step', when: 'declare', run: () => { rotationSteps([trustNext('red-mesh')], [dropPrevious('red-mesh')], [switchRoot('red-mesh')]); }, expected: /^root rotation: mesh 'red-mesh': phase 'drop-previous' is in step 2 \('drop-previous'\), but the mesh switches to its next root only in step 3 \('switch'\) \(phase 'switch'\), .* Fix: move drop-previous to a step after the switch step/ },
  { id: 'E219', area: 'Root rotation', title: 'Step without phases', when: 'declare', run: () => { RootRotationStep.of([]); }, expected: /^root rotation: RootRotationStep\.of\(\): phases is empty, but a step runs at least one phase\. Fix: / },
  { id: 'E220', area: 'Root rotation', title: 'Step name that cannot name a folder', when: 'declare', run: () => { RootRotationStep.of([trustNext('red-mesh')], 'Trust Red'); }, expected: /^root rotation: RootRotationStep\.of\(\): name 'Trust Red' is not a DNS-1123 label .* Fix: use a name like 'trust-red'/ },
  { id: 'E221', area: 'Root rotation', title: 'Phase for something that is not a mesh name', when: 'declare', run: () => { switchRoot(42 as any); }, expected: /^root rotation: RootRotationPhase\.switchRoot\(\): mesh is 42, not a string\. Fix: pass the rotating mesh's name/ },
  { id: 'E222', area: 'Root rotation', title: 'Stage of a step the rotation does not have', when: 'declare', run: () => { rotation().stage(4); }, expected: /^root rotation: stage\(\) step is 4, not a step of the rotation \(1 to 3\)\. Fix: pass a step number from 1 to 3/ },
  { id: 'E223', area: 'Root rotation', title: 'rootRotation that is not a stage', when: 'declare', run: () => { new FederatedMesh(Testing.app(), 'federation', { rootRotation: rotation() as any }); }, expected: /^federation 'federation': rootRotation is a RootRotation, not a RootRotationStage\. Fix: pass a step of a rotation/ },
  { id: 'E224', area: 'Root rotation', title: 'Rotation of a mesh the federation does not have', when: 'synth', run: () => rotationSynth(new RootRotation({ nextRootCertificates: { 'yellow-mesh': rootCert('green-mesh') } })), expected: /^root rotation: mesh 'yellow-mesh' is not a mesh of federation 'federation' \('blue-mesh', 'green-mesh', 'red-mesh'\)\. Fix: rotate meshes of this federation, or add the mesh/ },
  {
    id: 'E225',
    area: 'Root rotation',
    title: 'Rotating mesh without a current root',
    when: 'synth',
    expected: /^mesh 'red-mesh': rootCertificate is not set, but the root rotation rotates it, .* Fix: pass the PEM of its current istio-ca-root-cert as rootCertificate/,
    run: () => {
      const app = Testing.app();
      new FederatedMesh(app, 'federation', { rootRotation: rotation().stage(1) }).addMesh('red-mesh', opts('red-mesh', { rootCertificate: undefined }));
      synthAll(app);
    },
  },
  { id: 'E226', area: 'Root rotation', title: 'Next root equal to the current one', when: 'synth', run: () => rotationSynth(new RootRotation({ nextRootCertificates: { 'red-mesh': rootCert('red-mesh') } })), expected: /^mesh 'red-mesh': the next root certificate \('O=cluster\.local, CN=Root CA red-mesh', sha256 [0-9A-F:]+\) is the current one \(rootCertificate\), so nothing would rotate\. Fix: / },
  { id: 'E227', area: 'Root rotation', title: 'Rotation report of a federation without rotation', when: 'declare', run: () => { docs().federation.rootRotationReport(); }, expected: /^federation 'federation': rootRotationReport\(\) needs a root rotation, but rootRotation is not set\. Fix: pass rootRotation: rotation\.stage\(1\)/ },
  { id: 'E228', area: 'Root rotation', title: 'RootRotationApp without a builder', when: 'declare', run: () => { new RootRotationApp({ rotation: rotation(), builder: undefined as any }); }, expected: /^RootRotationApp: builder is undefined, not an IRootRotationBuilder \(an object with buildStep\(app, stage\)\)\. Fix: / },
  {
    id: 'E229',
    area: 'Root rotation',
    title: 'Builder that builds no federation rendering the step',
    when: 'synth',
    expected: /^RootRotationApp: step 1 \('trust-next'\): the builder built no federation, but exactly one federation must render the step\. Fix: in buildStep\(app, stage\), pass the stage as rootRotation/,
    run: () => { new RootRotationApp({ rotation: rotation(), outdir: join(mkdtempSync(join(tmpdir(), 'rotation-')), 'dist'), builder: { buildStep: () => undefined } }).synth(); },
  },
  { id: 'E230', area: 'Root rotation', title: 'Step whose phases changed after RootRotationStep.of() checked them', when: 'declare', run: () => { const step = RootRotationStep.of([RootRotationPhase.trustNext('red-mesh')]); (step.phases as any[]).push({ mesh: 'red-mesh', kind: 'switch' }); rotation([step]); }, expected: /^root rotation: steps\[0\]: phases is .*not a non-empty list of phases made by RootRotationPhase \(the list was changed after RootRotationStep\.of\(\) checked it, or the step was not made by it\)\. Fix: make each step with RootRotationStep\.of/ },
  { id: 'CL40', area: 'Command line', title: 'rotate --next that is not <mesh>=<file>', when: 'declare', run: () => cliRotate('--next', 'red-mesh.pem'), expected: /^--next "red-mesh\.pem" is not <mesh>=<pem file>\. Fix: write e\.g\. --next red-mesh=red-mesh-next-root\.pem/ },
  { id: 'CL41', area: 'Command line', title: 'rotate --next naming a mesh twice', when: 'declare', run: () => cliRotate('--next', 'a=a1.pem', '--next', 'a=a2.pem'), expected: /^--next names mesh "a" twice\. Fix: give each rotating mesh one next root/ },
  { id: 'CL42', area: 'Command line', title: 'rotate without --next', when: 'declare', run: () => cliRotate(), expected: /^no --next <mesh>=<pem file> given, so no mesh rotates\. Fix: add --next <mesh>=<pem file> for each mesh to rotate/ },
  { id: 'CL43', area: 'Command line', title: 'rotate --step that is not <phase>:<mesh>', when: 'declare', run: () => cliRotate('--next', 'a=a.pem', '--step', 'trust:a'), expected: /^--step "trust:a": "trust:a" is not <phase>:<mesh> with <phase> one of trust-next, switch, drop-previous\. Fix: / },
  { id: 'CL44', area: 'Command line', title: 'rotate --next file that cannot be read', when: 'declare', run: () => cliRotate('--next', 'a=<dir>/missing.pem', '-o', '<dir>/dist'), expected: /^--next a=missing\.pem: cannot read missing\.pem \(ENOENT\)\. Fix: point it at the PEM file of the mesh's next root certificate/ },
];
/** Runs an entry; returns the message line it produced (the matching problem or warning). */
export function messageOf(entry: CatalogueEntry): { message: string; error?: Error } {
  if (entry.when === 'warning') {
    const federation = entry.run() as { warnings(): string[] };
    return { message: federation.warnings().find(w => entry.expected.test(w)) ?? federation.warnings().join('\n') };
  }
  try {
    entry.run();
  } catch (e) {
    const error = e as Error & { problems?: string[] };
    return { message: error.problems?.find(p => entry.expected.test(p)) ?? error.message, error };
  }
  throw new Error(`${entry.id} did not fail`);
}

/** docs/errors.md, from the catalogue and the real messages. */
export function errorsMarkdown(): string {
  const lines = [
    '# Errors and warnings',
    '',
    '<!-- Generated from test/support/error-catalogue.ts by `npx projen docs:errors`; test/errors-catalogue.test.ts checks it is current. -->',
    '',
    'Every mistake below is caught before any file is written. Errors are thrown as a `FederationError`',
    '(`error.name === \'FederationError\'`), whose `problems` array holds one line per problem and whose message lists',
    'them all; each line names the mesh, the prop or rule, the bad value and the fix. Mistakes in one mesh\'s own props,',
    'a rule or a failover are thrown as they are declared (all of that declaration\'s problems together); mistakes that',
    'need several meshes are thrown at synth (all of the federation\'s problems together). Warnings are recorded on the',
    'construct at synth, printed by `FederationApp` and the command line (`Warning: ...` on stderr), listed by',
    '`federation.warnings()` and in the plan (except the root certificate expiry warnings, which depend on the date and',
    'so are never written into a file), and do not stop synth.',
    '',
    `${CATALOGUE.filter(e => e.when !== 'warning').length} errors and ${CATALOGUE.filter(e => e.when === 'warning').length} warnings; each entry shows the message of the input that test/errors-catalogue.test.ts uses.`,
    '',
  ];
  let area = '';
  // One section per area, in the order the areas first appear; entries in catalogue order within it.
  const areas = [...new Set(CATALOGUE.map(e => e.area))];
  for (const entry of areas.flatMap(a => CATALOGUE.filter(e => e.area === a))) {
    if (entry.area !== area) {
      area = entry.area;
      lines.push(`## ${area}`, '');
    }
    const when = { declare: 'when declared', synth: 'at synth', warning: 'warning, at synth' }[entry.when];
    lines.push(`### ${entry.id}: ${entry.title} (${when})`, '', '```text', messageOf(entry).message, '```', '');
  }
  return lines.join('\n');
}
