// The federation gateway settings of a mesh (`federationGateways`): their checks, the settings that
// apply to one gateway (all, direction, peer, peer and direction) and the `runtime` they render to.
import { FederationGatewayOptions, GatewayAutoscaling, GatewayResources, GatewayRuntimeOptions, GatewayToleration, PeerGatewayOptions, TaintEffect, TolerationOperator } from '../core/federation-gateway-options';
import { isPlainObject as isObject } from '../core/merge';
import { describeValue, q } from '../core/output';
import { DeclaredMesh } from './model/declarations';

/** Which of a peer's two gateways. */
export type GatewayDirection = 'ingress' | 'egress';

/** A Kubernetes quantity that is not negative: `10m`, `128Mi`, `1.5`, `2e3`. */
const QUANTITY = /^(\d+(\.\d*)?|\.\d+)(([KMGTPE]i)|[numkMGTPE]|[eE][+-]?\d+)?$/;
/** A Kubernetes label value (may be empty). */
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
/** A qualified name: label and annotation keys, resource names (`cpu`, `nvidia.com/gpu`). */
const QUALIFIED_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

const RUNTIME_KEYS = ['replicas', 'autoscaling', 'resources', 'nodeSelector', 'tolerations', 'podAnnotations', 'podLabels', 'serviceAnnotations'];
const TOLERATION_KEYS = ['key', 'operator', 'value', 'effect', 'tolerationSeconds'];
const MAPS = ['nodeSelector', 'podAnnotations', 'podLabels', 'serviceAnnotations'] as const;

/** The settings of one gateway, every level merged. */
export interface GatewayRuntime {
  readonly replicas?: number;
  readonly autoscaling?: GatewayAutoscaling;
  readonly resources?: GatewayResources;
  readonly nodeSelector: Record<string, string>;
  readonly tolerations?: GatewayToleration[];
  readonly podAnnotations: Record<string, string>;
  readonly podLabels: Record<string, string>;
  readonly serviceAnnotations: Record<string, string>;
}

/** Problems of the shape and values of `federationGateways` of mesh `m` (`mesh 'a'`). */
export function federationGatewayProblems(m: string, options: unknown): string[] {
  if (options === undefined) return [];
  const at = 'federationGateways';
  if (!isObject(options)) return [`${m}: ${at} is ${describeValue(options)}, not an object. Fix: pass e.g. { replicas: 2, resources: { requests: { cpu: '100m' } } }`];
  const problems = [
    ...unknownKeys(m, at, options, [...RUNTIME_KEYS, 'ingress', 'egress', 'perPeer']),
    ...levelProblems(m, at, options),
    ...directionProblems(m, at, options),
  ];
  if (options.perPeer === undefined) return problems;
  if (!isObject(options.perPeer)) return [...problems, `${m}: ${at}.perPeer is ${describeValue(options.perPeer)}, not a map of peer mesh names to gateway settings. Fix: pass e.g. { 'green-mesh': { replicas: 2 } }`];
  for (const [peer, settings] of Object.entries(options.perPeer)) {
    const p = `${at}.perPeer[${q(peer)}]`;
    if (!isObject(settings)) {
      problems.push(`${m}: ${p} is ${describeValue(settings)}, not an object. Fix: pass the settings of the gateways for ${q(peer)}, e.g. { replicas: 2 }`);
      continue;
    }
    problems.push(...unknownKeys(m, p, settings, [...RUNTIME_KEYS, 'ingress', 'egress', 'forLabel']), ...levelProblems(m, p, settings), ...directionProblems(m, p, settings));
    if (settings.forLabel !== undefined && (typeof settings.forLabel !== 'string' || !LABEL_VALUE.test(settings.forLabel))) {
      problems.push(`${m}: ${p}.forLabel is ${describeValue(settings.forLabel)}, not a Kubernetes label value (at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit). Fix: use the peer's name, e.g. ${q(peer)}`);
    }
  }
  return problems;
}

function directionProblems(m: string, at: string, options: Record<string, unknown>): string[] {
  return (['ingress', 'egress'] as const).flatMap(direction => {
    const settings = options[direction];
    if (settings === undefined) return [];
    if (!isObject(settings)) return [`${m}: ${at}.${direction} is ${describeValue(settings)}, not an object. Fix: pass the ${direction} gateways' settings, e.g. { replicas: 2 }`];
    return [...unknownKeys(m, `${at}.${direction}`, settings, RUNTIME_KEYS), ...levelProblems(m, `${at}.${direction}`, settings)];
  });
}

function unknownKeys(m: string, at: string, options: Record<string, unknown>, known: readonly string[]): string[] {
  return Object.keys(options).filter(k => !known.includes(k) && options[k] !== undefined).map(k =>
    `${m}: ${at} has the unknown key ${q(k)} (known: ${known.join(', ')}). Fix: remove it, or correct the spelling`);
}

