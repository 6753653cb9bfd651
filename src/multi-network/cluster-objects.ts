// The Istio objects of a multi-network cluster beside its control plane and east-west gateway:
// the `cross-network-gateway` Gateway, and on the primary of a primary-remote mesh the istiod
// exposure. Not exported from the package.
import { ApiObject, Lazy } from 'cdk8s';
import type * as kplus from 'cdk8s-plus-27';
import { Construct } from 'constructs';
import { EAST_WEST_ISTIOD_PORT, EAST_WEST_TLS_PORT, EAST_WEST_WEBHOOK_PORT } from './ports';
import { Gateway, GatewaySpecServersTlsMode } from '../imports/networking.istio.io';

/**
 * cdk8s-plus-27, loaded the first time a cluster needs it: the package is large (its Kubernetes
 * classes are most of a federation app's module loading), and an app without multi-network Istio
 * or Serverless never needs it.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plus = (): typeof kplus => require('cdk8s-plus-27');

/**
 * The control-plane Namespace (`Namespace`), labelled with the network; on a remote, annotated
 * with the cluster name of its primary (`primary`, read when the chart renders).
 */
export function addClusterNamespace(scope: Construct, namespace: string, network: string, primary?: () => string): void {
  const ns = new (plus().Namespace)(scope, 'Namespace', {
    metadata: { name: namespace, labels: { 'topology.istio.io/network': network } },
  });
  if (primary) ApiObject.of(ns).metadata.addAnnotation('topology.istio.io/controlPlaneClusters', Lazy.any({ produce: primary }) as any);
}

/**
 * The `cross-network-gateway` Gateway (`CrossNetworkGateway`): `AUTO_PASSTHROUGH` on 15443 for
 * `hosts` (by default `*.local`), read when the chart renders.
 */
export function addCrossNetworkGateway(scope: Construct, namespace: string, hosts: () => string[]): Gateway {
  return new Gateway(scope, 'CrossNetworkGateway', {
    metadata: { name: 'cross-network-gateway', namespace },
    spec: {
      selector: { istio: 'eastwestgateway' },
      servers: [{
        port: { number: EAST_WEST_TLS_PORT, name: 'tls', protocol: 'TLS' },
        tls: { mode: GatewaySpecServersTlsMode.AUTO_UNDERSCORE_PASSTHROUGH },
        hosts: Lazy.any({ produce: () => [...hosts()] }) as unknown as string[],
      }],
    },
  });
}

/**
 * On the primary of a primary-remote mesh: istiod and its webhook exposed through the east-west
 * gateway (`IstiodGateway`, `IstiodVirtualService`).
 */
export function addIstiodExposure(scope: Construct, namespace: string): void {
  const passthrough = (name: string, number: number) => ({
    port: { number, name, protocol: 'TLS' },
    tls: { mode: GatewaySpecServersTlsMode.PASSTHROUGH },
    hosts: ['*'],
  });
  new Gateway(scope, 'IstiodGateway', {
    metadata: { name: 'istiod-gateway', namespace },
    spec: {
      selector: { istio: 'eastwestgateway' },
      servers: [passthrough('tls-istiod', EAST_WEST_ISTIOD_PORT), passthrough('tls-istiodwebhook', EAST_WEST_WEBHOOK_PORT)],
    },
  });
  const route = (port: number, target: number) => ({
    match: [{ port, sniHosts: ['*'] }],
    route: [{ destination: { host: `istiod.${namespace}.svc.cluster.local`, port: { number: target } } }],
  });
  // VirtualService is not among the typed imports; its spec is checked against the CRD in the tests.
  new ApiObject(scope, 'IstiodVirtualService', {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'istiod-vs', namespace },
    spec: {
      hosts: ['*'],
      gateways: ['istiod-gateway'],
      tls: [route(EAST_WEST_ISTIOD_PORT, EAST_WEST_ISTIOD_PORT), route(EAST_WEST_WEBHOOK_PORT, 443)],
    },
  });
}
