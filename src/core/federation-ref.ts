import { IConstruct } from 'constructs';

/**
 * A federation of service meshes (`FederatedMesh` implements it), as the layers that render a
 * federation another way refer to it (`MultiNetworkMesh.fromFederation`).
 */
export interface IFederation extends IConstruct {
  /** The names of the federation's meshes, sorted. */
  readonly meshNames: string[];
}
