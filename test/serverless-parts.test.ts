// The pure parts of the serverless integration, without a chart: Kafka, the Knative configs, the
// control plane settings, the member roll, the gateways and the checks.
import { JsonPatch } from 'cdk8s';
import { dnsSubdomainProblem } from '../src/core/names';
import {
  bindsWildcardHttps, declarationProblems, memberProblems, twinProblem, validPort, wildcardGatewayProblems,
} from '../src/serverless/checks';
import { injected } from '../src/serverless/constants';
import { controlPlaneSettings, memberRollMembers, standaloneControlPlaneSpec } from '../src/serverless/control-plane';
import { ingressGatewayProps, localGatewayProps, localGatewayServiceProps } from '../src/serverless/gateways';
import {
  kafkaComponents, kafkaHosts, kafkaPorts, kafkaProblems, kafkaServiceEntryProps, kafkaWorkloads, knativeKafkaSpec, parseServer,
} from '../src/serverless/kafka';
import {
  eventingConfig, istioGatewayHosts, knativeEventingObject, knativeServingObject, servingConfig,
} from '../src/serverless/knative-operators';
import { meshAnnotationProblems, templateAnnotationPatches } from '../src/serverless/mesh-annotations';

const W = "mesh 'basic' (serverless)";
const PASSTHROUGH = 'serving.knative.openshift.io/enablePassthrough';
const INJECT = 'sidecar.istio.io/inject';
const REWRITE = 'sidecar.istio.io/rewriteAppHTTPProbers';

