import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { checkMeshes } from './checks/mesh-shape';
import { ServiceNameAlias } from './export-rules';
import { DeclaredImport } from './model/declarations';
import { FederationContext, federationContext } from './model/registry';
import { IMesh } from './refs';
import { importSetSpec } from './render';
import { CLUSTER_LOCAL, isAny } from './resolution';
import { aliasProblems, selectorFieldProblem } from './rule-checks';
import { FederationError } from '../core/errors';
import { localityProblems } from '../core/locality';
import type { Locality } from '../core/mesh-options';
import { hostnameProblem } from '../core/names';
import { q } from '../core/output';
import { ImportedServiceSet } from '../imports/federation.maistra.io';

/** Imports exported services chosen by namespace and name. */
export interface ImportByNameOptions {
  /** Namespace the peer exports the service under, or `'*'`. */
  readonly namespace: string;
  /** Name the peer exports the service under, or `'*'`. */
  readonly name: string;
  /**
   * Make the service known locally under another namespace and/or name.
   * @default - the exported namespace and name
   */
  readonly alias?: ServiceNameAlias;
  /**
   * Import as `<name>.<namespace>.svc.cluster.local`, merging the remote endpoints with the local
   * service of that name (used for failover). Needs an `alias` with a fixed namespace: the operator
   * skips the rule otherwise.
   * @default false
   */
  readonly importAsLocal?: boolean;
  /**
   * Domain suffix of this rule's local hostnames. Never `svc.cluster.local` (use `importAsLocal`).
   * @default - the import's `domainSuffix`, else `svc.<peer>-imports.local`
   */
  readonly domainSuffix?: string;
}

/** Options of `Mesh.addServiceImport()`. */
export interface ServiceImportOptions {
  /** The mesh that exports the services. */
  readonly peer: IMesh;
  /**
   * Domain suffix of the local hostnames of every rule without its own.
   * @default - `svc.<peer>-imports.local`
   */
  readonly domainSuffix?: string;
  /**
   * Locality the imported services are placed in (for locality load balancing and failover).
   * @default - none
   */
  readonly locality?: Locality;
}

/** Props of a `ServiceImport`. */
export interface ServiceImportProps extends ServiceImportOptions {
  /** The mesh that takes the services. */
  readonly mesh: IMesh;
}

/**
 * What one mesh takes from one peer: rules of the ImportedServiceSet named after the peer in the
 * mesh's control-plane namespace. Rules select by name only (the operator ignores label selectors
 * in imports) and match the names the peer exports to this mesh, after the peer's aliases.
 *
 * Several imports for the same pair merge into one ImportedServiceSet, their rules in order; the
 * first rule that matches an exported service wins. At synth every rule is checked against what
 * the peer exports to this mesh, and two imports that would give two exported services one local
 * hostname are refused (except with `importAsLocal`, whose purpose is to merge endpoints).
 */
export class ServiceImport extends Construct {
  /** The mesh that takes the services. */
  public readonly mesh: IMesh;
  /** The mesh that exports the services. */
  public readonly peer: IMesh;
  /**
   * Domain suffix of rules without their own.
   * @default - `svc.<peer>-imports.local`
   */
  public readonly domainSuffix?: string;
  /**
   * Locality of the imported services.
   * @default - none
   */
  public readonly locality?: Locality;
  private readonly context: FederationContext;
  private readonly declared: DeclaredImport;

