import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { k8s } from 'cdk8s-plus-27';
import { Construct, IConstruct } from 'constructs';
import { contributeToControlPlane } from '../core/control-plane-contribution';
import { FederationError } from '../core/errors';
import { isPlainObject, mergeInto } from '../core/merge';
import { dnsLabelProblem, dnsSubdomainProblem } from '../core/names';
import { addressProblem } from '../core/network';
import { q } from '../core/output';
import { renderUserObject } from '../core/user-objects';
import { Mesh } from '../federation/mesh';
import { ServiceMeshMemberRoll } from '../imports/maistra.io';
import {
  GatewayV1Beta1, GatewayV1Beta1SpecServersTlsMode, ServiceEntryV1Beta1, ServiceEntryV1Beta1SpecLocation,
  ServiceEntryV1Beta1SpecResolution,
} from '../imports/networking.istio.io';

const KNATIVE_SERVING = 'knative-serving';
const KNATIVE_EVENTING = 'knative-eventing';
const DEFAULT_NAMESPACE = 'istio-system';
const DEFAULT_CONTROL_PLANE_NAME = 'basic';
const INGRESS_GATEWAY_HOST_KEY = 'gateway.knative-serving.knative-ingress-gateway';
const LOCAL_GATEWAY_HOST_KEY = 'local-gateway.knative-serving.knative-local-gateway';
const INJECT = 'sidecar.istio.io/inject';
const REWRITE_PROBERS = 'sidecar.istio.io/rewriteAppHTTPProbers';
const PASSTHROUGH = 'serving.knative.openshift.io/enablePassthrough';
const DEFAULT_SERVING_WORKLOADS = ['activator', 'autoscaler'];
const DEFAULT_EVENTING_WORKLOADS = ['pingsource-mt-adapter', 'imc-dispatcher', 'mt-broker-ingress', 'mt-broker-filter'];

/** A TCP port of the Kafka cluster, listed in the Kafka ServiceEntry. */
export interface KafkaPort {
  /** Port number, e.g. 9092. */
  readonly number: number;
  /** Port name, unique in the ServiceEntry, e.g. `tcp-plain`. */
  readonly name: string;
}

/** Knative Kafka (`KnativeKafka`) and the ServiceEntry that lets the mesh reach the Kafka cluster. */
export interface KnativeKafkaOptions {
  /**
   * The Kafka bootstrap servers, each `host:port` (e.g. `my-cluster-kafka-bootstrap.kafka:9092`).
   * They are joined with `,` in the KnativeKafka; their hosts, without ports, are the hosts of the
   * ServiceEntry `kafka-cluster`.
   */
  readonly bootstrapServers: string[];

  /**
   * `spec.broker.defaultConfig.numPartitions`: partitions of the topics of new brokers.
   * @default 10
   */
  readonly numPartitions?: number;

  /**
   * `spec.broker.defaultConfig.replicationFactor`: replication factor of the topics of new brokers.
   * @default 3
   */
  readonly replicationFactor?: number;

  /**
   * Enable the Kafka channel (`spec.channel`).
   * @default true
   */
  readonly channel?: boolean;

  /**
   * Enable the Kafka source (`spec.source`).
   * @default true
   */
  readonly source?: boolean;

  /**
   * Enable the Kafka broker (`spec.broker`).
   * @default true
   */
  readonly broker?: boolean;

  /**
   * Enable the Kafka sink (`spec.sink`).
   * @default true
   */
  readonly sink?: boolean;

  /**
   * The TCP ports of the Kafka cluster, listed in the ServiceEntry (the ports its brokers listen
   * on, which depend on how the cluster is set up: plain, TLS, SASL...).
   * @default - one port per distinct port of `bootstrapServers`, named `tcp-<port>`
   */
  readonly ports?: KafkaPort[];
}

/** Props of a `ServerlessMeshIntegration`. */
export interface ServerlessMeshIntegrationProps {
  /**
   * Name of the Secret (in the mesh namespace) holding the wildcard certificate that the
   * `knative-ingress-gateway` serves on port 443 (`credentialName`).
   */
  readonly ingressCertificateSecret: string;

  /**
   * Application namespaces to add to the ServiceMeshMemberRoll, besides `knative-serving` and
   * `knative-eventing` (always members). More can be added with `addMemberNamespace()`.
   * @default - none
   */
  readonly memberNamespaces?: string[];

