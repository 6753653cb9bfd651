import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { KnativeService, KnativeServiceProps, ServerlessMeshIntegration, ServerlessMeshIntegrationProps } from '../src';
import { CRDS_DIR, describeWithCrds, manifestProblems, manifestsProblems } from './support/crd-schemas';
import { docsMeshes } from './support/federation';
import { find, synthAll, synthByChart } from './support/synth';
import { serverlessMesh } from '../examples/serverless/serverless';
import { GatewayV1Beta1, GatewayV1Beta1SpecServersTlsMode } from '../src/imports/networking.istio.io';

// The seed's workload entries: the sidecar label and the probe-rewrite annotation.
const injected = (name: string) => ({
  name,
  labels: { 'sidecar.istio.io/inject': 'true' },
  annotations: { 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' },
});

/** A standalone mesh (the seed's `basic` in istio-system unless told otherwise), synthesized. */
function standalone(props: Partial<ServerlessMeshIntegrationProps> = {}): { chart: Chart; serverless: ServerlessMeshIntegration } {
  const chart = Testing.chart();
  const serverless = new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', ...props });
  return { chart, serverless };
}

const KAFKA_PORTS = [
  { number: 9092, name: 'tcp-plain' },
  { number: 9093, name: 'tcp-tls' },
  { number: 9094, name: 'tcp-sasl-tls' },
  { number: 9095, name: 'tcp-sasl-tls-9095' },
  { number: 9096, name: 'tcp-tls-9096' },
];

describe('seed 003, field for field', () => {
  const { chart } = standalone({
    memberNamespaces: ['my-app'],
    kafka: { bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'], numPartitions: 10, replicationFactor: 3, ports: KAFKA_PORTS },
  });
  new KnativeService(chart, 'Hello', { name: 'hello', namespace: 'my-app', image: 'quay.io/openshift-knative/helloworld-go:latest' });
  const objs = Testing.synth(chart);

  test('11 objects: the seed\'s control plane, member roll, 2 gateways, Service, Serving, Eventing, Kafka, ServiceEntry, Knative Service, and the mesh\'s Namespace', () => {
    expect(objs.map(o => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual([
      'Gateway/knative-serving/knative-ingress-gateway',
      'Gateway/knative-serving/knative-local-gateway',
      'KnativeEventing/knative-eventing/knative-eventing',
      'KnativeKafka/knative-eventing/knative-kafka',
      'KnativeServing/knative-serving/knative-serving',
      'Namespace/undefined/istio-system',
      'Service/istio-system/knative-local-gateway',
      'Service/my-app/hello',
      'ServiceEntry/knative-eventing/kafka-cluster',
      'ServiceMeshControlPlane/istio-system/basic',
      'ServiceMeshMemberRoll/istio-system/default',
    ]);
  });

  test('ServiceMeshControlPlane basic (1.4.2)', () => {
    expect(find(objs, 'ServiceMeshControlPlane', 'basic')).toEqual({
      apiVersion: 'maistra.io/v2',
      kind: 'ServiceMeshControlPlane',
      metadata: { name: 'basic', namespace: 'istio-system' },
      spec: {
        profiles: ['default'],
        security: { dataPlane: { mtls: true } },
        techPreview: { meshConfig: { defaultConfig: { terminationDrainDuration: '35s' } } },
        gateways: { ingress: { service: { metadata: { labels: { knative: 'ingressgateway' } } } } },
        proxy: { networking: { trafficControl: { inbound: { excludedPorts: [8444, 8022] } } } },
      },
    });
  });

  test('ServiceMeshMemberRoll default with knative-serving, knative-eventing and the projects', () => {
    expect(find(objs, 'ServiceMeshMemberRoll', 'default')).toEqual({
      apiVersion: 'maistra.io/v1',
      kind: 'ServiceMeshMemberRoll',
      metadata: { name: 'default', namespace: 'istio-system' },
      spec: { members: ['knative-serving', 'knative-eventing', 'my-app'] },
    });
  });

  test('the two Knative gateways (networking.istio.io/v1beta1, the seed\'s v1alpha3 spec)', () => {
    expect(find(objs, 'Gateway', 'knative-ingress-gateway')).toEqual({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: { name: 'knative-ingress-gateway', namespace: 'knative-serving' },
      spec: {
        selector: { knative: 'ingressgateway' },
        servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'wildcard-certs' } }],
      },
    });
    expect(find(objs, 'Gateway', 'knative-local-gateway')).toEqual({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'Gateway',
      metadata: { name: 'knative-local-gateway', namespace: 'knative-serving' },
      spec: {
        selector: { knative: 'ingressgateway' },
        servers: [{ port: { number: 8081, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'ISTIO_MUTUAL' }, hosts: ['*'] }],
      },
    });
  });

  test('Service knative-local-gateway in the mesh namespace', () => {
    expect(find(objs, 'Service', 'knative-local-gateway')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'knative-local-gateway',
        namespace: 'istio-system',
        labels: { 'experimental.istio.io/disable-gateway-port-translation': 'true' },
      },
      spec: {
        type: 'ClusterIP',
        selector: { istio: 'ingressgateway' },
        ports: [{ name: 'http2', port: 80, targetPort: 8081 }],
      },
    });
  });

  test('KnativeServing with Istio and the activator and autoscaler injected (no config.istio in istio-system)', () => {
    expect(find(objs, 'KnativeServing', 'knative-serving')).toEqual({
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeServing',
      metadata: { name: 'knative-serving', namespace: 'knative-serving' },
      spec: {
        ingress: { istio: { enabled: true } },
        deployments: [injected('activator'), injected('autoscaler')],
      },
    });
  });

  test('KnativeEventing with the istio feature and the four workloads injected', () => {
    expect(find(objs, 'KnativeEventing', 'knative-eventing')).toEqual({
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeEventing',
      metadata: { name: 'knative-eventing', namespace: 'knative-eventing' },
      spec: {
        config: { features: { istio: 'enabled' } },
        workloads: [injected('pingsource-mt-adapter'), injected('imc-dispatcher'), injected('mt-broker-ingress'), injected('mt-broker-filter')],
      },
    });
  });

  test('KnativeKafka with channel, source, broker and sink, and the seven workloads injected', () => {
    expect(find(objs, 'KnativeKafka', 'knative-kafka')).toEqual({
      apiVersion: 'operator.serverless.openshift.io/v1alpha1',
      kind: 'KnativeKafka',
      metadata: { name: 'knative-kafka', namespace: 'knative-eventing' },
      spec: {
        channel: { enabled: true, bootstrapServers: 'my-cluster-kafka-bootstrap.kafka:9092' },
        source: { enabled: true },
        broker: {
          enabled: true,
          defaultConfig: { bootstrapServers: 'my-cluster-kafka-bootstrap.kafka:9092', numPartitions: 10, replicationFactor: 3 },
        },
        sink: { enabled: true },
        workloads: [
          'kafka-controller', 'kafka-broker-receiver', 'kafka-broker-dispatcher', 'kafka-channel-receiver',
          'kafka-channel-dispatcher', 'kafka-source-dispatcher', 'kafka-sink-receiver',
        ].map(injected),
      },
    });
  });

  test('ServiceEntry kafka-cluster: the bootstrap host without its port, the TCP ports, external, no resolution', () => {
    expect(find(objs, 'ServiceEntry', 'kafka-cluster')).toEqual({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'ServiceEntry',
      metadata: { name: 'kafka-cluster', namespace: 'knative-eventing' },
      spec: {
        hosts: ['my-cluster-kafka-bootstrap.kafka'],
        exportTo: ['.'],
        ports: KAFKA_PORTS.map(p => ({ ...p, protocol: 'TCP' })),
        location: 'MESH_EXTERNAL',
        resolution: 'NONE',
      },
    });
  });

  test('Knative Service with the passthrough and sidecar annotations (1.4.4)', () => {
    expect(find(objs, 'Service', 'hello', 'my-app')).toEqual({
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: 'hello', namespace: 'my-app', annotations: { 'serving.knative.openshift.io/enablePassthrough': 'true' } },
      spec: {
        template: {
          metadata: { annotations: { 'sidecar.istio.io/inject': 'true', 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' } },
          spec: { containers: [{ image: 'quay.io/openshift-knative/helloworld-go:latest' }] },
        },
      },
    });
  });
});

