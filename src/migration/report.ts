// The migration report: what of a federation cannot carry over to multi-network Istio, read from
// the federation's resolved model.
import { controlPlaneContributions } from '../core/control-plane-contribution';
import { byName } from '../core/output';
import { controlPlaneSpec } from '../federation/control-plane';
import type { FederatedMesh } from '../federation/federated-mesh';
import { FederationModel, ResolvedMesh } from '../federation/model/resolve';
import { ExportRuleSpec, isAny } from '../federation/resolution';
import { MigrationEntry, MigrationEntryKind } from '../multi-network/migration-entry';

const FEDERATION_SPEC_KEYS = new Set(['version', 'cluster', 'gateways', 'security']);

function pattern(namespace: string, name: string): string {
  return `${isAny(namespace) ? '*' : namespace}/${isAny(name) ? '*' : name}`;
}

function covers(rule: ExportRuleSpec, namespace: string, name: string): boolean {
  const fits = (selector: string, value: string) => isAny(selector) || selector === value;
  return fits(rule.namespace, namespace) && (rule.kind === 'label' || fits(rule.name, name));
}

function hasAlias(alias: { namespace?: string; name?: string } | undefined): boolean {
  return alias !== undefined && (!isAny(alias.namespace) || !isAny(alias.name));
}

/**
 * Everything of `federation` that cannot carry over, by mesh, then exports before imports, in rule
 * order; `scoped` when each cluster exposes only what its mesh exported (`exportedServices()`).
 */
export function federationMigration(federation: FederatedMesh, scoped = false): MigrationEntry[] {
  const model = federation._model();
  return model.meshes.flatMap(mesh => {
    const chart = federation.findMesh(mesh.name);
    const spec = controlPlaneSpec(model, mesh, chart ? controlPlaneContributions(chart.node.findAll()) : []).spec;
    return [...controlPlaneEntries(mesh, spec), ...exportEntries(mesh, model, scoped), ...importEntries(mesh, model)];
  });
}

function controlPlaneEntries(mesh: ResolvedMesh, spec: Record<string, any>): MigrationEntry[] {
  const keys = Object.keys(spec).filter(k => !FEDERATION_SPEC_KEYS.has(k));
  keys.push(...Object.keys(spec.gateways ?? {}).filter(k => k !== 'additionalIngress' && k !== 'additionalEgress').map(k => `gateways.${k}`));
  keys.push(...Object.keys(spec.security ?? {}).filter(k => k !== 'trust').map(k => `security.${k}`));
  keys.push(...Object.keys(spec.security?.trust ?? {}).filter(k => k !== 'domain').map(k => `security.trust.${k}`));
  if (keys.length === 0) return [];
  const list = keys.sort(byName).join(', ');
  return [{
    mesh: mesh.name,
    kind: MigrationEntryKind.CONTROL_PLANE_SPEC,
    subject: list,
    source: `mesh '${mesh.name}': controlPlaneSpec`,
    problem: `controlPlaneSpec sets ${list}, ServiceMeshControlPlane settings that have no one-to-one counterpart in the Istio resource`,
    fix: `port them by hand to clusterSettings['${mesh.name}'].istioValues (the istiod Helm values)`,
  }];
}

/** What a label export leaves reachable: with `scoped`, the rest of its namespaces; else every service. */
function labelExportFix(mesh: ResolvedMesh, rule: ExportRuleSpec, scoped: boolean): string {
  const aliases = rule.aliases?.length ? ', and call aliased services by their own names' : '';
  if (!scoped) return `nothing to do for the selected services; the services the selector left out are reachable from every cluster too, so restrict them with AuthorizationPolicies${aliases}`;
  const where = isAny(rule.namespace) ? 'every service of the member namespaces the description declares' : `every service of namespace '${rule.namespace}' (*.${rule.namespace}.svc.cluster.local)`;
  return `nothing to do for the selected services; the cross-network Gateway exposes ${where}, so the services the selector left out there are reachable from every cluster too: restrict them with AuthorizationPolicies, or list the selected services in clusterSettings['${mesh.name}'].crossNetworkHosts${aliases}`;
}

