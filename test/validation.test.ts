import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing, YamlOutputType } from 'cdk8s';
import { FederatedMesh, LoadBalancerScheme, MeshOptions, Platform, Topology } from '../src';
import { rootCert } from './support/certs';
import { synthAll } from './support/synth';

const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });
const ok = (name: string, extra: Partial<MeshOptions> = {}): MeshOptions => ({
  platform: gcp(), rootCertificate: rootCert('red-mesh'), dnsDomain: `${name}.example.com`, ...extra,
});

/** Adds meshes to a new federation in a new app and synthesizes it; returns the error message. */
function synthError(meshes: Array<[string, Partial<MeshOptions>]>, topology?: Topology): string {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation', { topology });
  for (const [name, extra] of meshes) federation.addMesh(name, ok(name, extra));
  try {
    synthAll(app);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth did not fail');
}

/** The error `addMesh` throws at once. */
function addError(name: string, extra: Partial<MeshOptions>): Error {
  const federation = new FederatedMesh(Testing.app(), 'federation');
  try {
    federation.addMesh(name, ok(name, extra));
  } catch (e) {
    return e as Error;
  }
  throw new Error('addMesh did not fail');
}

// Each error has its own entry in test/errors-catalogue.test.ts (and docs/errors.md); these tests
// cover how errors behave together.

test('a certificate followed by its private key is refused, and the key is never echoed', () => {
  const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const error = addError('a', { rootCertificate: rootCert('red-mesh') + key });
  expect(error.message).toMatch(/mesh 'a': rootCertificate holds a private key/);
  expect(error.message).not.toContain(key.split('\n')[1]);
});

test('all problems of one mesh are reported together', () => {
  const error = addError('a', { namespace: 'Bad', trustDomain: 'Bad Domain', version: 'v1.1' }) as Error & { problems: string[] };
  expect(error.name).toBe('FederationError');
  expect(error.problems).toEqual([
    expect.stringMatching(/^mesh 'a': namespace 'Bad'/),
    expect.stringMatching(/^mesh 'a': version 'v1\.1'/),
    expect.stringMatching(/^mesh 'a': trustDomain 'Bad Domain'/),
  ]);
  expect(error.message).toMatch(/^3 problems:\n- mesh 'a': namespace/);
});

test('several problems across meshes come in one FederationError at synth', () => {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation');
  federation.addMesh('a', ok('a', { trustDomain: 'x.local', rootCertificate: undefined }));
  federation.addMesh('b', ok('b', { trustDomain: 'x.local', dnsDomain: undefined }));
  let error: (Error & { problems?: string[] }) | undefined;
  try {
    synthAll(app);
  } catch (e) {
    error = e as Error;
  }
  expect(error?.name).toBe('FederationError');
  expect(error?.problems).toEqual([
    expect.stringMatching(/^mesh 'b': trustDomain 'x\.local' is also the trust domain of mesh 'a'/),
    // then mesh by mesh, in name order: what 'a' needs from 'b', then what 'b' needs from 'a'
    expect.stringMatching(/^mesh 'b': no address is known for its ingress gateway 'ingress-a' serving 'a'/),
    expect.stringMatching(/^mesh 'a': rootCertificate is not set, but 'b' peers with it/),
  ]);
  expect(error?.message).toMatch(/^3 problems:\n- /);
});

test('duplicate namespaces: refused on one cluster, allowed on different clusters', () => {
  expect(synthError([['a', { namespace: 'istio-system', clusterName: 'c1' }], ['b', { namespace: 'istio-system', clusterName: 'c1' }]]))
    .toMatch(/namespace 'istio-system' is also the namespace of mesh 'a' on the same cluster 'c1'/);
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation');
  federation.addMesh('a', ok('a', { namespace: 'istio-system', clusterName: 'east' }));
  federation.addMesh('b', ok('b', { namespace: 'istio-system', clusterName: 'west' }));
  expect(synthAll(app).filter(o => o.kind === 'ServiceMeshPeer')).toHaveLength(2);
});

test('a failing synth leaves the output folder untouched', () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'federation-')), 'dist');
  // The output of an earlier, good run.
  const good = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const before = new FederatedMesh(good, 'federation');
  before.addMesh('a', ok('a'));
  before.addMesh('b', ok('b'));
  good.synth();
  const snapshot = () => readdirSync(outdir, { recursive: true }).map(String).sort()
    .map(f => [f, statSync(join(outdir, f)).isFile() ? readFileSync(join(outdir, f), 'utf8') : '']);
  const earlier = snapshot();
  expect(earlier.length).toBeGreaterThan(5);

  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const federation = new FederatedMesh(app, 'federation');
  federation.addMesh('a', ok('a'));
  federation.addMesh('b', ok('b', { dnsDomain: undefined }));
  federation.addMesh('c', ok('c'));
  expect(() => app.synth()).toThrow(/no address is known/);
  expect(snapshot()).toEqual(earlier);
});

test('the federation is checked again after any change made after a synth', () => {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation');
  const a = federation.addMesh('a', ok('a'));
  const b = federation.addMesh('b', ok('b'));
  expect(synthAll(app)).toHaveLength(10); // per mesh: control plane, Namespace, member roll, peer, root certificate
  const imp = a.addServiceImport('from-b', { peer: b });
  expect(synthAll(app)).toHaveLength(11); // plus an empty ImportedServiceSet
  imp.addNameRule({ namespace: 'shop', name: 'cart' });
  expect(() => synthAll(app)).toThrow(/addNameRule\('shop', 'cart'\): matches nothing mesh 'b' exports to 'a'/);
  b.addServiceExport('to-a', { peer: a }).addNameRule({ namespace: 'shop', name: 'cart' });
  expect(synthAll(app)).toHaveLength(12);
  expect(b.memberNamespaces).toEqual(['shop']); // the exported service's namespace joined b's member roll
  federation.addMesh('c', ok('c', { dnsDomain: undefined }));
  expect(() => synthAll(app)).toThrow(/mesh 'c': no address is known/);
});
