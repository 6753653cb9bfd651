import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { declarationProblems, memberProblems, namespaceProblem, twinProblem, wildcardGatewayProblems } from './checks';
import {
  DEFAULT_CONTROL_PLANE_NAME, DEFAULT_EVENTING_WORKLOADS, DEFAULT_NAMESPACE, DEFAULT_SERVING_WORKLOADS, KNATIVE_EVENTING, KNATIVE_SERVING,
} from './constants';
import { controlPlaneSettings, memberRollMembers, standaloneControlPlaneSpec } from './control-plane';
import { addKnativeGateways } from './gateways';
import { addKafka, kafkaProblems } from './kafka';
import { eventingConfig, knativeEventingObject, knativeServingObject, servingConfig } from './knative-operators';
import { ServerlessMeshIntegrationProps } from './serverless-mesh-integration-props';
import { chartOf, checkIntegrationShape, ownValue, scopeProblems } from './shape';
import { contributeToControlPlane } from '../core/control-plane-contribution';
import { FederationError } from '../core/errors';
import { guardValue } from '../core/guards';
import { isPlainObject } from '../core/merge';
import { q } from '../core/output';
import { renderUserObject } from '../core/user-objects';
import { resolvePrerequisites } from '../federation/membership';
import { Mesh } from '../federation/mesh';
import { controlPlaneNamespaceObject } from '../federation/render';
import { ServiceMeshMemberRoll } from '../imports/maistra.io';

/**
 * Prepares one mesh for OpenShift Serverless (Knative Serving, Eventing and, optionally, Kafka),
 * as the Service Mesh integration of OpenShift Serverless requires.
 *
 * Inside a `Mesh` of a federation (`new ServerlessMeshIntegration(mesh, 'Serverless', ...)`) its
 * control plane settings are merged into the mesh's ServiceMeshControlPlane, so a mesh can be both
 * federated and serverless. In any other Chart it emits its own ServiceMeshControlPlane
 * (`basic` in `istio-system` unless told otherwise).
 *
 * Inside a `Mesh` its member namespaces (`knative-serving`, `knative-eventing`, then the
 * application namespaces) join the mesh's own ServiceMeshMemberRoll `default`, one roll per control
 * plane: Knative's first, then every other member sorted, each once (none when the mesh's
 * `prerequisites` leave the roll out; its manual steps then list them).
 *
 * Every object lands in the chart that holds the construct (the mesh's cluster): standalone only,
 * the Namespace of the mesh (unless `prerequisites.namespaces` is false), the control plane and the
 * ServiceMeshMemberRoll `default` (unless `prerequisites.memberRoll` is false) in it; the Service
 * `knative-local-gateway` in the mesh namespace; the Gateways `knative-ingress-gateway` and `knative-local-gateway` and the
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
 * Construct ids: `Namespace`, `ControlPlane` and `MemberRoll` (standalone only), `IngressGateway`, `LocalGateway`,
 * `LocalGatewayService`, `KnativeServing`, `KnativeEventing`, `KnativeKafka`, `KafkaServiceEntry`.
 */
export class ServerlessMeshIntegration extends Construct {
  /** The control-plane namespace of the mesh. */
  public readonly controlPlaneNamespace: string;
  /** The name of the mesh's ServiceMeshControlPlane. */
  public readonly controlPlaneName: string;
  /** The mesh's ServiceMeshControlPlane (the Mesh's own when inside a Mesh). */
  public readonly controlPlane: ApiObject;
  /**
   * The ServiceMeshMemberRoll `default` (the Mesh's own when inside a Mesh).
   * @default - none when the `prerequisites` (the Mesh's, inside a Mesh) leave the member roll out
   */
  public readonly memberRoll?: ApiObject;
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
  private readonly mesh?: Mesh;
  private readonly members: string[] = [];
  private readonly declaredProblems: string[] = [];

