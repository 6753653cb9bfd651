import { ApiObject, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ExportByLabelOptions, ExportByNameOptions } from './export-rules';
import { describeValue, q } from '../core/output';
import { checkMeshes } from './checks/mesh-shape';
import { DeclaredExport } from './model/declarations';
import { FederationContext, federationContext } from './model/registry';
import { IMesh } from './refs';
import { exportSetSpec } from './render';
import { ANY } from './resolution';
import {
  aliasProblems, constructIdProblems, labelRuleProblems, meshConstructProblems, meshPrefix, optionsProblems, problemsOf, selectorFieldProblem,
  setIdProblems, unknownKeyProblems,
} from './rule-checks';
import { FederationError } from '../core/errors';
import { isPlainObject } from '../core/merge';

/** Options of `Mesh.addServiceExport()`. */
export interface ServiceExportOptions {
  /** The mesh the services are shared with. */
  readonly peer: IMesh;
}

/** Props of a `ServiceExport`. */
export interface ServiceExportProps extends ServiceExportOptions {
  /** The mesh that shares the services. */
  readonly mesh: IMesh;
}

/**
 * What one mesh shares with one peer: rules of the ExportedServiceSet named after the peer in the
 * mesh's control-plane namespace. Nothing is shared unless a rule says so.
 *
 * Several exports for the same pair merge into one ExportedServiceSet, their rules in the order
 * the exports were created and the rules added. The operator exports a service under the first
 * rule that matches it; a rule that an earlier one makes unreachable is an error, and so are two
 * rules whose aliases would export two services under one name.
 * A service is exported as `<name>.<namespace>.svc.<peer>-exports.local` (after aliases). Services
 * the mesh itself imported are never exported again.
 */
export class ServiceExport extends Construct {
  /** The mesh that shares the services. */
  public readonly mesh: IMesh;
  /** The mesh the services are shared with. */
  public readonly peer: IMesh;
  private readonly context: FederationContext;
  private readonly declared: DeclaredExport;

  constructor(scope: Construct, id: string, props: ServiceExportProps) {
    // Checked before the construct joins the tree, so a refused one leaves nothing behind.
    checkExport(scope, id, props);
    super(scope, id);
    this.mesh = props.mesh;
    this.peer = props.peer;
    this.context = federationContext(props.mesh.federation, `mesh ${q(props.mesh.meshName)}: ServiceExport ${q(id)}`);
    this.declared = {
      mesh: props.mesh.meshName, peer: props.peer.meshName, id, foreignPeer: props.peer.federation !== props.mesh.federation, rules: [],
    };
    this.context.declarations.addExport(this.declared);
    ensureExportSet(props.mesh, props.peer.meshName, this.context);
  }

  /** Exports the services with this namespace and name (either may be `'*'`). */
  public addNameRule(options: ExportByNameOptions): void {
    const given: unknown = options;
    const call = this.call(`addNameRule(${describeValue(options?.namespace)}, ${describeValue(options?.name)})`);
    const where = this.where(call);
    const problems = isPlainObject(given)
      ? [
        ...unknownKeyProblems(where, 'options', given, ['namespace', 'name', 'alias']),
        ...selectorFieldProblem(where, 'namespace', given.namespace),
        ...selectorFieldProblem(where, 'name', given.name),
        ...aliasProblems(where, 'alias', given.alias),
      ]
      : optionsProblems(where, given, "pass { namespace: 'info', name: 'ratings' }");
    if (problems.length > 0) throw new FederationError(problems);
    this.context.declarations.addExportRule(this.declared, { kind: 'name', namespace: options.namespace, name: options.name, alias: options.alias, source: where, call });
  }

