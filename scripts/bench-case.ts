// One benchmark case, in its own process:
//   scripts/bench-case.ts library <N> <docs.json>  builds and synthesizes the federation, saves its documents
//   scripts/bench-case.ts floors <docs.json>       the two floors for those documents, in a fresh process
// (run with `node -r ts-node/register/transpile-only`). Each prints one JSON line.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Yaml, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { FederatedMesh, FederationApp, LoadBalancerScheme, Platform } from '../src';

const SERVICES = ['ratings', 'reviews', 'details', 'productpage', 'cart'];
const REGIONS = ['us-east', 'us-west', 'eu-west', 'ap-south'];
const [mode, arg, docsFile] = process.argv.slice(2);
const pem = readFileSync(join(__dirname, '..', 'examples', 'certs', 'red-mesh-root-cert.pem'), 'utf8');
const ms = (t: bigint) => Number(t) / 1e6;
// Where the YAML is written: BENCH_TMPDIR (bench.ts passes a memory-backed folder when there is one).
const WORK = process.env.BENCH_TMPDIR ?? tmpdir();

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true })) {
    const s = statSync(join(dir, String(entry)));
    if (s.isFile()) total += s.size;
  }
  return total;
}

// The library: N meshes in a full mesh; each exports 5 services to every peer and every peer
// imports them; one failover service per mesh (with the next mesh, in another region).
function library(n: number, file: string): void {
const outdir = mkdtempSync(join(WORK, 'bench-lib-'));
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
const peakLibraryMiB = process.resourceUsage().maxRSS / 1024;
const bytes = bytesUnder(outdir);
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
console.log(JSON.stringify({
  n, objects, bytes, buildMs: ms(t1 - t0), synthMs: ms(t2 - t1), libraryMs: ms(t2 - t0), peakLibraryMiB, kustomizeMs: ms(t4 - t3), reportsMs: ms(t5 - t4),
}));
}

function floors(file: string): void {
const docsByChart: Array<{ id: string; docs: any[] }> = JSON.parse(readFileSync(file, 'utf8'));
// Floor (a): the same documents as plain cdk8s ApiObjects, one chart per mesh, then synth.
const floorDir = mkdtempSync(join(WORK, 'bench-floor-'));
const t3 = process.hrtime.bigint();
const floorApp = new App({ outdir: floorDir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
for (const { id, docs } of docsByChart) {
  const chart = new Chart(floorApp, id);
  docs.forEach((doc, i) => new ApiObject(chart, `o${i}`, doc));
}
floorApp.synth();
const t4 = process.hrtime.bigint();
const floorBytes = bytesUnder(floorDir);
rmSync(floorDir, { recursive: true, force: true });

// Floor (b): the same documents serialized to YAML alone.
const t5 = process.hrtime.bigint();
let yamlBytes = 0;
for (const { docs } of docsByChart) for (const doc of docs) yamlBytes += Yaml.stringify(doc).length;
const t6 = process.hrtime.bigint();

console.log(JSON.stringify({ floorApiObjectsMs: ms(t4 - t3), floorYamlMs: ms(t6 - t5), floorBytes, yamlBytes }));
}

if (mode === 'library') library(Number(arg), docsFile);
else floors(arg);