  constructor(scope: Construct, id: string, props: ServerlessMeshIntegrationProps) {
    // Every check runs before the construct joins the tree: a refused declaration leaves nothing behind.
    const { mesh, where, problems, checked } = checkDeclaration(scope, id, props);
    if (problems.length > 0) {
      throw new FederationError(problems);
    }
    super(scope, id);
    props = checked;
    this.controlPlaneNamespace = mesh?.controlPlaneNamespace ?? props.controlPlaneNamespace ?? DEFAULT_NAMESPACE;
    this.controlPlaneName = mesh?.controlPlaneName ?? props.controlPlaneName ?? DEFAULT_CONTROL_PLANE_NAME;
    this.where = where;

    this.mesh = mesh;
    this.controlPlane = mesh ? this.joinMeshControlPlane(mesh) : this.addControlPlane(props.controlPlaneSpec);
    this.memberRoll = mesh ? this.joinMeshMemberRoll(mesh) : this.addStandalonePrerequisites(props);
    this.addMembers(props.memberNamespaces ?? []);

    const gateways = addKnativeGateways(this, props.ingressCertificateSecret, this.controlPlaneNamespace);
    this.ingressGateway = gateways.ingressGateway;
    this.localGateway = gateways.localGateway;
    this.localGatewayService = gateways.localGatewayService;
    this.knativeServing = this.addKnativeServing(props);
    this.knativeEventing = this.addKnativeEventing(props);
    const kafka = props.kafka ? addKafka(this, props.kafka) : undefined;
    this.knativeKafka = kafka?.knativeKafka;
    this.kafkaServiceEntry = kafka?.serviceEntry;

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

  /**
   * The members of the ServiceMeshMemberRoll: `knative-serving`, `knative-eventing`, then the
   * application namespaces, sorted (inside a Mesh, with the mesh's own members among them).
   */
  public get memberNamespaces(): string[] {
    return this.mesh ? this.mesh.memberNamespaces : memberRollMembers(this.members);
  }

  /** Adds an application namespace to the ServiceMeshMemberRoll. */
  public addMemberNamespace(namespace: string): void {
    guardValue(this.where, 'addMemberNamespace() namespace', namespace, { kind: 'string', required: true, fix: "pass a namespace name like 'my-app'" });
    const p = namespaceProblem(this.where, 'addMemberNamespace()', namespace);
    if (p) throw new FederationError([p]);
    this.addMembers([namespace]);
  }

  /** Application namespaces, kept for the checks and, inside a Mesh, declared as the mesh's members. */
  private addMembers(namespaces: string[]): void {
    this.members.push(...namespaces);
    this.mesh?._addMemberNamespaces(this.owner, namespaces, false);
  }

  /** Who needs the settings and members, in the mesh's messages. */
  private get owner(): string {
    return `the serverless integration ${q(this.node.path)}`;
  }

  /** Inside a Mesh: Knative's namespaces lead the mesh's member roll, which is returned (if the mesh emits one). */
  private joinMeshMemberRoll(mesh: Mesh): ApiObject | undefined {
    mesh._addMemberNamespaces(this.owner, [KNATIVE_SERVING, KNATIVE_EVENTING], true);
    return mesh.memberRoll;
  }

  /** Inside a Mesh: marks the serverless settings for the mesh's control plane, which is returned. */
  private joinMeshControlPlane(mesh: Mesh): ApiObject {
    contributeToControlPlane(this, { owner: this.owner, settings: controlPlaneSettings() });
    return mesh.controlPlane;
  }

  /** Standalone: the mesh's own ServiceMeshControlPlane, the given spec with the serverless settings. */
  private addControlPlane(given: Record<string, any> | undefined): ApiObject {
    const { spec, problems } = standaloneControlPlaneSpec(this.where, given);
    this.declaredProblems.push(...problems);
    return new ApiObject(this, 'ControlPlane', {
      apiVersion: 'maistra.io/v2',
      kind: 'ServiceMeshControlPlane',
      metadata: { name: this.controlPlaneName, namespace: this.controlPlaneNamespace },
      spec,
    });
  }

  /**
   * Standalone: the control-plane Namespace (no labels, as a federated mesh's) and the member roll,
   * as `prerequisites` say; returns the roll.
   */
  private addStandalonePrerequisites(props: ServerlessMeshIntegrationProps): ApiObject | undefined {
    const prerequisites = resolvePrerequisites(props.prerequisites, undefined);
    if (prerequisites.namespaces) {
      const namespace = new ApiObject(this, 'Namespace', controlPlaneNamespaceObject(this.controlPlaneNamespace));
      // A Namespace is cluster-scoped: it must not carry the chart's namespace, if the chart has one.
      if (namespace.metadata.namespace !== undefined) namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    if (!prerequisites.memberRoll) return undefined;
    return new ServiceMeshMemberRoll(this, 'MemberRoll', {
      metadata: { name: 'default', namespace: this.controlPlaneNamespace },
      spec: { members: Lazy.any({ produce: () => this.memberNamespaces }) },
    });
  }

  /** The KnativeServing, its config pointing Knative at the mesh's gateways. */
  private addKnativeServing(props: ServerlessMeshIntegrationProps): ApiObject {
    const { config, problems } = servingConfig(this.where, this.controlPlaneNamespace, props.servingConfig);
    this.declaredProblems.push(...problems);
    return new ApiObject(this, 'KnativeServing', knativeServingObject(props.servingWorkloads ?? DEFAULT_SERVING_WORKLOADS, config));
  }

  /** The KnativeEventing, its config with the istio feature enabled. */
  private addKnativeEventing(props: ServerlessMeshIntegrationProps): ApiObject {
    const { config, problems } = eventingConfig(this.where, props.eventingConfig);
    this.declaredProblems.push(...problems);
    return new ApiObject(this, 'KnativeEventing', knativeEventingObject(props.eventingWorkloads ?? DEFAULT_EVENTING_WORKLOADS, config));
  }

  /** The problems only the whole chart shows, after the declared ones. */
  private synthProblems(): string[] {
    const chart = Chart.of(this);
    const ns = this.controlPlaneNamespace;
    const others = chart.node.findAll().filter(c => c instanceof ServerlessMeshIntegration && c !== this) as ServerlessMeshIntegration[];
    const twin = others.find(o => o.controlPlaneNamespace === ns);
    return [
      ...this.declaredProblems,
      ...memberProblems(this.where, ns, this.members),
      ...(twin ? [twinProblem(this.where, twin.node.path, ns)] : []),
      ...wildcardGatewayProblems(this.where, userGateways(chart, [this, ...others]), chart.namespace),
    ];
  }
}

/** What the constructor checks before the construct joins the tree. */
interface CheckedDeclaration {
  readonly mesh?: Mesh;
  readonly where: string;
  readonly problems: string[];
  /** The props, without those of the wrong type (when there are problems). */
  readonly checked: ServerlessMeshIntegrationProps;
}

/**
 * All problems of a declaration, together: the scope and id, the types of the props, then the
 * values of those of the right type. Nothing is added to the tree.
 */
function checkDeclaration(scope: unknown, id: unknown, props: unknown): CheckedDeclaration {
  const given = isPlainObject(props) ? ownValue(props, 'controlPlaneName') : undefined;
  const standaloneName = typeof given === 'string' ? given : DEFAULT_CONTROL_PLANE_NAME;
  const chart = chartOf(scope);
  // Not `instanceof`: every Chart passes `instanceof` of a Chart subclass (cdk8s's Symbol.hasInstance).
  const mesh = chart !== undefined && Mesh.prototype.isPrototypeOf(chart) ? chart as Mesh : undefined;
  const where = `mesh ${q(mesh?.meshName ?? standaloneName)} (serverless)`;
  const shape = checkIntegrationShape<ServerlessMeshIntegrationProps>(where, props);
  const checked = shape.props ?? { ingressCertificateSecret: '' };
  const problems = [...scopeProblems(where, 'ServerlessMeshIntegration', scope, id), ...shape.problems];
  if (shape.props !== undefined) {
    problems.push(...declarationProblems(where, checked, mesh?.meshName), ...(checked.kafka ? kafkaProblems(where, checked.kafka) : []));
  }
  return { mesh, where, problems, checked };
}

/**
 * The JSON of the Istio Gateways of `chart` that none of `integrations` built. Knative's own
 * gateways (of this integration, or of another one, reported when it is of the same mesh) are
 * known to bind port 443 with hosts `*`, and are not the conflict the docs check for.
 */
function userGateways(chart: Chart, integrations: ServerlessMeshIntegration[]): any[] {
  const knative = new Set<IConstruct>(integrations.flatMap(i => [i.ingressGateway, i.localGateway]));
  return chart.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && !knative.has(c))
    .filter(gateway => gateway.kind === 'Gateway' && gateway.apiVersion.startsWith('networking.istio.io/'))
    .map(gateway => renderUserObject(gateway));
}
