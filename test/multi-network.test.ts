import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Testing, Yaml } from 'cdk8s';
import {
  FederationApp,
  FederatedMesh, LoadBalancerScheme, MigrationEntryKind, MultiNetworkClusterOptions, MultiNetworkMesh, MultiNetworkMeshProps,
  MultiNetworkTopology, Platform, RemoteSecretManagement,
} from '../src';
import { describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { find, synthAll, synthByChart } from './support/synth';
import { twoNetworkClusters } from '../examples/multi-network/multi-network';
import { serviceSharingFederation } from '../examples/service-sharing/federation';
import { threeMeshFederation } from '../examples/three-mesh-federation/federation';
import { threeMeshMultiNetwork } from '../examples/three-mesh-multi-network/multi-network';
import { warningsOf } from '../src/core/warnings';

const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });

/** Seed 002: cluster1 and cluster2 on network1 and network2, mesh ID mesh1. */
function seed(props: Partial<MultiNetworkMeshProps> = {}, extra: Partial<MultiNetworkClusterOptions> = {}) {
  const app = Testing.app();
  const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1', ...props });
  const cluster1 = mesh.addCluster('cluster1', { platform: gcp(), network: 'network1', ...extra });
  const cluster2 = mesh.addCluster('cluster2', { platform: gcp(), network: 'network2', ...extra });
  return { app, mesh, cluster1, cluster2 };
}

const SEED_LABELS = { 'istio': 'eastwestgateway', 'app': 'istio-eastwestgateway', 'topology.istio.io/network': 'network1' };

