// Fuzzing the command line in process: random values (wrong types, null, huge strings, deep
// nesting, keys such as __proto__ and constructor) at random paths of valid descriptions, and random
// bytes as whole files, through `validate` (which builds the federation with the TypeScript API, so
// the library's own checks run too). Whatever the input: no exception escapes, no TypeError or stack
// reaches the user, and a refusal exits 1 with problems that name the file and carry a Fix.
// FUZZ_RUNS sets the number of runs (default 1000) and FUZZ_SEED the seed (fixed by default; printed on failure).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as fc from 'fast-check';
import { stringify, parse } from 'yaml';
import { main } from '../src/app/cli';

const ROOT = join(__dirname, '..');
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const DIR = mkdtempSync(join(tmpdir(), 'fuzz-cli-'));
afterAll(() => rmSync(DIR, { recursive: true, force: true }));

/** A valid description as data, its certificate files made absolute (the fuzzed file lives elsewhere). */
function base(file: string): any {
  const spec = parse(readFileSync(file, 'utf8'));
  for (const mesh of spec.meshes) {
    if (mesh.rootCertificateFile) mesh.rootCertificateFile = resolve(dirname(file), mesh.rootCertificateFile);
  }
  return spec;
}
const BASES = [
  base(join(ROOT, 'examples', 'service-sharing', 'federation.yaml')),
  base(join(ROOT, 'test', 'fixtures', 'cli', 'every-field.yaml')),
];

type Path = Array<string | number>;
/** Every path of `value` that holds something, the root included. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => paths(v, [...prefix, k]))];
}
const BASE_PATHS = BASES.map(b => paths(b));

/** An object with `key` as an own property, even `__proto__`. */
function withKey(target: any, key: string, value: unknown): any {
  const copy = Array.isArray(target) ? [...target] : { ...target };
  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** Nested lists or mappings, `depth` deep, around `inner`. */
function nested(depth: number, inner: unknown, asObject: boolean): unknown {
  let value = inner;
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
}

const SPECIAL_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', ' ', '0', 'name', 'meshes', 'type', 'a/b', '\u0000', 'é'];
const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, '', ' ', 'null', '~', 'yes', '0x1F', '1e3', '*', '-', '{}', '[]', 'a\nb', '\u0000', '\u2028', 'constructor', '__proto__', 'ControlPlane', 'Namespace', 'MemberRoll'),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.integer({ min: 1, max: 6 }).map(n => 'x'.repeat(10 ** n)),
  fc.tuple(fc.integer({ min: 1, max: 150 }), fc.boolean()).map(([d, o]) => nested(d, 'x', o)),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null)), { maxLength: 5 }),
  fc.tuple(fc.constantFrom(...SPECIAL_KEYS), fc.anything({ maxDepth: 2 })).map(([k, v]) => withKey({}, k, v)),
  fc.anything({ maxDepth: 3, withNullPrototype: true }),
);

/** Sets, deletes or adds (a special key) at `path` of a copy of `spec`. */
function mutate(spec: any, path: Path, op: 'set' | 'delete' | 'add', key: string, v: unknown): unknown {
  if (path.length === 0) return op === 'set' ? v : op === 'add' ? withKey(spec, key, v) : {};
  const [head, ...rest] = path;
  const child = mutate(spec[head], rest, op, key, v);
  if (rest.length === 0 && op === 'delete') {
    if (Array.isArray(spec)) return spec.filter((_, i) => i !== head);
    const { [head]: _removed, ...others } = spec;
    return others;
  }
  if (Array.isArray(spec)) return spec.map((x, i) => (i === head ? child : x));
  return withKey(spec, String(head), child);
}

const mutated: fc.Arbitrary<string | Uint8Array> = fc.tuple(
  fc.integer({ min: 0, max: BASES.length - 1 }), fc.nat(), fc.constantFrom('set', 'set', 'delete', 'add') as fc.Arbitrary<'set' | 'delete' | 'add'>,
  fc.constantFrom(...SPECIAL_KEYS), value, fc.boolean(),
).map(([b, p, op, key, v, json]) => {
  const path = BASE_PATHS[b][p % BASE_PATHS[b].length];
  const spec = mutate(BASES[b], path, op, key, v);
  try {
    return json ? JSON.stringify(spec) ?? 'null' : stringify(spec, { aliasDuplicateObjects: false });
  } catch {
    return JSON.stringify(spec) ?? 'null';
  }
});
const wholeFile: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.uint8Array({ maxLength: 2000 }),
  fc.string({ unit: 'binary', maxLength: 500 }),
  fc.string({ maxLength: 500 }),
);

/** What no message may show: a JavaScript error or a stack. */
const CRASH = /TypeError|RangeError|ReferenceError|SyntaxError|Cannot read propert|is not a function|is not iterable|internal error|Maximum call stack/;

test(`${RUNS} random descriptions: exit 0, or 1 with located problems and a Fix; never a crash`, () => {
  const file = join(DIR, 'federation.yaml');
  fc.assert(fc.property(fc.oneof({ arbitrary: mutated, weight: 4 }, { arbitrary: wholeFile, weight: 1 }), content => {
    writeFileSync(file, content);
    let out = '';
    let err = '';
    const code = main(['validate', file], { out: t => { out += `${t}\n`; }, err: t => { err += `${t}\n`; } });
    const said = `exit ${code}\n${err}${out}`.slice(0, 3000);
    if (![0, 1].includes(code) || CRASH.test(err) || /\n\s+at /.test(err)) throw new Error(`unexpected refusal:\n${said}`);
    if (code === 0) {
      if (!out.startsWith(`${file}: valid`)) throw new Error(`exit 0 without "valid":\n${said}`);
      return;
    }
    if (!err.startsWith(`${file}: `)) throw new Error(`the file is not named first:\n${said}`);
    const problems = err.split('\n').filter(l => l.startsWith('- '));
    if (problems.length === 0 || new Set(problems).size !== problems.length) throw new Error(`no problem, or one listed twice:\n${said}`);
    const unfixed = problems.find(p => !/Fix: |Consider /.test(p));
    if (unfixed) throw new Error(`a problem without a Fix: ${unfixed.slice(0, 500)}`);
    if (err.length > 100_000) throw new Error(`a message of ${err.length} characters:\n${said}`);
  }), { seed: SEED, numRuns: RUNS });
}, 120_000);
