import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { Mesh } from './mesh';
import { FederationError } from '../core/errors';
import { isPlainObject } from '../core/merge';
import { byName, describeValue, q } from '../core/output';
import { FederationContext, federationContext } from './model/registry';
import { rootCertConfigMapName } from './naming';
import { peerSpec } from './render';
import { constructIdProblems, takenBy, unknownKeyProblems } from './rule-checks';
import type { ServiceMeshPeerSpec } from '../imports/federation.maistra.io';

/** Props of a `MeshPeering`. */
export interface MeshPeeringProps {
  /** One mesh of the pair. */
  readonly meshA: Mesh;
  /** The other mesh of the pair. */
  readonly meshB: Mesh;
}

/**
 * A peering between two meshes. On each side it emits, into that mesh's chart, a ServiceMeshPeer
 * named after the other mesh and a `<other>-ca-root-cert` ConfigMap with the other mesh's root
 * certificate; each side's control plane gets an ingress and an egress gateway for the other.
 *
 * Usually created by `FederatedMesh` for its topology, or with `FederatedMesh.addPeering()`.
 * Construct ids: the objects are `Peer-<other>/ServiceMeshPeer` and `Peer-<other>/RootCertificate`
 * inside each mesh's chart.
 */
export class MeshPeering extends Construct {
  /** The construct id of the peering of two meshes: their names, sorted, joined by '+'. @internal */
  public static _keyOf(a: string, b: string): string {
    return [a, b].sort(byName).join('+');
  }

  /** The objects `mesh` needs to peer with `peer`. */
  private static side(context: FederationContext, mesh: Mesh, peer: Mesh): ApiObject {
    // Plain ApiObjects: what the cdk8s-plus ConfigMap and the generated ServiceMeshPeer class would
    // write, without their extra constructs and converters.
    const scope = new Construct(mesh, `Peer-${peer.meshName}`);
    new ApiObject(scope, 'RootCertificate', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: rootCertConfigMapName(peer.meshName), namespace: mesh.controlPlaneNamespace },
      data: peer.rootCertificate === undefined ? undefined : { 'root-cert.pem': trustBundle(context, peer.meshName, peer.rootCertificate) },
      immutable: false,
    });
    return new ApiObject(scope, 'ServiceMeshPeer', {
      apiVersion: 'federation.maistra.io/v1',
      kind: 'ServiceMeshPeer',
      metadata: { name: peer.meshName, namespace: mesh.controlPlaneNamespace },
      spec: Lazy.any({ produce: () => peerManifestSpec(peerSpec(context.declarations.model(), mesh.meshName, peer.meshName)) }),
    });
  }

  /** One mesh of the pair (the one whose name sorts first). */
  public readonly meshA: Mesh;
  /** The other mesh of the pair. */
  public readonly meshB: Mesh;
  /** The ServiceMeshPeer in `meshA`'s namespace that points at `meshB`. */
  public readonly peerInA: ApiObject;
  /** The ServiceMeshPeer in `meshB`'s namespace that points at `meshA`. */
  public readonly peerInB: ApiObject;

  constructor(scope: Construct, id: string, props: MeshPeeringProps) {
    // Checked before the construct joins the tree, so a refused one leaves nothing behind.
    checkPeering(scope, id, props);
    super(scope, id);
    const [a, b] = [props.meshA, props.meshB].sort((x, y) => byName(x.meshName, y.meshName));
    this.meshA = a;
    this.meshB = b;
    const context = federationContext(a.federation, `peering ${id}`);
    context.declarations.addPeering(a.meshName, b.meshName);
    this.peerInA = MeshPeering.side(context, a, b);
    this.peerInB = MeshPeering.side(context, b, a);
  }
}

/** What a peer holds as `mesh`'s root: `current`, unless a root rotation step says otherwise. */
function trustBundle(context: FederationContext, mesh: string, current: string): string {
  return context.rootRotation ? context.rootRotation._trustBundle(mesh, current) : current;
}

/** A ServiceMeshPeer spec as the CRD spells it (`security.clientID`). */
function peerManifestSpec(spec: ServiceMeshPeerSpec): Record<string, unknown> {
  const { clientId, ...security } = spec.security ?? {};
  return { ...spec, security: { ...security, clientID: clientId } };
}

/** Checks a peering's scope, id and meshes, and that neither mesh has the other's `Peer-<name>` yet. */
function checkPeering(scope: unknown, id: unknown, props: unknown): void {
  const problems = constructIdProblems('peering', scope, id, {
    id: 'peer meshes with federation.addPeering(a, b)',
    duplicate: 'peer each pair of meshes once',
  });
  if (typeof id !== 'string' || !Construct.isConstruct(scope)) throw new FederationError(problems);
  const where = `peering ${q(id)}`;
  if (!isPlainObject(props)) {
    throw new FederationError([...problems, `${where}: props are ${describeValue(props)}, not an object. Fix: pass { meshA, meshB }, or use federation.addPeering(a, b)`]);
  }
  problems.push(...unknownKeyProblems(where, 'props', props, ['meshA', 'meshB']));
  for (const prop of ['meshA', 'meshB'] as const) {
    if (!Mesh.isMesh(props[prop])) {
      problems.push(`${where}: ${prop} is ${describeValue(props[prop])}, not a Mesh. Fix: pass meshes made by federation.addMesh(), or use federation.addPeering(a, b)`);
    }
  }
  if (problems.length > 0) throw new FederationError(problems);
  const [a, b] = [props.meshA as Mesh, props.meshB as Mesh];
  if (a === b || a.meshName === b.meshName) {
    problems.push(`${where}: meshA and meshB are both ${q(a.meshName)}; a mesh cannot peer with itself. Fix: pass two different meshes`);
  } else if (a.federation !== b.federation) {
    problems.push(`${where}: ${q(a.meshName)} and ${q(b.meshName)} belong to different federations. Fix: peer meshes of one federation`);
  } else {
    for (const [mesh, other] of [[a, b], [b, a]]) {
      const taken = mesh.node.tryFindChild(`Peer-${other.meshName}`);
      if (taken) problems.push(`mesh ${q(mesh.meshName)}: ${takenBy(taken)} already takes the id 'Peer-${other.meshName}' the peering with ${q(other.meshName)} needs. Fix: peer each pair of meshes once`);
    }
  }
  if (problems.length > 0) throw new FederationError(problems);
}
