// Hostile input at every public entry point of the multi-network mesh, as jsii users in other
// languages may pass it (types are erased at run time): each is a FederationError naming the mesh or
// cluster, the prop, the value and the fix; never a TypeError, a stack overflow or a hang, and a
// caught error leaves no construct behind.
import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  EastWestGateway, FederatedMesh, LoadBalancerScheme, MultiNetworkCluster, MultiNetworkMesh, MultiNetworkTopology, Platform,
} from '../src';
import { rootCert } from './support/certs';
import { federationError } from './support/run';

const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL });
const nodePort = () => Platform.nodePort({ nodeAddresses: ['192.0.2.10'] });
const HUGE = 'x'.repeat(1_000_000);
const M = "multi-network mesh 'mesh': ";
const A = "cluster 'a': ";
type Expected = Array<string | RegExp>;


/** Checks the problems of the error `run` throws, in order: each exactly, or matching a pattern. */
function expectProblems(run: () => unknown, expected: Expected): Error & { problems: string[] } {
  const error = federationError(run);
  expect(error.problems).toEqual(expected.map(e => typeof e === 'string' ? e : expect.stringMatching(e)));
  for (const problem of error.problems) expect(problem).toMatch(/\. Fix: .+/);
  return error;
}

/** A mesh 'mesh' in a fresh app. */
function mesh(): MultiNetworkMesh {
  return new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: 'mesh1' });
}

