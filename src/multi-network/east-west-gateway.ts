import { ApiObject, ApiObjectMetadata, JsonPatch, Lazy, Size } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { eastWestGatewayProblems, gatewaySourceRangeProblems } from './gateway-checks';
import {
  EAST_WEST_GATEWAY_NAME, EAST_WEST_ISTIOD_PORT, EAST_WEST_STATUS_PORT, EAST_WEST_TLS_PORT, EAST_WEST_WEBHOOK_PORT,
} from './ports';
import { eastWestGatewayShapeProblems, scopeProblems } from './shapes';
import { FederationError } from '../core/errors';
import { q } from '../core/output';
import { IngressServiceType, Platform } from '../core/platform';

/**
 * cdk8s-plus-27, loaded the first time a construct of this file needs it: the package is large
 * (its Kubernetes classes are most of a federation app's module loading), and an app without
 * multi-network Istio or Serverless never needs it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plus = (): typeof kplus => require('cdk8s-plus-27');

/** The labels the gateway's Deployment and Service select its pods by. */
const SELECTOR = { istio: 'eastwestgateway', app: EAST_WEST_GATEWAY_NAME };

/** Autoscaling of the east-west gateway (a HorizontalPodAutoscaler on CPU). */
export interface EastWestGatewayAutoscaling {
  /**
   * Fewest replicas.
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * Most replicas.
   * @default 5
   */
  readonly maxReplicas?: number;
  /**
   * Average CPU utilization the autoscaler aims at, in percent of the requests.
   * @default 80
   */
  readonly targetCpuUtilizationPercent?: number;
}

/** How the east-west gateway runs (the values the istio/gateway Helm chart takes for the same purpose). */
export interface EastWestGatewayOptions {
  /**
   * Replicas of the Deployment when there is no autoscaling.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Scale the gateway with a HorizontalPodAutoscaler.
   * @default - no autoscaling
   */
  readonly autoscaling?: EastWestGatewayAutoscaling;
  /**
   * Keep at least this many gateway pods during voluntary disruptions (a PodDisruptionBudget).
   * @default - no PodDisruptionBudget
   */
  readonly minAvailable?: number;
}

/** Props of an `EastWestGateway`. */
export interface EastWestGatewayProps extends EastWestGatewayOptions {
  /** The network of the cluster (`topology.istio.io/network`). */
  readonly network: string;
  /** The namespace of the gateway: the control-plane namespace. */
  readonly namespace: string;
  /** Where the cluster runs: decides the Service type and annotations. */
  readonly platform: Platform;
  /**
   * Source CIDR ranges allowed to reach the gateway (`loadBalancerSourceRanges`; load balancers only).
   * @default - no restriction
   */
  readonly sourceRanges?: string[];
  /**
   * On the NodePort platform, the node ports of `tls`, `tls-istiod` and `tls-webhook`, in that order.
   * @default - allocated by Kubernetes
   */
  readonly nodePorts?: number[];
}

/**
 * Upstream Istio's east-west gateway as plain Kubernetes objects, the way the istio/gateway Helm
 * chart renders it with `networkGateway`: a ServiceAccount, a Deployment whose pods Istio injects
 * with its `gateway` template (`sidecar.istio.io/inject: "true"`,
 * `inject.istio.io/templates: gateway`, image `auto`), and a Service with the ports of upstream's
 * `gen-eastwest-gateway.sh` (status-port 15021, tls 15443, tls-istiod 15012, tls-webhook 15017).
 * Pods and Service carry `istio: eastwestgateway`, `app: istio-eastwestgateway` and
 * `topology.istio.io/network`; the pods get `ISTIO_META_REQUESTED_NETWORK_VIEW=<network>`.
 *
 * The Service gets the platform's annotations and type, as the federation ingress gateways do.
 * The gateway is public by default: pass `sourceRanges`.
 *
 * Construct ids: `ServiceAccount`, `Deployment`, `Service`, `Autoscaler`, `DisruptionBudget`.
 */
export class EastWestGateway extends Construct {
  /** Labels of the pods and the Service. */
  public readonly labels: Record<string, string>;
  /** The gateway's Service. */
  public readonly service: kplus.Service;
  /** The gateway's Deployment. */
  public readonly deployment: kplus.Deployment;
  /**
   * Who may reach the gateway, computed when the chart renders (the multi-network cluster sets it,
   * since its ranges depend on the other clusters). Wins over `sourceRanges`.
   * @internal
   */
  public _sourceRanges?: () => string[] | undefined;

  constructor(scope: Construct, id: string, props: EastWestGatewayProps) {
    // Checked before the gateway joins the tree, so that a caught error leaves no gateway behind.
    checkEastWestGateway(scope, id, props);
    super(scope, id);
    this.labels = { ...SELECTOR, 'topology.istio.io/network': props.network };
    const metadata = { name: EAST_WEST_GATEWAY_NAME, namespace: props.namespace, labels: this.labels };
    const serviceAccount = new (plus().ServiceAccount)(this, 'ServiceAccount', { metadata, automountToken: true });
    this.deployment = this.addDeployment(props, metadata, serviceAccount);
    this.service = this.addService(props, metadata);
    if (props.autoscaling) this.addAutoscaler(props.namespace, props.autoscaling);
    if (props.minAvailable !== undefined) {
      new (plus().k8s.KubePodDisruptionBudget)(this, 'DisruptionBudget', {
        metadata,
        spec: { minAvailable: plus().k8s.IntOrString.fromNumber(props.minAvailable), selector: { matchLabels: SELECTOR } },
      });
    }
  }

