// Wrong types and hostile values at every public entry point of the serverless integration, as
// jsii users in other languages may pass them: each is a FederationError naming the construct, the
// prop, the value and the fix; never a TypeError, a hang or a stack overflow, and a refused
// declaration leaves nothing in the construct tree.
import { ApiObject, App, Chart, Testing } from 'cdk8s';
import {
  FederatedMesh, KnativeService, KnativeServiceProps, LoadBalancerScheme, Platform, ServerlessMeshIntegration, ServerlessMeshIntegrationProps,
} from '../src';
import { rootCert } from './support/certs';
import { federationError } from './support/run';

const S = "mesh 'basic' (serverless)";
const HUGE = 'x'.repeat(1_000_000);


/** Declares a standalone integration with `props` (as given, or with the secret added) in a fresh chart; the problems and the chart. */
function integration(props: unknown, withSecret = true): { problems: string[]; chart: Chart; message: string } {
  const chart = Testing.chart();
  const given = withSecret && typeof props === 'object' && props !== null && !Array.isArray(props)
    ? { ingressCertificateSecret: 'wildcard-certs', ...props } : props;
  const error = federationError(() => new ServerlessMeshIntegration(chart, 'Serverless', given as ServerlessMeshIntegrationProps));
  // Nothing of a refused declaration is left in the tree.
  expect(chart.node.children).toHaveLength(0);
  return { problems: error.problems, chart, message: error.message };
}

/** Declares a KnativeService with `props` in a fresh chart; the problems. */
function knativeService(props: unknown): string[] {
  const chart = Testing.chart();
  const error = federationError(() => new KnativeService(chart, 'Hello', props as KnativeServiceProps));
  expect(chart.node.children).toHaveLength(0);
  return error.problems;
}