describe('Kafka bootstrap servers', () => {
  test('parseServer splits host and port; IPv6 loses its brackets', () => {
    expect(parseServer('my-cluster-kafka-bootstrap.kafka:9092')).toEqual({ host: 'my-cluster-kafka-bootstrap.kafka', port: 9092 });
    expect(parseServer('10.0.0.7:9093')).toEqual({ host: '10.0.0.7', port: 9093 });
    expect(parseServer('[fd00::7]:9094')).toEqual({ host: 'fd00::7', port: 9094 });
  });

  test('parseServer refuses what is not host:port', () => {
    for (const bad of ['kafka', 'kafka:', ':9092', 'kafka:port', 'kafka:123456', 'a b:9092', 'fd00::7:9092']) {
      expect(parseServer(bad)).toBeUndefined();
    }
  });

  test('hosts without ports, each once, in the order given', () => {
    expect(kafkaHosts(['b.kafka:9093', 'a.kafka:9092', 'b.kafka:9092', '[fd00::1]:9092'])).toEqual(['b.kafka', 'a.kafka', 'fd00::1']);
  });

  test('ports: one per distinct bootstrap port, ascending, named tcp-<port>', () => {
    expect(kafkaPorts({ bootstrapServers: ['a:9094', 'b:9092', 'c:9094'] })).toEqual([
      { number: 9092, name: 'tcp-9092' },
      { number: 9094, name: 'tcp-9094' },
    ]);
  });

  test('ports given are taken as they are', () => {
    const ports = [{ number: 9093, name: 'tcp-tls' }, { number: 9092, name: 'tcp-plain' }];
    expect(kafkaPorts({ bootstrapServers: ['a:9094'], ports })).toEqual(ports);
  });

  test('the ServiceEntry kafka-cluster: hosts, TCP ports, mesh external, no resolution, exported to its namespace only', () => {
    expect(kafkaServiceEntryProps({ bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'] })).toEqual({
      metadata: { name: 'kafka-cluster', namespace: 'knative-eventing' },
      spec: {
        hosts: ['my-cluster-kafka-bootstrap.kafka'],
        exportTo: ['.'],
        ports: [{ number: 9092, name: 'tcp-9092', protocol: 'TCP' }],
        location: 'MESH_EXTERNAL',
        resolution: 'NONE',
      },
    });
  });
});

describe('KnativeKafka', () => {
  test('every component is on unless turned off', () => {
    expect(kafkaComponents({ bootstrapServers: ['a:9092'] })).toEqual({ channel: true, source: true, broker: true, sink: true });
    expect(kafkaComponents({ bootstrapServers: ['a:9092'], broker: false, sink: false })).toEqual({ channel: true, source: true, broker: false, sink: false });
  });

  test('the workloads: the controller, then those of the enabled components', () => {
    expect(kafkaWorkloads({ channel: true, source: true, broker: true, sink: true })).toEqual([
      'kafka-controller', 'kafka-broker-receiver', 'kafka-broker-dispatcher', 'kafka-channel-receiver',
      'kafka-channel-dispatcher', 'kafka-source-dispatcher', 'kafka-sink-receiver',
    ]);
    expect(kafkaWorkloads({ channel: false, source: true, broker: false, sink: false })).toEqual(['kafka-controller', 'kafka-source-dispatcher']);
  });

  test('the spec joins the bootstrap servers and defaults partitions to 10 and replication to 3', () => {
    const spec = knativeKafkaSpec({ bootstrapServers: ['a:9092', 'b:9093'], channel: false, source: false, sink: false });
    expect(spec).toEqual({
      channel: { enabled: false },
      source: { enabled: false },
      broker: { enabled: true, defaultConfig: { bootstrapServers: 'a:9092,b:9093', numPartitions: 10, replicationFactor: 3 } },
      sink: { enabled: false },
      workloads: ['kafka-controller', 'kafka-broker-receiver', 'kafka-broker-dispatcher'].map(injected),
    });
  });

  test('the channel carries the bootstrap servers; partitions and replication as given', () => {
    const spec = knativeKafkaSpec({ bootstrapServers: ['a:9092'], numPartitions: 4, replicationFactor: 1 });
    expect(spec.channel).toEqual({ enabled: true, bootstrapServers: 'a:9092' });
    expect(spec.broker.defaultConfig).toEqual({ bootstrapServers: 'a:9092', numPartitions: 4, replicationFactor: 1 });
  });

  test('problems of the options, in order: servers, partitions, ports', () => {
    expect(kafkaProblems(W, { bootstrapServers: ['kafka'], numPartitions: 0, ports: [{ number: 9092, name: 'p' }, { number: 9092, name: 'p' }] })).toEqual([
      `${W}: kafka.bootstrapServers has 'kafka', which is not 'host:port'. Fix: write it like 'my-cluster-kafka-bootstrap.kafka:9092'`,
      `${W}: kafka.numPartitions is 0; it must be a positive whole number. Fix: use e.g. 10`,
      `${W}: kafka.ports lists port 9092 twice; the ServiceEntry refuses it. Fix: list each port once`,
      `${W}: kafka.ports has the name 'p' twice; ServiceEntry port names must be unique. Fix: give each port its own name, e.g. 'p-9092'`,
    ]);
    expect(kafkaProblems(W, { bootstrapServers: ['a.kafka:9092'] })).toEqual([]);
  });
});

describe('Knative Serving and Eventing', () => {
  test('the istio gateway hosts point at the mesh namespace', () => {
    expect(istioGatewayHosts('red-mesh')).toEqual({
      'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.red-mesh.svc.cluster.local',
      'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.red-mesh.svc.cluster.local',
    });
  });

  test('a mesh outside istio-system gets the gateway hosts in config.istio, next to the user\'s keys and sections', () => {
    const { config, problems } = servingConfig(W, 'red-mesh', { istio: { 'enable-virtualservice-status': 'true' }, network: { 'domain-template': '{{.Name}}' } });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      network: { 'domain-template': '{{.Name}}' },
      istio: {
        'enable-virtualservice-status': 'true',
        'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.red-mesh.svc.cluster.local',
        'local-gateway.knative-serving.knative-local-gateway': 'knative-local-gateway.red-mesh.svc.cluster.local',
      },
    });
  });

  test('a mesh in istio-system gets no config.istio, only the user\'s sections', () => {
    expect(servingConfig(W, 'istio-system', undefined)).toEqual({ config: {}, problems: [] });
    expect(servingConfig(W, 'istio-system', { network: { a: 'b' } }).config).toEqual({ network: { a: 'b' } });
  });

  test('a gateway host pointing at another namespace is a problem; the value the mesh needs wins', () => {
    const { config, problems } = servingConfig(W, 'red-mesh', { istio: { 'gateway.knative-serving.knative-ingress-gateway': 'istio-ingressgateway.istio-system.svc.cluster.local' } });
    expect(problems).toEqual([
      `${W}: servingConfig.istio['gateway.knative-serving.knative-ingress-gateway'] is 'istio-ingressgateway.istio-system.svc.cluster.local', but the mesh's gateways are in 'red-mesh', so Knative would route to a gateway of another mesh or none. Fix: set it to 'istio-ingressgateway.red-mesh.svc.cluster.local', or remove it (the integration sets it)`,
    ]);
    expect(config.istio['gateway.knative-serving.knative-ingress-gateway']).toBe('istio-ingressgateway.red-mesh.svc.cluster.local');
  });

  test('eventing config: features.istio enabled, merged with the user\'s; turning it off is a problem', () => {
    expect(eventingConfig(W, { features: { 'kreference-group': 'enabled' } })).toEqual({
      config: { features: { 'kreference-group': 'enabled', 'istio': 'enabled' } },
      problems: [],
    });
    expect(eventingConfig(W, { features: { istio: 'disabled' } }).problems).toEqual([
      `${W}: eventingConfig sets eventingConfig.features.istio to 'disabled', but Knative Eventing in the mesh needs 'enabled'. Fix: remove it from eventingConfig`,
    ]);
  });

  test('KnativeServing: Istio ingress, the deployments injected, no config when empty', () => {
    expect(knativeServingObject(['activator'], {})).toEqual({
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeServing',
      metadata: { name: 'knative-serving', namespace: 'knative-serving' },
      spec: { ingress: { istio: { enabled: true } }, deployments: [injected('activator')], config: undefined },
    });
  });

  test('KnativeEventing: the config and the workloads injected', () => {
    expect(knativeEventingObject(['imc-dispatcher'], { features: { istio: 'enabled' } })).toEqual({
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeEventing',
      metadata: { name: 'knative-eventing', namespace: 'knative-eventing' },
      spec: { config: { features: { istio: 'enabled' } }, workloads: [injected('imc-dispatcher')] },
    });
  });

  test('an injected workload carries the sidecar label and the probe-rewrite annotation', () => {
    expect(injected('activator')).toEqual({ name: 'activator', labels: { [INJECT]: 'true' }, annotations: { [REWRITE]: 'true' } });
  });
});

