import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { failoverDestinationRule, failoverRegions, istioDuration } from './failover-rule';
import type { Mesh } from './mesh';
import { FederationError } from '../core/errors';
import { dnsLabelProblem } from '../core/names';
import { q } from '../core/output';
import { DestinationRuleV1Beta1 } from '../imports/networking.istio.io';
import { DeclaredFailover } from './model/declarations';
import { federationContext } from './model/registry';

/**
 * Outlier detection of a failover DestinationRule. Failover only happens once endpoints are
 * ejected as unhealthy, so it cannot be turned off.
 */
export interface OutlierDetection {
  /**
   * Consecutive 5xx errors before an endpoint is ejected. At least 1.
   * @default 3
   */
  readonly consecutive5xxErrors?: number;
  /**
   * Time between ejection sweeps.
   * @default Duration.seconds(10)
   */
  readonly interval?: Duration;
  /**
   * Minimum ejection duration.
   * @default Duration.minutes(1)
   */
  readonly baseEjectionTime?: Duration;
}

/** Props of a `FailoverImport`. */
export interface FailoverImportProps {
  /** Namespace of the service, the same in every mesh (imports keep it, as `importAsLocal` requires). */
  readonly namespace: string;
  /** Name of the service, the same in every mesh. */
  readonly name: string;
  /**
   * The meshes that run the service, in failover order. Each needs `locality.region`; at least two
   * regions must take part.
   */
  readonly meshes: Mesh[];
  /**
   * The meshes whose clients fail over to the others.
   * @default - every mesh in `meshes`
   */
  readonly consumers?: Mesh[];
  /**
   * Outlier detection of the DestinationRules.
   * @default - 3 consecutive 5xx errors, interval 10s, base ejection time 1m
   */
  readonly outlierDetection?: OutlierDetection;
  /**
   * Name of the DestinationRule in each consumer's application namespace.
   * @default - `<name>-failover`
   */
  readonly destinationRuleName?: string;
  /**
   * Also export the service from every mesh to each consumer (a name rule without alias).
   * Turn off when you export it yourself; the import is checked against your exports either way.
   * @default true
   */
  readonly exportFromProviders?: boolean;
}

/**
 * A service that runs in several meshes, with clients failing over between them by region (the
 * product documentation: ratings in green-mesh in us-east failing over to red-mesh in us-west).
 *
 * For each consumer C and each other mesh P it emits, in C, an import of the service from P with
 * `importAsLocal` (so the remote endpoints join the local `svc.cluster.local` service) in the
 * ImportedServiceSet for P, whose `locality` is P's; optionally P's export to C; and one
 * DestinationRule in C's application namespace for `<name>.<namespace>.svc.cluster.local` with
 * locality failover (from C's region to the next region in `meshes` order, then on along that
 * order) and outlier detection.
 *
 * Construct ids, inside each consumer's chart: `Failover-<id>` (the DestinationRule),
 * `Failover-<id>-from-<P>` (the import); inside each provider's: `Failover-<id>-to-<C>`.
 */
export class FailoverImport extends Construct {
  /** The DestinationRules, one per consumer, in consumer order. */
  public readonly destinationRules: ApiObject[] = [];
  /** Namespace of the service. */
  public readonly namespace: string;
  /** Name of the service. */
  public readonly name: string;
  /** The meshes that run the service, in failover order. */
  public readonly meshes: Mesh[];
  /** The meshes whose clients fail over. */
  public readonly consumers: Mesh[];

  constructor(scope: Construct, id: string, props: FailoverImportProps) {
    super(scope, id);
    this.namespace = props.namespace;
    this.name = props.name;
    this.meshes = [...(props.meshes ?? [])];
    this.consumers = [...(props.consumers ?? props.meshes ?? [])];
    const problems = failoverProblems(id, props, this.meshes, this.consumers);
    if (problems.length > 0) throw new FederationError(problems);
    const od = props.outlierDetection ?? {};
    const declared: DeclaredFailover = {
      id,
      namespace: props.namespace,
      name: props.name,
      meshes: this.meshes.map(m => m.meshName),
      consumers: this.consumers.map(m => m.meshName),
      destinationRuleName: props.destinationRuleName ?? `${props.name}-failover`,
      consecutive5xxErrors: od.consecutive5xxErrors ?? 3,
      interval: istioDuration(od.interval ?? Duration.seconds(10)),
      baseEjectionTime: istioDuration(od.baseEjectionTime ?? Duration.minutes(1)),
    };
    const regions = failoverRegions(declared, name => this.meshes.find(m => m.meshName === name)?.locality?.region);
    for (const consumer of this.consumers) {
      this.shareWith(consumer, props);
      this.destinationRules.push(new DestinationRuleV1Beta1(consumer, `Failover-${id}`, failoverDestinationRule(declared, consumer.locality!.region, regions)));
    }
    federationContext(this.meshes[0].federation, `failover ${q(id)}`).declarations.addFailover(declared);
  }

