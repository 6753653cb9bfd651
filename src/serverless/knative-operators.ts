// The KnativeServing `knative-serving` and the KnativeEventing `knative-eventing` of OpenShift
// Serverless in the mesh: Istio ingress, the sidecar on their workloads, their `spec.config`.
import { ApiObjectProps } from 'cdk8s';
import { DEFAULT_NAMESPACE, injected, KNATIVE_EVENTING, KNATIVE_SERVING } from './constants';
import { mergeInto } from '../core/merge';
import { q } from '../core/output';

/** A Knative `spec.config`: sections (ConfigMap names without `config-`), then keys and values. */
export type KnativeConfig = { [section: string]: { [key: string]: string } };

/** A rendered `spec.config` and the problems of the user's part of it. */
export interface RenderedConfig {
  readonly config: Record<string, any>;
  readonly problems: string[];
}

export const INGRESS_GATEWAY_HOST_KEY = 'gateway.knative-serving.knative-ingress-gateway';
export const LOCAL_GATEWAY_HOST_KEY = 'local-gateway.knative-serving.knative-local-gateway';

/** The `config.istio` gateway hosts that point Knative at the gateways of the mesh in `namespace`. */
export function istioGatewayHosts(namespace: string): Record<string, string> {
  return {
    [INGRESS_GATEWAY_HOST_KEY]: `istio-ingressgateway.${namespace}.svc.cluster.local`,
    [LOCAL_GATEWAY_HOST_KEY]: `knative-local-gateway.${namespace}.svc.cluster.local`,
  };
}

/**
 * KnativeServing `spec.config` for the mesh in `namespace`: the user's sections, with the gateway
 * hosts in `istio` when the mesh is not in istio-system; a problem for each gateway host the user
 * gives another value.
 */
export function servingConfig(where: string, namespace: string, user: KnativeConfig | undefined): RenderedConfig {
  const expected = istioGatewayHosts(namespace);
  // Its own section only: a value inherited through a prototype is never read.
  const given = (user !== undefined && Object.prototype.hasOwnProperty.call(user, 'istio') ? user.istio : undefined) ?? {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    if (given[key] !== undefined && given[key] !== value) {
      problems.push(`${where}: servingConfig.istio['${key}'] is ${q(given[key])}, but the mesh's gateways are in ${q(namespace)}, so Knative would route to a gateway of another mesh or none. Fix: set it to ${q(value)}, or remove it (the integration sets it)`);
    }
  }
  const config = namespace === DEFAULT_NAMESPACE ? { ...user } : { ...user, istio: { ...given, ...expected } };
  return { config, problems };
}

/** KnativeEventing `spec.config`: the user's sections with `features.istio: enabled`; a problem when the user turns it off. */
export function eventingConfig(where: string, user: KnativeConfig | undefined): RenderedConfig {
  const problems: string[] = [];
  const config = mergeInto(user ?? {}, { features: { istio: 'enabled' } }, (path, baseValue, value) => {
    problems.push(`${where}: eventingConfig sets ${path} to ${q(baseValue)}, but Knative Eventing in the mesh needs ${q(value)}. Fix: remove it from eventingConfig`);
  }, 'eventingConfig');
  return { config, problems };
}

/** The KnativeServing `knative-serving`: Istio ingress, `workloads` injected, `config` when not empty. */
export function knativeServingObject(workloads: string[], config: Record<string, any>): ApiObjectProps {
  return {
    apiVersion: 'operator.knative.dev/v1beta1',
    kind: 'KnativeServing',
    metadata: { name: KNATIVE_SERVING, namespace: KNATIVE_SERVING },
    spec: {
      ingress: { istio: { enabled: true } },
      deployments: workloads.map(injected),
      config: Object.keys(config).length > 0 ? config : undefined,
    },
  };
}

/** The KnativeEventing `knative-eventing`: `config`, `workloads` injected. */
export function knativeEventingObject(workloads: string[], config: Record<string, any>): ApiObjectProps {
  return {
    apiVersion: 'operator.knative.dev/v1beta1',
    kind: 'KnativeEventing',
    metadata: { name: KNATIVE_EVENTING, namespace: KNATIVE_EVENTING },
    spec: { config, workloads: workloads.map(injected) },
  };
}
