// The shapes of the multi-network props and options, checked at run time before anything reads
// them or a construct joins the tree: callers in other jsii languages pass anything, and a wrong
// type must be a message naming the construct, the prop, the value and the fix, never a TypeError.
// Pure functions; not exported from the package.
import { Construct } from 'constructs';
import { MeshCertificateAuthority } from './certificate-authority';
import { CrossNetworkExposure } from './cross-network-exposure';
import { crossNetworkHostsProblems } from './cross-network-hosts';
import { MultiNetworkTopology, RemoteSecretManagement } from './topology';
import { DEFAULT_ISTIO_VERSION } from './versions';
import { FederationError } from '../core/errors';
import { isKind, Kind, PropGuard, reservedIdProblem, valueProblem } from '../core/guards';
import { isPlainObject } from '../core/merge';
import { isNodePort, NODE_PORT_MAX, NODE_PORT_MIN } from '../core/network';
import { byName, describeValue, q } from '../core/output';
import { Platform } from '../core/platform';

const REMOTE_SECRETS: readonly string[] = Object.values(RemoteSecretManagement);
/** Any number: whole numbers and ranges are checked with the value, which names NaN and Infinity as they are. */
const NUMBER: Kind = { test: v => typeof v === 'number', name: 'a number' };
const CIDRS: Kind = { test: v => isKind(v, 'strings'), name: 'a list of CIDR ranges' };
const text = (fix: string): PropGuard => ({ kind: 'string', fix });
const PLATFORM: PropGuard = {
  kind: { test: v => v instanceof Platform, name: 'a Platform' },
  required: true,
  fix: "use one of Platform's factories, e.g. Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }) or Platform.nodePort({ nodeAddresses: ['192.0.2.10'] })",
};
const RANGES: PropGuard = { kind: CIDRS, fix: "pass a list of CIDR ranges, e.g. ['203.0.113.0/24'], or leave it out" };

/** The props of a `MultiNetworkMesh`. */
const MESH: Record<string, PropGuard> = {
  meshId: { kind: 'string', required: true, fix: "pass the mesh ID every cluster carries, e.g. 'mesh1'" },
  istioVersion: text(`pass one of MultiNetworkMesh.SAIL_ISTIO_VERSIONS, e.g. '${DEFAULT_ISTIO_VERSION}', or leave it out`),
  controlPlaneNamespace: text("pass a namespace name such as 'istio-system', or leave it out"),
  topology: {
    kind: { test: v => v instanceof MultiNetworkTopology, name: 'a MultiNetworkTopology' },
    fix: "use MultiNetworkTopology.multiPrimary() or MultiNetworkTopology.primaryRemote('cluster1'), or leave it out",
  },
  remoteSecrets: {
    kind: { oneOf: REMOTE_SECRETS, name: `one of ${REMOTE_SECRETS.map(v => q(v)).join(', ')}` },
    fix: 'use RemoteSecretManagement.ISTIOCTL or RemoteSecretManagement.MANAGED_ELSEWHERE, or leave it out',
  },
  trustDomain: text("pass a trust domain such as 'cluster.local', or leave it out"),
  trustDomainAliases: { kind: 'strings', fix: "pass a list of trust domains, e.g. ['red-mesh.local'], or leave it out" },
  certificateAuthority: {
    kind: { test: v => v instanceof MeshCertificateAuthority, name: 'a MeshCertificateAuthority' },
    fix: 'use MeshCertificateAuthority.manual() or MeshCertificateAuthority.certManager({ ... }), or leave it out',
  },
};

/** What only a multi-network cluster needs (`MultiNetworkClusterSettings`), but `istioValues`, checked with its value. */
const SETTINGS: Record<string, PropGuard> = {
  kubeContext: text('pass a context name from `kubectl config get-contexts`, or leave it out'),
  eastWestGatewayAddresses: {
    kind: { test: v => isKind(v, 'strings'), name: 'a list of IP addresses' },
    fix: "pass the east-west gateway's IPs, e.g. ['203.0.113.10'], or leave it out",
  },
  eastWestGateway: { kind: 'object', fix: 'pass e.g. { replicas: 2 }, or leave it out' },
  crossNetworkHosts: {
    kind: { test: v => isKind(v, 'strings'), name: 'a list of hosts' },
    fix: "pass the hosts to expose, e.g. ['ratings.bookinfo.svc.cluster.local'], or leave it out to expose every service ('*.local')",
  },
};

/** What `fromFederation()`'s `crossNetworkExposure` must be. */
const EXPOSURE: PropGuard = {
  kind: { instanceOf: CrossNetworkExposure, name: 'a CrossNetworkExposure' },
  fix: 'use CrossNetworkExposure.exportedServices() or CrossNetworkExposure.allServices(), or leave it out',
};

