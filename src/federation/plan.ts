import { IConstruct } from 'constructs';
import { remoteFor } from './addressing';
import { meshCertificates } from './certificates';
import { rootCertificatesMarkdown } from '../core/manual-steps-report';
import { FederationModel } from './model/resolve';
import { ANY, exportedHostname, exportOutputsOf } from './resolution';

/** A service one mesh exports to a peer, as the ExportedServiceSet `status` will list it. */
export interface ExportedServicePlan {
  /** The mesh it is exported to. */
  readonly peer: string;
  /** `<name>.<namespace>.svc.<peer>-exports.local` (`*` where a wildcard or label rule decides at run time). */
  readonly exportedName: string;
  /** The local service(s) exported, as `<name>.<namespace>` or a description of a label selector. */
  readonly localService: string;
  /** The 1-based index of the rule in the ExportedServiceSet. */
  readonly rule: number;
  /** True when the services behind it are only known at run time (wildcards, label selectors). */
  readonly resolvedAtRunTime: boolean;
}

/** A service one mesh imports from a peer, as the ImportedServiceSet `status` will list it. */
export interface ImportedServicePlan {
  /** The mesh it is imported from. */
  readonly peer: string;
  /** The name the peer exports it under. */
  readonly exportedName: string;
  /** The hostname clients in this mesh use. */
  readonly localHostname: string;
  /** Whether the remote endpoints join the local `svc.cluster.local` service. */
  readonly importAsLocal: boolean;
  /** The 1-based index of the rule in the ImportedServiceSet. */
  readonly rule: number;
  /** True when the services behind it are only known at run time (wildcards, label selectors). */
  readonly resolvedAtRunTime: boolean;
}

/** One certificate of a mesh's root certificate bundle, which its peers trust. */
export interface RootCertificatePlan {
  /** The SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` prints it (`AB:CD:...`), as in `federation.lock.yaml`. */
  readonly sha256: string;
  /** The subject, on one line (`CN=Root CA, O=example`). */
  readonly subject: string;
  /** When the certificate expires: its notAfter (ISO 8601, UTC). */
  readonly notAfter: string;
}

/** What one mesh exports and imports, and the root certificates its peers trust. */
export interface MeshPlan {
  /** The mesh name. */
  readonly mesh: string;
  /** Each certificate of its `rootCertificate` bundle, in bundle order (empty while it is not set). */
  readonly rootCertificates: RootCertificatePlan[];
  /** Exported services, by peer and rule order. */
  readonly exports: ExportedServicePlan[];
  /** Imported services, by peer and rule order. */
  readonly imports: ImportedServicePlan[];
}

/** One peering, and whether its traffic stays inside one cluster. */
export interface PeeringPlan {
  /** The two mesh names, sorted. */
  readonly meshes: string[];
  /**
   * The cluster both meshes run in, when they reach each other through cluster-local names.
   * @default - the meshes reach each other across clusters
   */
  readonly sameCluster?: string;
  /** The address each mesh uses for the other's ingress gateway, by mesh name (empty when none is known yet). */
  readonly addresses: { [mesh: string]: string[] };
}

/** What every mesh of a federation shares, and the warnings about it. */
export interface FederationPlan {
  /** The peerings, sorted. */
  readonly peerings: PeeringPlan[];
  /** Each mesh, sorted by name. */
  readonly meshes: MeshPlan[];
  /**
   * Warnings (wide exports); not errors. Not the root certificate expiry warnings, which depend on
   * the date: `FederatedMesh.warnings()` lists those.
   */
  readonly warnings: string[];
}