describe('new MultiNetworkMesh() with props of the wrong type', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  test.each<[string, unknown, Expected]>([
    ['props undefined', undefined, [`${M}props are undefined, not an object. Fix: pass at least { meshId: 'mesh1' }`]],
    ['props null', null, [`${M}props are null, not an object. Fix: pass at least { meshId: 'mesh1' }`]],
    ['props a string', 'mesh1', [`${M}props are 'mesh1', not an object. Fix: pass at least { meshId: 'mesh1' }`]],
    ['props a list', ['mesh1'], [`${M}props are ["mesh1"], not an object. Fix: pass at least { meshId: 'mesh1' }`]],
    ['no meshId', {}, [`${M}meshId is undefined, not a string. Fix: pass the mesh ID every cluster carries, e.g. 'mesh1'`]],
    ['meshId a number', { meshId: 1 }, [`${M}meshId is 1, not a string. Fix: pass the mesh ID every cluster carries, e.g. 'mesh1'`]],
    ['meshId null', { meshId: null }, [`${M}meshId is null, not a string. Fix: pass the mesh ID every cluster carries, e.g. 'mesh1'`]],
    ['meshId an object with a cycle', { meshId: cyclic }, [`${M}meshId is [object Object], not a string. Fix: pass the mesh ID every cluster carries, e.g. 'mesh1'`]],
    ['istioVersion a number', { meshId: 'mesh1', istioVersion: 1.3 }, [`${M}istioVersion is 1.3, not a string. Fix: pass one of MultiNetworkMesh.SAIL_ISTIO_VERSIONS, e.g. 'v1.30.3', or leave it out`]],
    ['controlPlaneNamespace a list', { meshId: 'mesh1', controlPlaneNamespace: ['istio-system'] }, [`${M}controlPlaneNamespace is ["istio-system"], not a string. Fix: pass a namespace name such as 'istio-system', or leave it out`]],
    ['topology a string', { meshId: 'mesh1', topology: 'primary-remote' }, [`${M}topology is 'primary-remote', not a MultiNetworkTopology. Fix: use MultiNetworkTopology.multiPrimary() or MultiNetworkTopology.primaryRemote('cluster1'), or leave it out`]],
    ['topology a look-alike object', { meshId: 'mesh1', topology: { kind: 'primary-remote', primary: 'a' } }, [`${M}topology is {"kind":"primary-remote","primary":"a"}, not a MultiNetworkTopology. Fix: use MultiNetworkTopology.multiPrimary() or MultiNetworkTopology.primaryRemote('cluster1'), or leave it out`]],
    ['remoteSecrets an unknown enum value', { meshId: 'mesh1', remoteSecrets: 'ISTIOCTL' }, [`${M}remoteSecrets is 'ISTIOCTL', not one of 'istioctl', 'managed-elsewhere'. Fix: use RemoteSecretManagement.ISTIOCTL or RemoteSecretManagement.MANAGED_ELSEWHERE, or leave it out`]],
    ['remoteSecrets null', { meshId: 'mesh1', remoteSecrets: null }, [`${M}remoteSecrets is null, not one of 'istioctl', 'managed-elsewhere'. Fix: use RemoteSecretManagement.ISTIOCTL or RemoteSecretManagement.MANAGED_ELSEWHERE, or leave it out`]],
    ['trustDomain a number', { meshId: 'mesh1', trustDomain: 5 }, [`${M}trustDomain is 5, not a string. Fix: pass a trust domain such as 'cluster.local', or leave it out`]],
    ['trustDomainAliases one string', { meshId: 'mesh1', trustDomainAliases: 'red.local' }, [`${M}trustDomainAliases is 'red.local', not a list of strings. Fix: pass a list of trust domains, e.g. ['red-mesh.local'], or leave it out`]],
    ['trustDomainAliases with a number', { meshId: 'mesh1', trustDomainAliases: ['red.local', 5] }, [`${M}trustDomainAliases is ["red.local",5], not a list of strings. Fix: pass a list of trust domains, e.g. ['red-mesh.local'], or leave it out`]],
    ['a __proto__ key does not stand for meshId', JSON.parse('{"__proto__": {"meshId": "mesh1"}, "constructor": "x"}'), [`${M}meshId is undefined, not a string. Fix: pass the mesh ID every cluster carries, e.g. 'mesh1'`]],
    ['every wrong prop at once, type and value', { meshId: 'mesh 1', istioVersion: 7, remoteSecrets: 'vault' }, [
      `${M}istioVersion is 7, not a string. Fix: pass one of MultiNetworkMesh.SAIL_ISTIO_VERSIONS, e.g. 'v1.30.3', or leave it out`,
      `${M}remoteSecrets is 'vault', not one of 'istioctl', 'managed-elsewhere'. Fix: use RemoteSecretManagement.ISTIOCTL or RemoteSecretManagement.MANAGED_ELSEWHERE, or leave it out`,
      /^multi-network mesh 'mesh': meshId 'mesh 1' is not a valid mesh ID .*\. Fix: use an ID like 'mesh1'$/,
    ]],
  ])('%s', (_what, props, expected) => {
    const app = Testing.app();
    expectProblems(() => new MultiNetworkMesh(app, 'mesh', props as any), expected);
    expect(app.node.children).toHaveLength(0);
  });

  test('a scope that is not a construct, and an id that is not text', () => {
    expectProblems(() => new MultiNetworkMesh(undefined as any, 'mesh', { meshId: 'mesh1' }), [
      `${M}scope is undefined, not a construct. Fix: pass the app or a construct in it, e.g. new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' })`,
    ]);
    const app = Testing.app();
    expectProblems(() => new MultiNetworkMesh(app, 5 as any, { meshId: 'mesh1' }), [
      "multi-network mesh: id is 5, not a string. Fix: pass a construct id, e.g. new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' })",
    ]);
    expect(app.node.children).toHaveLength(0);
  });

  test('a 1,000,000-character meshId is cut in the message', () => {
    const error = expectProblems(() => new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: `${HUGE} ` }), [
      /^multi-network mesh 'mesh': meshId 'x{236}\.\.\.' \(1000001 characters\) is not a valid mesh ID/,
    ]);
    expect(error.message.length).toBeLessThan(1000);
  });
});