describe('control plane and member roll', () => {
  test('the SMCP settings OpenShift Serverless needs', () => {
    expect(controlPlaneSettings()).toEqual({
      security: { dataPlane: { mtls: true } },
      techPreview: { meshConfig: { defaultConfig: { terminationDrainDuration: '35s' } } },
      gateways: { ingress: { service: { metadata: { labels: { knative: 'ingressgateway' } } } } },
      proxy: { networking: { trafficControl: { inbound: { excludedPorts: [8444, 8022] } } } },
    });
  });

  test('a standalone spec defaults to the default profile, with the settings merged in', () => {
    const { spec, problems } = standaloneControlPlaneSpec(W, undefined);
    expect(problems).toEqual([]);
    expect(spec).toEqual({ profiles: ['default'], ...controlPlaneSettings() });
  });

  test('a given spec keeps its settings; a conflicting one is a problem and keeps the given value', () => {
    const { spec, problems } = standaloneControlPlaneSpec(W, { version: 'v2.5', security: { dataPlane: { mtls: false } } });
    expect(spec.version).toBe('v2.5');
    expect(spec.profiles).toBeUndefined();
    expect(spec.security).toEqual({ dataPlane: { mtls: false } });
    expect(problems).toEqual([
      `${W}: controlPlaneSpec sets spec.security.dataPlane.mtls to false but OpenShift Serverless needs true. Fix: remove spec.security.dataPlane.mtls from controlPlaneSpec, or set it to true`,
    ]);
  });

  test('the members: the Knative namespaces, then the application namespaces sorted, the input left as it was', () => {
    const apps = ['zeta', 'alpha', 'my-app'];
    expect(memberRollMembers(apps)).toEqual(['knative-serving', 'knative-eventing', 'alpha', 'my-app', 'zeta']);
    expect(apps).toEqual(['zeta', 'alpha', 'my-app']);
    expect(memberRollMembers([])).toEqual(['knative-serving', 'knative-eventing']);
  });

  test('member problems: the mesh namespace, a namespace twice, a Knative namespace again', () => {
    expect(memberProblems(W, 'istio-system', ['a', 'istio-system', 'a', 'knative-eventing'])).toEqual([
      `${W}: the member roll lists 'istio-system', the mesh's own control plane namespace; the member roll webhook refuses it. Fix: remove 'istio-system' from memberNamespaces`,
      `${W}: the member roll lists 'a' twice; the member roll webhook refuses duplicates. Fix: list each namespace once`,
      `${W}: the member roll lists 'knative-eventing' twice ('knative-eventing' is always a member); the member roll webhook refuses duplicates. Fix: list each namespace once`,
    ]);
    expect(memberProblems(W, 'knative-serving', [])).toEqual([
      `${W}: the member roll lists 'knative-serving', the mesh's own control plane namespace; the member roll webhook refuses it. Fix: remove 'knative-serving' from memberNamespaces, and run the control plane in a namespace of its own`,
    ]);
    expect(memberProblems(W, 'istio-system', ['b', 'a'])).toEqual([]);
  });

  test('a second integration for the mesh', () => {
    expect(twinProblem(W, 'chart/Other', 'istio-system')).toBe(
      `${W}: 'chart/Other' also integrates OpenShift Serverless with the mesh in 'istio-system'; a mesh has one member roll 'default' and one set of Knative gateways. Fix: keep one ServerlessMeshIntegration per mesh and add namespaces with addMemberNamespace()`);
  });
});

