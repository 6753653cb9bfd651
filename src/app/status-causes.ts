// The most likely cause of each gap between the plan and what a cluster reports, and its fix.
import { ReportedPeer } from './status-input';
import { q } from '../core/output';

/** One gap between the plan and what a cluster reports, with its most likely cause and fix. */
export interface StatusGap {
  /** What the gap is about, e.g. `red-mesh -> green-mesh` or an exported name. */
  readonly subject: string;
  /** What was expected and what was reported. */
  readonly finding: string;
  /** The most likely cause. */
  readonly cause: string;
  /** What to do about it. */
  readonly fix: string;
}

/** What a peering should hold, from the plan. */
export interface ExpectedPeer {
  readonly mesh: string;
  readonly namespace: string;
  readonly peer: string;
  readonly peerNamespace: string;
  readonly addresses: string[];
  readonly clientId: string;
  readonly trustDomain: string;
  readonly ingress: string;
  readonly egress: string;
}

const apply = (namespace: string) => `apply the output's folder for the mesh again (or let your GitOps tool sync it), then check \`oc -n ${namespace} get servicemeshpeer -o yaml\``;

/** Why a reported peer's spec differs from the plan, if it does. */
export function specGaps(expected: ExpectedPeer, reported: ReportedPeer, subject: string): StatusGap[] {
  const gaps: StatusGap[] = [];
  if (reported.clientId !== undefined && reported.clientId !== expected.clientId) {
    gaps.push({
      subject,
      finding: `spec.security.clientID is ${q(reported.clientId)}, the plan has ${q(expected.clientId)}`,
      cause: `client ID mismatch: ${q(expected.peer)}'s egress gateway presents ${q(expected.clientId)}, which this peer refuses`,
      fix: `set spec.security.clientID to ${q(expected.clientId)} (${apply(expected.namespace)})`,
    });
  }
  if (reported.trustDomain !== undefined && reported.trustDomain !== expected.trustDomain) {
    gaps.push({
      subject,
      finding: `spec.security.trustDomain is ${q(reported.trustDomain)}, the plan has ${q(expected.trustDomain)}`,
      cause: `trust domain mismatch: ${q(expected.peer)}'s control plane uses ${q(expected.trustDomain)} (spec.security.trust.domain of its ServiceMeshControlPlane)`,
      fix: `set spec.security.trustDomain to ${q(expected.trustDomain)}, or the peer's trustDomain in the description to what its control plane really uses (${apply(expected.namespace)})`,
    });
  }
  const same = expected.addresses.length === 0 || [...expected.addresses].sort().join(',') === [...reported.addresses].sort().join(',');
  if (!same) {
    gaps.push({
      subject,
      finding: `spec.remote.addresses is [${reported.addresses.join(', ')}], the plan has [${expected.addresses.join(', ')}]`,
      cause: 'address mismatch: the cluster runs an older ServiceMeshPeer than the description',
      fix: apply(expected.namespace),
    });
  }
  return gaps;
}

/** The most likely cause of an inactive peering, from the last disconnect status and the specs. */
export function inactiveCause(expected: ExpectedPeer, status: string | undefined, subject: string): StatusGap {
  const finding = `discovery is inactive${status ? ` (last disconnect: ${q(status)})` : ''}`;
  const remote = `${expected.addresses.join(', ') || 'the address'}`;
  if (status && /x509|certificate|tls|handshake/i.test(status)) {
    return {
      subject,
      finding,
      cause: `certificate mismatch: the ConfigMap ${q(`${expected.peer}-ca-root-cert`)} in ${q(expected.namespace)} does not hold ${q(expected.peer)}'s current root certificate`,
      fix: `collect ${q(expected.peer)}'s istio-ca-root-cert again (\`oc get configmap istio-ca-root-cert -n ${expected.peerNamespace} -o json\`), run collect and synth, and apply`,
    };
  }
  if (status && /40[13]|unauthori[sz]ed|forbidden|rbac|denied/i.test(status)) {
    return {
      subject,
      finding,
      cause: `client ID or trust domain mismatch: ${q(expected.peer)} refuses the identity ${q(expected.mesh)}'s egress gateway presents`,
      fix: `check that ${q(expected.peer)}'s ServiceMeshPeer ${q(expected.mesh)} (namespace ${q(expected.peerNamespace)}) has the client ID and trust domain the plan gives, and that both control planes use the trust domains of the description`,
    };
  }
  if (status && /50[234]|timeout|timed out|refused|no route|unreachable|dial|no healthy upstream|eof/i.test(status)) {
    return {
      subject,
      finding,
      cause: `unreachable address or port: ${q(expected.mesh)}'s egress gateway ${q(expected.egress)} cannot reach ${q(expected.peer)}'s ingress gateway at ${remote}`,
      fix: `check \`oc -n ${expected.peerNamespace} get svc\` for the ingress gateway's external address and ports, firewall rules and loadBalancerSourceRanges; if the address changed, run collect and synth again`,
    };
  }
  return {
    subject,
    finding,
    cause: 'no cause visible in the status',
    fix: `read the logs of istiod and ${q(expected.egress)} in ${q(expected.namespace)}, and of ${q(expected.peer)}'s ingress gateway for ${q(expected.mesh)} in ${q(expected.peerNamespace)}`,
  };
}

/** The gap of a federation object whose peer the description no longer has. */
export function unknownPeerGap(kind: string, namespace: string, name: string, isMesh: boolean): StatusGap {
  return {
    subject: `${kind} ${namespace}/${name}`,
    finding: 'the cluster has it, the plan does not',
    cause: isMesh ? 'a peer the description no longer has: the meshes no longer peer' : 'a peer of a mesh the description no longer has',
    fix: `delete it (\`oc -n ${namespace} delete ${kind.toLowerCase()} ${name}\`), or let your GitOps tool prune it`,
  };
}
