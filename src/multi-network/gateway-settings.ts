// The east-west gateway's settings that follow from the platform and from the other clusters.
// Pure functions; not exported from the package.
import { DEFAULT_EAST_WEST_NODE_PORT, EAST_WEST_TLS_PORT } from './ports';
import { byName } from '../core/output';
import { IngressServiceType, Platform } from '../core/platform';

/** On the NodePort platform, the node ports of `tls`, `tls-istiod` and `tls-webhook`; none on a load balancer. */
export function eastWestNodePorts(platform: Platform): number[] | undefined {
  const np = platform._nodePortOptions;
  if (platform.serviceType !== IngressServiceType.NODE_PORT || !np) return undefined;
  const first = np.firstNodePort ?? DEFAULT_EAST_WEST_NODE_PORT;
  return [first, first + 1, first + 2];
}

/** The port peers reach the east-west gateway's `tls` port on: 15443, or its node port. */
export function eastWestTlsPort(platform: Platform): number {
  return eastWestNodePorts(platform)?.[0] ?? EAST_WEST_TLS_PORT;
}

/**
 * The IPs of the east-west gateway, when known: the ones given (`eastWestGatewayAddresses`), else on
 * the NodePort platform the node addresses.
 */
export function eastWestGatewayAddresses(given: string[] | undefined, platform: Platform): string[] | undefined {
  if (given && given.length > 0) return [...given];
  if (platform.serviceType === IngressServiceType.NODE_PORT) return [...platform._nodePortOptions?.nodeAddresses ?? []];
  return undefined;
}

/**
 * Who may reach a cluster's east-west gateway: every other cluster's `egressSourceRanges`, or where one
 * does not declare them, the cluster's own `ingressSourceRanges` (alone, when there is no other
 * cluster); no restriction when neither is known. Sorted, without duplicates.
 */
export function eastWestSourceRanges(ownIngress: string[] | undefined, othersEgress: Array<string[] | undefined>): string[] | undefined {
  const sets = othersEgress.length === 0 ? [ownIngress] : othersEgress.map(egress => egress ?? ownIngress);
  if (sets.some(s => s === undefined || s.length === 0)) return undefined;
  return [...new Set(sets.flatMap(s => s!))].sort(byName);
}