describe('a mesh outside istio-system', () => {
  test('KnativeServing config.istio points the Knative gateways at the mesh namespace', () => {
    const { chart } = standalone({ controlPlaneNamespace: 'my-mesh', controlPlaneName: 'serverless' });
    const objs = Testing.synth(chart);
    expect(find(objs, 'KnativeServing', 'knative-serving').spec.config).toEqual({
      istio: {
        'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.my-mesh.svc.cluster.local',
        'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.my-mesh.svc.cluster.local',
      },
    });
    expect(find(objs, 'ServiceMeshControlPlane', 'serverless').metadata).toEqual({ name: 'serverless', namespace: 'my-mesh' });
    expect(find(objs, 'ServiceMeshMemberRoll', 'default').metadata.namespace).toBe('my-mesh');
    expect(find(objs, 'Service', 'knative-local-gateway').metadata.namespace).toBe('my-mesh');
  });

  test('servingConfig adds sections and istio keys; the same gateway hosts are accepted', () => {
    const { chart } = standalone({
      controlPlaneNamespace: 'my-mesh',
      servingConfig: {
        network: { 'http-protocol': 'Redirected' },
        istio: { 'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.my-mesh.svc.cluster.local', 'gateway.other.gw': 'gw.other.svc.cluster.local' },
      },
    });
    expect(find(Testing.synth(chart), 'KnativeServing', 'knative-serving').spec.config).toEqual({
      network: { 'http-protocol': 'Redirected' },
      istio: {
        'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.my-mesh.svc.cluster.local',
        'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.my-mesh.svc.cluster.local',
        'gateway.other.gw': 'gw.other.svc.cluster.local',
      },
    });
  });
});

