// The packed package, installed into an empty folder, runs the command line with no other file:
// init, then validate, plan and synth. The tarball is what `npm pack` makes of the compiled library
// with the files .npmignore lets through (schema/, docs/, the example descriptions). It is installed
// offline: its bundled dependencies (ajv, yaml) come from the tarball; the peer dependencies
// (cdk8s, cdk8s-plus-27, constructs) come from the repository's node_modules through NODE_PATH,
// as the npm cache here may not hold them.
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compiledLibrary } from './support/compiled';

const ROOT = join(__dirname, '..');
const MODULES = join(ROOT, 'node_modules');
const WORK = mkdtempSync(join(tmpdir(), 'cli-package-'));

function sh(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_PATH: MODULES, NODE_NO_WARNINGS: '1' }, timeout: 240_000 });
}

/** A bundled dependency and every package it needs, by name. */
function closure(names: string[], seen = new Set<string>()): Set<string> {
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const manifest = JSON.parse(readFileSync(join(MODULES, name, 'package.json'), 'utf8'));
    closure(Object.keys(manifest.dependencies ?? {}), seen);
  }
  return seen;
}

/** The folder npm packs: the compiled library, the package files and the bundled dependencies. */
function stage(): string {
  const dir = join(WORK, 'stage');
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  // lib/ as JavaScript: each source transpiled on its own (see support/compiled.ts).
  cpSync(join(compiledLibrary(), 'lib'), join(dir, 'lib'), { recursive: true });
  for (const file of ['package.json', '.npmignore', 'README.md', 'LICENSE']) cpSync(join(ROOT, file), join(dir, file));
  for (const folder of ['schema', 'docs', 'examples']) cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  for (const name of closure(manifest.bundledDependencies ?? [])) cpSync(join(MODULES, name), join(dir, 'node_modules', name), { recursive: true });
  return dir;
}

test('the packed package, installed offline into an empty folder, runs init, validate, plan and synth', () => {
  const staged = stage();
  const pack = sh('npm', ['pack', '--offline', '--json', '--pack-destination', WORK], staged);
  if (pack.status !== 0) {
    console.warn(`SKIPPED: npm pack failed here (${pack.stderr.trim().split('\n').pop()}); the package test did not run`);
    return;
  }
  const [{ filename, files }] = JSON.parse(pack.stdout);
  const shipped = (files as Array<{ path: string }>).map(f => f.path);
  expect(shipped).toEqual(expect.arrayContaining(['schema/federation.schema.json', 'schema/validate-output.schema.json', 'schema/plan-output.schema.json',
    'docs/description.md', 'docs/errors.md', 'examples/service-sharing/federation.yaml', 'examples/certs/red-mesh-root-cert.pem', 'lib/app/cli.js']));
  expect(shipped.filter(p => !p.startsWith('node_modules/') && /^(src|test|scripts)\/|\.ts$/.test(p) && !p.endsWith('.d.ts'))).toEqual([]);

  const user = join(WORK, 'user');
  mkdirSync(user);
  writeFileSync(join(user, 'package.json'), '{ "name": "user", "version": "1.0.0", "private": true }\n');
  const install = sh('npm', ['install', '--offline', '--legacy-peer-deps', '--no-audit', '--no-fund', join(WORK, filename)], user);
  if (install.status !== 0) {
    console.warn(`SKIPPED: npm install --offline of the tarball failed (${install.stderr.trim().split('\n').pop()}); the package test did not run`);
    return;
  }
  // The bin npm linked, run as a shell runs it (through its #! line); npx finds the same link.
  const cli = (...args: string[]) => sh(join(user, 'node_modules', '.bin', 'cdk8s-mesh-federation'), args, user);

  const version = sh('npx', ['--no-install', 'cdk8s-mesh-federation', '--version'], user);
  expect(version.stdout).toBe(`${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`);
  expect(cli('init').status).toBe(0);
  const starter = readFileSync(join(user, 'federation.yaml'), 'utf8');
  // The schema the starter names is there, where the yaml-language-server looks for it.
  expect(existsSync(join(user, /\$schema=(\S+)/.exec(starter)![1]))).toBe(true);
  expect(cli('validate', 'federation.yaml')).toEqual(expect.objectContaining({ status: 0, stdout: 'federation.yaml: valid (2 meshes, 1 peerings)\n' }));
  expect(cli('plan', 'federation.yaml')).toEqual(expect.objectContaining({ status: 0, stdout: expect.stringContaining('## east-mesh') }));
  const synth = cli('synth', 'federation.yaml');
  expect(synth.status).toBe(0);
  expect(readdirSync(join(user, 'dist')).sort()).toEqual(['.cdk8s-mesh-federation-owned', 'east-mesh', 'federation-manual-steps.md', 'federation-plan.md', 'federation-topology.md', 'west-mesh']);
  // The example description shipped in the package validates where it is installed.
  expect(cli('validate', 'node_modules/cdk8s-mesh-federation/examples/service-sharing/federation.yaml').status).toBe(0);
}, 300_000);
