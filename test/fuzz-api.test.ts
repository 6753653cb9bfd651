// Random values through the public API, as callers in other jsii languages may pass them: for each
// prop (at any depth) of each public construct, factory and method, a wrong type, undefined, null,
// a huge string, a special key or an odd number replaces the valid value. Declaring and
// synthesizing then either works or fails with a FederationError; never a TypeError, a
// RangeError, a stack overflow or any other error.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  ArgoCdOutput, FederatedMesh, FederationApp, GatewayNaming, KnativeService, LabelSelectorOperator, LoadBalancerScheme, MeshCertificateAuthority,
  MultiNetworkMesh, MultiNetworkTopology, Platform, RootRotation, RootRotationPhase, RootRotationStep, ServerlessMeshIntegration, TaintEffect,
  TolerationOperator, Topology,
} from '../src';
import { rootCert } from './support/certs';
import { synthAll } from './support/synth';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
/** FUZZ_ONLY=<text> fuzzes only the entry points whose name holds it (to chase one failure). */
const ONLY = process.env.FUZZ_ONLY;

/** One entry point: the valid arguments it is called with, and how it is called and synthesized. */
interface Scenario {
  readonly name: string;
  readonly args: () => Record<string, unknown>;
  readonly run: (args: any) => void;
}

const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL });
/** A federation with meshes a (the one under test) and b, c, ready to synthesize. */
function federation(aOptions?: any, props?: any) {
  const app = Testing.app();
  const f = new FederatedMesh(app, 'federation', props);
  const a = f.addMesh('a', aOptions ?? { platform: gcp(), rootCertificate: rootCert('red-mesh'), dnsDomain: 'a.example.com', locality: { region: 'us-west' } });
  const b = f.addMesh('b', { platform: gcp(), rootCertificate: rootCert('green-mesh'), dnsDomain: 'b.example.com', locality: { region: 'us-east' } });
  const c = f.addMesh('c', { platform: gcp(), rootCertificate: rootCert('blue-mesh'), dnsDomain: 'c.example.com', locality: { region: 'eu-west' } });
  return { app, f, a, b, c, done: () => synthAll(app) };
}