describe('gateways', () => {
  test('the ingress gateway serves the wildcard certificate on 443 for every host', () => {
    const props = ingressGatewayProps('wildcard-certs');
    expect(props.metadata).toEqual({ name: 'knative-ingress-gateway', namespace: 'knative-serving' });
    expect(props.spec?.selector).toEqual({ knative: 'ingressgateway' });
    expect(props.spec?.servers).toEqual([{ port: { number: 443, name: 'https', protocol: 'HTTPS' }, hosts: ['*'], tls: { mode: 'SIMPLE', credentialName: 'wildcard-certs' } }]);
  });

  test('the local gateway: 8081 with Istio mutual TLS; its Service in the mesh namespace maps 80 to 8081', () => {
    expect(localGatewayProps().spec?.servers).toEqual([{ port: { number: 8081, name: 'https', protocol: 'HTTPS' }, tls: { mode: 'ISTIO_MUTUAL' }, hosts: ['*'] }]);
    const service = localGatewayServiceProps('red-mesh');
    expect(service.metadata?.namespace).toBe('red-mesh');
    expect(service.spec?.selector).toEqual({ istio: 'ingressgateway' });
    expect(service.spec?.ports?.map(p => [p.name, p.port, p.targetPort?.value])).toEqual([['http2', 80, 8081]]);
  });

  test('the Knative gateways are known to bind what the wildcard check looks for only on 443', () => {
    expect(bindsWildcardHttps(ingressGatewayProps('certs'))).toBe(true);
    expect(bindsWildcardHttps(localGatewayProps())).toBe(false);
  });

  test('a user Gateway binding 443 with * or <namespace>/* is a problem; specific hosts and other ports are not', () => {
    const gateway = (name: string, port: number, hosts: string[], namespace?: string) => ({
      metadata: { name, namespace },
      spec: { servers: [{ port: { number: port }, hosts }] },
    });
    expect(wildcardGatewayProblems(W, [
      gateway('wild', 443, ['*'], 'apps'),
      gateway('namespaced', 443, ['apps/*']),
      gateway('specific', 443, ['shop.example.com']),
      gateway('http', 80, ['*']),
      { metadata: { name: 'empty' } },
    ], 'my-chart-ns')).toEqual([
      `${W}: the Gateway 'apps/wild' binds port 443 with hosts '*', as knative-serving/knative-ingress-gateway does; only one Gateway per mesh may, so Knative Services would not be reachable. Fix: give that Gateway specific hosts or another port, or run OpenShift Serverless in a mesh of its own`,
      `${W}: the Gateway 'my-chart-ns/namespaced' binds port 443 with hosts '*', as knative-serving/knative-ingress-gateway does; only one Gateway per mesh may, so Knative Services would not be reachable. Fix: give that Gateway specific hosts or another port, or run OpenShift Serverless in a mesh of its own`,
    ]);
    expect(wildcardGatewayProblems(W, [gateway('wild', 443, ['*'])], undefined)[0]).toContain("the Gateway 'default/wild'");
  });
});