describe('options', () => {
  test('addMemberNamespace() adds to the member roll; application namespaces are sorted after the Knative ones', () => {
    const { chart, serverless } = standalone({ memberNamespaces: ['zeta'] });
    serverless.addMemberNamespace('alpha');
    expect(serverless.memberNamespaces).toEqual(['knative-serving', 'knative-eventing', 'alpha', 'zeta']);
    expect(find(Testing.synth(chart), 'ServiceMeshMemberRoll', 'default').spec.members).toEqual(['knative-serving', 'knative-eventing', 'alpha', 'zeta']);
  });

  test('Kafka without broker and channel: no defaultConfig, only the enabled workloads; ports from the bootstrap servers', () => {
    const { chart } = standalone({ kafka: { bootstrapServers: ['kafka-0.example.com:9093', 'kafka-1.example.com:9093', '[2001:db8::1]:9094'], broker: false, channel: false } });
    const objs = Testing.synth(chart);
    expect(find(objs, 'KnativeKafka', 'knative-kafka').spec).toEqual({
      channel: { enabled: false },
      source: { enabled: true },
      broker: { enabled: false },
      sink: { enabled: true },
      workloads: ['kafka-controller', 'kafka-source-dispatcher', 'kafka-sink-receiver'].map(injected),
    });
    const entry = find(objs, 'ServiceEntry', 'kafka-cluster').spec;
    expect(entry.hosts).toEqual(['kafka-0.example.com', 'kafka-1.example.com', '2001:db8::1']);
    expect(entry.ports).toEqual([{ number: 9093, name: 'tcp-9093', protocol: 'TCP' }, { number: 9094, name: 'tcp-9094', protocol: 'TCP' }]);
  });

  test('workload lists and eventing config can be given', () => {
    const { chart } = standalone({ servingWorkloads: ['activator'], eventingWorkloads: ['imc-dispatcher'], eventingConfig: { features: { 'kreference-group': 'disabled' } } });
    const objs = Testing.synth(chart);
    expect(find(objs, 'KnativeServing', 'knative-serving').spec.deployments).toEqual([injected('activator')]);
    expect(find(objs, 'KnativeEventing', 'knative-eventing').spec).toEqual({
      config: { features: { 'kreference-group': 'disabled', 'istio': 'enabled' } },
      workloads: [injected('imc-dispatcher')],
    });
  });

  test('a given controlPlaneSpec keeps its settings and gets the serverless ones', () => {
    const { chart } = standalone({ controlPlaneSpec: { version: 'v2.6', addons: { kiali: { enabled: true } } } });
    expect(find(Testing.synth(chart), 'ServiceMeshControlPlane', 'basic').spec).toEqual({
      version: 'v2.6',
      addons: { kiali: { enabled: true } },
      security: { dataPlane: { mtls: true } },
      techPreview: { meshConfig: { defaultConfig: { terminationDrainDuration: '35s' } } },
      gateways: { ingress: { service: { metadata: { labels: { knative: 'ingressgateway' } } } } },
      proxy: { networking: { trafficControl: { inbound: { excludedPorts: [8444, 8022] } } } },
    });
  });

  test('construct ids are stable and the objects are reachable', () => {
    const { serverless } = standalone({ kafka: { bootstrapServers: ['k:9092'] } });
    expect(serverless.node.children.map(c => c.node.id).sort()).toEqual([
      'ControlPlane', 'IngressGateway', 'KafkaServiceEntry', 'KnativeEventing', 'KnativeKafka', 'KnativeServing',
      'LocalGateway', 'LocalGatewayService', 'MemberRoll', 'Namespace',
    ]);
    expect(serverless.knativeKafka!.kind).toBe('KnativeKafka');
    expect(serverless.kafkaServiceEntry!.kind).toBe('ServiceEntry');
  });
});