const SCENARIOS: Scenario[] = [
  {
    name: 'FederatedMesh.addMesh(name, options)',
    args: () => ({
      name: 'a',
      options: {
        platform: gcp(),
        rootCertificate: rootCert('red-mesh'),
        dnsDomain: 'a.example.com',
        externalDns: true,
        namespace: 'a-ns',
        controlPlaneName: 'basic',
        version: 'v2.6',
        trustDomain: 'a.local',
        clusterName: 'east',
        network: 'net-a',
        locality: { region: 'us-west', zone: 'z1', subzone: 's1' },
        ingressSourceRanges: ['10.0.0.0/8'],
        egressSourceRanges: ['192.0.2.0/24'],
        ingressAddresses: { b: ['203.0.113.1'] },
        controlPlaneSpec: { general: { logging: { componentLevels: { default: 'info' } } } },
        gatewayNaming: GatewayNaming.maistraSamples(),
        prerequisites: { namespaces: true, memberRoll: true },
        clusterLocalPeering: true,
        federationGateways: {
          replicas: 2,
          resources: { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '1Gi' } },
          nodeSelector: { 'node-role.kubernetes.io/infra': '' },
          tolerations: [{ key: 'node-role.kubernetes.io/infra', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE, tolerationSeconds: 60 }],
          podAnnotations: { 'example.com/team': 'mesh' },
          podLabels: { tier: 'federation' },
          serviceAnnotations: { 'example.com/owner': 'platform' },
          ingress: { replicas: 3 },
          egress: { autoscaling: { minReplicas: 1, maxReplicas: 3, cpuTargetPercent: 80 } },
          perPeer: { b: { forLabel: 'b', replicas: 1, ingress: { podLabels: { tier: 'ingress' } }, egress: { resources: { requests: { cpu: '20m' } } } } },
        },
      },
    }),
    run: ({ name, options }) => {
      const app = Testing.app();
      const f = new FederatedMesh(app, 'federation');
      f.addMesh(name, options);
      f.addMesh('b', { platform: gcp(), rootCertificate: rootCert('green-mesh'), dnsDomain: 'b.example.com' });
      synthAll(app);
    },
  },
  {
    name: 'new FederatedMesh(scope, id, props)',
    args: () => ({ id: 'federation', props: { topology: Topology.hubAndSpoke('a'), gatewayNaming: GatewayNaming.pattern('in-{peer}', 'out-{peer}'), version: 'v2.5', prerequisites: { namespaces: false } } }),
    run: ({ id, props }) => {
      const app = Testing.app();
      const f = new FederatedMesh(app, id, props);
      f.addMesh('a', { platform: gcp(), rootCertificate: rootCert('red-mesh'), dnsDomain: 'a.example.com' });
      f.addMesh('b', { platform: gcp(), rootCertificate: rootCert('green-mesh'), dnsDomain: 'b.example.com' });
      synthAll(app);
    },
  },
  {
    name: 'RootRotation, its steps, and a FederatedMesh rendering one step',
    args: () => ({ next: { a: rootCert('blue-mesh') }, trustName: 'trust', switchName: 'switch', dropName: 'drop', trust: 'a', switchMesh: 'a', drop: 'a', step: 2 }),
    run: ({ next, trustName, switchName, dropName, trust, switchMesh, drop, step }) => {
      const steps = [
        RootRotationStep.of([RootRotationPhase.trustNext(trust)], trustName),
        RootRotationStep.of([RootRotationPhase.switchRoot(switchMesh)], switchName),
        RootRotationStep.of([RootRotationPhase.dropPrevious(drop)], dropName),
      ];
      const fed = federation(undefined, { rootRotation: new RootRotation({ nextRootCertificates: next, steps }).stage(step) });
      fed.done();
      fed.f.rootRotationReport();
    },
  },
  {
    name: 'Platform factories',
    args: () => ({
      cloud: { scheme: LoadBalancerScheme.INTERNET_FACING },
      nodePort: { nodeAddresses: ['192.0.2.10'], firstNodePort: 31000, nodePorts: { b: { servicePort: 32001, discoveryPort: 32002 } } },
    }),
    run: ({ cloud, nodePort }) => {
      for (const factory of [Platform.awsNlb, Platform.awsLoadBalancerController, Platform.azure, Platform.gcp]) factory(cloud);
      federation({ platform: Platform.nodePort(nodePort), rootCertificate: rootCert('red-mesh') }).done();
    },
  },
  {
    name: 'Mesh.addServiceExport() and its rules',
    args: () => ({
      id: 'to-b',
      byName: { namespace: 'bookinfo', name: 'ratings', alias: { namespace: 'shared', name: 'ratings' } },
      byLabel: { namespace: 'bookinfo', matchLabels: { export: 'true' }, matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['web'] }], aliases: [{ namespace: 'bookinfo', name: 'ratings', alias: { namespace: 'shared', name: 'ratings' } }] },
    }),
    run: ({ id, byName, byLabel }) => {
      const fed = federation();
      const exp = fed.a.addServiceExport(id, { peer: fed.b });
      exp.addNameRule(byName);
      exp.addLabelRule(byLabel);
      fed.done();
    },
  },
  {
    name: 'Mesh.addServiceImport() and its rules',
    args: () => ({
      id: 'from-a',
      options: { domainSuffix: 'a-imports', locality: { region: 'us-west' } },
      rule: { namespace: 'shared', name: 'ratings', alias: { namespace: 'bookinfo', name: 'ratings-a' } },
    }),
    run: ({ id, options, rule }) => {
      const fed = federation();
      fed.a.addServiceExport('to-b', { peer: fed.b }).addNameRule({ namespace: 'shared', name: 'ratings' });
      fed.b.addServiceImport(id, { ...options, peer: fed.a }).addNameRule(rule);
      fed.done();
    },
  },
  {
    name: 'FederatedMesh.addFailoverImport()',
    args: () => ({
      id: 'ratings',
      props: { namespace: 'bookinfo', name: 'ratings', destinationRuleName: 'ratings-failover', exportFromProviders: true, outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(10), baseEjectionTime: Duration.minutes(1) } },
    }),
    run: ({ id, props }) => {
      const fed = federation();
      fed.f.addFailoverImport(id, { meshes: [fed.a, fed.b, fed.c], consumers: [fed.a], ...props });
      fed.done();
    },
  },
  {
    name: 'MultiNetworkMesh and addCluster()',
    args: () => ({
      props: { meshId: 'mesh1', istioVersion: 'v1.30.3', controlPlaneNamespace: 'istio-system', trustDomain: 'cluster.local', trustDomainAliases: ['old.local'] },
      cluster: {
        platform: Platform.azure({ scheme: LoadBalancerScheme.INTERNAL }),
        network: 'network1',
        kubeContext: 'ctx-1',
        locality: { region: 'westeurope' },
        egressSourceRanges: ['198.51.100.0/28'],
        eastWestGatewayAddresses: ['203.0.113.40'],
        eastWestGateway: { replicas: 2, minAvailable: 1 },
        istioValues: { pilot: { resources: { requests: { cpu: '500m' } } } },
      },
      topology: { primary: 'cluster1' },
    }),
    run: ({ props, cluster, topology }) => {
      const app = Testing.app();
      const mesh = new MultiNetworkMesh(app, 'mesh1', { ...props, topology: MultiNetworkTopology.primaryRemote(topology?.primary) });
      mesh.addCluster('cluster1', cluster);
      mesh.addCluster('cluster2', { platform: Platform.bareMetal(), network: 'network2', eastWestGatewayAddresses: ['203.0.113.41'] });
      synthAll(app);
    },
  },
  {
    name: 'MeshCertificateAuthority.certManager(options) on a MultiNetworkMesh',
    args: () => ({
      options: {
        issuer: { name: 'vault-mesh-root', kind: 'ClusterIssuer', group: 'cert-manager.io' },
        rootCertificate: rootCert('red-mesh'),
        certManagerNamespace: 'cert-manager',
        duration: '4380h',
        renewBefore: '720h',
        privateKeyAlgorithm: 'RSA',
        privateKeySize: 4096,
      },
    }),
    run: ({ options }) => {
      const app = Testing.app();
      const mesh = new MultiNetworkMesh(app, 'mesh1', { meshId: 'mesh1', certificateAuthority: MeshCertificateAuthority.certManager(options) });
      mesh.addCluster('cluster1', { platform: gcp(), network: 'network1' });
      synthAll(app);
      mesh.reportFiles();
    },
  },
  {
    name: 'ServerlessMeshIntegration and KnativeService',
    args: () => ({
      props: {
        ingressCertificateSecret: 'wildcard-certs',
        memberNamespaces: ['hello'],
        controlPlaneNamespace: 'istio-system',
        controlPlaneName: 'basic',
        kafka: { bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'], numPartitions: 10, replicationFactor: 3, ports: [{ number: 9092, name: 'tcp-plain' }] },
      },
      service: { name: 'hello', namespace: 'hello', image: 'quay.io/openshift-knative/helloworld-go:latest', env: { TARGET: 'Openshift' }, port: 8080 },
    }),
    run: ({ props, service }) => {
      const app = Testing.app();
      const chart = new Chart(app, 'serverless-mesh', { disableResourceNameHashes: true });
      new ServerlessMeshIntegration(chart, 'Serverless', props);
      new KnativeService(chart, 'Hello', service);
      KnativeService.addMeshAnnotations(new ApiObject(chart, 'Raw', { apiVersion: 'serving.knative.dev/v1', kind: 'Service', metadata: { name: 'raw', namespace: 'hello' } }));
      synthAll(app);
    },
  },
  {
    name: 'FederationApp and its GitOps options',
    args: () => ({
      props: {
        printSummary: false,
        printWarnings: false,
        force: false,
        gitOps: {
          repoUrl: 'https://git.example.com/platform/meshes.git',
          revision: 'main',
          path: 'clusters',
          argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER,
          flux: true,
          fluxInterval: Duration.minutes(5),
          destinations: { a: { server: 'https://api.a.example.com:6443', kubeConfigSecretName: 'a-kubeconfig' }, b: { server: 'https://api.b.example.com:6443', kubeConfigSecretName: 'b-kubeconfig' } },
        },
      },
    }),
    run: ({ props }) => {
      const outdir = mkdtempSync(join(tmpdir(), 'fuzz-app-'));
      try {
        const app = new FederationApp({ ...props, outdir: join(outdir, 'out') });
        const f = new FederatedMesh(app, 'federation');
        f.addMesh('a', { platform: gcp(), rootCertificate: rootCert('red-mesh'), dnsDomain: 'a.example.com' });
        f.addMesh('b', { platform: gcp(), rootCertificate: rootCert('green-mesh'), dnsDomain: 'b.example.com' });
        app.synth();
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
  },
];

/** Every path (as keys) to a value in `args`, parents before children. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || !(Array.isArray(value) || Object.getPrototypeOf(value) === Object.prototype)) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))].filter(p => p.length > 0);
}

/** A copy of `args` with the value at `path` replaced (plain objects and lists copied on the way). */
function replaced(args: any, path: string[], value: unknown): any {
  const [head, ...rest] = path;
  const copy = Array.isArray(args) ? [...args] : { ...args };
  const inner = rest.length === 0 ? value : replaced(args[head], rest, value);
  Object.defineProperty(copy, head, { value: inner, enumerable: true, writable: true, configurable: true });
  return copy;
}

const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(undefined, null, true, false, 0, -1, 1.5, NaN, Infinity, -Infinity, 2 ** 53, '', ' ', '\n', '../../x', '0.0.0.0/0', '*', 'a'.repeat(100_000)),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.array(fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.string({ maxLength: 8 }), fc.integer()), { maxKeys: 3 }),
  fc.constantFrom(JSON.parse('{"__proto__":{"x":1}}'), { constructor: 'x' }, [[[[]]]], {}, []),
  fc.constantFrom(Duration.seconds(0), Duration.days(100_000)),
  // Plausible values too, so that many runs get past the declaration checks into synth.
  fc.constantFrom('a', 'b', 'x-1', 'us-east', 'v2.5', '10.0.0.0/8', '192.0.2.1', 'lb.example.com', 1, 2, 8080, 30001, [], ['a'], {}, Duration.seconds(30)),
);

