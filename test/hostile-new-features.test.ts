// Hostile review of the new features: root rotation, cert-manager CA issuance, cross-network
// exposure, certificate expiry warnings and the YAML output writer. Each probe asserts the
// library's promise: bad input is a FederationError naming the field, the value and a Fix.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Duration, JsonPatch, Testing, Yaml, YamlOutputType } from 'cdk8s';
import {
  FederatedMesh, FederationApp, LoadBalancerScheme, MeshCertificateAuthority, MultiNetworkMesh, Platform,
  RootRotation, RootRotationApp, RootRotationPhase, RootRotationStep,
} from '../src';
import { rootCert } from './support/certs';
import { federationError, runCli } from './support/run';
import { writeChartFolders } from '../src/app/folder-writer';
import { YamlEmitter } from '../src/core/yaml-emitter';

const WORK = mkdtempSync(join(tmpdir(), 'hostile-review-'));
afterAll(() => rmSync(WORK, { recursive: true, force: true }));
const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });
const RED = rootCert('red-mesh');
const GREEN = rootCert('green-mesh');

function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (statSync(join(dir, f)).isFile()) files[f] = readFileSync(join(dir, f), 'utf8');
  }
  return files;
}

let n = 0;
/** Writes one object holding `data` with the library's writer and with cdk8s; both trees. */
function bothWays(data: any): { mine: Record<string, string>; theirs: Record<string, string> } {
  n++;
  const theirsDir = join(WORK, `theirs-${n}`);
  const mineDir = join(WORK, `mine-${n}`);
  const app = new App({ outdir: theirsDir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const chart = new Chart(app, 'one');
  new ApiObject(chart, 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data });
  expect(writeChartFolders(app, mineDir)).toBe(true);
  App.prototype.synth.call(app);
  return { mine: tree(mineDir), theirs: tree(theirsDir) };
}

describe('5. YamlEmitter / folder writer: byte-identical to Yaml.stringify', () => {
  // The emitter's scalar cache keys numbers as '\u0000<number>' and strings as themselves: a
  // string starting with NUL collides with the number written first.
  test('a string "\\u0000" + "1.5" after the number 1.5 is written as the string, not as 1.5', () => {
    const doc = { a: 1.5, b: '\u00001.5' };
    expect(new YamlEmitter().stringify(doc)).toBe(Yaml.stringify(doc));
  });

  test('the same collision through writeChartFolders: an ApiObject value silently changes type', () => {
    const { mine, theirs } = bothWays({ ratio: 1e21 as any, note: '\u00001e+21' });
    expect(mine).toEqual(theirs);
  });

  test('the other order (string first, then number): the number 1.5 is written as the string "\\01.5"', () => {
    const doc = { b: '\u00001.5', a: 1.5 };
    expect(new YamlEmitter().stringify(doc)).toBe(Yaml.stringify(doc));
  });

  const ODD: Array<[string, any]> = [
    ['YAML-special strings', { a: '- x', b: ': y', c: '#c', d: '&a', e: '*a', f: '!t', g: '%x', h: '@x', i: '`x', j: '{}', k: '[]', l: '? q', m: '|', n: '>' }],
    ['YAML 1.1 words', { a: 'Yes', b: 'NO', c: 'True', d: 'oFF', e: 'y', f: 'N', g: 'Null', h: '~', i: 'NaN', j: 'Infinity', k: '.inf', l: '-.Inf', m: '.NaN', n: 'e1.5', o: 'E-1', p: 'e_1', q: 'yes.', r: 'a:b', s: 'a: b', t: 'a #b', u: '0o17', v: '0x1F', w: '1_000', x: '12:30:00', y: '2024-01-01', z: 'a\tb' }],
    ['unicode line and paragraph separators, NEL, BOM, lone surrogates', { a: 'a\u2028b', b: 'a\u2029b', c: 'a\u0085b', d: '\ufeffx', e: 'x\ud800', f: '\u0000', g: '\u001b[31m' }],
    ['special keys', { '<<': 'merge', '---': 'doc', '...': 'end', '': 'empty', ' ': 's', '?': 'q', '-': 'd', 'a\nb': 'nl', '\u2028': 'ls', 'yes': 1, 'null': 2, '~': 3, '1': 4, '-1': 5, '1.0': 6, '0x1': 7 }],
    ['nested special keys', { n: { '<<': { '---': ['...', { '<<': '---' }] } } }],
    ['odd numbers', { a: 1e21, b: -0, c: NaN, d: Infinity, e: -Infinity, f: 2 ** 53, g: -(2 ** 53), h: 5e-324, i: 1e-7, j: 0.1 + 0.2, k: 123456789012345680000 }],
    ['nested empties', { a: [], b: {}, c: [[]], d: [{}], e: [[[]], [{}]], f: { g: { h: [] } }, i: [[], {}, null] }],
    ['multi-line strings at depth', { a: { b: { c: '  x\ny', d: 'x\n\n', e: '\nlead', f: 'trail \nx', g: 'x\r\ny', h: 'tab\n\tx' } }, s: [{ k: 'a\nb' }, [{ k: '  a\nb\n' }]] }],
    ['multi-line string items', { a: ['x\ny', 'z'] }],
    ['very long strings', { a: 'a'.repeat(200_000), b: `${'word '.repeat(50_000)}end`, c: `x${'\n'.repeat(1000)}`, d: 'é'.repeat(10_000) }],
    ['frozen objects', { b: Object.freeze({ k: Object.freeze(['v', Object.freeze({})]) }) }],
    ['long list', { a: Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? i : i % 3 === 1 ? `s${i}` : { i })) }],
  ];
  test.each(ODD)('%s: the written files equal cdk8s\'s', (_what, data) => {
    const { mine, theirs } = bothWays(data);
    expect(Object.keys(mine)).toEqual(Object.keys(theirs));
    expect(mine).toEqual(theirs);
  });

  // cdk8s's own toJson() refuses these before any writer runs: both must fail alike.
  test.each<[string, any]>([
    ['a Date', { d: new Date(0) }],
    ['a class instance', { c: new (class Box { public v = 1; })() }],
    ['a null-prototype object', { a: Object.assign(Object.create(null), { k: 'v' }) }],
    ['__proto__ as an own key', JSON.parse('{"__proto__": {"polluted": "yes"}}')],
    ['constructor and toString keys', { constructor: 'c', toString: 't' }],
  ])('%s: both writers fail alike, nothing written', (_what, data) => {
    const app = new App({ outdir: join(WORK, `fail-theirs-${++n}`), yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    new ApiObject(new Chart(app, 'one'), 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data });
    const mine = (() => { try { writeChartFolders(app, join(WORK, `fail-mine-${n}`)); return 'ok'; } catch (e) { return (e as Error).message; } })();
    const theirs = (() => { try { App.prototype.synth.call(app); return 'ok'; } catch (e) { return (e as Error).message; } })();
    expect(mine).toBe(theirs);
    expect(({} as any).polluted).toBeUndefined();
  });

  test('a Proxy object is written as cdk8s writes it', () => {
    const target = { a: 'x', b: [1, 'yes'] };
    const { mine, theirs } = bothWays(new Proxy(target, {}));
    expect(mine).toEqual(theirs);
  });

  test('a getter that throws fails both writers alike (no partial output folder)', () => {
    const data = Object.defineProperty({}, 'boom', { enumerable: true, get: () => { throw new Error('getter boom'); } });
    const app = new App({ outdir: join(WORK, 'boom-theirs'), yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    new ApiObject(new Chart(app, 'one'), 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data });
    expect(() => writeChartFolders(app, join(WORK, 'boom-mine'))).toThrow();
    expect(() => app.synth()).toThrow();
  });

  test('addJsonPatch with odd values writes what cdk8s writes', () => {
    n++;
    const app = new App({ outdir: join(WORK, `patch-theirs-${n}`), yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    const o = new ApiObject(new Chart(app, 'one'), 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    o.addJsonPatch(JsonPatch.add('/data', { '<<': '\u2028', 'n': -0, 'e': [[], {}], 'z': '\u0000-0' }));
    expect(writeChartFolders(app, join(WORK, `patch-mine-${n}`))).toBe(true);
    App.prototype.synth.call(app);
    expect(tree(join(WORK, `patch-mine-${n}`))).toEqual(tree(join(WORK, `patch-theirs-${n}`)));
  });

  test('FederationApp.synth() output of a federation plus an odd user object equals cdk8s', () => {
    const mineDir = join(WORK, 'fed-mine');
    const theirs = join(WORK, 'fed-theirs');
    const app = new FederationApp({ outdir: theirs, printSummary: false, printWarnings: false });
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('red-mesh', { platform: gcp(), rootCertificate: RED, dnsDomain: 'apps.red.example.com' });
    federation.addMesh('green-mesh', { platform: gcp(), rootCertificate: GREEN, dnsDomain: 'apps.green.example.com' });
    const chart = app.node.findAll().find(c => c instanceof Chart) as Chart;
    new ApiObject(chart, 'odd', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'odd' }, data: { a: 1e21, b: '\u00001e+21', c: '<<' } });
    expect(writeChartFolders(app, mineDir)).toBe(true);
    App.prototype.synth.call(app);
    const m = tree(mineDir);
    const t = tree(theirs);
    const odd = Object.keys(t).find(k => k.includes('ConfigMap.odd'))!;
    expect(odd).toBeDefined();
    // Only b collides if a was written first in this synth: checked by the failing probes above.
    expect(m[odd].split('\n')[0]).toBe(t[odd].split('\n')[0]);
  });
});

describe('1. Root rotation', () => {
  test.each<[string, () => unknown]>([
    ['props null', () => new RootRotation(null as any)],
    ['nextRootCertificates a string', () => new RootRotation({ nextRootCertificates: RED as any })],
    ['nextRootCertificates with a number value', () => new RootRotation({ nextRootCertificates: { 'red-mesh': 5 as any } })],
    ['nextRootCertificates key __proto__', () => new RootRotation({ nextRootCertificates: JSON.parse(`{"__proto__": ${JSON.stringify(RED)}}`) })],
    ['nextRootCertificates key of 200 chars', () => new RootRotation({ nextRootCertificates: { ['a'.repeat(200)]: RED } })],
    ['next root a 10 MB string', () => new RootRotation({ nextRootCertificates: { 'red-mesh': 'x'.repeat(10_000_000) } })],
    ['next root a private key', () => new RootRotation({ nextRootCertificates: { 'red-mesh': '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n' } })],
    ['steps a frozen empty list', () => new RootRotation({ nextRootCertificates: { 'red-mesh': RED }, steps: Object.freeze([]) as any })],
    ['steps with null', () => new RootRotation({ nextRootCertificates: { 'red-mesh': RED }, steps: [null as any] })],
    ['steps a sparse huge list', () => new RootRotation({ nextRootCertificates: { 'red-mesh': RED }, steps: new Array(2 ** 32 - 1) })],
    ['typo prop', () => new RootRotation({ nextRootCertificates: { 'red-mesh': RED }, step: [] } as any)],
    ['phase mesh undefined', () => RootRotationPhase.trustNext(undefined as any)],
    ['phase mesh a Proxy', () => RootRotationPhase.trustNext(new Proxy({}, {}) as any)],
    ['phase mesh with a newline', () => RootRotationPhase.trustNext('red-mesh\n')],
    ['step phases holding a plain object', () => RootRotationStep.of([{ mesh: 'red-mesh', kind: 'trust-next' } as any])],
    ['step name ../x', () => RootRotationStep.of([RootRotationPhase.trustNext('red-mesh')], '../x')],
    ['step name NaN', () => RootRotationStep.of([RootRotationPhase.trustNext('red-mesh')], NaN as any)],
    ['stage(NaN)', () => new RootRotation({ nextRootCertificates: { 'red-mesh': RED } }).stage(NaN)],
    ['stage("1")', () => new RootRotation({ nextRootCertificates: { 'red-mesh': RED } }).stage('1' as any)],
    ['stepOf of a non-rotating mesh', () => new RootRotation({ nextRootCertificates: { 'red-mesh': RED } }).stepOf('green-mesh', 'switch' as any)],
  ])('%s is a FederationError', (_what, run) => {
    const e = federationError(run);
    expect(e.message).toMatch(/Fix: /);
  });

  test('the next root equal to the current root is a FederationError at synth', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': RED } });
    const app = Testing.app();
    const f = new FederatedMesh(app, 'federation', { rootRotation: rotation.stage(1) });
    f.addMesh('red-mesh', { platform: gcp(), rootCertificate: RED, dnsDomain: 'a.red.example.com' });
    f.addMesh('green-mesh', { platform: gcp(), rootCertificate: GREEN, dnsDomain: 'a.green.example.com' });
    const e = federationError(() => app.synth());
    expect(e.message).toMatch(/red-mesh/);
  });

  // A phase mutated into a step's public (mutable) phases list after RootRotationStep.of():
  // rotationOrderProblems calls phase._call() on it and throws a TypeError.
  test('a plain object pushed into step.phases after RootRotationStep.of() is a FederationError, not a TypeError', () => {
    const step = RootRotationStep.of([RootRotationPhase.trustNext('red-mesh')]);
    step.phases.push({ mesh: 'blue-mesh', kind: 'switch' } as any);
    federationError(() => new RootRotation({ nextRootCertificates: { 'red-mesh': RED }, steps: [step, RootRotationStep.of([RootRotationPhase.switchRoot('red-mesh')]), RootRotationStep.of([RootRotationPhase.dropPrevious('red-mesh')])] }));
  });

  // A RootRotationStep made without RootRotationStep.of() passes the instanceof check: its name
  // (unchecked) becomes a folder name, '../..' included.
  test('a forged RootRotationStep with name "../../escape" is refused, not used as a folder name', () => {
    const forged = Object.assign(Object.create(RootRotationStep.prototype), { phases: [RootRotationPhase.trustNext('red-mesh')], name: '../../escape' });
    federationError(() => new RootRotation({
      nextRootCertificates: { 'red-mesh': RED },
      steps: [forged, RootRotationStep.of([RootRotationPhase.switchRoot('red-mesh')]), RootRotationStep.of([RootRotationPhase.dropPrevious('red-mesh')])],
    }));
  });

  // rotation.steps is a public, mutable copy, but stage() bounds-checks against its length while
  // the stages were made at construction: stage(4) then returns undefined instead of failing.
  test('stage() after rotation.steps.push() is a FederationError, not undefined', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': RED } });
    rotation.steps.push(rotation.steps[0]);
    const stage = (() => { try { return rotation.stage(4); } catch (e) { return e; } })();
    expect((stage as any)?.name).toBe('FederationError');
  });

  test('RootRotationApp with a builder whose buildStep throws a TypeError does not leave a half-written folder', () => {
    const outdir = join(WORK, 'rot-throw');
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': RED } });
    const app = new RootRotationApp({ outdir, rotation, printSummary: false, printWarnings: false, builder: { buildStep: () => { throw new TypeError('user bug'); } } });
    expect(() => app.synth()).toThrow('user bug');
    expect(() => statSync(outdir)).toThrow(/ENOENT/);
  });

  test.each<[string, any]>([
    ['builder null', null],
    ['builder a function', () => undefined],
    ['builder with buildStep a string', { buildStep: 'x' }],
  ])('RootRotationApp %s is a FederationError', (_what, builder) => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': RED } });
    federationError(() => new RootRotationApp({ outdir: join(WORK, 'rot-b'), rotation, builder }));
  });

  test('RootRotationApp with a builder that builds two rotating federations is a FederationError', () => {
    const rotation = new RootRotation({ nextRootCertificates: { 'red-mesh': RED } });
    const app = new RootRotationApp({
      outdir: join(WORK, 'rot-two'),
      rotation,
      printSummary: false,
      printWarnings: false,
      builder: { buildStep: (a, stage) => { new FederatedMesh(a, 'one', { rootRotation: stage }); new FederatedMesh(a, 'two', { rootRotation: stage }); } },
    });
    federationError(() => app.synth());
  });

  describe('rotate command', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-rotate-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const desc = join(dir, 'federation.yaml');
    writeFileSync(join(dir, 'red.pem'), RED);
    writeFileSync(join(dir, 'green.pem'), GREEN);
    writeFileSync(desc, [
      'meshes:',
      '  - name: red-mesh', '    platform: { type: gcp, scheme: internet-facing }', '    rootCertificateFile: red.pem', '    dnsDomain: apps.red.example.com',
      '  - name: green-mesh', '    platform: { type: gcp, scheme: internet-facing }', '    rootCertificateFile: green.pem', '    dnsDomain: apps.green.example.com',
      '',
    ].join('\n'));

    test.each<[string, string[], number]>([
      ['--next without =', ['--next', 'red-mesh'], 2],
      ['--next with empty mesh', ['--next', '=x.pem'], 2],
      ['--next __proto__', ['--next', `__proto__=${join(dir, 'green.pem')}`], 1],
      ['--next constructor', ['--next', `constructor=${join(dir, 'green.pem')}`], 1],
      ['--next to a directory', ['--next', `red-mesh=${dir}`], 1],
      ['--next to /dev/zero', ['--next', 'red-mesh=/dev/zero'], 1],
      ['--next mesh not in the description', ['--next', `blue-mesh=${join(dir, 'green.pem')}`], 1],
      ['--step __proto__:red-mesh', ['--next', `red-mesh=${join(dir, 'green.pem')}`, '--step', '__proto__:red-mesh'], 2],
      ['--step toString:red-mesh', ['--next', `red-mesh=${join(dir, 'green.pem')}`, '--step', 'toString:red-mesh'], 2],
      ['--step with an empty entry', ['--next', `red-mesh=${join(dir, 'green.pem')}`, '--step', 'trust-next:red-mesh,'], 2],
      ['--step with a bad mesh name', ['--next', `red-mesh=${join(dir, 'green.pem')}`, '--step', 'trust-next:Red Mesh'], 1],
      ['--step in the wrong order', ['--next', `red-mesh=${join(dir, 'green.pem')}`, '--step', 'switch:red-mesh', '--step', 'trust-next:red-mesh', '--step', 'drop-previous:red-mesh'], 1],
      ['next root equal to current', ['--next', `red-mesh=${join(dir, 'red.pem')}`], 1],
    ])('%s: exits with its code, a Fix, no stack trace', (_what, args, code) => {
      const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
      const r = runCli('rotate', desc, ...args, '-o', out);
      expect(r.err).not.toMatch(/\n\s+at |TypeError|Cannot read/);
      expect(r.code).toBe(code);
      if (code === 1) expect(r.err).toMatch(/Fix: /);
      expect(() => statSync(out)).toThrow(/ENOENT/);
    });

    test('a valid rotation writes three steps', () => {
      const out = join(dir, 'ok');
      const r = runCli('rotate', desc, '--next', `red-mesh=${join(dir, 'green.pem')}`, '-o', out);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['.cdk8s-mesh-federation-owned', '1-trust-next', '2-switch', '3-drop-previous', 'federation-root-rotation.md']);
    });
  });
});