describe('seed 002: two clusters on different networks, field for field', () => {
  const { app, mesh } = seed();
  const byCluster = synthByChart(app);
  const c1 = byCluster.cluster1;

  test('one chart per cluster, named after it', () => {
    expect(Object.keys(byCluster).sort()).toEqual(['cluster1', 'cluster2']);
    expect(mesh.clusters.map(c => c.name)).toEqual(['cluster1', 'cluster2']);
  });

  test('the control plane: a cluster-scoped Sail Istio resource with meshID, clusterName and network', () => {
    expect(find(c1, 'Istio', 'default')).toEqual({
      apiVersion: 'sailoperator.io/v1',
      kind: 'Istio',
      metadata: { name: 'default' },
      spec: {
        version: 'v1.30.3',
        namespace: 'istio-system',
        values: { global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' } },
      },
    });
    expect(find(byCluster.cluster2, 'Istio', 'default').spec.values.global).toEqual({
      meshID: 'mesh1', multiCluster: { clusterName: 'cluster2' }, network: 'network2',
    });
  });

  test('the istiod Helm values are the same values', () => {
    expect(mesh.helmValues('cluster1')).toEqual({ global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1' } });
    expect(mesh.helmValues('cluster2')).toEqual(find(byCluster.cluster2, 'Istio', 'default').spec.values);
  });

  test('the system namespace is labelled topology.istio.io/network', () => {
    expect(find(c1, 'Namespace', 'istio-system').metadata).toEqual({ name: 'istio-system', labels: { 'topology.istio.io/network': 'network1' } });
    expect(find(byCluster.cluster2, 'Namespace', 'istio-system').metadata.labels).toEqual({ 'topology.istio.io/network': 'network2' });
  });

  test('east-west gateway Service: labels, selector and the four ports of gen-eastwest-gateway.sh', () => {
    const service = find(c1, 'Service', 'istio-eastwestgateway', 'istio-system');
    expect(service.metadata.labels).toEqual(SEED_LABELS);
    expect(service.spec).toEqual({
      type: 'LoadBalancer',
      selector: { istio: 'eastwestgateway', app: 'istio-eastwestgateway' },
      ports: [
        { name: 'status-port', port: 15021, targetPort: 15021 },
        { name: 'tls', port: 15443, targetPort: 15443 },
        { name: 'tls-istiod', port: 15012, targetPort: 15012 },
        { name: 'tls-webhook', port: 15017, targetPort: 15017 },
      ],
    });
  });

  test('east-west gateway Deployment: gateway injection, the seed labels and ISTIO_META_REQUESTED_NETWORK_VIEW', () => {
    const deployment = find(c1, 'Deployment', 'istio-eastwestgateway', 'istio-system');
    expect(deployment.metadata.labels).toEqual(SEED_LABELS);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.selector).toEqual({ matchLabels: { istio: 'eastwestgateway', app: 'istio-eastwestgateway' } });
    const template = deployment.spec.template;
    expect(template.metadata).toEqual({
      labels: { ...SEED_LABELS, 'sidecar.istio.io/inject': 'true' },
      annotations: { 'inject.istio.io/templates': 'gateway' },
    });
    expect(template.spec.serviceAccountName).toBe('istio-eastwestgateway');
    expect(template.spec.containers).toHaveLength(1);
    const [container] = template.spec.containers;
    expect(container.name).toBe('istio-proxy');
    expect(container.image).toBe('auto');
    expect(container.env).toEqual([{ name: 'ISTIO_META_REQUESTED_NETWORK_VIEW', value: 'network1' }]);
    expect(find(c1, 'ServiceAccount', 'istio-eastwestgateway', 'istio-system').metadata.labels).toEqual(SEED_LABELS);
  });

  test('cross-network-gateway: 15443, TLS, AUTO_PASSTHROUGH, *.local', () => {
    expect(find(c1, 'Gateway', 'cross-network-gateway', 'istio-system')).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'Gateway',
      metadata: { name: 'cross-network-gateway', namespace: 'istio-system' },
      spec: {
        selector: { istio: 'eastwestgateway' },
        servers: [{ port: { number: 15443, name: 'tls', protocol: 'TLS' }, tls: { mode: 'AUTO_PASSTHROUGH' }, hosts: ['*.local'] }],
      },
    });
  });

  test('nothing else: no istiod exposure without remotes, no autoscaler or budget unless asked', () => {
    expect(c1.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Deployment/istio-eastwestgateway', 'Gateway/cross-network-gateway', 'Istio/default', 'Namespace/istio-system',
      'Service/istio-eastwestgateway', 'ServiceAccount/istio-eastwestgateway',
    ]);
  });

  test('manual steps: the Sail operator first on each cluster', () => {
    const operators = mesh.manualSteps().filter(s => s.title.includes('Sail operator'));
    expect(operators.map(s => [s.cluster, s.title])).toEqual([
      ['cluster1', 'Check that cluster1 runs a Sail operator that serves v1.30.3'],
      ['cluster2', 'Check that cluster2 runs a Sail operator that serves v1.30.3'],
    ]);
    expect(operators[1].commands[0]).toBe('kubectl get crd istios.sailoperator.io --context=cluster2 -o jsonpath=\'{.spec.versions[?(@.storage==true)].schema.openAPIV3Schema.properties.spec.properties.version.enum}\'');
    expect(mesh.manualSteps()[0].title).toContain('Sail operator');
  });

  test('manual steps: cacerts per cluster (root once), then a remote secret per ordered pair', () => {
    const steps = mesh.manualSteps().filter(s => !s.title.includes('Sail operator'));
    expect(steps.map(s => [s.cluster, s.title])).toEqual([
      ['cluster1', 'Install cluster1\'s intermediate CA (Secret cacerts in istio-system)'],
      ['cluster1', 'Let cluster1\'s istiod discover cluster2\'s endpoints (remote secret)'],
      ['cluster2', 'Install cluster2\'s intermediate CA (Secret cacerts in istio-system)'],
      ['cluster2', 'Let cluster2\'s istiod discover cluster1\'s endpoints (remote secret)'],
    ]);
    expect(steps[1].commands).toEqual(['istioctl create-remote-secret --context=cluster2 --name=cluster2 | kubectl apply -f - --context=cluster1']);
    expect(steps[3].commands).toEqual(['istioctl create-remote-secret --context=cluster1 --name=cluster1 | kubectl apply -f - --context=cluster2']);
    expect(steps[0].commands).toContain('make -C certs -f ../tools/certs/Makefile.selfsigned.mk root-ca');
    expect(steps[2].commands.join('\n')).not.toContain('root-ca');
    expect(steps[2].commands[steps[2].commands.length - 1]).toBe('kubectl create secret generic cacerts -n istio-system --context=cluster2 '
      + '--from-file=ca-cert.pem=certs/cluster2/ca-cert.pem --from-file=ca-key.pem=certs/cluster2/ca-key.pem '
      + '--from-file=root-cert.pem=certs/cluster2/root-cert.pem --from-file=cert-chain.pem=certs/cluster2/cert-chain.pem');
    // Never the credentials themselves.
    expect(synthAll(app).filter(o => o.kind === 'Secret')).toEqual([]);
  });

  test('no warnings for two IP load balancers on two networks', () => {
    expect(mesh.warnings()).toEqual([]);
  });
});