/** The options of `addCluster()` the multi-network mesh reads. */
const CLUSTER: Record<string, PropGuard> = {
  platform: PLATFORM,
  clusterName: text("pass Istio's name of the cluster, e.g. 'cluster1', or leave it out"),
  network: text("pass a network name, e.g. 'network1', or leave it out"),
  namespace: text("leave it out: the mesh's controlPlaneNamespace is used"),
  locality: { kind: 'object', fix: "pass e.g. { region: 'us-east-1' }, or leave it out" },
  ingressSourceRanges: RANGES,
  egressSourceRanges: RANGES,
  ...SETTINGS,
};

const LOCALITY: Record<string, PropGuard> = {
  region: text("pass a region such as 'us-east-1'"),
  zone: text("pass a zone such as 'us-east-1a', or leave it out"),
  subzone: text('pass a subzone name, or leave it out'),
};

const GATEWAY: Record<string, PropGuard> = {
  replicas: { kind: NUMBER, fix: 'pass a whole number such as 2, or leave it out' },
  minAvailable: { kind: NUMBER, fix: 'pass a whole number such as 1, or leave it out' },
  autoscaling: { kind: 'object', fix: 'pass e.g. { minReplicas: 2, maxReplicas: 5 }, or leave it out' },
};

const AUTOSCALING: Record<string, PropGuard> = {
  minReplicas: { kind: NUMBER, fix: 'pass a whole number such as 2, or leave it out' },
  maxReplicas: { kind: NUMBER, fix: 'pass a whole number such as 5, or leave it out' },
  targetCpuUtilizationPercent: { kind: NUMBER, fix: 'pass a whole number such as 80, or leave it out' },
};

/** The props of an `EastWestGateway` of its own. */
const EAST_WEST_GATEWAY: Record<string, PropGuard> = {
  network: { kind: 'string', required: true, fix: "pass the cluster's network, e.g. 'network1'" },
  namespace: { kind: 'string', required: true, fix: "pass the control-plane namespace, e.g. 'istio-system'" },
  platform: PLATFORM,
  sourceRanges: RANGES,
  nodePorts: {
    kind: { test: v => Array.isArray(v) && v.length === 3 && v.every(isNodePort), name: `three node ports (${NODE_PORT_MIN}-${NODE_PORT_MAX})` },
    fix: 'pass the node ports of tls, tls-istiod and tls-webhook, e.g. [30443, 30444, 30445], or leave it out',
  },
  ...GATEWAY,
};

/**
 * The problems of the props of `record` (when it is an object; its parent's guard names it when
 * not), each named `<prefix><prop>`.
 */
function fieldProblems(owner: string, prefix: string, record: unknown, guards: Record<string, PropGuard>): string[] {
  if (!isPlainObject(record)) return [];
  return Object.entries(guards).flatMap(([prop, guard]) => valueProblem(owner, `${prefix}${prop}`, record[prop], guard) ?? []);
}

/** The problems of the east-west gateway options (`eastWestGateway`, or the props of an `EastWestGateway`) and their autoscaling. */
function gatewayProblems(owner: string, prefix: string, gateway: unknown, guards: Record<string, PropGuard>): string[] {
  const autoscaling = isPlainObject(gateway) ? gateway.autoscaling : undefined;
  return [...fieldProblems(owner, prefix, gateway, guards), ...fieldProblems(owner, `${prefix}autoscaling.`, autoscaling, AUTOSCALING)];
}

/** What a federation passed to `fromFederation()` must be. */
export const FEDERATION_GUARD: PropGuard = {
  kind: { test: v => Construct.isConstruct(v), name: 'a FederatedMesh' },
  required: true,
  fix: 'pass the FederatedMesh the meshes were added to',
};

/** Throws the problems, if any, as one error. */
export function throwProblems(problems: string[]): void {
  if (problems.length > 0) throw new FederationError(problems);
}

/** A problem as a list: empty when there is none. */
export function listed(problem: string | undefined): string[] {
  return problem === undefined ? [] : [problem];
}

/** The construct a mesh is named by in messages. */
export function meshOwner(id: unknown): string {
  return typeof id === 'string' ? `multi-network mesh ${q(id)}` : 'multi-network mesh';
}

/** Problems of the scope and id a construct is created with. */
export function scopeProblems(owner: string, scope: unknown, id: unknown, example: string): string[] {
  return [
    ...Construct.isConstruct(scope) ? [] : [`${owner}: scope is ${describeValue(scope)}, not a construct. Fix: pass the app or a construct in it, e.g. ${example}`],
    ...listed(valueProblem(owner, 'id', id, { kind: 'string', required: true, fix: `pass a construct id, e.g. ${example}` })),
    ...typeof id === 'string' && reservedIdProblem(id) ? [`${owner}: id ${q(id)} ${reservedIdProblem(id)}. Fix: pass another construct id, e.g. ${example}`] : [],
  ];
}

