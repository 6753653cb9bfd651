// Compares what the clusters of a multi-network mesh report (the east-west gateway Service and the
// remote secrets) with the mesh's description, and says the most likely cause and fix of each gap.
import { StatusGap } from './status-causes';
import { FederationError } from '../core/errors';
import { q } from '../core/output';
import { IngressServiceType } from '../core/platform';
import { MultiNetworkCluster, MultiNetworkMesh } from '../multi-network/multi-network-mesh';
import { EAST_WEST_GATEWAY_NAME } from '../multi-network/ports';
import { RemoteSecretManagement } from '../multi-network/topology';

/** The command whose JSON output `MultiNetworkStatus.compare()` reads, for `namespace`. */
export const multiNetworkStatusCommand = (namespace: string) => `oc get services,secrets -n ${namespace} -o json`;

/** What one cluster of a multi-network mesh reports. */
export interface ClusterStatusInput {
  /** The cluster, by the name given to `addCluster()`. */
  readonly cluster: string;
  /** The parsed JSON that `oc get services,secrets -n <control-plane namespace> -o json` prints in that cluster (a v1 List). */
  readonly objects: any;
}

/** A remote secret a cluster's istiod needs (`istio-remote-secret-<cluster>`), and whether the cluster has it. */
export interface RemoteSecretStatus {
  /** The cluster the secret gives access to. */
  readonly cluster: string;
  /** Whether the secret is present. */
  readonly found: boolean;
}

/** One cluster's east-west gateway and remote secrets, compared with the description. */
export interface ClusterNetworkStatus {
  readonly cluster: string;
  /** Whether the cluster has the east-west gateway Service. */
  readonly gatewayFound: boolean;
  /** The external addresses the Service reports (`status.loadBalancer.ingress[].ip` or `.hostname`). */
  readonly reportedAddresses: string[];
  /** The addresses the description holds (`eastWestGatewayAddresses`); empty when not given. */
  readonly expectedAddresses: string[];
  /** The clusters whose remote secret this cluster's istiod needs, and whether it is present. */
  readonly remoteSecrets: RemoteSecretStatus[];
  /** What is wrong, with causes and fixes. */
  readonly gaps: StatusGap[];
}

/** What the clusters of a multi-network mesh report, compared with its description. */
export interface MultiNetworkStatusResult {
  /** True when every east-west gateway has its address and every remote secret is present. */
  readonly ok: boolean;
  /** Each cluster given, by name. */
  readonly clusters: ClusterNetworkStatus[];
  /** Clusters without a status. */
  readonly other: StatusGap[];
}

/** Compares the east-west gateways and remote secrets of a multi-network mesh's clusters with its description. */
export class MultiNetworkStatus {
  /** Compares `inputs` (one per cluster) with `mesh`. Throws a FederationError for input of the wrong shape or an unknown cluster. */
  public static compare(mesh: MultiNetworkMesh, inputs: ClusterStatusInput[]): MultiNetworkStatusResult {
    const ns = mesh.controlPlaneNamespace;
    const byCluster = readClusterInputs(mesh, inputs);
    const clusters: ClusterNetworkStatus[] = [];
    const other: StatusGap[] = [];
    for (const cluster of mesh.clusters) {
      const items = byCluster.get(cluster.name);
      if (!items) {
        other.push({ subject: cluster.name, finding: 'no status given', cause: 'its cluster was not read', fix: `pass what \`${multiNetworkStatusCommand(ns)}\` prints in its cluster` });
        continue;
      }
      clusters.push(clusterStatus(mesh, cluster, items));
    }
    return { ok: other.length === 0 && clusters.every(c => c.gaps.length === 0), clusters, other };
  }

  /** The result as Markdown: a table of the clusters, then every gap with its cause and fix. */
  public static toMarkdown(result: MultiNetworkStatusResult): string {
    const lines = ['# Multi-network status', '', result.ok ? 'Everything the description needs is reported.' : 'Gaps found: see below.', '',
      '| Cluster | East-west gateway | Address | Remote secrets |', '| --- | --- | --- | --- |'];
    for (const c of result.clusters) {
      const secrets = c.remoteSecrets.map(s => `${s.cluster} ${s.found ? 'present' : 'missing'}`).join(', ') || 'none needed';
      lines.push(`| ${c.cluster} | ${c.gatewayFound ? 'found' : 'missing'} | ${c.reportedAddresses.join(', ') || 'none'} | ${secrets} |`);
    }
    const gaps = [...result.clusters.flatMap(c => c.gaps), ...result.other];
    if (gaps.length > 0) lines.push('', '## Gaps', '');
    for (const gap of gaps) lines.push(`- **${gap.subject}**: ${gap.finding}. Cause: ${gap.cause}. Fix: ${gap.fix}.`);
    return `${lines.join('\n')}\n`;
  }
}