  /** The Deployment whose pods Istio injects with its `gateway` template. */
  private addDeployment(props: EastWestGatewayProps, metadata: ApiObjectMetadata, serviceAccount: kplus.ServiceAccount): kplus.Deployment {
    const deployment = new (plus().Deployment)(this, 'Deployment', {
      metadata,
      select: false,
      replicas: props.autoscaling ? undefined : props.replicas ?? 1,
      serviceAccount,
      automountServiceAccountToken: true,
      podMetadata: {
        labels: { ...this.labels, 'sidecar.istio.io/inject': 'true' },
        annotations: { 'inject.istio.io/templates': 'gateway' },
      },
      containers: [{
        name: 'istio-proxy',
        // Replaced by the injector with the proxy image of the control plane.
        image: 'auto',
        imagePullPolicy: plus().ImagePullPolicy.IF_NOT_PRESENT,
        ports: [{ number: 15090, name: 'http-envoy-prom' }],
        envVariables: { ISTIO_META_REQUESTED_NETWORK_VIEW: plus().EnvValue.fromValue(props.network) },
        // The istio/gateway chart's defaults.
        resources: {
          cpu: { request: plus().Cpu.millis(100), limit: plus().Cpu.millis(2000) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(1024) },
        },
        // No fixed user: the injector sets the proxy's (on OpenShift, one from the namespace's range).
        securityContext: { ensureNonRoot: true, readOnlyRootFilesystem: true },
      }],
    });
    deployment.select(plus().LabelSelector.of({ labels: SELECTOR }));
    // cdk8s-plus labels pods with their construct path; the Service selects on the Istio labels instead.
    ApiObject.of(deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    return deployment;
  }

  /** The Service: the platform's type and annotations, the four ports, the source ranges on a load balancer. */
  private addService(props: EastWestGatewayProps, metadata: ApiObjectMetadata): kplus.Service {
    const nodePort = props.platform.serviceType === IngressServiceType.NODE_PORT;
    const annotations = props.platform.serviceAnnotations;
    const ports: kplus.ServicePort[] = [
      { name: 'status-port', port: EAST_WEST_STATUS_PORT, targetPort: EAST_WEST_STATUS_PORT },
      { name: 'tls', port: EAST_WEST_TLS_PORT, targetPort: EAST_WEST_TLS_PORT, nodePort: props.nodePorts?.[0] },
      { name: 'tls-istiod', port: EAST_WEST_ISTIOD_PORT, targetPort: EAST_WEST_ISTIOD_PORT, nodePort: props.nodePorts?.[1] },
      { name: 'tls-webhook', port: EAST_WEST_WEBHOOK_PORT, targetPort: EAST_WEST_WEBHOOK_PORT, nodePort: props.nodePorts?.[2] },
    ];
    const service = new (plus().Service)(this, 'Service', {
      metadata: { ...metadata, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      type: nodePort ? plus().ServiceType.NODE_PORT : plus().ServiceType.LOAD_BALANCER,
      ports,
      // Rendered when the chart is, so that ranges that depend on clusters added later count.
      loadBalancerSourceRanges: nodePort ? undefined : Lazy.any({ produce: () => this.sourceRanges(props) }) as unknown as string[],
    });
    for (const [key, value] of Object.entries(SELECTOR)) service.selectLabel(key, value);
    // No externalIPs: cdk8s-plus writes an empty list.
    ApiObject.of(service).addJsonPatch(JsonPatch.remove('/spec/externalIPs'));
    return service;
  }

  /** Who may reach the gateway: `_sourceRanges` when its cluster set it, else `props.sourceRanges`; none when unrestricted. */
  private sourceRanges(props: EastWestGatewayProps): string[] | undefined {
    const ranges = this._sourceRanges ? this._sourceRanges() : props.sourceRanges;
    return ranges && ranges.length > 0 ? [...ranges] : undefined;
  }

  /** A HorizontalPodAutoscaler on CPU. */
  private addAutoscaler(namespace: string, autoscaling: EastWestGatewayAutoscaling): void {
    new (plus().HorizontalPodAutoscaler)(this, 'Autoscaler', {
      metadata: { name: EAST_WEST_GATEWAY_NAME, namespace, labels: this.labels },
      target: this.deployment,
      minReplicas: autoscaling.minReplicas ?? 1,
      maxReplicas: autoscaling.maxReplicas ?? 5,
      metrics: [plus().Metric.resourceCpu(plus().MetricTarget.averageUtilization(autoscaling.targetCpuUtilizationPercent ?? 80))],
    });
  }
}

/** Throws the problems of an `EastWestGateway`'s scope, id and props: their types, then their values. */
function checkEastWestGateway(scope: Construct, id: string, props: EastWestGatewayProps): void {
  const owner = typeof id === 'string' ? `east-west gateway ${q(id)}` : 'east-west gateway';
  const shape = [
    ...scopeProblems(owner, scope, id, "new EastWestGateway(chart, 'EastWestGateway', { network, namespace, platform })"),
    ...eastWestGatewayShapeProblems(owner, props),
  ];
  if (shape.length > 0) throw new FederationError(shape);
  const values = [...eastWestGatewayProblems(owner, props, ''), ...gatewaySourceRangeProblems(owner, props.platform, props.sourceRanges)];
  if (values.length > 0) throw new FederationError(values);
}
