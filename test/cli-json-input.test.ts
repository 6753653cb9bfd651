// JSON descriptions take a fast path (JSON.parse; lines and columns looked up only for a problem)
// that must read every description as the YAML parser does, and report problems at the same places.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { parse } from 'yaml';
import { runCli } from './support/run';
import { loadSpec } from '../src/app/description';
import { STARTER_DESCRIPTION } from '../src/app/init';
import { parseDescription, parseText } from '../src/app/yaml-source';

const OUT = mkdtempSync(join(tmpdir(), 'cli-json-'));
const STARTER = parse(STARTER_DESCRIPTION);

function file(text: string, name = 'federation.json'): string {
  const path = join(mkdtempSync(join(OUT, 'case-')), name);
  writeFileSync(path, text);
  return path;
}

const run = runCli;

describe('JSON descriptions', () => {
  test('read as the same data as YAML, and valid', () => {
    const text = JSON.stringify(STARTER, undefined, 2);
    const parsed = parseDescription('f.json', text);
    expect('data' in parsed && parsed.data).toEqual(STARTER);
    const path = file(text);
    expect(run('validate', path)).toEqual({ code: 0, out: `${path}: valid (2 meshes, 1 peerings)\n`, err: '' });
  });

  test('a problem points at the line and column of the JSON text, as the YAML parser finds them', () => {
    const spec = JSON.parse(JSON.stringify(STARTER));
    spec.meshes[1].trustDomian = 'west.local';
    const text = JSON.stringify(spec, undefined, 2);
    const line = text.split('\n').findIndex(l => l.includes('"trustDomian"')) + 1;
    const result = run('validate', file(text));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(new RegExp(`federation\\.json:${line}:7: meshes\\[1\\]\\.trustDomian is not a field of meshes\\[1\\]\\. Fix: rename it to trustDomain`));
    // The same place as the YAML parser gives it.
    const located = parseText('f.json', text);
    expect('locator' in located && located.locator.pos(['meshes', 1], 'trustDomian')).toEqual({ line, col: 7 });
  });

  test('a library problem found at plan points at the JSON node too', () => {
    const spec = JSON.parse(JSON.stringify(STARTER));
    spec.meshes[1].imports[0].rules[0].nameSelector.name = 'ratingz';
    const text = JSON.stringify(spec, undefined, 2);
    const line = text.split('\n').findIndex(l => l.includes('"ratingz"')) + 1;
    expect(run('validate', file(text)).err).toMatch(new RegExp(`federation\\.json:${line}:\\d+: meshes\\[1\\]\\.imports\\[0\\]\\.rules\\[0\\]\\.nameSelector .* did you mean 'ratings'\\?`));
  });

  test('what JSON.parse reads differently from YAML takes the YAML path: a key written twice, __proto__, a syntax error', () => {
    expect(loadSpec(file('{\n  "meshes": [],\n  "meshes": []\n}\n')).problems).toEqual([expect.stringMatching(/federation\.json:3:3: Map keys must be unique\. Fix: correct the YAML syntax there/)]);
    const problems = (text: string) => loadSpec(file(text)).problems.map(p => p.replace(/^.*federation\.json/, 'federation.json'));
    expect(problems('{ "meshes": [], "\\u005f_proto__": {} }')).toEqual(problems('{ "meshes": [], "__proto__": {} }'));
    expect(problems('{ "meshes": [], "__proto__": {} }')).toContainEqual(expect.stringMatching(/^federation\.json:1:17: __proto__ is not a field of the description/));
    expect(loadSpec(file('{ "meshes": [}')).problems).toContainEqual(expect.stringMatching(/^.*federation\.json:1:\d+: .*Fix: correct the YAML syntax there/));
    expect(loadSpec(file(`${'['.repeat(70)}${']'.repeat(70)}`)).problems).toEqual([expect.stringMatching(/federation\.json:1:65: the description is nested more than 64 levels deep/)]);
  });

  test('keys inside strings (":" within a value) are not counted as keys', () => {
    const spec = JSON.parse(JSON.stringify(STARTER));
    spec.name = 'a"b": c';
    const parsed = parseDescription('f.json', JSON.stringify(spec));
    expect('data' in parsed && (parsed.data as any).name).toBe('a"b": c');
  });

  test('any JSON object reads as the YAML parser reads it; a key written twice always takes the YAML path', () => {
    const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null));
    const keyed = fc.dictionary(fc.string({ maxLength: 6 }), scalar, { maxKeys: 4 });
    const value = fc.letrec(tie => ({
      node: fc.oneof(
        { depthSize: 'small' },
        keyed, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 6 }), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(fc.property(value, fc.boolean(), (data, pretty) => {
      const text = JSON.stringify({ meshes: [], data }, undefined, pretty ? 2 : undefined);
      const fast = parseDescription('f.json', text);
      const slow = parseText('f.json', text);
      expect('data' in fast && fast.data).toEqual('data' in slow && slow.data);
      // The same text with its first key written twice: the YAML parser's problem, not JSON.parse's last value.
      const twice = text.replace('"meshes": []', '"meshes": [], "meshes": []')
        .replace('"meshes":[]', '"meshes":[],"meshes":[]');
      expect(parseDescription('f.json', twice)).toEqual({ problems: [expect.stringMatching(/Map keys must be unique/)] });
    }), { numRuns: 300 });
  });

  test('the example, as JSON, renders the same plan as its YAML', () => {
    const yamlFile = join(__dirname, '..', 'examples', 'service-sharing', 'federation.yaml');
    const asJson = join(__dirname, '..', 'examples', 'service-sharing', `federation-${process.pid}.tmp.json`);
    writeFileSync(asJson, JSON.stringify(parse(readFileSync(yamlFile, 'utf8'))));
    try {
      expect(run('plan', asJson)).toEqual(run('plan', yamlFile));
    } finally {
      rmSync(asJson);
    }
  });
});