function readClusterInputs(mesh: MultiNetworkMesh, inputs: ClusterStatusInput[]): Map<string, any[]> {
  const ns = mesh.controlPlaneNamespace;
  if (!Array.isArray(inputs)) throw new FederationError([`status: the inputs are not a list. Fix: pass one { cluster, objects } per cluster, objects being what \`${multiNetworkStatusCommand(ns)}\` prints`]);
  const result = new Map<string, any[]>();
  const problems: string[] = [];
  inputs.forEach((input, i) => {
    const name = typeof input === 'object' && input !== null ? input.cluster : undefined;
    const items = typeof input?.objects === 'object' && input.objects !== null && Array.isArray(input.objects.items) ? input.objects.items : undefined;
    if (typeof name !== 'string' || !mesh.clusters.some(c => c.name === name)) {
      problems.push(`status: input ${i + 1} names cluster ${q(name)}, which the mesh does not have (clusters: ${mesh.clusters.map(c => q(c.name)).join(', ')}). Fix: pass a name given to addCluster()`);
    } else if (!items) {
      problems.push(`status: the objects of cluster ${q(name)} are not a List with items. Fix: pass what \`${multiNetworkStatusCommand(ns)}\` prints, unchanged`);
    } else if (result.has(name)) {
      problems.push(`status: cluster ${q(name)} is given twice. Fix: pass one input per cluster`);
    } else {
      result.set(name, items.filter((o: any) => typeof o === 'object' && o !== null && (o.metadata?.namespace ?? ns) === ns));
    }
  });
  if (problems.length > 0) throw new FederationError(problems);
  return result;
}

function clusterStatus(mesh: MultiNetworkMesh, cluster: MultiNetworkCluster, items: any[]): ClusterNetworkStatus {
  const service = items.find(o => o.kind === 'Service' && o.metadata?.name === EAST_WEST_GATEWAY_NAME);
  const reportedAddresses: string[] = (service?.status?.loadBalancer?.ingress ?? [])
    .map((i: any) => i?.ip ?? i?.hostname).filter((a: unknown): a is string => typeof a === 'string' && a !== '');
  const expectedAddresses = cluster.eastWestGatewayAddresses ?? [];
  const gaps = gatewayGaps(mesh, cluster, service, reportedAddresses, expectedAddresses);
  const remoteSecrets = watchedClusters(mesh, cluster).map(watched => ({
    cluster: watched.name,
    found: items.some(o => o.kind === 'Secret' && o.metadata?.name === `istio-remote-secret-${watched.clusterName}`),
  }));
  for (const secret of remoteSecrets.filter(s => !s.found)) {
    const watched = mesh.clusters.find(c => c.name === secret.cluster)!;
    gaps.push({
      subject: `${cluster.name} -> ${watched.name}`,
      finding: `no Secret istio-remote-secret-${watched.clusterName} in ${mesh.controlPlaneNamespace}`,
      cause: `${cluster.name}'s istiod cannot read ${watched.name}'s endpoints: its remote secret was not created, or under another --name`,
      fix: `istioctl create-remote-secret --context=${watched.kubeContext} --name=${watched.clusterName} | kubectl apply -f - --context=${cluster.kubeContext}`,
    });
  }
  return { cluster: cluster.name, gatewayFound: service !== undefined, reportedAddresses, expectedAddresses, remoteSecrets, gaps };
}

function gatewayGaps(mesh: MultiNetworkMesh, cluster: MultiNetworkCluster, service: any, reported: string[], expected: string[]): StatusGap[] {
  const ns = mesh.controlPlaneNamespace;
  const read = `kubectl get service ${EAST_WEST_GATEWAY_NAME} -n ${ns} --context=${cluster.kubeContext} -o wide`;
  if (service === undefined) {
    return [{ subject: cluster.name, finding: `no Service ${EAST_WEST_GATEWAY_NAME} in ${ns}`, cause: `${cluster.name}'s folder was not applied, or the gateway was not created under that name`, fix: `apply ${cluster.name}'s folder (--context=${cluster.kubeContext}), then \`${read}\`` }];
  }
  if (cluster.platform.serviceType === IngressServiceType.NODE_PORT) return [];
  if (reported.length === 0) {
    return [{ subject: cluster.name, finding: 'the east-west gateway has no external address (status.loadBalancer.ingress is empty)', cause: 'the load balancer is still being created, or the cluster cannot create one', fix: `wait until \`${read}\` shows an EXTERNAL-IP; if it stays <pending>, check the cloud provider's load balancer events (\`kubectl describe service ${EAST_WEST_GATEWAY_NAME} -n ${ns}\`)` }];
  }
  const missing = expected.filter(a => !reported.includes(a));
  if (missing.length === 0) return [];
  return [{
    subject: cluster.name,
    finding: `the east-west gateway reports ${reported.join(', ')}, the description holds ${expected.join(', ')}`,
    cause: 'the load balancer was created again and got a new address, or the description holds another cluster\'s',
    fix: `set eastWestGatewayAddresses: [${reported.map(a => q(a)).join(', ')}] on ${q(cluster.name)} (static addresses keep it from changing), synthesize again and apply`,
  }];
}

/** The clusters whose endpoints `cluster`'s istiod watches through a remote secret (none when secrets are managed elsewhere). */
function watchedClusters(mesh: MultiNetworkMesh, cluster: MultiNetworkCluster): MultiNetworkCluster[] {
  if (mesh.remoteSecrets !== RemoteSecretManagement.ISTIOCTL || cluster.isRemote) return [];
  return mesh.clusters.filter(c => c !== cluster);
}
