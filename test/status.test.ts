import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { FederatedMesh, FederationStatus, FederationStatusResult, MeshStatusInput, Topology, LoadBalancerScheme, MultiNetworkMesh, Platform, RemoteSecretManagement } from '../src';
import { CRDS_DIR, describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { docsMeshes } from './support/federation';
import { liveFederation } from './support/live-federation';
import { thrown } from './support/run';
import { MultiNetworkStatus } from '../src/app/status-multi-network';

const LIVE = join(__dirname, 'fixtures', 'live');
const MESHES = ['blue-mesh', 'green-mesh', 'red-mesh'];

/** Every mesh's status: the healthy fixture, or the broken case's file where it has one. */
function inputs(broken?: string): MeshStatusInput[] {
  return MESHES.map(mesh => {
    let text: string;
    try {
      text = readFileSync(join(LIVE, 'broken', broken ?? '-', `${mesh}.json`), 'utf8');
    } catch {
      text = readFileSync(join(LIVE, 'healthy', `${mesh}.json`), 'utf8');
    }
    return { mesh, objects: JSON.parse(text) };
  });
}

const gaps = (r: FederationStatusResult) => [...r.peerings, ...r.exports, ...r.imports].flatMap(s => s.gaps).concat(r.other);
const compare = (broken?: string, federation: FederatedMesh = liveFederation()) => FederationStatus.compare(federation, inputs(broken));

describe('status: what the clusters report against the plan', () => {
  test('a healthy three-mesh federation reports all green', () => {
    const result = compare();
    expect(gaps(result)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.peerings).toHaveLength(6);
    expect(result.peerings.find(p => p.mesh === 'green-mesh' && p.peer === 'red-mesh')).toEqual({
      mesh: 'green-mesh',
      peer: 'red-mesh',
      found: true,
      connected: true,
      remoteConnected: true,
      remoteAddresses: ['ingress-green-mesh.red-mesh-system.apps.red-mesh.example.com'],
      since: '2021-10-05T13:02:55Z',
      lastDisconnectStatus: '503 Service Unavailable',
      gaps: [],
    });
    expect(result.exports.map(s => `${s.mesh}->${s.peer} ${s.reported.join(',')}`)).toEqual([
      'green-mesh->red-mesh reviews.bookinfo.svc.red-mesh-exports.local',
      'red-mesh->blue-mesh ratings.info.svc.blue-mesh-exports.local',
      'red-mesh->green-mesh ratings.info.svc.green-mesh-exports.local',
    ]);
    expect(result.imports).toHaveLength(3);
    const markdown = FederationStatus.toMarkdown(result);
    expect(markdown).toContain('Everything the plan promised is reported.');
    expect(markdown).toContain('| green-mesh | red-mesh | yes | yes | ingress-green-mesh.red-mesh-system.apps.red-mesh.example.com | 2021-10-05T13:02:55Z | 503 Service Unavailable |');
  });

  test.each([
    ['inactive-unreachable', 'green-mesh -> red-mesh', /unreachable address or port/, /oc -n red-mesh-system get svc/],
    ['inactive-unreachable', 'ratings.info.svc.green-mesh-exports.local', /the export does not reach the peer: 'green-mesh' -> 'red-mesh' is not connected/, /fix the peering/],
    ['wrong-client-id', 'red-mesh -> green-mesh', /client ID mismatch/, /set spec.security.clientID to 'green-mesh.local\/ns\/green-mesh-system\/sa\/egress-red-mesh-service-account'/],
    ['certificate', 'blue-mesh -> green-mesh', /certificate mismatch: the ConfigMap 'green-mesh-ca-root-cert'/, /run collect and synth/],
    ['unmatched-import', 'ratings.info.svc.blue-mesh-exports.local', /an import rule matching nothing/, /compare the rule's namespace and name/],
    ['missing-export', 'ratings.info.svc.green-mesh-exports.local', /the service is missing in 'red-mesh'/, /ServiceMeshMemberRoll/],
    ['missing-export', 'ratings.info.svc.green-mesh-exports.local', /the service is missing in the exporting mesh 'red-mesh'/, /see the export gaps of 'red-mesh'/],
    ['removed-mesh', 'ServiceMeshPeer green-mesh-system/yellow-mesh', /a peer of a mesh the description no longer has/, /oc -n green-mesh-system delete servicemeshpeer yellow-mesh/],
    ['wrong-trust-domain', 'blue-mesh -> red-mesh', /trust domain mismatch/, /set spec.security.trustDomain to 'red-mesh.local'/],
    ['wrong-trust-domain', 'blue-mesh -> red-mesh', /client ID or trust domain mismatch/, /trust domains of the description/],
    ['no-status', 'red-mesh -> blue-mesh', /has not reconciled it yet/, /wait a minute/],
  ])('%s: %s', (broken, subject, cause, fix) => {
    const result = compare(broken);
    expect(result.ok).toBe(false);
    expect(gaps(result)).toContainEqual(expect.objectContaining({ subject, cause: expect.stringMatching(cause), fix: expect.stringMatching(fix) }));
    expect(FederationStatus.toMarkdown(result)).toMatch(/## Gaps\n\n- \*\*/);
  });

  test('the inactive peering says since when, and to which address', () => {
    const peering = compare('inactive-unreachable').peerings.find(p => p.mesh === 'green-mesh' && p.peer === 'red-mesh')!;
    expect(peering).toMatchObject({ connected: false, since: '2021-10-06T08:14:07Z', lastDisconnectStatus: '503 Service Unavailable' });
  });

  test('a peer the description no longer has (the meshes no longer peer)', () => {
    const { federation, red, green, blue } = docsMeshes(Topology.hubAndSpoke('red-mesh'));
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'red-mesh-info', name: 'ratings', alias: { namespace: 'info', name: 'ratings' } });
    red.addServiceExport('to-blue', { peer: blue }).addNameRule({ namespace: 'red-mesh-info', name: 'ratings', alias: { namespace: 'info', name: 'ratings' } });
    green.addServiceImport('ratings', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings' });
    blue.addServiceImport('ratings', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings' });
    const result = compare(undefined, federation);
    expect(result.other).toContainEqual(expect.objectContaining({ subject: 'ServiceMeshPeer green-mesh-system/blue-mesh', cause: 'a peer the description no longer has: the meshes no longer peer' }));
    // red imports reviews from green in the clusters, which the plan no longer has.
    expect(result.other).toContainEqual(expect.objectContaining({ subject: 'ImportedServiceSet red-mesh-system/green-mesh' }));
  });

  test('a mesh without status is a gap, not an error', () => {
    const result = FederationStatus.compare(liveFederation(), inputs().filter(i => i.mesh !== 'blue-mesh'));
    expect(result.ok).toBe(false);
    expect(result.other).toContainEqual(expect.objectContaining({ subject: 'blue-mesh', finding: 'no status given' }));
  });
});

describe('status: hostile input gives FederationErrors', () => {
  const healthy = () => inputs();
  const errorOf = thrown;
  test.each<[string, () => unknown, RegExp]>([
    ['not a list of inputs', () => FederationStatus.compare(liveFederation(), 'x' as any), /the inputs are not a list/],
    ['an unknown mesh', () => FederationStatus.compare(liveFederation(), [{ mesh: 'yellow-mesh', objects: { kind: 'List', items: [] } }]), /mesh 'yellow-mesh' is not a mesh of the federation/],
    ['a mesh twice', () => FederationStatus.compare(liveFederation(), [...healthy(), healthy()[0]]), /mesh 'blue-mesh' is given twice/],
    ['null input', () => FederationStatus.compare(liveFederation(), [null as any]), /mesh undefined is not a mesh/],
    ['text instead of JSON', () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: 'apiVersion: v1' }]), /the status of 'red-mesh': is .*not a JSON object/],
    ['items not a list', () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { kind: 'List', items: {} } }]), /items is .*not a list/],
    ['another kind', () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { kind: 'List', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'a', namespace: 'b' } }] } }]), /item #1 is 'v1' 'Service', not a federation.maistra.io\/v1/],
    ['no metadata', () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { apiVersion: 'federation.maistra.io/v1', kind: 'ServiceMeshPeer' } }]), /has no metadata.name/],
    ['status a string', () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { apiVersion: 'federation.maistra.io/v1', kind: 'ServiceMeshPeer', metadata: { name: 'a', namespace: 'b' }, status: 'up' } }]), /status is .*not an object/],
    ['discoveryStatus.active not a list', () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { apiVersion: 'federation.maistra.io/v1', kind: 'ServiceMeshPeer', metadata: { name: 'a', namespace: 'b' }, status: { discoveryStatus: { active: 1 } } } }]), /status.discoveryStatus.active is .*not a list/],
    ['connected not a boolean', () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { apiVersion: 'federation.maistra.io/v1', kind: 'ServiceMeshPeer', metadata: { name: 'a', namespace: 'b' }, status: { discoveryStatus: { active: [{ pod: 'p', watch: { connected: 'yes' } }] } } } }]), /watch is .*not a connection with a boolean 'connected'/],
    ['exportedServices an object', () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { apiVersion: 'federation.maistra.io/v1', kind: 'ExportedServiceSet', metadata: { name: 'a', namespace: 'b' }, status: { exportedServices: {} } } }]), /status.exportedServices is .*not a list/],
    ['importedServices entries without a name', () => FederationStatus.compare(liveFederation(), [{ mesh: 'red-mesh', objects: { apiVersion: 'federation.maistra.io/v1', kind: 'ImportedServiceSet', metadata: { name: 'a', namespace: 'b' }, status: { importedServices: [{}] } } }]), /status.importedServices #1 is .*not an entry with an 'exportedName'/],
  ])('%s', (_name, run, expected) => {
    const error = errorOf(run);
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error.name).toBe('FederationError');
    expect(error.message).toMatch(expected);
    for (const p of error.problems) expect(p).toMatch(/Fix: /);
  });
});