  /**
   * The control-plane namespace of a standalone mesh. Not allowed inside a `Mesh`, whose own
   * namespace is used.
   * @default 'istio-system' (or the Mesh's namespace)
   */
  readonly controlPlaneNamespace?: string;

  /**
   * Name of the ServiceMeshControlPlane of a standalone mesh. Not allowed inside a `Mesh`.
   * @default 'basic' (or the Mesh's control plane)
   */
  readonly controlPlaneName?: string;

  /**
   * The ServiceMeshControlPlane `spec` of a standalone mesh; the serverless settings are merged
   * into it, and a setting present on both sides with different values is an error. Not allowed
   * inside a `Mesh` (use the mesh's `controlPlaneSpec`).
   * @default { profiles: ['default'] }
   */
  readonly controlPlaneSpec?: { [key: string]: any };

  /**
   * The Knative Serving deployments that get the sidecar (`spec.deployments` of KnativeServing).
   * @default ['activator', 'autoscaler']
   */
  readonly servingWorkloads?: string[];

  /**
   * The Knative Eventing workloads that get the sidecar (`spec.workloads` of KnativeEventing).
   * @default ['pingsource-mt-adapter', 'imc-dispatcher', 'mt-broker-ingress', 'mt-broker-filter']
   */
  readonly eventingWorkloads?: string[];

  /**
   * More `spec.config` sections of KnativeServing (ConfigMap name without `config-`, then keys).
   * The `istio` gateway hosts the integration sets must not be given other values.
   * @default - only what the integration sets
   */
  readonly servingConfig?: { [section: string]: { [key: string]: string } };

  /**
   * More `spec.config` sections of KnativeEventing. `features.istio` must stay `enabled`.
   * @default - only what the integration sets
   */
  readonly eventingConfig?: { [section: string]: { [key: string]: string } };

  /**
   * Knative Kafka: adds the KnativeKafka and the Kafka ServiceEntry.
   * @default - no Knative Kafka
   */
  readonly kafka?: KnativeKafkaOptions;
}

/**
 * Prepares one mesh for OpenShift Serverless (Knative Serving, Eventing and, optionally, Kafka),
 * as the Service Mesh integration of OpenShift Serverless requires.
 *
 * Inside a `Mesh` of a federation (`new ServerlessMeshIntegration(mesh, 'Serverless', ...)`) its
 * control plane settings are merged into the mesh's ServiceMeshControlPlane, so a mesh can be both
 * federated and serverless. In any other Chart it emits its own ServiceMeshControlPlane
 * (`basic` in `istio-system` unless told otherwise).
 *
 * Every object lands in the chart that holds the construct (the mesh's cluster): the control plane
 * (standalone only), the ServiceMeshMemberRoll `default` and the Service `knative-local-gateway`
 * in the mesh namespace; the Gateways `knative-ingress-gateway` and `knative-local-gateway` and the
 * KnativeServing `knative-serving` in `knative-serving`; the KnativeEventing `knative-eventing`,
 * the KnativeKafka `knative-kafka` and the ServiceEntry `kafka-cluster` in `knative-eventing`.
 * API versions: `operator.knative.dev/v1beta1` (KnativeServing, KnativeEventing),
 * `operator.serverless.openshift.io/v1alpha1` (KnativeKafka), `networking.istio.io/v1beta1`
 * (Gateway, ServiceEntry: what OpenShift Service Mesh 2.x serves), `maistra.io/v1` and `v2`.
 *
 * At synth, all together: another Gateway of the chart binding port 443 with hosts `*`; the mesh
 * namespace as a member of its own member roll; a member listed twice; `config.istio` gateway
 * hosts that do not point at the mesh namespace; two integrations in one mesh; control plane
 * settings that conflict with the given spec.
 *
 * Construct ids: `ControlPlane` (standalone only), `MemberRoll`, `IngressGateway`, `LocalGateway`,
 * `LocalGatewayService`, `KnativeServing`, `KnativeEventing`, `KnativeKafka`, `KafkaServiceEntry`.
 */