describe('2. cert-manager CA issuance', () => {
  test.each<[string, any]>([
    ['null options', null],
    ['a string', 'cert-manager'],
    ['duration NaN', { duration: NaN }],
    ['duration with days', { duration: '365d' }],
    ['duration negative', { duration: '-1h' }],
    ['duration 0', { duration: '0h' }],
    ['duration with spaces', { duration: '1h 30m' }],
    ['duration huge', { duration: '99999999999999999999h' }],
    ['duration 65 characters', { duration: `${'0'.repeat(63)}1h` }],
    ['renewBefore equal to duration', { duration: '2h', renewBefore: '120m' }],
    ['renewBefore 1s', { renewBefore: '1s' }],
    ['privateKeySize 2048 with ECDSA', { privateKeySize: 2048 }],
    ['privateKeySize NaN', { privateKeySize: NaN }],
    ['privateKeySize "256"', { privateKeySize: '256' }],
    ['privateKeyAlgorithm ed25519', { privateKeyAlgorithm: 'Ed25519' }],
    ['privateKeyAlgorithm __proto__', { privateKeyAlgorithm: '__proto__' }],
    ['issuer a string', { issuer: 'vault' }],
    ['issuer without name', { issuer: {} }],
    ['issuer name upper case', { issuer: { name: 'Vault' }, rootCertificate: RED }],
    ['issuer kind Foo', { issuer: { name: 'vault', kind: 'Foo' }, rootCertificate: RED }],
    ['issuer without rootCertificate', { issuer: { name: 'vault' } }],
    ['issuer with a private key as rootCertificate', { issuer: { name: 'vault' }, rootCertificate: '-----BEGIN PRIVATE KEY-----\nAA\n-----END PRIVATE KEY-----\n' }],
    ['rootCertificate without issuer', { rootCertificate: RED }],
    ['rootSecretName with a slash', { rootSecretName: 'a/b' }],
    ['certManagerNamespace too long', { certManagerNamespace: 'a'.repeat(64) }],
    ['certManagerNamespace a Proxy', { certManagerNamespace: new Proxy({}, {}) }],
  ])('certManager(%s) is a FederationError', (_what, options) => {
    const e = federationError(() => MeshCertificateAuthority.certManager(options));
    expect(e.message).toMatch(/certManager\(\).*Fix: /s);
  });

  // Go's time.ParseDuration refuses anything above 2^63-1 ns; the check compares doubles, so
  // 2^63 ns (and a little more) pass and cert-manager refuses the Certificate on the cluster.
  test('duration "9223372036854775808ns" (2^63 ns, one more than Go takes) is refused', () => {
    federationError(() => MeshCertificateAuthority.certManager({ duration: '9223372036854775808ns', renewBefore: '720h' }));
  });

  // Unknown option names are silently ignored: a misspelt renewBefore gives the default 720h.
  test('a misspelt option (renewbefore) is a FederationError, not silently ignored', () => {
    federationError(() => MeshCertificateAuthority.certManager({ duration: '8760h', renewbefore: '10m' } as any));
  });

  test('a misspelt issuer field (Kind) is a FederationError, not silently ignored', () => {
    federationError(() => MeshCertificateAuthority.certManager({ issuer: { name: 'vault', Kind: 'Issuer' } as any, rootCertificate: RED }));
  });

  // A throwing getter's own Error escapes (not a FederationError naming the field).
  test('a getter that throws in options is a FederationError', () => {
    const options = Object.defineProperty({}, 'duration', { enumerable: true, get: () => { throw new Error('getter boom'); } });
    federationError(() => MeshCertificateAuthority.certManager(options as any));
  });

  test('a frozen options object works', () => {
    const ca = MeshCertificateAuthority.certManager(Object.freeze({ duration: '2h', renewBefore: '30m' }));
    expect(ca.kind).toBe('cert-manager');
  });

  test('a cluster name making the common name longer than 64 is a FederationError at synth', () => {
    const app = Testing.app();
    const m = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1', certificateAuthority: MeshCertificateAuthority.certManager() });
    m.addCluster('cluster1', { platform: gcp(), network: 'network1', clusterName: 'c'.repeat(60) });
    m.addCluster('cluster2', { platform: gcp(), network: 'network2' });
    federationError(() => app.synth());
  });

  test('certificateAuthority given as a plain object is a FederationError', () => {
    federationError(() => new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: 'mesh1', certificateAuthority: { kind: 'cert-manager' } as any }));
  });
});

