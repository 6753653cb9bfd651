// Root certificate expiry: the plan and the manual steps list every root with its fingerprint and
// notAfter; synth warns (printed, never written) when one expires within the window; an expired
// one is an error. Certificates are made here, relative to a fixed instant that the clock is set to.
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import Ajv from 'ajv';
import { Duration } from 'cdk8s';
import { FederatedMesh, FederatedMeshProps, FederationApp, Platform } from '../src';
import { makeCertificate, MadeCertificate } from './support/make-certs';
import { federationError, runCli } from './support/run';
import { tree } from './support/synth';
import { LOCK_FILE_NAME } from '../src/app/lock-file';
import { certificateFacts, daysLeft } from '../src/core/certificate';

/** The instant the tests' clock is set to, and the certificates are made relative to. */
const NOW = new Date('2030-03-01T12:00:00.000Z');
const DAY = 24 * 60 * 60 * 1000;
const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

/** Sets the clock (Date only: WebCrypto and microtasks keep running) to `now`. */
function setClock(now: Date): void {
  jest.useFakeTimers({
    now,
    doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'hrtime', 'performance'],
  });
}
afterEach(() => jest.useRealTimers());

/** A root CA valid from a year before NOW until `toDays` after it. */
const root = (subject: string, toDays: number) => makeCertificate({ subject, fromDays: -365, toDays, now: NOW });

/** The SHA-256 fingerprint of `pem` as openssl prints it, computed by @peculiar/x509 (not by the code under test). */
async function fingerprint(pem: string): Promise<string> {
  const digest = Buffer.from(await new x509.X509Certificate(pem).getThumbprint('SHA-256'));
  return [...digest].map(b => b.toString(16).toUpperCase().padStart(2, '0')).join(':');
}

let fresh: MadeCertificate;
let expiring: MadeCertificate;
let later: MadeCertificate;
let expired: MadeCertificate;
let fp: { fresh: string; expiring: string; later: string; expired: string };

beforeAll(async () => {
  [fresh, expiring, later, expired] = await Promise.all([
    root('CN=Root CA green-mesh', 3650), root('CN=Root CA red-mesh', 10), root('CN=Root CA red-mesh 2', 45), root('CN=Old Root CA', -2),
  ]);
  const [f, e, l, x] = await Promise.all([fresh, expiring, later, expired].map(c => fingerprint(c.pem)));
  fp = { fresh: f, expiring: e, later: l, expired: x };
});

const expiringWarning = (source: string, cert: MadeCertificate, fingerprintText: string, days: number, mesh = 'red-mesh') =>
  `mesh '${mesh}': ${source} certificate ('${cert.subject}', sha256 ${fingerprintText}) expires on ${cert.notAfter.toISOString()} (${days} days left): `
  + 'its peers verify the mesh\'s workloads with this root only, so federation with the mesh stops on that date. '
  + 'Consider renewing the root CA now, then collect again (or pass the renewed root) and synthesize; or rotate to a new root step by step (RootRotation, or the rotate command)';

/** Two peered meshes on bare metal with the given root certificates. */
function federation(app: FederationApp, red: string, green: string = fresh.pem, props: FederatedMeshProps = {}): FederatedMesh {
  const f = new FederatedMesh(app, 'federation', props);
  f.addMesh('red-mesh', { platform: Platform.bareMetal(), rootCertificate: red, ingressAddresses: { 'green-mesh': ['192.0.2.1'] } });
  f.addMesh('green-mesh', { platform: Platform.bareMetal(), rootCertificate: green, ingressAddresses: { 'red-mesh': ['192.0.2.2'] } });
  return f;
}

/** The JSON Schema of `plan --json`, strict as the command tests read it. */
const planSchema = new Ajv({ allErrors: true, strict: true, strictRequired: false })
  .compile(JSON.parse(readFileSync(join(__dirname, '..', 'schema', 'plan-output.schema.json'), 'utf8')));

const outdir = () => mkdtempSync(join(tmpdir(), 'expiry-'));
const quietApp = (dir: string = outdir()) => new FederationApp({ outdir: dir, printSummary: false, printWarnings: false });