export class ServerlessMeshIntegration extends Construct {
  /** The control-plane namespace of the mesh. */
  public readonly controlPlaneNamespace: string;
  /** The name of the mesh's ServiceMeshControlPlane. */
  public readonly controlPlaneName: string;
  /** The mesh's ServiceMeshControlPlane (the Mesh's own when inside a Mesh). */
  public readonly controlPlane: ApiObject;
  /** The ServiceMeshMemberRoll `default`. */
  public readonly memberRoll: ApiObject;
  /** The Gateway `knative-ingress-gateway` in `knative-serving`. */
  public readonly ingressGateway: ApiObject;
  /** The Gateway `knative-local-gateway` in `knative-serving`. */
  public readonly localGateway: ApiObject;
  /** The Service `knative-local-gateway` in the mesh namespace. */
  public readonly localGatewayService: ApiObject;
  /** The KnativeServing `knative-serving`. */
  public readonly knativeServing: ApiObject;
  /** The KnativeEventing `knative-eventing`. */
  public readonly knativeEventing: ApiObject;
  /**
   * The KnativeKafka `knative-kafka`.
   * @default - none without `kafka`
   */
  public readonly knativeKafka?: ApiObject;
  /**
   * The ServiceEntry `kafka-cluster`.
   * @default - none without `kafka`
   */
  public readonly kafkaServiceEntry?: ApiObject;

  private readonly where: string;
  private readonly members: string[] = [];
  private readonly declaredProblems: string[] = [];

