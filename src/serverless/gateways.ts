// The Knative gateways: the Gateways `knative-ingress-gateway` and `knative-local-gateway` in
// `knative-serving`, and the Service `knative-local-gateway` in the mesh namespace.
import { ApiObject } from 'cdk8s';
import type { k8s } from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { KNATIVE_SERVING } from './constants';
import { GatewayV1Beta1, GatewayV1Beta1Props, GatewayV1Beta1SpecServersTlsMode } from '../imports/networking.istio.io';

/**
 * cdk8s-plus-27's Kubernetes classes, loaded the first time a construct of this file needs them:
 * the package is large (most of a federation app's module loading), and an app without
 * multi-network Istio or Serverless never needs it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plus = (): typeof k8s => require('cdk8s-plus-27').k8s;

/** The pods both Knative gateways select: the mesh's ingress gateway, labelled by the control plane settings. */
function selector(): Record<string, string> {
  return { knative: 'ingressgateway' };
}

/** The Gateway `knative-ingress-gateway`: port 443, hosts `*`, TLS with the wildcard certificate in `credentialName`. */
export function ingressGatewayProps(credentialName: string): GatewayV1Beta1Props {
  return {
    metadata: { name: 'knative-ingress-gateway', namespace: KNATIVE_SERVING },
    spec: {
      selector: selector(),
      servers: [{
        port: { number: 443, name: 'https', protocol: 'HTTPS' },
        hosts: ['*'],
        tls: { mode: GatewayV1Beta1SpecServersTlsMode.SIMPLE, credentialName },
      }],
    },
  };
}

/** The Gateway `knative-local-gateway`: port 8081, hosts `*`, Istio mutual TLS. */
export function localGatewayProps(): GatewayV1Beta1Props {
  return {
    metadata: { name: 'knative-local-gateway', namespace: KNATIVE_SERVING },
    spec: {
      selector: selector(),
      servers: [{
        port: { number: 8081, name: 'https', protocol: 'HTTPS' },
        tls: { mode: GatewayV1Beta1SpecServersTlsMode.ISTIO_UNDERSCORE_MUTUAL },
        hosts: ['*'],
      }],
    },
  };
}

/** The Service `knative-local-gateway` in the mesh namespace `namespace`: port 80 to the ingress gateway's 8081. */
export function localGatewayServiceProps(namespace: string): k8s.KubeServiceProps {
  return {
    metadata: {
      name: 'knative-local-gateway',
      namespace,
      labels: { 'experimental.istio.io/disable-gateway-port-translation': 'true' },
    },
    spec: {
      type: 'ClusterIP',
      selector: { istio: 'ingressgateway' },
      ports: [{ name: 'http2', port: 80, targetPort: plus().IntOrString.fromNumber(8081) }],
    },
  };
}

/** The Knative gateways. */
export interface KnativeGateways {
  readonly ingressGateway: ApiObject;
  readonly localGateway: ApiObject;
  readonly localGatewayService: ApiObject;
}

/** Adds the Knative gateways to `scope` (ids `IngressGateway`, `LocalGateway`, `LocalGatewayService`). */
export function addKnativeGateways(scope: Construct, credentialName: string, meshNamespace: string): KnativeGateways {
  return {
    ingressGateway: new GatewayV1Beta1(scope, 'IngressGateway', ingressGatewayProps(credentialName)),
    localGateway: new GatewayV1Beta1(scope, 'LocalGateway', localGatewayProps()),
    localGatewayService: new (plus().KubeService)(scope, 'LocalGatewayService', localGatewayServiceProps(meshNamespace)),
  };
}