  constructor(scope: Construct, id: string, props: ServiceImportProps) {
    // Checked before the construct joins the tree, so a refused one leaves nothing behind.
    checkMeshes('ServiceImport', id, props);
    super(scope, id);
    this.mesh = props.mesh;
    this.peer = props.peer;
    this.domainSuffix = props.domainSuffix;
    this.locality = props.locality;
    const where = this.where('');
    const problems: string[] = [];
    if (props.peer === props.mesh) {
      problems.push(`${where}imports from the mesh itself. Fix: pass another mesh as peer`);
    }
    problems.push(...suffixProblems(`${where}domainSuffix`, props.domainSuffix));
    problems.push(...localityProblems(`${where}locality`, props.locality));
    if (problems.length > 0) throw new FederationError(problems);
    this.context = federationContext(props.mesh.federation, `mesh ${q(props.mesh.meshName)}: ServiceImport ${q(id)}`);
    this.declared = {
      mesh: props.mesh.meshName, peer: props.peer.meshName, id, domainSuffix: props.domainSuffix, locality: props.locality, rules: [],
    };
    this.context.declarations.addImport(this.declared);
    ensureImportSet(props.mesh, props.peer.meshName, this.context);
  }

  /** Imports the exported services with this namespace and name (either may be `'*'`). */
  public addNameRule(options: ImportByNameOptions): void {
    const call = this.call(`addNameRule(${q(options?.namespace)}, ${q(options?.name)})`);
    const where = `mesh ${q(this.mesh.meshName)}: ${call}`;
    const problems = [
      ...selectorFieldProblem(where, 'namespace', options?.namespace),
      ...selectorFieldProblem(where, 'name', options?.name),
      ...aliasProblems(where, 'alias', options?.alias),
      ...suffixProblems(`${where}: domainSuffix`, options?.domainSuffix),
    ];
    if (options?.importAsLocal && isAny(options.alias?.namespace)) {
      problems.push(`${where}: importAsLocal is true but alias.namespace is ${options.alias?.namespace === undefined ? 'not set' : q(options.alias.namespace)}; the operator skips such a rule ("cannot use importAsLocal without setting a fixed namespace alias"). Fix: set alias: { namespace: '<local namespace>' }`);
    }
    if (options?.importAsLocal && options.domainSuffix !== undefined) {
      problems.push(`${where}: domainSuffix ${q(options.domainSuffix)} has no effect with importAsLocal (the hostname is always ${CLUSTER_LOCAL}). Fix: remove domainSuffix`);
    }
    if (problems.length > 0) throw new FederationError(problems);
    this.context.declarations.addImportRule(this.declared, {
      namespace: options.namespace,
      name: options.name,
      alias: options.alias,
      importAsLocal: options.importAsLocal ?? false,
      domainSuffix: options.domainSuffix,
      source: where,
      call,
    });
  }

  /** The declaration within the mesh, for messages. */
  private call(method: string): string {
    return `import from ${q(this.peer.meshName)} ${q(this.node.id)} ${method}`;
  }

  private where(method: string): string {
    return `mesh ${q(this.mesh.meshName)}: ${this.call(method)}`;
  }
}

/** The ImportedServiceSet for `peer` in `mesh`'s chart (`ImportedServiceSet-<peer>`), made by the first import from it. */
function ensureImportSet(mesh: IMesh, peer: string, context: FederationContext): void {
  const id = `ImportedServiceSet-${peer}`;
  // Another construct with this id is a clash constructs reports, never a silently missing set.
  if (mesh.node.tryFindChild(id) instanceof ImportedServiceSet) return;
  new ImportedServiceSet(mesh, id, {
    metadata: { name: peer, namespace: mesh.controlPlaneNamespace },
    spec: Lazy.any({ produce: () => importSetSpec(context.declarations.model(), mesh.meshName, peer) }),
  });
}

function suffixProblems(where: string, suffix: string | undefined): string[] {
  if (suffix === undefined) return [];
  if (suffix === CLUSTER_LOCAL) {
    return [`${where} is ${q(CLUSTER_LOCAL)}, which the operator refuses for imports (it skips the rule). Fix: use importAsLocal: true with a fixed alias namespace, or another suffix such as 'svc.imported.local'`];
  }
  const p = hostnameProblem(suffix);
  return p ? [`${where} ${q(suffix)} ${p}. Fix: use a suffix like 'svc.imported.local'`] : [];
}
