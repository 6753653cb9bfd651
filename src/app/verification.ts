// The verification kit of the Istio multi-network guide: HelloWorld (one version per cluster) and
// Sleep in a sample namespace, and the calls from Sleep that show both versions answer.
import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { FederationError } from '../core/errors';
import { ManualStep } from '../core/manual-step';
import { dnsLabelProblem } from '../core/names';
import { byName, q } from '../core/output';
import { FederatedMesh } from '../federation/federated-mesh';
import { Mesh } from '../federation/mesh';
import { verificationSectionMarkdown } from '../federation/reports';
import { type MultiNetworkCluster, MultiNetworkMesh } from '../multi-network/multi-network-mesh';

/** The HelloWorld image of the Istio samples, by version. */
const HELLOWORLD_IMAGE = (version: string) => `docker.io/istio/examples-helloworld-${version}:1.0`;
/** The Sleep image of the Istio samples. */
const SLEEP_IMAGE = 'curlimages/curl:8.5.0';
/** The port HelloWorld serves on. */
export const HELLOWORLD_PORT = 5000;

/** Options of the verification workloads of one cluster. */
export interface VerificationWorkloadsProps {
  /** The HelloWorld version this cluster runs: `v1` in one cluster, `v2` in another. */
  readonly helloworldVersion: string;
  /**
   * The sample namespace. In a federation mesh it must be a member (`mesh.addMemberNamespace()`).
   * @default 'sample'
   */
  readonly namespace?: string;
  /**
   * Labels of the sample Namespace, e.g. `{ 'istio.io/rev': '<revision>' }` for a revisioned control plane.
   * @default - { 'istio-injection': 'enabled' }
   */
  readonly namespaceLabels?: { [key: string]: string };
  /**
   * Annotate the pod templates with `sidecar.istio.io/inject: "true"`, as OpenShift Service Mesh 2 needs.
   * @default true
   */
  readonly injectAnnotation?: boolean;
}

/** One cluster's side of a verification call. */
export interface VerificationCall {
  /** The cluster (output folder) whose Sleep calls. */
  readonly cluster: string;
  /** The kubeconfig context of that cluster. */
  readonly kubeContext: string;
  /**
   * The host Sleep calls: `helloworld.sample:5000` for multi-network or an `importAsLocal` import, the imported hostname otherwise.
   * @default 'helloworld.<namespace>:5000'
   */
  readonly host?: string;
  /**
   * The sample namespace.
   * @default 'sample'
   */
  readonly namespace?: string;
}

/**
 * Opt-in verification kit: HelloWorld `helloworldVersion` and Sleep with their Services in a
 * sample namespace labelled for injection. Add it to each cluster's chart (a federation `Mesh` or
 * a `MultiNetworkCluster`), with `v1` in one and `v2` in another; `VerificationWorkloads.steps()`
 * gives the calls from Sleep and the answers to expect.
 */
export class VerificationWorkloads extends Construct {
  /** The manual steps that call HelloWorld from each cluster's Sleep 20 times; both versions must answer. */
  public static steps(calls: VerificationCall[]): ManualStep[] {
    return callSteps(calls, ['v1', 'v2']);
  }

  /**
   * The calls from Sleep of every kit in `scope` (a `FederatedMesh`, a `MultiNetworkMesh` or the
   * app), one per cluster in name order, each expecting the versions of all these kits.
   * @param kubeContexts the kubeconfig context of each cluster, by cluster name (default: each kit's `kubeContext`)
   */
  public static stepsOf(scope: IConstruct, kubeContexts: { [cluster: string]: string } = {}): ManualStep[] {
    const kits = kitsIn(scope);
    const versions = [...new Set(kits.map(k => k.helloworldVersion))].sort();
    const calls = kits.map(k => ({ cluster: k.cluster, kubeContext: kubeContexts[k.cluster] ?? k.kubeContext, namespace: k.namespace }));
    return callSteps(calls, versions);
  }

