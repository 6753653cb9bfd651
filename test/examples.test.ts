import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, Yaml } from 'cdk8s';
import { FederationApp } from '../src';
import { describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { find, synthByChart, tree } from './support/synth';
import { rootRotationApp } from '../examples/root-rotation/rotation';
import { serviceSharingFederation } from '../examples/service-sharing/federation';
import { threeMeshFederation } from '../examples/three-mesh-federation/federation';

describe('three-mesh example (red on AWS, green on NodePort, blue on GCP)', () => {
  const app = Testing.app();
  threeMeshFederation(app);
  const byMesh = synthByChart(app);
  const all = Object.values(byMesh).flat();

  test('one output per mesh, each holding only its own namespace, the Namespace itself and its member roll', () => {
    expect(Object.keys(byMesh).sort()).toEqual(['blue-mesh', 'green-mesh', 'red-mesh']);
    for (const [mesh, objs] of Object.entries(byMesh)) {
      expect(new Set(objs.filter(o => o.kind !== 'Namespace').map(o => o.metadata.namespace))).toEqual(new Set([`${mesh}-system`]));
      expect(find(objs, 'Namespace', `${mesh}-system`)).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `${mesh}-system` } });
      expect(find(objs, 'ServiceMeshMemberRoll', 'default', `${mesh}-system`).spec).toEqual({ members: [] });
    }
  });

  test('3 SMCPs with 2 federation ingress and 2 egress gateways each, 6 peers, 6 root-cert ConfigMaps', () => {
    const smcps = all.filter(o => o.kind === 'ServiceMeshControlPlane');
    expect(smcps).toHaveLength(3);
    for (const smcp of smcps) {
      expect(Object.keys(smcp.spec.gateways.additionalIngress)).toHaveLength(2);
      expect(Object.keys(smcp.spec.gateways.additionalEgress)).toHaveLength(2);
    }
    expect(all.filter(o => o.kind === 'ServiceMeshPeer')).toHaveLength(6);
    expect(all.filter(o => o.kind === 'ConfigMap' && o.metadata.name.endsWith('-ca-root-cert'))).toHaveLength(6);
  });

  test('each peer reaches the other side the way its platform exposes it', () => {
    // red (AWS) is reached through the DNS name external-dns publishes for its NLB.
    expect(find(byMesh['green-mesh'], 'ServiceMeshPeer', 'red-mesh').spec.remote).toEqual({ addresses: ['ingress-green-mesh.red-mesh-system.apps.red.example.com'] });
    const redIngress = find(byMesh['red-mesh'], 'ServiceMeshControlPlane', 'red-mesh').spec.gateways.additionalIngress['ingress-green-mesh'].service;
    expect(redIngress.metadata.annotations).toEqual({
      'external-dns.alpha.kubernetes.io/hostname': 'ingress-green-mesh.red-mesh-system.apps.red.example.com',
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
    });
    // green (NodePort) is reached on its node IPs and the node ports of its ingress for each peer.
    const greenIngress = find(byMesh['green-mesh'], 'ServiceMeshControlPlane', 'green-mesh').spec.gateways.additionalIngress;
    expect(greenIngress['ingress-blue-mesh'].service.ports).toEqual([
      { name: 'tls', port: 15443, nodePort: 30443 }, { name: 'https-discovery', port: 8188, nodePort: 30444 },
    ]);
    expect(find(byMesh['blue-mesh'], 'ServiceMeshPeer', 'green-mesh').spec.remote).toEqual({
      addresses: ['192.0.2.10', '192.0.2.11'], servicePort: 30443, discoveryPort: 30444,
    });
    expect(find(byMesh['red-mesh'], 'ServiceMeshPeer', 'green-mesh').spec.remote).toEqual({
      addresses: ['192.0.2.10', '192.0.2.11'], servicePort: 30445, discoveryPort: 30446,
    });
    // blue (GCP) is reached on the IPs given once its load balancers existed.
    expect(find(byMesh['red-mesh'], 'ServiceMeshPeer', 'blue-mesh').spec.remote).toEqual({ addresses: ['203.0.113.21'] });
  });

  test('whole output (reviewed snapshot)', () => {
    expect(byMesh).toMatchSnapshot();
  });
});

