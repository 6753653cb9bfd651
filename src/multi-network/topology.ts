// Which clusters of a multi-network mesh run a control plane, and who creates the remote secrets.
import { guardValue } from '../core/guards';

/** The kinds of multi-network topology. */
export enum MultiNetworkTopologyKind {
  /** Every cluster runs its own istiod, which watches the API servers of all the others. */
  MULTI_PRIMARY = 'multi-primary',
  /** One primary cluster runs istiod for all; the others are remotes whose proxies it configures through its east-west gateway. */
  PRIMARY_REMOTE = 'primary-remote',
}

/** Which clusters of a multi-network mesh run a control plane. */
export class MultiNetworkTopology {
  /** Every cluster is a primary (upstream Istio's and Anthos Service Mesh's multi-primary, multi-network setup). */
  public static multiPrimary(): MultiNetworkTopology {
    return new MultiNetworkTopology(MultiNetworkTopologyKind.MULTI_PRIMARY);
  }

  /**
   * `primary` (a cluster name, as given to `addCluster()`) runs istiod and exposes it through its
   * east-west gateway; every other cluster is a remote.
   */
  public static primaryRemote(primary: string): MultiNetworkTopology {
    guardValue('MultiNetworkTopology.primaryRemote()', 'primary', primary, {
      kind: 'string', required: true, fix: "pass the name of the cluster that runs istiod, as given to addCluster(), e.g. 'cluster1'",
    });
    return new MultiNetworkTopology(MultiNetworkTopologyKind.PRIMARY_REMOTE, primary);
  }

  /** The kind of topology. */
  public readonly kind: MultiNetworkTopologyKind;
  /**
   * The primary's cluster name, for primary-remote.
   * @default - none (every cluster is a primary)
   */
  public readonly primary?: string;

  private constructor(kind: MultiNetworkTopologyKind, primary?: string) {
    this.kind = kind;
    this.primary = primary;
  }
}

/**
 * Who creates the remote secrets (a Secret labelled `istio/multiCluster: "true"` holding a
 * kubeconfig for another cluster's API server). The library never generates them: they hold
 * credentials.
 */
export enum RemoteSecretManagement {
  /** You create them with `istioctl create-remote-secret`; `manualSteps()` lists the commands for each ordered pair. */
  ISTIOCTL = 'istioctl',
  /**
   * They are managed elsewhere (External Secrets, a GitOps vault, a cluster manager), named
   * `istio-remote-secret-<cluster name>` in the control-plane namespace; no step is listed.
   */
  MANAGED_ELSEWHERE = 'managed-elsewhere',
}