  /**
   * The verification section of the manual-steps report of `scope` (a `FederatedMesh` or a
   * `MultiNetworkMesh`): which cluster runs which HelloWorld version, the calls from Sleep and the
   * answers to expect. Empty text when `scope` holds no kit.
   * @param kubeContexts the kubeconfig context of each cluster, by cluster name (default: each kit's `kubeContext`)
   */
  public static reportSection(scope: IConstruct, kubeContexts: { [cluster: string]: string } = {}): string {
    const runs = kitsIn(scope).map(k => `HelloWorld ${k.helloworldVersion} in ${k.cluster} (namespace ${k.namespace})`).join(', ');
    const summary = `The verification workloads run ${runs}, each with Sleep beside it.`;
    return verificationSectionMarkdown(summary, VerificationWorkloads.stepsOf(scope, kubeContexts));
  }

  /** The sample namespace. */
  public readonly namespace: string;
  /** The HelloWorld version this cluster runs. */
  public readonly helloworldVersion: string;
  /** The cluster (output folder) of the kit: its mesh's or multi-network cluster's name, else its chart's id. */
  public readonly cluster: string;
  /** The kubeconfig context of the kit's cluster: a multi-network cluster's `kubeContext`, else the cluster's name. */
  public readonly kubeContext: string;

  constructor(scope: Construct, id: string, props: VerificationWorkloadsProps) {
    super(scope, id);
    const problems = propsProblems(props);
    if (problems.length > 0) throw new FederationError(problems);
    this.namespace = props.namespace ?? 'sample';
    this.helloworldVersion = props.helloworldVersion;
    this.cluster = clusterOf(this);
    const chart: Partial<MultiNetworkCluster> = Chart.of(this);
    this.kubeContext = chart.mesh instanceof MultiNetworkMesh && chart.kubeContext ? chart.kubeContext : this.cluster;
    this.addObjects(props);
  }

  private addObjects(props: VerificationWorkloadsProps): void {
    const ns = this.namespace;
    const annotations = props.injectAnnotation === false ? undefined : { 'sidecar.istio.io/inject': 'true' };
    const namespace = new ApiObject(this, 'namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { ...props.namespaceLabels ?? { 'istio-injection': 'enabled' } } } });
    // A Namespace is cluster-scoped: it must not carry the chart's namespace (a Mesh chart has one).
    if (namespace.metadata.namespace !== undefined) namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    new ApiObject(this, 'helloworld-service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'helloworld', namespace: ns, labels: { app: 'helloworld', service: 'helloworld' } },
      spec: { ports: [{ name: 'http', port: HELLOWORLD_PORT }], selector: { app: 'helloworld' } },
    });
    const version = props.helloworldVersion;
    new ApiObject(this, 'helloworld', deployment(`helloworld-${version}`, ns, { app: 'helloworld', version }, annotations, {
      name: 'helloworld',
      image: HELLOWORLD_IMAGE(version),
      imagePullPolicy: 'IfNotPresent',
      resources: { requests: { cpu: '100m' } },
      ports: [{ containerPort: HELLOWORLD_PORT }],
    }));
    new ApiObject(this, 'sleep-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'sleep', namespace: ns } });
    new ApiObject(this, 'sleep-service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'sleep', namespace: ns, labels: { app: 'sleep', service: 'sleep' } },
      spec: { ports: [{ name: 'http', port: 80 }], selector: { app: 'sleep' } },
    });
    const sleep = deployment('sleep', ns, { app: 'sleep' }, annotations, {
      name: 'sleep', image: SLEEP_IMAGE, imagePullPolicy: 'IfNotPresent', command: ['/bin/sleep', 'infinity'],
    });
    sleep.spec.template.spec.serviceAccountName = 'sleep';
    sleep.spec.template.spec.terminationGracePeriodSeconds = 0;
    new ApiObject(this, 'sleep', sleep);
  }
}