describe('platforms, source ranges and addresses', () => {
  test('the east-west Service gets the platform annotations, like the federation ingress', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    mesh.addCluster('east', { platform: Platform.awsLoadBalancerController({ scheme: LoadBalancerScheme.INTERNAL }), network: 'n1' });
    mesh.addCluster('west', { platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }), network: 'n2' });
    const byCluster = synthByChart(app);
    expect(find(byCluster.east, 'Service', 'istio-eastwestgateway').metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
    });
    expect(find(byCluster.west, 'Service', 'istio-eastwestgateway').metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    // Synth recorded the hostname-only load balancer's warning on the mesh, once for both charts.
    expect(warningsOf(app)).toEqual([expect.stringMatching(/^cluster 'east': the east-west gateway's load balancer on aws-load-balancer-controller reports a hostname only; /)]);
    expect(warningsOf(mesh)).toEqual(mesh.warnings());
  });

  test('source ranges: the other clusters\' egress ranges win, else the cluster\'s own ingress ranges', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    mesh.addCluster('a', { platform: gcp(), ingressSourceRanges: ['10.0.0.0/8'], egressSourceRanges: ['198.51.100.0/28'] });
    mesh.addCluster('b', { platform: gcp(), egressSourceRanges: ['203.0.113.0/28'] });
    mesh.addCluster('c', { platform: gcp(), ingressSourceRanges: ['192.0.2.0/24'] });
    const byCluster = synthByChart(app);
    const ranges = (c: string) => find(byCluster[c], 'Service', 'istio-eastwestgateway').spec.loadBalancerSourceRanges;
    // a: b declares its egress, c does not, so a's own ingress ranges stand for c.
    expect(ranges('a')).toEqual(['10.0.0.0/8', '203.0.113.0/28']);
    // b: neither its own ingress ranges nor c's egress are known, so no restriction.
    expect(ranges('b')).toBeUndefined();
    // c: both others declare their egress, so its own ingress ranges play no part.
    expect(ranges('c')).toEqual(['198.51.100.0/28', '203.0.113.0/28']);
  });

  test('NodePort: node ports from firstNodePort, no source ranges, node IPs in every meshNetworks', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    mesh.addCluster('a', { platform: gcp(), network: 'network1', ingressSourceRanges: ['10.0.0.0/8'] });
    mesh.addCluster('b', {
      platform: Platform.nodePort({ nodeAddresses: ['192.0.2.10', '192.0.2.11'], firstNodePort: 31000 }),
      network: 'network2',
    });
    const byCluster = synthByChart(app);
    const service = find(byCluster.b, 'Service', 'istio-eastwestgateway');
    expect(service.spec.type).toBe('NodePort');
    expect(service.spec.loadBalancerSourceRanges).toBeUndefined();
    expect(service.spec.ports.map((p: any) => [p.name, p.nodePort])).toEqual([['status-port', undefined], ['tls', 31000], ['tls-istiod', 31001], ['tls-webhook', 31002]]);
    const network2 = {
      endpoints: [{ fromRegistry: 'b' }],
      gateways: [{ address: '192.0.2.10', port: 31000 }, { address: '192.0.2.11', port: 31000 }],
    };
    for (const c of ['a', 'b']) {
      expect(find(byCluster[c], 'Istio', 'default').spec.values.global.meshNetworks).toEqual({ network2 });
    }
  });

  test('NodePort: the cluster\'s own ingress source ranges would be dropped, so they are an error; its egress ranges restrict the others', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    const nodePort = Platform.nodePort({ nodeAddresses: ['192.0.2.10'] });
    expect(() => mesh.addCluster('b', { platform: nodePort, ingressSourceRanges: ['10.0.0.0/8'] }))
      .toThrow(/^cluster 'b': ingressSourceRanges \["10\.0\.0\.0\/8"\] cannot be applied on Platform\.nodePort\(\): .* Fix: remove ingressSourceRanges/);
    mesh.addCluster('a', { platform: gcp() });
    mesh.addCluster('b', { platform: nodePort, ingressSourceRanges: [], egressSourceRanges: ['198.51.100.0/28'] });
    expect(find(synthByChart(app).a, 'Service', 'istio-eastwestgateway').spec.loadBalancerSourceRanges).toEqual(['198.51.100.0/28']);
  });

  test('known east-west IPs go to meshNetworks, port 15443', () => {
    const mesh = new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: 'mesh1' });
    mesh.addCluster('cluster1', { platform: gcp(), network: 'network1', eastWestGatewayAddresses: ['198.51.100.1'] });
    mesh.addCluster('cluster2', { platform: gcp(), network: 'network2' });
    expect(mesh.helmValues('cluster2').global.meshNetworks).toEqual({
      network1: { endpoints: [{ fromRegistry: 'cluster1' }], gateways: [{ address: '198.51.100.1', port: 15443 }] },
    });
  });

  test('autoscaling and a disruption budget on request', () => {
    const autoscaling = { minReplicas: 2, maxReplicas: 6, targetCpuUtilizationPercent: 70 };
    const { app } = seed({}, { eastWestGateway: { autoscaling, minAvailable: 1 } });
    const objs = synthByChart(app).cluster1;
    expect(find(objs, 'Deployment', 'istio-eastwestgateway').spec.replicas).toBeUndefined();
    const hpa = find(objs, 'HorizontalPodAutoscaler', 'istio-eastwestgateway', 'istio-system');
    expect(hpa.spec).toMatchObject({
      minReplicas: 2,
      maxReplicas: 6,
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'istio-eastwestgateway' },
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
    });
    expect(find(objs, 'PodDisruptionBudget', 'istio-eastwestgateway', 'istio-system').spec).toEqual({
      minAvailable: 1, selector: { matchLabels: { istio: 'eastwestgateway', app: 'istio-eastwestgateway' } },
    });
  });

  test('a hostname-only load balancer is flagged as a warning; a hostname where meshNetworks needs an IP is an error', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    mesh.addCluster('eks', { platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING }), network: 'n1' });
    expect(mesh.warnings()).toEqual([expect.stringMatching(/^cluster 'eks': the east-west gateway's load balancer on aws-nlb reports a hostname only; .* Consider static IPs/)]);
    // Nothing is recorded before synth; synth records each warning once, and prints nothing.
    const warn = jest.spyOn(console, 'warn');
    expect(warningsOf(app)).toEqual([]);
    synthAll(app);
    synthAll(app);
    expect(warningsOf(app)).toEqual(mesh.warnings());
    expect(warn).not.toHaveBeenCalled();
    warn.mockRestore();
    expect(() => mesh.addCluster('eks2', { platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING }), eastWestGatewayAddresses: ['a1.elb.amazonaws.com'] }))
      .toThrow(/cluster 'eks2': eastWestGatewayAddresses has 'a1\.elb\.amazonaws\.com', which is not an IP address; Istio's meshNetworks takes gateway IPs only/);
  });
});

