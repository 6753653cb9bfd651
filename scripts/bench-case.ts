// One benchmark case, in its own process:
//   scripts/bench-case.ts library <N> [docs.json]  builds and synthesizes the federation; with a file, also
//                                                  saves its documents and times the kustomizations and reports
//   scripts/bench-case.ts floors <docs.json>       the two floors for those documents, in a fresh process
// Process CPU and wall time count from the process's start (module loading included) to the end of
// synth; the floor's reading of its input documents is taken out.
// (bench.ts compiles and runs it). Each prints one JSON line.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import type * as Library from '../src';

const SERVICES = ['ratings', 'reviews', 'details', 'productpage', 'cart'];
const REGIONS = ['us-east', 'us-west', 'eu-west', 'ap-south'];
const [mode, arg, docsFile] = process.argv.slice(2);
// Run from the repository's root (bench.ts runs it there, compiled).
const pem = readFileSync(join(process.cwd(), 'examples', 'certs', 'red-mesh-root-cert.pem'), 'utf8');
const ms = (t: bigint) => Number(t) / 1e6;
// Where the YAML is written: BENCH_TMPDIR (bench.ts passes a memory-backed folder when there is one).
const WORK = process.env.BENCH_TMPDIR ?? tmpdir();

/** The manifests under `dir`: every file but the output folder's ownership marker (the library's, not a manifest). */
function manifestsUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true }).map(String)
    .filter(f => f !== '.cdk8s-mesh-federation-owned' && statSync(join(dir, f)).isFile()).sort();
}

function bytesUnder(dir: string): number {
  return manifestsUnder(dir).reduce((total, f) => total + statSync(join(dir, f)).size, 0);
}

/** A digest of every file under `dir` (relative path and content, in path order): equal digests, equal trees. */
function digestOf(dir: string): string {
  const hash = createHash('sha256');
  for (const file of manifestsUnder(dir)) hash.update(`${file}\u0000`).update(readFileSync(join(dir, file))).update('\u0000');
  return hash.digest('hex');
}

