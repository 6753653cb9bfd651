// The commands beyond synth, validate, plan and diagram: --version, init, --json output (checked
// against its own JSON Schema) and diff (diff(1)'s exit codes).
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { runCli } from './support/run';
import { parseArguments } from '../src/app/cli';
import { STARTER_DESCRIPTION } from '../src/app/init';

const ROOT = join(__dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'service-sharing', 'federation.yaml');
const OUT = mkdtempSync(join(tmpdir(), 'cli-commands-'));

const run = runCli;

function folder(): string {
  return mkdtempSync(join(OUT, 'case-'));
}

function schemaCheck(name: string): ReturnType<Ajv['compile']> {
  return new Ajv({ allErrors: true, strict: true, strictRequired: false }).compile(JSON.parse(readFileSync(join(ROOT, 'schema', name), 'utf8')));
}

describe('--version', () => {
  test('prints the version of package.json', () => {
    expect(run('--version')).toEqual({ code: 0, out: `${JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version}\n`, err: '' });
    expect(parseArguments(['validate', 'f.yaml', '--version'])).toEqual({ version: true });
  });
});

describe('init', () => {
  test('writes a commented starter description that validates, plans and synthesizes', () => {
    const dir = folder();
    const file = join(dir, 'federation.yaml');
    const written = run('init', file);
    expect(written.code).toBe(0);
    expect(written.out).toContain(`Wrote ${file}: two meshes, one export and its import.`);
    const text = readFileSync(file, 'utf8');
    expect(text).toBe(STARTER_DESCRIPTION);
    expect(text).toMatch(/^# yaml-language-server: \$schema=node_modules\/cdk8s-mesh-federation\/schema\/federation\.schema\.json\n/);
    expect(run('validate', file)).toEqual({ code: 0, out: `${file}: valid (2 meshes, 1 peerings)\n`, err: '' });
    const plan = run('plan', file, '--json');
    expect(plan.code).toBe(0);
    const meshes = JSON.parse(plan.out).meshes;
    expect(meshes.map((m: any) => m.mesh)).toEqual(['east-mesh', 'west-mesh']);
    expect(meshes[0].exports).toEqual([expect.objectContaining({ peer: 'west-mesh', exportedName: 'ratings.info.svc.west-mesh-exports.local', localService: 'ratings.bookinfo' })]);
    expect(meshes[1].imports).toEqual([expect.objectContaining({ peer: 'east-mesh', exportedName: 'ratings.info.svc.west-mesh-exports.local' })]);
    const synth = run('synth', file, '-o', join(dir, 'dist'));
    expect(synth.code).toBe(0);
    expect(synth.out).toContain(`${join(dir, 'dist')}/east-mesh/`);
    expect(existsSync(join(dir, 'dist', 'west-mesh'))).toBe(true);
  });

  test('writes federation.yaml in the current folder when no file is given', () => {
    expect(parseArguments(['init'])).toEqual({ invocation: expect.objectContaining({ command: 'init', file: 'federation.yaml' }) });
  });

  test('refuses to overwrite an existing file (exit 1, with the fix), and leaves it as it was', () => {
    const file = join(folder(), 'federation.yaml');
    writeFileSync(file, 'mine\n');
    const result = run('init', file);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`cdk8s-mesh-federation init: ${file} already exists, and init does not overwrite a file. Fix: pass another file name, e.g. init federation-new.yaml, or move ${file} away\n`);
    expect(readFileSync(file, 'utf8')).toBe('mine\n');
  });

  test('options that do not go with init are usage problems', () => {
    expect(parseArguments(['init', '--json'])).toEqual({ problem: 'init does not take --json: it goes with validate and plan' });
    expect(parseArguments(['validate', 'f.yaml', '--force'])).toEqual({ problem: 'validate does not take --force: it goes with synth' });
  });
});

