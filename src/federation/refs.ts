import { IConstruct } from 'constructs';
import { IFederation } from '../core/federation-ref';
import { GatewayNaming } from '../core/gateway-naming';
import { Locality } from '../core/mesh-options';
import { Platform } from '../core/platform';

/**
 * One service mesh of a federation (`Mesh` implements it), as exports, imports and peerings refer
 * to it.
 */
export interface IMesh extends IConstruct {
  /** The mesh name. */
  readonly meshName: string;
  /** The control-plane namespace. */
  readonly controlPlaneNamespace: string;
  /** Name of the ServiceMeshControlPlane. */
  readonly controlPlaneName: string;
  /** The trust domain. */
  readonly trustDomain: string;
  /** Where the mesh runs. */
  readonly platform: Platform;
  /** How the mesh names its federation gateways. */
  readonly gatewayNaming: GatewayNaming;
  /** The federation the mesh belongs to. */
  readonly federation: IFederation;
  /** The ServiceMeshControlPlane `spec.version`. */
  readonly version: string;
  /** Name of the ConfigMap that holds this mesh's root certificate in each peer's namespace. */
  readonly rootCertConfigMapName: string;
  /**
   * `spec.cluster.name`.
   * @default - not set
   */
  readonly clusterName?: string;
  /**
   * `spec.cluster.network`.
   * @default - not set
   */
  readonly network?: string;
  /**
   * Where the mesh runs.
   * @default - not set
   */
  readonly locality?: Locality;
  /**
   * The root CA certificate (PEM).
   * @default - not set
   */
  readonly rootCertificate?: string;

  /** Name of this mesh's ingress gateway that serves requests from `peer` (a mesh name). */
  ingressGatewayName(peer: string): string;

  /** Name of this mesh's egress gateway that sends requests to `peer` (a mesh name). */
  egressGatewayName(peer: string): string;

  /** The client ID this mesh presents when it calls `peer`. */
  clientId(peer: string): string;
}
