// What a multi-network mesh rendered from a federation (`MultiNetworkMesh.fromFederation`) knows
// of its source: the report entries, the mesh-to-cluster mapping and the carried-over failovers.
// The migration layer (src/migration) fills it in; this layer only stores and renders it, so it
// never depends on the federation.
import { Construct } from 'constructs';
import { MigrationEntry } from './migration-entry';
import { IFederation } from '../core/federation-ref';

/** What `fromFederation()` records on the multi-network mesh it built. @internal */
export interface MigrationRecord {
  /** The federation's construct id. */
  readonly federationName: string;
  /** The federation mesh each cluster comes from, by cluster name. */
  readonly sourceMeshes: Map<string, string>;
  /** One line per failover DestinationRule carried over as locality load balancing. */
  readonly carriedOver: string[];
  /** What cannot carry over, computed when asked (exports added later count too). */
  readonly entries: () => MigrationEntry[];
  /** The report's section on what each cluster exposes to the other networks, as Markdown lines, computed when asked. */
  readonly exposure: () => string[];
  /** Warnings about the migration, computed when asked. */
  readonly warnings: () => string[];
}

/**
 * Builds a multi-network mesh from a federation; the migration layer registers it, and
 * `MultiNetworkMesh.fromFederation()` calls it. @internal
 */
export type Migrator = (scope: Construct, id: string, federation: IFederation, props: any) => any;

let migrator: Migrator | undefined;

/** Registers the function behind `MultiNetworkMesh.fromFederation()`. @internal */
export function registerMigrator(fn: Migrator): void {
  migrator = fn;
}

/** The registered migrator, if the migration layer is loaded. @internal */
export function registeredMigrator(): Migrator | undefined {
  return migrator;
}

/** One row of the mesh-to-cluster table. */
interface MappingRow {
  readonly mesh?: string;
  readonly cluster: string;
  readonly clusterName: string;
  readonly network: string;
}

/** The migration report as Markdown. */
export function migrationMarkdown(
  id: string, federation: string | undefined, entries: MigrationEntry[], rows: MappingRow[], namespace: string,
  failovers: string[] = [], exposure: string[] = [],
): string {
  const lines = [
    `# Multi-network mesh '${id}'${federation ? `, from federation '${federation}'` : ''}`,
    '',
    `Control plane namespace on every cluster: \`${namespace}\`.`,
    '',
    '| Federation mesh | Output folder | Istio cluster name | Network |',
    '|---|---|---|---|',
    ...rows.map(r => `| ${r.mesh ?? '-'} | ${r.cluster} | ${r.clusterName} | ${r.network} |`),
    '',
  ];
  if (failovers.length > 0) {
    lines.push(
      '## Failover, as locality load balancing',
      '',
      'These DestinationRules carry over unchanged. Istio reads each endpoint\'s region from its node\'s',
      '`topology.kubernetes.io/region` label, so the nodes must carry the region names the meshes declared.',
      '',
      ...failovers.map(f => `- ${f}`),
      '',
    );
  }
  lines.push(...exposure, '## What cannot carry over', '');
  if (entries.length === 0) {
    lines.push('Nothing: every export and import carries over. Multi-network Istio discovers every service that has the same namespace and name on several clusters as one service.', '');
    return lines.join('\n');
  }
  lines.push(`${entries.length} setting(s). Multi-network Istio discovers every service that has the same namespace and name on several clusters as one service; it has no exports, imports, aliases or domain suffixes.`, '');
  for (const e of entries) {
    lines.push(`- **${e.kind}** ${e.mesh}${e.peer ? ` / ${e.peer}` : ''}, \`${e.subject}\` (${e.source}): ${e.problem}.`, `  Do: ${e.fix}.`);
  }
  lines.push('');
  return lines.join('\n');
}