function exportEntries(mesh: ResolvedMesh, model: FederationModel, scoped: boolean): MigrationEntry[] {
  const entries: MigrationEntry[] = [];
  const others = model.meshes.filter(m => m !== mesh).map(m => m.name);
  const reported = new Set<string>();
  for (const [peer, rules] of mesh.exportRules) {
    for (const rule of rules) {
      const subject = pattern(rule.namespace, rule.name);
      if (rule.kind === 'label') {
        const selector = JSON.stringify({ matchLabels: rule.matchLabels, matchExpressions: rule.matchExpressions });
        entries.push({
          mesh: mesh.name,
          peer,
          kind: MigrationEntryKind.LABEL_EXPORT,
          subject,
          source: rule.source,
          problem: `exports the services of ${isAny(rule.namespace) ? 'every namespace' : `namespace '${rule.namespace}'`} selected by ${selector}${rule.aliases?.length ? ', some under aliases,' : ''} to '${peer}'; multi-network Istio has no export selection: every service is one service across all clusters that have a Service of the same namespace and name`,
          fix: labelExportFix(mesh, rule, scoped),
        });
        continue;
      }
      if (hasAlias(rule.alias)) {
        const aliasNs = isAny(rule.alias!.namespace) ? rule.namespace : rule.alias!.namespace!;
        const aliasName = isAny(rule.alias!.name) ? rule.name : rule.alias!.name!;
        entries.push({
          mesh: mesh.name,
          peer,
          kind: MigrationEntryKind.EXPORT_ALIAS,
          subject,
          source: rule.source,
          problem: `exports ${subject} to '${peer}' as ${pattern(aliasNs, aliasName)}; multi-network Istio knows a service only by its own namespace and name`,
          fix: isAny(rule.alias!.namespace) || rule.alias!.namespace === rule.namespace
            ? `clients in '${peer}' call ${isAny(rule.name) ? '<name>' : rule.name}.${isAny(rule.namespace) ? '<namespace>' : rule.namespace}.svc.cluster.local, or you add a Service named '${aliasName}' in '${rule.namespace}' on '${mesh.name}' with the same selector`
            : `clients in '${peer}' call the service by its own name in namespace '${rule.namespace}' (a Service in another namespace cannot select its pods)`,
        });
      }
      const key = subject;
      if (reported.has(key)) continue;
      reported.add(key);
      const ns = isAny(rule.namespace) ? '*' : rule.namespace;
      const name = isAny(rule.name) ? '*' : rule.name;
      const to = others.filter(o => (mesh.exportRules.get(o) ?? []).some(r => r.kind === 'name' && covers(r, ns, name)));
      const notTo = others.filter(o => !to.includes(o));
      if (notTo.length === 0) continue;
      entries.push({
        mesh: mesh.name,
        peer,
        kind: MigrationEntryKind.EXPORT_SCOPE,
        subject,
        source: rule.source,
        problem: `exports ${subject} to ${to.map(o => `'${o}'`).join(', ')} only; multi-network Istio has no per-cluster export, so ${notTo.map(o => `'${o}'`).join(', ')} can reach it too`,
        fix: `if ${notTo.length === 1 ? 'it' : 'they'} must not, allow only the callers' service accounts with an AuthorizationPolicy in '${ns}' (identities carry no cluster name: a caller with the same namespace and service account in ${notTo.length === 1 ? 'that cluster' : 'those clusters'} is allowed too)`,
      });
    }
  }
  return entries;
}

function importEntries(mesh: ResolvedMesh, model: FederationModel): MigrationEntry[] {
  const entries: MigrationEntry[] = [];
  for (const resolved of mesh.resolvedImports) {
    const rule = resolved.rule;
    const exportRules = model.mesh(resolved.peer)?.exportRules.get(mesh.name) ?? [];
    for (const match of resolved.matches) {
      // The service on the exporting side, before its aliases.
      const exportRule = exportRules[match.exportRule - 1];
      const origin = !exportRule ? match.exported : exportRule.kind === 'name'
        ? {
          namespace: isAny(exportRule.namespace) ? match.exported.namespace : exportRule.namespace,
          name: isAny(exportRule.name) ? match.exported.name : exportRule.name,
        }
        : {
          namespace: isAny(exportRule.namespace) ? match.exported.namespace : exportRule.namespace,
          // A label rule's aliases may rename services: the original names are not known then.
          name: (exportRule.aliases ?? []).some(a => !isAny(a.alias.name)) ? '*' : match.exported.name,
        };
      const originText = pattern(origin.namespace, origin.name);
      const localHost = `${isAny(origin.name) ? '<name>' : origin.name}.${isAny(origin.namespace) ? '<namespace>' : origin.namespace}.svc.cluster.local`;
      if (rule.importAsLocal) {
        if (match.localHostname === localHost) continue;
        entries.push({
          mesh: mesh.name,
          peer: resolved.peer,
          kind: MigrationEntryKind.IMPORT_ALIAS,
          subject: originText,
          source: rule.source,
          problem: `merges ${originText} of '${resolved.peer}' into the local ${match.localHostname}; multi-network Istio merges only services of the same namespace and name`,
          fix: `run the service as ${match.localHostname.replace(/\.svc\.cluster\.local$/, '').split('.').reverse().join('/')} on '${resolved.peer}' too, or point clients in '${mesh.name}' at ${localHost}`,
        });
        continue;
      }
      entries.push({
        mesh: mesh.name,
        peer: resolved.peer,
        kind: MigrationEntryKind.IMPORT_HOSTNAME,
        subject: originText,
        source: rule.source,
        problem: `imports ${originText} of '${resolved.peer}' as ${match.localHostname}; that hostname does not exist in multi-network Istio`,
        fix: `clients in '${mesh.name}' call ${localHost}; ${originText.includes('*') ? `the Services ${originText} must` : `the Service ${originText} must`} also exist on '${mesh.name}' (a copy without pods is enough) or the proxies must resolve ${originText.includes('*') ? 'them' : 'it'} (DNS proxying, ISTIO_META_DNS_CAPTURE)`,
      });
    }
  }
  return entries;
}

