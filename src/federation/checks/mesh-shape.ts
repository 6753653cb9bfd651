// The shape of a mesh's options, checked at run time before anything reads them: callers in other
// jsii languages (and YAML) pass anything, and a wrong type must be a message, never a TypeError.
import { FederationError } from '../../core/errors';
import { GatewayNaming } from '../../core/gateway-naming';
import { JSON_VALUE_FIX, jsonValueProblem } from '../../core/json';
import { isPlainObject as isObject } from '../../core/merge';
import { describeValue, q } from '../../core/output';
import { Platform } from '../../core/platform';
import { federationGatewayProblems } from '../gateway-runtime';
import type { IMesh } from '../refs';

const STRINGS = ['namespace', 'controlPlaneName', 'version', 'trustDomain', 'clusterName', 'network', 'rootCertificate', 'dnsDomain'] as const;

/** Problems of the types of `props`, the options of mesh `name`; empty when each has the type it should. */
export function meshShapeProblems(name: string, props: unknown): string[] {
  const m = `mesh ${q(name)}`;
  if (!isObject(props)) {
    return [`${m}: options are ${describeValue(props)}. Fix: pass the mesh's options, at least { platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }) }`];
  }
  const problems: string[] = [];
  if (!(props.platform instanceof Platform)) {
    problems.push(`${m}: platform is ${describeValue(props.platform)}, not a Platform. Fix: use one of Platform's factories, e.g. Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNAL }) or Platform.nodePort({ nodeAddresses: ['192.0.2.10'] })`);
  }
  for (const prop of STRINGS) {
    if (props[prop] !== undefined && typeof props[prop] !== 'string') {
      problems.push(`${m}: ${prop} is ${describeValue(props[prop])}, not a string. Fix: pass text${prop === 'rootCertificate' ? ' (the PEM of the root certificate)' : ''}, or leave it out`);
    }
  }
  if (props.gatewayNaming !== undefined && !(props.gatewayNaming instanceof GatewayNaming)) {
    problems.push(`${m}: gatewayNaming is ${describeValue(props.gatewayNaming)}, not a GatewayNaming. Fix: use GatewayNaming.docs(), GatewayNaming.maistraSamples() or GatewayNaming.pattern(...)`);
  }
  for (const prop of ['externalDns', 'clusterLocalPeering'] as const) {
    if (props[prop] !== undefined && typeof props[prop] !== 'boolean') {
      problems.push(`${m}: ${prop} is ${describeValue(props[prop])}, not true or false. Fix: pass a boolean`);
    }
  }
  problems.push(...federationGatewayProblems(m, props.federationGateways));
  problems.push(...listProblems(m, props), ...localityShapeProblems(m, props.locality), ...specShapeProblems(m, props.controlPlaneSpec));
  return problems;
}

/** `ingressAddresses` (peer to addresses) and the source ranges: lists of strings. */
function listProblems(m: string, props: Record<string, any>): string[] {
  const problems: string[] = [];
  const strings = (v: unknown) => Array.isArray(v) && v.every(s => typeof s === 'string');
  for (const prop of ['ingressSourceRanges', 'egressSourceRanges'] as const) {
    if (props[prop] !== undefined && !strings(props[prop])) {
      problems.push(`${m}: ${prop} is ${describeValue(props[prop])}, not a list of CIDR ranges. Fix: pass e.g. ['203.0.113.0/24']`);
    }
  }
  const addresses = props.ingressAddresses;
  if (addresses !== undefined && (!isObject(addresses) || !Object.values(addresses).every(strings))) {
    problems.push(`${m}: ingressAddresses is ${describeValue(addresses)}, not a map of peer mesh names to lists of addresses. Fix: pass e.g. { 'green-mesh': ['203.0.113.10'] }`);
  }
  return problems;
}

function localityShapeProblems(m: string, locality: unknown): string[] {
  if (locality === undefined) return [];
  const fields = isObject(locality) ? (['region', 'zone', 'subzone'] as const).filter(f => locality[f] !== undefined && typeof locality[f] !== 'string') : [];
  if (isObject(locality) && fields.length === 0) return [];
  return [`${m}: locality is ${describeValue(locality)}, not { region, zone?, subzone? } with text values. Fix: pass e.g. { region: 'us-east-1' }`];
}

/** A control plane spec must be writable as JSON: no cycles, no BigInt, no functions, no special keys. */
function specShapeProblems(m: string, spec: unknown): string[] {
  if (spec === undefined) return [];
  const problem = jsonValueProblem(spec, 'controlPlaneSpec');
  return problem ? [`${m}: ${problem}. Fix: ${JSON_VALUE_FIX}`] : [];
}


/**
 * Checks at run time that an export's or import's `mesh` and `peer` are meshes (callers in other
 * jsii languages pass anything), naming the construct, the prop and the fix.
 */
export function checkMeshes(kind: string, id: string, props: { readonly mesh?: unknown; readonly peer?: unknown } | undefined): void {
  const isMesh = (m: unknown) => typeof m === 'object' && m !== null && typeof (m as IMesh).meshName === 'string' && typeof (m as IMesh).federation === 'object';
  const mesh = isMesh(props?.mesh) ? `mesh ${q((props!.mesh as IMesh).meshName)}` : `${kind} ${q(id)}`;
  const problems = (['mesh', 'peer'] as const).filter(prop => !isMesh(props?.[prop]))
    .map(prop => `${mesh}: ${kind} ${q(id)} ${prop} is ${describeValue(props?.[prop])}, not a Mesh. Fix: pass a Mesh of the federation, e.g. federation.findMesh('green-mesh')`);
  if (problems.length > 0) throw new FederationError(problems);
}
