// Wrong types through the TypeScript API, as jsii users in other languages may pass them: each is
// a FederationError naming the mesh or construct, the prop, the value and the fix; never a
// TypeError.
import { Testing } from 'cdk8s';
import { FederatedMesh, LoadBalancerScheme, Mesh, MeshOptions, Platform } from '../src';
import { rootCert } from './support/certs';
import { federationError } from './support/run';

const platform = Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL });
const federation = () => new FederatedMesh(Testing.app(), 'federation');

describe('a mesh\'s options of the wrong type', () => {
  test.each<[string, unknown, string]>([
    ['options undefined', undefined, "mesh 'a': platform is undefined, not a Platform. Fix: use one of Platform's factories"],
    ['no platform', {}, "mesh 'a': platform is undefined, not a Platform."],
    ['a platform that is a string', { platform: 'gcp' }, "mesh 'a': platform is 'gcp', not a Platform."],
    ['a root certificate that is a number', { platform, rootCertificate: 123 }, "mesh 'a': rootCertificate is 123, not a string. Fix: pass text (the PEM of the root certificate), or leave it out"],
    ['a namespace that is a list', { platform, namespace: ['a'] }, "mesh 'a': namespace is [\"a\"], not a string."],
    ['externalDns as text', { platform, externalDns: 'yes' }, "mesh 'a': externalDns is 'yes', not true or false."],
    ['source ranges as one string', { platform, ingressSourceRanges: '10.0.0.0/8' }, "mesh 'a': ingressSourceRanges is '10.0.0.0/8', not a list of CIDR ranges."],
    ['addresses not as lists', { platform, ingressAddresses: { b: '203.0.113.1' } }, "mesh 'a': ingressAddresses is {\"b\":\"203.0.113.1\"}, not a map of peer mesh names to lists of addresses."],
    ['a locality that is text', { platform, locality: 'us-east-1' }, "mesh 'a': locality is 'us-east-1', not { region, zone?, subzone? } with text values."],
    ['a gateway naming that is text', { platform, gatewayNaming: 'docs' }, "mesh 'a': gatewayNaming is 'docs', not a GatewayNaming."],
  ])('%s', (_what, options, message) => {
    const error = federationError(() => federation().addMesh('a', options as MeshOptions));
    expect(error.problems.some(p => p.startsWith(message))).toBe(true);
  });

  test('a control plane spec with a cycle or a BigInt is named, not a stack overflow at synth', () => {
    const cyclic: Record<string, any> = { a: {} };
    cyclic.a.self = cyclic;
    expect(federationError(() => federation().addMesh('a', { platform, controlPlaneSpec: cyclic })).problems)
      .toEqual(["mesh 'a': controlPlaneSpec.a.self refers back to itself (a cycle). Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys"]);
    expect(federationError(() => federation().addMesh('a', { platform, controlPlaneSpec: { n: BigInt(1) } })).problems)
      .toEqual([expect.stringMatching(/^mesh 'a': controlPlaneSpec\.n is a bigint, not a JSON value\. Fix:/)]);
  });

  test('a huge value is cut in the message', () => {
    const error = federationError(() => federation().addMesh('a', { platform, rootCertificate: 42 as any, namespace: ['x'.repeat(1_000_000)] as any }));
    expect(error.message.length).toBeLessThan(1000);
  });

  test('new Mesh() with no props at all', () => {
    expect(federationError(() => new Mesh(Testing.app(), 'a', undefined as any)).problems).toEqual([expect.stringMatching(/^mesh 'a': options are undefined\. Fix: pass the mesh's options/)]);
  });
});

describe('exports and imports whose meshes are not meshes', () => {
  test.each(['addServiceExport', 'addServiceImport'] as const)('%s with peer undefined, null or a name', method => {
    const f = federation();
    const red = f.addMesh('red-mesh', { platform, rootCertificate: rootCert('red-mesh'), dnsDomain: 'red.example.com' });
    const kind = method === 'addServiceExport' ? 'ServiceExport' : 'ServiceImport';
    for (const [peer, shown] of [[undefined, 'undefined'], [null, 'null'], ['green-mesh', "'green-mesh'"]] as const) {
      expect(federationError(() => (red as any)[method]('x', { peer })).problems)
        .toEqual([`mesh 'red-mesh': ${kind} 'x' peer is ${shown}, not a Mesh. Fix: pass a Mesh of the federation, e.g. federation.findMesh('green-mesh')`]);
    }
    expect(federationError(() => (red as any)[method]('x', undefined)).problems)
      .toEqual([`mesh 'red-mesh': ${kind} 'x' peer is undefined, not a Mesh. Fix: pass a Mesh of the federation, e.g. federation.findMesh('green-mesh')`]);
  });
});
