// Where the constructs of a federation find its declarations and defaults: the FederatedMesh
// attaches them to itself, and a Mesh, peering, export or import looks them up by its federation,
// so no construct depends on the FederatedMesh class.
import { IConstruct } from 'constructs';
import { FederationDeclarations } from './store';
import { FederationError } from '../../core/errors';
import { GatewayNaming } from '../../core/gateway-naming';
import { MeshPrerequisites } from '../../core/mesh-options';
import { IMesh } from '../refs';
import type { RootRotationStage } from '../root-rotation';

/** A federation's declarations and the defaults its meshes take. */
export interface FederationContext {
  readonly declarations: FederationDeclarations;
  readonly gatewayNaming: GatewayNaming;
  readonly version?: string;
  readonly prerequisites?: MeshPrerequisites;
  /** The step of a root rotation the federation renders, if any. */
  readonly rootRotation?: RootRotationStage;
  /** The federation's mesh constructs by mesh name, wherever in the tree they are. */
  readonly meshes: Map<string, IMesh>;
  /** Where a mesh's root certificate came from, by mesh name, when not from its `rootCertificate` (see DeclaredMesh). */
  readonly certificateSources: Map<string, string>;
}

const contexts = new WeakMap<IConstruct, FederationContext>();

/** Makes `context` the context of `federation`. */
export function attachFederationContext(federation: IConstruct, context: FederationContext): void {
  contexts.set(federation, context);
}

/** The context of `federation`; `where` names the caller in the error when it is not a FederatedMesh. */
export function federationContext(federation: IConstruct, where: string): FederationContext {
  const context = contexts.get(federation);
  if (!context) {
    throw new FederationError([`${where}: federation is not a FederatedMesh. Fix: pass the FederatedMesh the mesh belongs to (new FederatedMesh(app, 'federation'))`]);
  }
  return context;
}
