// The declared input of a federation, as plain data: what the constructs were told.
import { GatewayNaming } from '../../core/gateway-naming';
import { Locality, MeshOptions } from '../../core/mesh-options';
import { ExportRuleSpec, ImportRuleSpec } from '../resolution';

/** A mesh as declared: its options and the names derived from them at once. */
export interface DeclaredMesh {
  readonly name: string;
  readonly options: MeshOptions;
  readonly namespace: string;
  readonly controlPlaneName: string;
  readonly trustDomain: string;
  readonly naming: GatewayNaming;
  /** The mesh's `version`, else the federation's; undefined when neither is set. */
  readonly explicitVersion?: string;
  /** Which prerequisites the mesh's output includes: the mesh's choice, else the federation's, else true. */
  readonly prerequisites: ResolvedPrerequisites;
  /**
   * Where `options.rootCertificate` came from, as messages name it: the command line's
   * `rootCertificateFile 'certs/red.pem'` or the lock file; undefined: `rootCertificate` itself.
   */
  readonly certificateSource?: string;
}

/** `MeshPrerequisites` with every field decided. */
export interface ResolvedPrerequisites {
  /** Whether the control-plane Namespace is emitted. */
  readonly namespaces: boolean;
  /** Whether the ServiceMeshMemberRoll `default` is emitted. */
  readonly memberRoll: boolean;
}

/** A namespace declared a member of a mesh, by `addMemberNamespace()` or by a construct in its chart. */
export interface DeclaredMember {
  readonly mesh: string;
  readonly namespace: string;
  /** Who declared it, for messages: `addMemberNamespace()`, or e.g. `the serverless integration 'red-mesh/Serverless'`. */
  readonly owner: string;
  /** Listed first, in declaration order, before the sorted rest (as Knative's namespaces are). */
  readonly leading: boolean;
}

/** One `ServiceExport`: its rules go into the ExportedServiceSet for `peer`, in declaration order. */
export interface DeclaredExport {
  readonly mesh: string;
  readonly peer: string;
  readonly id: string;
  /** Whether the peer belongs to another federation (an error). */
  readonly foreignPeer: boolean;
  readonly rules: ExportRuleSpec[];
}

/** One `ServiceImport`: its rules go into the ImportedServiceSet for `peer`, in declaration order. */
export interface DeclaredImport {
  readonly mesh: string;
  readonly peer: string;
  readonly id: string;
  readonly domainSuffix?: string;
  readonly locality?: Locality;
  readonly rules: ImportRuleSpec[];
}

/** One `FailoverImport`, with its defaults applied. */
export interface DeclaredFailover {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  /** The meshes that run the service, in failover order. */
  readonly meshes: string[];
  /** The meshes whose clients fail over. */
  readonly consumers: string[];
  readonly destinationRuleName: string;
  readonly consecutive5xxErrors: number;
  /** Istio durations, e.g. `10s`. */
  readonly interval: string;
  readonly baseEjectionTime: string;
}

/** Everything declared in one federation. */
export interface FederationInput {
  readonly name: string;
  /** Whether the topology is hub and spoke. */
  readonly hubAndSpoke: boolean;
  /** The hub's name with hub-and-spoke topology. */
  readonly hub?: string;
  readonly meshes: readonly DeclaredMesh[];
  /** Each peered pair, names sorted. */
  readonly peerings: ReadonlyArray<readonly [string, string]>;
  readonly exports: readonly DeclaredExport[];
  readonly imports: readonly DeclaredImport[];
  readonly failovers: readonly DeclaredFailover[];
  readonly members: readonly DeclaredMember[];
}
