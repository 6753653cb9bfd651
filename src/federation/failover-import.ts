import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { failoverDestinationRuleObject, failoverRegions, istioDuration } from './failover-rule';
import { Mesh } from './mesh';
import { constructIdProblems, isRecord, takenBy, unknownKeyProblems } from './rule-checks';
import { FederationError } from '../core/errors';
import { isPlainObject } from '../core/merge';
import { dnsLabelProblem } from '../core/names';
import { describeValue, q } from '../core/output';
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
    // Checked before the construct joins the tree, so a refused one leaves nothing behind.
    checkFailover(scope, id, props);
    super(scope, id);
    this.namespace = props.namespace;
    this.name = props.name;
    this.meshes = [...props.meshes];
    this.consumers = [...(props.consumers ?? props.meshes)];
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
      this.destinationRules.push(new ApiObject(consumer, `Failover-${id}`, failoverDestinationRuleObject(declared, consumer.locality!.region, regions)));
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

/** The longest duration written: the largest whole number of milliseconds a JavaScript number holds exactly. */
const MAX_DURATION_MS = Number.MAX_SAFE_INTEGER;


/** The most consecutive errors Istio holds (a 32-bit unsigned integer). */
const MAX_UINT32 = 4294967295;

/**
 * Checks a failover's scope, id and props before the construct joins the tree (and before any of
 * its imports, exports and DestinationRules exist), so a refused one leaves nothing behind.
 */
function checkFailover(scope: unknown, id: unknown, props: unknown): void {
  const problems = constructIdProblems('failover', scope, id, {
    id: "pass an id such as 'ratings'",
    duplicate: 'give every failover its own id',
  });
  if (typeof id !== 'string' || !Construct.isConstruct(scope)) throw new FederationError(problems);
  if (!isPlainObject(props)) {
    throw new FederationError([...problems, `failover ${q(id)}: props are ${describeValue(props)}, not an object. Fix: pass { namespace: 'info', name: 'ratings', meshes: [green, red] }`]);
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : describeValue(v));
  const where = `failover ${q(id)} of ${q(`${text(props.namespace)}/${text(props.name)}`)}`;
  const meshProblems = meshShapeProblems(where, props);
  const known = ['namespace', 'name', 'meshes', 'consumers', 'outlierDetection', 'destinationRuleName', 'exportFromProviders'];
  problems.push(...unknownKeyProblems(where, 'props', props, known), ...serviceProblems(where, props), ...meshProblems);
  problems.push(...outlierProblems(where, props.outlierDetection), ...settingProblems(where, props));
  if (meshProblems.length === 0) {
    const meshes = props.meshes as Mesh[];
    const consumers = (props.consumers ?? meshes) as Mesh[];
    const listProblems = meshListProblems(where, meshes, consumers);
    problems.push(...listProblems);
    if (problems.length === 0) problems.push(...derivedIdProblems(where, id, meshes, consumers, props.exportFromProviders !== false));
  }
  if (problems.length > 0) throw new FederationError(problems);
}

/** The service's namespace and name: DNS labels, no wildcards. */
function serviceProblems(where: string, props: Record<string, unknown>): string[] {
  return (['namespace', 'name'] as const).flatMap(prop => {
    const value = props[prop];
    const p = typeof value === 'string' ? dnsLabelProblem(value) : `is ${describeValue(value)}, not a string`;
    return p ? [`${where}: ${prop} ${typeof value === 'string' ? `${q(value)} ` : ''}${p}. Fix: use the Kubernetes ${prop} of the service (no wildcards)`] : [];
  });
}

/** `meshes` and `consumers`: lists of Meshes of one federation, consumers not empty. */
function meshShapeProblems(where: string, props: Record<string, unknown>): string[] {
  const isMeshList = (v: unknown): v is Mesh[] => Array.isArray(v) && v.every(m => Mesh.isMesh(m));
  const problems: string[] = [];
  const { meshes, consumers } = props;
  if (!isMeshList(meshes)) {
    problems.push(`${where}: meshes is ${describeValue(meshes)}, not a list of Meshes. Fix: list the meshes that run the service, in failover order, e.g. [federation.findMesh('green-mesh'), federation.findMesh('red-mesh')]`);
  } else if (meshes.some(m => m.federation !== meshes[0].federation)) {
    problems.push(`${where}: meshes mixes meshes of different federations (${meshes.map(m => q(m.meshName)).join(', ')}). Fix: fail over between meshes of one federation`);
  }
  if (consumers !== undefined && !isMeshList(consumers)) {
    problems.push(`${where}: consumers is ${describeValue(consumers)}, not a list of Meshes. Fix: list meshes from meshes, or leave consumers out (every mesh fails over)`);
  } else if (Array.isArray(consumers) && consumers.length === 0) {
    problems.push(`${where}: consumers is empty, so no mesh would fail over. Fix: list the meshes whose clients fail over, or leave consumers out (every mesh fails over)`);
  }
  return problems;
}