describe('the shared certificate facts', () => {
  test('fingerprint, subject and notAfter of each certificate of a bundle, in order; days left', async () => {
    expect(certificateFacts(`${expiring.pem}${fresh.pem}`)).toEqual([
      { sha256: fp.expiring, subject: 'CN=Root CA red-mesh', notAfter: at(10) },
      { sha256: fp.fresh, subject: 'CN=Root CA green-mesh', notAfter: at(3650) },
    ]);
    expect(daysLeft(at(10), NOW)).toBe(10);
    expect(daysLeft(at(10), new Date(NOW.getTime() + 1))).toBe(9);
    expect(daysLeft(at(-2), NOW)).toBe(-2);
  });
});

describe('the API', () => {
  test('a fresh root: no warning; the plan lists it with its fingerprint and expiry', () => {
    setClock(NOW);
    const f = federation(quietApp(), fresh.pem);
    expect(f.warnings()).toEqual([]);
    expect(f.plan().meshes.map(m => [m.mesh, m.rootCertificates])).toEqual([
      ['green-mesh', [{ sha256: fp.fresh, subject: 'CN=Root CA green-mesh', notAfter: at(3650) }]],
      ['red-mesh', [{ sha256: fp.fresh, subject: 'CN=Root CA green-mesh', notAfter: at(3650) }]],
    ]);
  });

  test('a root expiring within the default 30 days: one warning at synth, printed to stderr, in warnings() but not in the plan', () => {
    setClock(NOW);
    const dir = outdir();
    const app = new FederationApp({ outdir: dir, printSummary: false });
    const f = federation(app, expiring.pem);
    const warning = expiringWarning('rootCertificate', expiring, fp.expiring, 10);
    expect(f.warnings()).toEqual([warning]);
    expect(f.plan().warnings).toEqual([]);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      app.synth();
      expect(stderr.mock.calls.map(c => c[0])).toEqual([`Warning: ${warning}\n`]);
    } finally {
      stderr.mockRestore();
    }
    expect(app.warnings()).toEqual([warning]);
    // Written files hold the date, never the days left or the warning.
    const files = tree(dir);
    expect(Object.values(files).some(text => /days left|Consider renewing/.test(text))).toBe(false);
    expect(files['federation-plan.md']).toContain(`| red-mesh | CN=Root CA red-mesh | \`${fp.expiring}\` | ${at(10)} |`);
  });

  test('an expired root is an error that names the fingerprint', () => {
    setClock(NOW);
    const f = new FederatedMesh(quietApp(), 'federation');
    const error = federationError(() => f.addMesh('red-mesh', { platform: Platform.bareMetal(), rootCertificate: expired.pem }));
    expect(error.problems).toEqual([
      `mesh 'red-mesh': rootCertificate certificate ('CN=Old Root CA', sha256 ${fp.expired}) expired on ${at(-2)}. Fix: pass the mesh's current root certificate`,
    ]);
  });

  test('a root that expires between declaration and synth is an error at synth', () => {
    setClock(NOW);
    const app = quietApp();
    federation(app, expiring.pem);
    setClock(new Date(at(11)));
    expect(federationError(() => app.synth()).problems).toEqual([
      `mesh 'red-mesh': rootCertificate certificate ('CN=Root CA red-mesh', sha256 ${fp.expiring}) expired on ${at(10)}. Fix: pass the mesh's current root certificate`,
    ]);
  });

  test('a custom window: 60 days warns about a root 45 days from expiry, the default does not, 0 turns the warning off', () => {
    setClock(NOW);
    expect(federation(quietApp(), later.pem).warnings()).toEqual([]);
    expect(federation(quietApp(), later.pem, fresh.pem, { certificateExpiryWarning: Duration.days(60) }).warnings())
      .toEqual([expiringWarning('rootCertificate', later, fp.later, 45)]);
    const off = federation(quietApp(), expiring.pem, fresh.pem, { certificateExpiryWarning: Duration.days(0) });
    expect(off.certificateExpiryWarning.toDays()).toBe(0);
    expect(off.warnings()).toEqual([]);
    expect(federation(quietApp(), expiring.pem).certificateExpiryWarning.toDays()).toBe(30);
  });

  test('a window of the wrong type, below zero or over 3650 days is an error naming the federation, the value and the fix', () => {
    const fix = 'Fix: use e.g. Duration.days(30) (the default), or Duration.days(0) to turn the warning off';
    const make = (window: unknown) => () => new FederatedMesh(quietApp(), 'fed', { certificateExpiryWarning: window as Duration });
    expect(federationError(make(30)).problems).toEqual([
      "federation 'fed': certificateExpiryWarning is 30, not a Duration. Fix: pass a Duration, e.g. Duration.days(30), or leave it out",
    ]);
    expect(federationError(make(Duration.days(3651))).problems).toEqual([
      `federation 'fed': certificateExpiryWarning is 3651 days, more than 3650 (10 years), so it would warn about every root certificate from the day it is issued. ${fix}`,
    ]);
    // cdk8s refuses negative amounts itself; another jsii language can still hand over one.
    const negative = Object.assign(Object.create(Duration.prototype), { toMilliseconds: () => -1 });
    expect(federationError(make(negative)).problems).toEqual([
      `federation 'fed': certificateExpiryWarning is -1 ms, less than zero: a certificate cannot be warned about after it expired. ${fix}`,
    ]);
    const broken = Object.assign(Object.create(Duration.prototype), { toMilliseconds: () => NaN });
    expect(federationError(make(broken)).problems).toEqual([`federation 'fed': certificateExpiryWarning is NaN ms, not a length of time. ${fix}`]);
  });

  test('a bundle lists each certificate; an old root expiring beside a newer one asks to finish the rotation', () => {
    setClock(NOW);
    const f = federation(quietApp(), `${expiring.pem}${fresh.pem}`);
    expect(f.plan().meshes.find(m => m.mesh === 'red-mesh')!.rootCertificates).toEqual([
      { sha256: fp.expiring, subject: 'CN=Root CA red-mesh', notAfter: at(10) },
      { sha256: fp.fresh, subject: 'CN=Root CA green-mesh', notAfter: at(3650) },
    ]);
    expect(f.warnings()).toEqual([
      `mesh 'red-mesh': rootCertificate certificate #1 ('CN=Root CA red-mesh', sha256 ${fp.expiring}) expires on ${at(10)} (10 days left); `
      + `the bundle also holds 'CN=Root CA green-mesh' (sha256 ${fp.fresh}), valid until ${at(3650)}. `
      + 'Consider finishing the rotation: once every workload of the mesh has a certificate from the new root, drop the old one from the bundle and synthesize again',
    ]);
    const plan = f.planMarkdown();
    expect(plan).toContain([
      '## Root certificates',
      '',
      'Each mesh\'s peers trust these roots (in their `<mesh>-ca-root-cert` ConfigMaps) to verify its workloads: pass the renewed root before one expires.',
      '',
      '| mesh | subject | sha256 | expires (notAfter) |',
      '| --- | --- | --- | --- |',
      `| green-mesh | CN=Root CA green-mesh | \`${fp.fresh}\` | ${at(3650)} |`,
      `| red-mesh (#1 of 2) | CN=Root CA red-mesh | \`${fp.expiring}\` | ${at(10)} |`,
      `| red-mesh (#2 of 2) | CN=Root CA green-mesh | \`${fp.fresh}\` | ${at(3650)} |`,
      '',
    ].join('\n'));
  });

  test('the manual-steps report lists the roots, what to do before they expire and the window', () => {
    setClock(NOW);
    const report = federation(quietApp(), expiring.pem, fresh.pem, { certificateExpiryWarning: Duration.days(60) }).reportFiles()['federation-manual-steps.md'];
    expect(report).toContain([
      '## Root certificates',
      '',
      'Each mesh\'s peers verify its workloads with these roots (the ConfigMap `<mesh>-ca-root-cert` in each',
      'peer\'s namespace), so federation to a mesh stops when its root expires. Before then, renew the root CA',
      'and pass the renewed root (rootCertificate, rootCertificateFile, or `collect` again), or rotate with both',
      'roots in the bundle, and synthesize again. Synth warns 60 days before one expires (certificateExpiryWarning). What a cluster holds now:',
      '',
      '```sh',
      'oc -n <namespace> get configmap istio-ca-root-cert -o jsonpath=\'{.data.root-cert\\.pem}\' | openssl x509 -noout -subject -fingerprint -sha256 -enddate',
      '```',
      '',
      '| mesh | subject | sha256 | expires (notAfter) |',
      '| --- | --- | --- | --- |',
      `| green-mesh | CN=Root CA green-mesh | \`${fp.fresh}\` | ${at(3650)} |`,
      `| red-mesh | CN=Root CA red-mesh | \`${fp.expiring}\` | ${at(10)} |`,
      '',
    ].join('\n'));
    const off = federation(quietApp(), fresh.pem, fresh.pem, { certificateExpiryWarning: Duration.hours(0) }).reportFiles()['federation-manual-steps.md'];
    expect(off).toContain('roots in the bundle, and synthesize again. Synth\'s expiry warning is turned off (certificateExpiryWarning). What a cluster holds now:');
  });

  test('the same input synthesized at two dates gives byte-identical files; only the printed warning differs', () => {
    const synthAt = (now: Date) => {
      setClock(now);
      const dir = outdir();
      const app = quietApp(dir);
      federation(app, expiring.pem, later.pem, { certificateExpiryWarning: Duration.days(60) });
      app.synth();
      jest.useRealTimers();
      return { files: tree(dir), warnings: app.warnings() };
    };
    const first = synthAt(NOW);
    const second = synthAt(new Date(at(7)));
    expect(Object.keys(first.files)).toContain('federation-manual-steps.md');
    expect(second.files).toEqual(first.files);
    for (const name of Object.keys(first.files)) expect(Buffer.from(second.files[name]).equals(Buffer.from(first.files[name]))).toBe(true);
    // In mesh order.
    expect(first.warnings).toEqual([expiringWarning('rootCertificate', later, fp.later, 45, 'green-mesh'), expiringWarning('rootCertificate', expiring, fp.expiring, 10)]);
    expect(second.warnings).toEqual([expiringWarning('rootCertificate', later, fp.later, 38, 'green-mesh'), expiringWarning('rootCertificate', expiring, fp.expiring, 3)]);
  });
});

