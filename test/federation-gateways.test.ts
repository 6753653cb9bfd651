// Federation gateways as typed settings (`federationGateways`), the `ingress-for` / `egress-for`
// label values, and meshes that share a cluster.
import { Testing } from 'cdk8s';
import {
  FederatedMesh, FederationGatewayOptions, GatewayNaming, LoadBalancerScheme, MeshOptions, Platform,
  TaintEffect, TolerationOperator,
} from '../src';
import { rootCert } from './support/certs';
import { manifestsProblems } from './support/crd-schemas';
import { find, synthAll } from './support/synth';
import { sameClusterFederation } from '../examples/same-cluster/federation';

const aws = () => Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING });
const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL });
const smcp = (objs: any[], name: string, namespace: string) => find(objs, 'ServiceMeshControlPlane', name, namespace).spec;
const peer = (objs: any[], name: string, namespace: string) => find(objs, 'ServiceMeshPeer', name, namespace).spec;

/**
 * The maistra project's federation sample: maistra/istio `samples/federation/base`
 * (export/smcp.yaml at 729ec058b2186d4cc042d6d16860333add72ff50, import/smcp.yaml and install.sh at
 * 8864c8867e1272ffdee53d42e41486208a7560cf / 0480dd42f0b3ac4a735ed2616d10e80d35fcb512): meshes
 * mesh1 (control plane fed-export) and mesh2 (fed-import) with the samples' gateway names, AWS
 * network load balancers and federation gateways without autoscaling, with small CPU and memory
 * requests and no limits.
 */
function maistraSample(extra: Partial<MeshOptions> = {}) {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation', { gatewayNaming: GatewayNaming.maistraSamples(), version: 'v2.1' });
  const federationGateways: FederationGatewayOptions = { replicas: 1, resources: { requests: { cpu: '10m', memory: '128Mi' }, limits: {} } };
  federation.addMesh('mesh1', { platform: aws(), controlPlaneName: 'fed-export', trustDomain: 'mesh1.local', rootCertificate: rootCert('red-mesh'), federationGateways, ingressAddresses: { mesh2: ['mesh1.example.com'] }, ...extra });
  federation.addMesh('mesh2', { platform: aws(), controlPlaneName: 'fed-import', trustDomain: 'mesh2.local', rootCertificate: rootCert('green-mesh'), federationGateways, ingressAddresses: { mesh1: ['mesh2.example.com'] }, ...extra });
  return synthAll(app);
}

