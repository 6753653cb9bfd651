import { guardValue } from '../core/guards';

/** The kinds of topology a federation can have. */
export enum TopologyKind {
  /** Every mesh peers with every other mesh. */
  FULL_MESH = 'full-mesh',
  /** One hub mesh peers with every other mesh; the others do not peer with each other. */
  HUB_AND_SPOKE = 'hub-and-spoke',
  /** Only the pairs added with `FederatedMesh.addPeering()`. */
  EXPLICIT = 'explicit',
}

/**
 * Which meshes of a federation peer with which. Each peering yields a ServiceMeshPeer on both
 * sides, so a full mesh of N meshes has N(N-1) of them.
 */
export class Topology {
  /** Every mesh peers with every other mesh. */
  public static fullMesh(): Topology {
    return new Topology(TopologyKind.FULL_MESH);
  }

  /** `hub` (a mesh name) peers with every other mesh; the other meshes do not peer with each other. */
  public static hubAndSpoke(hub: string): Topology {
    guardValue('Topology.hubAndSpoke', 'hub', hub, { kind: 'string', required: true, fix: "pass the hub mesh's name, e.g. Topology.hubAndSpoke('hub-mesh')" });
    return new Topology(TopologyKind.HUB_AND_SPOKE, hub);
  }

  /** Only the pairs you add with `FederatedMesh.addPeering()`. */
  public static explicit(): Topology {
    return new Topology(TopologyKind.EXPLICIT);
  }

  /** The kind of topology. */
  public readonly kind: TopologyKind;
  /**
   * The hub's mesh name, for hub and spoke.
   * @default - none
   */
  public readonly hub?: string;

  private constructor(kind: TopologyKind, hub?: string) {
    this.kind = kind;
    this.hub = hub;
  }
}
