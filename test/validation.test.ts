import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Chart, Testing, YamlOutputType } from 'cdk8s';
import {
  FederatedMesh, GatewayNaming, LoadBalancerScheme, MeshOptions, Platform, Topology,
} from '../src';
import { pem, rootCert } from './support/certs';
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

describe('errors thrown at once, naming the mesh, the prop, the value and the fix', () => {
  test.each<[string, string, Partial<MeshOptions>, RegExp]>([
    ['upper case name', 'Red-Mesh', {}, /mesh 'Red-Mesh': name 'Red-Mesh' is not a DNS-1123 label .* Fix: use a name like 'red-mesh'/],
    ['empty name', '', {}, /mesh '': name '' is empty/],
    ['over-long name', 'm'.repeat(64), {}, /name 'm{64}' is 64 characters long \(at most 63\)/],
    ['namespace derived too long', 'm'.repeat(57), {}, /namespace 'm{57}-system' is 64 characters long \(at most 63\)\. Fix: shorten the mesh name to at most 56 characters, or set namespace/],
    ['bad namespace', 'a', { namespace: 'A_ns' }, /mesh 'a': namespace 'A_ns' is not a DNS-1123 label/],
    ['bad control plane name', 'a', { controlPlaneName: 'Basic' }, /mesh 'a': controlPlaneName 'Basic' is not a DNS-1123 label/],
    ['old version', 'a', { version: 'v2.0' }, /mesh 'a': version 'v2.0' is not a ServiceMeshControlPlane v2 version that supports federation\. Fix: use 'v2.1' or later/],
    ['bad trust domain', 'a', { trustDomain: 'A Domain' }, /mesh 'a': trustDomain 'A Domain' is not a valid trust domain/],
    ['bad cluster name', 'a', { clusterName: 'my cluster' }, /mesh 'a': clusterName 'my cluster' is not a valid name/],
    ['subzone without zone', 'a', { locality: { region: 'us-east-1', subzone: 's1' } }, /mesh 'a': locality.subzone 's1' is set without a zone; the operator drops such a locality/],
    ['PEM garbage', 'a', { rootCertificate: 'hello' }, /mesh 'a': rootCertificate is not a PEM certificate .*Fix: pass the PEM text/],
    ['corrupt certificate body', 'a', { rootCertificate: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n' }, /mesh 'a': rootCertificate certificate does not parse as X\.509/],
    ['leaf certificate', 'a', { rootCertificate: pem('not-a-ca') }, /mesh 'a': rootCertificate certificate \('CN=leaf\.example\.com'\) is not a CA certificate/],
    ['expired certificate', 'a', { rootCertificate: pem('expired-ca') }, /mesh 'a': rootCertificate certificate \('CN=Expired Root CA'\) expired on 2021-01-01T00:00:00\.000Z/],
    ['bad dnsDomain', 'a', { dnsDomain: 'apps..example.com' }, /mesh 'a': dnsDomain 'apps\.\.example\.com' has the label '', which is not a DNS label/],
    ['externalDns without dnsDomain', 'a', { dnsDomain: undefined, externalDns: true }, /mesh 'a': externalDns is true but dnsDomain is not set/],
    ['dnsDomain on NodePort', 'a', { platform: Platform.nodePort({ nodeAddresses: ['192.0.2.1'] }) }, /mesh 'a': dnsDomain 'a\.example\.com' has no effect on the NodePort platform/],
    ['address neither IP nor hostname', 'a', { ingressAddresses: { b: ['lb_1.example.com'] } }, /mesh 'a': ingressAddresses\['b'\] has 'lb_1\.example\.com', which is neither an IP address nor a hostname/],
    ['bad IPv4 address', 'a', { ingressAddresses: { b: ['10.0.0.256'] } }, /ingressAddresses\['b'\] has '10\.0\.0\.256', which is not a valid IPv4 address/],
    ['empty address list', 'a', { ingressAddresses: { b: [] } }, /mesh 'a': ingressAddresses\['b'\] is empty/],
    ['bad CIDR', 'a', { ingressSourceRanges: ['10.0.0.0/33'] }, /mesh 'a': ingressSourceRanges has '10\.0\.0\.0\/33', which has a prefix length of 33 \(at most 32\)/],
    ['CIDR without prefix', 'a', { egressSourceRanges: ['10.0.0.1'] }, /mesh 'a': egressSourceRanges has '10\.0\.0\.1', which is not a CIDR range/],
    ['NodePort without node addresses', 'a', { dnsDomain: undefined, platform: Platform.nodePort({ nodeAddresses: [] }) }, /mesh 'a': platform Platform\.nodePort\(\) has no nodeAddresses/],
    ['node port out of range', 'a', { dnsDomain: undefined, platform: Platform.nodePort({ nodeAddresses: ['192.0.2.1'], nodePorts: { b: { servicePort: 8443, discoveryPort: 30001 } } }) },
      /mesh 'a': Platform\.nodePort\(\) nodePorts\['b'\]\.servicePort 8443 is outside 30000-32767/],
    ['node ports colliding', 'a', { dnsDomain: undefined, platform: Platform.nodePort({ nodeAddresses: ['192.0.2.1'], nodePorts: { b: { servicePort: 30001, discoveryPort: 30002 }, c: { servicePort: 30002, discoveryPort: 30003 } } }) },
      /mesh 'a': Platform\.nodePort\(\) nodePorts\['c'\]\.servicePort 30002 is already used by nodePorts\['b'\]\.discoveryPort/],
    ['first node port out of range', 'a', { dnsDomain: undefined, platform: Platform.nodePort({ nodeAddresses: ['192.0.2.1'], firstNodePort: 29999 }) }, /firstNodePort 29999 is outside 30000-32767/],
  ])('%s', (_case, name, extra, message) => {
    const error = addError(name, extra);
    expect(error.name).toBe('FederationError');
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error.message).toMatch(message);
  });

  test('a certificate followed by its private key is refused, and the key is never echoed', () => {
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    const error = addError('a', { rootCertificate: rootCert('red-mesh') + key });
    expect(error.message).toMatch(/mesh 'a': rootCertificate holds a private key\. Fix: pass only the CERTIFICATE block/);
    expect(error.message).not.toContain(key.split('\n')[1]);
  });

  test('all problems of one mesh are reported together', () => {
    const error = addError('a', { namespace: 'Bad', trustDomain: 'Bad Domain', version: 'v1.1' }) as Error & { problems: string[] };
    expect(error.problems).toEqual([
      expect.stringMatching(/^mesh 'a': namespace 'Bad'/),
      expect.stringMatching(/^mesh 'a': version 'v1\.1'/),
      expect.stringMatching(/^mesh 'a': trustDomain 'Bad Domain'/),
    ]);
    expect(error.message).toMatch(/^3 problems:\n- mesh 'a': namespace/);
  });

  test('duplicate mesh names', () => {
    const federation = new FederatedMesh(Testing.app(), 'federation');
    federation.addMesh('a', ok('a'));
    expect(() => federation.addMesh('a', ok('a'))).toThrow(/mesh 'a': name is already used by another mesh of this federation\. Fix: give every mesh a unique name/);
  });

  test('a mesh name that another chart of the app already uses', () => {
    const app = Testing.app();
    new Chart(app, 'a');
    const federation = new FederatedMesh(app, 'federation');
    expect(() => federation.addMesh('a', ok('a'))).toThrow(/mesh 'a': name is already used by another chart or construct at the root of the app/);
  });

  test('peering a mesh with itself', () => {
    const federation = new FederatedMesh(Testing.app(), 'federation', { topology: Topology.explicit() });
    const a = federation.addMesh('a', ok('a'));
    expect(() => federation.addPeering(a, a)).toThrow(/mesh 'a': cannot peer with itself\. Fix: pass two different meshes to addPeering\(\)/);
  });

  test('peering with a mesh of another federation', () => {
    const app = Testing.app();
    const one = new FederatedMesh(app, 'one', { topology: Topology.explicit() });
    const two = new FederatedMesh(app, 'two', { topology: Topology.explicit() });
    const a = one.addMesh('a', ok('a'));
    const b = two.addMesh('b', ok('b'));
    expect(() => one.addPeering(a, b)).toThrow(/mesh 'b': is not a mesh of this federation, so it cannot be peered here/);
  });

  test('peering twice', () => {
    const federation = new FederatedMesh(Testing.app(), 'federation');
    const a = federation.addMesh('a', ok('a'));
    const b = federation.addMesh('b', ok('b'));
    expect(() => federation.addPeering(b, a)).toThrow(/mesh 'b': already peers with 'a' \(the full-mesh topology peered them\)/);
  });

  test.each([
    ['no {peer}', () => GatewayNaming.pattern('ingress', 'egress-{peer}'), /'ingressPattern' \('ingress'\) must contain '\{peer\}' exactly once/],
    ['same patterns', () => GatewayNaming.pattern('gw-{peer}', 'gw-{peer}'), /'ingressPattern' and 'egressPattern' are both 'gw-\{peer\}'/],
  ])('gateway naming: %s', (_case, fn, message) => {
    expect(fn).toThrow(message);
  });
});

describe('errors found at synth, all reported together', () => {
  test('duplicate trust domains', () => {
    expect(synthError([['a', { trustDomain: 'shared.local' }], ['b', { trustDomain: 'shared.local' }]]))
      .toMatch(/mesh 'b': trustDomain 'shared\.local' is also the trust domain of mesh 'a'; trust domains must be unique .* Fix: set trustDomain to e\.g\. 'b\.local'/);
  });

  test('duplicate namespaces on the same cluster, allowed on different clusters', () => {
    expect(synthError([['a', { namespace: 'istio-system' }], ['b', { namespace: 'istio-system' }]]))
      .toMatch(/mesh 'b': namespace 'istio-system' is also the namespace of mesh 'a' and neither declares a clusterName\. Fix: give each mesh its own namespace, or set clusterName/);
    expect(synthError([['a', { namespace: 'istio-system', clusterName: 'c1' }], ['b', { namespace: 'istio-system', clusterName: 'c1' }]]))
      .toMatch(/namespace 'istio-system' is also the namespace of mesh 'a' on the same cluster 'c1'/);
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('a', ok('a', { namespace: 'istio-system', clusterName: 'east' }));
    federation.addMesh('b', ok('b', { namespace: 'istio-system', clusterName: 'west' }));
    expect(synthAll(app).filter(o => o.kind === 'ServiceMeshPeer')).toHaveLength(2);
  });

  test('a peer name that makes the egress service account longer than 63 characters', () => {
    const long = 'p'.repeat(41); // egress-<41> is 48 characters; plus '-service-account' is 64
    expect(synthError([['a', {}], [long, {}]]))
      .toMatch(new RegExp(`mesh 'a': the egress gateway name for peer '${long}', 'egress-${long}', is 48 characters long \\(at most 47\\) \\(its service account is '<name>-service-account', at most 63 characters\\)\\. Fix: shorten`));
  });

  test('a naming that yields a reserved gateway name', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation', { gatewayNaming: GatewayNaming.pattern('istio-{peer}gateway', 'fed-egress-{peer}') });
    federation.addMesh('ingress', ok('ingress'));
    federation.addMesh('b', ok('b'));
    expect(() => synthAll(app)).toThrow(/mesh 'b': the ingress gateway name for peer 'ingress' is 'istio-ingressgateway', which the control plane reserves\. Fix: choose another gatewayNaming/);
  });

  test('no address for a load balancer', () => {
    expect(synthError([['a', {}], ['b', { dnsDomain: undefined }]]))
      .toMatch(/mesh 'b': no address is known for its ingress gateway 'ingress-a' serving 'a', so the ServiceMeshPeer 'b' in 'a-system' would have no spec\.remote\.addresses\. Fix: set dnsDomain on 'b' \(a stable DNS name\), or ingressAddresses: \{ 'a': \['<load balancer IP>'\] \}/);
  });

  test('an AWS mesh without address asks for the load balancer hostname', () => {
    expect(synthError([['a', {}], ['b', { dnsDomain: undefined, platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNAL }) }]]))
      .toMatch(/ingressAddresses: \{ 'a': \['<load balancer hostname>'\] \}/);
  });

  test('ingressAddresses naming a mesh that is not a peer', () => {
    expect(synthError([['a', { ingressAddresses: { bb: ['203.0.113.1'] } }], ['b', {}]]))
      .toMatch(/mesh 'a': ingressAddresses names 'bb', which is not a peer of this mesh \(peers: 'b'\)\. Fix: use a peer's mesh name/);
  });

  test('nodePorts naming a mesh that is not a peer', () => {
    expect(synthError([['a', { dnsDomain: undefined, platform: Platform.nodePort({ nodeAddresses: ['192.0.2.1'], nodePorts: { x: { servicePort: 30001, discoveryPort: 30002 } } }) }], ['b', {}]]))
      .toMatch(/mesh 'a': Platform\.nodePort\(\) nodePorts names 'x', which is not a peer of this mesh \(peers: 'b'\)/);
  });

  test('a pinned node port that the automatic allocation would also take is skipped, one beyond the range is refused', () => {
    expect(synthError([['a', { dnsDomain: undefined, platform: Platform.nodePort({ nodeAddresses: ['192.0.2.1'], firstNodePort: 32767 }) }], ['b', {}]]))
      .toMatch(/mesh 'a': the node port allocated for peer 'b' would be 32768, beyond 32767\. Fix: lower Platform\.nodePort\(\) firstNodePort, or pin nodePorts/);
  });

  test('a peered mesh without root certificate', () => {
    expect(synthError([['a', {}], ['b', { rootCertificate: undefined }]]))
      .toMatch(/mesh 'b': rootCertificate is not set, but 'a' peers with it and needs it in the ConfigMap 'b-ca-root-cert'\. Fix: pass the PEM of its istio-ca-root-cert \(`oc get configmap istio-ca-root-cert -n b-system/);
  });

  test('a hub that is not a mesh', () => {
    expect(synthError([['a', {}], ['b', {}]], Topology.hubAndSpoke('hubb')))
      .toMatch(/federation 'federation': Topology\.hubAndSpoke\('hubb'\) names a hub that is not a mesh of this federation \(meshes: 'a', 'b'\)/);
  });

  test('a base spec that conflicts with the federation settings', () => {
    expect(synthError([['a', { controlPlaneSpec: { security: { trust: { domain: 'other.local' } } } }], ['b', {}]]))
      .toMatch(/mesh 'a': controlPlaneSpec sets spec\.security\.trust\.domain to 'other\.local' but the mesh needs 'a\.local'\. Fix: remove spec\.security\.trust\.domain from controlPlaneSpec, or set the matching mesh prop/);
    expect(synthError([['a', { version: 'v2.4', controlPlaneSpec: { version: 'v2.5' } }], ['b', {}]]))
      .toMatch(/controlPlaneSpec sets spec\.version to 'v2\.5' but the mesh needs 'v2\.4'/);
  });

  test('a base spec that already defines a federation gateway', () => {
    expect(synthError([['a', { controlPlaneSpec: { gateways: { additionalEgress: { 'egress-b': { enabled: true } } } } }], ['b', {}]]))
      .toMatch(/mesh 'a': controlPlaneSpec already defines an additional gateway named 'egress-b', which the federation with 'b' needs/);
  });

  test('several problems across meshes come in one error', () => {
    const message = synthError([['a', { trustDomain: 'x.local', rootCertificate: undefined }], ['b', { trustDomain: 'x.local', dnsDomain: undefined }]]);
    expect(message).toMatch(/trustDomain 'x\.local' is also the trust domain of mesh 'a'/);
    expect(message).toMatch(/mesh 'a': rootCertificate is not set/);
    expect(message).toMatch(/mesh 'b': no address is known/);
  });

  test('a failing synth writes no file', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'federation-')), 'dist');
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('a', ok('a'));
    federation.addMesh('b', ok('b', { dnsDomain: undefined }));
    expect(() => app.synth()).toThrow(/no address is known/);
    expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
  });
});

test('a DNS name derived from dnsDomain that is too long for DNS', () => {
  const domain = Array.from({ length: 4 }, () => 'd'.repeat(60)).join('.'); // 243 characters
  expect(synthError([['a', { dnsDomain: domain }], ['b', {}]]))
    .toMatch(/mesh 'a': the DNS name 'ingress-b\.a-system\.d{60}\.d{60}\.d{60}\.d{60}' derived from dnsDomain is 262 characters long \(at most 253\)\. Fix: use a shorter dnsDomain/);
});
