// What the pure functions of this folder (checks, istiod values, manual steps) know of a cluster:
// plain data, which a `MultiNetworkCluster` gives with `_facts()` and a test writes by hand. Not
// exported from the package.
import { MultiNetworkTopology, MultiNetworkTopologyKind } from './topology';
import { Platform } from '../core/platform';

/**
 * What a cluster runs of the control plane: its own istiod (`primary`), its own istiod that the
 * remotes use too (`primary-of-remotes`), or none (`remote`).
 */
export type ClusterRole = 'primary' | 'primary-of-remotes' | 'remote';

/** One cluster of a multi-network mesh, as plain data. */
export interface ClusterFacts {
  /** The name given to `addCluster()` (the output folder). */
  readonly name: string;
  /** Istio's name of the cluster (`global.multiCluster.clusterName`). */
  readonly clusterName: string;
  /** The cluster's network (`global.network`). */
  readonly network: string;
  /** The kubeconfig context used in manual steps. */
  readonly kubeContext: string;
  /** Where the cluster runs. */
  readonly platform: Platform;
  /** What the cluster runs of the control plane. */
  readonly role: ClusterRole;
  /** The IPs of the east-west gateway, when known. */
  readonly eastWestGatewayAddresses?: string[];
  /** The port peers reach the east-west gateway's `tls` port on. */
  readonly eastWestTlsPort: number;
}

/** The role of cluster `name` (as given to `addCluster()`) in `topology`. */
export function clusterRole(topology: MultiNetworkTopology, name: string): ClusterRole {
  if (topology.kind !== MultiNetworkTopologyKind.PRIMARY_REMOTE) return 'primary';
  return topology.primary === name ? 'primary-of-remotes' : 'remote';
}