describe('primary-remote', () => {
  const { app, mesh } = seed({ topology: MultiNetworkTopology.primaryRemote('cluster1') });
  const app2 = Testing.app();
  const withAddress = new MultiNetworkMesh(app2, 'mesh', { meshId: 'mesh1', topology: MultiNetworkTopology.primaryRemote('cluster1') });
  withAddress.addCluster('cluster1', { platform: gcp(), network: 'network1', eastWestGatewayAddresses: ['198.51.100.1'] });
  withAddress.addCluster('cluster2', { platform: gcp(), network: 'network2' });
  const byCluster = synthByChart(app2);

  test('the primary sets externalIstiod and exposes istiod through its east-west gateway', () => {
    expect(find(byCluster.cluster1, 'Istio', 'default').spec.values.global.externalIstiod).toBe(true);
    expect(find(byCluster.cluster1, 'Gateway', 'istiod-gateway', 'istio-system').spec).toEqual({
      selector: { istio: 'eastwestgateway' },
      servers: [
        { port: { number: 15012, name: 'tls-istiod', protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
        { port: { number: 15017, name: 'tls-istiodwebhook', protocol: 'TLS' }, tls: { mode: 'PASSTHROUGH' }, hosts: ['*'] },
      ],
    });
    const vs = find(byCluster.cluster1, 'VirtualService', 'istiod-vs', 'istio-system');
    expect(vs.spec.gateways).toEqual(['istiod-gateway']);
    expect(vs.spec.tls.map((t: any) => [t.match[0].port, t.route[0].destination])).toEqual([
      [15012, { host: 'istiod.istio-system.svc.cluster.local', port: { number: 15012 } }],
      [15017, { host: 'istiod.istio-system.svc.cluster.local', port: { number: 443 } }],
    ]);
  });

  test('the remote runs the remote profile against the primary\'s east-west address', () => {
    const istio = find(byCluster.cluster2, 'Istio', 'default');
    expect(istio.spec.profile).toBe('remote');
    expect(istio.spec.values).toEqual({
      global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster2' }, network: 'network2', remotePilotAddress: '198.51.100.1' },
      istiodRemote: { injectionPath: '/inject/cluster/cluster2/net/network2' },
    });
    expect(withAddress.helmValues('cluster2').profile).toBe('remote');
    expect(find(byCluster.cluster2, 'Namespace', 'istio-system').metadata.annotations).toEqual({ 'topology.istio.io/controlPlaneClusters': 'cluster1' });
    expect(byCluster.cluster2.filter(o => o.metadata.name === 'istiod-gateway' || o.kind === 'VirtualService')).toEqual([]);
  });

  test('manual steps: the remote\'s secret on the primary only, no cacerts on the remote, the address when unknown', () => {
    expect(withAddress.manualSteps().map(s => s.title)).toEqual([
      'Check that cluster1 runs a Sail operator that serves v1.30.3',
      'Install cluster1\'s intermediate CA (Secret cacerts in istio-system)',
      'Let cluster1\'s istiod discover cluster2\'s endpoints (remote secret)',
      'Check that cluster2 runs a Sail operator that serves v1.30.3',
    ]);
    const steps = mesh.manualSteps();
    const read = steps.find(s => s.title === 'Read cluster1\'s east-west gateway address')!;
    expect(read.commands).toEqual(['kubectl get service istio-eastwestgateway -n istio-system --context=cluster1 -o jsonpath=\'{.status.loadBalancer.ingress[0].ip}\'']);
    expect(read.then).toMatch(/Set eastWestGatewayAddresses/);
    expect(synthByChart(app).cluster2.length).toBeGreaterThan(0);
  });

  describeWithCrds('schemas', () => {
    test('Istio, Gateway, VirtualService and the core objects validate, unknown fields rejected', () => {
      expect(manifestsProblems(Object.values(byCluster).flat())).toEqual([]);
    });
  });
});

describe('manual steps options', () => {
  test('kube contexts and Istio cluster names are used where each belongs; three clusters make six remote secrets', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    for (const n of ['a', 'b', 'c']) mesh.addCluster(n, { platform: gcp(), clusterName: `cn-${n}`, kubeContext: `ctx-${n}` });
    const secrets = mesh.manualSteps().filter(s => s.title.endsWith('(remote secret)'));
    expect(secrets.map(s => s.commands[0])).toEqual([
      'istioctl create-remote-secret --context=ctx-b --name=cn-b | kubectl apply -f - --context=ctx-a',
      'istioctl create-remote-secret --context=ctx-c --name=cn-c | kubectl apply -f - --context=ctx-a',
      'istioctl create-remote-secret --context=ctx-a --name=cn-a | kubectl apply -f - --context=ctx-b',
      'istioctl create-remote-secret --context=ctx-c --name=cn-c | kubectl apply -f - --context=ctx-b',
      'istioctl create-remote-secret --context=ctx-a --name=cn-a | kubectl apply -f - --context=ctx-c',
      'istioctl create-remote-secret --context=ctx-b --name=cn-b | kubectl apply -f - --context=ctx-c',
    ]);
  });

  test('remote secrets managed elsewhere: no remote secret step', () => {
    const { mesh } = seed({ remoteSecrets: RemoteSecretManagement.MANAGED_ELSEWHERE });
    expect(mesh.manualSteps().map(s => s.title)).toEqual([
      'Check that cluster1 runs a Sail operator that serves v1.30.3',
      'Install cluster1\'s intermediate CA (Secret cacerts in istio-system)',
      'Check that cluster2 runs a Sail operator that serves v1.30.3',
      'Install cluster2\'s intermediate CA (Secret cacerts in istio-system)',
    ]);
  });
});

describe('validation', () => {
  const problemsOf = (fn: () => unknown): string[] => {
    try {
      fn();
    } catch (e) {
      expect((e as Error).name).toBe('FederationError');
      return (e as any).problems;
    }
    throw new Error('no error');
  };

  test('istioVersion must be in the Sail CRD enum', () => {
    expect(problemsOf(() => new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: 'mesh1', istioVersion: '1.30.3' }))).toEqual([
      'multi-network mesh \'mesh\': istioVersion \'1.30.3\' is not a version the Sail operator\'s Istio CRD accepts (for 1.30: \'v1.30-latest\', \'v1.30.3\', \'v1.30.2\', \'v1.30.1\', \'v1.30.0\'). Fix: use one of MultiNetworkMesh.SAIL_ISTIO_VERSIONS, e.g. \'v1.30.3\'',
    ]);
    expect(MultiNetworkMesh.SAIL_ISTIO_VERSIONS).toContain('v1.24.3');
  });

  test('unique cluster names, also as Istio cluster names', () => {
    const { mesh } = seed();
    expect(problemsOf(() => mesh.addCluster('cluster1', { platform: gcp() }))).toEqual([
      'cluster \'cluster1\': name is already used by another cluster of this mesh. Fix: give every cluster a unique name',
    ]);
    const app = Testing.app();
    const other = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    other.addCluster('a', { platform: gcp(), clusterName: 'same' });
    other.addCluster('b', { platform: gcp(), clusterName: 'same' });
    expect(problemsOf(() => synthAll(app))).toEqual([
      'cluster \'b\': clusterName \'same\' is also the clusterName of \'a\'; Istio tells clusters apart by it (remote secrets, endpoints, injection paths). Fix: give every cluster a unique clusterName',
    ]);
  });

  test('one mesh ID: istioValues cannot carry another', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    mesh.addCluster('a', { platform: gcp(), istioValues: { global: { meshID: 'proj-123', logAsJson: true } } });
    expect(problemsOf(() => synthAll(app))).toEqual([
      'cluster \'a\': istioValues sets global.meshID to \'proj-123\' but the multi-network mesh needs \'mesh1\'. Fix: remove it from istioValues (every cluster of one mesh carries the same meshID), or change the mesh or cluster prop it comes from',
    ]);
  });

  test('istioValues merge with the multi-network values', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    mesh.addCluster('a', { platform: gcp(), network: 'n1', istioValues: { global: { logAsJson: true }, pilot: { autoscaleMin: 2 } } });
    expect(mesh.helmValues('a')).toEqual({
      global: { logAsJson: true, meshID: 'mesh1', multiCluster: { clusterName: 'a' }, network: 'n1' },
      pilot: { autoscaleMin: 2 },
    });
  });

  test('clusters sharing a network: a warning, since Istio then routes pod to pod', () => {
    const { app, mesh } = seed({}, { network: 'shared' });
    expect(mesh.warnings()).toEqual([
      'clusters \'cluster1\', \'cluster2\' share network \'shared\': Istio sends traffic between them pod to pod, not through their east-west gateways. Consider giving each cluster its own network unless their pod IPs reach each other',
    ]);
    synthAll(app);
    expect(warningsOf(app)).toEqual(mesh.warnings());
  });

  test('a cluster cannot move the control plane to its own namespace', () => {
    expect(problemsOf(() => seed({}, { namespace: 'red-mesh-system' }))[0]).toMatch(/^cluster 'cluster1': namespace 'red-mesh-system' differs from the mesh's controlPlaneNamespace 'istio-system'/);
  });

  test('primary-remote needs its primary among the clusters, on a load balancer', () => {
    const { app } = seed({ topology: MultiNetworkTopology.primaryRemote('cluster9') });
    expect(problemsOf(() => synthAll(app))[0]).toMatch(/MultiNetworkTopology\.primaryRemote\('cluster9'\) names a primary that is not a cluster of this mesh \(clusters: 'cluster1', 'cluster2'\)/);
  });
});