/** True when `e` is an error the library means to throw. */
function isExpected(e: unknown): boolean {
  return e instanceof Error && e.name === 'FederationError' && Array.isArray((e as any).problems) && (e as any).problems.length > 0;
}

test.each(SCENARIOS.map(s => [s.name, s] as const))('%s: the valid arguments each run replaces one of synthesize', (_name, scenario) => {
  expect(() => scenario.run(scenario.args())).not.toThrow();
});

test(`${RUNS} random values at random props of every public entry point: a FederationError or a synth, nothing else`, () => {
  const scenarios = SCENARIOS.filter(s => ONLY === undefined || s.name.includes(ONLY));
  const cases = fc.integer({ min: 0, max: scenarios.length - 1 }).chain(i => {
    const scenario = scenarios[i];
    const paths = pathsOf(scenario.args());
    return fc.record({ scenario: fc.constant(scenario), path: fc.constantFrom(...paths), value: hostile });
  });
  const outcomes = { synthesized: 0, refused: 0 };
  fc.assert(fc.property(cases, ({ scenario, path, value }) => {
    const args = replaced(scenario.args(), path, value);
    try {
      scenario.run(args);
      outcomes.synthesized++;
    } catch (e) {
      outcomes.refused++;
      if (!isExpected(e)) {
        throw new Error(`${scenario.name} with ${path.join('.')} = ${String(typeof value === 'string' ? value.slice(0, 40) : value)}: ${(e as Error)?.name}: ${(e as Error)?.message?.slice(0, 300)}`);
      }
      for (const problem of (e as any).problems as string[]) {
        expect(problem.length).toBeLessThan(2000);
        expect(problem).toMatch(/Fix: |Consider /);
      }
    }
  }), { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 20261124) });
  // Both outcomes are exercised: some values are taken (and synthesized), most are refused.
  expect(outcomes.synthesized).toBeGreaterThan(RUNS / 20);
  expect(outcomes.refused).toBeGreaterThan(RUNS / 4);
});
