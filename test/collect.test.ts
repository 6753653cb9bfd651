import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { parse, stringify } from 'yaml';
import { FederationCollect, MeshCollectInput } from '../src';
import { pem } from './support/certs';
import { thrown } from './support/run';
import { main } from '../src/app/cli';
import { buildFederation, loadSpec } from '../src/app/description';
import { lockedMeshOptions } from '../src/app/lock-apply';
import { lockFileText, readLockFile } from '../src/app/lock-file';

const DIR = join(__dirname, 'fixtures', 'live', 'collect');
const json = (name: string) => JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8'));
const fingerprint = (name: string) => new X509Certificate(pem(name)).fingerprint256;

function federation() {
  const loaded = loadSpec(join(DIR, 'federation.yaml'));
  return buildFederation(Testing.app(), loaded.spec, DIR);
}

function inputs(overrides: Partial<Record<string, Partial<MeshCollectInput>>> = {}): MeshCollectInput[] {
  return ['red-mesh', 'green-mesh', 'blue-mesh'].map(mesh => ({
    mesh,
    services: json(`${mesh}-services`),
    nodes: mesh === 'blue-mesh' ? json('blue-mesh-nodes') : undefined,
    rootCertConfigMap: json(`${mesh}-root-cert`),
    ...overrides[mesh],
  }));
}

const errorOf = thrown;

