// Checks of the shape and fields of export and import rules, and of the construct ids of exports,
// imports and failovers, run before anything reads them: callers in other jsii languages (and
// description files) pass anything, and a wrong type must be a message, never a TypeError.
import { Construct, IConstruct } from 'constructs';
import { LabelSelectorOperator } from './export-rules';
import type { IMesh } from './refs';
import { FederationError } from '../core/errors';
import { isKind, reservedIdProblem } from '../core/guards';
import { labelKeyProblem, labelValueProblem } from '../core/labels';
import { isPlainObject } from '../core/merge';
import { dnsLabelProblem } from '../core/names';
import { describeValue, q } from '../core/output';

/** A map written as an object literal (or parsed from JSON): not a class instance such as a Map. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  if (!isPlainObject(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Keys of `obj` (set to anything but undefined) that are not in `known`, as one problem: a key
 * spelt wrong would otherwise be ignored, and its setting silently left at its default.
 */
export function unknownKeyProblems(where: string, subject: string, obj: Record<string, unknown>, known: readonly string[]): string[] {
  const unknown = Object.keys(obj).filter(k => !known.includes(k) && obj[k] !== undefined);
  if (unknown.length === 0) return [];
  const listed = unknown.slice(0, 5).map(k => q(k)).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
  return [`${where}: ${unknown.length === 1 ? 'unknown key' : 'unknown keys'} ${listed} in ${subject} (known: ${known.join(', ')}). Fix: remove ${unknown.length === 1 ? 'it' : 'them'}, or correct the spelling`];
}

/** The problems a check throws as a FederationError, so that they join the others of the declaration. */
export function problemsOf(check: () => void): string[] {
  try {
    check();
    return [];
  } catch (e) {
    if (e instanceof FederationError) return e.problems;
    throw e;
  }
}

/** Problem of a method's options that are not an object. */
export function optionsProblems(where: string, options: unknown, fix: string): string[] {
  return isPlainObject(options) ? [] : [`${where}: options are ${describeValue(options)}, not an object. Fix: ${fix}`];
}

/**
 * The props of an export or import made by `mesh.addServiceExport()` / `addServiceImport()`: the
 * options with the mesh. Options that are not an object are refused before they are spread (a
 * string would spread into one prop per character).
 */
export function withMesh<T extends object>(mesh: IMesh, kind: string, id: unknown, options: T): T & { readonly mesh: IMesh } {
  if (options !== undefined && !isPlainObject(options)) {
    throw new FederationError([`mesh ${q(mesh.meshName)}: ${kind} ${describeValue(id)} options are ${describeValue(options)}, not an object. Fix: pass { peer: federation.findMesh('green-mesh') }`]);
  }
  return { ...options, mesh };
}

/**
 * Problems of the scope and id of a construct about to join the tree: a construct scope, a
 * non-empty id, and an id no child of the scope has yet (else constructs would refuse it with
 * "There is already a Construct with name").
 */