describe('from a federation', () => {
  test('the three-mesh example: one cluster per mesh, its platform, nothing of the federation app', () => {
    const federationApp = new App();
    const federation = threeMeshFederation(federationApp);
    const app = Testing.app();
    const mesh = MultiNetworkMesh.fromFederation(app, 'mesh', federation, { meshId: 'mesh1' });
    const byCluster = synthByChart(app);
    expect(Object.keys(byCluster).sort()).toEqual(['blue-mesh', 'green-mesh', 'red-mesh']);
    expect(synthAll(app).filter(o => /maistra/.test(o.apiVersion))).toEqual([]);
    expect(find(byCluster['red-mesh'], 'Service', 'istio-eastwestgateway').metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(find(byCluster['green-mesh'], 'Service', 'istio-eastwestgateway').spec.type).toBe('NodePort');
    expect(find(byCluster['blue-mesh'], 'Istio', 'default').spec.values).toEqual({
      global: {
        meshID: 'mesh1',
        multiCluster: { clusterName: 'blue-mesh' },
        network: 'network-blue-mesh',
        meshNetworks: {
          'network-green-mesh': {
            endpoints: [{ fromRegistry: 'green-mesh' }],
            // After the node ports 30443-30446 of green-mesh's federation gateways.
            gateways: [{ address: '192.0.2.10', port: 30447 }, { address: '192.0.2.11', port: 30447 }],
          },
        },
      },
      meshConfig: { trustDomainAliases: ['blue-mesh.local', 'green-mesh.local', 'red-mesh.local'] },
    });
    expect(mesh.migrationReport()).toEqual([]);
    expect(mesh.migrationReportMarkdown()).toContain('Nothing: every export and import carries over.');
    // red-mesh's NLB reports a hostname only (the example gives it Elastic IPs; this test does not).
    expect(warningsOf(app)).toEqual([expect.stringMatching(/^cluster 'red-mesh': the east-west gateway's load balancer on aws-nlb reports a hostname only; /)]);
    // The federation app was never synthesized here.
    expect(federationApp.charts.map(c => c.node.id).sort()).toEqual(['blue-mesh', 'green-mesh', 'red-mesh']);
  });

  test('clusterName and network of a mesh carry over; the federation ingress source ranges restrict the east-west gateway', () => {
    const app2 = new App();
    const f2 = new FederatedMesh(app2, 'federation');
    f2.addMesh('east', { platform: gcp(), clusterName: 'cluster-east', network: 'net-east', dnsDomain: 'e.example.com', ingressSourceRanges: ['10.0.0.0/8'] });
    f2.addMesh('west', { platform: gcp(), dnsDomain: 'w.example.com', egressSourceRanges: ['192.0.2.0/24'] });
    const app = Testing.app();
    MultiNetworkMesh.fromFederation(app, 'mesh', f2, { meshId: 'mesh1', trustDomain: 'cluster.local' });
    const byCluster = synthByChart(app);
    expect(Object.keys(byCluster).sort()).toEqual(['cluster-east', 'west']);
    expect(find(byCluster['cluster-east'], 'Istio', 'default').spec.values.global).toMatchObject({ multiCluster: { clusterName: 'cluster-east' }, network: 'net-east' });
    expect(find(byCluster['cluster-east'], 'Service', 'istio-eastwestgateway').spec.loadBalancerSourceRanges).toEqual(['192.0.2.0/24']);
    expect(find(byCluster.west, 'Service', 'istio-eastwestgateway').spec.loadBalancerSourceRanges).toBeUndefined();
    expect(find(byCluster.west, 'Istio', 'default').spec.values.meshConfig).toEqual({ trustDomain: 'cluster.local', trustDomainAliases: ['east.local', 'west.local'] });
  });

  test('service sharing: exactly the exports, aliases and imports that cannot carry over', () => {
    const federation = serviceSharingFederation(new App());
    const app = Testing.app();
    const mesh = MultiNetworkMesh.fromFederation(app, 'mesh', federation, { meshId: 'mesh1' });
    expect(mesh.migrationReport().map(e => [e.mesh, e.peer, e.kind, e.subject])).toEqual([
      ['blue-mesh', 'red-mesh', MigrationEntryKind.IMPORT_HOSTNAME, 'red-mesh-info/*'],
      ['green-mesh', 'red-mesh', MigrationEntryKind.EXPORT_SCOPE, 'bookinfo/ratings'],
      ['green-mesh', 'red-mesh', MigrationEntryKind.IMPORT_HOSTNAME, 'red-mesh-info/ratings'],
      ['red-mesh', 'blue-mesh', MigrationEntryKind.LABEL_EXPORT, 'red-mesh-info/*'],
      ['red-mesh', 'green-mesh', MigrationEntryKind.EXPORT_ALIAS, 'red-mesh-info/ratings'],
      ['red-mesh', 'green-mesh', MigrationEntryKind.EXPORT_SCOPE, 'red-mesh-info/ratings'],
      ['red-mesh', 'green-mesh', MigrationEntryKind.EXPORT_SCOPE, 'red-mesh-info/reviews'],
      ['red-mesh', 'green-mesh', MigrationEntryKind.EXPORT_SCOPE, 'bookinfo/ratings'],
    ]);
    const hostname = mesh.migrationReport()[2];
    expect(hostname.problem).toBe('imports red-mesh-info/ratings of \'red-mesh\' as ratings.info.svc.red-mesh-imports.local; that hostname does not exist in multi-network Istio');
    expect(hostname.fix).toMatch(/^clients in 'green-mesh' call ratings\.red-mesh-info\.svc\.cluster\.local; the Service red-mesh-info\/ratings must also exist on 'green-mesh'/);
    expect(mesh.migrationReport()[4].problem).toBe('exports red-mesh-info/ratings to \'green-mesh\' as info/red-ratings; multi-network Istio knows a service only by its own namespace and name');
    // The failover's importAsLocal imports carry over: no entry; its DestinationRules come along.
    const byCluster = synthByChart(app);
    for (const c of ['green-mesh', 'red-mesh']) {
      const dr = find(byCluster[c], 'DestinationRule', 'ratings-failover', 'bookinfo');
      expect(dr.spec.host).toBe('ratings.bookinfo.svc.cluster.local');
      expect(dr.spec.trafficPolicy.loadBalancer.localityLbSetting.enabled).toBe(true);
    }
    expect(warningsOf(app)).toEqual(mesh.warnings());
    const markdown = mesh.migrationReportMarkdown();
    expect(markdown).toContain('8 setting(s).');
    expect(markdown).toContain('- green-mesh: DestinationRule bookinfo/ratings-failover (failover us-east-1 -> us-west-1)\n'
      + '- red-mesh: DestinationRule bookinfo/ratings-failover (failover us-west-1 -> us-east-1)\n');
  });

  test('an export to the only other mesh carries over: an empty report (the README example)', () => {
    const federation = new FederatedMesh(new App(), 'federation');
    const red = federation.addMesh('red-mesh', { platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING }) });
    const green = federation.addMesh('green-mesh', { platform: gcp() });
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'bookinfo', name: 'ratings' });
    const mesh = MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', federation, { meshId: 'mesh1', clusterSettings: { 'red-mesh': { eastWestGatewayAddresses: ['198.51.100.7'] } } });
    expect(mesh.migrationReport()).toEqual([]);
    expect(mesh.warnings()).toEqual([]);
  });

  test('controlPlaneSpec settings are reported, not translated', () => {
    const app2 = new App();
    const f2 = new FederatedMesh(app2, 'federation');
    f2.addMesh('a', { platform: gcp(), controlPlaneSpec: { tracing: { type: 'None' }, security: { dataPlane: { mtls: true } } } });
    const mesh = MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', f2, { meshId: 'mesh1' });
    expect(mesh.migrationReport()).toEqual([expect.objectContaining({
      mesh: 'a', kind: MigrationEntryKind.CONTROL_PLANE_SPEC, subject: 'security.dataPlane, tracing',
    })]);
  });

  test('clusterSettings keyed by a name that is not a mesh', () => {
    const federation = threeMeshFederation(new App());
    expect(() => MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', federation, { meshId: 'mesh1', clusterSettings: { 'pink-mesh': {} } }))
      .toThrow(/clusterSettings names 'pink-mesh', which is not a mesh of federation 'federation'/);
  });
});

describe('reports', () => {
  test('reportFiles(): Helm values per cluster and the manual steps; the migration report only from a federation', () => {
    const { mesh } = seed();
    const files = mesh.reportFiles();
    expect(Object.keys(files)).toEqual(['mesh-istiod-values-cluster1.yaml', 'mesh-istiod-values-cluster2.yaml', 'mesh-manual-steps.md']);
    expect(files['mesh-istiod-values-cluster1.yaml']).toBe(Yaml.stringify(mesh.helmValues('cluster1')));
    expect(files['mesh-manual-steps.md']).toContain('istioctl create-remote-secret --context=cluster2 --name=cluster2 | kubectl apply -f - --context=cluster1');
    expect(mesh.migrationReport()).toEqual([]);
    expect(mesh.migrationReportMarkdown()).toMatch(/^# Multi-network mesh 'mesh'\n/);

    const migrated = threeMeshMultiNetwork(Testing.app());
    const migratedFiles = migrated.reportFiles();
    expect(Object.keys(migratedFiles)).toEqual([
      'mesh-istiod-values-blue-mesh.yaml', 'mesh-istiod-values-green-mesh.yaml', 'mesh-istiod-values-red-mesh.yaml', 'mesh-manual-steps.md', 'mesh-migration.md',
    ]);
    expect(migratedFiles['mesh-migration.md']).toBe(migrated.migrationReportMarkdown());
    expect(migratedFiles['mesh-migration.md']).toContain('# Multi-network mesh \'mesh\', from federation \'federation\'\n');
    expect(migratedFiles['mesh-migration.md']).toContain('| red-mesh | red-mesh | red-mesh | network-red-mesh |');
  });

  test('reportFiles() throws the mesh\'s problems', () => {
    const { mesh } = seed({ topology: MultiNetworkTopology.primaryRemote('cluster9') });
    expect(() => mesh.reportFiles()).toThrow(/names a primary that is not a cluster of this mesh/);
  });
});

describe('examples', () => {
  test('seed 002 example: cluster1 and cluster2 on network1 and network2', () => {
    const app = Testing.app();
    const mesh = twoNetworkClusters(app);
    const byCluster = synthByChart(app);
    expect(Object.keys(byCluster).sort()).toEqual(['cluster1', 'cluster2']);
    expect(find(byCluster.cluster1, 'Istio', 'default').spec.values.global).toMatchObject({ meshID: 'mesh1', network: 'network1' });
    expect(find(byCluster.cluster1, 'Service', 'istio-eastwestgateway').spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/28']);
    expect(find(byCluster.cluster2, 'Service', 'istio-eastwestgateway').spec.loadBalancerSourceRanges).toEqual(['198.51.100.0/28']);
    expect(mesh.warnings()).toEqual([]);
    expect(mesh.manualSteps().filter(s => s.title.endsWith('(remote secret)')).map(s => s.commands[0])).toEqual([
      'istioctl create-remote-secret --context=ctx-2 --name=cluster2 | kubectl apply -f - --context=ctx-1',
      'istioctl create-remote-secret --context=ctx-1 --name=cluster1 | kubectl apply -f - --context=ctx-2',
    ]);
  });

  test('three-mesh example rendered multi-network: red\'s Elastic IPs replace its NLB hostname', () => {
    const app = Testing.app();
    const mesh = threeMeshMultiNetwork(app);
    expect(mesh.warnings()).toEqual([]);
    expect(mesh.helmValues('blue-mesh').global.meshNetworks['network-red-mesh']).toEqual({
      endpoints: [{ fromRegistry: 'red-mesh' }],
      gateways: [{ address: '198.51.100.7', port: 15443 }, { address: '198.51.100.8', port: 15443 }],
    });
    expect(Object.keys(synthByChart(app)).sort()).toEqual(['blue-mesh', 'green-mesh', 'red-mesh']);
  });

  describeWithCrds('schemas', () => {
    test('the Istio schema check is strict: a misspelt value is rejected', () => {
      const istio = find(synthByChart(seed().app).cluster1, 'Istio', 'default');
      const typo = { ...istio, spec: { ...istio.spec, values: { global: { meshId: 'mesh1' } } } };
      expect(manifestsProblems([typo])).toEqual(['Istio /default: /spec/values/global must NOT have additional properties (meshId)']);
    });

    test('every object of both examples validates against its CRD or core schema', () => {
      for (const build of [twoNetworkClusters, threeMeshMultiNetwork]) {
        const app = Testing.app();
        build(app);
        expect(manifestsProblems(synthAll(app))).toEqual([]);
      }
    });
  });
});

test('the east-west gateway\'s source ranges reach the per-resource files FederationApp writes', () => {
  // The ranges depend on the other clusters' egress ranges, so they are rendered lazily by the
  // Service itself: every output type carries them, not only the whole-chart rendering.
  const outdir = mkdtempSync(join(tmpdir(), 'east-west-ranges-'));
  const app = new FederationApp({ outdir });
  twoNetworkClusters(app);
  app.synth();
  const [service] = Yaml.load(join(outdir, 'cluster1', 'Service.istio-eastwestgateway.k8s.yaml'));
  expect(service.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/28']);
  const [other] = Yaml.load(join(outdir, 'cluster2', 'Service.istio-eastwestgateway.k8s.yaml'));
  expect(other.spec.loadBalancerSourceRanges).toEqual(['198.51.100.0/28']);
});