describe('collect: addresses, node ports and root certificates into a lock file', () => {
  test('AWS hostnames, GCP IPs, NodePort node addresses and ports, and the certificates', () => {
    const lock = FederationCollect.collect(federation(), inputs());
    expect(lock.meshes.map(m => m.mesh)).toEqual(['blue-mesh', 'green-mesh', 'red-mesh']);
    const [blue, green, red] = lock.meshes;
    expect(red.ingress).toEqual([
      { peer: 'blue-mesh', service: 'ingress-blue-mesh', addresses: ['a1b2c3d4e5f6-1234567890.elb.us-west-2.amazonaws.com'] },
      { peer: 'green-mesh', service: 'ingress-green-mesh', addresses: ['a9f8e7d6c5b4-0987654321.elb.us-west-2.amazonaws.com'] },
    ]);
    expect(green.ingress.map(i => i.addresses)).toEqual([['203.0.113.10'], ['203.0.113.11']]);
    expect(blue.ingress).toEqual([
      { peer: 'green-mesh', service: 'ingress-green-mesh', addresses: ['192.0.2.21', '192.0.2.22'], servicePort: 30443, discoveryPort: 30444 },
      { peer: 'red-mesh', service: 'ingress-red-mesh', addresses: ['192.0.2.21', '192.0.2.22'], servicePort: 30445, discoveryPort: 30446 },
    ]);
    expect(red.rootCertificate).toMatchObject({ sha256: fingerprint('red-mesh-root-cert'), pem: pem('red-mesh-root-cert') });
    expect(red.rootCertificate!.notAfter).toMatch(/^\d{4}-\d\d-\d\dT/);
    // The text round-trips.
    const text = lockFileText(lock);
    expect(text).toMatch(/^# federation.lock.yaml: what `cdk8s-mesh-federation collect` read from the clusters./);
    expect(readLockFile(text, 'federation.lock.yaml')).toEqual(JSON.parse(JSON.stringify(lock)));
  });

  test.each<[string, Partial<Record<string, Partial<MeshCollectInput>>>, RegExp]>([
    ['an expired certificate', { 'red-mesh': { rootCertConfigMap: json('expired-root-cert') } }, /mesh 'red-mesh': istio-ca-root-cert root-cert.pem certificate \('CN=Expired Root CA', sha256 57:03:47:19:06:5D:8E:82:30:E8:54:C6:63:7A:63:5E:FE:BD:97:D5:76:0F:8D:6B:DB:8B:9A:E5:57:6C:EA:6A\) expired on 2021-01-01/],
    ['a certificate that is not a CA', { 'red-mesh': { rootCertConfigMap: json('not-a-ca-root-cert') } }, /mesh 'red-mesh': istio-ca-root-cert root-cert.pem certificate \('CN=leaf.example.com'\) is not a CA certificate/],
    ['a load balancer without an address yet', { 'green-mesh': { services: json('green-mesh-services-pending') } }, /the Service 'ingress-blue-mesh' \(the ingress gateway for 'blue-mesh'\) has no load balancer address yet/],
    ['NodePort without nodes', { 'blue-mesh': { nodes: undefined } }, /mesh 'blue-mesh': runs on NodePort, but no nodes were given/],
    ['a missing ingress Service', { 'red-mesh': { services: { kind: 'List', apiVersion: 'v1', items: [] } } }, /no Service 'ingress-blue-mesh' in 'red-mesh-system'/],
    ['services that are not JSON objects', { 'red-mesh': { services: 'NAME TYPE' } }, /mesh 'red-mesh': services: is .* not a JSON object/],
    ['a ConfigMap of another kind', { 'red-mesh': { rootCertConfigMap: { kind: 'Secret' } } }, /rootCertConfigMap is .* not a ConfigMap/],
    ['a ConfigMap without root-cert.pem', { 'red-mesh': { rootCertConfigMap: { kind: 'ConfigMap', metadata: { name: 'x' }, data: {} } } }, /has no data 'root-cert.pem'/],
    ['an unknown mesh', { 'red-mesh': { mesh: 'yellow-mesh' } }, /mesh 'yellow-mesh' is not a mesh of the federation/],
  ])('%s is a FederationError', (_name, overrides, expected) => {
    const error = errorOf(() => FederationCollect.collect(federation(), inputs(overrides)));
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error.name).toBe('FederationError');
    expect(error.message).toMatch(expected);
    for (const p of error.problems) expect(p).toMatch(/Fix: /);
  });

  test.each([
    ['not YAML', 'meshes: [', /is not YAML/],
    ['no meshes', 'a: 1', /not a lock file with a 'meshes' list/],
    ['an edited certificate fingerprint', stringify({ meshes: [{ mesh: 'red-mesh', rootCertificate: { sha256: 'AA', pem: pem('red-mesh-root-cert') }, ingress: [] }] }), /sha256 is 'AA', but its PEM has/],
    ['an expired certificate', stringify({ meshes: [{ mesh: 'red-mesh', rootCertificate: { pem: pem('expired-ca') }, ingress: [] }] }), /rootCertificate certificate \('CN=Expired Root CA', sha256 57:03:47:19:06:5D:8E:82:30:E8:54:C6:63:7A:63:5E:FE:BD:97:D5:76:0F:8D:6B:DB:8B:9A:E5:57:6C:EA:6A\) expired/],
    ['a bad ingress entry', stringify({ meshes: [{ mesh: 'red-mesh', ingress: [{ peer: 'x' }] }] }), /ingress #1 is .* not \{ peer, service, addresses/],
  ])('a lock file with %s is refused', (_name, text, expected) => {
    const error = errorOf(() => readLockFile(text, 'federation.lock.yaml'));
    expect(error.name).toBe('FederationError');
    expect(error.message).toMatch(expected);
  });
});

describe('synth reads the lock file beside the description', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach(d => rmSync(d, { recursive: true, force: true })));
  const tmp = () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-'));
    dirs.push(dir);
    return dir;
  };
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = main(args, { out: t => out.push(t), err: t => err.push(t) });
    return { code, out: out.join(''), err: err.join('') };
  };
  const files = (dir: string, prefix = ''): Record<string, string> => Object.fromEntries(readdirSync(join(dir, prefix)).flatMap(name => {
    const rel = join(prefix, name);
    return statSync(join(dir, rel)).isDirectory() ? Object.entries(files(dir, rel)) : [[rel, readFileSync(join(dir, rel), 'utf8')]];
  }));

  test('a synth with the lock file equals a synth with the same values written into the description, byte for byte', () => {
    const locked = tmp();
    copyFileSync(join(DIR, 'federation.yaml'), join(locked, 'federation.yaml'));
    const lock = FederationCollect.collect(federation(), inputs());
    writeFileSync(join(locked, 'federation.lock.yaml'), lockFileText(lock));
    const a = run(['synth', join(locked, 'federation.yaml'), '-o', join(locked, 'out')]);
    expect(a).toMatchObject({ code: 0, err: '' });

    const written = tmp();
    const spec = parse(readFileSync(join(DIR, 'federation.yaml'), 'utf8'));
    for (const mesh of spec.meshes) {
      const l = lock.meshes.find(m => m.mesh === mesh.name)!;
      mesh.rootCertificate = l.rootCertificate!.pem;
      if (mesh.platform.type === 'node-port') {
        mesh.platform.nodePorts = Object.fromEntries(l.ingress.map(i => [i.peer, { servicePort: i.servicePort, discoveryPort: i.discoveryPort }]));
      } else {
        mesh.ingressAddresses = Object.fromEntries(l.ingress.map(i => [i.peer, i.addresses]));
      }
    }
    writeFileSync(join(written, 'federation.yaml'), stringify(spec));
    expect(run(['synth', join(written, 'federation.yaml'), '-o', join(written, 'out')])).toMatchObject({ code: 0, err: '' });
    const lockedFiles = files(join(locked, 'out'));
    expect(Object.keys(lockedFiles).length).toBeGreaterThan(10);
    // The reports add which values came from the lock file; everything else is the same, byte for byte.
    const section = /## Values from federation\.lock\.yaml\n[\s\S]*$/;
    for (const report of ['federation-plan.md', 'federation-manual-steps.md']) {
      expect(lockedFiles[report]).toMatch(section);
      lockedFiles[report] = lockedFiles[report].replace(section, '');
    }
    expect(lockedFiles['federation-plan.md'].endsWith('\n')).toBe(true);
    expect(lockedFiles).toEqual(files(join(written, 'out')));
  });

  test('where the description and the lock file differ, the description wins with a warning', () => {
    const dir = tmp();
    const spec = parse(readFileSync(join(DIR, 'federation.yaml'), 'utf8'));
    spec.meshes[1].ingressAddresses = { 'red-mesh': ['198.51.100.7'] };
    writeFileSync(join(dir, 'federation.yaml'), stringify(spec));
    writeFileSync(join(dir, 'federation.lock.yaml'), lockFileText(FederationCollect.collect(federation(), inputs())));
    const result = run(['synth', join(dir, 'federation.yaml'), '-o', join(dir, 'out')]);
    expect(result.code).toBe(0);
    expect(result.err).toContain("Warning: mesh 'green-mesh': ingressAddresses for 'red-mesh' are [198.51.100.7] in the description and [203.0.113.11] in");
    expect(result.err).toContain('the description wins');
    const peer = readFileSync(join(dir, 'out', 'red-mesh', 'ServiceMeshPeer.green-mesh.k8s.yaml'), 'utf8');
    expect(peer).toContain('198.51.100.7');
  });

  test('a broken lock file stops synth with its problem', () => {
    const dir = tmp();
    copyFileSync(join(DIR, 'federation.yaml'), join(dir, 'federation.yaml'));
    writeFileSync(join(dir, 'federation.lock.yaml'), stringify({ meshes: [{ mesh: 'red-mesh', rootCertificate: { pem: pem('not-a-ca') }, ingress: [] }] }));
    const result = run(['synth', join(dir, 'federation.yaml'), '-o', join(dir, 'out')]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/federation.lock.yaml: meshes #1 \('red-mesh'\): rootCertificate certificate \('CN=leaf.example.com'\) is not a CA certificate/);
  });

  test('the API: lockedMeshOptions fills what the options leave out', () => {
    const lock = FederationCollect.collect(federation(), inputs());
    const { value, fromLock, warnings } = lockedMeshOptions(lock, 'green-mesh', { platform: federation().findMesh('green-mesh')!.platform, ingressAddresses: { 'blue-mesh': ['198.51.100.9'] } });
    expect(value.ingressAddresses).toEqual({ 'blue-mesh': ['198.51.100.9'], 'red-mesh': ['203.0.113.11'] });
    expect(value.rootCertificate).toBe(pem('green-mesh-root-cert'));
    expect(fromLock).toEqual([
      expect.stringMatching(/^mesh 'green-mesh': rootCertificate from federation.lock.yaml \(sha256 [0-9A-F:]{11}\.\.\., expires /),
      "mesh 'green-mesh': ingress address for 'red-mesh' from federation.lock.yaml (203.0.113.11)",
    ]);
    expect(warnings).toEqual([expect.stringMatching(/^mesh 'green-mesh': ingressAddresses for 'blue-mesh' are \[198.51.100.9\] in the description and \[203.0.113.10\]/)]);
  });

  test('the API: FederationCollect.readLockFile and meshOptions', () => {
    const text = FederationCollect.lockFileText(FederationCollect.collect(federation(), inputs()));
    const locked = FederationCollect.meshOptions(FederationCollect.readLockFile(text), 'red-mesh', { platform: federation().findMesh('red-mesh')!.platform });
    expect(locked.options.rootCertificate).toBe(pem('red-mesh-root-cert'));
    expect(locked.options.ingressAddresses).toEqual({
      'blue-mesh': ['a1b2c3d4e5f6-1234567890.elb.us-west-2.amazonaws.com'],
      'green-mesh': ['a9f8e7d6c5b4-0987654321.elb.us-west-2.amazonaws.com'],
    });
    expect(locked.warnings).toEqual([]);
    expect(FederationCollect.meshOptions(FederationCollect.readLockFile(text), 'other-mesh', { platform: locked.options.platform }).fromLock).toEqual([]);
  });
});

describe('the reports say which values came from the lock file', () => {
  test('plan and manual steps list them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lock-report-'));
    try {
      copyFileSync(join(DIR, 'federation.yaml'), join(dir, 'federation.yaml'));
      writeFileSync(join(dir, 'federation.lock.yaml'), lockFileText(FederationCollect.collect(federation(), inputs())));
      const loaded = loadSpec(join(dir, 'federation.yaml'));
      const built = buildFederation(Testing.app(), loaded.spec, dir);
      const reports = built.reportFiles();
      for (const file of ['federation-plan.md', 'federation-manual-steps.md']) {
        expect(reports[file]).toContain('## Values from federation.lock.yaml');
        expect(reports[file]).toContain("- mesh 'green-mesh': ingress address for 'red-mesh' from federation.lock.yaml (203.0.113.11)");
        expect(reports[file]).toContain("- mesh 'blue-mesh': node ports for 'green-mesh' from federation.lock.yaml (30443, 30444)");
        expect(reports[file]).toMatch(/- mesh 'red-mesh': rootCertificate from federation.lock.yaml \(sha256 [0-9A-F:]{11}\.\.\., expires \d{4}-/);
      }
      expect(built.planMarkdown()).toContain('## Values from federation.lock.yaml');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