  constructor(scope: Construct, id: string, props: ServerlessMeshIntegrationProps) {
    super(scope, id);
    // Not `instanceof`: every Chart passes `instanceof` of a Chart subclass (cdk8s's Symbol.hasInstance).
    const chart = Chart.of(this);
    const mesh = Mesh.prototype.isPrototypeOf(chart) ? chart as Mesh : undefined;
    this.controlPlaneNamespace = mesh?.controlPlaneNamespace ?? props.controlPlaneNamespace ?? DEFAULT_NAMESPACE;
    this.controlPlaneName = mesh?.controlPlaneName ?? props.controlPlaneName ?? DEFAULT_CONTROL_PLANE_NAME;
    this.where = `mesh ${q(mesh?.meshName ?? this.controlPlaneName)} (serverless)`;

    const problems = this.propProblems(props, mesh);
    if (problems.length > 0) {
      throw new FederationError(problems);
    }
    const ns = this.controlPlaneNamespace;

    if (mesh) {
      contributeToControlPlane(this, { owner: `the serverless integration ${q(this.node.path)}`, settings: controlPlaneSettings() });
      this.controlPlane = mesh.controlPlane;
    } else {
      const base = props.controlPlaneSpec ?? { profiles: ['default'] };
      const spec = mergeInto(base, controlPlaneSettings(), (path, baseValue, value) => {
        this.declaredProblems.push(`${this.where}: controlPlaneSpec sets ${path} to ${q(baseValue)} but OpenShift Serverless needs ${q(value)}. Fix: remove ${path} from controlPlaneSpec, or set it to ${q(value)}`);
      });
      this.controlPlane = new ApiObject(this, 'ControlPlane', {
        apiVersion: 'maistra.io/v2',
        kind: 'ServiceMeshControlPlane',
        metadata: { name: this.controlPlaneName, namespace: ns },
        spec,
      });
    }

    this.memberRoll = new ServiceMeshMemberRoll(this, 'MemberRoll', {
      metadata: { name: 'default', namespace: ns },
      spec: { members: Lazy.any({ produce: () => this.memberNamespaces }) },
    });
    for (const member of props.memberNamespaces ?? []) this.members.push(member);

    const selector = { knative: 'ingressgateway' };
    this.ingressGateway = new GatewayV1Beta1(this, 'IngressGateway', {
      metadata: { name: 'knative-ingress-gateway', namespace: KNATIVE_SERVING },
      spec: {
        selector,
        servers: [{
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['*'],
          tls: { mode: GatewayV1Beta1SpecServersTlsMode.SIMPLE, credentialName: props.ingressCertificateSecret },
        }],
      },
    });
    this.localGateway = new GatewayV1Beta1(this, 'LocalGateway', {
      metadata: { name: 'knative-local-gateway', namespace: KNATIVE_SERVING },
      spec: {
        selector,
        servers: [{
          port: { number: 8081, name: 'https', protocol: 'HTTPS' },
          tls: { mode: GatewayV1Beta1SpecServersTlsMode.ISTIO_UNDERSCORE_MUTUAL },
          hosts: ['*'],
        }],
      },
    });
    this.localGatewayService = new k8s.KubeService(this, 'LocalGatewayService', {
      metadata: {
        name: 'knative-local-gateway',
        namespace: ns,
        labels: { 'experimental.istio.io/disable-gateway-port-translation': 'true' },
      },
      spec: {
        type: 'ClusterIP',
        selector: { istio: 'ingressgateway' },
        ports: [{ name: 'http2', port: 80, targetPort: k8s.IntOrString.fromNumber(8081) }],
      },
    });

    const servingConfig = this.servingConfig(props.servingConfig);
    this.knativeServing = new ApiObject(this, 'KnativeServing', {
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeServing',
      metadata: { name: KNATIVE_SERVING, namespace: KNATIVE_SERVING },
      spec: {
        ingress: { istio: { enabled: true } },
        deployments: (props.servingWorkloads ?? DEFAULT_SERVING_WORKLOADS).map(injected),
        config: Object.keys(servingConfig).length > 0 ? servingConfig : undefined,
      },
    });

    const eventingConfig = mergeInto(props.eventingConfig ?? {}, { features: { istio: 'enabled' } }, (path, baseValue, value) => {
      this.declaredProblems.push(`${this.where}: eventingConfig sets ${path} to ${q(baseValue)}, but Knative Eventing in the mesh needs ${q(value)}. Fix: remove it from eventingConfig`);
    }, 'eventingConfig');
    this.knativeEventing = new ApiObject(this, 'KnativeEventing', {
      apiVersion: 'operator.knative.dev/v1beta1',
      kind: 'KnativeEventing',
      metadata: { name: KNATIVE_EVENTING, namespace: KNATIVE_EVENTING },
      spec: {
        config: eventingConfig,
        workloads: (props.eventingWorkloads ?? DEFAULT_EVENTING_WORKLOADS).map(injected),
      },
    });

    if (props.kafka) {
      const kafka = props.kafka;
      const servers = kafka.bootstrapServers.join(',');
      const on = {
        channel: kafka.channel ?? true, source: kafka.source ?? true, broker: kafka.broker ?? true, sink: kafka.sink ?? true,
      };
      const workloads = [
        'kafka-controller',
        ...(on.broker ? ['kafka-broker-receiver', 'kafka-broker-dispatcher'] : []),
        ...(on.channel ? ['kafka-channel-receiver', 'kafka-channel-dispatcher'] : []),
        ...(on.source ? ['kafka-source-dispatcher'] : []),
        ...(on.sink ? ['kafka-sink-receiver'] : []),
      ];
      this.knativeKafka = new ApiObject(this, 'KnativeKafka', {
        apiVersion: 'operator.serverless.openshift.io/v1alpha1',
        kind: 'KnativeKafka',
        metadata: { name: 'knative-kafka', namespace: KNATIVE_EVENTING },
        spec: {
          channel: on.channel ? { enabled: true, bootstrapServers: servers } : { enabled: false },
          source: { enabled: on.source },
          broker: on.broker
            ? {
              enabled: true,
              defaultConfig: { bootstrapServers: servers, numPartitions: kafka.numPartitions ?? 10, replicationFactor: kafka.replicationFactor ?? 3 },
            }
            : { enabled: false },
          sink: { enabled: on.sink },
          workloads: workloads.map(injected),
        },
      });
      const parsed = kafka.bootstrapServers.map(parseServer);
      const hosts = [...new Set(parsed.map(p => p!.host))];
      const ports = kafka.ports ?? [...new Set(parsed.map(p => p!.port))].sort((a, b) => a - b).map(n => ({ number: n, name: `tcp-${n}` }));
      this.kafkaServiceEntry = new ServiceEntryV1Beta1(this, 'KafkaServiceEntry', {
        metadata: { name: 'kafka-cluster', namespace: KNATIVE_EVENTING },
        spec: {
          hosts,
          exportTo: ['.'],
          ports: ports.map(p => ({ number: p.number, name: p.name, protocol: 'TCP' })),
          location: ServiceEntryV1Beta1SpecLocation.MESH_UNDERSCORE_EXTERNAL,
          resolution: ServiceEntryV1Beta1SpecResolution.NONE,
        },
      });
    }

    this.node.addValidation({
      validate: () => {
        const found = this.synthProblems();
        if (found.length > 0) {
          // Thrown rather than returned, so that synth fails with one FederationError, as the
          // federation's own checks do.
          throw new FederationError(found);
        }
        return [];
      },
    });
  }

  /** The members of the ServiceMeshMemberRoll: `knative-serving`, `knative-eventing`, then the application namespaces, sorted. */
  public get memberNamespaces(): string[] {
    return [KNATIVE_SERVING, KNATIVE_EVENTING, ...[...this.members].sort()];
  }

  /** Adds an application namespace to the ServiceMeshMemberRoll. */
  public addMemberNamespace(namespace: string): void {
    const p = namespaceProblem(this.where, 'addMemberNamespace()', namespace);
    if (p) throw new FederationError([p]);
    this.members.push(namespace);
  }

