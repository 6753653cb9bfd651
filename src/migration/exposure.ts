// The export scope of a federation carried over to multi-network Istio: the hosts each cluster's
// `cross-network-gateway` exposes (the services its mesh exported, to any peer, by their own local
// names), where that host set is wider or narrower than the federation's exports, which services
// become reachable from more clusters, and the migration report's section on all of it. Pure
// functions of the federation's resolved model.
import { byName, q } from '../core/output';
import { FederationModel, ResolvedMesh } from '../federation/model/resolve';
import { ExportRuleSpec, isAny } from '../federation/resolution';

/** The suffix of a service's own name in its cluster: what the SNI of AUTO_PASSTHROUGH traffic carries. */
const LOCAL_SUFFIX = 'svc.cluster.local';

/** Where the hosts of one export rule differ from what the federation exported. */
export interface ExposureNote {
  /** The rule's source (`mesh '<mesh>': <call>`). */
  readonly source: string;
  /** What the hosts cover, compared with the rule. */
  readonly text: string;
  /** Whether nothing could be exposed for the rule (a wildcard namespace without known member namespaces). */
  readonly unresolved: boolean;
}

/** The hosts a migrated mesh exposes, and the notes on its rules. */
export interface MeshExposure {
  /** Sorted, each once. */
  readonly hosts: string[];
  readonly notes: ExposureNote[];
}

/** A service's local host; `*` as name gives the whole namespace. */
function host(name: string, namespace: string): string {
  return `${name}.${namespace}.${LOCAL_SUFFIX}`;
}

/** The hosts of one export rule, with a note when they are not exactly what the rule exported. */
function ruleExposure(mesh: ResolvedMesh, rule: ExportRuleSpec): { hosts: string[]; note?: ExposureNote } {
  const name = rule.kind === 'name' && !isAny(rule.name) ? rule.name : '*';
  const anyNamespace = isAny(rule.namespace);
  const namespaces = anyNamespace ? [...mesh.membership.members] : [rule.namespace];
  const hosts = namespaces.map(ns => host(name, ns));
  const note = (text: string, unresolved = false) => ({ hosts, note: { source: rule.source, text, unresolved } });
  const label = rule.kind === 'label';
  const picked = ', not only those the label selector picks (their names are not known before they run)';
  if (anyNamespace && namespaces.length === 0) {
    return note(`nothing: the rule exports ${name === '*' ? 'every service' : `service ${q(name)}`} of any member namespace, and the description declares none of the mesh's member namespaces; declare them with addMemberNamespace(), or list the hosts in clusterSettings[${q(mesh.name)}].crossNetworkHosts`, true);
  }
  if (anyNamespace) {
    return note(`${hosts.map(h => `\`${h}\``).join(', ')}: ${name === '*' ? 'every service' : `service ${q(name)}`} of each member namespace the description declares${label ? picked : ''}; a namespace that joins the mesh otherwise is not exposed (declare it with addMemberNamespace(), or list it in clusterSettings[${q(mesh.name)}].crossNetworkHosts)`);
  }
  if (label) return note(`\`${hosts[0]}\`: every service of namespace ${q(rule.namespace)}${picked}`);
  if (name === '*') {
    return note(`\`${hosts[0]}\`: every service of namespace ${q(rule.namespace)}, as the export; also those the federation did not export (a Service whose exportTo hides it from the control plane, a service imported there with importAsLocal)`);
  }
  return { hosts };
}

/** What a migrated mesh exposes: the union of the hosts of its export rules, to every peer. */
export function meshExposure(mesh: ResolvedMesh): MeshExposure {
  const hosts = new Set<string>();
  const notes: ExposureNote[] = [];
  const seen = new Set<string>();
  for (const rules of mesh.exportRules.values()) {
    for (const rule of rules) {
      const exposure = ruleExposure(mesh, rule);
      exposure.hosts.forEach(h => hosts.add(h));
      // The same rule to several peers is one note.
      const key = `${rule.kind} ${rule.namespace} ${rule.name} ${JSON.stringify([rule.matchLabels, rule.matchExpressions])}`;
      if (exposure.note && !seen.has(key)) notes.push(exposure.note);
      seen.add(key);
    }
  }
  return { hosts: [...hosts].sort(byName), notes };
}

/** A service (or services) a mesh exported to some of the other meshes only. */
export interface ScopeWidening {
  readonly mesh: string;
  /** `<namespace>/<name>`, either may be `*`. */
  readonly subject: string;
  readonly namespace: string;
  readonly source: string;
  /** The meshes it was exported to. */
  readonly to: string[];
  /** The other meshes, which multi-network Istio lets reach it too. */
  readonly notTo: string[];
}

/** Does `rule` export every service `other` exports? (A label rule covers what another label rule with the same selector does.) */
function coversRule(rule: ExportRuleSpec, other: ExportRuleSpec): boolean {
  const fits = (selector: string, value: string) => isAny(selector) || selector === value;
  if (!fits(rule.namespace, isAny(other.namespace) ? '*' : other.namespace)) return false;
  if (rule.kind === 'name') return fits(rule.name, other.kind === 'name' && !isAny(other.name) ? other.name : '*');
  return other.kind === 'label' && JSON.stringify([rule.matchLabels, rule.matchExpressions]) === JSON.stringify([other.matchLabels, other.matchExpressions]);
}