describe('the maistra federation sample through typed options', () => {
  const objs = maistraSample();

  test.each([['mesh1', 'fed-export', 'mesh2'], ['mesh2', 'fed-import', 'mesh1']])('%s (%s): the gateways for %s, field by field', (mesh, controlPlane, other) => {
    const spec = smcp(objs, controlPlane, `${mesh}-system`);
    const egress = spec.gateways.additionalEgress[`${other}-egress`];
    expect(egress.enabled).toBe(true);
    expect(egress.requestedNetworkView).toEqual([`network-${other}`]);
    expect(egress.service.metadata.labels).toEqual({ 'federation.maistra.io/egress-for': other });
    expect(egress.service.ports).toEqual([{ port: 15443, name: 'tls' }, { port: 8188, name: 'http-discovery' }]);
    expect(egress.runtime.deployment.autoScaling).toEqual({ enabled: false });
    expect(egress.runtime.deployment.replicas).toBe(1);
    expect(egress.runtime.container.resources).toEqual({ requests: { cpu: '10m', memory: '128Mi' }, limits: {} });
    const ingress = spec.gateways.additionalIngress[`${other}-ingress`];
    expect(ingress.enabled).toBe(true);
    expect(ingress.service.type).toBe('LoadBalancer');
    expect(ingress.service.metadata.labels).toEqual({ 'federation.maistra.io/ingress-for': other });
    expect(ingress.service.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(ingress.service.ports).toEqual([{ port: 15443, name: 'tls' }, { port: 8188, name: 'https-discovery' }]);
    expect(ingress.runtime.deployment.autoScaling).toEqual({ enabled: false });
    expect(ingress.runtime.container.resources).toEqual({ requests: { cpu: '10m', memory: '128Mi' }, limits: {} });
    expect(spec.security.trust.domain).toBe(`${mesh}.local`);
  });

  test('the objects are valid against the CRDs', () => {
    expect(manifestsProblems(objs)).toEqual([]);
  });

  test("single-cluster mode: the install script's cluster-local addresses, ClusterIP ingresses, no load balancer setting", () => {
    const local = maistraSample({ clusterName: 'cluster1', ingressAddresses: undefined });
    // install.sh: MESH1_ADDRESS (used by mesh2's peer mesh1) and MESH2_ADDRESS (used by mesh1's peer mesh2).
    // The ports are the defaults (15443, 8188), which the ServiceMeshPeer leaves out.
    expect(peer(local, 'mesh1', 'mesh2-system').remote).toEqual({ addresses: ['mesh2-ingress.mesh1-system.svc.cluster.local'] });
    expect(peer(local, 'mesh2', 'mesh1-system').remote).toEqual({ addresses: ['mesh1-ingress.mesh2-system.svc.cluster.local'] });
    const ingress = smcp(local, 'fed-export', 'mesh1-system').gateways.additionalIngress['mesh2-ingress'];
    expect(ingress.service.type).toBe('ClusterIP');
    expect(ingress.service.metadata.annotations).toBeUndefined();
    expect(manifestsProblems(local)).toEqual([]);
  });
});

describe('federationGateways levels', () => {
  function build(meshA: Partial<MeshOptions>, meshB: Partial<MeshOptions> = {}, naming?: GatewayNaming) {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation', { gatewayNaming: naming });
    federation.addMesh('a', { platform: gcp(), rootCertificate: rootCert('red-mesh'), dnsDomain: 'a.example.com', ...meshA });
    federation.addMesh('b', { platform: gcp(), rootCertificate: rootCert('green-mesh'), dnsDomain: 'b.example.com', ...meshB });
    federation.addMesh('c', { platform: gcp(), rootCertificate: rootCert('blue-mesh'), dnsDomain: 'c.example.com' });
    return { federation, objs: synthAll(app) };
  }

  test('all, direction, peer, peer and direction: the narrowest wins; maps merge per key', () => {
    const { objs } = build({
      federationGateways: {
        autoscaling: { minReplicas: 2, maxReplicas: 4, cpuTargetPercent: 70 },
        nodeSelector: { 'node-role.kubernetes.io/infra': '' },
        tolerations: [{ key: 'node-role.kubernetes.io/infra', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }],
        podAnnotations: { 'example.com/team': 'mesh' },
        podLabels: { tier: 'federation' },
        ingress: { serviceAnnotations: { 'example.com/owner': 'platform' } },
        perPeer: { b: { replicas: 3, forLabel: 'to-b', egress: { resources: { limits: { memory: '1Gi' } }, podLabels: { tier: 'egress' } } } },
      },
    });
    const gateways = smcp(objs, 'a', 'a-system').gateways;
    expect(gateways.additionalIngress['ingress-c'].runtime).toEqual({
      deployment: { autoScaling: { enabled: true, minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercentage: 70 } },
      pod: {
        metadata: { annotations: { 'example.com/team': 'mesh' }, labels: { tier: 'federation' } },
        nodeSelector: { 'node-role.kubernetes.io/infra': '' },
        tolerations: [{ key: 'node-role.kubernetes.io/infra', operator: 'Exists', effect: 'NoSchedule' }],
      },
    });
    expect(gateways.additionalIngress['ingress-c'].service.metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal', 'example.com/owner': 'platform' });
    expect(gateways.additionalEgress['egress-c'].service.metadata.annotations).toBeUndefined();
    const toB = gateways.additionalEgress['egress-b'];
    expect(toB.runtime.deployment).toEqual({ autoScaling: { enabled: false }, replicas: 3 });
    expect(toB.runtime.container).toEqual({ resources: { limits: { memory: '1Gi' } } });
    expect(toB.runtime.pod.metadata.labels).toEqual({ tier: 'egress' });
    expect(toB.service.metadata.labels).toEqual({ 'federation.maistra.io/egress-for': 'to-b' });
    expect(gateways.additionalIngress['ingress-b'].service.metadata.labels).toEqual({ 'federation.maistra.io/ingress-for': 'to-b' });
    // The docs' naming keeps the gateway's name as the label value.
    expect(gateways.additionalIngress['ingress-c'].service.metadata.labels).toEqual({ 'federation.maistra.io/ingress-for': 'ingress-c' });
    expect(manifestsProblems(objs)).toEqual([]);
  });

  test('without federationGateways nothing changes: no runtime', () => {
    const gateways = smcp(build({}).objs, 'a', 'a-system').gateways;
    expect(gateways.additionalIngress['ingress-b'].runtime).toBeUndefined();
    expect(gateways.additionalEgress['egress-b'].runtime).toBeUndefined();
  });

  test('errors name mesh, peer, field and fix', () => {
    const expectError = (options: Partial<MeshOptions>, message: RegExp) => expect(() => build(options)).toThrow(message);
    expectError({ federationGateways: { replicas: -1 } }, /mesh 'a': federationGateways\.replicas is -1, not a whole number of 0 or more\. Fix: /);
    expectError({ federationGateways: { perPeer: { b: { ingress: { autoscaling: { minReplicas: 5, maxReplicas: 2 } } } } } }, /mesh 'a': federationGateways\.perPeer\['b'\]\.ingress\.autoscaling\.minReplicas 5 is above maxReplicas 2\. Fix: /);
    expectError({ federationGateways: { egress: { resources: { requests: { cpu: '10 cores' } } } } }, /mesh 'a': federationGateways\.egress\.resources\.requests\['cpu'\] is '10 cores', not a Kubernetes quantity\. Fix: /);
    expectError({ federationGateways: { perPeer: { d: { replicas: 1 } } } }, /mesh 'a': federationGateways\.perPeer names 'd', which is not a peer of this mesh \(peers: 'b', 'c'\)\. Fix: /);
    expectError({ platform: aws(), federationGateways: { serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' } } },
      /mesh 'a': federationGateways sets the Service annotation 'service\.beta\.kubernetes\.io\/aws-load-balancer-type' of the ingress gateway for peer 'b' to 'external', but the platform \(or externalDns\) sets it to 'nlb'\. Fix: /);
    expectError({ federationGateways: { replicas: 1, autoscaling: { minReplicas: 1, maxReplicas: 2 } } }, /federationGateways sets both replicas and autoscaling/);
    expectError({ federationGateways: { replica: 1 } as any }, /federationGateways has the unknown key 'replica'/);
  });
});

describe('meshes in one cluster', () => {
  test('mixed: a and b share cluster east, c runs elsewhere', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('a', { platform: Platform.nodePort({ nodeAddresses: ['192.0.2.10'] }), clusterName: 'east', rootCertificate: rootCert('red-mesh') });
    federation.addMesh('b', { platform: aws(), clusterName: 'east', rootCertificate: rootCert('green-mesh'), dnsDomain: 'b.example.com' });
    federation.addMesh('c', { platform: gcp(), clusterName: 'west', rootCertificate: rootCert('blue-mesh'), dnsDomain: 'c.example.com' });
    const objs = synthAll(app);
    expect(peer(objs, 'a', 'b-system').remote.addresses).toEqual(['ingress-b.a-system.svc.cluster.local']);
    expect(peer(objs, 'b', 'a-system').remote.addresses).toEqual(['ingress-a.b-system.svc.cluster.local']);
    expect(peer(objs, 'b', 'c-system').remote.addresses).toEqual(['ingress-c.b-system.b.example.com']);
    // a's node ports go to the gateway for c only.
    expect(peer(objs, 'a', 'c-system').remote).toEqual({ addresses: ['192.0.2.10'], servicePort: 30443, discoveryPort: 30444 });
    const a = smcp(objs, 'a', 'a-system').gateways.additionalIngress;
    expect(a['ingress-b'].service.type).toBe('ClusterIP');
    expect(a['ingress-b'].service.ports.map((p: any) => p.nodePort)).toEqual([undefined, undefined]);
    expect(a['ingress-c'].service.type).toBe('NodePort');
    expect(manifestsProblems(objs)).toEqual([]);
    const plan = federation.plan();
    expect(plan.peerings.map(p => [p.meshes.join('+'), p.sameCluster])).toEqual([['a+b', 'east'], ['a+c', undefined], ['b+c', undefined]]);
    expect(federation.planMarkdown()).toContain('| a ↔ b | east | a → `ingress-a.b-system.svc.cluster.local`<br/>b → `ingress-b.a-system.svc.cluster.local` |');
    expect(federation.diagram()).toContain('m_a <-->|"peered inside cluster east"| m_b');
    expect(federation.diagram()).toContain('m_a <-->|peered| m_c');
  });

  test('clusterLocalPeering: false exposes the pair as across clusters', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('a', { platform: gcp(), clusterName: 'east', clusterLocalPeering: false, rootCertificate: rootCert('red-mesh'), dnsDomain: 'a.example.com' });
    federation.addMesh('b', { platform: gcp(), clusterName: 'east', rootCertificate: rootCert('green-mesh'), dnsDomain: 'b.example.com' });
    const objs = synthAll(app);
    expect(peer(objs, 'a', 'b-system').remote.addresses).toEqual(['ingress-b.a-system.a.example.com']);
    expect(smcp(objs, 'b', 'b-system').gateways.additionalIngress['ingress-a'].service.type).toBe('LoadBalancer');
  });
});

describe('the same-cluster example (red and green in cluster east, blue in west)', () => {
  const app = Testing.app();
  const federation = sameClusterFederation(app);
  const objs = synthAll(app);

  test('red and green reach each other inside the cluster; blue through load balancers', () => {
    expect(peer(objs, 'red-mesh', 'green-mesh-system').remote.addresses).toEqual(['green-mesh-ingress.red-mesh-system.svc.cluster.local']);
    expect(peer(objs, 'green-mesh', 'red-mesh-system').remote.addresses).toEqual(['red-mesh-ingress.green-mesh-system.svc.cluster.local']);
    expect(peer(objs, 'red-mesh', 'blue-mesh-system').remote.addresses).toEqual(['blue-mesh-ingress.red-mesh-system.apps.east.example.com']);
    const red = smcp(objs, 'red-mesh', 'red-mesh-system').gateways;
    expect(red.additionalIngress['green-mesh-ingress'].service.type).toBe('ClusterIP');
    expect(red.additionalIngress['green-mesh-ingress'].service.metadata).toEqual({ labels: { 'federation.maistra.io/ingress-for': 'green-mesh' } });
    expect(red.additionalIngress['blue-mesh-ingress'].service.type).toBe('LoadBalancer');
    expect(federation.plan().peerings.filter(p => p.sameCluster).map(p => p.meshes)).toEqual([['green-mesh', 'red-mesh']]);
  });

  test('the gateways crossing clusters autoscale with more resources; the others run one small replica on infra nodes', () => {
    const red = smcp(objs, 'red-mesh', 'red-mesh-system').gateways;
    expect(red.additionalIngress['blue-mesh-ingress'].runtime.deployment.autoScaling).toEqual({ enabled: true, minReplicas: 2, maxReplicas: 4, targetCPUUtilizationPercentage: 75 });
    expect(red.additionalIngress['blue-mesh-ingress'].runtime.container.resources).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '1Gi' } });
    expect(red.additionalEgress['blue-mesh-egress'].runtime.container.resources.requests).toEqual({ cpu: '10m', memory: '128Mi' });
    expect(red.additionalEgress['green-mesh-egress'].runtime.deployment).toEqual({ autoScaling: { enabled: false }, replicas: 1 });
    expect(red.additionalEgress['green-mesh-egress'].runtime.pod.nodeSelector).toEqual({ 'node-role.kubernetes.io/infra': '' });
    expect(manifestsProblems(objs)).toEqual([]);
  });

  test('no manual step asks for a load balancer address or DNS record of the pair inside the cluster', () => {
    const steps = federation.manualSteps().map(s => `${s.title} ${s.reason}`).join('\n');
    expect(steps).not.toMatch(/green-mesh-ingress\.red-mesh-system|red-mesh-ingress\.green-mesh-system/);
  });
});