  private propProblems(props: ServerlessMeshIntegrationProps, mesh: Mesh | undefined): string[] {
    const problems: string[] = [];
    const w = this.where;
    if (mesh) {
      for (const prop of ['controlPlaneNamespace', 'controlPlaneName', 'controlPlaneSpec'] as const) {
        if (props[prop] !== undefined) {
          problems.push(`${w}: ${prop} is set, but inside mesh ${q(mesh.meshName)} the control plane is the mesh's own. Fix: remove ${prop} (set it on the mesh instead)`);
        }
      }
    } else {
      for (const [prop, value] of [['controlPlaneNamespace', props.controlPlaneNamespace], ['controlPlaneName', props.controlPlaneName]] as const) {
        const p = value === undefined ? undefined : dnsLabelProblem(String(value));
        if (p) problems.push(`${w}: ${prop} ${q(value)} ${p}. Fix: use a name like '${prop === 'controlPlaneName' ? DEFAULT_CONTROL_PLANE_NAME : DEFAULT_NAMESPACE}'`);
      }
      if (props.controlPlaneSpec !== undefined && !isPlainObject(props.controlPlaneSpec)) {
        problems.push(`${w}: controlPlaneSpec must be an object (the 'spec' of a ServiceMeshControlPlane), not ${q(props.controlPlaneSpec)}. Fix: pass the spec object itself`);
      }
    }
    const secret = props.ingressCertificateSecret;
    if (typeof secret !== 'string' || dnsSubdomainProblem(secret) !== undefined) {
      problems.push(`${w}: ingressCertificateSecret ${q(secret)} is not a Secret name (a DNS subdomain). Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`);
    }
    for (const member of props.memberNamespaces ?? []) {
      const p = namespaceProblem(w, 'memberNamespaces', member);
      if (p) problems.push(p);
    }
    for (const [prop, list] of [['servingWorkloads', props.servingWorkloads], ['eventingWorkloads', props.eventingWorkloads]] as const) {
      for (const name of list ?? []) {
        const p = dnsLabelProblem(String(name));
        if (p) problems.push(`${w}: ${prop} has ${q(name)}, which ${p}. Fix: use the name of a Knative deployment, e.g. '${prop === 'servingWorkloads' ? 'activator' : 'imc-dispatcher'}'`);
      }
    }
    for (const [prop, config] of [['servingConfig', props.servingConfig], ['eventingConfig', props.eventingConfig]] as const) {
      for (const [section, values] of Object.entries(config ?? {})) {
        if (!isPlainObject(values) || Object.values(values).some(v => typeof v !== 'string')) {
          problems.push(`${w}: ${prop}.${section} must map keys to strings (a Knative ConfigMap's data), not ${q(values)}. Fix: quote the values, e.g. { 'enable-feature': 'true' }`);
        }
      }
    }
    if (props.kafka) problems.push(...kafkaProblems(w, props.kafka));
    return problems;
  }

  /** KnativeServing `spec.config`: the user's sections with the gateway hosts in `istio` when the mesh is not in istio-system. */
  private servingConfig(user: { [section: string]: { [key: string]: string } } | undefined): Record<string, any> {
    const ns = this.controlPlaneNamespace;
    const expected: Record<string, string> = {
      [INGRESS_GATEWAY_HOST_KEY]: `istio-ingressgateway.${ns}.svc.cluster.local`,
      [LOCAL_GATEWAY_HOST_KEY]: `knative-local-gateway.${ns}.svc.cluster.local`,
    };
    const given = user?.istio ?? {};
    for (const [key, value] of Object.entries(expected)) {
      if (given[key] !== undefined && given[key] !== value) {
        this.declaredProblems.push(`${this.where}: servingConfig.istio['${key}'] is ${q(given[key])}, but the mesh's gateways are in ${q(ns)}, so Knative would route to a gateway of another mesh or none. Fix: set it to ${q(value)}, or remove it (the integration sets it)`);
      }
    }
    if (ns === DEFAULT_NAMESPACE) {
      return { ...user };
    }
    return { ...user, istio: { ...given, ...expected } };
  }

