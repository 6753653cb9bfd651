// Names and ports of upstream Istio's east-west gateway. Not exported from the package.

/** Name of the east-west gateway's Deployment, Service and ServiceAccount, as upstream Istio names them. */
export const EAST_WEST_GATEWAY_NAME = 'istio-eastwestgateway';
/** The port that carries cross-network mTLS traffic (`tls`). */
export const EAST_WEST_TLS_PORT = 15443;
/** The port that exposes istiod to remote clusters (`tls-istiod`). */
export const EAST_WEST_ISTIOD_PORT = 15012;
/** The port that exposes istiod's webhook to remote clusters (`tls-webhook`). */
export const EAST_WEST_WEBHOOK_PORT = 15017;
/** The gateway's health port (`status-port`). */
export const EAST_WEST_STATUS_PORT = 15021;
/** The node port the `tls` port gets on the NodePort platform, unless `Platform.nodePort({ firstNodePort })` says otherwise. */
export const DEFAULT_EAST_WEST_NODE_PORT = 30443;