describe('3. Cross-network exposure', () => {
  const cluster = (hosts: any) => () => {
    const m = new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: 'mesh1' });
    m.addCluster('cluster1', { platform: gcp(), network: 'network1', crossNetworkHosts: hosts });
    return m;
  };
  test.each<[string, any]>([
    ['a string', '*.local'],
    ['null', null],
    ['empty', []],
    ['with null', [null]],
    ['with a number', [1]],
    ['with a Proxy', [new Proxy({}, {})]],
    ['bare *', ['*']],
    ['namespace prefix', ['bookinfo/*.local']],
    ['partial wildcard', ['rat*.bookinfo.svc.cluster.local']],
    ['short name', ['ratings']],
    ['upper case', ['Ratings.bookinfo.svc.cluster.local']],
    ['trailing dot', ['ratings.bookinfo.svc.cluster.local.']],
    ['twice', ['a.b.local', 'a.b.local']],
    ['a 300-character host', [`${'a.'.repeat(150)}local`]],
    ['a unicode line separator', ['a.b\u2028.local']],
    ['a sparse list', new Array(5)],
    ['a huge sparse list', new Array(2 ** 32 - 1)],
    ['__proto__', ['__proto__']],
    ['*.*.local', ['*.*.local']],
  ])('crossNetworkHosts %s is a FederationError', (_what, hosts) => {
    const e = federationError(cluster(hosts));
    expect(e.message).toMatch(/crossNetworkHosts.*Fix: /s);
  });

  test('the hosts list is copied: pushing a bad host afterwards changes nothing', () => {
    const hosts = ['ratings.bookinfo.svc.cluster.local'];
    const app = Testing.app();
    const m = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    m.addCluster('cluster1', { platform: gcp(), network: 'network1', crossNetworkHosts: hosts });
    m.addCluster('cluster2', { platform: gcp(), network: 'network2' });
    hosts.push('*');
    expect(m.findCluster('cluster1')!.crossNetworkHosts).toEqual(['ratings.bookinfo.svc.cluster.local']);
    m.findCluster('cluster1')!.crossNetworkHosts.push('*');
    expect(m.findCluster('cluster1')!.crossNetworkHosts).toEqual(['ratings.bookinfo.svc.cluster.local']);
    const out = JSON.stringify(Testing.synth(app.node.findAll().find(c => c instanceof Chart) as Chart));
    expect(out).not.toMatch(/"\*"/);
  });

  test('fromFederation with an exposure that is not a CrossNetworkExposure is a FederationError', () => {
    const app = Testing.app();
    const f = new FederatedMesh(app, 'federation');
    f.addMesh('red-mesh', { platform: gcp(), rootCertificate: RED, dnsDomain: 'a.red.example.com' });
    f.addMesh('green-mesh', { platform: gcp(), rootCertificate: GREEN, dnsDomain: 'a.green.example.com' });
    for (const exposure of ['all-services', { kind: 'all-services' }, null]) {
      const e = federationError(() => MultiNetworkMesh.fromFederation(Testing.app(), 'mn', f, { crossNetworkExposure: exposure } as any));
      expect(e.message).toMatch(/Fix: /);
    }
  });
});

