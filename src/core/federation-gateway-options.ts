// How a mesh runs its federation gateways: replicas or autoscaling, resources, placement, pod and
// Service metadata; set for every gateway of the mesh, then per direction, per peer and per peer
// and direction. Rendered into the ServiceMeshControlPlane's `additionalIngress` /
// `additionalEgress` entries (`runtime`, `service.metadata`).

/** Autoscaling of a federation gateway (`runtime.deployment.autoScaling`). */
export interface GatewayAutoscaling {
  /** Fewest replicas (`minReplicas`), at least 1. */
  readonly minReplicas: number;
  /** Most replicas (`maxReplicas`), at least `minReplicas`. */
  readonly maxReplicas: number;
  /**
   * Average CPU utilization the autoscaler aims at, in percent of the CPU requests
   * (`targetCPUUtilizationPercentage`), 1-100.
   * @default - the control plane's default (80)
   */
  readonly cpuTargetPercent?: number;
}

/** Compute resources of a federation gateway's proxy container (`runtime.container.resources`). */
export interface GatewayResources {
  /**
   * Requests by resource name, as Kubernetes quantities, e.g. `{ cpu: '10m', memory: '128Mi' }`.
   * @default - the control plane's defaults
   */
  readonly requests?: { [resource: string]: string };
  /**
   * Limits by resource name, as Kubernetes quantities, e.g. `{ memory: '1Gi' }`. An empty map
   * writes `limits: {}` (no limits), as the Maistra samples do.
   * @default - the control plane's defaults
   */
  readonly limits?: { [resource: string]: string };
}

/** How a toleration matches a taint. */
export enum TolerationOperator {
  /** The taint's key and value must match. */
  EQUAL = 'Equal',
  /** Any taint with the key (or, without key, any taint). */
  EXISTS = 'Exists',
}

/** The taint effect a toleration tolerates. */
export enum TaintEffect {
  /** Pods are not scheduled on the node. */
  NO_SCHEDULE = 'NoSchedule',
  /** The scheduler avoids the node. */
  PREFER_NO_SCHEDULE = 'PreferNoSchedule',
  /** Running pods are evicted. */
  NO_EXECUTE = 'NoExecute',
}

/** A toleration of the federation gateway's pods (`runtime.pod.tolerations`). */
export interface GatewayToleration {
  /**
   * The taint key.
   * @default - every key (with `TolerationOperator.EXISTS`)
   */
  readonly key?: string;
  /**
   * How the taint is matched.
   * @default TolerationOperator.EQUAL
   */
  readonly operator?: TolerationOperator;
  /**
   * The taint value, with `TolerationOperator.EQUAL`.
   * @default - empty
   */
  readonly value?: string;
  /**
   * The effect tolerated.
   * @default - every effect
   */
  readonly effect?: TaintEffect;
  /**
   * How long a `NoExecute` taint is tolerated, in seconds.
   * @default - forever
   */
  readonly tolerationSeconds?: number;
}

/** How federation gateways run: each field left out takes the value of the wider level. */
export interface GatewayRuntimeOptions {
  /**
   * A fixed number of replicas (0 or more); turns the control plane's autoscaling off
   * (`runtime.deployment.replicas`, `autoScaling.enabled: false`). Not with `autoscaling`.
   * @default - the control plane's default (autoscaling)
   */
  readonly replicas?: number;
  /**
   * Autoscaling on CPU. Not with `replicas`.
   * @default - the control plane's default
   */
  readonly autoscaling?: GatewayAutoscaling;
  /**
   * Resources of the gateway's proxy container.
   * @default - the control plane's defaults
   */
  readonly resources?: GatewayResources;
  /**
   * Node labels the gateway's pods must run on, e.g. `{ 'node-role.kubernetes.io/infra': '' }`.
   * Merged with the wider levels' (a narrower level wins per key).
   * @default - any node
   */
  readonly nodeSelector?: { [label: string]: string };
  /**
   * Tolerations of the gateway's pods; replace those of the wider levels.
   * @default - none
   */
  readonly tolerations?: GatewayToleration[];
  /**
   * Annotations of the gateway's pods; merged with the wider levels' (a narrower level wins per key).
   * @default - none
   */
  readonly podAnnotations?: { [key: string]: string };
  /**
   * Labels of the gateway's pods; merged with the wider levels' (a narrower level wins per key).
   * @default - none
   */
  readonly podLabels?: { [key: string]: string };
  /**
   * Annotations of the gateway's Service, merged with the platform's (load balancer settings) and
   * external-dns'; a key they set to another value is an error. Merged with the wider levels'.
   * @default - the platform's only
   */
  readonly serviceAnnotations?: { [key: string]: string };
}

/** Gateway settings for the gateways a mesh runs for one peer. */
export interface PeerGatewayOptions extends GatewayRuntimeOptions {
  /**
   * Settings of the ingress gateway serving this peer only.
   * @default - none
   */
  readonly ingress?: GatewayRuntimeOptions;
  /**
   * Settings of the egress gateway calling this peer only.
   * @default - none
   */
  readonly egress?: GatewayRuntimeOptions;
  /**
   * Value of the `federation.maistra.io/ingress-for` and `federation.maistra.io/egress-for`
   * labels of the two gateways' Services (a Kubernetes label value).
   * @default - the gateway naming's: the peer's name with `GatewayNaming.maistraSamples()`, else
   * the gateway's name
   */
  readonly forLabel?: string;
}

/**
 * How a mesh runs its federation gateways: settings for all of them, per direction and per peer.
 * The narrowest level wins: peer and direction, peer, direction, all.
 */
export interface FederationGatewayOptions extends GatewayRuntimeOptions {
  /**
   * Settings of every federation ingress gateway of the mesh.
   * @default - none
   */
  readonly ingress?: GatewayRuntimeOptions;
  /**
   * Settings of every federation egress gateway of the mesh.
   * @default - none
   */
  readonly egress?: GatewayRuntimeOptions;
  /**
   * Settings of the gateways for one peer, by peer mesh name (each must be a peer).
   * @default - none
   */
  readonly perPeer?: { [peerMesh: string]: PeerGatewayOptions };
}
