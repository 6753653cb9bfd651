import { Construct } from 'constructs';
import type { Mesh } from './mesh';
import { CLUSTER_LOCAL, ImportRuleSpec, isAny } from './resolution';
import { aliasProblems, selectorFieldProblem } from './rule-checks';
import type { ServiceNameAlias } from './service-export';
import { FederationError } from '../core/errors';
import { localityProblems } from '../core/locality';
import type { Locality } from '../core/mesh-options';
import { hostnameProblem } from '../core/names';
import { q } from '../core/output';

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
  readonly peer: Mesh;
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
  readonly mesh: Mesh;
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
  public readonly mesh: Mesh;
  /** The mesh that exports the services. */
  public readonly peer: Mesh;
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
  private readonly rules: ImportRuleSpec[] = [];

  constructor(scope: Construct, id: string, props: ServiceImportProps) {
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
    props.mesh._registerImport(this);
  }

  /** Imports the exported services with this namespace and name (either may be `'*'`). */
  public addNameRule(options: ImportByNameOptions): void {
    const where = this.where(`addNameRule(${q(options?.namespace)}, ${q(options?.name)})`);
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
    this.mesh.federation._touch();
    this.rules.push({
      namespace: options.namespace,
      name: options.name,
      alias: options.alias,
      importAsLocal: options.importAsLocal ?? false,
      domainSuffix: options.domainSuffix,
      source: where,
    });
  }

  /** The rules, in order. @internal */
  public get _rules(): ImportRuleSpec[] {
    return this.rules;
  }

  private where(call: string): string {
    return `mesh ${q(this.mesh.meshName)}: import from ${q(this.peer.meshName)} ${q(this.node.id)} ${call}`;
  }
}

function suffixProblems(where: string, suffix: string | undefined): string[] {
  if (suffix === undefined) return [];
  if (suffix === CLUSTER_LOCAL) {
    return [`${where} is ${q(CLUSTER_LOCAL)}, which the operator refuses for imports (it skips the rule). Fix: use importAsLocal: true with a fixed alias namespace, or another suffix such as 'svc.imported.local'`];
  }
  const p = hostnameProblem(suffix);
  return p ? [`${where} ${q(suffix)} ${p}. Fix: use a suffix like 'svc.imported.local'`] : [];
}