describe('multi-network: the east-west gateway address and the remote secrets', () => {
  const MN = join(LIVE, 'multi-network');
  const read = (file: string) => JSON.parse(readFileSync(join(MN, file), 'utf8'));
  const twoClusters = (addresses?: string[], remoteSecrets?: RemoteSecretManagement) => {
    const mesh = new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: 'mesh1', remoteSecrets });
    const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });
    mesh.addCluster('cluster1', { platform: gcp(), network: 'network1', eastWestGatewayAddresses: addresses });
    mesh.addCluster('cluster2', { platform: gcp(), network: 'network2' });
    return mesh;
  };
  const compareClusters = (mesh: MultiNetworkMesh, one: string, two: string) =>
    MultiNetworkStatus.compare(mesh, [{ cluster: 'cluster1', objects: read(one) }, { cluster: 'cluster2', objects: read(two) }]);

  test('healthy: addresses reported and matching the description, every remote secret present', () => {
    const result = compareClusters(twoClusters(['203.0.113.31']), 'cluster1-healthy.json', 'cluster2-healthy.json');
    expect(result.ok).toBe(true);
    expect(result.clusters).toEqual([
      { cluster: 'cluster1', gatewayFound: true, reportedAddresses: ['203.0.113.31'], expectedAddresses: ['203.0.113.31'], remoteSecrets: [{ cluster: 'cluster2', found: true }], gaps: [] },
      { cluster: 'cluster2', gatewayFound: true, reportedAddresses: ['203.0.113.32'], expectedAddresses: [], remoteSecrets: [{ cluster: 'cluster1', found: true }], gaps: [] },
    ]);
    expect(MultiNetworkStatus.toMarkdown(result)).toContain('| cluster1 | found | 203.0.113.31 | cluster2 present |');
  });

  test.each([
    ['cluster1-pending.json', 'cluster2-healthy.json', undefined, /no external address/, /load balancer is still being created/, /EXTERNAL-IP/],
    ['cluster1-no-gateway.json', 'cluster2-healthy.json', undefined, /no Service istio-eastwestgateway in istio-system/, /folder was not applied/, /apply cluster1's folder/],
    ['cluster1-healthy.json', 'cluster2-no-secret.json', undefined, /no Secret istio-remote-secret-cluster1 in istio-system/, /remote secret was not created/,
      /^istioctl create-remote-secret --context=cluster1 --name=cluster1 \| kubectl apply -f - --context=cluster2$/],
    ['cluster1-healthy.json', 'cluster2-healthy.json', ['198.51.100.7'], /reports 203\.0\.113\.31, the description holds 198\.51\.100\.7/, /new address/,
      /set eastWestGatewayAddresses: \['203\.0\.113\.31'\] on 'cluster1'/],
  ])('%s + %s: one gap with its cause and fix', (one, two, addresses, finding, cause, fix) => {
    const result = compareClusters(twoClusters(addresses as string[] | undefined), one, two);
    expect(result.ok).toBe(false);
    const found = result.clusters.flatMap(c => c.gaps);
    expect(found).toHaveLength(1);
    expect(found[0].finding).toMatch(finding);
    expect(found[0].cause).toMatch(cause);
    expect(found[0].fix).toMatch(fix);
    expect(MultiNetworkStatus.toMarkdown(result)).toContain('## Gaps');
  });

  test('remote secrets managed elsewhere are not required; a cluster not read is a gap; wrong input is a FederationError', () => {
    const mesh = twoClusters(undefined, RemoteSecretManagement.MANAGED_ELSEWHERE);
    const result = MultiNetworkStatus.compare(mesh, [{ cluster: 'cluster2', objects: read('cluster2-no-secret.json') }]);
    expect(result.clusters[0].remoteSecrets).toEqual([]);
    expect(result.other).toEqual([expect.objectContaining({ subject: 'cluster1', finding: 'no status given' })]);
    expect(() => MultiNetworkStatus.compare(mesh, [{ cluster: 'cluster3', objects: read('cluster1-healthy.json') }])).toThrow(/names cluster 'cluster3', which the mesh does not have/);
    expect(() => MultiNetworkStatus.compare(mesh, [{ cluster: 'cluster1', objects: {} }])).toThrow(/not a List with items/);
  });

  describeWithCrds('fixtures', () => {
    test('every fixture object validates against the Kubernetes 1.27 Service and Secret schemas', () => {
      const files = ['cluster1-healthy.json', 'cluster2-healthy.json', 'cluster1-pending.json', 'cluster2-no-secret.json', 'cluster1-no-gateway.json'];
      const items = files.flatMap(f => read(f).items);
      // The checker validates what is applied (status is left out); the status is checked against the LoadBalancerIngress schema.
      expect(manifestsProblems(items.map(({ status, ...rest }: any) => rest))).toEqual([]);
      const openapi = JSON.parse(readFileSync(join(CRDS_DIR, 'kubernetes', 'api__v1_openapi.json'), 'utf8'));
      const ingressFields = Object.keys(openapi.components.schemas['io.k8s.api.core.v1.LoadBalancerIngress'].properties);
      const statusFields = items.filter((o: any) => o.kind === 'Service').flatMap((o: any) => o.status.loadBalancer.ingress.flatMap(Object.keys));
      expect(statusFields.length).toBeGreaterThan(0);
      expect(statusFields.filter((f: string) => !ingressFields.includes(f))).toEqual([]);
    });
  });
});
