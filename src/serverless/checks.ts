// The checks of the serverless integration: pure functions of plain data, each returning the
// problems found (messages name where, the prop, the bad value and the fix).
import { DEFAULT_CONTROL_PLANE_NAME, DEFAULT_NAMESPACE, KNATIVE_EVENTING, KNATIVE_SERVING } from './constants';
import { ServerlessMeshIntegrationProps } from './serverless-mesh-integration-props';
import { isPlainObject } from '../core/merge';
import { dnsLabelProblem, dnsSubdomainProblem } from '../core/names';
import { describeValue, q } from '../core/output';
import { prerequisitesProblems } from '../federation/checks/prerequisites';

/** The problem of a namespace name given as `prop`, or undefined when it is a DNS label. */
export function namespaceProblem(where: string, prop: string, value: unknown): string | undefined {
  const p = typeof value === 'string' ? dnsLabelProblem(value) : 'is not a string';
  return p ? `${where}: ${prop} has ${typeof value === 'string' ? q(value) : describeValue(value)}, which ${p}. Fix: use a namespace name like 'my-app'` : undefined;
}

/** Whether `port` is a whole number from 1 to 65535. */
export function validPort(port: unknown): boolean {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535;
}

/**
 * Problems of the props as declared (Kafka's apart: `kafkaProblems`); `meshName` when the
 * integration is inside a Mesh, whose control plane it then uses.
 */
export function declarationProblems(where: string, props: ServerlessMeshIntegrationProps, meshName: string | undefined): string[] {
  const problems = meshName === undefined ? standaloneProblems(where, props) : insideMeshProblems(where, props, meshName);
  // A secret that is not a string is a type problem, found before (shape.ts).
  const secret = props.ingressCertificateSecret;
  if (typeof secret === 'string' && dnsSubdomainProblem(secret) !== undefined) {
    problems.push(`${where}: ingressCertificateSecret ${q(secret)} is not a Secret name (a DNS subdomain). Fix: give the name of the Secret holding the wildcard certificate, e.g. 'wildcard-certs'`);
  }
  for (const member of props.memberNamespaces ?? []) {
    const p = namespaceProblem(where, 'memberNamespaces', member);
    if (p) problems.push(p);
  }
  for (const [prop, list] of [['servingWorkloads', props.servingWorkloads], ['eventingWorkloads', props.eventingWorkloads]] as const) {
    for (const name of list ?? []) {
      const p = dnsLabelProblem(String(name));
      if (p) problems.push(`${where}: ${prop} has ${q(name)}, which ${p}. Fix: use the name of a Knative deployment, e.g. '${prop === 'servingWorkloads' ? 'activator' : 'imc-dispatcher'}'`);
    }
  }
  for (const [prop, config] of [['servingConfig', props.servingConfig], ['eventingConfig', props.eventingConfig]] as const) {
    problems.push(...configProblems(where, prop, config));
  }
  return problems;
}

/** The most a ConfigMap holds (keys and values), as the API server allows. */
const MAX_CONFIG_MAP_BYTES = 1024 * 1024;
/** A ConfigMap data key. */
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

/**
 * Problems of a Knative `spec.config` given as `prop`: each section becomes the ConfigMap
 * `config-<section>` (a DNS subdomain), with keys a ConfigMap accepts and text values, at most 1 MiB.
 */
export function configProblems(where: string, prop: string, config: Record<string, unknown> | undefined): string[] {
  const problems: string[] = [];
  for (const [section, values] of Object.entries(config ?? {})) {
    const nameProblem = dnsSubdomainProblem(`config-${section}`);
    if (nameProblem) {
      problems.push(`${where}: ${prop} has the section ${q(section)}, but its ConfigMap name ${q(`config-${section}`)} ${nameProblem}. Fix: use the name of a Knative ConfigMap without 'config-', e.g. 'autoscaler'`);
      continue;
    }
    if (!isPlainObject(values) || Object.values(values).some(v => typeof v !== 'string')) {
      problems.push(`${where}: ${prop}.${section} must map keys to strings (a Knative ConfigMap's data), not ${describeValue(values)}. Fix: quote the values, e.g. { 'enable-feature': 'true' }`);
      continue;
    }
    const badKey = Object.keys(values).find(key => key.length > 253 || !CONFIG_KEY.test(key));
    if (badKey !== undefined) {
      problems.push(`${where}: ${prop}.${section} has the key ${q(badKey)}, which a ConfigMap refuses (at most 253 letters, digits, '-', '_' and '.'). Fix: use the key as Knative documents it, e.g. 'min-scale'`);
    }
    const size = Object.entries(values).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v as string), 0);
    if (size > MAX_CONFIG_MAP_BYTES) {
      problems.push(`${where}: ${prop}.${section} holds ${size} bytes, more than a ConfigMap may (${MAX_CONFIG_MAP_BYTES}). Fix: keep each Knative ConfigMap's settings under 1 MiB`);
    }
  }
  return problems;
}

