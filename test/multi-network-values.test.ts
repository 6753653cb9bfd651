// The pure functions behind MultiNetworkMesh and MultiNetworkCluster, on plain data: no chart is
// built or synthesized here.
import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { MultiNetworkMesh, MultiNetworkTopology, Platform, RemoteSecretManagement } from '../src';
import { awsNlb, clusterFacts, gcp } from './support/multi-network-facts';
import { IFederation } from '../src/core/federation-ref';
import {
  addClusterProblems, clusterPropProblems, meshPropProblems, meshProblems, meshWarnings, unknownClusterProblem,
} from '../src/multi-network/checks';
import { clusterRole } from '../src/multi-network/cluster-facts';
import { eastWestGatewayAddresses, eastWestNodePorts, eastWestSourceRanges, eastWestTlsPort } from '../src/multi-network/gateway-settings';
import { istiodValues, IstiodValuesInput, meshNetworks } from '../src/multi-network/istio-values';
import { multiNetworkManualSteps } from '../src/multi-network/manual-steps';
import { Migrator, registeredMigrator, registerMigrator } from '../src/multi-network/migration-report';

const nodePort = (extra: { firstNodePort?: number; nodeAddresses?: string[] } = {}) =>
  Platform.nodePort({ nodeAddresses: ['192.0.2.10', '192.0.2.11'], ...extra });

describe('meshNetworks', () => {
  test('only networks with known gateway addresses, by network name, endpoints in the order given', () => {
    expect(meshNetworks([
      clusterFacts('c', { network: 'net-b', eastWestGatewayAddresses: ['198.51.100.3'] }),
      clusterFacts('a', { network: 'net-b', clusterName: 'istio-a' }),
      clusterFacts('b', { network: 'net-a', eastWestGatewayAddresses: ['198.51.100.1', '198.51.100.2'], eastWestTlsPort: 30443 }),
      clusterFacts('d', { network: 'net-c' }),
    ])).toEqual({
      'net-a': {
        endpoints: [{ fromRegistry: 'b' }],
        gateways: [{ address: '198.51.100.1', port: 30443 }, { address: '198.51.100.2', port: 30443 }],
      },
      'net-b': {
        endpoints: [{ fromRegistry: 'c' }, { fromRegistry: 'istio-a' }],
        gateways: [{ address: '198.51.100.3', port: 15443 }],
      },
    });
  });

  test('no known address anywhere: empty', () => {
    expect(meshNetworks([clusterFacts('a'), clusterFacts('b')])).toEqual({});
    expect(meshNetworks([])).toEqual({});
  });
});