/** Each export rule of `mesh` (once per subject) whose services some other meshes did not receive, in rule order. */
export function scopeWidenings(mesh: ResolvedMesh, model: FederationModel): ScopeWidening[] {
  const others = model.meshes.filter(m => m !== mesh).map(m => m.name);
  const widenings: ScopeWidening[] = [];
  const seen = new Set<string>();
  for (const rules of mesh.exportRules.values()) {
    for (const rule of rules) {
      const namespace = isAny(rule.namespace) ? '*' : rule.namespace;
      const subject = `${namespace}/${rule.kind === 'name' && !isAny(rule.name) ? rule.name : '*'}`;
      if (seen.has(subject)) continue;
      seen.add(subject);
      const to = others.filter(o => (mesh.exportRules.get(o) ?? []).some(r => coversRule(r, rule)));
      const notTo = others.filter(o => !to.includes(o));
      if (notTo.length > 0) widenings.push({ mesh: mesh.name, subject, namespace, source: rule.source, to, notTo });
    }
  }
  return widenings;
}

/** The warnings of a migration with `exportedServices()`: rules over any namespace whose namespaces are not known, so nothing is exposed for them. */
export function exposureWarnings(model: FederationModel, overridden: ReadonlySet<string>): string[] {
  return model.meshes.filter(m => !overridden.has(m.name)).flatMap(mesh => meshExposure(mesh).notes
    .filter(n => n.unresolved)
    .map(n => `${n.source}: exports from any namespace, but the description declares no member namespace of mesh ${q(mesh.name)}, so its multi-network cluster exposes nothing for this rule to the other networks (CrossNetworkExposure.exportedServices()). Consider declaring the namespaces with addMemberNamespace(), or listing the hosts in clusterSettings[${q(mesh.name)}].crossNetworkHosts`));
}

/** One cluster of a migrated mesh, as the exposure section shows it. */
export interface ExposedCluster {
  readonly cluster: string;
  readonly mesh: string;
  /** What its cross-network Gateway lists; empty when it has none. */
  readonly hosts: string[];
  /** Whether the hosts were given in `clusterSettings`. */
  readonly given: boolean;
}

const AUTHORIZATION = [
  'To keep per-caller scope, allow only the callers of each such service with an AuthorizationPolicy in its namespace',
  '(`from.source.principals`, `<trust domain>/ns/<namespace>/sa/<service account>`). Mutual TLS runs end to end through the',
  'AUTO_PASSTHROUGH gateway, so the policy sees the calling workload\'s own identity, not the federation ingress gateway\'s',
  '(`<trust domain>/ns/<control-plane namespace>/sa/<ingress>-service-account`) that services behind a federation saw: rewrite',
  'policies that allowed that identity. Identities carry no cluster name: a caller with the same namespace and service account in',
  'another cluster matches too. The trust domains in `trustDomainAliases` (by default the federation meshes\') count as one, so',
  'a principal that names any of them matches callers of every cluster.',
];

const SAME_NAME = [
  'Istio merges the endpoints of the Services of one namespace and name across clusters, whatever each cluster exposes: where',
  'a service also runs on a cluster that does not expose it, the other clusters still send part of its calls there, and that',
  'cluster\'s east-west gateway refuses them. Give such services other names, or keep their host cluster-local on the calling',
  'clusters (`meshConfig.serviceSettings` with `settings.clusterLocal: true`, in `clusterSettings[<mesh>].istioValues`).',
];

/** The migration report's section on cross-network exposure, as Markdown lines. */
export function exposureSection(model: FederationModel, clusters: readonly ExposedCluster[], scoped: boolean): string[] {
  const lines = ['## Cross-network exposure', ''];
  lines.push(scoped
    ? 'Each cluster\'s `cross-network-gateway` exposes only the services its mesh exported, to any peer, by their own names (`CrossNetworkExposure.exportedServices()`); a service that was never exported stays unreachable from the other networks, as in the federation.'
    : 'Switched off (`CrossNetworkExposure.allServices()`): each cluster\'s `cross-network-gateway` exposes `*.local`, so every service of every cluster is reachable from every other cluster, exported or not, as with plain multi-network Istio.', '');
  lines.push('| Cluster | Hosts exposed to the other networks |', '|---|---|');
  for (const c of [...clusters].sort((a, b) => byName(a.cluster, b.cluster))) {
    const hosts = c.hosts.length === 0 ? 'none: the mesh exports nothing, so the cluster has no cross-network Gateway' : c.hosts.map(h => `\`${h}\``).join(', ');
    lines.push(`| ${c.cluster} | ${hosts}${c.given ? ' (clusterSettings)' : ''} |`);
  }
  lines.push('');
  if (scoped) lines.push(...SAME_NAME, '');
  const widenings = model.meshes.flatMap(m => scopeWidenings(m, model));
  lines.push(widenings.length === 0
    ? 'Every exported service was exported to every other mesh: none becomes reachable from more clusters.'
    : 'Per-peer scope becomes per-mesh scope: a service exported to some peers is now reachable from every cluster of the mesh. Reachable from more clusters than before:', '');
  if (widenings.length > 0) {
    for (const w of widenings) lines.push(`- ${w.mesh}: \`${w.subject}\`, exported to ${w.to.map(o => q(o)).join(', ')} only, now reachable from ${w.notTo.map(o => q(o)).join(', ')} too`);
    lines.push('', ...AUTHORIZATION, '');
  }
  const given = new Set(clusters.filter(c => c.given).map(c => c.mesh));
  const notes = scoped ? model.meshes.filter(m => !given.has(m.name)).flatMap(m => meshExposure(m).notes) : [];
  if (notes.length > 0) {
    lines.push('Where the hosts differ from what the federation exported:', '');
    for (const n of notes) lines.push(`- ${n.source}: ${n.text}`);
    lines.push('');
  }
  return lines;
}
