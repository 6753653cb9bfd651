// Which services the cross-network Gateway of a multi-network mesh rendered from a federation
// exposes to the other networks.
import { FederationError } from '../core/errors';

/** What `CrossNetworkExposure` a mesh rendered from a federation uses. */
export enum CrossNetworkExposureKind {
  /** Only the services the mesh exported, to any peer. */
  EXPORTED_SERVICES = 'exported-services',
  /** Every service of the cluster (`*.local`), exported or not. */
  ALL_SERVICES = 'all-services',
}

/**
 * Which services the `cross-network-gateway` of each cluster exposes, for
 * `MultiNetworkMesh.fromFederation()`.
 *
 * `exportedServices()` (the default) keeps the federation's export scope on multi-network Istio:
 * each cluster's Gateway lists the hosts of the services its mesh exported to any peer, by their
 * own names (`<name>.<namespace>.svc.cluster.local`, or `*.<namespace>.svc.cluster.local` where
 * the names are not known statically), so a service that was never exported stays unreachable
 * from the other networks. A mesh that exports nothing gets no cross-network Gateway at all (an
 * Istio Gateway server needs at least one host, and any host would expose something).
 * `allServices()` exposes `*.local`, every service of every cluster, as plain multi-network Istio
 * does.
 */
export class CrossNetworkExposure {
  /** Only the services each mesh exported (to any peer); a mesh that exports nothing exposes nothing. */
  public static exportedServices(): CrossNetworkExposure {
    return new CrossNetworkExposure(CrossNetworkExposureKind.EXPORTED_SERVICES);
  }

  /** Every service of every cluster (`*.local`), exported or not, as plain multi-network Istio. */
  public static allServices(): CrossNetworkExposure {
    return new CrossNetworkExposure(CrossNetworkExposureKind.ALL_SERVICES);
  }

  /** Which services are exposed. */
  public readonly kind: CrossNetworkExposureKind;

  private constructor(kind: CrossNetworkExposureKind) {
    if (!Object.values(CrossNetworkExposureKind).includes(kind)) {
      throw new FederationError([`CrossNetworkExposure: kind ${String(kind)} is unknown. Fix: use CrossNetworkExposure.exportedServices() or CrossNetworkExposure.allServices()`]);
    }
    this.kind = kind;
  }
}