describe('in a mesh of a federation', () => {
  test('the serverless settings are merged into the mesh\'s control plane, next to the federation\'s', () => {
    const { app, red } = docsMeshes();
    const serverless = new ServerlessMeshIntegration(red, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', memberNamespaces: ['red-apps'] });
    expect(serverless.controlPlane).toBe(red.controlPlane);
    const objs = synthByChart(app)['red-mesh'];
    expect(objs.filter(o => o.kind === 'ServiceMeshControlPlane')).toHaveLength(1);
    const spec = find(objs, 'ServiceMeshControlPlane', 'red-mesh').spec;
    expect(spec.security).toEqual({ trust: { domain: 'red-mesh.local' }, dataPlane: { mtls: true } });
    expect(spec.techPreview).toEqual({ meshConfig: { defaultConfig: { terminationDrainDuration: '35s' } } });
    expect(spec.proxy).toEqual({ networking: { trafficControl: { inbound: { excludedPorts: [8444, 8022] } } } });
    expect(spec.gateways.ingress).toEqual({ service: { metadata: { labels: { knative: 'ingressgateway' } } } });
    expect(Object.keys(spec.gateways.additionalIngress).sort()).toEqual(['ingress-blue-mesh', 'ingress-green-mesh']);
    expect(find(objs, 'ServiceMeshMemberRoll', 'default')).toEqual({
      apiVersion: 'maistra.io/v1',
      kind: 'ServiceMeshMemberRoll',
      metadata: { name: 'default', namespace: 'red-mesh-system' },
      spec: { members: ['knative-serving', 'knative-eventing', 'red-apps'] },
    });
    expect(find(objs, 'KnativeServing', 'knative-serving').spec.config.istio).toEqual({
      'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.red-mesh-system.svc.cluster.local',
      'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.red-mesh-system.svc.cluster.local',
    });
    expect(find(objs, 'Service', 'knative-local-gateway').metadata.namespace).toBe('red-mesh-system');
    // The other meshes get nothing of it: no Knative objects, and no Knative namespace in their own member roll.
    expect(synthByChart(app)['green-mesh'].filter(o => /Knative/.test(o.kind))).toEqual([]);
    expect(find(synthByChart(app)['green-mesh'], 'ServiceMeshMemberRoll', 'default').spec.members).toEqual([]);
  });

  test('a control plane setting that conflicts is reported at synth, naming the integration', () => {
    const { app, federation } = docsMeshes();
    const blue = federation.addMesh('violet-mesh', {
      platform: federation.findMesh('red-mesh')!.platform,
      rootCertificate: federation.findMesh('red-mesh')!.rootCertificate,
      dnsDomain: 'apps.violet.example.com',
      controlPlaneSpec: { security: { dataPlane: { mtls: false } } },
    });
    new ServerlessMeshIntegration(blue, 'Serverless', { ingressCertificateSecret: 'wildcard-certs' });
    expect(() => synthAll(app)).toThrow(/mesh 'violet-mesh': the serverless integration 'violet-mesh\/Serverless' needs spec\.security\.dataPlane\.mtls to be true, but the control plane spec sets false\. Fix: remove spec\.security\.dataPlane\.mtls from controlPlaneSpec, or set it to true/);
  });

  test('standalone-only props are refused inside a Mesh', () => {
    const { red } = docsMeshes();
    expect(() => new ServerlessMeshIntegration(red, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', controlPlaneNamespace: 'istio-system' }))
      .toThrow(/mesh 'red-mesh' \(serverless\): controlPlaneNamespace is set, but inside mesh 'red-mesh' the control plane is the mesh's own\. Fix: remove controlPlaneNamespace/);
  });
});

describe('precondition checks at synth', () => {
  const synthFails = (chart: Chart) => {
    try {
      Testing.synth(chart);
    } catch (e) {
      expect((e as Error).name).toBe('FederationError');
      return (e as any).problems as string[];
    }
    throw new Error('synth did not fail');
  };

  test('another Gateway binding port 443 with hosts * in the same mesh', () => {
    const { chart } = standalone();
    new GatewayV1Beta1(chart, 'AppGateway', {
      metadata: { name: 'app-gateway', namespace: 'my-app' },
      spec: {
        selector: { istio: 'ingressgateway' },
        servers: [{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: GatewayV1Beta1SpecServersTlsMode.SIMPLE, credentialName: 'app-cert' } }],
      },
    });
    expect(synthFails(chart)).toEqual([
      'mesh \'basic\' (serverless): the Gateway \'my-app/app-gateway\' binds port 443 with hosts \'*\', as knative-serving/knative-ingress-gateway does; only one Gateway per mesh may, so Knative Services would not be reachable. Fix: give that Gateway specific hosts or another port, or run OpenShift Serverless in a mesh of its own',
    ]);
  });

  test('a plain ApiObject Gateway with a namespaced wildcard host counts too; specific hosts and other ports do not', () => {
    const { chart } = standalone();
    const gateway = (id: string, port: number, hosts: string[]) => new ApiObject(chart, id, {
      apiVersion: 'networking.istio.io/v1alpha3',
      kind: 'Gateway',
      metadata: { name: id },
      spec: { servers: [{ port: { number: port, name: 'p', protocol: 'HTTPS' }, hosts }] },
    });
    gateway('specific', 443, ['app.example.com']);
    gateway('other-port', 8443, ['*']);
    expect(() => Testing.synth(chart)).not.toThrow();
    gateway('namespaced-wildcard', 443, ['./*']);
    expect(synthFails(chart)).toEqual([expect.stringMatching(/the Gateway 'default\/namespaced-wildcard' binds port 443 with hosts '\*'/)]);
  });

  test('the mesh namespace as a member of its own member roll', () => {
    const { chart } = standalone({ memberNamespaces: ['istio-system'] });
    expect(synthFails(chart)).toEqual([
      'mesh \'basic\' (serverless): the member roll lists \'istio-system\', the mesh\'s own control plane namespace; the member roll webhook refuses it. Fix: remove \'istio-system\' from memberNamespaces',
    ]);
  });

  test('a member namespace listed twice, or a Knative namespace listed again', () => {
    const { chart, serverless } = standalone({ memberNamespaces: ['my-app', 'knative-serving'] });
    serverless.addMemberNamespace('my-app');
    expect(synthFails(chart)).toEqual([
      'mesh \'basic\' (serverless): the member roll lists \'knative-serving\' twice (\'knative-serving\' is always a member); the member roll webhook refuses duplicates. Fix: list each namespace once',
      'mesh \'basic\' (serverless): the member roll lists \'my-app\' twice; the member roll webhook refuses duplicates. Fix: list each namespace once',
    ]);
  });

  test('config.istio gateway hosts that point at another namespace', () => {
    const { chart } = standalone({
      controlPlaneNamespace: 'my-mesh',
      servingConfig: { istio: { 'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.istio-system.svc.cluster.local' } },
    });
    expect(synthFails(chart)).toEqual([
      'mesh \'basic\' (serverless): servingConfig.istio[\'gateway.knative-serving.knative-ingress-gateway\'] is \'istio-ingressgateway.istio-system.svc.cluster.local\', but the mesh\'s gateways are in \'my-mesh\', so Knative would route to a gateway of another mesh or none. Fix: set it to \'istio-ingressgateway.my-mesh.svc.cluster.local\', or remove it (the integration sets it)',
    ]);
    const inIstioSystem = standalone({ servingConfig: { istio: { 'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.other.svc.cluster.local' } } }).chart;
    expect(synthFails(inIstioSystem)).toEqual([expect.stringMatching(/is 'knative-local-gateway\.other\.svc\.cluster\.local', but the mesh's gateways are in 'istio-system'/)]);
  });

  test('eventingConfig that turns the istio feature off', () => {
    const { chart } = standalone({ eventingConfig: { features: { istio: 'disabled' } } });
    expect(synthFails(chart)).toEqual([
      'mesh \'basic\' (serverless): eventingConfig sets eventingConfig.features.istio to \'disabled\', but Knative Eventing in the mesh needs \'enabled\'. Fix: remove it from eventingConfig',
    ]);
  });

  test('a standalone controlPlaneSpec that conflicts with the serverless settings', () => {
    const { chart } = standalone({ controlPlaneSpec: { proxy: { networking: { trafficControl: { inbound: { excludedPorts: [15020] } } } } } });
    expect(synthFails(chart)).toEqual([
      'mesh \'basic\' (serverless): controlPlaneSpec sets spec.proxy.networking.trafficControl.inbound.excludedPorts to [15020] but OpenShift Serverless needs [8444,8022]. Fix: remove spec.proxy.networking.trafficControl.inbound.excludedPorts from controlPlaneSpec, or set it to [8444,8022]',
    ]);
  });

  test('two integrations for one mesh', () => {
    const { chart } = standalone();
    new ServerlessMeshIntegration(chart, 'Again', { ingressCertificateSecret: 'other-certs' });
    expect(synthFails(chart)).toEqual([
      'mesh \'basic\' (serverless): \'test/Again\' also integrates OpenShift Serverless with the mesh in \'istio-system\'; a mesh has one member roll \'default\' and one set of Knative gateways. Fix: keep one ServerlessMeshIntegration per mesh and add namespaces with addMemberNamespace()',
    ]);
  });
});

describe('bad input is refused as it is declared', () => {
  const declare = (props: Partial<ServerlessMeshIntegrationProps>) => () => standalone(props);

  test('invalid names', () => {
    expect(declare({ memberNamespaces: ['My_App'] })).toThrow(/mesh 'basic' \(serverless\): memberNamespaces has 'My_App', which is not a DNS-1123 label .* Fix: use a namespace name like 'my-app'/);
    expect(declare({ controlPlaneNamespace: 'Istio System' })).toThrow(/controlPlaneNamespace 'Istio System' is not a DNS-1123 label/);
    expect(declare({ ingressCertificateSecret: 'Wildcard Certs' })).toThrow(/ingressCertificateSecret 'Wildcard Certs' is not a Secret name \(a DNS subdomain\)\. Fix: give the name of the Secret holding the wildcard certificate/);
    expect(declare({ servingWorkloads: ['Activator'] })).toThrow(/servingWorkloads has 'Activator', which is not a DNS-1123 label/);
    expect(() => standalone().serverless.addMemberNamespace('')).toThrow(/addMemberNamespace\(\) has '', which is empty/);
  });

  test('Kafka: bootstrap servers, partitions, replication factor and ports', () => {
    const kafka = (extra: object) => declare({ kafka: { bootstrapServers: ['kafka:9092'], ...extra } });
    expect(kafka({ bootstrapServers: [] })).toThrow(/kafka\.bootstrapServers is empty/);
    expect(kafka({ bootstrapServers: ['kafka.example.com'] })).toThrow(/kafka\.bootstrapServers has 'kafka\.example\.com', which is not 'host:port'\. Fix: write it like 'my-cluster-kafka-bootstrap\.kafka:9092'/);
    expect(kafka({ bootstrapServers: ['kafka_0:9092'] })).toThrow(/whose host is neither an IP address nor a hostname/);
    expect(kafka({ numPartitions: 0 })).toThrow(/kafka\.numPartitions is 0; it must be a positive whole number\. Fix: use e\.g\. 10/);
    expect(kafka({ replicationFactor: -1 })).toThrow(/kafka\.replicationFactor is -1; it must be a positive whole number/);
    expect(kafka({ ports: [{ number: 70000, name: 'tcp' }] })).toThrow(/kafka\.ports has the port number 70000, which is not 1-65535/);
    expect(kafka({ ports: [{ number: 9093, name: 'tcp-tls' }, { number: 9096, name: 'tcp-tls' }] }))
      .toThrow(/kafka\.ports has the name 'tcp-tls' twice; ServiceEntry port names must be unique\. Fix: give each port its own name, e\.g\. 'tcp-tls-9096'/);
    expect(kafka({ ports: [{ number: 9093, name: 'a' }, { number: 9093, name: 'b' }] })).toThrow(/kafka\.ports lists port 9093 twice/);
    expect(kafka({ ports: [] })).toThrow(/kafka\.ports is empty/);
  });

  test('servingConfig values must be strings', () => {
    expect(declare({ servingConfig: { network: { 'auto-tls': true as unknown as string } } })).toThrow(/servingConfig\.network must map keys to strings/);
  });

  test('all problems of one declaration together', () => {
    expect(declare({ memberNamespaces: ['A'], kafka: { bootstrapServers: ['x'], numPartitions: 0 } })).toThrow(/^3 problems:/);
  });
});

describe('Knative Services', () => {
  const service = (props: Partial<KnativeServiceProps> = {}) => {
    const chart = Testing.chart();
    new KnativeService(chart, 'Svc', { name: 'hello', image: 'quay.io/x/hello:1', ...props });
    return Testing.synth(chart)[0];
  };

  test('env and port; the namespace defaults to the chart\'s', () => {
    const svc = service({ env: { TARGET: 'World', B: '2' }, port: 8081 });
    expect(svc.metadata.namespace).toBeUndefined();
    expect(svc.spec.template.spec.containers).toEqual([{
      image: 'quay.io/x/hello:1', env: [{ name: 'TARGET', value: 'World' }, { name: 'B', value: '2' }], ports: [{ containerPort: 8081 }],
    }]);
  });

  test('bad props', () => {
    expect(() => service({ name: 'Hello' })).toThrow(/Knative Service 'Hello': name is not a DNS-1123 label/);
    expect(() => service({ image: '' })).toThrow(/image '' is not an image reference/);
    expect(() => service({ port: 0 })).toThrow(/port 0 is not a port number \(1-65535\)/);
  });

  const userService = (spec: any, annotations?: Record<string, string>) => {
    const chart = Testing.chart();
    const obj = new ApiObject(chart, 'Mine', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'mine', namespace: 'my-app', annotations }, spec });
    return { chart, obj };
  };
  const WANTED = { 'sidecar.istio.io/inject': 'true', 'sidecar.istio.io/rewriteAppHTTPProbers': 'true' };

  test.each([
    ['no template metadata', { template: { spec: { containers: [{ image: 'i' }] } } }],
    ['template annotations of its own', { template: { metadata: { annotations: { 'autoscaling.knative.dev/target': '10' } }, spec: { containers: [{ image: 'i' }] } } }],
    ['no spec at all', undefined],
  ])('addMeshAnnotations() on a Service the user defined: %s', (_name, spec: any) => {
    const { chart, obj } = userService(spec, { owner: 'team-a' });
    KnativeService.addMeshAnnotations(obj);
    KnativeService.addMeshAnnotations(obj); // idempotent
    const json = Testing.synth(chart)[0];
    expect(json.metadata.annotations).toEqual({ 'owner': 'team-a', 'serving.knative.openshift.io/enablePassthrough': 'true' });
    expect(json.spec.template.metadata.annotations).toEqual({ ...spec?.template?.metadata?.annotations, ...WANTED });
    if (spec) expect(json.spec.template.spec).toEqual(spec.template.spec);
  });

  test('addMeshAnnotations() never overwrites a different value', () => {
    const { obj } = userService({ template: { metadata: { annotations: { 'sidecar.istio.io/inject': 'false' } } } }, { 'serving.knative.openshift.io/enablePassthrough': 'false' });
    expect(() => KnativeService.addMeshAnnotations(obj)).toThrow(/^2 problems:\n- Knative Service 'my-app\/mine': metadata\.annotations\['serving\.knative\.openshift\.io\/enablePassthrough'\] is 'false', but a Knative Service in the mesh needs "true"\. Fix: remove it or set it to "true"\n- .*spec\.template\.metadata\.annotations\['sidecar\.istio\.io\/inject'\] is 'false'/);
  });

  test('a value changed after addMeshAnnotations() is caught at synth', () => {
    const { chart, obj } = userService({ template: { spec: { containers: [{ image: 'i' }] } } });
    KnativeService.addMeshAnnotations(obj);
    obj.metadata.addAnnotation('serving.knative.openshift.io/enablePassthrough', 'false');
    expect(() => Testing.synth(chart)).toThrow(/Knative Service 'my-app\/mine': metadata\.annotations\['serving\.knative\.openshift\.io\/enablePassthrough'\] is 'false'/);
  });

  test('addMeshAnnotations() refuses what is not a Knative Service', () => {
    const chart = Testing.chart();
    const obj = new ApiObject(chart, 'Core', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'core' } });
    expect(() => KnativeService.addMeshAnnotations(obj)).toThrow(/Knative Service 'default\/core': is a v1 Service, not a Knative Service \(serving\.knative\.dev\/v1 Service\)\. Fix: pass the Knative Service's ApiObject/);
  });
});

describe('serverless example (seed 003)', () => {
  const app = Testing.app();
  serverlessMesh(app);
  const byChart = synthByChart(app);

  test('one chart with the seed\'s ten objects and the mesh\'s Namespace', () => {
    expect(Object.keys(byChart)).toEqual(['serverless-mesh']);
    expect(byChart['serverless-mesh'].map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Gateway/knative-ingress-gateway', 'Gateway/knative-local-gateway', 'KnativeEventing/knative-eventing', 'KnativeKafka/knative-kafka',
      'KnativeServing/knative-serving', 'Namespace/istio-system', 'Service/hello', 'Service/knative-local-gateway', 'ServiceEntry/kafka-cluster',
      'ServiceMeshControlPlane/basic', 'ServiceMeshMemberRoll/default',
    ]);
  });

  test('the member roll holds the Knative namespaces and the app\'s; the Knative Service answers "Hello Openshift!"', () => {
    const objs = byChart['serverless-mesh'];
    expect(find(objs, 'ServiceMeshMemberRoll', 'default').spec.members).toEqual(['knative-serving', 'knative-eventing', 'hello']);
    const hello = find(objs, 'Service', 'hello', 'hello');
    expect(hello.metadata.annotations).toEqual({ 'serving.knative.openshift.io/enablePassthrough': 'true' });
    expect(hello.spec.template.spec.containers[0].env).toEqual([{ name: 'TARGET', value: 'Openshift' }]);
    expect(find(objs, 'ServiceEntry', 'kafka-cluster').spec.ports.map((p: any) => p.number)).toEqual([9092, 9093, 9094, 9095, 9096]);
  });
});

describeWithCrds('against the OpenShift Serverless, Istio and Maistra CRD schemas', () => {
  test('every object of the example validates with unknown fields rejected', () => {
    const app = Testing.app();
    serverlessMesh(app);
    const all = synthAll(app);
    expect(all).toHaveLength(11); // the seed's ten and the mesh's Namespace
    expect(manifestsProblems(all)).toEqual([]);
  });

  test('a federated serverless mesh and Kafka variants validate too', () => {
    const { app, red } = docsMeshes();
    new ServerlessMeshIntegration(red, 'Serverless', {
      ingressCertificateSecret: 'wildcard-certs',
      memberNamespaces: ['red-apps'],
      servingConfig: { network: { 'http-protocol': 'Redirected' } },
      kafka: { bootstrapServers: ['kafka:9092'], broker: false, channel: false },
    });
    new KnativeService(red, 'Hello', { name: 'hello', namespace: 'red-apps', image: 'quay.io/x/hello:1', env: { A: 'b' }, port: 8080 });
    expect(manifestsProblems(synthByChart(app)['red-mesh'])).toEqual([]);
  });

  test('KnativeServing and KnativeEventing are checked against the OpenShift Serverless variant of their CRDs', () => {
    // Both variants serve operator.knative.dev/v1beta1; only the upstream one knows these fields.
    const serving = {
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeServing',
      metadata: { name: 'knative-serving', namespace: 'knative-serving' },
      spec: { ingress: { istio: { 'enabled': true, 'knative-ingress-gateway': { selector: { a: 'b' } } } }, deployments: [{ name: 'activator', version: '1' }] },
    };
    expect(manifestProblems(serving)).toEqual([
      'KnativeServing knative-serving/knative-serving: /spec/deployments/0 must NOT have additional properties (version)',
      'KnativeServing knative-serving/knative-serving: /spec/ingress/istio must NOT have additional properties (knative-ingress-gateway)',
    ]);
    const eventing = {
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeEventing',
      metadata: { name: 'knative-eventing', namespace: 'knative-eventing' },
      spec: { workloads: [{ name: 'imc-dispatcher', labels: { a: 1 } }], deployments: [{ name: 'eventing-webhook', version: '1' }] },
    };
    expect(manifestProblems(eventing)).toEqual([
      'KnativeEventing knative-eventing/knative-eventing: /spec/workloads/0/labels/a must be string',
      'KnativeEventing knative-eventing/knative-eventing: /spec/deployments/0 must NOT have additional properties (version)',
    ]);
    // crd-schemas.ts keeps the first file per group/version/kind in sorted order: the OpenShift one.
    const files = readdirSync(join(CRDS_DIR, 'knative')).sort().filter(f => /^knative(serving|eventing)s\./.test(f));
    expect(files).toEqual([
      'knativeeventings.operator.knative.dev.openshift-serverless.yaml', 'knativeeventings.operator.knative.dev.yaml',
      'knativeservings.operator.knative.dev.openshift-serverless.yaml', 'knativeservings.operator.knative.dev.yaml',
    ]);
    // Unknown fields are rejected in the KnativeKafka, whose spec keeps no unknown fields.
    const kafka = {
      apiVersion: 'operator.serverless.openshift.io/v1alpha1',
      kind: 'KnativeKafka',
      metadata: { name: 'knative-kafka', namespace: 'knative-eventing' },
      spec: { channel: { enabled: false }, source: { enabled: false }, brokers: {} },
    };
    expect(manifestProblems(kafka)).toEqual([expect.stringMatching(/must NOT have additional properties \(brokers\)/)]);
  });
});
