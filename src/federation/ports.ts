// The ports of the federation ingress gateways, and what a peer writes into `spec.remote`.

/** The port every federation ingress serves mTLS service traffic on, and its default remote port. */
export const SERVICE_PORT = 15443;
/** The port every federation ingress serves discovery on, and its default remote port. */
export const DISCOVERY_PORT = 8188;

/** What a peer writes into `spec.remote` to reach a mesh: addresses (none when unknown) and ports. */
export interface RemoteEndpoint {
  readonly addresses?: string[];
  readonly servicePort: number;
  readonly discoveryPort: number;
}