/** Problems of one level's runtime settings (`at` is where they are, e.g. `federationGateways.perPeer['b'].ingress`). */
function levelProblems(m: string, at: string, o: Record<string, any>): string[] {
  const problems: string[] = [];
  if (o.replicas !== undefined && !(Number.isSafeInteger(o.replicas) && o.replicas >= 0)) {
    problems.push(`${m}: ${at}.replicas is ${describeValue(o.replicas)}, not a whole number of 0 or more. Fix: pass e.g. 2, or use autoscaling`);
  }
  if (o.replicas !== undefined && o.autoscaling !== undefined) {
    problems.push(`${m}: ${at} sets both replicas and autoscaling; the control plane takes one. Fix: keep replicas (a fixed count) or autoscaling`);
  }
  problems.push(...autoscalingProblems(m, `${at}.autoscaling`, o.autoscaling), ...resourceProblems(m, `${at}.resources`, o.resources));
  for (const key of MAPS) {
    const map = o[key];
    if (map === undefined) continue;
    if (!isObject(map) || !Object.values(map).every(v => typeof v === 'string')) {
      problems.push(`${m}: ${at}.${key} is ${describeValue(map)}, not a map of text to text. Fix: pass e.g. { 'node-role.kubernetes.io/infra': '' }`);
      continue;
    }
    for (const [k, v] of Object.entries(map as Record<string, string>)) {
      if (!QUALIFIED_KEY.test(k)) problems.push(`${m}: ${at}.${key} has the key ${q(k)}, which is not a Kubernetes label or annotation key. Fix: use a key like 'example.com/name'`);
      else if (key !== 'podAnnotations' && key !== 'serviceAnnotations' && !LABEL_VALUE.test(v)) problems.push(`${m}: ${at}.${key}[${q(k)}] is ${q(v)}, not a Kubernetes label value. Fix: use at most 63 letters, digits, '-', '_' and '.'`);
    }
  }
  problems.push(...tolerationProblems(m, `${at}.tolerations`, o.tolerations));
  return problems;
}

function autoscalingProblems(m: string, at: string, a: unknown): string[] {
  if (a === undefined) return [];
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 1;
  if (!isObject(a) || !count(a.minReplicas) || !count(a.maxReplicas)) {
    return [`${m}: ${at} is ${describeValue(a)}, not { minReplicas, maxReplicas } with whole numbers of at least 1. Fix: pass e.g. { minReplicas: 2, maxReplicas: 5 }`];
  }
  const problems: string[] = [];
  if (a.minReplicas > a.maxReplicas) {
    problems.push(`${m}: ${at}.minReplicas ${a.minReplicas} is above maxReplicas ${a.maxReplicas}. Fix: set minReplicas to at most ${a.maxReplicas}, or raise maxReplicas`);
  }
  const target = a.cpuTargetPercent;
  if (target !== undefined && !(Number.isSafeInteger(target) && target >= 1 && target <= 100)) {
    problems.push(`${m}: ${at}.cpuTargetPercent is ${describeValue(target)}, not a whole number from 1 to 100. Fix: pass e.g. 80`);
  }
  return problems;
}

function resourceProblems(m: string, at: string, r: unknown): string[] {
  if (r === undefined) return [];
  if (!isObject(r)) return [`${m}: ${at} is ${describeValue(r)}, not { requests?, limits? }. Fix: pass e.g. { requests: { cpu: '10m', memory: '128Mi' } }`];
  const problems = unknownKeys(m, at, r, ['requests', 'limits']);
  for (const which of ['requests', 'limits'] as const) {
    const map = r[which];
    if (map === undefined) continue;
    if (!isObject(map)) {
      problems.push(`${m}: ${at}.${which} is ${describeValue(map)}, not a map of resource names to quantities. Fix: pass e.g. { cpu: '10m', memory: '128Mi' }`);
      continue;
    }
    for (const [name, value] of Object.entries(map)) {
      if (!QUALIFIED_KEY.test(name)) {
        problems.push(`${m}: ${at}.${which} has the resource name ${q(name)}, which Kubernetes refuses. Fix: use 'cpu', 'memory' or 'ephemeral-storage'`);
      } else if (typeof value !== 'string' || !QUANTITY.test(value)) {
        problems.push(`${m}: ${at}.${which}[${q(name)}] is ${describeValue(value)}, not a Kubernetes quantity. Fix: write it as text like '${name === 'cpu' ? '100m' : '128Mi'}' (a number with an optional suffix m, k, M, G, Ki, Mi, Gi, ...)`);
      }
    }
  }
  return problems;
}

