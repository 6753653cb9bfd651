// Problems of a mesh's prerequisites: the switches, the namespaces added as members, and objects of
// the chart that would duplicate the control-plane Namespace or the member roll.
import { isPlainObject } from '../../core/merge';
import { dnsLabelProblem } from '../../core/names';
import { q } from '../../core/output';
import { DeclaredMesh } from '../model/declarations';
import { MEMBER_ROLL_NAME } from '../render';

/** Problems of a `prerequisites` prop (`where` names its owner, e.g. `mesh 'red-mesh'`). */
export function prerequisitesProblems(where: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!isPlainObject(value)) {
    return [`${where}: prerequisites must be an object like { namespaces: false }, not ${q(value)}. Fix: pass { namespaces?: boolean, memberRoll?: boolean }`];
  }
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (key !== 'namespaces' && key !== 'memberRoll') {
      problems.push(`${where}: prerequisites.${key} is not a prerequisite the library emits. Fix: use namespaces or memberRoll`);
    } else if (v !== undefined && typeof v !== 'boolean') {
      problems.push(`${where}: prerequisites.${key} must be true or false, not ${q(v)}. Fix: set it to false to leave the objects to your platform, or remove it`);
    }
  }
  return problems;
}

/** The problem of `namespace` as a member of `mesh` added with `addMemberNamespace()`, if any. */
export function memberNamespaceProblem(mesh: DeclaredMesh, namespace: unknown): string | undefined {
  const where = `mesh ${q(mesh.name)}: addMemberNamespace(${q(namespace)})`;
  const p = typeof namespace === 'string' ? dnsLabelProblem(namespace) : 'is not a string';
  if (p) return `${where}: the namespace ${p}. Fix: pass a namespace name like 'bookinfo' (no wildcards)`;
  if (namespace === mesh.namespace) {
    return `${where}: names the mesh's own control-plane namespace, which is always part of the mesh; the member roll webhook refuses it ("mesh project/namespace cannot be listed as a member"). Fix: remove the call`;
  }
  return undefined;
}

/** An object of a mesh's chart, as the clash check sees it. */
export interface ChartObject {
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace?: string;
  /** Its construct path, for messages. */
  readonly path: string;
}

/**
 * Objects of the chart (other than the mesh's own) that duplicate the prerequisites the mesh
 * emits: a Namespace of the control-plane namespace, a ServiceMeshMemberRoll in it (a namespace
 * holds one roll, named `default`).
 */
export function prerequisiteClashes(mesh: DeclaredMesh, objects: readonly ChartObject[]): string[] {
  const m = `mesh ${q(mesh.name)}`;
  const problems: string[] = [];
  for (const o of objects) {
    if (mesh.prerequisites.namespaces && o.kind === 'Namespace' && o.apiVersion === 'v1' && o.name === mesh.namespace) {
      problems.push(`${m}: Namespace ${q(o.name)} at ${q(o.path)} duplicates the control-plane Namespace the mesh emits. Fix: remove it, or set prerequisites: { namespaces: false } on the mesh`);
    }
    if (mesh.prerequisites.memberRoll && o.kind === 'ServiceMeshMemberRoll' && o.apiVersion.startsWith('maistra.io/') && o.namespace === mesh.namespace) {
      problems.push(`${m}: ServiceMeshMemberRoll ${q(`${o.namespace}/${o.name}`)} at ${q(o.path)} is a second member roll for the control plane, which holds one ('${MEMBER_ROLL_NAME}', emitted by the mesh). Fix: add its namespaces with addMemberNamespace() and remove it, or set prerequisites: { memberRoll: false } on the mesh`);
    }
  }
  return problems;
}
