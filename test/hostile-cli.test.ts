// Hostile input to the command line, run in process: every refusal exits 1 (bad input) or 2 (usage
// or environment), names the file (and line:column where there is a node), the field as the
// description writes it, the bad value and a Fix, prints no stack trace, and writes nothing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './support/run';

const ROOT = join(__dirname, '..');
const BASE = mkdtempSync(join(tmpdir(), 'hostile-'));
// Every case runs in a folder of its own under BASE: the certificate is one folder up, by a path
// of the same length wherever the repository is, so the columns the cases expect hold anywhere.
writeFileSync(join(BASE, 'cert.pem'), readFileSync(join(ROOT, 'examples', 'certs', 'red-mesh-root-cert.pem')));
const CERT = '../cert.pem';
afterAll(() => rmSync(BASE, { recursive: true, force: true }));

const run = runCli;

const doc = (...lines: string[]) => `${lines.join('\n')}\n`;
const mesh = (name: string, extra = '') => `  - { name: ${name}, platform: { type: bare-metal }, rootCertificateFile: ${CERT}, trustDomain: ${name}.local${extra} }`;
const rule = '[{ nameSelector: { namespace: shop, name: cart } }]';
/** Pseudo-random bytes, the same every run. */
const noise = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 7919 + seed * 104729 + ((i * i) % 251)) % 256));

interface Case {
  readonly name: string;
  readonly text: string | Buffer | (() => string | Buffer);
  /** `line:column` the first problem points at; undefined where the file has no node to point at. */
  readonly at?: string;
  /** What the message must say: the field path, the bad value, the reason. */
  readonly says: Array<string | RegExp>;
}

