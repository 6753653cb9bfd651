import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { checkMeshes } from './checks/mesh-shape';
import { ServiceNameAlias } from './export-rules';
import { DeclaredImport } from './model/declarations';
import { FederationContext, federationContext } from './model/registry';
import { IMesh } from './refs';
import { importSetSpec } from './render';
import { ANY, CLUSTER_LOCAL } from './resolution';
import {
  aliasProblems, constructIdProblems, localityShapeProblems, meshConstructProblems, meshPrefix, optionsProblems, problemsOf, selectorFieldProblem,
  setIdProblems, unknownKeyProblems,
} from './rule-checks';
import { FederationError } from '../core/errors';
import { localityProblems } from '../core/locality';
import { isPlainObject } from '../core/merge';
import type { Locality } from '../core/mesh-options';
import { hostnameProblem } from '../core/names';
import { describeValue, q } from '../core/output';

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
    checkImport(scope, id, props);
    super(scope, id);
    this.mesh = props.mesh;
    this.peer = props.peer;
    this.domainSuffix = props.domainSuffix;
    this.locality = props.locality;
    this.context = federationContext(props.mesh.federation, `mesh ${q(props.mesh.meshName)}: ServiceImport ${q(id)}`);
    this.declared = {
      mesh: props.mesh.meshName, peer: props.peer.meshName, id, domainSuffix: props.domainSuffix, locality: props.locality, rules: [],
    };
    this.context.declarations.addImport(this.declared);
    ensureImportSet(props.mesh, props.peer.meshName, this.context);
  }

  /** Imports the exported services with this namespace and name (either may be `'*'`). */
  public addNameRule(options: ImportByNameOptions): void {
    const given: unknown = options;
    const call = this.call(`addNameRule(${describeValue(options?.namespace)}, ${describeValue(options?.name)})`);
    const where = this.where(call);
    if (!isPlainObject(given)) throw new FederationError(optionsProblems(where, given, "pass { namespace: 'info', name: 'ratings' }"));
    const problems = [
      ...unknownKeyProblems(where, 'options', given, ['namespace', 'name', 'alias', 'importAsLocal', 'domainSuffix']),
      ...selectorFieldProblem(where, 'namespace', given.namespace),
      ...selectorFieldProblem(where, 'name', given.name),
      ...aliasProblems(where, 'alias', given.alias),
      ...suffixProblems(`${where}: domainSuffix`, given.domainSuffix),
    ];
    const { importAsLocal, alias, domainSuffix } = given;
    if (importAsLocal !== undefined && typeof importAsLocal !== 'boolean') {
      problems.push(`${where}: importAsLocal is ${describeValue(importAsLocal)}, not true or false. Fix: pass true to merge the remote endpoints into the local service, or leave it out`);
    }
    const aliasNamespace: unknown = isPlainObject(alias) ? alias.namespace : undefined;
    if (importAsLocal === true && (aliasNamespace === undefined || aliasNamespace === '' || aliasNamespace === ANY)) {
      problems.push(`${where}: importAsLocal is true but alias.namespace is ${aliasNamespace === undefined ? 'not set' : q(aliasNamespace)}; the operator skips such a rule ("cannot use importAsLocal without setting a fixed namespace alias"). Fix: set alias: { namespace: '<local namespace>' }`);
    }
    if (importAsLocal === true && domainSuffix !== undefined) {
      problems.push(`${where}: domainSuffix ${describeValue(domainSuffix)} has no effect with importAsLocal (the hostname is always ${CLUSTER_LOCAL}). Fix: remove domainSuffix`);
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

  private where(call: string): string {
    return `mesh ${q(this.mesh.meshName)}: ${call}`;
  }
}

/** The ImportedServiceSet for `peer` in `mesh`'s chart (`ImportedServiceSet-<peer>`), made by the first import from it. */
function ensureImportSet(mesh: IMesh, peer: string, context: FederationContext): void {
  const id = `ImportedServiceSet-${peer}`;
  // Another construct with this id is a clash constructs reports, never a silently missing set.
  const existing = mesh.node.tryFindChild(id);
  if (existing && SETS.has(existing)) return;
  // A plain ApiObject: what the generated ImportedServiceSet class would write, without its converters.
  SETS.add(new ApiObject(mesh, id, {
    apiVersion: 'federation.maistra.io/v1',
    kind: 'ImportedServiceSet',
    metadata: { name: peer, namespace: mesh.controlPlaneNamespace },
    spec: Lazy.any({ produce: () => importSetSpec(context.declarations.model(), mesh.meshName, peer) }),
  }));
}

/** The ImportedServiceSets made by `ensureImportSet`, wherever they are. */
const SETS = new WeakSet<IConstruct>();

/**
 * Checks an import's scope, id, meshes, domain suffix and locality, and that its id and its
 * ImportedServiceSet's are free, before the construct joins the tree.
 */
function checkImport(scope: unknown, id: unknown, props: unknown): void {
  const owner = `${meshPrefix(props)}ServiceImport`;
  const problems = constructIdProblems(owner, scope, id, {
    id: "pass an id such as 'from-red-mesh'",
    duplicate: 'give every import of a mesh its own id (several imports from one peer still share one ImportedServiceSet)',
  });
  if (typeof id !== 'string') throw new FederationError(problems);
  const meshProblems = problemsOf(() => checkMeshes('ServiceImport', id, props as ServiceImportProps));
  problems.push(...meshProblems, ...(meshProblems.length > 0 ? [] : meshConstructProblems('ServiceImport', id, props as ServiceImportProps)));
  if (problems.length > 0) throw new FederationError(problems);
  const { mesh, peer, domainSuffix, locality } = props as ServiceImportProps;
  const where = `mesh ${q(mesh.meshName)}: import from ${q(peer.meshName)} ${q(id)} `;
  problems.push(...unknownKeyProblems(where.trimEnd(), 'options', props as Record<string, unknown>, ['peer', 'mesh', 'domainSuffix', 'locality']));
  if (peer === mesh) {
    problems.push(`${where}imports from the mesh itself. Fix: pass another mesh as peer`);
  }
  problems.push(...suffixProblems(`${where}domainSuffix`, domainSuffix));
  const shape = localityShapeProblems(where.trimEnd(), locality);
  problems.push(...(shape.length > 0 ? shape : localityProblems(`${where}locality`, locality)));
  problems.push(...setIdProblems(owner, scope, id, mesh, `ImportedServiceSet-${peer.meshName}`, 'ImportedServiceSet', c => SETS.has(c)));
  if (problems.length > 0) throw new FederationError(problems);
}

function suffixProblems(where: string, suffix: unknown): string[] {
  if (suffix === undefined) return [];
  if (typeof suffix !== 'string') {
    return [`${where} is ${describeValue(suffix)}, not a string. Fix: use a suffix like 'svc.imported.local', or leave it out`];
  }
  if (suffix === CLUSTER_LOCAL) {
    return [`${where} is ${q(CLUSTER_LOCAL)}, which the operator refuses for imports (it skips the rule). Fix: use importAsLocal: true with a fixed alias namespace, or another suffix such as 'svc.imported.local'`];
  }
  const p = hostnameProblem(suffix);
  return p ? [`${where} ${q(suffix)} ${p}. Fix: use a suffix like 'svc.imported.local'`] : [];
}
