// The shape of what callers pass to the serverless constructs, checked at run time before anything
// reads it: TypeScript types are erased, and callers in other jsii languages pass anything. A wrong
// type is a message naming the construct, the prop, the value and the fix; never a TypeError, a
// hang on a huge list, or a stack overflow at synth on a cycle.
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { childById, Kind, MAX_LIST, PropGuard, reservedIdProblem, valueProblem } from '../core/guards';
import { JSON_VALUE_FIX, jsonValueProblem, MAX_JSON_DEPTH } from '../core/json';
import { isPlainObject } from '../core/merge';
import { describeValue, q } from '../core/output';

/**
 * The most entries a list may have. A longer one is refused before it is read: a sparse list of
 * 2^32 - 1 entries takes minutes to walk.
 */
export const MAX_ENTRIES = MAX_LIST;

/** The deepest nesting of a value the library writes out as given (a deeper one overflows the stack at synth). */
export const MAX_DEPTH = MAX_JSON_DEPTH;

/** A list of strings, each entry set (no holes), at most `MAX_ENTRIES` long. */
export const STRING_LIST: Kind = 'strings';

/** The problem of one value, or undefined when it fits (the check every entry point shares). */
export const shapeProblem = valueProblem;

/** The problems of the props of `record` named in `guards`, each prop shown as `<prefix><prop>`. */
export function shapeProblems(where: string, record: Record<string, unknown>, guards: Record<string, PropGuard>, prefix = ''): string[] {
  return Object.entries(guards).flatMap(([prop, guard]) => shapeProblem(where, `${prefix}${prop}`, ownValue(record, prop), guard) ?? []);
}

/** `record[prop]` when it is the record's own, else undefined: an inherited value (from a polluted prototype) is never read. */
export function ownValue(record: Record<string, unknown>, prop: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, prop) ? record[prop] : undefined;
}

/** The problem of props that are not an object (`props` when they are), or undefined. */
export function propsObjectProblem(where: string, props: unknown, fix: string): string | undefined {
  return isPlainObject(props) ? undefined : `${where}: props are ${describeValue(props)}, not an object. Fix: ${fix}`;
}

/** Why `value`, given to be written out as it is, cannot be (the check every product shares). */
export const jsonProblem = jsonValueProblem;

/** The Chart that holds `scope`; undefined when `scope` is not a construct in one. */
export function chartOf(scope: unknown): Chart | undefined {
  if (!Construct.isConstruct(scope)) return undefined;
  try {
    return Chart.of(scope);
  } catch {
    return undefined;
  }
}

