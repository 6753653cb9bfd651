// Careless or hostile input to the federation's own entry points (FederatedMesh, addMesh,
// addPeering, the naming methods, Topology and GatewayNaming factories) and to a mesh's
// addresses, ranges, certificate and control plane spec: each is a FederationError that names
// where, what and the fix, never a TypeError, and a refused mesh leaves nothing in the tree.
import { Testing } from 'cdk8s';
import { FederatedMesh, GatewayNaming, LoadBalancerScheme, MeshOptions, Platform, Topology } from '../src';
import { rootCert } from './support/certs';
import { federationError } from './support/run';

const platform = Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL });
const nodePort = Platform.nodePort({ nodeAddresses: ['192.0.2.10'] });
const federation = () => new FederatedMesh(Testing.app(), 'federation');

/** The problems of the FederationError `run` throws; fails on a TypeError or on no error. */
const problemsOf = (run: () => unknown): string[] => federationError(run).problems;

describe('a federation\'s id and props', () => {
  const fix = "Fix: use an id like 'federation'";
  test.each<[string, unknown, string]>([
    ['a newline', 'my\nfederation', "federation 'my\\nfederation': id is not a name"],
    ['empty', '', "federation '': id is not a name"],
    ['a number', 42, 'federation 42: id is not a name'],
    ['undefined', undefined, 'federation undefined: id is not a name'],
    ['a path', '../../x', "federation '../../x': id is not a name"],
    ['a leading dot', '.hidden', "federation '.hidden': id is not a name"],
    ['too long', 'f'.repeat(64), `federation '${'f'.repeat(64)}': id is not a name of at most 63`],
  ])('id %s', (_what, id, start) => {
    const [problem] = problemsOf(() => new FederatedMesh(Testing.app(), id as string));
    expect(problem.startsWith(start)).toBe(true);
    expect(problem.endsWith(fix)).toBe(true);
  });

  test.each<[string, unknown, string]>([
    ['props as text', 'full-mesh', "federation 'federation': props are 'full-mesh', not an object. Fix: pass the federation's props, e.g. { topology: Topology.fullMesh() }, or leave them out"],
    ['props as a list', [], "federation 'federation': props are [], not an object."],
    ['props null', null, "federation 'federation': props are null, not an object."],
    ['topology as text', { topology: 'hub' }, "federation 'federation': topology is 'hub', not a Topology. Fix: use Topology.fullMesh(), Topology.hubAndSpoke(hub) or Topology.explicit()"],
    ['gateway naming as text', { gatewayNaming: 'docs' }, "federation 'federation': gatewayNaming is 'docs', not a GatewayNaming. Fix: use GatewayNaming.docs()"],
    ['version as a number', { version: 2.6 }, "federation 'federation': version is 2.6, not a string. Fix: pass a ServiceMeshControlPlane version like 'v2.6', or leave it out"],
  ])('%s', (_what, props, start) => {
    const app = Testing.app();
    expect(problemsOf(() => new FederatedMesh(app, 'federation', props as any))[0].startsWith(start)).toBe(true);
    expect(app.node.children).toHaveLength(0);
  });
});