describe('4. Certificate expiry warning', () => {
  const fed = (w: any) => () => new FederatedMesh(Testing.app(), 'federation', { certificateExpiryWarning: w });
  test.each<[string, any]>([
    ['a number', 30],
    ['a string', '30d'],
    ['null', null],
    ['a Duration-like object', { toMilliseconds: () => 1000 }],
    ['Duration.days(NaN)', (() => { try { return Duration.days(NaN); } catch { return 'unmakeable'; } })()],
    ['a Duration of -1 ms', Object.assign(Object.create(Duration.prototype), { toMilliseconds: () => -1 })],
    ['Duration.days(Infinity)', (() => { try { return Duration.days(Infinity); } catch { return 'unmakeable'; } })()],
    ['Duration.days(3651)', Duration.days(3651)],
    ['a Duration whose toMilliseconds throws', Object.assign(Object.create(Duration.prototype), { toMilliseconds: () => { throw new Error('boom'); } })],
    ['a Duration whose toMilliseconds returns a string', Object.assign(Object.create(Duration.prototype), { toMilliseconds: () => '1000' })],
  ])('certificateExpiryWarning %s is a FederationError', (_what, w) => {
    const e = federationError(fed(w));
    expect(e.message).toMatch(/certificateExpiryWarning.*Fix: /s);
  });

  test('Duration.days(-0) and Duration.millis(0.5) are accepted', () => {
    expect(fed(Duration.days(-0))()).toBeInstanceOf(FederatedMesh);
    expect(fed(Duration.millis(0.5))()).toBeInstanceOf(FederatedMesh);
  });

  // The window is checked once, then read again at synth (toMilliseconds() called again): a
  // Duration (subclass) that answers differently the second time is used unchecked.
  test('a Duration that is valid once and NaN afterwards is read once, and synth uses what was checked', () => {
    let calls = 0;
    const d = Object.assign(Object.create(Duration.prototype), { toMilliseconds: () => (calls++ === 0 ? 1000 : NaN), toHumanString: () => '1 second' });
    const app = new FederationApp({ outdir: join(WORK, 'exp-nan'), printSummary: false, printWarnings: false });
    const f = new FederatedMesh(app, 'federation', { certificateExpiryWarning: d });
    f.addMesh('red-mesh', { platform: gcp(), rootCertificate: RED, dnsDomain: 'a.red.example.com' });
    f.addMesh('green-mesh', { platform: gcp(), rootCertificate: GREEN, dnsDomain: 'a.green.example.com' });
    app.synth();
    expect(f.warnings()).toEqual([]);
    expect(readFileSync(join(WORK, 'exp-nan', 'federation-manual-steps.md'), 'utf8')).toContain('1 second');
    expect(calls).toBe(1);
  });

  test('a Duration that is NaN when read is refused as it is declared, leaving nothing behind', () => {
    const d = Object.assign(Object.create(Duration.prototype), { toMilliseconds: () => NaN, toHumanString: () => '?' });
    const app = new FederationApp({ outdir: join(WORK, 'exp-nan-2'), printSummary: false, printWarnings: false });
    const e = federationError(() => new FederatedMesh(app, 'federation', { certificateExpiryWarning: d }));
    expect(e.message).toMatch(/^federation 'federation': certificateExpiryWarning is NaN ms, not a length of time\. Fix: /);
    expect(app.node.tryFindChild('federation')).toBeUndefined();
  });

  describe('in a description', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-expiry-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'red.pem'), RED);
    writeFileSync(join(dir, 'green.pem'), GREEN);
    const describeWith = (w: string) => {
      const file = join(dir, `f-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(file, [
        `certificateExpiryWarning: ${w}`,
        'meshes:',
        '  - name: red-mesh', '    platform: { type: gcp, scheme: internet-facing }', '    rootCertificateFile: red.pem', '    dnsDomain: apps.red.example.com',
        '  - name: green-mesh', '    platform: { type: gcp, scheme: internet-facing }', '    rootCertificateFile: green.pem', '    dnsDomain: apps.green.example.com',
        '',
      ].join('\n'));
      return file;
    };
    test.each([
      '30', '"30"', '-1d', '30 d', '30D', '1e3d', '0x10d', '3651d', '99999999999999999999999d', `${'9'.repeat(400)}d`, 'null', '[30d]', '{a: 1}', '30d\u2028', '.inf', '30h', '30.5d',
    ])('certificateExpiryWarning: %s is refused with a Fix (exit 1, no stack trace)', w => {
      const r = runCli('validate', describeWith(w));
      expect(r.err).not.toMatch(/\n\s+at |TypeError|Cannot read/);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/certificateExpiryWarning/);
      expect(r.err).toMatch(/Fix: /);
    });

    test.each(['0d', '30d', '3650d', '0030d', '"\\u00330d"'])('certificateExpiryWarning: %s is accepted', w => {
      const r = runCli('validate', describeWith(w));
      expect(r.err).not.toMatch(/\n\s+at |TypeError|Cannot read/);
      expect(r.code).toBe(0);
    });
  });
});