/** The plan as Markdown. @internal */
export function planToMarkdown(title: string, plan: FederationPlan): string {
  const lines: string[] = [`# Service sharing plan: ${title}`, ''];
  lines.push('What `oc get exportedserviceset,importedserviceset -o yaml` will list in `status` once applied, for the services declared.');
  lines.push('Names with `*` come from wildcards or label selectors: which services they cover is decided at run time.', '');
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  lines.push(...sameClusterSection(plan));
  lines.push(...rootCertificatesMarkdown(plan.meshes.map(m => ({ mesh: m.mesh, certificates: m.rootCertificates })), [
    'Each mesh\'s peers trust these roots (in their `<mesh>-ca-root-cert` ConfigMaps) to verify its workloads: pass the renewed root before one expires.',
  ]));
  for (const mesh of plan.meshes) {
    lines.push(`## ${mesh.mesh}`, '');
    lines.push('### Exported', '');
    if (mesh.exports.length === 0) {
      lines.push('Nothing.', '');
    } else {
      lines.push('| to | exported name | local service | rule |', '| --- | --- | --- | --- |');
      for (const e of mesh.exports) lines.push(`| ${e.peer} | \`${cell(e.exportedName)}\` | ${cell(e.localService)} | #${e.rule}${e.resolvedAtRunTime ? ' (run time)' : ''} |`);
      lines.push('');
    }
    lines.push('### Imported', '');
    if (mesh.imports.length === 0) {
      lines.push('Nothing.', '');
    } else {
      lines.push('| from | exported name | local hostname | as local | rule |', '| --- | --- | --- | --- | --- |');
      for (const i of mesh.imports) lines.push(`| ${i.peer} | \`${cell(i.exportedName)}\` | \`${cell(i.localHostname)}\` | ${i.importAsLocal ? 'yes' : 'no'} | #${i.rule}${i.resolvedAtRunTime ? ' (run time)' : ''} |`);
      lines.push('');
    }
  }
  if (plan.warnings.length > 0) {
    lines.push('## Warnings', '');
    for (const w of plan.warnings) lines.push(`- ${w}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The peerings that stay inside one cluster, as a Markdown section; nothing when there are none. */
function sameClusterSection(plan: FederationPlan): string[] {
  const local = plan.peerings.filter(p => p.sameCluster !== undefined);
  if (local.length === 0) return [];
  const lines = ['## Peerings inside one cluster', '', 'These meshes reach each other at their ingress Services\' cluster-local names; their ingress gateways for each other are ClusterIP Services.', ''];
  lines.push('| meshes | cluster | addresses |', '| --- | --- | --- |');
  for (const p of local) {
    const addresses = Object.entries(p.addresses).map(([mesh, list]) => `${mesh} → \`${list.join(', ')}\``).join('<br/>');
    lines.push(`| ${p.meshes.join(' ↔ ')} | ${p.sameCluster} | ${addresses} |`);
  }
  lines.push('');
  return lines;
}

/** What every mesh of `model` exports and imports, as the operator will list them. @internal */
export function federationPlan(model: FederationModel, warnings: string[]): FederationPlan {
  const peerings: PeeringPlan[] = model.peerings.map(([a, b]) => {
    const meshA = model.mesh(a)!;
    const meshB = model.mesh(b)!;
    return {
      meshes: [a, b],
      sameCluster: meshA.localPeers?.has(b) ? meshA.options.clusterName : undefined,
      // What `a` uses for `b`'s ingress gateway, and the reverse.
      addresses: { [a]: remoteFor(meshB, a).addresses ?? [], [b]: remoteFor(meshA, b).addresses ?? [] },
    };
  });
  const certificates = new Map(meshCertificates(model).map(c => [c.mesh, c.certificates]));
  const meshes: MeshPlan[] = model.meshes.map(mesh => ({
    mesh: mesh.name,
    rootCertificates: (certificates.get(mesh.name) ?? []).map(c => ({ sha256: c.sha256, subject: c.subject, notAfter: c.notAfter })),
    exports: [...mesh.exportRules].flatMap(([peer, rules]) => exportOutputsOf(rules).map(out => ({
      peer,
      exportedName: exportedHostname(out.exported, peer),
      localService: out.local,
      rule: out.ruleIndex,
      resolvedAtRunTime: out.exported.name === ANY || out.exported.namespace === ANY || out.byLabel,
    }))),
    imports: mesh.resolvedImports.flatMap(r => r.matches.map(match => ({
      peer: r.peer,
      exportedName: match.exportedName,
      localHostname: match.localHostname,
      importAsLocal: r.rule.importAsLocal,
      rule: r.ruleIndex,
      resolvedAtRunTime: match.resolvedAtRunTime,
    }))),
  }));
  return { peerings, meshes, warnings };
}

/** The metadata type under which a federation keeps the values its description took from a lock file. @internal */
export const FROM_LOCK_FILE_METADATA = 'cdk8s-mesh-federation:from-lock-file';

/** A report section listing the values taken from the lock file ('' when none, so reports without one are unchanged). @internal */
export function lockFileSection(scope: IConstruct): string {
  const values = scope.node.metadata.filter(m => m.type === FROM_LOCK_FILE_METADATA).map(m => String(m.data));
  if (values.length === 0) return '';
  return ['## Values from federation.lock.yaml', '', 'Not in the description: read from the clusters by `cdk8s-mesh-federation collect`.', '',
    ...values.map(v => `- ${v}`), ''].join('\n');
}