describe('declared props', () => {
  test('inside a mesh, the standalone-only props are refused', () => {
    expect(declarationProblems(W, { ingressCertificateSecret: 'certs', controlPlaneName: 'x', controlPlaneSpec: {} }, 'red-mesh')).toEqual([
      `${W}: controlPlaneName is set, but inside mesh 'red-mesh' the control plane is the mesh's own. Fix: remove controlPlaneName (set it on the mesh instead)`,
      `${W}: controlPlaneSpec is set, but inside mesh 'red-mesh' the control plane is the mesh's own. Fix: remove controlPlaneSpec (set it on the mesh instead)`,
    ]);
  });

  test('standalone, they are checked; so are the secret, members, workloads and configs', () => {
    const problems = declarationProblems(W, {
      ingressCertificateSecret: 'Certs',
      controlPlaneNamespace: 'Istio',
      memberNamespaces: ['ok', 'Bad'],
      servingWorkloads: ['act_ivator'],
      eventingConfig: { features: { on: true as any } },
    }, undefined);
    expect(problems.map(p => p.slice(W.length + 2).split(' ')[0])).toEqual([
      'controlPlaneNamespace', 'ingressCertificateSecret', 'memberNamespaces', 'servingWorkloads', 'eventingConfig.features',
    ]);
    expect(problems[1]).toBe(`${W}: ingressCertificateSecret 'Certs' is not a Secret name (a DNS subdomain). Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`);
    expect(declarationProblems(W, { ingressCertificateSecret: 'wildcard-certs.tls' }, undefined)).toEqual([]);
  });

  test('ports are whole numbers from 1 to 65535', () => {
    expect([0, 1, 8080, 65535, 65536, 80.5, '80'].map(validPort)).toEqual([false, true, true, true, false, false, false]);
  });

  test('dnsSubdomainProblem: dot-separated labels, at most 253 characters', () => {
    expect(dnsSubdomainProblem('wildcard-certs')).toBeUndefined();
    expect(dnsSubdomainProblem('certs.example.com')).toBeUndefined();
    expect(dnsSubdomainProblem('')).toBe('is empty');
    expect(dnsSubdomainProblem('a'.repeat(254))).toBe('is 254 characters long (at most 253)');
    for (const bad of ['Certs', '<certs>', 'a..b', '-a', 'a-', '.a']) {
      expect(dnsSubdomainProblem(bad)).toMatch(/^is not a DNS-1123 subdomain/);
    }
  });
});

describe('mesh annotations of a Knative Service', () => {
  const apply = (json: any) => JsonPatch.apply(json, ...templateAnnotationPatches(json));

  test('patches create the missing parents of the template annotations', () => {
    expect(apply({ metadata: { name: 'hello' } }).spec).toEqual({ template: { metadata: { annotations: { [INJECT]: 'true', [REWRITE]: 'true' } } } });
    expect(apply({ spec: { template: { spec: { containers: [] } } } }).spec.template).toEqual({
      metadata: { annotations: { [INJECT]: 'true', [REWRITE]: 'true' } },
      spec: { containers: [] },
    });
  });

  test('patches add only the annotations that are missing, escaping the key', () => {
    const patches = templateAnnotationPatches({ spec: { template: { metadata: { annotations: { [INJECT]: 'true', other: 'x' } } } } });
    expect(patches).toHaveLength(1);
    expect(apply({ spec: { template: { metadata: { annotations: { [INJECT]: 'true', other: 'x' } } } } }).spec.template.metadata.annotations)
      .toEqual({ [INJECT]: 'true', other: 'x', [REWRITE]: 'true' });
    expect(templateAnnotationPatches({ spec: { template: { metadata: { annotations: { [INJECT]: 'false', [REWRITE]: 'true' } } } } })).toEqual([]);
  });

  test('problems: a different value always; a missing one only once they should be there', () => {
    const where = "Knative Service 'apps/hello'";
    const json = { metadata: { annotations: { [PASSTHROUGH]: 'false' } }, spec: { template: { metadata: { annotations: { [INJECT]: 'true' } } } } };
    expect(meshAnnotationProblems(where, json, true)).toEqual([
      `${where}: metadata.annotations['${PASSTHROUGH}'] is 'false', but a Knative Service in the mesh needs "true". Fix: remove it or set it to "true"`,
    ]);
    expect(meshAnnotationProblems(where, json, false)).toEqual([
      `${where}: metadata.annotations['${PASSTHROUGH}'] is 'false', but a Knative Service in the mesh needs "true". Fix: remove it or set it to "true"`,
      `${where}: spec.template.metadata.annotations['${REWRITE}'] is not set, but a Knative Service in the mesh needs "true". Fix: call KnativeService.addMeshAnnotations() after the spec is set`,
    ]);
  });
});
