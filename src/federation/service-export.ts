import { Construct } from 'constructs';
import type { Mesh } from './mesh';
import { ANY, ExportRuleSpec } from './resolution';
import { selectorFieldProblem, aliasProblems } from './rule-checks';
import { FederationError } from '../core/errors';
import { q } from '../core/output';

/**
 * A new namespace and/or name for a service. A field left out (or `'*'`) keeps the service's own.
 */
export interface ServiceNameAlias {
  /**
   * The namespace the service is known under.
   * @default - the service's own namespace
   */
  readonly namespace?: string;
  /**
   * The name the service is known under.
   * @default - the service's own name
   */
  readonly name?: string;
}

/** Exports services chosen by namespace and name. */
export interface ExportByNameOptions {
  /** Namespace of the services, or `'*'` for any namespace (whole field only, no partial wildcards). */
  readonly namespace: string;
  /** Name of the service, or `'*'` for every service of the namespace. */
  readonly name: string;
  /**
   * Export the service under another namespace and/or name.
   * @default - its own namespace and name
   */
  readonly alias?: ServiceNameAlias;
}

/** Label selector operators. Values match Kubernetes. */
export enum LabelSelectorOperator {
  IN = 'In',
  NOT_IN = 'NotIn',
  EXISTS = 'Exists',
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label is compared. */
  readonly operator: LabelSelectorOperator;
  /**
   * Values for `In` and `NotIn`; none for `Exists` and `DoesNotExist`.
   * @default - none
   */
  readonly values?: string[];
}

/** An alias inside a label rule: services the selector picked that also match `namespace`/`name` are exported under `alias`. */
export interface LabelRuleAlias {
  /** Namespace to match, or `'*'`. */
  readonly namespace: string;
  /** Name to match, or `'*'`. */
  readonly name: string;
  /** The namespace and/or name to export the matching services under. */
  readonly alias: ServiceNameAlias;
}

/** Exports services chosen by label. */
export interface ExportByLabelOptions {
  /** Namespace of the services, or `'*'` for any namespace. */
  readonly namespace: string;
  /**
   * Labels the services must carry.
   * @default - none (then `matchExpressions` must be given)
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Label requirements the services must meet.
   * @default - none (then `matchLabels` must be given)
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
  /**
   * Ordered aliases; a matched service is exported under the first one that matches it, else under
   * its own name.
   * @default - every service under its own name
   */
  readonly aliases?: LabelRuleAlias[];
}

/** Options of `Mesh.addServiceExport()`. */
export interface ServiceExportOptions {
  /** The mesh the services are shared with. */
  readonly peer: Mesh;
}

/** Props of a `ServiceExport`. */
export interface ServiceExportProps extends ServiceExportOptions {
  /** The mesh that shares the services. */
  readonly mesh: Mesh;
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
  public readonly mesh: Mesh;
  /** The mesh the services are shared with. */
  public readonly peer: Mesh;
  private readonly rules: ExportRuleSpec[] = [];

  constructor(scope: Construct, id: string, props: ServiceExportProps) {
    super(scope, id);
    this.mesh = props.mesh;
    this.peer = props.peer;
    if (props.peer === props.mesh) {
      throw new FederationError([`mesh ${q(props.mesh.meshName)}: ServiceExport ${q(id)} exports to the mesh itself. Fix: pass another mesh as peer`]);
    }
    props.mesh._registerExport(this);
  }

  /** Exports the services with this namespace and name (either may be `'*'`). */
  public addNameRule(options: ExportByNameOptions): void {
    const where = this.where(`addNameRule(${q(options?.namespace)}, ${q(options?.name)})`);
    const problems = [
      ...selectorFieldProblem(where, 'namespace', options?.namespace),
      ...selectorFieldProblem(where, 'name', options?.name),
      ...aliasProblems(where, 'alias', options?.alias),
    ];
    if (problems.length > 0) throw new FederationError(problems);
    this.mesh.federation._touch();
    this.rules.push({ kind: 'name', namespace: options.namespace, name: options.name, alias: options.alias, source: where });
  }

  /** Exports the services of a namespace (or `'*'`) that carry the given labels. */
  public addLabelRule(options: ExportByLabelOptions): void {
    const where = this.where(`addLabelRule(${q(options?.namespace)})`);
    const problems = [...selectorFieldProblem(where, 'namespace', options?.namespace)];
    const labels = options?.matchLabels ?? {};
    const expressions = options?.matchExpressions ?? [];
    if (Object.keys(labels).length === 0 && expressions.length === 0) {
      problems.push(`${where}: has no selector (neither matchLabels nor matchExpressions). Fix: add matchLabels, e.g. { 'export-service': 'true' }, or use addNameRule({ namespace, name: '*' }) to export the whole namespace`);
    }
    expressions.forEach((e, i) => {
      const needsValues = e.operator === LabelSelectorOperator.IN || e.operator === LabelSelectorOperator.NOT_IN;
      if (!Object.values(LabelSelectorOperator).includes(e.operator)) {
        problems.push(`${where}: matchExpressions[${i}].operator ${q(e.operator)} is not one of In, NotIn, Exists, DoesNotExist. Fix: use LabelSelectorOperator`);
      } else if (needsValues && (e.values ?? []).length === 0) {
        problems.push(`${where}: matchExpressions[${i}] (${q(e.key)} ${e.operator}) has no values. Fix: list the values`);
      } else if (!needsValues && (e.values ?? []).length > 0) {
        problems.push(`${where}: matchExpressions[${i}] (${q(e.key)} ${e.operator}) must not have values. Fix: remove values`);
      }
    });
    (options?.aliases ?? []).forEach((a, i) => {
      problems.push(
        ...selectorFieldProblem(where, `aliases[${i}].namespace`, a.namespace),
        ...selectorFieldProblem(where, `aliases[${i}].name`, a.name),
        ...aliasProblems(where, `aliases[${i}].alias`, a.alias),
      );
    });
    if (problems.length > 0) throw new FederationError(problems);
    this.mesh.federation._touch();
    this.rules.push({
      kind: 'label',
      namespace: options.namespace,
      name: ANY,
      matchLabels: Object.keys(labels).length > 0 ? { ...labels } : undefined,
      matchExpressions: expressions.length > 0 ? expressions.map(e => ({ key: e.key, operator: e.operator, values: e.values })) : undefined,
      aliases: options.aliases?.map(a => ({ match: { namespace: a.namespace, name: a.name }, alias: a.alias })),
      source: where,
    });
  }

  /** The rules, in order. @internal */
  public get _rules(): ExportRuleSpec[] {
    return this.rules;
  }

  private where(call: string): string {
    return `mesh ${q(this.mesh.meshName)}: export to ${q(this.peer.meshName)} ${q(this.node.id)} ${call}`;
  }
}
