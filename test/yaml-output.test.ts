// The YAML emitter against the function it stands in for: cdk8s's Yaml.stringify, byte for byte.
import { mkdtempSync, readdirSync, readFileSync, statSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Yaml, YamlOutputType } from 'cdk8s';
import * as fc from 'fast-check';
import { EXAMPLES } from '../examples/examples';
import { FederationApp } from '../src';
import { writeChartFolders } from '../src/app/folder-writer';
import { YamlEmitter } from '../src/core/yaml-emitter';

const RUNS = Number(process.env.PROPERTY_RUNS ?? 500) * 4;

// Characters that change how YAML writes a string (indicators, quotes, comments, line breaks,
// words and numbers YAML 1.1 reads as other types), and any text at all.
const TRICKY = ['a', 'e', 'E', 'n', 'y', 'o', 'N', 'Y', '0', '1', '9', '.', '-', '_', '/', ':', ' ', '#', '\n', '"', "'", '~', '+', 'x', 't', 'r', 'u', 'f', 'l', 's', '\t', 'é', '<', '|', '>', '*', '&', '!', '%', '@', '`', ',', '[', ']', '{', '}', '?', '\u2028', '\u0007', '\u0000'];
const WORDS = ['yes', 'No', 'ON', 'off', 'null', 'Null', '~', 'e5', 'E-3', '1e5', '0x1f', '0o17', '12:30', '190:20:30', '2001-12-14', '.inf', '-.Inf', '.NaN', '<<', '=', 'y', 'n', '---', '...', '-----BEGIN CERTIFICATE-----\nMII\n-----END CERTIFICATE-----\n', 'a\n\n', '  a\nb', 'a\nb', 'a\n', '\n'];
const text = fc.oneof(fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 6 }), fc.string({ maxLength: 12 }), fc.constantFrom(...WORDS));
const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(-0), fc.constant(2 ** 60));
const documents = fc.letrec(tie => ({
  value: fc.oneof({ depthSize: 'small' }, scalar, tie('map'), tie('seq')),
  map: fc.dictionary(text, tie('value'), { maxKeys: 5 }),
  seq: fc.array(tie('value'), { maxLength: 4 }),
})).map;

describe('YamlEmitter', () => {
  test('writes random documents exactly as Yaml.stringify does', () => {
    // A fresh emitter, and one shared by every run (synth writes all files with one): what it
    // remembers of one document must not change another.
    const shared = new YamlEmitter();
    fc.assert(fc.property(documents, doc => {
      const expected = Yaml.stringify(doc);
      expect(new YamlEmitter().stringify(doc)).toBe(expected);
      expect(shared.stringify(doc)).toBe(expected);
    }), { numRuns: RUNS });
  });

  test('writes every string of up to three characters from the plain-looking alphabet as Yaml.stringify does, as key, value and item', () => {
    const alphabet = [...'aeEnyoNY019.-_/'];
    let strings = [''];
    const all: string[] = [];
    for (let length = 1; length <= 3; length++) {
      strings = strings.flatMap(s => alphabet.map(c => s + c));
      all.push(...strings);
    }
    const emitter = new YamlEmitter();
    const differ = all.filter(s => {
      const doc = { [s]: s, nested: { [s]: [s, { [s]: s }] } };
      return emitter.stringify(doc) !== Yaml.stringify(doc);
    });
    expect(all.length).toBe(15 + 15 ** 2 + 15 ** 3);
    expect(differ).toEqual([]);
  });

  test('quotes what YAML 1.1 would read as another type, and keeps Kubernetes names plain', () => {
    const out = new YamlEmitter().stringify({ metadata: { name: 'red-mesh', labels: { 'app.kubernetes.io/name': 'x' } }, data: { on: 'yes', n: 'e5', port: 15443, ratio: 0.5, enabled: true, none: null } });
    expect(out).toBe([
      'metadata:',
      '  name: red-mesh',
      '  labels:',
      '    app.kubernetes.io/name: x',
      'data:',
      '  "on": "yes"',
      '  "n": "e5"',
      '  port: 15443',
      '  ratio: 0.5',
      '  enabled: true',
      '  none: null',
      '',
    ].join('\n'));
  });

  test('never mixes up a string and a number that print alike (each kind of scalar is remembered apart)', () => {
    for (const doc of [{ b: '\u00001.5', a: 1.5 }, { a: 1.5, b: '\u00001.5' }, { a: 1e21, b: '1e+21', c: '\u00001e+21' }, { a: -0, b: '-0', c: 0 }, { a: 'x\ny', b: ['x\ny'], c: { d: 'x\ny' } }]) {
      const emitter = new YamlEmitter();
      expect(emitter.stringify(doc)).toBe(Yaml.stringify(doc));
      expect(emitter.stringify(doc)).toBe(Yaml.stringify(doc));
    }
  });

  test('hands documents it does not write (class instances, holes, undefined, top-level lists) to Yaml.stringify', () => {
    class Box { constructor(public readonly v = 1) {} }
    // eslint-disable-next-line no-sparse-arrays
    for (const doc of [{ a: new Box() }, { a: [1, , 3] }, { a: undefined }, [1, 2], {}, 'text', { a: { b: undefined } }]) {
      expect(new YamlEmitter().stringify(doc)).toBe(Yaml.stringify(doc));
    }
  });
});

