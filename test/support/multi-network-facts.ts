// Plain-data clusters for the pure functions of src/multi-network (no chart, no synthesis).
import { LoadBalancerScheme, Platform } from '../../src';
import { ClusterFacts } from '../../src/multi-network/cluster-facts';

/** A Google Cloud load balancer platform (reports an IP). */
export const gcp = (): Platform => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });

/** An AWS NLB platform (reports a hostname only). */
export const awsNlb = (): Platform => Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING });

/**
 * A primary cluster `name` on GCP: Istio cluster name and kube context `name`, network
 * `network-<name>`, port 15443, addresses unknown; `extra` overrides any of it.
 */
export function clusterFacts(name: string, extra: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    name,
    clusterName: name,
    network: `network-${name}`,
    kubeContext: name,
    platform: gcp(),
    role: 'primary',
    eastWestTlsPort: 15443,
    ...extra,
  };
}