describe('--json', () => {
  const validateSchema = schemaCheck('validate-output.schema.json');
  const planSchema = schemaCheck('plan-output.schema.json');

  test('validate --json of a valid description: counts and warnings, valid against its schema', () => {
    const result = run('validate', EXAMPLE, '--json');
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
    const output = JSON.parse(result.out);
    expect(validateSchema(output)).toBe(true);
    expect(output).toEqual(expect.objectContaining({ version: 1, file: EXAMPLE, valid: true, meshes: 3, peerings: 3, problems: [] }));
  });

  test('validate --json of an invalid description: each problem with its line and column, on stdout, exit 1', () => {
    const file = join(folder(), 'federation.yaml');
    writeFileSync(file, 'meshes:\n  - name: a\n    platform: { type: bare-metal }\n    trustDomian: a.local\n');
    const result = run('validate', file, '--json');
    expect(result.code).toBe(1);
    expect(result.err).toBe('');
    const output = JSON.parse(result.out);
    expect(validateSchema(output)).toBe(true);
    expect(output.valid).toBe(false);
    expect(output.problems).toEqual([{ file, line: 4, column: 5, path: 'meshes[0].trustDomian', message: expect.stringMatching(/^meshes\[0\]\.trustDomian is not a field of meshes\[0\]\. Fix: rename it to trustDomain/) }]);
  });

  test('validate --json of a file that cannot be read: the problem without a place', () => {
    const file = join(folder(), 'missing.yaml');
    const output = JSON.parse(run('validate', file, '--json').out);
    expect(validateSchema(output)).toBe(true);
    expect(output.problems).toEqual([{ file, message: expect.stringMatching(/cannot read .*missing\.yaml \(ENOENT\)/) }]);
  });

  test('plan --json: every mesh, export and import, valid against its schema', () => {
    const result = run('plan', EXAMPLE, '--json');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.out);
    expect(planSchema(output)).toBe(true);
    expect(output.meshes.map((m: any) => m.mesh)).toEqual(['blue-mesh', 'green-mesh', 'red-mesh']);
    expect(output.meshes[2].exports.find((e: any) => e.peer === 'green-mesh')).toEqual({
      peer: 'green-mesh', exportedName: 'red-ratings.info.svc.green-mesh-exports.local', localService: 'ratings.red-mesh-info', rule: 1, resolvedAtRunTime: false,
    });
    expect(validateSchema(output)).toBe(false);
  });
});

describe('diff', () => {
  /** The example, copied with its certificates, synthesized into dist/. */
  function synthesized(): { dir: string; file: string; dist: string } {
    const dir = folder();
    cpSync(join(ROOT, 'examples', 'certs'), join(dir, 'certs'), { recursive: true });
    mkdirIn(dir, 'service-sharing');
    const file = join(dir, 'service-sharing', 'federation.yaml');
    cpSync(EXAMPLE, file);
    const dist = join(dir, 'dist');
    expect(run('synth', file, '-o', dist).code).toBe(0);
    return { dir, file, dist };
  }

  test('no differences right after a synth: exit 0', () => {
    const { file, dist } = synthesized();
    expect(run('diff', file, '-o', dist)).toEqual({ code: 0, out: `${dist}: no differences: synth would write the same files\n`, err: '' });
  });

  test('after removing a mesh from the description: lists its removed files, shows the changes, exit 1', () => {
    const { file, dist } = synthesized();
    const text = readFileSync(file, 'utf8');
    // Drop blue-mesh (the last mesh) and what names it.
    const withoutBlue = text.slice(0, text.indexOf('  # Google Cloud')) + text.slice(text.indexOf('# bookinfo/ratings'));
    writeFileSync(file, withoutBlue.replace(/ {6}- id: labelled-to-blue[\s\S]*?alias: \{ namespace: info \} \}\n/, ''));
    const result = run('diff', file, '-o', dist);
    expect(result.err).toBe('');
    expect(result.code).toBe(1);
    expect(result.out).toMatch(new RegExp(`^${dist}: synth would change \\d+ file\\(s\\):\n  blue-mesh/  0 added, 0 changed, \\d+ removed\n    - blue-mesh/`));
    expect(result.out).toContain('--- a/blue-mesh/Namespace.blue-mesh-system.k8s.yaml\n+++ /dev/null\n@@ -1,');
    expect(result.out).toMatch(/ {2}red-mesh\/ {2}0 added, \d+ changed, \d+ removed/);
    expect(result.out).toMatch(/\n-  name: blue-mesh/);
    expect(existsSync(join(dist, 'blue-mesh'))).toBe(true);
  });

  test('into a folder that does not exist yet: every file is added', () => {
    const { file, dir } = synthesized();
    const result = run('diff', file, '-o', join(dir, 'nothing-yet'));
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/ {2}red-mesh\/ {2}\d+ added, 0 changed, 0 removed/);
    expect(result.out).toContain('--- /dev/null\n+++ b/red-mesh/Namespace.red-mesh-system.k8s.yaml\n@@ -0,0 +1,');
  });

  test('an invalid description: its problems, exit 1; a usage problem: exit 2', () => {
    const file = join(folder(), 'federation.yaml');
    writeFileSync(file, 'meshes: []\n');
    expect(run('diff', file).code).toBe(1);
    expect(run('diff', file, '--force').code).toBe(2);
  });
});

function mkdirIn(dir: string, name: string): void {
  cpSync(join(dir, 'certs'), join(dir, name, '.keep'), { recursive: true });
}