/** The steps of `calls`, each expecting `versions` among the answers. */
function callSteps(calls: VerificationCall[], versions: string[]): ManualStep[] {
  return calls.map(call => {
    const ns = call.namespace ?? 'sample';
    const host = call.host ?? `helloworld.${ns}:${HELLOWORLD_PORT}`;
    return {
      cluster: call.cluster,
      title: `Call HelloWorld from Sleep in ${call.cluster}`,
      reason: 'Only a call across the clusters shows that discovery, gateways and certificates work: each version answers from its own cluster.',
      commands: [
        `kubectl exec --context=${call.kubeContext} -n ${ns} -c sleep "$(kubectl get pod --context=${call.kubeContext} -n ${ns} -l app=sleep -o jsonpath='{.items[0].metadata.name}')" \\`,
        `  -- /bin/sh -c 'for i in $(seq 1 20); do curl -sS ${host}/hello; done'`,
      ],
      then: expectation(versions),
    };
  });
}

/** The answers to expect from Sleep when `versions` run. */
function expectation(versions: string[]): string {
  const answers = versions.map(v => `\`Hello version: ${v}, instance: helloworld-${v}-...\``);
  if (answers.length < 2) return `Expect ${answers.join('')} in every answer; the kit with the other version in another cluster shows a call across the clusters.`;
  return `Expect both ${answers.join(' and ')} among the answers; only one version means the other cluster is not reached.`;
}

/**
 * The kits of `scope`, by cluster name: those in a chart of the federation or multi-network mesh
 * `scope` (its meshes and clusters are charts of the app, not its children), else those under it.
 */
function kitsIn(scope: IConstruct): VerificationWorkloads[] {
  const all = scope.node.root.node.findAll().filter((c): c is VerificationWorkloads => c instanceof VerificationWorkloads);
  const owns = (kit: VerificationWorkloads): boolean => {
    const chart: IConstruct = Chart.of(kit);
    if (scope instanceof FederatedMesh) return (scope as FederatedMesh).findMesh(kit.cluster) === chart;
    if (scope instanceof MultiNetworkMesh) return (scope as MultiNetworkMesh).findCluster(kit.cluster) === chart;
    return kit.node.scopes.includes(scope);
  };
  return all.filter(owns).sort((a, b) => byName(a.cluster, b.cluster));
}

/** The output folder of the chart the kit `kit` is in. */
function clusterOf(kit: Construct): string {
  // Not `instanceof`: cdk8s's Chart answers it for every chart, whatever the subclass.
  const chart: IConstruct = Chart.of(kit);
  if (Mesh.isMesh(chart)) return chart.meshName;
  const mesh = (chart as Partial<MultiNetworkCluster>).mesh;
  if (mesh instanceof MultiNetworkMesh) return (chart as MultiNetworkCluster).name;
  return chart.node.id;
}

type Labels = Record<string, string>;

function deployment(name: string, namespace: string, labels: Labels, annotations: Labels | undefined, container: Record<string, unknown>): any {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: { metadata: { labels, annotations }, spec: { containers: [container] } },
    },
  };
}

function propsProblems(props: VerificationWorkloadsProps): string[] {
  if (typeof props !== 'object' || props === null) return ['VerificationWorkloads: props are missing. Fix: pass { helloworldVersion: \'v1\' } (v2 in another cluster)'];
  const problems: string[] = [];
  if (props.helloworldVersion !== 'v1' && props.helloworldVersion !== 'v2') {
    problems.push(`VerificationWorkloads: helloworldVersion is ${q(props.helloworldVersion)}, not 'v1' or 'v2' (the versions the Istio samples publish). Fix: use 'v1' in one cluster and 'v2' in another`);
  }
  if (props.namespace !== undefined) {
    const problem = typeof props.namespace === 'string' ? dnsLabelProblem(props.namespace) : 'is not text';
    if (problem) problems.push(`VerificationWorkloads: namespace ${q(props.namespace)} ${problem}. Fix: use a DNS-1123 label such as 'sample'`);
  }
  return problems;
}