  /** `consumer` imports the service from every other mesh (each exporting it, unless told not to). */
  private shareWith(consumer: Mesh, props: FailoverImportProps): void {
    const id = this.node.id;
    for (const provider of this.meshes.filter(m => m !== consumer)) {
      if (props.exportFromProviders ?? true) {
        provider.addServiceExport(`Failover-${id}-to-${consumer.meshName}`, { peer: consumer })
          .addNameRule({ namespace: props.namespace, name: props.name });
      }
      consumer.addServiceImport(`Failover-${id}-from-${provider.meshName}`, { peer: provider, locality: provider.locality })
        .addNameRule({
          namespace: props.namespace,
          name: props.name,
          alias: { namespace: props.namespace, name: props.name },
          importAsLocal: true,
        });
    }
  }
}

/** Problems of a failover's props, each naming the failover, the prop and the fix. */
function failoverProblems(id: string, props: FailoverImportProps, meshes: Mesh[], consumers: Mesh[]): string[] {
  const where = `failover ${q(id)} of ${q(`${props.namespace}/${props.name}`)}`;
  const problems: string[] = [];
  for (const [prop, value] of [['namespace', props.namespace], ['name', props.name]] as const) {
    const p = dnsLabelProblem(value ?? '');
    if (p) problems.push(`${where}: ${prop} ${q(value)} ${p}. Fix: use the Kubernetes ${prop} of the service (no wildcards)`);
  }
  problems.push(...meshListProblems(where, meshes, consumers), ...outlierProblems(where, props.outlierDetection ?? {}));
  if (props.destinationRuleName !== undefined) {
    const p = dnsLabelProblem(props.destinationRuleName, 253);
    if (p) problems.push(`${where}: destinationRuleName ${q(props.destinationRuleName)} ${p}. Fix: use a name like '${props.name}-failover'`);
  }
  return problems;
}

/** The meshes: at least two, each once, each with a region, in at least two regions; consumers among them. */
function meshListProblems(where: string, meshes: Mesh[], consumers: Mesh[]): string[] {
  const problems: string[] = [];
  const names = meshes.map(m => m.meshName);
  if (new Set(names).size !== names.length) {
    problems.push(`${where}: meshes lists a mesh twice (${names.map(n => q(n)).join(', ')}). Fix: list each mesh once, in failover order`);
  }
  if (meshes.length < 2) {
    problems.push(`${where}: meshes has ${meshes.length} mesh(es); failover needs the service in at least two. Fix: list every mesh that runs the service`);
  }
  for (const mesh of meshes) {
    if (!mesh.locality?.region) {
      problems.push(`mesh ${q(mesh.meshName)}: locality is not set, but ${where} fails over by region. Fix: set locality: { region: '<region>' } on ${q(mesh.meshName)}`);
    }
  }
  for (const consumer of consumers) {
    if (!meshes.includes(consumer)) {
      problems.push(`${where}: consumer ${q(consumer.meshName)} is not in meshes. Fix: add it to meshes (it must run the service), or remove it from consumers`);
    }
  }
  const regions = [...new Set(meshes.map(m => m.locality?.region).filter((r): r is string => !!r))];
  if (meshes.every(m => m.locality?.region) && regions.length < 2) {
    problems.push(`${where}: every mesh is in region ${q(regions[0])}, so locality failover has nowhere to go. Fix: fail over between meshes in different regions`);
  }
  return problems;
}

/** The longest duration written: the largest whole number of milliseconds a JavaScript number holds exactly. */
const MAX_DURATION_MS = Number.MAX_SAFE_INTEGER;

/** Outlier detection that would never eject an endpoint, so that failover would never trigger. */
function outlierProblems(where: string, od: OutlierDetection): string[] {
  const problems: string[] = [];
  const errors = od.consecutive5xxErrors ?? 3;
  if (!Number.isInteger(errors) || errors < 1) {
    problems.push(`${where}: outlierDetection.consecutive5xxErrors ${errors} would never eject an endpoint, so failover would never trigger. Fix: use a whole number of at least 1 (default 3)`);
  }
  for (const [prop, value] of [['interval', od.interval], ['baseEjectionTime', od.baseEjectionTime]] as const) {
    if (value && value.toMilliseconds() <= 0) {
      problems.push(`${where}: outlierDetection.${prop} must be longer than zero, or failover never triggers. Fix: use e.g. Duration.seconds(10)`);
    } else if (value && !(value.toMilliseconds() <= MAX_DURATION_MS)) {
      problems.push(`${where}: outlierDetection.${prop} is ${value.toMilliseconds()} ms, longer than ${MAX_DURATION_MS} ms (about 285 years), which cannot be written as a duration. Fix: use e.g. Duration.minutes(1)`);
    }
  }
  return problems;
}
