// `npm run bench`: synth cost of N-mesh federations against the cdk8s floor, in pairs, then the
// wall time of the command line's `validate` of a generated description. For each N,
// one preparation run writes the documents the floor needs; then the library and the floor run
// alternately (library first in odd pairs, floor first in even ones), each in a process of its
// own. Each pair gives a ratio (library / floor) of process CPU time (user + system), of wall time
// and of peak RSS; the table shows the median ratio of the pairs and their spread (min to max), so a
// busy machine slows both sides of a pair alike instead of skewing a ratio of medians. The floor's
// output is checked byte-identical to the library's (a digest of every file).
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

const SIZES = (process.env.BENCH_SIZES ?? '10,25,50,100').split(',').filter(Boolean).map(Number);
/** Pairs per N. */
const PAIRS = Number(process.env.BENCH_PAIRS ?? 5);
/** Meshes of the description `validate` reads, and how many times it runs (0: not measured). */
const VALIDATE_MESHES = Number(process.env.BENCH_VALIDATE_MESHES ?? 50);
const VALIDATE_RUNS = Number(process.env.BENCH_VALIDATE_RUNS ?? 9);
// The YAML goes to a memory-backed folder where there is one, so disk noise does not drown the
// comparison (the same for the library and the floors); BENCH_TMPDIR overrides.
const TMP = process.env.BENCH_TMPDIR ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());
// The cases run as compiled JavaScript, as users run the package (no TypeScript compiled on the
// fly inside the measured processes): the library and the case script are compiled once, first.
const work = mkdtempSync(join(tmpdir(), 'bench-'));
const compiled = join(work, 'js');
const root = join(__dirname, '..');
writeFileSync(join(work, 'tsconfig.json'), JSON.stringify({
  compilerOptions: {
    outDir: compiled, rootDir: root, module: 'node16', target: 'ES2022', esModuleInterop: true, skipLibCheck: true,
    resolveJsonModule: true, experimentalDecorators: true, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')],
  },
  files: [join(root, 'scripts', 'bench-case.ts'), join(root, 'src', 'app', 'cli.ts')],
}));
execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(work, 'tsconfig.json')], { cwd: root, stdio: 'inherit' });
// The command line reads package.json and schema/ beside its lib folder, as in the package.
symlinkSync(join(root, 'package.json'), join(compiled, 'package.json'));
symlinkSync(join(root, 'schema'), join(compiled, 'schema'));
function run(...args: string[]): any {
  const out = execFileSync(process.execPath, [join(compiled, 'scripts', 'bench-case.js'), ...args], {
    cwd: join(__dirname, '..'),
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
    // The compiled cases live outside the repository: they find its packages through NODE_PATH.
    env: { ...process.env, BENCH_TMPDIR: TMP, NODE_PATH: join(root, 'node_modules') },
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

const results = SIZES.map(n => {
  const docs = join(work, `docs-${n}.json`);
  const prepared = run('library', String(n), docs);
  const pairs = Array.from({ length: PAIRS }, (_, i) => {
    const libraryFirst = i % 2 === 0;
    const first = libraryFirst ? run('library', String(n)) : run('floors', docs);
    const second = libraryFirst ? run('floors', docs) : run('library', String(n));
    const [library, floor] = libraryFirst ? [first, second] : [second, first];
    if (floor.floorDigest !== library.digest || library.digest !== prepared.digest) {
      throw new Error(`N=${n}: the floor's output differs from the library's (${floor.floorBytes} bytes against ${library.bytes})`);
    }
    return {
      library, floor,
      cpu: library.libraryProcessCpuMs / floor.floorProcessCpuMs,
      wall: library.libraryProcessWallMs / floor.floorProcessWallMs,
      rss: library.peakLibraryMiB / floor.peakFloorMiB,
    };
  });
  process.stderr.write(`N=${n}: CPU ratios ${pairs.map(p => p.cpu.toFixed(2)).join(' ')}\n`);
  return { n, prepared, pairs };
});
const validation = VALIDATE_RUNS > 0 ? measureValidate() : undefined;
rmSync(work, { recursive: true, force: true });

/**
 * `validate` of a JSON description of VALIDATE_MESHES meshes on GCP in a full mesh, each exporting
 * 5 services to every other mesh and importing every other mesh's (the synth cases' sharing, as the
 * description writes it), each run a process of its own: wall and CPU time from its start to its exit.
 */
function measureValidate() {
  const dir = mkdtempSync(join(work, 'validate-'));
  copyFileSync(join(root, 'examples', 'certs', 'red-mesh-root-cert.pem'), join(dir, 'root.pem'));
  const names = Array.from({ length: VALIDATE_MESHES }, (_, i) => `mesh-${i}`);
  const rules = ['ratings', 'reviews', 'details', 'productpage', 'cart'].map(name => ({ nameSelector: { namespace: 'bookinfo', name } }));
  const description = {
    name: 'federation',
    meshes: names.map((name, i) => ({
      name,
      platform: { type: 'gcp', scheme: 'internet-facing' },
      rootCertificateFile: 'root.pem',
      dnsDomain: `apps.c${i}.example.com`,
      exports: names.filter(p => p !== name).map(peer => ({ id: `to-${peer}`, peer, rules })),
      imports: names.filter(p => p !== name).map(peer => ({ id: `from-${peer}`, peer, rules })),
    })),
  };
  const file = join(dir, 'federation.json');
  writeFileSync(file, JSON.stringify(description));
  // Preloaded into the command line's process: its CPU time (user + system) when it exits, on stderr.
  const cpuHook = join(dir, 'cpu.js');
  writeFileSync(cpuHook, "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`bench-cpu ${(u.user + u.system) / 1e6}\\n`); });\n");
  const runs = Array.from({ length: VALIDATE_RUNS }, () => {
    const started = process.hrtime.bigint();
    const { status, stdout, stderr } = spawnSync(process.execPath, ['-r', cpuHook, join(compiled, 'src', 'app', 'cli.js'), 'validate', file], {
      encoding: 'utf8', env: { ...process.env, NODE_PATH: join(root, 'node_modules') },
    });
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = /bench-cpu (\S+)/.exec(stderr);
    if (status !== 0 || !cpu || !stdout.includes(`valid (${VALIDATE_MESHES} meshes`)) throw new Error(`validate failed (exit ${status}): ${stdout}${stderr}`);
    return { wall, cpu: Number(cpu[1]) };
  });
  return { meshes: VALIDATE_MESHES, megabytes: statSync(file).size / 1e6, walls: runs.map(r => r.wall), cpus: runs.map(r => r.cpu) };
}

const f = (x: number, d = 2) => x.toFixed(d);
console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}; YAML written to ${TMP}; ${PAIRS} pairs per N\n`);
console.log('| N | objects | MB written | library CPU (s) | floor CPU (s) | **CPU ratio** (spread) | wall ratio (spread) | peak RSS library / floor (MiB) | RSS ratio | build (s) | synth (s) | + kustomizations (s) | + reports (s) |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const { n, prepared, pairs } of results) {
  const cpu = pairs.map(p => p.cpu);
  const wall = pairs.map(p => p.wall);
  const rss = pairs.map(p => p.rss);
  const m = (key: string, side: 'library' | 'floor') => median(pairs.map(p => (p as any)[side][key]));
  console.log(`| ${n} | ${prepared.objects} | ${f(prepared.bytes / 1e6, 1)} | ${f(m('libraryProcessCpuMs', 'library') / 1000)} | ${f(m('floorProcessCpuMs', 'floor') / 1000)} | **${f(median(cpu))}** (${spread(cpu)}) | ${f(median(wall))} (${spread(wall)}) | ${f(m('peakLibraryMiB', 'library'), 0)} / ${f(m('peakFloorMiB', 'floor'), 0)} | ${f(median(rss))} | ${f(m('buildMs', 'library') / 1000)} | ${f(m('synthMs', 'library') / 1000)} | ${f(prepared.kustomizeMs / 1000)} | ${f(prepared.reportsMs / 1000)} |`);
}
if (validation) {
  console.log(`\n\`validate\` of a JSON description of ${validation.meshes} meshes (${f(validation.megabytes, 1)} MB), ${validation.walls.length} runs: `
    + `wall ${f(median(validation.walls))} s (${spread(validation.walls)}), CPU ${f(median(validation.cpus))} s (${spread(validation.cpus)})`);
}
