// The library's own checks, reported by the command line in the description's terms: at the YAML
// node the problem came from, with the description's field names and a suggestion, once each.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/app/cli';
import { STARTER_DESCRIPTION } from '../src/app/init';

const OUT = mkdtempSync(join(tmpdir(), 'cli-library-'));

/** Validates `text` as federation.yaml in a folder of its own; the file's path is left out of the output. */
function validate(text: string, ...flags: string[]): { code: number; out: string; err: string } {
  const dir = mkdtempSync(join(OUT, 'case-'));
  const file = join(dir, 'federation.yaml');
  writeFileSync(file, text);
  let out = '';
  let err = '';
  const code = main(['validate', file, ...flags], { out: t => { out += `${t}\n`; }, err: t => { err += `${t}\n`; } });
  return { code, out: out.split(`${dir}/`).join(''), err: err.split(`${dir}/`).join('') };
}

/** The line (from 1) of the `nth` line of `text` (from 1) that contains `needle`. */
function lineOf(text: string, needle: string, nth = 1): number {
  const lines = text.split('\n').map((l, i) => (l.includes(needle) ? i + 1 : 0)).filter(n => n > 0);
  return lines[nth - 1];
}

/** The starter without its root certificates, and a third mesh. */
const WITHOUT_CERTIFICATES = `${STARTER_DESCRIPTION.replace(/ {4}rootCertificate: \|\n( {6}.*\n)+/g, '')}  - name: third-mesh\n    platform: { type: node-port, nodeAddresses: [198.51.100.20] }\n`;

describe('problems of the library, in the description\'s terms', () => {
  test('an import nobody exports: at the rule\'s name, "did you mean" the closest exported name', () => {
    const text = STARTER_DESCRIPTION.replace('- nameSelector: { namespace: info, name: ratings }', '- nameSelector: { namespace: info, name: ratingz }');
    const line = lineOf(text, 'name: ratingz');
    const result = validate(text);
    expect(result.code).toBe(1);
    expect(result.err).toBe('federation.yaml: 1 problem(s):\n'
      + `- federation.yaml:${line}:52: meshes[1].imports[0].rules[0].nameSelector { namespace: info, name: ratingz } of import 'ratings-from-east' matches nothing `
      + 'mesh \'east-mesh\' exports to \'west-mesh\' (it exports \'ratings.info\', as <name>.<namespace> after its aliases). '
      + 'Fix: did you mean \'ratings\'? Set name: ratings, or add an export with peer: west-mesh and a rule nameSelector: { namespace: info, name: ratingz } to meshes[0].exports\n');
    expect(result.err).not.toMatch(/addServiceExport|''s/);
  });

  test('an import from a namespace the peer does not export: the closest name with its namespace', () => {
    const text = STARTER_DESCRIPTION.replace('- nameSelector: { namespace: info, name: ratings }', '- nameSelector: { namespace: infra, name: ratings }');
    const result = validate(text);
    expect(result.err).toContain(`federation.yaml:${lineOf(text, 'namespace: infra')}:53: meshes[1].imports[0].rules[0].nameSelector { namespace: infra, name: ratings }`);
    expect(result.err).toContain('Fix: did you mean \'ratings\' in namespace \'info\'? Set namespace: info, name: ratings, or add an export');
  });

  test('a mesh without a root certificate: one problem per mesh, naming rootCertificateFile and every peer', () => {
    const result = validate(WITHOUT_CERTIFICATES);
    expect(result.code).toBe(1);
    const lines = result.err.trim().split('\n');
    expect(lines[0]).toBe('federation.yaml: 3 problem(s):');
    expect(lines.slice(1)).toHaveLength(3);
    expect(result.err).toContain(`- federation.yaml:${lineOf(WITHOUT_CERTIFICATES, 'name: west-mesh')}:11: meshes[1] (mesh 'west-mesh') sets neither rootCertificateFile nor rootCertificate, `
      + 'but its peers \'east-mesh\', \'third-mesh\' need it in the ConfigMap \'west-mesh-ca-root-cert\'. '
      + 'Fix: add rootCertificateFile: <the PEM file, relative to the description> (or rootCertificate: |, the PEM inline) to meshes[1], from its istio-ca-root-cert (`oc get configmap istio-ca-root-cert -n west-mesh-system');
    expect(result.err).not.toContain('rootCertificate is not set');
    expect(result.err.match(/mesh 'east-mesh'\)/g)).toHaveLength(1);
  });

  test('with --json, the same problems with their line and column', () => {
    const result = validate(WITHOUT_CERTIFICATES, '--json');
    const problems = JSON.parse(result.out).problems;
    expect(problems).toHaveLength(3);
    expect(problems).toContainEqual(expect.objectContaining({ line: lineOf(WITHOUT_CERTIFICATES, 'name: third-mesh'), column: 11, message: expect.stringMatching(/^meshes\[2\] \(mesh 'third-mesh'\) sets neither rootCertificateFile/) }));
  });

  test('a mesh name used twice: which entries clash, with both lines', () => {
    const text = STARTER_DESCRIPTION.replace('name: west-mesh', 'name: east-mesh');
    const result = validate(text);
    expect(result.code).toBe(1);
    expect(result.err).toBe('federation.yaml: 1 problem(s):\n'
      + `- federation.yaml:${lineOf(text, '- name: east-mesh', 2)}:11: meshes[1].name 'east-mesh' is also the name of meshes[0] (line ${lineOf(text, '- name: east-mesh')}). Fix: give every mesh its own name, e.g. 'east-mesh-2'\n`);
  });
});