/** Inside a Mesh, the standalone-only props are refused. */
function insideMeshProblems(where: string, props: ServerlessMeshIntegrationProps, meshName: string): string[] {
  const problems: string[] = [];
  for (const prop of ['controlPlaneNamespace', 'controlPlaneName', 'controlPlaneSpec', 'prerequisites'] as const) {
    if (props[prop] !== undefined) {
      problems.push(`${where}: ${prop} is set, but inside mesh ${q(meshName)} the control plane is the mesh's own. Fix: remove ${prop} (set it on the mesh instead)`);
    }
  }
  return problems;
}

/** A standalone mesh's control plane namespace, name and spec. */
function standaloneProblems(where: string, props: ServerlessMeshIntegrationProps): string[] {
  const problems: string[] = [];
  for (const [prop, value] of [['controlPlaneNamespace', props.controlPlaneNamespace], ['controlPlaneName', props.controlPlaneName]] as const) {
    const p = value === undefined ? undefined : dnsLabelProblem(String(value));
    if (p) problems.push(`${where}: ${prop} ${q(value)} ${p}. Fix: use a name like '${prop === 'controlPlaneName' ? DEFAULT_CONTROL_PLANE_NAME : DEFAULT_NAMESPACE}'`);
  }
  if (props.controlPlaneSpec !== undefined && !isPlainObject(props.controlPlaneSpec)) {
    problems.push(`${where}: controlPlaneSpec must be an object (the 'spec' of a ServiceMeshControlPlane), not ${describeValue(props.controlPlaneSpec)}. Fix: pass the spec object itself`);
  }
  problems.push(...prerequisitesProblems(where, props.prerequisites));
  return problems;
}

/** Whether `member` is one of the Knative namespaces, always members of the roll. */
function isKnative(member: string): boolean {
  return member === KNATIVE_SERVING || member === KNATIVE_EVENTING;
}

/**
 * Problems of the member roll of the mesh in `namespace`, given the application namespaces
 * `members` in the order they were added: the mesh's own namespace, a namespace listed twice.
 */
export function memberProblems(where: string, namespace: string, members: string[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const member of [KNATIVE_SERVING, KNATIVE_EVENTING, ...members]) {
    if (member === namespace) {
      problems.push(`${where}: the member roll lists ${q(member)}, the mesh's own control plane namespace; the member roll webhook refuses it. Fix: remove ${q(member)} from memberNamespaces${isKnative(member) ? ', and run the control plane in a namespace of its own' : ''}`);
    } else if (seen.has(member)) {
      problems.push(`${where}: the member roll lists ${q(member)} twice${isKnative(member) ? ` (${q(member)} is always a member)` : ''}; the member roll webhook refuses duplicates. Fix: list each namespace once`);
    }
    seen.add(member);
  }
  return problems;
}

/** The problem of a second integration (at `twinPath`) for the mesh in `namespace`. */
export function twinProblem(where: string, twinPath: string, namespace: string): string {
  return `${where}: ${q(twinPath)} also integrates OpenShift Serverless with the mesh in ${q(namespace)}; a mesh has one member roll 'default' and one set of Knative gateways. Fix: keep one ServerlessMeshIntegration per mesh and add namespaces with addMemberNamespace()`;
}

/**
 * Whether a Gateway (its JSON) binds port 443 with hosts `*` (also `<namespace>/*`), as
 * `knative-serving/knative-ingress-gateway` does.
 */
export function bindsWildcardHttps(gateway: any): boolean {
  // Another's Gateway may be anything: servers or hosts that are not lists bind nothing.
  const list = (value: unknown): unknown[] => Array.isArray(value) ? value : [];
  return list(gateway?.spec?.servers).some((s: any) => s?.port?.number === 443
    && list(s.hosts).some((h: unknown) => typeof h === 'string' && h.split('/').pop() === '*'));
}

/**
 * Problems of the Gateways of the chart that are not Knative's (their JSON): each that binds port
 * 443 with hosts `*`. `chartNamespace` is the namespace of a Gateway without one.
 */
export function wildcardGatewayProblems(where: string, gateways: any[], chartNamespace: string | undefined): string[] {
  return gateways.filter(bindsWildcardHttps).map(json =>
    `${where}: the Gateway ${q(`${json?.metadata?.namespace ?? chartNamespace ?? 'default'}/${json?.metadata?.name}`)} binds port 443 with hosts '*', as knative-serving/knative-ingress-gateway does; only one Gateway per mesh may, so Knative Services would not be reachable. Fix: give that Gateway specific hosts or another port, or run OpenShift Serverless in a mesh of its own`);
}
