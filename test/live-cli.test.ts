import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/app/cli';

const LIVE = join(__dirname, 'fixtures', 'live');
const DESCRIPTION = join(LIVE, 'federation.yaml');

function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = main(args, { out: t => out.push(t), err: t => err.push(t) });
  return { code, out: out.join(''), err: err.join('') };
}
const healthy = (mesh: string) => `${mesh}=${join(LIVE, 'healthy', `${mesh}.json`)}`;

describe('cdk8s-mesh-federation status', () => {
  test('a healthy federation: exit 0 and the Markdown report', () => {
    const result = run(['status', DESCRIPTION, healthy('red-mesh'), healthy('green-mesh'), healthy('blue-mesh')]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toMatch(/^# Federation status\n\nEverything the plan promised is reported./);
  });

  test('a folder per cluster: its .json files are read together (objects of other namespaces are left out)', () => {
    const folder = join(LIVE, 'healthy');
    const result = run(['status', DESCRIPTION, `red-mesh=${folder}`, `green-mesh=${folder}`, `blue-mesh=${folder}`]);
    expect(result.code).toBe(0);
  });

  test('a broken cluster: exit 1, and --json gives the typed result', () => {
    const broken = `green-mesh=${join(LIVE, 'broken', 'inactive-unreachable', 'green-mesh.json')}`;
    const result = run(['status', DESCRIPTION, healthy('red-mesh'), broken, healthy('blue-mesh'), '--json']);
    expect(result.code).toBe(1);
    const json = JSON.parse(result.out);
    expect(json.ok).toBe(false);
    expect(json.peerings.find((p: any) => p.mesh === 'green-mesh' && p.peer === 'red-mesh')).toMatchObject({ connected: false, since: '2021-10-06T08:14:07Z' });
  });

  test.each([
    [['status'], 2, /no federation description file given/],
    [['status', DESCRIPTION], 2, /no <mesh>=<file> given/],
    [['status', DESCRIPTION, 'red-mesh'], 2, /"red-mesh" is not <mesh>=<file or folder>/],
    [['status', DESCRIPTION, 'red-mesh=a', 'red-mesh=b'], 2, /mesh "red-mesh" is given twice/],
    [['status', DESCRIPTION, '--yaml', 'red-mesh=a'], 2, /unknown option --yaml/],
    [['status', DESCRIPTION, `red-mesh=${join(LIVE, 'nothing.json')}`], 1, /nothing.json \(ENOENT\)/],
    [['status', DESCRIPTION, `red-mesh=${join(LIVE, 'federation.yaml')}`], 1, /federation.yaml: is not JSON/],
    [['status', DESCRIPTION, `yellow-mesh=${join(LIVE, 'healthy', 'red-mesh.json')}`], 1, /mesh 'yellow-mesh' is not a mesh of the federation/],
  ])('case %# exits %d', (args, code, expected) => {
    const result = run(args as string[]);
    expect(result.code).toBe(code);
    expect(result.err).toMatch(expected);
  });

  test('--help', () => {
    expect(run(['status', '--help'])).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: cdk8s-mesh-federation status/) });
    expect(run(['collect', '-h'])).toMatchObject({ code: 0, out: expect.stringMatching(/^Usage: cdk8s-mesh-federation collect/) });
  });
});

describe('cdk8s-mesh-federation collect', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'collect-'));
    const from = join(LIVE, 'collect');
    copyFileSync(join(from, 'federation.yaml'), join(dir, 'federation.yaml'));
    for (const mesh of ['red-mesh', 'green-mesh', 'blue-mesh']) {
      mkdirSync(join(dir, mesh));
      copyFileSync(join(from, `${mesh}-services.json`), join(dir, mesh, 'services.json'));
      copyFileSync(join(from, `${mesh}-root-cert.json`), join(dir, mesh, 'root-cert.json'));
    }
    copyFileSync(join(from, 'blue-mesh-nodes.json'), join(dir, 'blue-mesh', 'nodes.json'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes federation.lock.yaml beside the description, and synth then succeeds', () => {
    const file = join(dir, 'federation.yaml');
    expect(run(['synth', file, '-o', join(dir, 'out')]).code).toBe(1);
    const result = run(['collect', file, ...['red-mesh', 'green-mesh', 'blue-mesh'].map(m => `${m}=${join(dir, m)}`)]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(`Wrote ${join(dir, 'federation.lock.yaml')}: 3 mesh(es), 9 value(s). Run synth again to use them.`);
    expect(readFileSync(join(dir, 'federation.lock.yaml'), 'utf8')).toContain('a9f8e7d6c5b4-0987654321.elb.us-west-2.amazonaws.com');
    expect(run(['synth', file, '-o', join(dir, 'out')])).toMatchObject({ code: 0, err: '' });
  });

  test('a missing services.json is invalid input', () => {
    const result = run(['collect', join(dir, 'federation.yaml'), `red-mesh=${join(dir, 'nowhere')}`]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/services.json \(ENOENT\)/);
  });
});
