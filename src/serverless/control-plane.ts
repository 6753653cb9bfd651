// What OpenShift Serverless needs of the mesh's control plane: the ServiceMeshControlPlane settings
// and the members of the ServiceMeshMemberRoll `default`.
import { KNATIVE_EVENTING, KNATIVE_SERVING } from './constants';
import { mergeInto } from '../core/merge';
import { q } from '../core/output';

/** The SMCP settings OpenShift Serverless needs. */
export function controlPlaneSettings(): Record<string, any> {
  return {
    security: { dataPlane: { mtls: true } },
    techPreview: { meshConfig: { defaultConfig: { terminationDrainDuration: '35s' } } },
    gateways: { ingress: { service: { metadata: { labels: { knative: 'ingressgateway' } } } } },
    proxy: { networking: { trafficControl: { inbound: { excludedPorts: [8444, 8022] } } } },
  };
}

/**
 * The ServiceMeshControlPlane `spec` of a standalone mesh: the given spec (by default
 * `{ profiles: ['default'] }`) with the serverless settings merged in, and a problem for each
 * setting it gives another value.
 */
export function standaloneControlPlaneSpec(where: string, given: Record<string, any> | undefined): { spec: Record<string, any>; problems: string[] } {
  const problems: string[] = [];
  const spec = mergeInto(given ?? { profiles: ['default'] }, controlPlaneSettings(), (path, baseValue, value) => {
    problems.push(`${where}: controlPlaneSpec sets ${path} to ${q(baseValue)} but OpenShift Serverless needs ${q(value)}. Fix: remove ${path} from controlPlaneSpec, or set it to ${q(value)}`);
  });
  return { spec, problems };
}

/** The members of the ServiceMeshMemberRoll: `knative-serving`, `knative-eventing`, then the application namespaces, sorted. */
export function memberRollMembers(applicationNamespaces: string[]): string[] {
  return [KNATIVE_SERVING, KNATIVE_EVENTING, ...[...applicationNamespaces].sort()];
}
