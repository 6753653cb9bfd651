// Warnings about who may reach a mesh's ingress gateways: source ranges that let in every
// address, and a peer's egress ranges that a NodePort mesh cannot enforce.
import { openRangeWarnings } from '../../core/network';
import { q } from '../../core/output';
import { IngressServiceType } from '../../core/platform';
import { FederationModel, ResolvedMesh } from '../model/resolve';

/** The range warnings of `mesh`: its own open ranges, then the peers' ranges it cannot enforce. */
export function rangeWarnings(model: FederationModel, mesh: ResolvedMesh): string[] {
  const warnings = openRangeWarnings(`mesh ${q(mesh.name)}`, mesh.options);
  if (mesh.options.platform.serviceType !== IngressServiceType.NODE_PORT) return warnings;
  for (const peer of mesh.peers) {
    if ((model.mesh(peer)?.options.egressSourceRanges ?? []).length > 0) {
      warnings.push(`mesh ${q(mesh.name)}: mesh ${q(peer)} sets egressSourceRanges, but ${q(mesh.name)} is on Platform.nodePort(), whose Service cannot restrict sources (loadBalancerSourceRanges applies to LoadBalancer Services only), so its ingress gateway for ${q(peer)} takes connections from anywhere that reaches the nodes. Consider a firewall rule or NetworkPolicy on the node ports`);
    }
  }
  return warnings;
}