  /** Exports the services of a namespace (or `'*'`) that carry the given labels. */
  public addLabelRule(options: ExportByLabelOptions): void {
    const given: unknown = options;
    const call = this.call(`addLabelRule(${describeValue(options?.namespace)})`);
    const where = this.where(call);
    const problems = isPlainObject(given)
      ? [...selectorFieldProblem(where, 'namespace', given.namespace), ...labelRuleProblems(where, given)]
      : optionsProblems(where, given, "pass { namespace: 'shop', matchLabels: { 'export-service': 'true' } }");
    if (problems.length > 0) throw new FederationError(problems);
    const labels = options.matchLabels ?? {};
    const expressions = options.matchExpressions ?? [];
    this.context.declarations.addExportRule(this.declared, {
      kind: 'label',
      namespace: options.namespace,
      name: ANY,
      matchLabels: Object.keys(labels).length > 0 ? { ...labels } : undefined,
      matchExpressions: expressions.length > 0 ? expressions.map(e => ({ key: e.key, operator: e.operator, values: e.values })) : undefined,
      aliases: options.aliases?.map(a => ({ match: { namespace: a.namespace, name: a.name }, alias: a.alias })),
      source: where,
      call,
    });
  }

  /** The declaration within the mesh, for messages. */
  private call(method: string): string {
    return `export to ${q(this.peer.meshName)} ${q(this.node.id)} ${method}`;
  }

  private where(call: string): string {
    return `mesh ${q(this.mesh.meshName)}: ${call}`;
  }
}

/**
 * Checks an export's scope, id and meshes, and that its id and its ExportedServiceSet's are free,
 * before the construct joins the tree.
 */
function checkExport(scope: unknown, id: unknown, props: unknown): void {
  const owner = `${meshPrefix(props)}ServiceExport`;
  const problems = constructIdProblems(owner, scope, id, {
    id: "pass an id such as 'to-green-mesh'",
    duplicate: 'give every export of a mesh its own id (several exports to one peer still share one ExportedServiceSet)',
  });
  if (typeof id !== 'string') throw new FederationError(problems);
  const meshProblems = problemsOf(() => checkMeshes('ServiceExport', id, props as ServiceExportProps));
  problems.push(...meshProblems, ...(meshProblems.length > 0 ? [] : meshConstructProblems('ServiceExport', id, props as ServiceExportProps)));
  if (problems.length > 0) throw new FederationError(problems);
  const { mesh, peer } = props as ServiceExportProps;
  problems.push(...unknownKeyProblems(`mesh ${q(mesh.meshName)}: ServiceExport ${q(id)}`, 'options', props as Record<string, unknown>, ['peer', 'mesh']));
  if (peer === mesh) {
    problems.push(`mesh ${q(mesh.meshName)}: ServiceExport ${q(id)} exports to the mesh itself. Fix: pass another mesh as peer`);
  }
  problems.push(...setIdProblems(owner, scope, id, mesh, `ExportedServiceSet-${peer.meshName}`, 'ExportedServiceSet', c => SETS.has(c)));
  if (problems.length > 0) throw new FederationError(problems);
}

/** The ExportedServiceSet for `peer` in `mesh`'s chart (`ExportedServiceSet-<peer>`), made by the first export to it. */
function ensureExportSet(mesh: IMesh, peer: string, context: FederationContext): void {
  const id = `ExportedServiceSet-${peer}`;
  // Another construct with this id is a clash constructs reports, never a silently missing set.
  const existing = mesh.node.tryFindChild(id);
  if (existing && SETS.has(existing)) return;
  // A plain ApiObject: what the generated ExportedServiceSet class would write, without its converters.
  SETS.add(new ApiObject(mesh, id, {
    apiVersion: 'federation.maistra.io/v1',
    kind: 'ExportedServiceSet',
    metadata: { name: peer, namespace: mesh.controlPlaneNamespace },
    spec: Lazy.any({ produce: () => exportSetSpec(context.declarations.model(), mesh.meshName, peer) }),
  }));
}

/** The ExportedServiceSets made by `ensureExportSet`, wherever they are. */
const SETS = new WeakSet<IConstruct>();