describeWithCrds('three-mesh example against the upstream CRD schemas', () => {
  test('every object validates with unknown fields rejected', () => {
    const app = Testing.app();
    threeMeshFederation(app);
    const all = Object.values(synthByChart(app)).flat();
    expect(all).toHaveLength(21); // 15, and per mesh its Namespace and member roll
    expect(manifestsProblems(all)).toEqual([]);
  });
});

describe('service-sharing example (exports, imports, failover between us-east-1 and us-west-1)', () => {
  const app = Testing.app();
  const federation = serviceSharingFederation(app);
  const byMesh = synthByChart(app);

  test('each mesh gets its sets, and the failover DestinationRules land in the application namespace', () => {
    const kinds = (mesh: string) => byMesh[mesh].map(o => `${o.kind}/${o.metadata.name}`).filter(k => /ServiceSet|DestinationRule/.test(k));
    expect(kinds('red-mesh')).toEqual(['DestinationRule/ratings-failover', 'ExportedServiceSet/blue-mesh', 'ExportedServiceSet/green-mesh', 'ImportedServiceSet/green-mesh']);
    expect(kinds('green-mesh')).toEqual(['DestinationRule/ratings-failover', 'ExportedServiceSet/red-mesh', 'ImportedServiceSet/red-mesh']);
    expect(kinds('blue-mesh')).toEqual(['ImportedServiceSet/red-mesh']);
    // Membership: the namespaces of red's exports and of the failover; green's and blue's other imports need none.
    expect(find(byMesh['red-mesh'], 'ServiceMeshMemberRoll', 'default').spec.members).toEqual(['bookinfo', 'red-mesh-info']);
    expect(find(byMesh['green-mesh'], 'ServiceMeshMemberRoll', 'default').spec.members).toEqual(['bookinfo']);
    expect(find(byMesh['blue-mesh'], 'ServiceMeshMemberRoll', 'default').spec.members).toEqual([]);
    expect(find(byMesh['green-mesh'], 'DestinationRule', 'ratings-failover').metadata.namespace).toBe('bookinfo');
    expect(find(byMesh['green-mesh'], 'DestinationRule', 'ratings-failover').spec.trafficPolicy.loadBalancer.localityLbSetting.failover)
      .toEqual([{ from: 'us-east-1', to: 'us-west-1' }]);
    // The failover import shares green's ImportedServiceSet with the plain import, and sets red's locality on it.
    expect(find(byMesh['green-mesh'], 'ImportedServiceSet', 'red-mesh').spec).toEqual({
      importRules: [
        { type: 'NameSelector', importAsLocal: false, nameSelector: { namespace: 'info', name: 'red-ratings', alias: { namespace: 'info', name: 'ratings' } } },
        { type: 'NameSelector', importAsLocal: true, nameSelector: { namespace: 'bookinfo', name: 'ratings', alias: { namespace: 'bookinfo', name: 'ratings' } } },
      ],
      locality: { region: 'us-west-1' },
    });
  });

  test('the plan shows the docs\' red-to-green import', () => {
    expect(federation.planMarkdown()).toContain('| red-mesh | `red-ratings.info.svc.green-mesh-exports.local` | `ratings.info.svc.red-mesh-imports.local` | no | #1 |');
  });

  test('the plan is among the reports, and FederationApp writes it beside the mesh folders', () => {
    expect(federation.reportFiles()['federation-plan.md']).toBe(federation.planMarkdown());
    const outdir = mkdtempSync(join(tmpdir(), 'plan-'));
    const written = new FederationApp({ outdir });
    const again = serviceSharingFederation(written);
    written.synth();
    expect(readFileSync(join(outdir, 'federation-plan.md'), 'utf8')).toBe(again.planMarkdown());
    expect(again.planMarkdown()).toBe(federation.planMarkdown());
  });
});