describe('the command line', () => {
  /** A folder with the description and the certificates it names in certs/. */
  function described(red: MadeCertificate, extra = '', green: MadeCertificate = fresh): string {
    const dir = mkdtempSync(join(tmpdir(), 'expiry-cli-'));
    mkdirSync(join(dir, 'certs'));
    writeFileSync(join(dir, 'certs', 'red.pem'), red.pem);
    writeFileSync(join(dir, 'certs', 'green.pem'), green.pem);
    const file = join(dir, 'federation.yaml');
    writeFileSync(file, [
      extra,
      'meshes:',
      '  - { name: red-mesh, platform: { type: bare-metal }, rootCertificateFile: certs/red.pem, ingressAddresses: { green-mesh: [192.0.2.1] } }',
      '  - { name: green-mesh, platform: { type: bare-metal }, rootCertificateFile: certs/green.pem, ingressAddresses: { red-mesh: [192.0.2.2] } }',
      '',
    ].join('\n'));
    return file;
  }

  test('a fresh root: synth prints no warning', () => {
    setClock(NOW);
    const file = described(fresh);
    const result = runCli('synth', file, '-o', join(file, '..', 'dist'));
    expect(result.code).toBe(0);
    expect(result.err).toBe('');
  });

  test('a root expiring within the window: synth, validate and plan warn on stderr, naming the file as written', () => {
    setClock(NOW);
    const file = described(expiring);
    const warning = `Warning: ${expiringWarning("rootCertificateFile 'certs/red.pem'", expiring, fp.expiring, 10)}\n`;
    const synth = runCli('synth', file, '-o', join(file, '..', 'dist'));
    expect(synth.code).toBe(0);
    expect(synth.err).toBe(warning);
    expect(readFileSync(join(file, '..', 'dist', 'federation-plan.md'), 'utf8')).not.toContain('days left');
    expect(runCli('validate', file)).toEqual(expect.objectContaining({ code: 0, err: warning }));
    const plan = runCli('plan', file);
    expect(plan).toEqual(expect.objectContaining({ code: 0, err: warning }));
    expect(plan.out).toContain([
      '| mesh | subject | sha256 | expires (notAfter) |',
      '| --- | --- | --- | --- |',
      `| green-mesh | CN=Root CA green-mesh | \`${fp.fresh}\` | ${at(3650)} |`,
      `| red-mesh | CN=Root CA red-mesh | \`${fp.expiring}\` | ${at(10)} |`,
    ].join('\n'));
  });

  test('plan --json: each root with its fingerprint and expiry, valid against the schema; the warning on stderr only', () => {
    setClock(NOW);
    const file = described(expiring);
    const result = runCli('plan', file, '--json');
    expect(result.code).toBe(0);
    expect(result.err).toMatch(/^Warning: mesh 'red-mesh': rootCertificateFile 'certs\/red\.pem' certificate .*\(10 days left\)/);
    const output = JSON.parse(result.out);
    expect(planSchema(output)).toBe(true);
    expect(output.meshes.map((m: any) => [m.mesh, m.rootCertificates])).toEqual([
      ['green-mesh', [{ sha256: fp.fresh, subject: 'CN=Root CA green-mesh', notAfter: at(3650) }]],
      ['red-mesh', [{ sha256: fp.expiring, subject: 'CN=Root CA red-mesh', notAfter: at(10) }]],
    ]);
    expect(output.warnings).toEqual([]);
  });

  test('an expired root from a file: exit 1, the problem names the file and the fingerprint', () => {
    setClock(NOW);
    const file = described(expired);
    const result = runCli('synth', file, '-o', join(file, '..', 'dist'));
    expect(result.code).toBe(1);
    expect(result.out).toBe('');
    expect(result.err).toBe(`${file}: 1 problem(s):\n- ${file}:3:5: mesh 'red-mesh': rootCertificateFile 'certs/red.pem' certificate ('CN=Old Root CA', sha256 ${fp.expired}) expired on ${at(-2)}. Fix: pass the mesh's current root certificate\n`);
  });

  test('certificateExpiryWarning in the description: 60d warns 45 days ahead, 0d turns it off, 4000d is refused', () => {
    setClock(NOW);
    const sixty = runCli('validate', described(later, 'certificateExpiryWarning: 60d'));
    expect(sixty).toEqual(expect.objectContaining({ code: 0, err: `Warning: ${expiringWarning("rootCertificateFile 'certs/red.pem'", later, fp.later, 45)}\n` }));
    expect(runCli('validate', described(later)).err).toBe('');
    expect(runCli('validate', described(expiring, 'certificateExpiryWarning: 0d')).err).toBe('');
    const file = described(fresh, 'certificateExpiryWarning: 4000d');
    const refused = runCli('validate', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(`${file}: 1 problem(s):\n- ${file}:1:27: federation 'federation': certificateExpiryWarning is 4000 days, more than 3650 (10 years), so it would warn about every root certificate from the day it is issued. Fix: use e.g. 30d (the default), or 0d to turn the warning off\n`);
    expect(runCli('validate', described(fresh, 'certificateExpiryWarning: 30 days')).err).toMatch(/certificateExpiryWarning/);
  });

  test('a root from the lock file: the warning names the lock file', () => {
    setClock(NOW);
    const file = described(fresh);
    const dir = join(file, '..');
    // red-mesh's certificate comes from the lock file only.
    writeFileSync(file, readFileSync(file, 'utf8').replace(', rootCertificateFile: certs/red.pem', ''));
    const indented = expiring.pem.trim().split('\n').map(l => `        ${l}`).join('\n');
    writeFileSync(join(dir, LOCK_FILE_NAME), `meshes:\n  - mesh: red-mesh\n    rootCertificate:\n      pem: |\n${indented}\n    ingress: []\n`);
    const result = runCli('validate', file);
    expect(result.code).toBe(0);
    expect(result.err).toBe(`Warning: ${expiringWarning(`rootCertificate from ${join(dir, LOCK_FILE_NAME)}`, expiring, fp.expiring, 10)}\n`);
  });
});