  private synthProblems(): string[] {
    const problems = [...this.declaredProblems];
    const w = this.where;
    const ns = this.controlPlaneNamespace;
    const seen = new Set<string>();
    for (const member of [KNATIVE_SERVING, KNATIVE_EVENTING, ...this.members]) {
      if (member === ns) {
        problems.push(`${w}: the member roll lists ${q(member)}, the mesh's own control plane namespace; the member roll webhook refuses it. Fix: remove ${q(member)} from memberNamespaces${member === KNATIVE_SERVING || member === KNATIVE_EVENTING ? ', and run the control plane in a namespace of its own' : ''}`);
      } else if (seen.has(member)) {
        problems.push(`${w}: the member roll lists ${q(member)} twice${member === KNATIVE_SERVING || member === KNATIVE_EVENTING ? ` (${q(member)} is always a member)` : ''}; the member roll webhook refuses duplicates. Fix: list each namespace once`);
      }
      seen.add(member);
    }
    const chart = Chart.of(this);
    const others = chart.node.findAll().filter(c => c instanceof ServerlessMeshIntegration && c !== this) as ServerlessMeshIntegration[];
    const twin = others.find(o => o.controlPlaneNamespace === ns);
    if (twin) {
      problems.push(`${w}: ${q(twin.node.path)} also integrates OpenShift Serverless with the mesh in ${q(ns)}; a mesh has one member roll 'default' and one set of Knative gateways. Fix: keep one ServerlessMeshIntegration per mesh and add namespaces with addMemberNamespace()`);
    }
    // Knative's own gateways (of this integration, or of another one, reported above when it is of
    // the same mesh) are not the conflict the docs check for.
    const knative = new Set<IConstruct>([this, ...others].flatMap(i => [i.ingressGateway, i.localGateway]));
    for (const gateway of chart.node.findAll()) {
      if (!(gateway instanceof ApiObject) || knative.has(gateway)) continue;
      if (gateway.kind !== 'Gateway' || !gateway.apiVersion.startsWith('networking.istio.io/')) continue;
      const json = renderUserObject(gateway);
      const binds = (json.spec?.servers ?? []).some((s: any) => s?.port?.number === 443
        && (s.hosts ?? []).some((h: unknown) => typeof h === 'string' && h.split('/').pop() === '*'));
      if (binds) {
        problems.push(`${w}: the Gateway ${q(`${json.metadata?.namespace ?? chart.namespace ?? 'default'}/${json.metadata?.name}`)} binds port 443 with hosts '*', as knative-serving/knative-ingress-gateway does; only one Gateway per mesh may, so Knative Services would not be reachable. Fix: give that Gateway specific hosts or another port, or run OpenShift Serverless in a mesh of its own`);
      }
    }
    return problems;
  }
}

/** Props of a `KnativeService`. */
export interface KnativeServiceProps {
  /** The Service name. */
  readonly name: string;
  /** The container image. */
  readonly image: string;
  /**
   * The namespace (a member of the mesh).
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Environment variables of the container.
   * @default - none
   */
  readonly env?: { [name: string]: string };
  /**
   * The port the container listens on.
   * @default - Knative's default, 8080 (passed in $PORT)
   */
  readonly port?: number;
}

/**
 * A Knative Service (`serving.knative.dev/v1`) that runs in the mesh: it carries
 * `serving.knative.openshift.io/enablePassthrough: "true"` and, on its revision template,
 * `sidecar.istio.io/inject: "true"` and `sidecar.istio.io/rewriteAppHTTPProbers: "true"`.
 * For a Knative Service defined another way, use `KnativeService.addMeshAnnotations()`.
 *
 * Construct id of the object: `Resource` (also `node.defaultChild`).
 */
