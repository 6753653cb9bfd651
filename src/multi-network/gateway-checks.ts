// The checks of an east-west gateway's own settings (replicas, autoscaling, disruption budget, source
// ranges), shared by a multi-network cluster and an `EastWestGateway` of its own. Pure functions;
// not exported from the package.
import { isPlainObject } from '../core/merge';
import { cidrProblem } from '../core/network';
import { describeValue, q } from '../core/output';
import { IngressServiceType, Platform } from '../core/platform';

/** The settings of `EastWestGatewayOptions` checked here (written out, so that this file needs no import of the gateway). */
export interface GatewayScale {
  readonly replicas?: number;
  readonly minAvailable?: number;
  readonly autoscaling?: { readonly minReplicas?: number; readonly maxReplicas?: number; readonly targetCpuUtilizationPercent?: number };
}

/**
 * Problems of the east-west gateway's replicas, autoscaling and disruption budget, each named
 * `<prefix><prop>`. Values that are not numbers are left to the shape checks (shapes.ts).
 */
export function eastWestGatewayProblems(c: string, g: GatewayScale, prefix: string): string[] {
  const problems: string[] = [];
  const isNumber = (v: unknown): v is number => typeof v === 'number';
  const whole = (v: unknown, min: number) => !isNumber(v) || (Number.isInteger(v) && v >= min);
  if (!whole(g.replicas, 1)) problems.push(`${c}: ${prefix}replicas ${g.replicas} is not a whole number of at least 1. Fix: use e.g. 2`);
  if (!whole(g.minAvailable, 0)) problems.push(`${c}: ${prefix}minAvailable ${g.minAvailable} is not a whole number of at least 0. Fix: use e.g. 1`);
  const a = isPlainObject(g.autoscaling) ? g.autoscaling as GatewayScale['autoscaling'] : undefined;
  if (a) {
    const min = a.minReplicas ?? 1;
    const max = a.maxReplicas ?? 5;
    if (isNumber(min) && isNumber(max) && (!whole(min, 1) || !whole(max, 1) || min > max)) {
      problems.push(`${c}: ${prefix}autoscaling minReplicas ${min} and maxReplicas ${max} are not whole numbers with 1 <= minReplicas <= maxReplicas. Fix: use e.g. minReplicas 2, maxReplicas 5`);
    }
    const target = a.targetCpuUtilizationPercent ?? 80;
    if (!whole(target, 1)) problems.push(`${c}: ${prefix}autoscaling targetCpuUtilizationPercent ${target} is not a whole number of at least 1. Fix: use e.g. 80`);
  }
  const replicas = g.replicas ?? 1;
  if (isNumber(g.minAvailable) && isNumber(replicas) && !a && g.minAvailable >= replicas) {
    problems.push(`${c}: ${prefix}minAvailable ${g.minAvailable} is not below replicas ${replicas}, so the PodDisruptionBudget blocks every node drain. Fix: raise replicas or lower minAvailable`);
  }
  return problems;
}

/**
 * Problems of an `EastWestGateway`'s own `sourceRanges`: each must be a CIDR range, and a NodePort
 * Service has no `loadBalancerSourceRanges` to carry them.
 */
export function gatewaySourceRangeProblems(owner: string, platform: Platform, ranges: string[] | undefined): string[] {
  const problems: string[] = [];
  for (const range of ranges ?? []) {
    const p = cidrProblem(range);
    if (p) problems.push(`${owner}: sourceRanges has ${q(range)}, which ${p}. Fix: write ranges like '203.0.113.0/24'`);
  }
  if (platform.serviceType === IngressServiceType.NODE_PORT && ranges && ranges.length > 0) {
    problems.push(`${owner}: sourceRanges ${describeValue(ranges)} cannot be applied on Platform.nodePort(): a NodePort Service has no loadBalancerSourceRanges, so the gateway would stay open to every source that reaches the nodes. Fix: remove sourceRanges and restrict the node ports with the nodes' firewall, or use a load balancer platform`);
  }
  return problems;
}
