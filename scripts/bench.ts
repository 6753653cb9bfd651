// `npm run bench`: synth cost of N-mesh federations against the cdk8s floor. Each N runs in its own
// process, so peak memory is that case's. Prints a Markdown table (also in docs/benchmarks.md).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const SIZES = (process.env.BENCH_SIZES ?? '5,10,25,50,100').split(',').map(Number);
// Each case runs REPEAT times (library and floors, each in a fresh process); the table shows medians.
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
// The YAML goes to a memory-backed folder where there is one, so disk noise does not drown the
// comparison (the same for the library and the floors); BENCH_TMPDIR overrides.
const TMP = process.env.BENCH_TMPDIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
function run(...args: string[]): any {
  const out = execFileSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'bench-case.ts'), ...args], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_TMPDIR: TMP },
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const work = mkdtempSync(join(tmpdir(), 'bench-'));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = SIZES.map(n => {
  const docs = join(work, `docs-${n}.json`);
  const runs = Array.from({ length: REPEAT }, () => {
    const library = run('library', String(n), docs);
    // The floors run in a fresh process too, so neither side pays for the other's heap.
    const floors = run('floors', docs);
    if (floors.floorBytes !== library.bytes) throw new Error(`N=${n}: floor (a) wrote ${floors.floorBytes} bytes, the library ${library.bytes}`);
    return { ...library, ...floors };
  });
  const result: any = { ...runs[0] };
  for (const key of ['buildMs', 'synthMs', 'libraryMs', 'floorApiObjectsMs', 'floorYamlMs', 'peakLibraryMiB', 'kustomizeMs', 'reportsMs']) {
    result[key] = median(runs.map(r => r[key]));
  }
  result.libraryRuns = runs.map(r => r.libraryMs);
  result.floorRuns = runs.map(r => r.floorApiObjectsMs);
  process.stderr.write(`N=${n} done: library ${runs.map(r => (r.libraryMs / 1000).toFixed(1)).join(' / ')} s, floor (a) ${runs.map(r => (r.floorApiObjectsMs / 1000).toFixed(1)).join(' / ')} s\n`);
  return result;
});
rmSync(work, { recursive: true, force: true });

const f = (x: number, d = 0) => x.toFixed(d);
console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; YAML written to ${TMP}; median of ${REPEAT} runs per case\n`);
console.log('| N | objects | MB written | build (s) | synth incl. validation (s) | library total (s) | floor (a) cdk8s ApiObjects (s) | floor (b) YAML only (s) | library / (a) | library / (b) | peak RSS (MiB) | + kustomizations (s) | + reports (s) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.n} | ${r.objects} | ${f(r.bytes / 1e6, 1)} | ${f(r.buildMs / 1000, 2)} | ${f(r.synthMs / 1000, 2)} | ${f(r.libraryMs / 1000, 2)} | ${f(r.floorApiObjectsMs / 1000, 2)} | ${f(r.floorYamlMs / 1000, 2)} | ${f(r.libraryMs / r.floorApiObjectsMs, 2)} | ${f(r.libraryMs / r.floorYamlMs, 2)} | ${f(r.peakLibraryMiB)} | ${f(r.kustomizeMs / 1000, 2)} | ${f(r.reportsMs / 1000, 2)} |`);
}
// Growth exponent: least-squares slope of log(library time) against log(objects), N = 10 to 100.
const points = results.filter(r => r.n >= 10 && r.n <= 100);
if (points.length >= 2) {
  const xs = points.map(r => Math.log(r.objects));
  const ys = points.map(r => Math.log(r.libraryMs));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const slope = xs.reduce((s, x, i) => s + (x - mx) * (ys[i] - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  console.log(`\nGrowth exponent (slope of log library time against log objects, N=${points[0].n} to ${points[points.length - 1].n}): ${slope.toFixed(2)}`);
}