describe('istiodValues', () => {
  const base: IstiodValuesInput = {
    cluster: 'a',
    meshId: 'mesh1',
    clusterName: 'istio-a',
    network: 'n1',
    role: 'primary',
    meshNetworks: {},
    trustDomainAliases: [],
  };
  const networks = { n2: { endpoints: [{ fromRegistry: 'b' }], gateways: [{ address: '198.51.100.2', port: 15443 }] } };

  test('a primary: meshID, cluster name and network, nothing else', () => {
    expect(istiodValues(base)).toEqual({
      values: { global: { meshID: 'mesh1', multiCluster: { clusterName: 'istio-a' }, network: 'n1' } },
      problems: [],
    });
  });

  test('a primary with meshNetworks and trust domains, keys in the order they are written', () => {
    const { values, problems } = istiodValues({ ...base, meshNetworks: networks, trustDomain: 'cluster.local', trustDomainAliases: ['red.local'] });
    expect(problems).toEqual([]);
    expect(values).toEqual({
      global: { meshID: 'mesh1', multiCluster: { clusterName: 'istio-a' }, network: 'n1', meshNetworks: networks },
      meshConfig: { trustDomain: 'cluster.local', trustDomainAliases: ['red.local'] },
    });
    expect(Object.keys(values)).toEqual(['global', 'meshConfig']);
    expect(Object.keys(values.global)).toEqual(['meshID', 'multiCluster', 'network', 'meshNetworks']);
  });

  test('the primary of remotes runs istiod for them: externalIstiod', () => {
    expect(istiodValues({ ...base, role: 'primary-of-remotes' }).values.global).toEqual({
      meshID: 'mesh1', multiCluster: { clusterName: 'istio-a' }, network: 'n1', externalIstiod: true,
    });
  });

  test('a remote: the primary\'s address and the injection path; no meshNetworks, no trust domains', () => {
    const remote: IstiodValuesInput = { ...base, role: 'remote', meshNetworks: networks, trustDomain: 'cluster.local', trustDomainAliases: ['red.local'] };
    expect(istiodValues({ ...remote, remotePilotAddress: '198.51.100.1' }).values).toEqual({
      global: { meshID: 'mesh1', multiCluster: { clusterName: 'istio-a' }, network: 'n1', remotePilotAddress: '198.51.100.1' },
      istiodRemote: { injectionPath: '/inject/cluster/istio-a/net/n1' },
    });
    expect(istiodValues(remote).values.global).toEqual({ meshID: 'mesh1', multiCluster: { clusterName: 'istio-a' }, network: 'n1' });
  });

  test('the user\'s values first, merged; a conflicting one is kept and reported', () => {
    const { values, problems } = istiodValues({ ...base, istioValues: { pilot: { autoscaleMin: 2 }, global: { logAsJson: true, network: 'other' } } });
    expect(values).toEqual({
      pilot: { autoscaleMin: 2 },
      global: { logAsJson: true, network: 'other', meshID: 'mesh1', multiCluster: { clusterName: 'istio-a' } },
    });
    expect(problems).toEqual([
      'cluster \'a\': istioValues sets global.network to \'other\' but the multi-network mesh needs \'n1\'. Fix: remove it from istioValues, or change the mesh or cluster prop it comes from',
    ]);
    expect(istiodValues({ ...base, istioValues: { global: { meshID: 'x' } } }).problems).toEqual([
      'cluster \'a\': istioValues sets global.meshID to \'x\' but the multi-network mesh needs \'mesh1\'. Fix: remove it from istioValues (every cluster of one mesh carries the same meshID), or change the mesh or cluster prop it comes from',
    ]);
  });
});

describe('east-west gateway settings', () => {
  test('source ranges: the others\' egress ranges, the own ingress ranges where one is unknown, sorted and once', () => {
    expect(eastWestSourceRanges(['10.0.0.0/8'], [['203.0.113.0/28'], undefined])).toEqual(['10.0.0.0/8', '203.0.113.0/28']);
    expect(eastWestSourceRanges(undefined, [['203.0.113.0/28', '198.51.100.0/28'], ['198.51.100.0/28']])).toEqual(['198.51.100.0/28', '203.0.113.0/28']);
    expect(eastWestSourceRanges(['10.0.0.0/8'], [['203.0.113.0/28']])).toEqual(['203.0.113.0/28']);
  });

  test('source ranges: no restriction when one set is unknown or empty; alone, the own ingress ranges', () => {
    expect(eastWestSourceRanges(undefined, [['203.0.113.0/28'], undefined])).toBeUndefined();
    expect(eastWestSourceRanges(['10.0.0.0/8'], [[]])).toBeUndefined();
    expect(eastWestSourceRanges(['10.0.0.0/8'], [])).toEqual(['10.0.0.0/8']);
    expect(eastWestSourceRanges(undefined, [])).toBeUndefined();
  });

  test('node ports: three from firstNodePort (30443 by default) on NodePort, none on a load balancer', () => {
    expect(eastWestNodePorts(gcp())).toBeUndefined();
    expect(eastWestNodePorts(nodePort())).toEqual([30443, 30444, 30445]);
    expect(eastWestNodePorts(nodePort({ firstNodePort: 31000 }))).toEqual([31000, 31001, 31002]);
    expect(eastWestTlsPort(gcp())).toBe(15443);
    expect(eastWestTlsPort(nodePort({ firstNodePort: 31000 }))).toBe(31000);
  });

  test('addresses: the ones given, else the node addresses on NodePort, else unknown', () => {
    expect(eastWestGatewayAddresses(['198.51.100.1'], nodePort())).toEqual(['198.51.100.1']);
    expect(eastWestGatewayAddresses([], nodePort())).toEqual(['192.0.2.10', '192.0.2.11']);
    expect(eastWestGatewayAddresses(undefined, gcp())).toBeUndefined();
  });

  test('roles: every cluster a primary, or one primary and its remotes', () => {
    expect(clusterRole(MultiNetworkTopology.multiPrimary(), 'a')).toBe('primary');
    expect(clusterRole(MultiNetworkTopology.primaryRemote('a'), 'a')).toBe('primary-of-remotes');
    expect(clusterRole(MultiNetworkTopology.primaryRemote('a'), 'b')).toBe('remote');
  });
});