/** Problems of the types of a mesh's props. */
export function meshShapeProblems(owner: string, props: unknown): string[] {
  if (!isPlainObject(props)) return [`${owner}: props are ${describeValue(props)}, not an object. Fix: pass at least { meshId: 'mesh1' }`];
  return fieldProblems(owner, '', props, MESH);
}

/** Problems of the types of `fromFederation()`'s props, `clusterSettings` included, in the order of the props. */
export function fromFederationShapeProblems(owner: string, props: unknown): string[] {
  const problems = meshShapeProblems(owner, props);
  if (isPlainObject(props)) problems.push(...listed(valueProblem(owner, 'crossNetworkExposure', props.crossNetworkExposure, EXPOSURE)));
  if (!isPlainObject(props) || props.clusterSettings === undefined) return problems;
  const settings: unknown = props.clusterSettings;
  if (!isPlainObject(settings)) {
    return [...problems, `${owner}: clusterSettings is ${describeValue(settings)}, not an object. Fix: key the settings by federation mesh name, e.g. { 'red-mesh': { kubeContext: 'red' } }`];
  }
  for (const [mesh, s] of Object.entries(settings)) {
    const prop = `clusterSettings[${q(mesh)}]`;
    if (!isPlainObject(s)) {
      problems.push(`${owner}: ${prop} is ${describeValue(s)}, not an object. Fix: pass the cluster's settings, e.g. { kubeContext: 'red' }`);
      continue;
    }
    problems.push(
      ...fieldProblems(owner, `${prop}.`, s, SETTINGS),
      ...gatewayProblems(owner, `${prop}.eastWestGateway.`, s.eastWestGateway, GATEWAY),
      ...crossNetworkHostsProblems(owner, `${prop}.crossNetworkHosts`, stringsOrUndefined(s.crossNetworkHosts)),
      ...s.istioValues !== undefined && !isPlainObject(s.istioValues)
        ? [`${owner}: ${prop}.istioValues is ${describeValue(s.istioValues)}, not an object. Fix: pass the values object itself (the 'values' of the Istio resource)`]
        : [],
    );
  }
  return problems;
}

/** What `unknownSettingsProblems()` reads of a federation. */
interface FederationNames {
  readonly meshNames?: unknown;
  readonly node: { readonly id: string };
}

/**
 * Problems of `clusterSettings` keys that name no mesh of the federation, checked before the
 * migration builds the mesh (so that a caught error leaves no mesh behind); none when the
 * federation does not list its meshes.
 */
export function unknownSettingsProblems(owner: string, federation: FederationNames, props: unknown): string[] {
  const names = federation.meshNames;
  const settings = isPlainObject(props) ? props.clusterSettings : undefined;
  if (!isKind(names, 'strings') || !isPlainObject(settings)) return [];
  const known = names as string[];
  return Object.keys(settings).filter(k => !known.includes(k)).sort(byName)
    .map(k => `${owner}: clusterSettings names ${q(k)}, which is not a mesh of federation ${q(federation.node.id)} (meshes: ${known.map(n => q(n)).join(', ')}). Fix: key clusterSettings by mesh name`);
}

/** Problems of the types of a cluster's options (`addCluster()`'s, or a `MultiNetworkCluster`'s props). */
export function clusterShapeProblems(owner: string, options: unknown, noun: 'options' | 'props' = 'options'): string[] {
  if (!isPlainObject(options)) {
    return [`${owner}: ${noun} are ${describeValue(options)}, not an object. Fix: pass the cluster's ${noun}, at least { ${noun === 'props' ? 'mesh, ' : ''}platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }) }`];
  }
  return [
    ...fieldProblems(owner, '', options, CLUSTER),
    ...fieldProblems(owner, 'locality.', options.locality, LOCALITY),
    ...gatewayProblems(owner, 'eastWestGateway.', options.eastWestGateway, GATEWAY),
  ];
}

/** Problems of the types of an `EastWestGateway`'s props. */
export function eastWestGatewayShapeProblems(owner: string, props: unknown): string[] {
  if (!isPlainObject(props)) {
    return [`${owner}: props are ${describeValue(props)}, not an object. Fix: pass at least { network, namespace, platform }`];
  }
  return gatewayProblems(owner, '', props, EAST_WEST_GATEWAY);
}

/** The value of a list-of-strings prop when it is one, else undefined (its shape problem names it). */
export function stringsOrUndefined(value: unknown): string[] | undefined {
  return isKind(value, 'strings') ? value as string[] : undefined;
}