const CASES: Case[] = [
  // Shapes the schema refuses.
  { name: 'a null mesh entry (flow)', text: 'meshes: [null]\n', at: '1:10', says: ['meshes[0] is null (an empty entry), but each entry of meshes must be a mesh (a mapping with name and platform)', 'Fix: write the entry there, e.g. - { name: red-mesh'] },
  { name: 'an empty mesh entry (block)', text: 'meshes:\n  -\n', at: '2:4', says: ['meshes[0] is null (an empty entry)'] },
  { name: 'a string where the meshes list goes', text: 'meshes: red-mesh\n', at: '1:9', says: ["meshes is 'red-mesh', not a list", 'Fix: put the value in a list: meshes: [red-mesh]'] },
  { name: 'a string where a node address list goes', text: doc('meshes:', '  - { name: a, platform: { type: node-port, nodeAddresses: "192.0.2.1" } }'), at: '2:60', says: ["meshes[0].platform.nodeAddresses is '192.0.2.1', not a list", 'Fix: put the value in a list: nodeAddresses: [192.0.2.1]'] },
  { name: 'a string where the exports list goes', text: doc('meshes:', mesh('a', ', exports: to-b')), at: '2:113', says: ["meshes[0].exports is 'to-b', not a list"] },
  { name: 'a string where a failover mesh list goes', text: doc('meshes:', mesh('a'), mesh('b'), 'failover: [{ id: f, namespace: n, name: s, meshes: ab }]'), at: '4:52', says: ["failover[0].meshes is 'ab', not a list"] },
  { name: 'a string where an address list of ingressAddresses goes', text: doc('meshes:', mesh('a', ', ingressAddresses: { b: 192.0.2.1 }'), mesh('b')), at: '2:127', says: ["meshes[0].ingressAddresses.b is '192.0.2.1', not a list"] },
  { name: 'a number where a name goes', text: doc('name: 5', 'meshes:', mesh('a')), at: '1:7', says: ['name is 5, not a text', 'Fix: write name as text, in quotes: name: "5"'] },
  { name: 'a string where a boolean goes', text: doc('meshes:', mesh('a', ', externalDns: "yes"')), at: '2:117', says: ["meshes[0].externalDns is 'yes', not true or false", 'Fix: write externalDns: true or externalDns: false'] },
  { name: 'a fraction where a node port goes', text: doc('meshes:', '  - { name: a, platform: { type: node-port, nodeAddresses: [192.0.2.1], firstNodePort: 30000.5 } }'), at: '2:88', says: ['meshes[0].platform.firstNodePort is 30000.5, not a whole number'] },
  { name: 'a node port out of range', text: doc('meshes:', '  - { name: a, platform: { type: node-port, nodeAddresses: [192.0.2.1], firstNodePort: 80 } }'), at: '2:88', says: ['meshes[0].platform.firstNodePort is 80, below 30000', 'from 30000 to 32767'] },
  { name: 'a scheme with a typo', text: doc('meshes:', '  - { name: a, platform: { type: gcp, scheme: internall } }'), at: '2:47', says: ["meshes[0].platform.scheme is 'internall', not one of 'internet-facing', 'internal'", "Fix: set scheme to 'internal' (a private load balancer, reachable inside the network) or 'internet-facing'"] },
  { name: 'a platform type that does not exist', text: doc('meshes:', '  - { name: a, platform: { type: openstack } }'), at: '2:34', says: ["meshes[0].platform.type is 'openstack', not one of 'aws-nlb'", "Fix: set type to one of 'aws-nlb'"] },
  { name: 'an unknown field with a typo', text: doc('meshes:', '  - name: a', '    platform: { type: bare-metal }', '    trustDomian: a.local'), at: '4:5', says: ['meshes[0].trustDomian is not a field of meshes[0]', 'Fix: rename it to trustDomain, or remove it'] },
  { name: 'a __proto__ key', text: doc('__proto__: { polluted: true }', 'meshes:', mesh('a')), at: '1:1', says: ['__proto__ is not a field of the description', 'Fix: remove it'] },
  { name: 'a constructor key in a mesh', text: doc('meshes:', mesh('a', ', constructor: { prototype: 1 }')), at: '2:104', says: ['meshes[0].constructor is not a field of meshes[0]'] },
  { name: 'a missing platform', text: doc('meshes:', '  - { name: a }'), at: '2:5', says: ['meshes[0].platform is missing', 'Fix: add platform: { type: aws-nlb, scheme: internal } to meshes[0]'] },
  { name: 'a cloud platform without its scheme', text: doc('meshes:', '  - { name: a, platform: { type: azure } }'), at: '2:26', says: ["meshes[0].platform.scheme is missing; type 'azure' needs it", 'Fix: add scheme: internet-facing or scheme: internal'] },
  { name: 'both certificate fields', text: doc('meshes:', mesh('a', ', rootCertificate: x')), at: '2:5', says: ['meshes[0] sets both rootCertificate and rootCertificateFile', 'Fix: keep one of them'] },
  { name: 'a hub without hub-and-spoke', text: doc('topology: { type: full-mesh, hub: a }', 'meshes:', mesh('a')), at: '1:11', says: ["topology.hub is set, but type is 'full-mesh'", 'Fix: remove hub, or set type: hub-and-spoke'] },
  { name: 'a scheme on a platform without load balancer', text: doc('meshes:', '  - { name: a, platform: { type: bare-metal, scheme: internal } }'), at: '2:26', says: ["meshes[0].platform.scheme is set, but type 'bare-metal' has no cloud load balancer", 'Fix: remove scheme'] },
  { name: 'node addresses off node-port', text: doc('meshes:', '  - { name: a, platform: { type: gcp, scheme: internal, nodeAddresses: [192.0.2.1] } }'), at: '2:26', says: ["meshes[0].platform sets nodeAddresses, which go with type node-port only, but type is 'gcp'"] },
  { name: 'a rule with both selectors', text: doc('meshes:', mesh('a', ', exports: [{ id: e, peer: b, rules: [{ nameSelector: { namespace: n, name: s }, labelSelector: { namespace: n } }] }]'), mesh('b')), at: '2:140', says: ['meshes[0].exports[0].rules[0] sets both nameSelector and labelSelector', 'Fix: split it into two rules'] },
  { name: 'a rule with no selector', text: doc('meshes:', mesh('a', ', exports: [{ id: e, peer: b, rules: [{}] }]'), mesh('b')), at: '2:140', says: ['meshes[0].exports[0].rules[0] sets neither nameSelector nor labelSelector', 'Fix: add nameSelector:'] },
  { name: 'a peering of three meshes', text: doc('topology: { type: explicit }', 'meshes:', mesh('a'), mesh('b'), 'peerings: [[a, b, a]]'), at: '5:12', says: ['peerings[0] has 3 entries, but a peering is a pair of mesh names', 'Fix: write two mesh names'] },
  { name: 'a failover over one mesh', text: doc('meshes:', mesh('a'), 'failover: [{ id: f, namespace: n, name: s, meshes: [a] }]'), at: '3:52', says: ['failover[0].meshes has 1 entry, but needs at least 2', 'Fix: list at least 2 meshes'] },
  { name: 'a duration with a space', text: doc('meshes:', mesh('a'), mesh('b'), 'failover: [{ id: f, namespace: n, name: s, meshes: [a, b], outlierDetection: { interval: 10 s } }]'), at: '4:90', says: ["failover[0].outlierDetection.interval is '10 s', not a duration", 'Fix: write a whole number and a unit'] },
  { name: 'no meshes', text: 'meshes: []\n', at: '1:9', says: ['meshes has 0 entries, but needs at least 1', 'Fix: add a mesh'] },
  { name: 'a scalar document', text: 'hello world\n', at: '1:1', says: ["the description is 'hello world', not a mapping of fields", 'Fix: write the description as a mapping'] },
  { name: 'a list document', text: '- meshes: []\n', at: '1:1', says: ['the description is a list (1 entry), not a mapping of fields'] },
  { name: '500 empty mesh entries: the first 100 problems, then a count', text: `meshes: [${Array(500).fill('null').join(', ')}]\n`, at: '1:10', says: ['meshes[99] is null', ': and 400 more problems like these. Fix: correct the ones above first'] },
  // Ids and names: empty or used twice.
  { name: 'an empty export id', text: doc('meshes:', mesh('a', `, exports: [{ id: "", peer: b, rules: ${rule} }]`), mesh('b')), at: '2:120', says: ["meshes[0].exports[0].id is empty ('')", 'Fix: set id to a name'] },
  { name: 'an empty federation name', text: doc('name: ""', 'meshes:', mesh('a')), at: '1:7', says: ["name is empty ('')", 'Fix: set name to a name'] },
  { name: 'an empty failover id', text: doc('meshes:', mesh('a'), mesh('b'), 'failover: [{ id: "", namespace: n, name: s, meshes: [a, b] }]'), at: '4:18', says: ["failover[0].id is empty ('')"] },
  { name: 'an export id used twice', text: doc('meshes:', '  - name: a', '    platform: { type: bare-metal }', '    exports:', `      - { id: to-b, peer: b, rules: ${rule} }`, `      - { id: to-b, peer: b, rules: ${rule} }`, mesh('b')), at: '6:15', says: ["meshes[0].exports[1].id 'to-b' is also the id of meshes[0].exports[0] (line 5)", "Fix: give every export and import of mesh 'a' its own id"] },
  { name: 'an import id used twice', text: doc('meshes:', '  - name: a', '    platform: { type: bare-metal }', '    imports:', `      - { id: from-b, peer: b, rules: ${rule} }`, `      - { id: from-b, peer: b, rules: ${rule} }`, mesh('b')), at: '6:15', says: ["meshes[0].imports[1].id 'from-b' is also the id of meshes[0].imports[0] (line 5)"] },
  { name: 'an export and an import with one id', text: doc('meshes:', '  - name: a', '    platform: { type: bare-metal }', `    exports: [{ id: x, peer: b, rules: ${rule} }]`, `    imports: [{ id: x, peer: b, rules: ${rule} }]`, mesh('b')), at: '5:21', says: ["meshes[0].imports[0].id 'x' is also the id of meshes[0].exports[0] (line 4)"] },
  { name: 'a failover id used twice', text: doc('meshes:', mesh('a'), mesh('b'), 'failover:', '  - { id: f, namespace: n, name: s, meshes: [a, b] }', '  - { id: f, namespace: n, name: t, meshes: [a, b] }'), at: '6:11', says: ["failover[1].id 'f' is also the id of failover[0] (line 5)", 'Fix: give every failover its own id'] },
  { name: 'a mesh name used twice', text: doc('meshes:', mesh('a'), mesh('a')), at: '3:13', says: ["meshes[1].name 'a' is also the name of meshes[0] (line 2)", 'Fix: give every mesh its own name'] },
  { name: 'an export id the library uses for its own object', text: doc('meshes:', mesh('a', `, exports: [{ id: ControlPlane, peer: b, rules: ${rule} }]`), mesh('b')), at: '2:120', says: ["mesh 'a': ServiceExport 'ControlPlane': id is already taken by ApiObject 'a/ControlPlane' in 'a'", 'Fix: give every export of a mesh its own id'] },
  { name: 'a federation named constructor', text: doc('name: constructor', 'meshes:', mesh('a')), at: '1:7', says: ["federation 'constructor': id is a name every JavaScript object already has", "Fix: use an id like 'federation'"] },
  // What the library refuses, pointed at the part of the description.
  { name: 'a peer that is not a mesh', text: doc('topology: { type: explicit }', 'meshes:', mesh('a'), 'peerings: [[a, c]]'), at: '4:16', says: ["peerings[0][1] is 'c', which is not a mesh of the description (meshes: 'a')", 'Fix: use the name of one of the meshes'] },
  { name: 'a mesh name that is not a DNS label', text: doc('meshes:', '  - { name: Red, platform: { type: bare-metal } }'), at: '2:5', says: ["mesh 'Red': name 'Red' is not a DNS-1123 label", 'Fix:'] },
  { name: 'a mesh name with a newline', text: doc('meshes:', '  - { name: "a\\nb", platform: { type: bare-metal } }'), at: '2:5', says: ["mesh 'a\\nb': name 'a\\nb' is not a DNS-1123 label"] },
  { name: 'a certificate file that does not exist', text: doc('meshes:', '  - { name: a, platform: { type: bare-metal }, rootCertificateFile: missing.pem }'), at: '2:5', says: [/mesh 'a': rootCertificateFile: cannot read .*missing\.pem \(ENOENT\)/] },
  { name: 'two meshes with one trust domain (found at synth), pointed at the second mesh', text: doc('meshes:', mesh('a'), '  - { name: b, platform: { type: bare-metal }, trustDomain: a.local }'), at: '3:5', says: ["mesh 'b': trustDomain 'a.local' is also the trust domain of mesh 'a'"] },
  // Syntax, nesting, aliases.
  { name: 'an unclosed flow mapping', text: 'meshes: [{ name: a\n', at: '2:1', says: ['Fix: correct the YAML syntax there'] },
  { name: 'a key written twice', text: doc('meshes: []', 'meshes: []'), at: '2:1', says: ['Map keys must be unique', 'Fix: correct the YAML syntax there'] },
  { name: 'two YAML documents', text: doc('meshes: []', '---', 'meshes: []'), at: '2:1', says: ['the file holds 2 YAML documents', 'Fix: keep one document'] },
  { name: '100,000 nested JSON lists', text: () => `${'['.repeat(100_000)}${']'.repeat(100_000)}`, at: '1:65', says: ['the description is nested more than 64 levels deep', 'Fix: remove the extra nesting'] },
  { name: '100,000 nested JSON objects', text: () => `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`, at: '1:321', says: ['the description is nested more than 64 levels deep'] },
  { name: '50,000 nested block lists', text: () => `${'- '.repeat(50_000)}x\n`, at: '1:129', says: ['the description is nested more than 64 levels deep'] },
  { name: 'a control plane spec nested 70 deep', text: () => doc('meshes:', mesh('a', `, controlPlaneSpec: ${'{ a: '.repeat(70)}1${' }'.repeat(70)}`)), at: '2:427', says: ['the description is nested more than 64 levels deep'] },
  {
    name: 'nesting made deep by aliases',
    text: () => ['a0: &a0 [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]',
      'a1: &a1 [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*a0]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', 'meshes: [*a1]', ''].join('\n'),
    says: ['the description is nested more than 64 levels deep', 'once its YAML aliases (*name) are expanded', 'Fix: expand the aliases by hand'],
  },
  { name: 'an alias bomb', text: () => ['a: &a ["x","x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 11 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`), ''].join('\n'), says: ['cannot be read as data (Excessive alias count', 'Fix: expand the YAML aliases'] },
  // Bytes that are not a description.
  { name: 'an empty file', text: '', says: ['the file is empty (0 bytes)', 'Fix: write the description'] },
  { name: 'comments only', text: '# a federation, some day\n\n', at: '1:1', says: ['the file holds no description (only comments, blank lines or an empty document)'] },
  { name: 'random binary bytes', text: noise(4096, 1), at: '2:59', says: ['the file holds a NUL byte (byte 544), so it is binary data', 'Fix: pass the description'] },
  { name: 'bytes that are not UTF-8', text: Buffer.from([0x6d, 0x65, 0x73, 0x68, 0x65, 0x73, 0x3a, 0x20, 0xff, 0xfe, 0x41, 0x0a]), at: '1:9', says: ['the file is not UTF-8 text (byte 8 is 0xff', 'Fix: save it as UTF-8'] },
  { name: 'a NUL byte in the middle of the text', text: doc('meshes:', '  - { name: a\u0000, platform: { type: bare-metal } }'), at: '2:14', says: ['the file holds a NUL byte (byte 21)'] },
  { name: 'a UTF-16 (little-endian) description', text: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('meshes: []\n', 'utf16le')]), says: ['the file is UTF-16 text (it starts with a UTF-16 byte order mark)', 'Fix: save it as UTF-8'] },
  { name: 'a UTF-16 (big-endian) description', text: Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('meshes: []\n', 'utf16le').swap16()]), says: ['the file is UTF-16 text'] },
  { name: 'CRLF line endings, lines still counted', text: 'meshes:\r\n  - name: a\r\n    platform: { type: gcp, scheme: internall }\r\n', at: '3:36', says: ["meshes[0].platform.scheme is 'internall'"] },
  { name: 'a 10 MB single line, echoed cut', text: () => `meshes: ${'x'.repeat(10_000_000)}\n`, at: '1:9', says: [/meshes is 'x{70,}\.\.\., not a list/] },
  { name: 'a 5 MB mesh name, echoed cut', text: () => doc('meshes:', `  - { name: ${'m'.repeat(5_000_000)}, platform: { type: bare-metal } }`), at: '2:5', says: [/mesh 'm{100,}\.\.\.' \(5000000 characters\)/] },
];

/** Every refusal: the exit code, the file named, one line per problem, each once, a Fix, no stack. */
function expectRefused(result: { code: number; out: string; err: string }, file: string, code: number): void {
  expect(result.code).toBe(code);
  expect(result.out).toBe('');
  expect(result.err).toContain(file);
  expect(result.err).toContain('Fix: ');
  expect(result.err).not.toMatch(/\n\s+at /);
  expect(result.err).not.toMatch(/TypeError|RangeError|ReferenceError|internal error|Maximum call stack/);
  const problems = result.err.split('\n').filter(l => l.startsWith('- '));
  expect(new Set(problems).size).toBe(problems.length);
  for (const p of problems) expect(p).toMatch(/Fix: /);
  // A message is read, not scrolled: a 10 MB value is never echoed whole.
  expect(result.err.length).toBeLessThan(50_000);
}

describe('hostile descriptions: exit 1, the file, line:column, field, value and Fix; nothing written', () => {
  test.each(CASES.map(c => [c.name, c] as const))('%s', (_name, c) => {
    const dir = mkdtempSync(join(BASE, 'case-'));
    const file = join(dir, 'federation.yaml');
    writeFileSync(file, typeof c.text === 'function' ? c.text() : c.text);
    const outdir = join(dir, 'out');
    const result = run('synth', file, '-o', outdir);
    expectRefused(result, file, 1);
    if (c.at) expect(result.err).toContain(`\n- ${file}:${c.at}: `);
    for (const s of c.says) {
      if (typeof s === 'string') expect(result.err).toContain(s);
      else expect(result.err).toMatch(s);
    }
    expect(existsSync(outdir)).toBe(false);
  });
});

/** A folder's files and their bytes. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const f of readdirSync(dir, { recursive: true }).map(String).sort()) {
    if (statSync(join(dir, f)).isFile()) files[f] = readFileSync(join(dir, f), 'base64');
  }
  return files;
}

describe('a refused description leaves the previous output byte for byte', () => {
  test('every hostile description, synthesized over a good output folder', () => {
    const dir = mkdtempSync(join(BASE, 'previous-'));
    const good = join(dir, 'good.yaml');
    writeFileSync(good, doc('meshes:', mesh('a', ', ingressAddresses: { b: [192.0.2.2] }'), mesh('b', ', ingressAddresses: { a: [192.0.2.1] }')));
    const outdir = join(dir, 'out');
    expect(run('synth', good, '-o', outdir).code).toBe(0);
    const before = snapshot(outdir);
    expect(Object.keys(before).length).toBeGreaterThan(5);
    for (const c of CASES.filter(k => typeof k.text === 'string')) {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, c.text as string);
      expectRefused(run('synth', file, '-o', outdir), file, 1);
    }
    expect(snapshot(outdir)).toEqual(before);
  });
});

describe('the description path and the output folder', () => {
  const good = () => {
    const dir = mkdtempSync(join(BASE, 'env-'));
    const file = join(dir, 'federation.yaml');
    writeFileSync(file, doc('meshes:', mesh('a')));
    return { dir, file };
  };

  test('-o pointing at a file: exit 2, the file untouched', () => {
    const { dir, file } = good();
    const target = join(dir, 'taken');
    writeFileSync(target, 'keep me');
    const result = run('synth', file, '-o', target);
    expect(result.code).toBe(2);
    expect(result.err).toBe(`cdk8s-mesh-federation: -o ${target}: ${target} is a file, not a folder. Fix: set -o to a folder (it is created if missing), e.g. -o dist\n`);
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  test('-o under a file: exit 2, nothing created', () => {
    const { dir, file } = good();
    writeFileSync(join(dir, 'taken'), 'keep me');
    const target = join(dir, 'taken', 'deeper', 'out');
    const result = run('synth', file, '-o', target);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`-o ${target}: ${target} is under ${join(dir, 'taken')}, which is a file, not a folder. Fix: `);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(readFileSync(join(dir, 'taken'), 'utf8')).toBe('keep me');
  });

  test('-o or --output= with an empty folder name: a usage error, exit 2', () => {
    const { dir, file } = good();
    for (const argv of [['-o', ''], ['--output=']]) {
      const result = run('synth', file, ...argv);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(/^cdk8s-mesh-federation: (-o|--output=) needs a folder, not an empty argument\n\nUsage: /);
    }
    expect(readdirSync(dir)).toEqual(['federation.yaml']);
  });

  test('a folder given as the description', () => {
    const { dir } = good();
    const result = run('synth', dir, '-o', join(dir, 'out'));
    expectRefused(result, dir, 1);
    expect(result.err).toContain(`${dir}: ${dir} is a folder, not a file to read. Fix: pass the YAML or JSON file inside that folder`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('a description that does not exist', () => {
    const { dir } = good();
    const missing = join(dir, 'nope.yaml');
    const result = run('synth', missing, '-o', join(dir, 'out'));
    expectRefused(result, missing, 1);
    expect(result.err).toContain(`cannot read ${missing} (ENOENT). Fix: check the path`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('a description that may not be read (a link loop; and no read permission, unless run as root)', () => {
    const { dir } = good();
    const loop = join(dir, 'loop.yaml');
    symlinkSync(join(dir, 'loop2.yaml'), loop);
    symlinkSync(loop, join(dir, 'loop2.yaml'));
    const looped = run('synth', loop, '-o', join(dir, 'out'));
    expectRefused(looped, loop, 1);
    expect(looped.err).toContain(`cannot read ${loop} (ELOOP). Fix: pass the path of a YAML or JSON federation description`);
    if (process.getuid?.() !== 0) {
      const locked = join(dir, 'locked.yaml');
      writeFileSync(locked, 'meshes: []\n', { mode: 0o000 });
      const refused = run('validate', locked);
      expectRefused(refused, locked, 1);
      expect(refused.err).toContain(`cannot read ${locked} (EACCES). Fix: make the file readable (chmod u+r)`);
    }
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  test('a FIFO given as the description is refused without blocking', () => {
    const { dir } = good();
    const fifo = join(dir, 'pipe.yaml');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const result = run('validate', fifo);
    expectRefused(result, fifo, 1);
    expect(result.err).toContain('is not a regular file (a FIFO, socket or device), not a file to read');
  });

  test('a description over 32 MiB is refused with its size', () => {
    const { dir } = good();
    const big = join(dir, 'big.yaml');
    writeFileSync(big, '');
    truncateSync(big, 33 * 1024 * 1024);
    const result = run('validate', big);
    expectRefused(result, big, 1);
    expect(result.err).toContain('is 34603008 bytes, more than the 33554432 a file here may have. Fix: split the description');
  });

  test('--debug prints no stack for bad input: only an internal error has one', () => {
    const { dir } = good();
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'meshes: [null]\n');
    const result = run('synth', file, '-o', join(dir, 'out'), '--debug');
    expectRefused(result, file, 1);
  });

  test('an output folder holding files synth did not write: exit 1, left as it was', () => {
    const { dir, file } = good();
    const outdir = join(dir, 'out');
    mkdirSync(outdir);
    writeFileSync(join(outdir, 'notes.txt'), 'mine');
    const result = run('synth', file, '-o', outdir);
    expectRefused(result, file, 1);
    expect(snapshot(outdir)).toEqual({ 'notes.txt': Buffer.from('mine').toString('base64') });
  });
});