describe('checks', () => {
  const mesh = { meshId: 'mesh1', istioVersion: 'v1.30.3', controlPlaneNamespace: 'istio-system', trustDomainAliases: [] };

  test('mesh props: every problem, in the order of the props', () => {
    expect(meshPropProblems('m', mesh)).toEqual([]);
    expect(meshPropProblems('m', { meshId: 'mesh 1', istioVersion: 'v1.99.0', controlPlaneNamespace: 'Istio', trustDomain: 'Bad Domain', trustDomainAliases: ['ok.local', 'x y'] })).toEqual([
      'multi-network mesh \'m\': meshId \'mesh 1\' is not a valid mesh ID (letters, digits, \'.\', \'-\' and \'_\'). Fix: use an ID like \'mesh1\'',
      'multi-network mesh \'m\': istioVersion \'v1.99.0\' is not a version the Sail operator\'s Istio CRD accepts (from \'v1.21.6\' to \'v1.31-latest\'). Fix: use one of MultiNetworkMesh.SAIL_ISTIO_VERSIONS, e.g. \'v1.30.3\'',
      'multi-network mesh \'m\': controlPlaneNamespace \'Istio\' is not a DNS-1123 label (lower case letters, digits and \'-\', starting and ending with a letter or digit). Fix: use \'istio-system\'',
      'multi-network mesh \'m\': trustDomain has \'Bad Domain\', which is not a valid trust domain (lower case letters, digits, \'.\', \'-\' and \'_\'). Fix: use a name like \'cluster.local\'',
      'multi-network mesh \'m\': trustDomainAliases has \'x y\', which is not a valid trust domain (lower case letters, digits, \'.\', \'-\' and \'_\'). Fix: use a name like \'cluster.local\'',
    ]);
  });

  test('adding a cluster: the first reason only', () => {
    expect(addClusterProblems('a', { inMesh: false, atRoot: false })).toEqual([]);
    expect(addClusterProblems('A', { inMesh: true, atRoot: true })).toEqual([
      'cluster \'A\': name \'A\' is not a DNS-1123 label (lower case letters, digits and \'-\', starting and ending with a letter or digit). Fix: use a name like \'cluster1\'',
    ]);
    expect(addClusterProblems('a', { inMesh: true, atRoot: true })[0]).toMatch(/^cluster 'a': name is already used by another cluster of this mesh/);
    expect(addClusterProblems('a', { inMesh: false, atRoot: true })[0]).toMatch(/^cluster 'a': name is already used by another chart or construct at the root of the app/);
    expect(unknownClusterProblem('m', 'x', [])).toBe('multi-network mesh \'m\': helmValues(\'x\') names no cluster (clusters: none). Fix: pass a name given to addCluster()');
  });

  test('cluster props: the shared checks (names, source ranges, locality) with the cluster\'s wording', () => {
    expect(clusterPropProblems('a', { platform: gcp() }, 'istio-system')).toEqual([]);
    expect(clusterPropProblems('a', {
      platform: gcp(), network: 'my net', kubeContext: 'a b', locality: { region: 'r', subzone: 's' }, ingressSourceRanges: ['10.0.0.0/33'],
    }, 'istio-system')).toEqual([
      'cluster \'a\': network \'my net\' is not a valid name (letters, digits, \'.\', \'-\' and \'_\', starting and ending with a letter or digit). Fix: use a name like \'network1\'',
      'cluster \'a\': kubeContext \'a b\' is not a kubeconfig context name. Fix: use a name from `kubectl config get-contexts`',
      'cluster \'a\': locality.subzone \'s\' is set without a zone; the operator drops such a locality. Fix: set the zone too, or remove subzone',
      'cluster \'a\': ingressSourceRanges has \'10.0.0.0/33\', which has a prefix length of 33 (at most 32). Fix: write ranges like \'203.0.113.0/24\'',
    ]);
  });

  test('cluster props: NodePort room for three node ports within 30000-32767', () => {
    expect(clusterPropProblems('a', { platform: nodePort({ firstNodePort: 32765 }) }, 'istio-system')).toEqual([]);
    expect(clusterPropProblems('a', { platform: nodePort({ firstNodePort: 32766 }) }, 'istio-system')).toEqual([
      'cluster \'a\': Platform.nodePort() firstNodePort 32766 leaves no room for the east-west gateway\'s three node ports (tls, tls-istiod, tls-webhook) within 30000-32767. Fix: use a port from 30000 to 32765, e.g. 30443',
    ]);
    expect(clusterPropProblems('a', { platform: nodePort({ firstNodePort: 29999, nodeAddresses: ['node1'] }) }, 'istio-system')).toEqual([
      expect.stringMatching(/^cluster 'a': Platform\.nodePort\(\) nodeAddresses has 'node1', which is not an IP address;/),
      expect.stringMatching(/^cluster 'a': Platform\.nodePort\(\) firstNodePort 29999 leaves no room/),
    ]);
  });

  test('cluster props: the east-west gateway\'s addresses and sizes', () => {
    expect(clusterPropProblems('a', {
      platform: gcp(), eastWestGatewayAddresses: ['gw.example.com'], eastWestGateway: { replicas: 1, minAvailable: 1 },
    }, 'istio-system')).toEqual([
      expect.stringMatching(/^cluster 'a': eastWestGatewayAddresses has 'gw\.example\.com', which is not an IP address;/),
      'cluster \'a\': eastWestGateway.minAvailable 1 is not below replicas 1, so the PodDisruptionBudget blocks every node drain. Fix: raise replicas or lower minAvailable',
    ]);
  });

  test('mesh: the primary first, then per cluster a clusterName used twice and its values\' conflicts', () => {
    const clusters = [
      { ...clusterFacts('a'), valueProblems: ['a conflict'] },
      { ...clusterFacts('b', { clusterName: 'a' }), valueProblems: [] },
    ];
    expect(meshProblems('m', MultiNetworkTopology.multiPrimary(), clusters)).toEqual([
      'a conflict',
      'cluster \'b\': clusterName \'a\' is also the clusterName of \'a\'; Istio tells clusters apart by it (remote secrets, endpoints, injection paths). Fix: give every cluster a unique clusterName',
    ]);
    expect(meshProblems('m', MultiNetworkTopology.primaryRemote('z'), clusters)[0]).toBe(
      'multi-network mesh \'m\': MultiNetworkTopology.primaryRemote(\'z\') names a primary that is not a cluster of this mesh (clusters: \'a\', \'b\'). Fix: pass the name of one of the clusters');
    const onNodePort = [{ ...clusterFacts('a', { platform: nodePort(), eastWestTlsPort: 30443 }), valueProblems: [] }];
    expect(meshProblems('m', MultiNetworkTopology.primaryRemote('a'), onNodePort)).toEqual([
      expect.stringMatching(/^cluster 'a': is the primary of a primary-remote mesh on Platform\.nodePort\(\), .* a NodePort gateway listens on node port 30444\./),
    ]);
  });

  test('warnings: hostname-only load balancers without IPs by cluster, then shared networks by network', () => {
    expect(meshWarnings([
      clusterFacts('b', { network: 'shared' }),
      clusterFacts('c', { platform: awsNlb() }),
      clusterFacts('d', { platform: awsNlb(), eastWestGatewayAddresses: ['198.51.100.1'] }),
      clusterFacts('e', { network: 'shared' }),
    ])).toEqual([
      expect.stringMatching(/^cluster 'c': the east-west gateway's load balancer on aws-nlb reports a hostname only;/),
      'clusters \'b\', \'e\' share network \'shared\': Istio sends traffic between them pod to pod, not through their east-west gateways. Consider giving each cluster its own network unless their pod IPs reach each other',
    ]);
  });
});

describe('manual steps', () => {
  test('primary-remote: cacerts on the primary only, its address read with dig on a hostname load balancer, one remote secret', () => {
    const steps = multiNetworkManualSteps([
      clusterFacts('a', { role: 'primary-of-remotes', platform: awsNlb(), kubeContext: 'ctx-a' }),
      clusterFacts('b', { role: 'remote', clusterName: 'istio-b', kubeContext: 'ctx-b' }),
    ], 'istio-system', RemoteSecretManagement.ISTIOCTL);
    expect(steps.map(s => [s.cluster, s.title])).toEqual([
      ['a', 'Check that a runs a Sail operator that serves its Istio version'],
      ['a', 'Install a\'s intermediate CA (Secret cacerts in istio-system)'],
      ['a', 'Read a\'s east-west gateway address'],
      ['a', 'Let a\'s istiod discover b\'s endpoints (remote secret)'],
      ['b', 'Check that b runs a Sail operator that serves its Istio version'],
    ]);
    expect(steps[2].commands).toEqual(['dig +short "$(kubectl get service istio-eastwestgateway -n istio-system --context=ctx-a -o jsonpath=\'{.status.loadBalancer.ingress[0].hostname}\')"']);
    expect(steps[3].commands).toEqual(['istioctl create-remote-secret --context=ctx-b --name=istio-b | kubectl apply -f - --context=ctx-a']);
  });

  test('remote secrets managed elsewhere; the second CA is signed with the first cluster\'s root', () => {
    const steps = multiNetworkManualSteps([clusterFacts('a'), clusterFacts('b')], 'istio-system', RemoteSecretManagement.MANAGED_ELSEWHERE)
      .filter(s => !s.title.includes('Sail operator'));
    expect(steps.map(s => s.title)).toEqual([
      'Install a\'s intermediate CA (Secret cacerts in istio-system)',
      'Install b\'s intermediate CA (Secret cacerts in istio-system)',
    ]);
    expect(steps[0].commands.slice(0, 2)).toEqual(['mkdir -p certs', 'make -C certs -f ../tools/certs/Makefile.selfsigned.mk root-ca']);
    expect(steps[1].reason).toMatch(/; sign with the root made in a's step\.$/);
    expect(steps[1].commands[0]).toBe('make -C certs -f ../tools/certs/Makefile.selfsigned.mk b-cacerts');
  });
});

describe('the Sail operator step', () => {
  test('every cluster, first; with the Istio version, it names the version the CRD must list', () => {
    const steps = multiNetworkManualSteps([clusterFacts('a', { kubeContext: 'ctx-a' })], 'istio-system', RemoteSecretManagement.MANAGED_ELSEWHERE, 'v1.30.3');
    expect(steps[0]).toEqual({
      cluster: 'a',
      title: 'Check that a runs a Sail operator that serves v1.30.3',
      reason: 'The cluster\'s Istio resource (sailoperator.io/v1) exists only once the operator is installed, and the operator accepts only the versions its Istio CRD lists; operators are installed through OLM or Helm by the cluster admin, not by this output.',
      commands: [
        'kubectl get crd istios.sailoperator.io --context=ctx-a -o jsonpath=\'{.spec.versions[?(@.storage==true)].schema.openAPIV3Schema.properties.spec.properties.version.enum}\'',
        '# The list must hold v1.30.3; if the CRD is missing or the list does not, install or upgrade the operator (OpenShift: Red Hat OpenShift Service Mesh 3 from OperatorHub).',
      ],
      then: 'Apply a\'s folder once the operator runs',
    });
    const generic = multiNetworkManualSteps([clusterFacts('a')], 'istio-system', RemoteSecretManagement.MANAGED_ELSEWHERE)[0];
    expect(generic.commands[1]).toBe('# The list must hold the spec.version of the Istio resource in its folder; if the CRD is missing or the list does not, install or upgrade the operator (OpenShift: Red Hat OpenShift Service Mesh 3 from OperatorHub).');
  });
});

describe('fromFederation() through the migration layer', () => {
  test('it takes a FederatedMesh: another IFederation is an error', () => {
    const app = Testing.app();
    const other = Object.assign(new Construct(app, 'not-a-federation'), { meshNames: [] }) as IFederation;
    expect(() => MultiNetworkMesh.fromFederation(app, 'mesh', other, { meshId: 'mesh1' })).toThrow(
      'multi-network mesh \'mesh\': fromFederation() takes a FederatedMesh, not \'not-a-federation\'. Fix: pass the FederatedMesh the meshes were added to');
  });

  test('without a registered migrator (the migration layer not loaded), a clear error', () => {
    const migrator = registeredMigrator();
    expect(migrator).toBeDefined();
    registerMigrator(undefined as unknown as Migrator);
    try {
      const app = Testing.app();
      const federation = Object.assign(new Construct(app, 'federation'), { meshNames: [] }) as IFederation;
      expect(() => MultiNetworkMesh.fromFederation(app, 'mesh', federation, { meshId: 'mesh1' })).toThrow(
        /^multi-network mesh 'mesh': fromFederation\(\) needs the migration layer, .* Fix: import MultiNetworkMesh from 'cdk8s-mesh-federation'/);
    } finally {
      registerMigrator(migrator!);
    }
  });
});