function tolerationProblems(m: string, at: string, list: unknown): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.length > 1000) return [`${m}: ${at} is ${describeValue(list)}, not a list of tolerations. Fix: pass e.g. [{ key: 'node-role.kubernetes.io/infra', operator: TolerationOperator.EXISTS, effect: TaintEffect.NO_SCHEDULE }]`];
  const operators: unknown[] = Object.values(TolerationOperator);
  const effects: unknown[] = Object.values(TaintEffect);
  return list.flatMap((t, i) => {
    const ok = isObject(t)
      && Object.keys(t).every(k => TOLERATION_KEYS.includes(k))
      && ['key', 'value'].every(k => t[k] === undefined || typeof t[k] === 'string')
      && (t.operator === undefined || operators.includes(t.operator))
      && (t.effect === undefined || effects.includes(t.effect))
      && (t.tolerationSeconds === undefined || Number.isSafeInteger(t.tolerationSeconds));
    return ok ? [] : [`${m}: ${at}[${i}] is ${describeValue(t)}, not a toleration { key?, operator?, value?, effect?, tolerationSeconds? } (operator one of ${operators.map(q).join(', ')}; effect one of ${effects.map(q).join(', ')}). Fix: pass e.g. { key: 'infra', operator: TolerationOperator.EXISTS }`];
  });
}

/** The value of the `<direction>-for` label of `mesh`'s gateway for `peer`: `perPeer[peer].forLabel`, else the naming's. */
export function gatewayForLabel(mesh: DeclaredMesh, peer: string, direction: GatewayDirection): string {
  const explicit = mesh.options.federationGateways?.perPeer?.[peer]?.forLabel;
  if (explicit !== undefined) return explicit;
  return direction === 'ingress' ? mesh.naming.ingressForLabel(peer) : mesh.naming.egressForLabel(peer);
}

/** The peers `federationGateways.perPeer` names. */
export function perPeerNames(options: FederationGatewayOptions | undefined): string[] {
  return Object.keys(options?.perPeer ?? {});
}

/** The settings of the gateway a mesh runs in `direction` for `peer`: all, direction, peer, peer and direction. */
export function gatewayRuntime(options: FederationGatewayOptions | undefined, peer: string, direction: GatewayDirection): GatewayRuntime {
  const perPeer: PeerGatewayOptions | undefined = options?.perPeer?.[peer];
  const levels = [options, options?.[direction], perPeer, perPeer?.[direction]]
    .filter((l): l is GatewayRuntimeOptions => l !== undefined);
  let result: GatewayRuntime = { nodeSelector: {}, podAnnotations: {}, podLabels: {}, serviceAnnotations: {} };
  for (const level of levels) {
    const scaling = level.replicas !== undefined || level.autoscaling !== undefined
      ? { replicas: level.replicas, autoscaling: level.autoscaling }
      : { replicas: result.replicas, autoscaling: result.autoscaling };
    result = {
      ...scaling,
      resources: level.resources ?? result.resources,
      tolerations: level.tolerations ?? result.tolerations,
      nodeSelector: { ...result.nodeSelector, ...level.nodeSelector },
      podAnnotations: { ...result.podAnnotations, ...level.podAnnotations },
      podLabels: { ...result.podLabels, ...level.podLabels },
      serviceAnnotations: { ...result.serviceAnnotations, ...level.serviceAnnotations },
    };
  }
  return result;
}

/** The `runtime` of an `additionalIngress` / `additionalEgress` entry; undefined when nothing is set. */
export function renderRuntime(r: GatewayRuntime): Record<string, any> | undefined {
  const runtime: Record<string, any> = {};
  if (r.replicas !== undefined) {
    runtime.deployment = { autoScaling: { enabled: false }, replicas: r.replicas };
  } else if (r.autoscaling) {
    const a = r.autoscaling;
    const autoScaling = { enabled: true, minReplicas: a.minReplicas, maxReplicas: a.maxReplicas, targetCPUUtilizationPercentage: a.cpuTargetPercent };
    runtime.deployment = { autoScaling: dropUndefined(autoScaling) };
  }
  if (r.resources && (r.resources.requests !== undefined || r.resources.limits !== undefined)) {
    runtime.container = { resources: dropUndefined({ requests: copy(r.resources.requests), limits: copy(r.resources.limits) }) };
  }
  const pod: Record<string, any> = {};
  const metadata = dropUndefined({ annotations: nonEmpty(r.podAnnotations), labels: nonEmpty(r.podLabels) });
  if (Object.keys(metadata).length > 0) pod.metadata = metadata;
  if (Object.keys(r.nodeSelector).length > 0) pod.nodeSelector = { ...r.nodeSelector };
  if (r.tolerations && r.tolerations.length > 0) {
    pod.tolerations = r.tolerations.map(t =>
      dropUndefined({ key: t.key, operator: t.operator, value: t.value, effect: t.effect, tolerationSeconds: t.tolerationSeconds }));
  }
  if (Object.keys(pod).length > 0) runtime.pod = pod;
  return Object.keys(runtime).length > 0 ? runtime : undefined;
}

function copy(map: Record<string, string> | undefined): Record<string, string> | undefined {
  return map === undefined ? undefined : { ...map };
}

function nonEmpty(map: Record<string, string>): Record<string, string> | undefined {
  return Object.keys(map).length > 0 ? { ...map } : undefined;
}

function dropUndefined(o: Record<string, any>): Record<string, any> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