/** Every file under `dir`, by relative path, with its content. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (statSync(join(dir, f)).isFile()) files[f] = readFileSync(join(dir, f), 'utf8');
  }
  return files;
}

describe('writeChartFolders', () => {
  const work = mkdtempSync(join(tmpdir(), 'folder-writer-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test.each(EXAMPLES.filter(e => e.build).map(e => [e.name, e] as const))('writes the %s example exactly as cdk8s App.synth() does', (name, example) => {
    const mine = join(work, `${name}-mine`);
    const theirs = join(work, `${name}-cdk8s`);
    const app = new FederationApp({ ...example.props, outdir: theirs, printSummary: false, printWarnings: false });
    example.build!(app);
    expect(writeChartFolders(app, mine)).toBe(true);
    App.prototype.synth.call(app);
    const written = tree(mine);
    expect(Object.keys(written).length).toBeGreaterThan(5);
    expect(written).toEqual(tree(theirs));
  });

  /** An app with one chart and two objects, changed by `edit` first. */
  function smallApp(edit: (app: App, chart: Chart, a: ApiObject, b: ApiObject) => void, props: object = {}): App {
    const a = new App({ outdir: join(work, 'unused'), yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, ...props });
    const chart = new Chart(a, 'one');
    const x = new ApiObject(chart, 'x', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } });
    const y = new ApiObject(chart, 'y', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y' } });
    edit(a, chart, x, y);
    return a;
  }

  test.each([
    ['a dependency between objects', (_a: App, _c: Chart, x: ApiObject, y: ApiObject) => x.addDependency(y)],
    ['a chart inside a chart', (_a: App, c: Chart) => new Chart(c, 'inner')],
    ['two objects written to one file', (_a: App, c: Chart) => new ApiObject(c, 'x2', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } })],
  ])('leaves %s to cdk8s, writing nothing', (_what, edit) => {
    const out = join(work, `none-${_what.replace(/ /g, '-')}`);
    expect(writeChartFolders(smallApp(edit), out)).toBe(false);
    expect(() => statSync(out)).toThrow(/ENOENT/);
  });

  test('leaves other output types and recorded construct metadata to cdk8s', () => {
    expect(writeChartFolders(smallApp(() => undefined, { yamlOutputType: YamlOutputType.FILE_PER_CHART }), join(work, 'per-chart'))).toBe(false);
    expect(writeChartFolders(smallApp(() => undefined, { recordConstructMetadata: true }), join(work, 'metadata'))).toBe(false);
  });

  test('fails validation with cdk8s\'s own message, before writing anything', () => {
    const out = join(work, 'invalid');
    const invalid = smallApp((_a, _c, x) => x.node.addValidation({ validate: () => ['bad thing'] }));
    expect(() => writeChartFolders(invalid, out)).toThrow('Validation failed with the following errors:\n  [one/x] bad thing');
    expect(() => statSync(out)).toThrow(/ENOENT/);
    expect(() => invalid.synth()).toThrow('Validation failed with the following errors:\n  [one/x] bad thing');
  });
});
