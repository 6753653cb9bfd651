// The typed result of comparing what the clusters report with a federation's plan.
import { StatusGap } from './status-causes';

/** What one cluster reports for one mesh. */
export interface MeshStatusInput {
  /** The mesh, by name; its objects are read from its control-plane namespace. */
  readonly mesh: string;
  /** The parsed JSON that `oc get servicemeshpeers,exportedservicesets,importedservicesets -A -o json` prints in its cluster. */
  readonly objects: any;
  /**
   * Where the JSON came from, for messages.
   * @default - "the status of <mesh>"
   */
  readonly source?: string;
}

/** One side of a peering: the ServiceMeshPeer in `mesh`'s namespace that points at `peer`. */
export interface PeeringStatus {
  readonly mesh: string;
  readonly peer: string;
  /** Whether the cluster has the ServiceMeshPeer. */
  readonly found: boolean;
  /** Whether an istiod pod of `mesh` watches `peer` (`status.discoveryStatus.active[].watch.connected`). */
  readonly connected: boolean;
  /** Whether `peer` watches `mesh` (`status.discoveryStatus.active[].remotes[].connected`). */
  readonly remoteConnected: boolean;
  /** The addresses the ServiceMeshPeer points at (`spec.remote.addresses`). */
  readonly remoteAddresses: string[];
  /**
   * Since when: the watch's `lastConnected` when connected, else its `lastDisconnect`.
   * @default - not reported
   */
  readonly since?: string;
  /**
   * The watch's `lastDisconnectStatus`.
   * @default - not reported
   */
  readonly lastDisconnectStatus?: string;
  /** What is wrong, with causes and fixes; empty when connected both ways as planned. */
  readonly gaps: StatusGap[];
}

/** The services one exported or imported service set is expected to list, and those it lists. */
export interface ServiceSetStatus {
  /** The mesh that holds the set. */
  readonly mesh: string;
  /** The peer it exports to or imports from (the set's name). */
  readonly peer: string;
  /** Exported names the plan expects (`*` where wildcards or labels decide). */
  readonly expected: string[];
  /** Exported names the cluster reports (for imports: those imported under a local name). */
  readonly reported: string[];
  /** What is wrong, with causes and fixes. */
  readonly gaps: StatusGap[];
}

/** What the clusters report, compared with the plan. */
export interface FederationStatusResult {
  /** True when everything the plan promised is reported and nothing else. */
  readonly ok: boolean;
  /** Each peering, from both sides, by mesh then peer. */
  readonly peerings: PeeringStatus[];
  /** Each ExportedServiceSet the plan has. */
  readonly exports: ServiceSetStatus[];
  /** Each ImportedServiceSet the plan has. */
  readonly imports: ServiceSetStatus[];
  /** Objects the plan does not have, and meshes without a status. */
  readonly other: StatusGap[];
}
