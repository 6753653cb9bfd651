// How a construct inside a mesh's chart asks for settings in that mesh's control plane, without
// the mesh knowing the construct's product: it marks itself, and the mesh finds the marks when it
// renders its control plane (a conflicting value is an error naming the owner).
import { IConstruct } from 'constructs';

/** Settings a construct needs merged into the control plane spec of the mesh whose chart holds it. */
export interface ControlPlaneContribution {
  /** Who needs them, for messages, e.g. `the serverless integration 'red-mesh/Serverless'`. */
  readonly owner: string;
  /** The settings, merged like `controlPlaneSpec` (objects key by key, conflicts reported). */
  readonly settings: Record<string, any>;
}

const CONTRIBUTION = Symbol.for('cdk8s-mesh-federation.control-plane-contribution');

/** Marks `construct` as needing `contribution` in its mesh's control plane. */
export function contributeToControlPlane(construct: IConstruct, contribution: ControlPlaneContribution): void {
  (construct as any)[CONTRIBUTION] = contribution;
}

/** The contributions of `constructs` (a scope's `node.findAll()`: the scope and below, in tree order). */
export function controlPlaneContributions(constructs: readonly IConstruct[]): ControlPlaneContribution[] {
  return constructs.map(c => (c as any)[CONTRIBUTION] as ControlPlaneContribution | undefined)
    .filter((c): c is ControlPlaneContribution => c !== undefined);
}