export function constructIdProblems(owner: string, scope: unknown, id: unknown, fix: { id: string; duplicate: string }): string[] {
  if (!Construct.isConstruct(scope)) {
    return [`${owner}: scope is ${describeValue(scope)}, not a construct. Fix: create it with the method of the mesh or federation, e.g. mesh.addServiceExport()`];
  }
  if (typeof id !== 'string' || id.length === 0) {
    return [`${owner}: id is ${describeValue(id)}, not a non-empty string. Fix: ${fix.id}`];
  }
  const reserved = reservedIdProblem(id);
  if (reserved) return [`${owner} ${q(id)}: id ${reserved}. Fix: ${fix.id}`];
  const taken = ownChild(scope, id.replace(/\//g, '--'));
  return taken ? [`${owner} ${q(id)}: id is already taken by ${takenBy(taken)} in ${q(scope.node.path)}. Fix: ${fix.duplicate}`] : [];
}

/**
 * The child of `scope` with construct id `id`, looked up by id alone (an id such as 'constructor'
 * is never mistaken for what every object inherits), in constant time: `node.children` lists every
 * child, and a mesh's chart holds hundreds.
 */
export function ownChild(scope: IConstruct, id: string): IConstruct | undefined {
  const found: unknown = scope.node.tryFindChild(id);
  return Construct.isConstruct(found) && found.node.scope === scope && found.node.id === id ? found : undefined;
}

/** The construct that holds an id, for messages: its kind and path. */
export function takenBy(construct: IConstruct): string {
  return `${construct.constructor?.name ?? 'a construct'} ${q(construct.node.path)}`;
}

/** Problems of one selector field of a rule: required, and '*' or a DNS label (no partial wildcards). */
export function selectorFieldProblem(where: string, field: string, value: unknown): string[] {
  const fix = `give a ${field.split('.').pop()}, or '*' for any`;
  if (value === undefined || value === '') {
    return [`${where}: ${field} is ${value === undefined ? 'missing' : q(value)}; a rule needs its selector. Fix: ${fix}`];
  }
  if (typeof value !== 'string') return [`${where}: ${field} is ${describeValue(value)}, not a string. Fix: ${fix}`];
  if (value === '*') return [];
  if (value.includes('*')) {
    return [`${where}: ${field} ${q(value)} is a partial wildcard, which the operator does not support ('*' only stands for a whole field). Fix: use '*' alone or list the names`];
  }
  const p = dnsLabelProblem(value);
  return p ? [`${where}: ${field} ${q(value)} ${p}. Fix: use a Kubernetes name, or '*'`] : [];
}

/** Problems of an alias: an object whose fields are each absent, '*' or a DNS label. */
export function aliasProblems(where: string, field: string, alias: unknown, required = false): string[] {
  if (alias === undefined && !required) return [];
  if (!isRecord(alias)) {
    return [`${where}: ${field} is ${describeValue(alias)}, not an object like { namespace?, name? }. Fix: pass e.g. { namespace: 'info' }${required ? '' : `, or leave ${field} out`}`];
  }
  const problems = unknownKeyProblems(where, field, alias, ['namespace', 'name']);
  for (const key of ['namespace', 'name'] as const) {
    const value = alias[key];
    if (value === undefined || value === '*') continue;
    let p: string | undefined;
    if (typeof value !== 'string') {
      p = `is ${describeValue(value)}, not a string`;
    } else if (value.includes('*')) {
      p = `${q(value)} is not a name (partial wildcards are not supported)`;
    } else {
      const d = dnsLabelProblem(value);
      p = d && `${q(value)} ${d}`;
    }
    if (p) problems.push(`${where}: ${field}.${key} ${p}. Fix: use a Kubernetes name, or leave it out to keep the service's own`);
  }
  return problems;
}

/** Problems of a label rule's selector and aliases: their shapes, Kubernetes label syntax, operators and values. */
export function labelRuleProblems(where: string, options: Record<string, unknown>): string[] {
  const { matchLabels, matchExpressions, aliases } = options;
  const unknown = unknownKeyProblems(where, 'options', options, ['namespace', 'matchLabels', 'matchExpressions', 'aliases']);
  const noLabels = matchLabels === undefined || (isRecord(matchLabels) && Object.keys(matchLabels).length === 0);
  const noExpressions = matchExpressions === undefined || (Array.isArray(matchExpressions) && matchExpressions.length === 0);
  return [
    ...(noLabels && noExpressions
      ? [`${where}: has no selector (neither matchLabels nor matchExpressions). Fix: add matchLabels, e.g. { 'export-service': 'true' }, or use addNameRule({ namespace, name: '*' }) to export the whole namespace`]
      : []),
    ...unknown,
    ...matchLabelsProblems(where, matchLabels),
    ...expressionsProblems(where, matchExpressions),
    ...labelAliasesProblems(where, aliases),
  ];
}

function matchLabelsProblems(where: string, labels: unknown): string[] {
  if (labels === undefined) return [];
  if (!isRecord(labels)) {
    return [`${where}: matchLabels is ${describeValue(labels)}, not a map of label keys to values. Fix: pass e.g. { 'export-service': 'true' }`];
  }
  return Object.entries(labels).flatMap(([key, value]) => {
    const problems: string[] = [];
    // cdk8s refuses to write an object with an own 'constructor' key (it takes it for a class).
    const keyProblem = key === 'constructor' ? 'cannot be written: cdk8s refuses an object with this key' : labelKeyProblem(key);
    if (keyProblem) problems.push(`${where}: matchLabels key ${q(key)} ${keyProblem}. Fix: use a label key like 'export-service' or 'example.com/tier'`);
    const valueProblem = typeof value === 'string' ? labelValueProblem(value) : `is ${describeValue(value)}, not a string`;
    if (valueProblem) problems.push(`${where}: matchLabels[${q(key)}] ${typeof value === 'string' ? `${q(value)} ` : ''}${valueProblem}. Fix: use a label value like 'true' (text)`);
    return problems;
  });
}

function expressionsProblems(where: string, expressions: unknown): string[] {
  if (expressions === undefined) return [];
  if (!Array.isArray(expressions)) {
    return [`${where}: matchExpressions is ${describeValue(expressions)}, not a list of { key, operator, values? }. Fix: pass e.g. [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['api'] }]`];
  }
  return expressions.flatMap((e, i) => expressionProblems(where, `matchExpressions[${i}]`, e));
}

const OPERATORS: readonly unknown[] = Object.values(LabelSelectorOperator);

function expressionProblems(where: string, field: string, e: unknown): string[] {
  const at = `${where}: ${field}`;
  if (!isPlainObject(e)) {
    return [`${at} is ${describeValue(e)}, not an object like { key, operator, values? }. Fix: pass e.g. { key: 'tier', operator: LabelSelectorOperator.EXISTS }`];
  }
  const problems = unknownKeyProblems(where, field, e, ['key', 'operator', 'values']);
  const keyProblem = typeof e.key === 'string' ? labelKeyProblem(e.key) : `is ${describeValue(e.key)}, not a string`;
  if (keyProblem) problems.push(`${at}.key ${typeof e.key === 'string' ? `${q(e.key)} ` : ''}${keyProblem}. Fix: use a label key like 'tier' or 'example.com/tier'`);
  if (!OPERATORS.includes(e.operator)) {
    problems.push(`${at}.operator ${describeValue(e.operator)} is not one of In, NotIn, Exists, DoesNotExist. Fix: use LabelSelectorOperator`);
  }
  const values: unknown = e.values;
  if (values !== undefined && !isKind(values, 'strings')) {
    problems.push(`${at}.values is ${describeValue(values)}, not a list of strings. Fix: pass e.g. ['api', 'web']`);
    return problems;
  }
  const list = (values ?? []) as string[];
  const needsValues = e.operator === LabelSelectorOperator.IN || e.operator === LabelSelectorOperator.NOT_IN;
  if (OPERATORS.includes(e.operator) && needsValues && list.length === 0) {
    problems.push(`${at} (${describeValue(e.key)} ${e.operator}) has no values. Fix: list the values`);
  } else if (OPERATORS.includes(e.operator) && !needsValues && list.length > 0) {
    problems.push(`${at} (${describeValue(e.key)} ${e.operator}) must not have values. Fix: remove values`);
  }
  list.forEach((v, j) => {
    const p = labelValueProblem(v);
    if (p) problems.push(`${at}.values[${j}] ${q(v)} ${p}. Fix: use label values like 'api'`);
  });
  return problems;
}

function labelAliasesProblems(where: string, aliases: unknown): string[] {
  if (aliases === undefined) return [];
  if (!Array.isArray(aliases)) {
    return [`${where}: aliases is ${describeValue(aliases)}, not a list of { namespace, name, alias }. Fix: pass e.g. [{ namespace: '*', name: '*', alias: { namespace: 'info' } }]`];
  }
  return aliases.flatMap((a, i) => isPlainObject(a)
    ? [
      ...unknownKeyProblems(where, `aliases[${i}]`, a, ['namespace', 'name', 'alias']),
      ...selectorFieldProblem(where, `aliases[${i}].namespace`, a.namespace),
      ...selectorFieldProblem(where, `aliases[${i}].name`, a.name),
      ...aliasProblems(where, `aliases[${i}].alias`, a.alias, true),
    ]
    : [`${where}: aliases[${i}] is ${describeValue(a)}, not an object like { namespace, name, alias }. Fix: pass e.g. { namespace: '*', name: '*', alias: { namespace: 'info' } }`]);
}

/** Problems of a locality's shape: an object with text region, zone and subzone, and nothing else. `owner` names the declaration. */
export function localityShapeProblems(owner: string, locality: unknown): string[] {
  if (locality === undefined) return [];
  const fields = ['region', 'zone', 'subzone'] as const;
  if (isRecord(locality) && fields.every(f => locality[f] === undefined || typeof locality[f] === 'string')) {
    return unknownKeyProblems(owner, 'locality', locality, fields);
  }
  return [`${owner} locality is ${describeValue(locality)}, not { region, zone?, subzone? } with text values. Fix: pass e.g. { region: 'us-east-1' }, or leave it out`];
}

/** `mesh '<name>': ` when `props.mesh` names a mesh, for messages about a construct not yet checked. */
export function meshPrefix(props: unknown): string {
  const mesh: unknown = isPlainObject(props) ? props.mesh : undefined;
  return isPlainObject(mesh) && typeof mesh.meshName === 'string' ? `mesh ${q(mesh.meshName)}: ` : '';
}

/**
 * What `checkMeshes` lets through but an export or import cannot use: a mesh that is not a
 * construct (its ExportedServiceSet or ImportedServiceSet goes into it), or a mesh or peer without
 * a federation.
 */
export function meshConstructProblems(kind: string, id: string, props: { readonly mesh: IMesh; readonly peer: IMesh }): string[] {
  const fix = "Fix: pass a Mesh of the federation, e.g. federation.findMesh('green-mesh')";
  const problems: string[] = [];
  if (!Construct.isConstruct(props.mesh as unknown)) problems.push(`mesh ${q(props.mesh.meshName)}: ${kind} ${q(id)} mesh is ${describeValue(props.mesh)}, not a Mesh (a construct). ${fix}`);
  for (const prop of ['mesh', 'peer'] as const) {
    if (props[prop].federation === null) problems.push(`mesh ${q(props.mesh.meshName)}: ${kind} ${q(id)} ${prop} has no federation. ${fix}`);
  }
  return problems;
}

/**
 * The set an export or import adds its rules to takes the id `setId` in `mesh`: another construct
 * there with that id (or the export or import itself, about to take it) would be a clash.
 * `isSet` tells the set an earlier export or import made from any other construct.
 */
export function setIdProblems(
  owner: string, scope: unknown, id: string, mesh: IMesh, setId: string, setKind: string, isSet: (c: IConstruct) => boolean,
): string[] {
  const taken = mesh.node.tryFindChild(setId);
  const selfClash = !taken && scope === mesh && id.replace(/\//g, '--') === setId;
  if (!selfClash && (!taken || isSet(taken))) return [];
  return [`${owner} ${q(id)}: ${setKind} ${q(setId.slice(setKind.length + 1))} needs the construct id ${q(setId)} in ${q(mesh.node.path)}, which ${taken ? takenBy(taken) : 'this id'} would take. Fix: use another id`];
}