describe('addCluster() with a name or options of the wrong type', () => {
  test.each<[string, unknown, Expected]>([
    ['name undefined', undefined, [`${M}addCluster() name is undefined, not a string. Fix: pass the cluster name, e.g. 'cluster1'`]],
    ['name a number', 7, [`${M}addCluster() name is 7, not a string. Fix: pass the cluster name, e.g. 'cluster1'`]],
    ['name a list', ['a'], [`${M}addCluster() name is ["a"], not a string. Fix: pass the cluster name, e.g. 'cluster1'`]],
    ['name of 1,000,000 characters', HUGE, [/^cluster 'x{236}\.\.\.' \(1000000 characters\): name 'x{236}\.\.\.' \(1000000 characters\) is 1000000 characters long \(at most 63\)\. Fix: use a name like 'cluster1'$/]],
  ])('%s', (_what, name, expected) => {
    const m = mesh();
    const error = expectProblems(() => m.addCluster(name as any, { platform: gcp() }), expected);
    expect(error.message.length).toBeLessThan(1000);
    expect(m.node.root.node.children).toHaveLength(1);
  });

  const cyclic: Record<string, unknown> = { global: {} };
  (cyclic.global as Record<string, unknown>).self = cyclic;
  test.each<[string, unknown, Expected]>([
    ['options undefined', undefined, [`${A}options are undefined, not an object. Fix: pass the cluster's options, at least { platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }) }`]],
    ['options null', null, [`${A}options are null, not an object. Fix: pass the cluster's options, at least { platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }) }`]],
    ['options a string (not one problem per character)', 'gcp', [`${A}options are 'gcp', not an object. Fix: pass the cluster's options, at least { platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }) }`]],
    ['no platform', {}, [`${A}platform is undefined, not a Platform. Fix: use one of Platform's factories, e.g. Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }) or Platform.nodePort({ nodeAddresses: ['192.0.2.10'] })`]],
    ['platform a look-alike object', { platform: { serviceType: 'LoadBalancer' } }, [/^cluster 'a': platform is \{"serviceType":"LoadBalancer"\}, not a Platform\. Fix: use one of Platform's factories/]],
    ['platform behind a __proto__ key', JSON.parse('{"__proto__": {"platform": "gcp"}}'), [/^cluster 'a': platform is undefined, not a Platform\. Fix: /]],
    ['clusterName a number', { platform: gcp(), clusterName: 5 }, [`${A}clusterName is 5, not a string. Fix: pass Istio's name of the cluster, e.g. 'cluster1', or leave it out`]],
    ['network an object', { platform: gcp(), network: { name: 'n' } }, [`${A}network is {"name":"n"}, not a string. Fix: pass a network name, e.g. 'network1', or leave it out`]],
    ['namespace a boolean', { platform: gcp(), namespace: true }, [`${A}namespace is true, not a string. Fix: leave it out: the mesh's controlPlaneNamespace is used`]],
    ['kubeContext a list', { platform: gcp(), kubeContext: ['ctx'] }, [`${A}kubeContext is ["ctx"], not a string. Fix: pass a context name from \`kubectl config get-contexts\`, or leave it out`]],
    ['locality a string', { platform: gcp(), locality: 'us-east-1' }, [`${A}locality is 'us-east-1', not an object. Fix: pass e.g. { region: 'us-east-1' }, or leave it out`]],
    ['locality region a number', { platform: gcp(), locality: { region: 5 } }, [`${A}locality.region is 5, not a string. Fix: pass a region such as 'us-east-1'`]],
    ['ingressSourceRanges one string (not one problem per character)', { platform: gcp(), ingressSourceRanges: '10.0.0.0/8' }, [`${A}ingressSourceRanges is '10.0.0.0/8', not a list of CIDR ranges. Fix: pass a list of CIDR ranges, e.g. ['203.0.113.0/24'], or leave it out`]],
    ['egressSourceRanges with a number', { platform: gcp(), egressSourceRanges: [10] }, [`${A}egressSourceRanges is [10], not a list of CIDR ranges. Fix: pass a list of CIDR ranges, e.g. ['203.0.113.0/24'], or leave it out`]],
    ['eastWestGatewayAddresses one string', { platform: gcp(), eastWestGatewayAddresses: '203.0.113.10' }, [`${A}eastWestGatewayAddresses is '203.0.113.10', not a list of IP addresses. Fix: pass the east-west gateway's IPs, e.g. ['203.0.113.10'], or leave it out`]],
    ['eastWestGateway a number', { platform: gcp(), eastWestGateway: 2 }, [`${A}eastWestGateway is 2, not an object. Fix: pass e.g. { replicas: 2 }, or leave it out`]],
    ['replicas as text', { platform: gcp(), eastWestGateway: { replicas: '2' } }, [`${A}eastWestGateway.replicas is '2', not a number. Fix: pass a whole number such as 2, or leave it out`]],
    ['replicas NaN', { platform: gcp(), eastWestGateway: { replicas: NaN } }, [`${A}eastWestGateway.replicas NaN is not a whole number of at least 1. Fix: use e.g. 2`]],
    ['replicas Infinity', { platform: gcp(), eastWestGateway: { replicas: Infinity } }, [`${A}eastWestGateway.replicas Infinity is not a whole number of at least 1. Fix: use e.g. 2`]],
    ['replicas negative', { platform: gcp(), eastWestGateway: { replicas: -1 } }, [`${A}eastWestGateway.replicas -1 is not a whole number of at least 1. Fix: use e.g. 2`]],
    ['replicas fractional', { platform: gcp(), eastWestGateway: { replicas: 1.5 } }, [`${A}eastWestGateway.replicas 1.5 is not a whole number of at least 1. Fix: use e.g. 2`]],
    ['minAvailable a BigInt', { platform: gcp(), eastWestGateway: { minAvailable: BigInt(1) } }, [`${A}eastWestGateway.minAvailable is 1n, not a number. Fix: pass a whole number such as 1, or leave it out`]],
    ['autoscaling as text', { platform: gcp(), eastWestGateway: { autoscaling: 'yes' } }, [`${A}eastWestGateway.autoscaling is 'yes', not an object. Fix: pass e.g. { minReplicas: 2, maxReplicas: 5 }, or leave it out`]],
    ['autoscaling minReplicas null', { platform: gcp(), eastWestGateway: { autoscaling: { minReplicas: null } } }, [`${A}eastWestGateway.autoscaling.minReplicas is null, not a number. Fix: pass a whole number such as 2, or leave it out`]],
    ['autoscaling target fractional', { platform: gcp(), eastWestGateway: { autoscaling: { targetCpuUtilizationPercent: 0.5 } } }, [`${A}eastWestGateway.autoscaling targetCpuUtilizationPercent 0.5 is not a whole number of at least 1. Fix: use e.g. 80`]],
    ['istioValues as text', { platform: gcp(), istioValues: 'global: {}' }, [`${A}istioValues must be an object (the 'values' of the Istio resource), not 'global: {}'. Fix: pass the values object itself`]],
    ['istioValues with a cycle (no stack overflow at synth)', { platform: gcp(), istioValues: cyclic }, [`${A}istioValues.global.self refers back to itself (a cycle). Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`]],
    ['istioValues with a BigInt', { platform: gcp(), istioValues: { global: { n: BigInt(1) } } }, [`${A}istioValues.global.n is a bigint, not a JSON value. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`]],
    ['istioValues with a __proto__ key', { platform: gcp(), istioValues: JSON.parse('{"global": {"__proto__": {"meshID": "other"}}}') }, [`${A}istioValues.global has the key '__proto__', which would be dropped when written. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`]],
    ['ingressSourceRanges on NodePort, where they would be dropped', { platform: nodePort(), ingressSourceRanges: ['10.0.0.0/8'] }, [`${A}ingressSourceRanges ["10.0.0.0/8"] cannot be applied on Platform.nodePort(): a NodePort Service has no loadBalancerSourceRanges, so the east-west gateway would stay open to every source that reaches the nodes. Fix: remove ingressSourceRanges and restrict the node ports with the nodes' firewall, or run the cluster on a load balancer platform`]],
    ['wrong types and bad values together, in the order of the props', { platform: gcp(), network: 5, kubeContext: 'my ctx', egressSourceRanges: ['10.0.0.1'] }, [
      `${A}network is 5, not a string. Fix: pass a network name, e.g. 'network1', or leave it out`,
      `${A}kubeContext 'my ctx' is not a kubeconfig context name. Fix: use a name from \`kubectl config get-contexts\``,
      /^cluster 'a': egressSourceRanges has '10\.0\.0\.1', which is not a CIDR range .*\. Fix: write ranges like '203\.0\.113\.0\/24'$/,
    ]],
  ])('%s', (_what, options, expected) => {
    const m = mesh();
    const root = m.node.root;
    expectProblems(() => m.addCluster('a', options as any), expected);
    // No half-built cluster: the app holds the mesh only, and the mesh lists no cluster.
    expect(root.node.children).toHaveLength(1);
    expect(m.clusters).toEqual([]);
  });

  test('a network too long for the topology.istio.io/network label, given or by default', () => {
    const name = 'c'.repeat(56);
    expectProblems(() => mesh().addCluster(name, { platform: gcp() }), [
      `cluster '${name}': network 'network-${name}' (the default, network-<cluster name>) is 64 characters long, but it is the value of the topology.istio.io/network label, which takes at most 63. Fix: set network to a network name of at most 63 characters, e.g. 'network1'`,
    ]);
    expectProblems(() => mesh().addCluster('a', { platform: gcp(), network: 'n'.repeat(64) }), [
      `${A}network '${'n'.repeat(64)}' is 64 characters long, but it is the value of the topology.istio.io/network label, which takes at most 63. Fix: use a network name of at most 63 characters, e.g. 'network1'`,
    ]);
    expect(mesh().addCluster(name, { platform: gcp(), network: 'network1' }).network).toBe('network1');
  });

  test('lists changed after addCluster() do not reach the output unchecked', () => {
    const m = mesh();
    const ranges = ['10.0.0.0/8'];
    const addresses = ['203.0.113.10'];
    const a = m.addCluster('a', { platform: gcp(), ingressSourceRanges: ranges, eastWestGatewayAddresses: addresses });
    ranges.push('not a range');
    addresses[0] = 'gateway.example.com';
    expect(a.eastWestGatewayAddresses).toEqual(['203.0.113.10']);
    expect(Testing.synth(a).find(o => o.kind === 'Service').spec.loadBalancerSourceRanges).toEqual(['10.0.0.0/8']);
  });

  test('a valid cluster can still be added under the same name after a refused one', () => {
    const m = mesh();
    federationError(() => m.addCluster('a', { platform: 'gcp' } as any));
    expect(m.addCluster('a', { platform: gcp() }).name).toBe('a');
  });
});

describe('new MultiNetworkCluster() with props of the wrong type', () => {
  test.each<[string, (app: Construct, m: MultiNetworkMesh) => unknown, Expected]>([
    ['props undefined', (app) => new MultiNetworkCluster(app, 'a', undefined as any), [`${A}props are undefined, not an object. Fix: pass the cluster's props, at least { mesh, platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }) }`]],
    ['no mesh', (app) => new MultiNetworkCluster(app, 'a', { platform: gcp() } as any), [`${A}mesh is undefined, not a MultiNetworkMesh. Fix: pass the mesh, or use mesh.addCluster(name, options)`]],
    ['a mesh that is a look-alike object', (app) => new MultiNetworkCluster(app, 'a', { platform: gcp(), mesh: { controlPlaneNamespace: 'istio-system' } } as any), [`${A}mesh is {"controlPlaneNamespace":"istio-system"}, not a MultiNetworkMesh. Fix: pass the mesh, or use mesh.addCluster(name, options)`]],
    ['a name that is a number', (app, m) => new MultiNetworkCluster(app, 'a', { platform: gcp(), mesh: m, name: 5 } as any), [`${A}name is 5, not a string. Fix: pass the cluster name, e.g. 'cluster1', or leave it out`]],
    ['a scope that is not a construct', (_app, m) => new MultiNetworkCluster(null as any, 'a', { platform: gcp(), mesh: m }), [`${A}scope is null, not a construct. Fix: pass the app or a construct in it, e.g. new MultiNetworkCluster(app, 'cluster1', { mesh, platform })`]],
    ['an id that is not a DNS label', (app, m) => new MultiNetworkCluster(app, 'Cluster_A', { platform: gcp(), mesh: m }), [/^cluster 'Cluster_A': name 'Cluster_A' is not a DNS-1123 label .*\. Fix: use a name like 'cluster1'$/]],
  ])('%s', (_what, run, expected) => {
    const m = mesh();
    const app = m.node.root;
    expectProblems(() => run(app, m), expected);
    expect(app.node.children).toHaveLength(1);
  });
});

describe('MultiNetworkMesh.fromFederation() with arguments of the wrong type', () => {
  const federation = () => {
    const f = new FederatedMesh(Testing.app(), 'federation');
    f.addMesh('a', { platform: gcp(), rootCertificate: rootCert('red-mesh') });
    return f;
  };
  test.each<[string, unknown, unknown, Expected]>([
    ['federation undefined', undefined, { meshId: 'mesh1' }, [`${M}federation is undefined, not a FederatedMesh. Fix: pass the FederatedMesh the meshes were added to`]],
    ['federation a name', 'federation', { meshId: 'mesh1' }, [`${M}federation is 'federation', not a FederatedMesh. Fix: pass the FederatedMesh the meshes were added to`]],
    ['props undefined', 'ok', undefined, [`${M}props are undefined, not an object. Fix: pass at least { meshId: 'mesh1' }`]],
    ['meshId a number', 'ok', { meshId: 1 }, [`${M}meshId is 1, not a string. Fix: pass the mesh ID every cluster carries, e.g. 'mesh1'`]],
    ['clusterSettings a string', 'ok', { meshId: 'mesh1', clusterSettings: 'a' }, [`${M}clusterSettings is 'a', not an object. Fix: key the settings by federation mesh name, e.g. { 'red-mesh': { kubeContext: 'red' } }`]],
    ['one mesh\'s settings a string', 'ok', { meshId: 'mesh1', clusterSettings: { a: 'ctx' } }, [`${M}clusterSettings['a'] is 'ctx', not an object. Fix: pass the cluster's settings, e.g. { kubeContext: 'red' }`]],
    ['settings of the wrong types', 'ok', { meshId: 'mesh1', clusterSettings: { a: { kubeContext: 5, eastWestGateway: { replicas: '2' }, istioValues: [] } } }, [
      `${M}clusterSettings['a'].kubeContext is 5, not a string. Fix: pass a context name from \`kubectl config get-contexts\`, or leave it out`,
      `${M}clusterSettings['a'].eastWestGateway.replicas is '2', not a number. Fix: pass a whole number such as 2, or leave it out`,
      `${M}clusterSettings['a'].istioValues is [], not an object. Fix: pass the values object itself (the 'values' of the Istio resource)`,
    ]],
  ])('%s', (_what, given, props, expected) => {
    const app = Testing.app();
    const f = given === 'ok' ? federation() : given;
    expectProblems(() => MultiNetworkMesh.fromFederation(app, 'mesh', f as any, props as any), expected);
    expect(app.node.children).toHaveLength(0);
  });
});

test('fromFederation(): clusterSettings for a mesh the federation does not have leave no mesh behind', () => {
  const f = new FederatedMesh(Testing.app(), 'federation');
  f.addMesh('b', { platform: gcp(), rootCertificate: rootCert('red-mesh') });
  f.addMesh('a', { platform: gcp(), rootCertificate: rootCert('green-mesh') });
  const app = Testing.app();
  expectProblems(() => MultiNetworkMesh.fromFederation(app, 'mesh', f, { meshId: 'mesh1', clusterSettings: { 'pink-mesh': {}, 'a': {}, 'constructor': {} } }), [
    `${M}clusterSettings names 'constructor', which is not a mesh of federation 'federation' (meshes: 'a', 'b'). Fix: key clusterSettings by mesh name`,
    `${M}clusterSettings names 'pink-mesh', which is not a mesh of federation 'federation' (meshes: 'a', 'b'). Fix: key clusterSettings by mesh name`,
  ]);
  expect(app.node.children).toHaveLength(0);
});

describe('the other public factories and methods', () => {
  test.each<[string, unknown]>([
    ['undefined', undefined], ['null', null], ['a number', 5], ['a list', ['a']], ['an object', { name: 'a' }],
  ])('MultiNetworkTopology.primaryRemote() with %s', (_what, primary) => {
    expectProblems(() => MultiNetworkTopology.primaryRemote(primary as any), [
      /^MultiNetworkTopology\.primaryRemote\(\): primary is .+, not a string\. Fix: pass the name of the cluster that runs istiod, as given to addCluster\(\), e.g\. 'cluster1'$/,
    ]);
  });

  test.each<[string, unknown, string]>([
    ['helmValues', undefined, `${M}helmValues() name is undefined, not a string. Fix: pass a name given to addCluster()`],
    ['helmValues', BigInt(1), `${M}helmValues() name is 1n, not a string. Fix: pass a name given to addCluster()`],
    ['findCluster', { name: 'a' }, `${M}findCluster() name is {"name":"a"}, not a string. Fix: pass a name given to addCluster()`],
  ])('%s(%p)', (method, name, expected) => {
    const m = mesh();
    m.addCluster('a', { platform: gcp() });
    expectProblems(() => (m as any)[method](name), [expected]);
  });
});

describe('new EastWestGateway() with props of the wrong type', () => {
  const G = "east-west gateway 'gw': ";
  test.each<[string, unknown, Expected]>([
    ['props undefined', undefined, [`${G}props are undefined, not an object. Fix: pass at least { network, namespace, platform }`]],
    ['nothing required given', {}, [
      `${G}network is undefined, not a string. Fix: pass the cluster's network, e.g. 'network1'`,
      `${G}namespace is undefined, not a string. Fix: pass the control-plane namespace, e.g. 'istio-system'`,
      /^east-west gateway 'gw': platform is undefined, not a Platform\. Fix: use one of Platform's factories/,
    ]],
    ['node ports out of range', { network: 'n', namespace: 'istio-system', platform: nodePort(), nodePorts: [1, 2, 3] }, [`${G}nodePorts is [1,2,3], not three node ports (30000-32767). Fix: pass the node ports of tls, tls-istiod and tls-webhook, e.g. [30443, 30444, 30445], or leave it out`]],
    ['sourceRanges one string', { network: 'n', namespace: 'istio-system', platform: gcp(), sourceRanges: '10.0.0.0/8' }, [`${G}sourceRanges is '10.0.0.0/8', not a list of CIDR ranges. Fix: pass a list of CIDR ranges, e.g. ['203.0.113.0/24'], or leave it out`]],
    ['sourceRanges not CIDR ranges', { network: 'n', namespace: 'istio-system', platform: gcp(), sourceRanges: ['10.0.0.1'] }, [/^east-west gateway 'gw': sourceRanges has '10\.0\.0\.1', which is not a CIDR range .*\. Fix: write ranges like '203\.0\.113\.0\/24'$/]],
    ['sourceRanges on NodePort, where they would be dropped', { network: 'n', namespace: 'istio-system', platform: nodePort(), sourceRanges: ['10.0.0.0/8'] }, [`${G}sourceRanges ["10.0.0.0/8"] cannot be applied on Platform.nodePort(): a NodePort Service has no loadBalancerSourceRanges, so the gateway would stay open to every source that reaches the nodes. Fix: remove sourceRanges and restrict the node ports with the nodes' firewall, or use a load balancer platform`]],
    ['replicas 0', { network: 'n', namespace: 'istio-system', platform: gcp(), replicas: 0 }, [`${G}replicas 0 is not a whole number of at least 1. Fix: use e.g. 2`]],
  ])('%s', (_what, props, expected) => {
    const chart = new Chart(Testing.app(), 'chart');
    expectProblems(() => new EastWestGateway(chart, 'gw', props as any), expected);
    expect(chart.node.children).toHaveLength(0);
  });
});
