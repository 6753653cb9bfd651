// Every problem of a federation that needs more than one mesh, and every warning, in a stable
// order: the topology, names shared between meshes, then mesh by mesh.
import { peerProblems } from './peers';
import { rangeWarnings } from './ranges';
import { sharingProblems } from './sharing';
import { q } from '../../core/output';
import { FederationModel, ResolvedMesh } from '../model/resolve';

/** Problems and warnings of a federation. */
export interface FederationFindings {
  readonly problems: string[];
  readonly warnings: string[];
}

/** What the constructs find about one mesh beyond its declarations (merged control plane spec, output files). */
export interface MeshRenderingProblems {
  /** Conflicts of the merged control plane spec. */
  readonly controlPlane: string[];
  /** Objects the app's output would write to one file. */
  readonly files: string[];
  /** Objects of the chart that duplicate the control-plane Namespace or the member roll. */
  readonly prerequisites: string[];
}

/** The findings that follow from the declarations alone, per mesh; compute once per model. */
export interface DeclaredFindings {
  readonly federation: string[];
  readonly meshes: ReadonlyArray<{ readonly peers: string[]; readonly sharing: { problems: string[]; warnings: string[] } }>;
}

/** The findings that follow from the declarations alone. */
export function declaredFindings(model: FederationModel): DeclaredFindings {
  return {
    federation: [...topologyProblems(model), ...uniquenessProblems(model), ...sharedMemberProblems(model)],
    meshes: model.meshes.map(mesh => ({ peers: peerProblems(model, mesh), sharing: sharingProblems(mesh) })),
  };
}

/** Every problem and warning, mesh by mesh in name order, with what the constructs found. */
export function federationFindings(
  model: FederationModel, declared: DeclaredFindings, rendering: (mesh: ResolvedMesh) => MeshRenderingProblems,
): FederationFindings {
  const problems = [...declared.federation];
  const warnings: string[] = [];
  model.meshes.forEach((mesh, i) => {
    const found = rendering(mesh);
    problems.push(...declared.meshes[i].peers, ...found.controlPlane, ...found.files, ...found.prerequisites, ...declared.meshes[i].sharing.problems);
    warnings.push(...declared.meshes[i].sharing.warnings, ...rangeWarnings(model, mesh));
  });
  return { problems, warnings };
}

function topologyProblems(model: FederationModel): string[] {
  if (!model.hubAndSpoke) return [];
  if (model.hub !== undefined && model.mesh(model.hub)) return [];
  const names = model.meshes.map(m => q(m.name)).join(', ') || 'none';
  return [`federation ${q(model.name)}: Topology.hubAndSpoke(${q(model.hub)}) names a hub that is not a mesh of this federation (meshes: ${names}). Fix: pass the name of one of the meshes`];
}

/** Trust domains must be unique in a federation; namespaces unique per cluster. */
function uniquenessProblems(model: FederationModel): string[] {
  const problems: string[] = [];
  const firstBy = new Map<string, ResolvedMesh>();
  for (const mesh of model.meshes) {
    const trust = `trust:${mesh.trustDomain}`;
    const other = firstBy.get(trust);
    if (other) {
      problems.push(`mesh ${q(mesh.name)}: trustDomain ${q(mesh.trustDomain)} is also the trust domain of mesh ${q(other.name)}; trust domains must be unique in a federation (the operator keeps trust bundles per trust domain, so the two would overwrite each other). Fix: set trustDomain to e.g. '${mesh.name}.local'`);
    } else {
      firstBy.set(trust, mesh);
    }
    const clusterName = mesh.options.clusterName;
    const ns = `ns:${clusterName ?? ''}:${mesh.namespace}`;
    const sameNs = firstBy.get(ns);
    if (sameNs) {
      problems.push(`mesh ${q(mesh.name)}: namespace ${q(mesh.namespace)} is also the namespace of mesh ${q(sameNs.name)}${clusterName ? ` on the same cluster ${q(clusterName)}` : ' and neither declares a clusterName'}. Fix: give each mesh its own namespace, or set clusterName on meshes that run in different clusters`);
    } else {
      firstBy.set(ns, mesh);
    }
  }
  return problems;
}

/**
 * A namespace is a member of one control plane: the member roll webhook refuses a roll that lists a
 * namespace another roll of the cluster lists. Checked for meshes that declare the same clusterName.
 */
function sharedMemberProblems(model: FederationModel): string[] {
  const problems: string[] = [];
  const owner = new Map<string, ResolvedMesh>();
  for (const mesh of model.meshes) {
    const cluster = mesh.options.clusterName;
    if (cluster === undefined) continue;
    for (const member of mesh.membership.members) {
      const other = owner.get(`${cluster}\u0000${member}`);
      if (!other) {
        owner.set(`${cluster}\u0000${member}`, mesh);
      } else {
        problems.push(`mesh ${q(mesh.name)}: namespace ${q(member)} must be a member of this mesh, but mesh ${q(other.name)} on the same cluster ${q(cluster)} needs it too; a namespace belongs to one control plane (the member roll webhook refuses "one or more members are already defined in another ServiceMeshMemberRoll"). Fix: run the namespace's services and clients in one of the meshes, or set clusterName to tell apart meshes that run in different clusters`);
      }
    }
  }
  return problems;
}
