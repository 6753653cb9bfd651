// The Istio objects of a multi-network cluster beside its control plane and east-west gateway:
// the `cross-network-gateway` Gateway, and on the primary of a primary-remote mesh the istiod
// exposure. Not exported from the package.
import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { EAST_WEST_ISTIOD_PORT, EAST_WEST_TLS_PORT, EAST_WEST_WEBHOOK_PORT } from './ports';
import { Gateway, GatewaySpecServersTlsMode } from '../imports/networking.istio.io';

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