/** `destinationRuleName` and `exportFromProviders`. */
function settingProblems(where: string, props: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const { destinationRuleName: ruleName, exportFromProviders } = props;
  if (ruleName !== undefined) {
    const p = typeof ruleName === 'string' ? dnsLabelProblem(ruleName, 253) : `is ${describeValue(ruleName)}, not a string`;
    const example = typeof props.name === 'string' ? props.name : 'ratings';
    if (p) problems.push(`${where}: destinationRuleName ${typeof ruleName === 'string' ? `${q(ruleName)} ` : ''}${p}. Fix: use a name like '${example}-failover'`);
  }
  if (exportFromProviders !== undefined && typeof exportFromProviders !== 'boolean') {
    problems.push(`${where}: exportFromProviders is ${describeValue(exportFromProviders)}, not true or false. Fix: pass false when you export the service yourself, or leave it out`);
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
  const consumerNames = consumers.map(m => m.meshName);
  if (new Set(consumerNames).size !== consumerNames.length) {
    problems.push(`${where}: consumers lists a mesh twice (${consumerNames.map(n => q(n)).join(', ')}). Fix: list each consumer once`);
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

/** Outlier detection of the wrong shape, or that would never eject an endpoint, so that failover would never trigger. */
function outlierProblems(where: string, od: unknown): string[] {
  if (od === undefined) return [];
  if (!isRecord(od)) {
    return [`${where}: outlierDetection is ${describeValue(od)}, not an object. Fix: pass e.g. { consecutive5xxErrors: 3, interval: Duration.seconds(10) }, or leave it out`];
  }
  const problems = unknownKeyProblems(where, 'outlierDetection', od, ['consecutive5xxErrors', 'interval', 'baseEjectionTime']);
  const errors: unknown = od.consecutive5xxErrors;
  const fix = 'Fix: use a whole number of at least 1 (default 3)';
  if (errors !== undefined && !(typeof errors === 'number' && Number.isInteger(errors))) {
    problems.push(`${where}: outlierDetection.consecutive5xxErrors is ${describeValue(errors)}, not a whole number. ${fix}`);
  } else if (typeof errors === 'number' && errors < 1) {
    problems.push(`${where}: outlierDetection.consecutive5xxErrors ${errors} would never eject an endpoint, so failover would never trigger. ${fix}`);
  } else if (typeof errors === 'number' && errors > MAX_UINT32) {
    problems.push(`${where}: outlierDetection.consecutive5xxErrors ${errors} is more than ${MAX_UINT32}, the most Istio holds. ${fix}`);
  }
  for (const prop of ['interval', 'baseEjectionTime'] as const) {
    const value: unknown = od[prop];
    if (value === undefined) continue;
    if (!(value instanceof Duration)) {
      problems.push(`${where}: outlierDetection.${prop} is ${describeValue(value)}, not a Duration. Fix: use e.g. Duration.seconds(10)`);
      continue;
    }
    const ms: unknown = value.toMilliseconds({ integral: false });
    if (typeof ms === 'number' && ms > MAX_DURATION_MS) {
      problems.push(`${where}: outlierDetection.${prop} is ${ms} ms, longer than ${MAX_DURATION_MS} ms (about 285 years), which cannot be written as a duration. Fix: use e.g. Duration.minutes(1)`);
    } else if (!(typeof ms === 'number' && Number.isInteger(ms))) {
      problems.push(`${where}: outlierDetection.${prop} is ${describeValue(ms)} ms, not a whole number of milliseconds. Fix: use e.g. Duration.seconds(10) or Duration.millis(500)`);
    } else if (ms <= 0) {
      problems.push(`${where}: outlierDetection.${prop} must be longer than zero, or failover never triggers. Fix: use e.g. Duration.seconds(10)`);
    }
  }
  return problems;
}

/**
 * The construct ids the failover's parts take in each mesh (`Failover-<id>` and
 * `Failover-<id>-from-<P>` in each consumer, `Failover-<id>-to-<C>` in each provider): another
 * construct there with one of them would be a clash half-way through.
 */
function derivedIdProblems(where: string, id: string, meshes: Mesh[], consumers: Mesh[], exports: boolean): string[] {
  const wanted: Array<[Mesh, string]> = [];
  for (const consumer of consumers) {
    wanted.push([consumer, `Failover-${id}`]);
    for (const provider of meshes.filter(m => m !== consumer)) {
      wanted.push([consumer, `Failover-${id}-from-${provider.meshName}`]);
      if (exports) wanted.push([provider, `Failover-${id}-to-${consumer.meshName}`]);
    }
  }
  return wanted.flatMap(([mesh, childId]) => {
    const taken = mesh.node.tryFindChild(childId);
    return taken ? [`${where}: needs the construct id ${q(childId)} in mesh ${q(mesh.meshName)}, which ${takenBy(taken)} already takes. Fix: give the failover another id, or rename that construct`] : [];
  });
}