/** CPU time (user + system) this process has used so far, in ms. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

// The library: N meshes in a full mesh; each exports 5 services to every peer and every peer
// imports them; one failover service per mesh (with the next mesh, in another region).
function library(n: number, file: string): void {
// Loaded here, not at the top: the floor's process must not load the library (module loading counts).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { FederatedMesh, FederationApp, LoadBalancerScheme, Platform }: typeof Library = require('../src');
const outdir = mkdtempSync(join(WORK, 'bench-lib-'));
const cpu0 = cpuMs();
const t0 = process.hrtime.bigint();
// A FederationApp without reports synthesizes exactly what an App with FOLDER_PER_CHART_FILE_PER_RESOURCE does.
const app = new FederationApp({ outdir, reports: false });
const federation = new FederatedMesh(app, 'federation');
const meshes = Array.from({ length: n }, (_, i) => federation.addMesh(`mesh-${i}`, {
  platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING }),
  rootCertificate: pem,
  dnsDomain: `apps.c${i}.example.com`,
  locality: { region: REGIONS[i % REGIONS.length] },
}));
for (const mesh of meshes) {
  for (const peer of meshes) {
    if (peer === mesh) continue;
    const exp = mesh.addServiceExport(`to-${peer.meshName}`, { peer });
    const imp = peer.addServiceImport(`from-${mesh.meshName}`, { peer: mesh });
    for (const svc of SERVICES) {
      exp.addNameRule({ namespace: 'bookinfo', name: svc });
      imp.addNameRule({ namespace: 'bookinfo', name: svc });
    }
  }
}
if (n >= 2) {
  meshes.forEach((mesh, i) => {
    // The next mesh in another region (failover within one region is refused).
    const partner = meshes.find((m, k) => k > i && m.locality!.region !== mesh.locality!.region)
      ?? meshes.find(m => m.locality!.region !== mesh.locality!.region)!;
    federation.addFailoverImport(`failover-${i}`, { namespace: `shop-${i}`, name: `checkout-${i}`, meshes: [mesh, partner] });
  });
}
const t1 = process.hrtime.bigint();
app.synth();
const t2 = process.hrtime.bigint();
const cpu1 = cpuMs();
const wall1 = performance.now();
const peakLibraryMiB = process.resourceUsage().maxRSS / 1024;
const bytes = bytesUnder(outdir);
const digest = digestOf(outdir);
const timed = {
  n, bytes, digest, buildMs: ms(t1 - t0), synthMs: ms(t2 - t1), libraryMs: ms(t2 - t0), libraryCpuMs: cpu1 - cpu0,
  libraryProcessCpuMs: cpu1, libraryProcessWallMs: wall1, peakLibraryMiB,
};
if (!file) {
  // A timed run of a pair: nothing else, so the process does only what is measured.
  rmSync(outdir, { recursive: true, force: true });
  console.log(JSON.stringify(timed));
  return;
}
// The documents each chart wrote (chart.toJson() would validate the whole app again).
const docsOf = (chart: Chart) => chart.node.findAll()
  .filter((c: IConstruct): c is ApiObject => c instanceof ApiObject && Chart.of(c) === chart)
  .map(o => o.toJson());
const docsByChart = app.charts.map(c => ({ id: c.node.id, docs: docsOf(c) }));
const objects = docsByChart.reduce((sum, c) => sum + c.docs.length, 0);
rmSync(outdir, { recursive: true, force: true });
// What FederationApp adds on top, measured apart (into another folder, so the bytes compared with the
// floors stay the manifests): a kustomization.yaml per mesh (gitOps), and the plan, topology diagram
// and manual-steps reports.
const extra = mkdtempSync(join(WORK, 'bench-ops-'));
const t3 = process.hrtime.bigint();
app.writeKustomizations(extra);
const t4 = process.hrtime.bigint();
for (const [name, content] of Object.entries(federation.reportFiles())) writeFileSync(join(extra, name), content);
const t5 = process.hrtime.bigint();
rmSync(extra, { recursive: true, force: true });
writeFileSync(file, JSON.stringify(docsByChart));
console.log(JSON.stringify({ ...timed, objects, kustomizeMs: ms(t4 - t3), reportsMs: ms(t5 - t4) }));
}

function floors(file: string): void {
const load0 = cpuMs();
const loadWall0 = performance.now();
const docsByChart: Array<{ id: string; docs: any[] }> = JSON.parse(readFileSync(file, 'utf8'));
const loadCpuMs = cpuMs() - load0;
const loadWallMs = performance.now() - loadWall0;
// Floor (a): the same documents as plain cdk8s ApiObjects, one chart per mesh, then synth.
const floorDir = mkdtempSync(join(WORK, 'bench-floor-'));
const cpu0 = cpuMs();
const t3 = process.hrtime.bigint();
const floorApp = new App({ outdir: floorDir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
for (const { id, docs } of docsByChart) {
  const chart = new Chart(floorApp, id);
  docs.forEach((doc, i) => new ApiObject(chart, `o${i}`, doc));
}
floorApp.synth();
const t4 = process.hrtime.bigint();
const cpu1 = cpuMs();
const floorProcessWallMs = performance.now() - loadWallMs;
const peakFloorMiB = process.resourceUsage().maxRSS / 1024;
const floorBytes = bytesUnder(floorDir);
const floorDigest = digestOf(floorDir);
rmSync(floorDir, { recursive: true, force: true });

// Floor (b): the same documents serialized to YAML alone.
const t5 = process.hrtime.bigint();
let yamlBytes = 0;
for (const { docs } of docsByChart) for (const doc of docs) yamlBytes += Yaml.stringify(doc).length;
const t6 = process.hrtime.bigint();

console.log(JSON.stringify({
  floorApiObjectsMs: ms(t4 - t3), floorCpuMs: cpu1 - cpu0, floorProcessCpuMs: cpu1 - loadCpuMs, floorProcessWallMs, peakFloorMiB, floorYamlMs: ms(t6 - t5), floorBytes, floorDigest, yamlBytes,
}));
}

if (mode === 'library') library(Number(arg), docsFile);
else floors(arg);