test('a broken federation writes no plan', () => {
  const outdir = join(mkdtempSync(join(tmpdir(), 'plan-')), 'dist');
  const app = new FederationApp({ outdir });
  const federation = threeMeshFederation(app);
  const green = federation.findMesh('green-mesh')!;
  green.addServiceImport('typo', { peer: federation.findMesh('red-mesh')! }).addNameRule({ namespace: 'info', name: 'ratngs' });
  expect(() => federation.reportFiles()).toThrow(/addNameRule\('info', 'ratngs'\): matches nothing mesh 'red-mesh' exports to 'green-mesh'/);
  expect(() => app.synth()).toThrow(/addNameRule\('info', 'ratngs'\): matches nothing mesh 'red-mesh' exports to 'green-mesh'/);
  // Nothing of the federation is written (cdk8s's App creates the output folder itself before it validates).
  expect(existsSync(join(outdir, 'federation-plan.md'))).toBe(false);
  expect(existsSync(join(outdir, 'green-mesh'))).toBe(false);
});

describeWithCrds('service-sharing example against the upstream CRD schemas', () => {
  test('every object validates with unknown fields rejected', () => {
    const app = Testing.app();
    serviceSharingFederation(app);
    const all = Object.values(synthByChart(app)).flat();
    expect(all).toHaveLength(29); // 23, and per mesh its Namespace and member roll
    expect(manifestsProblems(all)).toEqual([]);
  });
});

describe('root-rotation example (red-mesh and blue-mesh to their next roots, green-mesh keeps its root)', () => {
  const certs = (file: string) => readFileSync(join(__dirname, '..', 'examples', 'certs', file), 'utf8');
  const outdir = join(mkdtempSync(join(tmpdir(), 'root-rotation-example-')), 'dist');
  const plainDir = join(mkdtempSync(join(tmpdir(), 'three-mesh-')), 'dist');
  beforeAll(() => {
    rootRotationApp(outdir, { printSummary: false }).synth();
    const plain = new FederationApp({ outdir: plainDir, printSummary: false });
    threeMeshFederation(plain);
    plain.synth();
  });
  const configMap = (step: string, cluster: string, mesh: string) => Yaml.load(join(outdir, step, cluster, `ConfigMap.${mesh}-ca-root-cert.k8s.yaml`))[0] as any;

  test('each step holds the roots the phase says, in every peer namespace', () => {
    const [red, redNext, blue, blueNext] = ['red-mesh-root-cert.pem', 'red-mesh-next-root-cert.pem', 'blue-mesh-root-cert.pem', 'blue-mesh-next-root-cert.pem'].map(certs);
    const steps = [['1-trust-next', red + redNext, blue + blueNext], ['2-switch', red + redNext, blue + blueNext], ['3-drop-previous', redNext, blueNext]];
    for (const [step, redHeld, blueHeld] of steps) {
      expect(configMap(step, 'green-mesh', 'red-mesh').data).toEqual({ 'root-cert.pem': redHeld });
      expect(configMap(step, 'blue-mesh', 'red-mesh').data).toEqual({ 'root-cert.pem': redHeld });
      expect(configMap(step, 'green-mesh', 'blue-mesh').data).toEqual({ 'root-cert.pem': blueHeld });
      expect(configMap(step, 'red-mesh', 'blue-mesh').data).toEqual({ 'root-cert.pem': blueHeld });
      expect(configMap(step, 'red-mesh', 'green-mesh').data).toEqual({ 'root-cert.pem': certs('green-mesh-root-cert.pem') });
    }
  });

  test('every other file of each step is the three-mesh example\'s, byte for byte', () => {
    const plain = tree(plainDir);
    const rotated = /^(red|green|blue)-mesh\/ConfigMap\.(red|blue)-mesh-ca-root-cert\.k8s\.yaml$|manual-steps\.md$|\.cdk8s-mesh-federation-owned$/;
    for (const step of ['1-trust-next', '2-switch', '3-drop-previous']) {
      const files = tree(join(outdir, step));
      expect(Object.keys(files).sort()).toEqual(Object.keys(plain).filter(p => !p.endsWith('.cdk8s-mesh-federation-owned')).sort());
      for (const path of Object.keys(files).filter(p => !rotated.test(p))) {
        expect({ path, content: files[path] }).toEqual({ path, content: plain[path] });
      }
    }
    expect(readFileSync(join(outdir, 'federation-root-rotation.md'), 'utf8')).toContain('| blue-mesh | `O=cluster.local, CN=Root CA blue-mesh` sha256');
  });
});
