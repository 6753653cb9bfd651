// Mesh membership, as pure functions of the declarations: which namespaces the mesh's own objects
// rely on, how the ServiceMeshMemberRoll lists them, and what cannot be listed. Internal.
//
// A control plane watches only its member namespaces (SPEC section 4): a service in a namespace
// that is not a member cannot be exported, and a client there has no sidecar to reach an import.
// The member roll webhook refuses the control-plane namespace and duplicates, so neither is listed.
import { MeshPrerequisites } from '../core/mesh-options';
import { byName } from '../core/output';
import { DeclaredFailover, DeclaredMember, ResolvedPrerequisites } from './model/declarations';
import { ExportRuleSpec, ImportRuleSpec, isAny } from './resolution';

/** What membership needs of a mesh: its names and its sharing rules. */
export interface MembershipInput {
  readonly name: string;
  /** The control-plane namespace. */
  readonly namespace: string;
  /** The rules of its ExportedServiceSets, every peer. */
  readonly exportRules: Iterable<readonly ExportRuleSpec[]>;
  /** The rules of its ImportedServiceSets, every exporter. */
  readonly importRules: Iterable<readonly ImportRuleSpec[]>;
}

/** The membership of one mesh. */
export interface Membership {
  /**
   * `spec.members` of the ServiceMeshMemberRoll `default`: the leading members in declaration
   * order, then the others sorted; each once, never the control-plane namespace.
   */
  readonly members: readonly string[];
  /** Export rules over any namespace: the namespaces of the services they match cannot be listed. */
  readonly unlistedExports: readonly ExportRuleSpec[];
  /** Application namespaces the mesh's own objects are written to (failover DestinationRules), sorted. */
  readonly objectNamespaces: readonly string[];
}

/** `prerequisites` of a mesh with every field decided: the mesh's, else the federation's, else true. */
export function resolvePrerequisites(mesh: MeshPrerequisites | undefined, federation: MeshPrerequisites | undefined): ResolvedPrerequisites {
  return {
    namespaces: mesh?.namespaces ?? federation?.namespaces ?? true,
    memberRoll: mesh?.memberRoll ?? federation?.memberRoll ?? true,
  };
}

/** The namespaces of exported services that a rule names: every export rule with a fixed namespace. */
export function exportNamespaces(rules: readonly ExportRuleSpec[]): string[] {
  return rules.filter(r => !isAny(r.namespace)).map(r => r.namespace);
}

/**
 * The local namespaces of `importAsLocal` rules (their alias namespace, fixed by the rule's checks):
 * the imported endpoints join `<name>.<namespace>.svc.cluster.local`, so the service and its clients
 * live there. Other imports are known under `<name>.<namespace>.svc.<peer>-imports.local`, where the
 * namespace is only part of a hostname: their clients may sit in any member namespace.
 */
export function importAsLocalNamespaces(rules: readonly ImportRuleSpec[]): string[] {
  return rules.filter(r => r.importAsLocal && !isAny(r.alias?.namespace)).map(r => r.alias!.namespace!);
}

/** The namespace of each failover `mesh` takes part in: the service runs there, and consumers hold the DestinationRule there. */
export function failoverNamespaces(mesh: string, failovers: readonly DeclaredFailover[]): string[] {
  return failovers.filter(f => f.meshes.includes(mesh) || f.consumers.includes(mesh)).map(f => f.namespace);
}

/**
 * The members of a roll: `leading` in the given order, then `others` sorted; each once, and never
 * `controlPlaneNamespace` (the webhook refuses it; the control plane's own namespace is always in the mesh).
 */
export function memberRollMembers(controlPlaneNamespace: string, leading: readonly string[], others: readonly string[]): string[] {
  const first = [...new Set(leading)].filter(ns => ns !== controlPlaneNamespace);
  const rest = [...new Set(others)].filter(ns => ns !== controlPlaneNamespace && !first.includes(ns)).sort(byName);
  return [...first, ...rest];
}

/** The membership of `mesh`, from its rules, the failovers and the members declared for it. */
export function membershipOf(mesh: MembershipInput, failovers: readonly DeclaredFailover[], declared: readonly DeclaredMember[]): Membership {
  const exportRules = [...mesh.exportRules].flat();
  const importRules = [...mesh.importRules].flat();
  const own = declared.filter(m => m.mesh === mesh.name);
  const others = [
    ...exportNamespaces(exportRules),
    ...importAsLocalNamespaces(importRules),
    ...failoverNamespaces(mesh.name, failovers),
    ...own.filter(m => !m.leading).map(m => m.namespace),
  ];
  const objectNamespaces = failovers.filter(f => f.consumers.includes(mesh.name)).map(f => f.namespace)
    .filter(ns => ns !== mesh.namespace);
  return {
    members: memberRollMembers(mesh.namespace, own.filter(m => m.leading).map(m => m.namespace), others),
    unlistedExports: exportRules.filter(r => isAny(r.namespace)),
    objectNamespaces: [...new Set(objectNamespaces)].sort(byName),
  };
}