describe('the federation\'s and a mesh\'s methods given the wrong types', () => {
  test.each<[string, unknown]>([['a number', 42], ['undefined', undefined], ['null', null], ['an object', {}]])('addMesh() with a name that is %s', (_what, name) => {
    const f = federation();
    expect(problemsOf(() => f.addMesh(name as string, { platform }))[0])
      .toMatch(/^federation 'federation': addMesh\(\): name is .*, not a string\. Fix: pass the mesh's name, e\.g\. 'red-mesh'$/);
    expect(f.meshes).toHaveLength(0);
  });

  test.each<[string, unknown, string]>([['undefined', undefined, 'undefined'], ['a name', 'b', "'b'"], ['an object', {}, '{}']])('addPeering() with %s', (_what, other, shown) => {
    const f = new FederatedMesh(Testing.app(), 'federation', { topology: Topology.explicit() });
    const a = f.addMesh('a', { platform });
    expect(problemsOf(() => f.addPeering(a, other as any)))
      .toEqual([`federation 'federation': addPeering() b is ${shown}, not a Mesh. Fix: pass two meshes of this federation, e.g. federation.findMesh('red-mesh')`]);
    expect(f.peerings).toHaveLength(0);
  });

  test.each(['ingressGatewayName', 'egressGatewayName', 'clientId'] as const)('%s() with a peer that is not a name', method => {
    const mesh = federation().addMesh('a', { platform });
    expect(problemsOf(() => mesh[method](123 as any)))
      .toEqual([`mesh 'a': ${method}(): peer is 123, not a string. Fix: pass the peer mesh's name, e.g. 'green-mesh'`]);
  });

  test('Topology.hubAndSpoke() and GatewayNaming.pattern() with values that are not text', () => {
    expect(problemsOf(() => Topology.hubAndSpoke(7 as any))).toEqual(["Topology.hubAndSpoke: hub is 7, not a string. Fix: pass the hub mesh's name, e.g. Topology.hubAndSpoke('hub-mesh')"]);
    expect(problemsOf(() => GatewayNaming.pattern(undefined as any, 'egress-{peer}'))).toEqual(["GatewayNaming.pattern: 'ingressPattern' is undefined, not a string. Fix: pass text like 'ingress-{peer}'"]);
    expect(problemsOf(() => GatewayNaming.pattern('in-{peer}', ['egress-{peer}'] as any))).toEqual(["GatewayNaming.pattern: 'egressPattern' is [\"egress-{peer}\"], not a string. Fix: pass text like 'egress-{peer}'"]);
  });
});

describe('a control plane spec that cannot be written as a manifest', () => {
  const jsonFix = "Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys";
  const deep = (levels: number) => Array.from({ length: levels }).reduce<Record<string, unknown>>(inner => ({ x: inner }), {});
  test.each<[string, unknown, string]>([
    ['an own __proto__ key', JSON.parse('{"general":{"__proto__":{"x":1}}}'), "controlPlaneSpec.general has the key '__proto__', which would be dropped when written"],
    ['a constructor key', { constructor: 1 }, "controlPlaneSpec has the key 'constructor', which cannot be written"],
    ['a __proto__ in an object literal', { __proto__: { a: 1 } }, "controlPlaneSpec is an object with a prototype of its own (a '__proto__' key?), not a plain object"],
    ['a Date', { general: { since: new Date(0) } }, 'controlPlaneSpec.general.since is a Date, not a plain object'],
    ['NaN', { proxy: { concurrency: NaN } }, 'controlPlaneSpec.proxy.concurrency is NaN, not a finite number'],
    ['Infinity', { proxy: { concurrency: Infinity } }, 'controlPlaneSpec.proxy.concurrency is Infinity, not a finite number'],
    ['a function', { general: { logging: () => 1 } }, 'controlPlaneSpec.general.logging is a function, not a JSON value'],
    ['a symbol', { general: Symbol('x') }, 'controlPlaneSpec.general is a symbol, not a JSON value'],
    ['a hole in a list', { addons: [1, undefined] }, 'controlPlaneSpec.addons[1] is undefined (a hole in the list), which would be written as null'],
    ['100 levels of nesting', deep(100), 'controlPlaneSpec' + '.x'.repeat(64) + ' is nested more than 64 levels deep'],
  ])('%s', (_what, spec, problem) => {
    expect(problemsOf(() => federation().addMesh('a', { platform, controlPlaneSpec: spec as any }))).toEqual([`mesh 'a': ${problem}. ${jsonFix}`]);
  });

  test.each<[unknown, string]>([['v2.0', "'v2.0'"], [2.6, '2.6'], ['2.6', "'2.6'"]])('controlPlaneSpec.version %s', (version, shown) => {
    expect(problemsOf(() => federation().addMesh('a', { platform, controlPlaneSpec: { version } })))
      .toEqual([`mesh 'a': controlPlaneSpec.version ${shown} is not a ServiceMeshControlPlane v2 version that supports federation. Fix: use 'v2.1' or later, e.g. 'v2.6' (or set the mesh's version prop and remove it from controlPlaneSpec)`]);
  });

  test('a version set by the version prop is not checked again in the spec (the prop wins, the merge reports a conflict)', () => {
    expect(() => federation().addMesh('a', { platform, version: 'v2.5', controlPlaneSpec: { version: 'v2.0' } })).not.toThrow();
  });
});

describe('a root certificate that would make a broken ConfigMap', () => {
  const pem = rootCert('red-mesh');
  test.each<[string, string, RegExp]>([
    ['11 MB', pem.repeat(Math.ceil(11_000_000 / pem.length)), /^mesh 'a': rootCertificate is 1\d{7} bytes, more than the 262144 a root certificate bundle may have here \(it is copied into a ConfigMap in each peer's namespace, and a Kubernetes object holds at most 1 MiB\)\. Fix: pass only the mesh's root CA certificate\(s\), a few kilobytes each$/],
    ['text after the PEM', `${pem}\nhello world\n`, /^mesh 'a': rootCertificate has text outside its PEM blocks \('hello world'\), which would be copied into the peers' ConfigMaps\. Fix: pass only the '-----BEGIN CERTIFICATE-----' \.\.\. '-----END CERTIFICATE-----' blocks/],
    ['openssl headers before the PEM', `Bag Attributes\nsubject=CN = red-mesh\n${pem}`, /^mesh 'a': rootCertificate has text outside its PEM blocks \('Bag Attributes'\)/],
    ['text between two blocks', `${pem}\n# next\n${rootCert('green-mesh')}`, /^mesh 'a': rootCertificate has text outside its PEM blocks \('# next'\)/],
  ])('%s', (_what, rootCertificate, expected) => {
    const problems = problemsOf(() => federation().addMesh('a', { platform, rootCertificate }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(expected);
    expect(problems[0].length).toBeLessThan(600);
  });

  test('whitespace around the blocks is fine', () => {
    expect(() => federation().addMesh('a', { platform, rootCertificate: `\n\n${pem}\n\n${rootCert('green-mesh')}  \n` })).not.toThrow();
  });
});

describe('addresses and ranges a peer could never use', () => {
  const ipFix = "Fix: use the load balancer's hostname or IP";
  test.each<[string, Partial<MeshOptions>, string]>([
    ['the unspecified IPv4 address', { ingressAddresses: { b: ['0.0.0.0'] } }, `mesh 'a': ingressAddresses['b'] has '0.0.0.0', which is the unspecified address (nothing can connect to it). ${ipFix}`],
    ['the unspecified IPv6 address', { ingressAddresses: { b: ['::'] } }, `mesh 'a': ingressAddresses['b'] has '::', which is the unspecified address (nothing can connect to it). ${ipFix}`],
    ['a zone ID', { ingressAddresses: { b: ['fe80::1%eth0'] } }, `mesh 'a': ingressAddresses['b'] has 'fe80::1%eth0', which has a zone ID ('%eth0'), valid on one host only. ${ipFix}`],
    ['a duplicate address', { ingressAddresses: { b: ['lb.example.com', 'lb.example.com'] } }, "mesh 'a': ingressAddresses['b'] lists 'lb.example.com' more than once. Fix: list each value once"],
    ['an IPv4 range with host bits', { ingressSourceRanges: ['192.168.1.7/24'] }, "mesh 'a': ingressSourceRanges has '192.168.1.7/24', which has host bits set (the range it means starts at 192.168.1.0/24). Fix: write ranges like '203.0.113.0/24' (here '192.168.1.0/24')"],
    ['an IPv6 range with host bits', { egressSourceRanges: ['2001:db8::1/32'] }, "mesh 'a': egressSourceRanges has '2001:db8::1/32', which has host bits set (the range it means starts at 2001:db8::/32). Fix: write ranges like '203.0.113.0/24' (here '2001:db8::/32')"],
    ['a duplicate range', { egressSourceRanges: ['10.0.0.0/8', '10.0.0.0/8'] }, "mesh 'a': egressSourceRanges lists '10.0.0.0/8' more than once. Fix: list each value once"],
  ])('%s', (_what, extra, problem) => {
    expect(problemsOf(() => federation().addMesh('a', { platform, ...extra }))).toEqual([problem]);
  });

  test('node addresses: the unspecified address and a duplicate', () => {
    expect(problemsOf(() => federation().addMesh('a', { platform: Platform.nodePort({ nodeAddresses: ['0.0.0.0', '192.0.2.1', '192.0.2.1'] }) }))).toEqual([
      "mesh 'a': Platform.nodePort() nodeAddresses has '0.0.0.0', which is the unspecified address (nothing can connect to it). Fix: use node IPs like '192.0.2.10'",
      "mesh 'a': Platform.nodePort() nodeAddresses lists '192.0.2.1' more than once. Fix: list each value once",
    ]);
  });

  test('ingress source ranges on a NodePort mesh would be dropped: an error, not a silently open gateway', () => {
    expect(problemsOf(() => federation().addMesh('a', { platform: nodePort, ingressSourceRanges: ['10.0.0.0/8'] }))[0])
      .toMatch(/^mesh 'a': ingressSourceRanges has no effect on Platform\.nodePort\(\): loadBalancerSourceRanges applies to LoadBalancer Services only, so the ranges would be dropped/);
  });

  test('a range that lets in everything, and peer ranges a NodePort mesh cannot enforce, are warnings', () => {
    const f = federation();
    f.addMesh('a', { platform, rootCertificate: rootCert('red-mesh'), dnsDomain: 'a.example.com', ingressSourceRanges: ['0.0.0.0/0', '::/0'] });
    f.addMesh('b', { platform: nodePort, rootCertificate: rootCert('green-mesh') });
    f.addMesh('c', { platform, rootCertificate: rootCert('blue-mesh'), dnsDomain: 'c.example.com', egressSourceRanges: ['198.51.100.0/24'] });
    expect(f.warnings()).toEqual([
      "mesh 'a': ingressSourceRanges has '0.0.0.0/0', which lets in every address, as if no range were set. Consider listing the peers' egress ranges only",
      "mesh 'a': ingressSourceRanges has '::/0', which lets in every address, as if no range were set. Consider listing the peers' egress ranges only",
      expect.stringMatching(/^mesh 'b': mesh 'c' sets egressSourceRanges, but 'b' is on Platform\.nodePort\(\), whose Service cannot restrict sources/),
    ]);
  });
});

describe('a refused mesh leaves nothing behind', () => {
  test('the chart is not in the tree, and the name can be used again', () => {
    const app = Testing.app();
    const f = new FederatedMesh(app, 'federation');
    problemsOf(() => f.addMesh('a', { platform, rootCertificate: 'not a certificate' }));
    expect(app.node.tryFindChild('a')).toBeUndefined();
    expect(f.meshes).toHaveLength(0);
    expect(f.addMesh('a', { platform }).meshName).toBe('a');
  });
});

describe('names every JavaScript object already has', () => {
  test.each(['constructor', 'hasOwnProperty', 'tostring'])('a mesh named %s', name => {
    const problems = name === 'tostring' ? [] : problemsOf(() => federation().addMesh(name, { platform }));
    if (name === 'tostring') {
      // Only the exact property names are refused.
      expect(federation().addMesh(name, { platform }).meshName).toBe('tostring');
      return;
    }
    expect(problems[0]).toMatch(new RegExp(`^mesh '${name}': name '${name}' (is a name every JavaScript object already has|is not a DNS-1123 label)`));
  });

  test('a federation, an export and an import with such an id', () => {
    expect(problemsOf(() => new FederatedMesh(Testing.app(), 'constructor')))
      .toEqual(["federation 'constructor': id is a name every JavaScript object already has (Object.prototype.constructor), which the construct tree cannot hold. Fix: use an id like 'federation'"]);
    const f = federation();
    const a = f.addMesh('a', { platform });
    const b = f.addMesh('b', { platform });
    expect(problemsOf(() => a.addServiceExport('constructor', { peer: b }))[0]).toMatch(/^mesh 'a': ServiceExport 'constructor': id is a name every JavaScript object already has/);
    expect(problemsOf(() => a.addServiceImport('valueOf', { peer: b }))[0]).toMatch(/^mesh 'a': ServiceImport 'valueOf': id is a name every JavaScript object already has/);
    expect(a.node.children.map(c => c.node.id)).not.toContain('constructor');
  });
});

describe('a locality no node label can hold', () => {
  test.each<[string, Record<string, string>, RegExp]>([
    ['a region with a space and a slash', { region: 'us east/1' }, /^mesh 'a': locality\.region 'us east\/1' is not a label value .* topology\.kubernetes\.io\/region label\. Fix: use the label's value, e\.g\. 'us-east-1'$/],
    ['a zone with a slash', { region: 'us-east-1', zone: 'a/b' }, /^mesh 'a': locality\.zone 'a\/b' is not a label value .* topology\.kubernetes\.io\/zone label/],
    ['a region of 64 characters', { region: 'r'.repeat(64) }, /^mesh 'a': locality\.region 'r{64}' is 64 characters long \(at most 63\)/],
    ['a subzone with a space', { region: 'us-east-1', zone: 'us-east-1a', subzone: 'rack 1' }, /^mesh 'a': locality\.subzone 'rack 1' is not a label value .* topology\.istio\.io\/subzone label/],
  ])('%s', (_what, locality, expected) => {
    expect(problemsOf(() => federation().addMesh('a', { platform, locality: locality as { region: string } }))).toEqual([expect.stringMatching(expected)]);
  });
});