/** The problems of a construct's `scope` (a construct in a Chart) and `id` (a non-empty string). */
export function scopeProblems(where: string, what: string, scope: unknown, id: unknown): string[] {
  const problems: string[] = [];
  if (chartOf(scope) === undefined) {
    const shown = Construct.isConstruct(scope) ? `the construct ${describeValue(scope.node.path)}` : describeValue(scope);
    problems.push(`${where}: scope is ${shown}, not a construct in a Chart. Fix: create the ${what} in a Chart (or a Mesh)`);
  }
  const example = what === 'KnativeService' ? 'Hello' : 'Serverless';
  if (typeof id !== 'string' || id.length === 0) {
    problems.push(`${where}: id is ${describeValue(id)}, not a non-empty string. Fix: pass a construct id, e.g. '${example}'`);
  } else if (reservedIdProblem(id)) {
    problems.push(`${where}: id ${q(id)} ${reservedIdProblem(id)}. Fix: pass another construct id, e.g. '${example}'`);
  } else if (Construct.isConstruct(scope) && childById(scope, id.replace(/\//g, '--')) !== undefined) {
    problems.push(`${where}: id ${q(id)} is taken by another construct in ${q(scope.node.path)}. Fix: give the ${what} an id of its own, e.g. '${example}2'`);
  }
  return problems;
}

const JSON_FIX = JSON_VALUE_FIX;

/** The props of a `ServerlessMeshIntegration` whose type is checked here (the others' by checks.ts). */
const INTEGRATION: Record<string, PropGuard> = {
  ingressCertificateSecret: { kind: 'string', required: true, fix: "give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'" },
  memberNamespaces: { kind: STRING_LIST, fix: "list namespace names, e.g. ['my-app'], or leave memberNamespaces out" },
  controlPlaneNamespace: { kind: 'string', fix: "pass a namespace name like 'istio-system', or leave controlPlaneNamespace out" },
  controlPlaneName: { kind: 'string', fix: "pass a name like 'basic', or leave controlPlaneName out" },
  prerequisites: { kind: 'object', fix: 'pass { namespaces?: boolean, memberRoll?: boolean }, or leave prerequisites out' },
  servingWorkloads: { kind: STRING_LIST, fix: "list Knative Serving deployment names, e.g. ['activator', 'autoscaler'], or leave servingWorkloads out" },
  eventingWorkloads: { kind: STRING_LIST, fix: "list Knative Eventing workload names, e.g. ['imc-dispatcher'], or leave eventingWorkloads out" },
  servingConfig: { kind: 'object', fix: "map ConfigMap names (without 'config-') to keys and text values, e.g. { autoscaler: { 'min-scale': '1' } }" },
  eventingConfig: { kind: 'object', fix: "map ConfigMap names (without 'config-') to keys and text values, e.g. { features: { 'new-trigger-filters': 'enabled' } }" },
  kafka: { kind: 'object', fix: "pass { bootstrapServers: ['my-cluster-kafka-bootstrap.kafka:9092'] }, or leave kafka out" },
};

/** The props written out as given, which must be JSON. */
const JSON_PROPS = ['controlPlaneSpec', 'prerequisites', 'servingConfig', 'eventingConfig'] as const;

/** The options of Knative Kafka whose type is checked here (the ports apart). */
const KAFKA: Record<string, PropGuard> = {
  bootstrapServers: { kind: STRING_LIST, required: true, fix: "list the Kafka bootstrap servers as 'host:port', e.g. ['my-cluster-kafka-bootstrap.kafka:9092']" },
  numPartitions: { kind: 'integer', fix: 'use a positive whole number, e.g. 10, or leave numPartitions out' },
  replicationFactor: { kind: 'integer', fix: 'use a positive whole number, e.g. 3, or leave replicationFactor out' },
  channel: { kind: 'boolean', fix: 'pass true or false, or leave channel out (enabled)' },
  source: { kind: 'boolean', fix: 'pass true or false, or leave source out (enabled)' },
  broker: { kind: 'boolean', fix: 'pass true or false, or leave broker out (enabled)' },
  sink: { kind: 'boolean', fix: 'pass true or false, or leave sink out (enabled)' },
};

const PORTS_FIX = "list the TCP ports as { number, name }, e.g. [{ number: 9092, name: 'tcp-plain' }], or leave ports out";

/** A ServerlessMeshIntegration's props, checked for type; each prop of the wrong type left out, for the checks of values. */
export interface CheckedProps<T> {
  readonly problems: string[];
  /** The props of the right type (undefined when the props are not an object). */
  readonly props?: T;
}

/**
 * The type problems of the props of a ServerlessMeshIntegration (`where` names it), and the props
 * without those of the wrong type (Kafka as a whole when any of its options is).
 */
export function checkIntegrationShape<T>(where: string, props: unknown): CheckedProps<T> {
  const p = propsObjectProblem(where, props, "pass the props, at least { ingressCertificateSecret: 'wildcard-certs' }");
  if (p) return { problems: [p] };
  const record = props as Record<string, unknown>;
  const clean: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [prop, guard] of Object.entries(INTEGRATION)) {
    const found = shapeProblem(where, prop, ownValue(record, prop), guard);
    if (found) problems.push(found);
    else clean[prop] = ownValue(record, prop);
  }
  clean.controlPlaneSpec = ownValue(record, 'controlPlaneSpec');
  for (const prop of JSON_PROPS) {
    const found = clean[prop] === undefined ? undefined : jsonProblem(clean[prop], prop);
    if (found) {
      problems.push(`${where}: ${found}. Fix: ${JSON_FIX}`);
      clean[prop] = undefined;
    }
  }
  if (clean.kafka !== undefined) {
    const kafka = kafkaShapeProblems(where, clean.kafka as Record<string, unknown>);
    if (kafka.length > 0) clean.kafka = undefined;
    problems.push(...kafka);
  }
  return { problems, props: clean as T };
}

/** The type problems of the Kafka options (an object). */
function kafkaShapeProblems(where: string, kafka: Record<string, unknown>): string[] {
  const problems = shapeProblems(where, kafka, KAFKA, 'kafka.');
  const ports = ownValue(kafka, 'ports');
  if (ports === undefined) return problems;
  if (!Array.isArray(ports) || ports.length > MAX_ENTRIES) {
    const kind: Kind = { test: () => false, name: 'a list of { number, name }' };
    return [...problems, shapeProblem(where, 'kafka.ports', ports, { kind, fix: PORTS_FIX })!];
  }
  for (let i = 0; i < ports.length; i++) {
    const port = ports[i];
    if (!isPlainObject(port)) {
      problems.push(`${where}: kafka.ports[${i}] is ${describeValue(port)}, not { number, name }. Fix: ${PORTS_FIX}`);
      continue;
    }
    problems.push(...shapeProblems(where, port, {
      number: { kind: 'integer', required: true, fix: 'use the TCP port the Kafka brokers listen on, e.g. 9092' },
      name: { kind: 'string', required: true, fix: "use a name like 'tcp-plain'" },
    }, `kafka.ports[${i}].`));
  }
  return problems;
}

/** The props of a `KnativeService`, checked for type. */
const KNATIVE_SERVICE: Record<string, PropGuard> = {
  name: { kind: 'string', required: true, fix: "use a name like 'hello'" },
  image: { kind: 'string', required: true, fix: "use e.g. 'quay.io/openshift-knative/helloworld-go:latest'" },
  namespace: { kind: 'string', fix: "use a namespace name like 'my-app', or leave namespace out (the chart's)" },
  env: { kind: 'stringMap', fix: "map variable names to text, e.g. { TARGET: 'world' }, or leave env out" },
  port: { kind: 'integer', fix: 'use the port the container listens on, e.g. 8080, or leave port out' },
};

/** The type problems of the props of a KnativeService, and the props without those of the wrong type. */
export function checkKnativeServiceShape<T>(where: string, props: unknown): CheckedProps<T> {
  const p = propsObjectProblem(where, props, "pass the props, at least { name: 'hello', image: 'quay.io/openshift-knative/helloworld-go:latest' }");
  if (p) return { problems: [p] };
  const record = props as Record<string, unknown>;
  const clean: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [prop, guard] of Object.entries(KNATIVE_SERVICE)) {
    const found = shapeProblem(where, prop, ownValue(record, prop), guard);
    if (found) problems.push(found);
    else clean[prop] = ownValue(record, prop);
  }
  return { problems, props: clean as T };
}