const kafka = (extra: object) => ({ kafka: { bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'], ...extra } });

describe('ServerlessMeshIntegration props of the wrong type', () => {
  test.each<[string, unknown, boolean, string]>([
    ['props undefined', undefined, false, `${S}: props are undefined, not an object. Fix: pass the props, at least { ingressCertificateSecret: 'wildcard-certs' }`],
    ['props null', null, false, `${S}: props are null, not an object. Fix: pass the props, at least { ingressCertificateSecret: 'wildcard-certs' }`],
    ['props a string', 'wildcard-certs', false, `${S}: props are 'wildcard-certs', not an object. Fix: pass the props, at least { ingressCertificateSecret: 'wildcard-certs' }`],
    ['props a list', [{ ingressCertificateSecret: 'wildcard-certs' }], false, `${S}: props are [{"ingressCertificateSecret":"wildcard-certs"}], not an object. Fix: pass the props, at least { ingressCertificateSecret: 'wildcard-certs' }`],
    ['no secret', {}, false, `${S}: ingressCertificateSecret is undefined, not a string. Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`],
    ['secret null', { ingressCertificateSecret: null }, false, `${S}: ingressCertificateSecret is null, not a string. Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`],
    ['secret a number', { ingressCertificateSecret: 42 }, false, `${S}: ingressCertificateSecret is 42, not a string. Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`],
    ['secret an object', { ingressCertificateSecret: { name: 'certs' } }, false, `${S}: ingressCertificateSecret is {"name":"certs"}, not a string. Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`],
    ['secret a list', { ingressCertificateSecret: ['certs'] }, false, `${S}: ingressCertificateSecret is ["certs"], not a string. Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`],
    ['member namespaces as one string', { memberNamespaces: 'my-app' }, true, `${S}: memberNamespaces is 'my-app', not a list of strings. Fix: list namespace names, e.g. ['my-app'], or leave memberNamespaces out`],
    ['member namespaces with a number', { memberNamespaces: ['my-app', 7] }, true, `${S}: memberNamespaces is ["my-app",7], not a list of strings. Fix: list namespace names, e.g. ['my-app'], or leave memberNamespaces out`],
    ['member namespaces with a hole', { memberNamespaces: [, 'my-app'] }, true, `${S}: memberNamespaces is [null,"my-app"], not a list of strings. Fix: list namespace names, e.g. ['my-app'], or leave memberNamespaces out`],
    ['control plane namespace a number', { controlPlaneNamespace: 123 }, true, `${S}: controlPlaneNamespace is 123, not a string. Fix: pass a namespace name like 'istio-system', or leave controlPlaneNamespace out`],
    ['control plane name a list', { controlPlaneName: ['basic'] }, true, `${S}: controlPlaneName is ["basic"], not a string. Fix: pass a name like 'basic', or leave controlPlaneName out`],
    ['prerequisites as text', { prerequisites: 'none' }, true, `${S}: prerequisites is 'none', not an object. Fix: pass { namespaces?: boolean, memberRoll?: boolean }, or leave prerequisites out`],
    ['serving workloads as one string', { servingWorkloads: 'activator' }, true, `${S}: servingWorkloads is 'activator', not a list of strings. Fix: list Knative Serving deployment names, e.g. ['activator', 'autoscaler'], or leave servingWorkloads out`],
    ['eventing workloads as an object', { eventingWorkloads: { a: 'imc-dispatcher' } }, true, `${S}: eventingWorkloads is {"a":"imc-dispatcher"}, not a list of strings. Fix: list Knative Eventing workload names, e.g. ['imc-dispatcher'], or leave eventingWorkloads out`],
    ['serving config as a string', { servingConfig: 'autoscaler' }, true, `${S}: servingConfig is 'autoscaler', not an object. Fix: map ConfigMap names (without 'config-') to keys and text values, e.g. { autoscaler: { 'min-scale': '1' } }`],
    ['eventing config as a list', { eventingConfig: [{ features: {} }] }, true, `${S}: eventingConfig is [{"features":{}}], not an object. Fix: map ConfigMap names (without 'config-') to keys and text values, e.g. { features: { 'new-trigger-filters': 'enabled' } }`],
    ['kafka as a string', { kafka: 'my-cluster-kafka-bootstrap.kafka:9092' }, true, `${S}: kafka is 'my-cluster-kafka-bootstrap.kafka:9092', not an object. Fix: pass { bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'] }, or leave kafka out`],
  ])('%s', (_what, props, withSecret, problem) => {
    expect(integration(props, withSecret).problems).toEqual([problem]);
  });

  test('a prop inherited through __proto__ is not read; a constructor key is ignored', () => {
    const props = JSON.parse('{"__proto__": {"ingressCertificateSecret": "wildcard-certs"}, "constructor": "x"}');
    expect(integration(props, false).problems).toEqual([`${S}: ingressCertificateSecret is undefined, not a string. Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`]);
    const polluted = Object.create({ ingressCertificateSecret: 'wildcard-certs' });
    expect(integration(polluted, false).problems).toEqual([`${S}: ingressCertificateSecret is undefined, not a string. Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`]);
  });

  test('all problems of one declaration together, the types first', () => {
    expect(integration({ ingressCertificateSecret: 7, memberNamespaces: ['My_App'], controlPlaneName: false }, false).problems).toEqual([
      `${S}: ingressCertificateSecret is 7, not a string. Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`,
      `${S}: controlPlaneName is false, not a string. Fix: pass a name like 'basic', or leave controlPlaneName out`,
      expect.stringMatching(/^mesh 'basic' \(serverless\): memberNamespaces has 'My_App', which is not a DNS-1123 label .*Fix: use a namespace name like 'my-app'$/),
    ]);
  });

  test('a 1,000,000-character value is cut in the message', () => {
    const huge = [
      { ingressCertificateSecret: HUGE }, { controlPlaneName: HUGE }, { memberNamespaces: [HUGE] },
      { memberNamespaces: HUGE }, { servingConfig: { [HUGE]: {} } },
    ];
    for (const props of huge) {
      const { message, problems } = integration(props, !('ingressCertificateSecret' in props));
      expect(message.length).toBeLessThan(1000);
      expect(problems).toHaveLength(1);
    }
    expect(integration({ controlPlaneName: HUGE }).problems).toEqual([
      `mesh '${'x'.repeat(236)}...' (1000000 characters) (serverless): controlPlaneName '${'x'.repeat(236)}...' (1000000 characters) is 1000000 characters long (at most 63). Fix: use a name like 'basic'`,
    ]);
  });

  test('a huge sparse list is refused by its length, at once', () => {
    const list: string[] = [];
    list.length = 2 ** 32 - 1;
    const started = Date.now();
    expect(integration({ memberNamespaces: list }).problems).toEqual([
      `${S}: memberNamespaces has 4294967295 entries (at most 10000). Fix: list namespace names, e.g. ['my-app'], or leave memberNamespaces out`,
    ]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('ServerlessMeshIntegration values written out as given', () => {
  test.each<[string, object, string]>([
    ['a cycle in the control plane spec', (() => { const c: any = { a: {} }; c.a.self = c; return { controlPlaneSpec: c }; })(),
      `${S}: controlPlaneSpec.a.self refers back to itself (a cycle). Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['a control plane spec nested 5000 deep', (() => { const d: any = {}; let c = d; for (let i = 0; i < 5000; i++) { c.a = {}; c = c.a; } return { controlPlaneSpec: d }; })(),
      `${S}: controlPlaneSpec${'.a'.repeat(64)} is nested more than 64 levels deep. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['a BigInt in the control plane spec', { controlPlaneSpec: { version: BigInt(2) } },
      `${S}: controlPlaneSpec.version is a bigint, not a JSON value. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['NaN in the control plane spec', { controlPlaneSpec: { proxy: { concurrency: NaN } } },
      `${S}: controlPlaneSpec.proxy.concurrency is NaN, not a finite number. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['a __proto__ key in the control plane spec', { controlPlaneSpec: JSON.parse('{"security": {"__proto__": {"dataPlane": {"mtls": false}}}}') },
      `${S}: controlPlaneSpec.security has the key '__proto__', which would be dropped when written. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['a __proto__ section in the serving config', { servingConfig: JSON.parse('{"__proto__": {"istio": {}}}') },
      `${S}: servingConfig has the key '__proto__', which would be dropped when written. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['a BigInt prerequisite', { prerequisites: { namespaces: BigInt(0) } },
      `${S}: prerequisites.namespaces is a bigint, not a JSON value. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['a serving config section that is not a ConfigMap name', { servingConfig: { Autoscaler: { 'min-scale': '1' } } },
      `${S}: servingConfig has the section 'Autoscaler', but its ConfigMap name 'config-Autoscaler' is not a DNS-1123 subdomain (lower case letters, digits, '-' and '.', each part starting and ending with a letter or digit). Fix: use the name of a Knative ConfigMap without 'config-', e.g. 'autoscaler'`],
    ['a constructor section', { eventingConfig: { constructor: { a: '1' } } },
      `${S}: eventingConfig has the key 'constructor', which cannot be written. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['a Date in the control plane spec', { controlPlaneSpec: { since: new Date(0) } },
      `${S}: controlPlaneSpec.since is a Date, not a plain object. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['an object without a prototype in the serving config', { servingConfig: { autoscaler: Object.assign(Object.create(null), { 'min-scale': '1' }) } },
      `${S}: servingConfig.autoscaler is an object without a prototype, not a plain object. Fix: pass only JSON values: text, finite numbers, booleans, null, lists and plain objects, without cycles or '__proto__' and 'constructor' keys`],
    ['a section with numbers', { eventingConfig: { features: { a: 1 } } },
      `${S}: eventingConfig.features must map keys to strings (a Knative ConfigMap's data), not {"a":1}. Fix: quote the values, e.g. { 'enable-feature': 'true' }`],
    ['a config key a ConfigMap refuses', { servingConfig: { autoscaler: { 'min scale': '1' } } },
      `${S}: servingConfig.autoscaler has the key 'min scale', which a ConfigMap refuses (at most 253 letters, digits, '-', '_' and '.'). Fix: use the key as Knative documents it, e.g. 'min-scale'`],
    ['a config section over 1 MiB', { servingConfig: { autoscaler: { a: 'x'.repeat(1024 * 1024) } } },
      `${S}: servingConfig.autoscaler holds 1048577 bytes, more than a ConfigMap may (1048576). Fix: keep each Knative ConfigMap's settings under 1 MiB`],
  ])('%s', (_what, props, problem) => {
    expect(integration(props).problems).toEqual([problem]);
  });
});

test('a control plane spec that shares one part 2^40 times is refused at once, not walked', () => {
  let shared: object = { leaf: true };
  for (let i = 0; i < 40; i++) shared = { a: shared, b: shared };
  const started = Date.now();
  expect(integration({ controlPlaneSpec: shared }).problems)
    .toEqual([expect.stringMatching(/^mesh 'basic' \(serverless\): controlPlaneSpec(\.[ab])+ holds more than 100000 values\. Fix: pass only JSON values/)]);
  expect(Date.now() - started).toBeLessThan(5000);
});

test('another Gateway of the chart with servers or hosts that are not lists is no conflict, not a TypeError at synth', () => {
  const chart = Testing.chart();
  new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs' });
  new ApiObject(chart, 'Odd', { apiVersion: 'networking.istio.io/v1beta1', kind: 'Gateway', metadata: { name: 'odd' }, spec: { servers: { port: 443 } } });
  new ApiObject(chart, 'Odder', { apiVersion: 'networking.istio.io/v1beta1', kind: 'Gateway', metadata: { name: 'odder' }, spec: { servers: [null, { port: { number: 443 }, hosts: '*' }] } });
  expect(() => Testing.synth(chart)).not.toThrow();
});

describe('Knative Kafka options of the wrong type', () => {
  test.each<[string, object, string]>([
    ['no bootstrap servers', { kafka: {} }, `${S}: kafka.bootstrapServers is undefined, not a list of strings. Fix: list the Kafka bootstrap servers as 'host:port', e.g. ['my-cluster-kafka-bootstrap.kafka:9092']`],
    ['bootstrap servers as one string', { kafka: { bootstrapServers: 'k:9092' } }, `${S}: kafka.bootstrapServers is 'k:9092', not a list of strings. Fix: list the Kafka bootstrap servers as 'host:port', e.g. ['my-cluster-kafka-bootstrap.kafka:9092']`],
    ['partitions NaN', kafka({ numPartitions: NaN }), `${S}: kafka.numPartitions is NaN, not a whole number. Fix: use a positive whole number, e.g. 10, or leave numPartitions out`],
    ['partitions Infinity', kafka({ numPartitions: Infinity }), `${S}: kafka.numPartitions is Infinity, not a whole number. Fix: use a positive whole number, e.g. 10, or leave numPartitions out`],
    ['partitions fractional', kafka({ numPartitions: 1.5 }), `${S}: kafka.numPartitions is 1.5, not a whole number. Fix: use a positive whole number, e.g. 10, or leave numPartitions out`],
    ['replication factor as text', kafka({ replicationFactor: '3' }), `${S}: kafka.replicationFactor is '3', not a whole number. Fix: use a positive whole number, e.g. 3, or leave replicationFactor out`],
    ['channel as the text false', kafka({ channel: 'false' }), `${S}: kafka.channel is 'false', not true or false. Fix: pass true or false, or leave channel out (enabled)`],
    ['sink null', kafka({ sink: null }), `${S}: kafka.sink is null, not true or false. Fix: pass true or false, or leave sink out (enabled)`],
    ['ports as one object', kafka({ ports: { number: 9092, name: 'tcp' } }), `${S}: kafka.ports is {"number":9092,"name":"tcp"}, not a list of { number, name }. Fix: list the TCP ports as { number, name }, e.g. [{ number: 9092, name: 'tcp-plain' }], or leave ports out`],
    ['a port that is a number', kafka({ ports: [9092] }), `${S}: kafka.ports[0] is 9092, not { number, name }. Fix: list the TCP ports as { number, name }, e.g. [{ number: 9092, name: 'tcp-plain' }], or leave ports out`],
    ['a port number as text', kafka({ ports: [{ number: '9092', name: 'tcp' }] }), `${S}: kafka.ports[0].number is '9092', not a whole number. Fix: use the TCP port the Kafka brokers listen on, e.g. 9092`],
    ['a port number negative Infinity', kafka({ ports: [{ number: -Infinity, name: 'tcp' }] }), `${S}: kafka.ports[0].number is -Infinity, not a whole number. Fix: use the TCP port the Kafka brokers listen on, e.g. 9092`],
    ['a port without a name', kafka({ ports: [{ number: 9092 }] }), `${S}: kafka.ports[0].name is undefined, not a string. Fix: use a name like 'tcp-plain'`],
    ['a 1,000,000-character bootstrap server', { kafka: { bootstrapServers: [`${HUGE}:9092`] } }, `${S}: kafka.bootstrapServers has '${'x'.repeat(236)}...' (1000005 characters), whose host is neither an IP address nor a hostname (it is 1000000 characters long (at most 253)). Fix: use the bootstrap host name or IP`],
    ['a negative port number', kafka({ ports: [{ number: -1, name: 'tcp' }] }), `${S}: kafka.ports has the port number -1, which is not 1-65535. Fix: list the TCP ports the Kafka brokers listen on, e.g. 9092`],
  ])('%s', (_what, props, problem) => {
    expect(integration(props).problems).toEqual([problem]);
  });
});

describe('addMemberNamespace() with a wrong value', () => {
  test.each<[string, unknown, RegExp]>([
    ['undefined', undefined, /^mesh 'basic' \(serverless\): addMemberNamespace\(\) namespace is undefined, not a string\. Fix: pass a namespace name like 'my-app'$/],
    ['null', null, /^mesh 'basic' \(serverless\): addMemberNamespace\(\) namespace is null, not a string\. Fix: pass a namespace name like 'my-app'$/],
    ['a list', ['my-app'], /^mesh 'basic' \(serverless\): addMemberNamespace\(\) namespace is \["my-app"\], not a string\. Fix: pass a namespace name like 'my-app'$/],
    ['a BigInt', BigInt(7), /^mesh 'basic' \(serverless\): addMemberNamespace\(\) namespace is 7n, not a string\. Fix: pass a namespace name like 'my-app'$/],
    ['a huge string', HUGE, /^mesh 'basic' \(serverless\): addMemberNamespace\(\) has 'x{236}\.\.\.' \(1000000 characters\), which is 1000000 characters long \(at most 63\)\. Fix: use a namespace name like 'my-app'$/],
  ])('%s', (_what, namespace, problem) => {
    const chart = Testing.chart();
    const serverless = new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs' });
    const error = federationError(() => serverless.addMemberNamespace(namespace as string));
    expect(error.problems).toEqual([expect.stringMatching(problem)]);
    expect(error.message.length).toBeLessThan(1000);
    expect(serverless.memberNamespaces).toEqual(['knative-serving', 'knative-eventing']);
  });
});

describe('the scope and id of the constructs', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['an integration in no chart', () => new ServerlessMeshIntegration(new App(), 'Serverless', { ingressCertificateSecret: 'wildcard-certs' }),
      /^mesh 'basic' \(serverless\): scope is the construct '', not a construct in a Chart\. Fix: create the ServerlessMeshIntegration in a Chart \(or a Mesh\)$/],
    ['an integration with scope undefined', () => new ServerlessMeshIntegration(undefined as any, 'Serverless', { ingressCertificateSecret: 'wildcard-certs' }),
      /^mesh 'basic' \(serverless\): scope is undefined, not a construct in a Chart\. Fix: create the ServerlessMeshIntegration in a Chart \(or a Mesh\)$/],
    ['an integration with a number id', () => new ServerlessMeshIntegration(Testing.chart(), 42 as any, { ingressCertificateSecret: 'wildcard-certs' }),
      /^mesh 'basic' \(serverless\): id is 42, not a non-empty string\. Fix: pass a construct id, e.g. 'Serverless'$/],
    ['an integration with an id already taken', () => { const chart = Testing.chart(); new KnativeService(chart, 'Serverless', { name: 'hello', image: 'quay.io/x/hello' }); new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs' }); },
      /^mesh 'basic' \(serverless\): id 'Serverless' is taken by another construct in 'test'\. Fix: give the ServerlessMeshIntegration an id of its own, e\.g\. 'Serverless2'$/],
    ['a Knative Service with an empty id', () => new KnativeService(Testing.chart(), '', { name: 'hello', image: 'quay.io/x/hello' }),
      /^Knative Service 'hello': id is '', not a non-empty string\. Fix: pass a construct id, e\.g\. 'Hello'$/],
    ['mesh annotations on a KnativeService construct', () => KnativeService.addMeshAnnotations(new KnativeService(Testing.chart(), 'Hello', { name: 'hello', image: 'quay.io/x/hello' }) as any),
      /^KnativeService\.addMeshAnnotations\(\): service is the KnativeService 'test\/Hello', whose object already carries the annotations\. Fix: call it only for a Knative Service built another way \(an ApiObject\)$/],
    ['a Knative Service with scope a string', () => new KnativeService('chart' as any, 'Hello', { name: 'hello', image: 'quay.io/x/hello' }),
      /^Knative Service 'hello': scope is 'chart', not a construct in a Chart\. Fix: create the KnativeService in a Chart \(or a Mesh\)$/],
  ])('%s', (_what, run, problem) => {
    expect(federationError(run).problems).toEqual([expect.stringMatching(problem)]);
  });

  test('inside a Mesh, the mesh names the integration, and a refused one leaves nothing in the mesh', () => {
    const mesh = new FederatedMesh(Testing.app(), 'federation').addMesh('red-mesh', {
      platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }), rootCertificate: rootCert('red-mesh'), dnsDomain: 'red.example.com',
    });
    const before = mesh.node.children.length;
    expect(federationError(() => new ServerlessMeshIntegration(mesh, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', memberNamespaces: 'shop' as any })).problems)
      .toEqual(["mesh 'red-mesh' (serverless): memberNamespaces is 'shop', not a list of strings. Fix: list namespace names, e.g. ['my-app'], or leave memberNamespaces out"]);
    expect(mesh.node.children.length).toBe(before);
    expect(mesh.memberNamespaces).not.toContain('s');
  });
});

describe('KnativeService props of the wrong type', () => {
  const ok = { name: 'hello', image: 'quay.io/x/hello:1' };
  test.each<[string, unknown, string]>([
    ['props undefined', undefined, "KnativeService 'Hello': props are undefined, not an object. Fix: pass the props, at least { name: 'hello', image: 'quay.io/openshift-knative/helloworld-go:latest' }"],
    ['props null', null, "KnativeService 'Hello': props are null, not an object. Fix: pass the props, at least { name: 'hello', image: 'quay.io/openshift-knative/helloworld-go:latest' }"],
    ['no name', { image: 'quay.io/x/hello:1' }, "KnativeService 'Hello': name is undefined, not a string. Fix: use a name like 'hello'"],
    ['name a number', { ...ok, name: 7 }, "KnativeService 'Hello': name is 7, not a string. Fix: use a name like 'hello'"],
    ['image a list', { ...ok, image: ['quay.io/x/hello:1'] }, "Knative Service 'hello': image is [\"quay.io/x/hello:1\"], not a string. Fix: use e.g. 'quay.io/openshift-knative/helloworld-go:latest'"],
    ['image null', { ...ok, image: null }, "Knative Service 'hello': image is null, not a string. Fix: use e.g. 'quay.io/openshift-knative/helloworld-go:latest'"],
    ['namespace an object', { ...ok, namespace: { name: 'my-app' } }, "Knative Service 'hello': namespace is {\"name\":\"my-app\"}, not a string. Fix: use a namespace name like 'my-app', or leave namespace out (the chart's)"],
    ['env as a string', { ...ok, env: 'TARGET=world' }, "Knative Service 'hello': env is 'TARGET=world', not a map of text to text. Fix: map variable names to text, e.g. { TARGET: 'world' }, or leave env out"],
    ['env with a number', { ...ok, env: { TARGET: 1 } }, "Knative Service 'hello': env is {\"TARGET\":1}, not a map of text to text. Fix: map variable names to text, e.g. { TARGET: 'world' }, or leave env out"],
    ['env with a name Kubernetes refuses', { ...ok, env: { 'MY VAR': 'x' } }, "Knative Service 'hello': env has the name 'MY VAR', which is not an environment variable name (letters, digits, '_', '-' and '.', not starting with a digit). Fix: use a name like 'TARGET'"],
    ['a name starting with a digit', { ...ok, name: '2048' }, "Knative Service '2048': name starts with a digit, but Knative refuses a Service name that is not a DNS-1035 label (starting with a letter). Fix: put a letter first, e.g. 'svc-2048'"],
    ['port NaN', { ...ok, port: NaN }, "Knative Service 'hello': port is NaN, not a whole number. Fix: use the port the container listens on, e.g. 8080, or leave port out"],
    ['port fractional', { ...ok, port: 80.5 }, "Knative Service 'hello': port is 80.5, not a whole number. Fix: use the port the container listens on, e.g. 8080, or leave port out"],
    ['port negative', { ...ok, port: -80 }, "Knative Service 'hello': port -80 is not a port number (1-65535). Fix: use the port the container listens on, e.g. 8080"],
    ['port as text', { ...ok, port: '8080' }, "Knative Service 'hello': port is '8080', not a whole number. Fix: use the port the container listens on, e.g. 8080, or leave port out"],
  ])('%s', (_what, props, problem) => {
    expect(knativeService(props)).toEqual([problem]);
  });

  test('a 1,000,000-character name or image is cut in the message', () => {
    for (const props of [{ ...ok, name: HUGE }, { ...ok, image: `a ${HUGE}` }, { ...ok, namespace: HUGE }]) {
      const problems = knativeService(props);
      expect(problems).toHaveLength(1);
      expect(problems[0].length).toBeLessThan(1000);
      expect(problems[0]).toMatch(/\(100000[02] characters\).*Fix: /);
    }
  });

  test('an env with a __proto__ or constructor key is written as given, never dropped', () => {
    const chart = Testing.chart();
    new KnativeService(chart, 'Hello', { ...ok, env: JSON.parse('{"__proto__": "a", "constructor": "b"}') });
    expect(Testing.synth(chart)[0].spec.template.spec.containers[0].env).toEqual([{ name: '__proto__', value: 'a' }, { name: 'constructor', value: 'b' }]);
  });
});

describe('KnativeService.addMeshAnnotations() with what is not a Knative Service', () => {
  const fix = "Fix: pass the Knative Service's ApiObject, e.g. new ApiObject(chart, 'Hello', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', ... })";
  test.each<[string, unknown, string]>([
    ['undefined', undefined, `KnativeService.addMeshAnnotations(): service is undefined, not an ApiObject. ${fix}`],
    ['null', null, `KnativeService.addMeshAnnotations(): service is null, not an ApiObject. ${fix}`],
    ['a name', 'hello', `KnativeService.addMeshAnnotations(): service is 'hello', not an ApiObject. ${fix}`],
    ['the JSON of a Service', { apiVersion: 'serving.knative.dev/v1', kind: 'Service' }, `KnativeService.addMeshAnnotations(): service is {"apiVersion":"serving.knative.dev/v1","kind":"Service"}, not an ApiObject. ${fix}`],
  ])('%s', (_what, service, problem) => {
    expect(federationError(() => KnativeService.addMeshAnnotations(service as ApiObject)).problems).toEqual([problem]);
  });

  const knative = (spec: unknown, annotations?: Record<string, unknown>) => {
    const chart = Testing.chart();
    return new ApiObject(chart, 'Hello', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'hello', namespace: 'my-app', annotations: annotations as any }, spec });
  };

  test('a spec with a cycle is named, not a stack overflow', () => {
    const spec: any = { template: {} };
    spec.template.self = spec;
    expect(federationError(() => KnativeService.addMeshAnnotations(knative(spec))).problems)
      .toEqual([expect.stringMatching(/^Knative Service 'my-app\/hello': cannot be rendered as JSON \(.*\)\. Fix: give the Knative Service only JSON values, without cycles$/)]);
  });

  test('an annotation of the wrong type is named; annotations over 256 KiB are refused', () => {
    expect(federationError(() => KnativeService.addMeshAnnotations(knative({}, { 'serving.knative.openshift.io/enablePassthrough': true }))).problems).toEqual([
      "Knative Service 'my-app/hello': metadata.annotations['serving.knative.openshift.io/enablePassthrough'] is true, but a Knative Service in the mesh needs \"true\". Fix: remove it or set it to \"true\"",
    ]);
    expect(federationError(() => KnativeService.addMeshAnnotations(knative({}, { big: 'x'.repeat(256 * 1024) }))).problems).toEqual([
      "Knative Service 'my-app/hello': metadata.annotations hold 262197 bytes with the mesh's annotations, more than the API server accepts (262144). Fix: move the large values out of the annotations (e.g. into a ConfigMap)",
    ]);
  });
});

describe('any value for any prop: a FederationError or a working declaration, never another error', () => {
  const cyclic: any = { a: 1 };
  cyclic.self = cyclic;
  const sparse: string[] = [];
  sparse.length = 3;
  const values: unknown[] = [
    undefined, null, 0, -1, 1.5, NaN, Infinity, '', 'x', 'y'.repeat(10_000), [], ['a'], [1], sparse, {}, { a: 1 }, { a: { b: 1 } },
    true, BigInt(1), Symbol('s'), () => 1, cyclic, JSON.parse('{"__proto__": {"a": "b"}}'), { constructor: 'x' }, new Date(0),
  ];
  /** Runs `declare`, then synthesizes `chart`; anything thrown must be a FederationError. */
  const outcome = (chart: Chart, declare: () => unknown) => {
    try {
      declare();
      Testing.synth(chart);
      return 'ok';
    } catch (e) {
      expect(e).not.toBeInstanceOf(TypeError);
      expect(`${(e as Error).name}: ${(e as Error).message}`.slice(0, 300)).toMatch(/^FederationError: /);
      expect((e as Error).message.length).toBeLessThan(3000);
      return 'refused';
    }
  };
  const integrationProps = [
    'ingressCertificateSecret', 'memberNamespaces', 'controlPlaneNamespace', 'controlPlaneName', 'prerequisites', 'controlPlaneSpec',
    'servingWorkloads', 'eventingWorkloads', 'servingConfig', 'eventingConfig', 'kafka',
  ];
  test.each(integrationProps)('ServerlessMeshIntegration %s', prop => {
    for (const value of values) {
      const chart = Testing.chart();
      outcome(chart, () => new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', [prop]: value } as any));
    }
  });
  test.each(['bootstrapServers', 'numPartitions', 'replicationFactor', 'channel', 'source', 'broker', 'sink', 'ports', 'ports.number', 'ports.name'])('kafka.%s', prop => {
    for (const value of values) {
      const chart = Testing.chart();
      const [outer, inner] = prop.split('.');
      const option = inner ? [{ number: 9092, name: 'tcp', [inner]: value }] : value;
      outcome(chart, () => new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', kafka: { bootstrapServers: ['k:9092'], [outer]: option } } as any));
    }
  });
  test.each(['name', 'image', 'namespace', 'env', 'port'])('KnativeService %s', prop => {
    for (const value of values) {
      const chart = Testing.chart();
      outcome(chart, () => new KnativeService(chart, 'Hello', { name: 'hello', image: 'quay.io/x/hello', [prop]: value } as any));
    }
  });
  test('the props, the scope and the id themselves', () => {
    for (const value of values) {
      const chart = Testing.chart();
      outcome(chart, () => new ServerlessMeshIntegration(chart, 'Serverless', value as any));
      outcome(chart, () => new KnativeService(chart, 'Hello', value as any));
      outcome(chart, () => new ServerlessMeshIntegration(value as any, value as any, { ingressCertificateSecret: 'wildcard-certs' }));
      outcome(chart, () => new KnativeService(chart, value as any, { name: 'hello', image: 'quay.io/x/hello' }));
    }
  });
  test('addMemberNamespace() and addMeshAnnotations()', () => {
    for (const value of values) {
      const chart = Testing.chart();
      const serverless = new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs' });
      outcome(chart, () => serverless.addMemberNamespace(value as string));
      outcome(Testing.chart(), () => KnativeService.addMeshAnnotations(value as ApiObject));
    }
  });
});