export class KnativeService extends Construct {
  /**
   * Adds the passthrough and sidecar annotations to a Knative Service ApiObject defined elsewhere
   * (`metadata.annotations` and `spec.template.metadata.annotations`). Call it once the object's
   * spec is set. A different value already there is an error, never overwritten; at synth the
   * annotations are checked again.
   */
  public static addMeshAnnotations(service: ApiObject): void {
    const where = `Knative Service ${q(`${service.metadata.namespace ?? Chart.of(service).namespace ?? 'default'}/${service.name}`)}`;
    if (service.kind !== 'Service' || service.apiVersion !== 'serving.knative.dev/v1') {
      throw new FederationError([`${where}: is a ${service.apiVersion} ${service.kind}, not a Knative Service (serving.knative.dev/v1 Service). Fix: pass the Knative Service's ApiObject`]);
    }
    const json = renderUserObject(service);
    const problems = meshAnnotationProblems(where, json, true);
    if (problems.length > 0) throw new FederationError(problems);

    if (json.metadata?.annotations?.[PASSTHROUGH] === undefined) {
      service.metadata.addAnnotation(PASSTHROUGH, 'true');
    }
    const wanted = { [INJECT]: 'true', [REWRITE_PROBERS]: 'true' };
    const spec = json.spec;
    if (!isPlainObject(spec)) {
      service.addJsonPatch(JsonPatch.add('/spec', { template: { metadata: { annotations: wanted } } }));
    } else if (!isPlainObject(spec.template)) {
      service.addJsonPatch(JsonPatch.add('/spec/template', { metadata: { annotations: wanted } }));
    } else if (!isPlainObject(spec.template.metadata)) {
      service.addJsonPatch(JsonPatch.add('/spec/template/metadata', { annotations: wanted }));
    } else if (!isPlainObject(spec.template.metadata.annotations)) {
      service.addJsonPatch(JsonPatch.add('/spec/template/metadata/annotations', wanted));
    } else {
      for (const [key, value] of Object.entries(wanted)) {
        if (spec.template.metadata.annotations[key] === undefined) {
          service.addJsonPatch(JsonPatch.add(`/spec/template/metadata/annotations/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, value));
        }
      }
    }
    if (!CHECKED.has(service)) {
      CHECKED.add(service);
      service.node.addValidation({
        validate: () => {
          const found = meshAnnotationProblems(where, renderUserObject(service), false);
          if (found.length > 0) throw new FederationError(found);
          return [];
        },
      });
    }
  }

  /** The Knative Service object (escape hatch). */
  public readonly resource: ApiObject;
  /** The Service name. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: KnativeServiceProps) {
    super(scope, id);
    const where = `Knative Service ${q(props.name)}`;
    const problems: string[] = [];
    const nameProblem = typeof props.name === 'string' ? dnsLabelProblem(props.name) : 'is not a string';
    if (nameProblem) problems.push(`${where}: name ${nameProblem}. Fix: use a name like 'hello'`);
    if (props.namespace !== undefined) {
      const p = namespaceProblem(where, 'namespace', props.namespace);
      if (p) problems.push(p);
    }
    if (typeof props.image !== 'string' || props.image.length === 0 || /\s/.test(props.image)) {
      problems.push(`${where}: image ${q(props.image)} is not an image reference. Fix: use e.g. 'quay.io/openshift-knative/helloworld-go:latest'`);
    }
    if (props.port !== undefined && !validPort(props.port)) {
      problems.push(`${where}: port ${q(props.port)} is not a port number (1-65535). Fix: use the port the container listens on, e.g. 8080`);
    }
    if (problems.length > 0) throw new FederationError(problems);

    this.name = props.name;
    const env = Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value }));
    this.resource = new ApiObject(this, 'Resource', {
      apiVersion: 'serving.knative.dev/v1',
      kind: 'Service',
      metadata: { name: props.name, namespace: props.namespace, annotations: { [PASSTHROUGH]: 'true' } },
      spec: {
        template: {
          metadata: { annotations: { [INJECT]: 'true', [REWRITE_PROBERS]: 'true' } },
          spec: {
            containers: [{
              image: props.image,
              env: env.length > 0 ? env : undefined,
              ports: props.port !== undefined ? [{ containerPort: props.port }] : undefined,
            }],
          },
        },
      },
    });
  }
}

const CHECKED = new WeakSet<IConstruct>();

/** The SMCP settings OpenShift Serverless needs. */
function controlPlaneSettings(): Record<string, any> {
  return {
    security: { dataPlane: { mtls: true } },
    techPreview: { meshConfig: { defaultConfig: { terminationDrainDuration: '35s' } } },
    gateways: { ingress: { service: { metadata: { labels: { knative: 'ingressgateway' } } } } },
    proxy: { networking: { trafficControl: { inbound: { excludedPorts: [8444, 8022] } } } },
  };
}

/** A workload entry with the sidecar injected. */
function injected(name: string): Record<string, any> {
  return { name, labels: { [INJECT]: 'true' }, annotations: { [REWRITE_PROBERS]: 'true' } };
}

function namespaceProblem(where: string, prop: string, value: unknown): string | undefined {
  const p = typeof value === 'string' ? dnsLabelProblem(value) : 'is not a string';
  return p ? `${where}: ${prop} has ${q(value)}, which ${p}. Fix: use a namespace name like 'my-app'` : undefined;
}

function validPort(port: unknown): boolean {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/** `host:port` (IPv6 in brackets) split, or undefined when it is not one. */
function parseServer(server: string): { host: string; port: number } | undefined {
  const m = /^(\[[0-9a-fA-F:.]+\]|[^:\s]+):([0-9]{1,5})$/.exec(server);
  if (!m) return undefined;
  return { host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
}

function kafkaProblems(w: string, kafka: KnativeKafkaOptions): string[] {
  const problems: string[] = [];
  const servers = Array.isArray(kafka.bootstrapServers) ? kafka.bootstrapServers : [];
  if (servers.length === 0) {
    problems.push(`${w}: kafka.bootstrapServers is ${Array.isArray(kafka.bootstrapServers) ? 'empty' : q(kafka.bootstrapServers)}. Fix: list the Kafka bootstrap servers as 'host:port', e.g. ['my-cluster-kafka-bootstrap.kafka:9092']`);
  }
  for (const server of servers) {
    const parsed = typeof server === 'string' ? parseServer(server) : undefined;
    if (!parsed || !validPort(parsed.port)) {
      problems.push(`${w}: kafka.bootstrapServers has ${q(server)}, which is not 'host:port'. Fix: write it like 'my-cluster-kafka-bootstrap.kafka:9092'`);
      continue;
    }
    const p = addressProblem(parsed.host);
    if (p) problems.push(`${w}: kafka.bootstrapServers has ${q(server)}, whose host ${p}. Fix: use the bootstrap host name or IP`);
  }
  for (const prop of ['numPartitions', 'replicationFactor'] as const) {
    const value = kafka[prop];
    if (value !== undefined && !(Number.isInteger(value) && value > 0 && value < 2 ** 31)) {
      problems.push(`${w}: kafka.${prop} is ${q(value)}; it must be a positive whole number. Fix: use e.g. ${prop === 'numPartitions' ? 10 : 3}`);
    }
  }
  const names = new Set<string>();
  const numbers = new Set<number>();
  if (kafka.ports !== undefined && !Array.isArray(kafka.ports)) {
    problems.push(`${w}: kafka.ports is ${q(kafka.ports)}, not a list. Fix: list the TCP ports, e.g. [{ number: 9092, name: 'tcp-plain' }]`);
    return problems;
  }
  for (const port of kafka.ports ?? []) {
    if (!validPort(port.number)) {
      problems.push(`${w}: kafka.ports has the port number ${q(port.number)}, which is not 1-65535. Fix: list the TCP ports the Kafka brokers listen on, e.g. 9092`);
    } else if (numbers.has(port.number)) {
      problems.push(`${w}: kafka.ports lists port ${port.number} twice; the ServiceEntry refuses it. Fix: list each port once`);
    }
    const p = typeof port.name === 'string' ? dnsLabelProblem(port.name) : 'is not a string';
    if (p) {
      problems.push(`${w}: kafka.ports name ${q(port.name)} ${p}. Fix: use a name like 'tcp-plain'`);
    } else if (names.has(port.name)) {
      problems.push(`${w}: kafka.ports has the name ${q(port.name)} twice; ServiceEntry port names must be unique. Fix: give each port its own name, e.g. '${port.name}-${port.number}'`);
    }
    names.add(port.name);
    numbers.add(port.number);
  }
  if (kafka.ports !== undefined && kafka.ports.length === 0) {
    problems.push(`${w}: kafka.ports is empty, so the mesh could not reach the Kafka cluster. Fix: list its TCP ports, or leave ports out to take those of bootstrapServers`);
  }
  return problems;
}

/** Problems of a Knative Service's annotations; `absentOk` when they may still be added. */
function meshAnnotationProblems(where: string, json: any, absentOk: boolean): string[] {
  const problems: string[] = [];
  const check = (path: string, actual: unknown) => {
    if (actual === 'true' || (absentOk && actual === undefined)) return;
    problems.push(`${where}: ${path} is ${actual === undefined ? 'not set' : q(actual)}, but a Knative Service in the mesh needs "true". Fix: ${actual === undefined ? 'call KnativeService.addMeshAnnotations() after the spec is set' : 'remove it or set it to "true"'}`);
  };
  check(`metadata.annotations['${PASSTHROUGH}']`, json?.metadata?.annotations?.[PASSTHROUGH]);
  const template = json?.spec?.template?.metadata?.annotations;
  check(`spec.template.metadata.annotations['${INJECT}']`, template?.[INJECT]);
  check(`spec.template.metadata.annotations['${REWRITE_PROBERS}']`, template?.[REWRITE_PROBERS]);
  return problems;
}
