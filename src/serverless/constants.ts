// The names OpenShift Serverless fixes: its namespaces, the mesh defaults it assumes, the sidecar
// annotations and the workloads that get the sidecar.

export const KNATIVE_SERVING = 'knative-serving';
export const KNATIVE_EVENTING = 'knative-eventing';
/** The control-plane namespace of a standalone mesh, unless told otherwise. */
export const DEFAULT_NAMESPACE = 'istio-system';
/** The ServiceMeshControlPlane name of a standalone mesh, unless told otherwise. */
export const DEFAULT_CONTROL_PLANE_NAME = 'basic';

export const INJECT = 'sidecar.istio.io/inject';
export const REWRITE_PROBERS = 'sidecar.istio.io/rewriteAppHTTPProbers';
export const PASSTHROUGH = 'serving.knative.openshift.io/enablePassthrough';

export const DEFAULT_SERVING_WORKLOADS = ['activator', 'autoscaler'];
export const DEFAULT_EVENTING_WORKLOADS = ['pingsource-mt-adapter', 'imc-dispatcher', 'mt-broker-ingress', 'mt-broker-filter'];

/** A workload entry (of KnativeServing, KnativeEventing or KnativeKafka) with the sidecar injected. */
export function injected(name: string): Record<string, any> {
  return { name, labels: { [INJECT]: 'true' }, annotations: { [REWRITE_PROBERS]: 'true' } };
}
