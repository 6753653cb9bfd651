// The JSON Schema's findings as problems a description's author can act on: one line each, at
// `file:line:column`, naming the field as the description writes it (`meshes[0].platform.scheme`),
// the value found (cut to a readable length) and a `Fix:` in the description's own terms.
import { ErrorObject } from 'ajv';
import { DataPath, fieldPath, Locator, show } from './yaml-source';

/** The description's JSON Schema as a user finds it: inside the installed package. */
export const SCHEMA_PATH = 'node_modules/cdk8s-mesh-federation/schema/federation.schema.json';

/** At most this many problems are listed; the rest are counted. */
const MAX_PROBLEMS = 100;

/** Examples of the description's parts, by the field that holds them. */
const EXAMPLES: Record<string, string> = {
  meshes: '{ name: red-mesh, platform: { type: bare-metal } }',
  platform: '{ type: aws-nlb, scheme: internal }',
  exports: '{ id: to-green, peer: green-mesh, rules: [{ nameSelector: { namespace: shop, name: cart } }] }',
  imports: '{ id: from-red, peer: red-mesh, rules: [{ nameSelector: { namespace: shop, name: cart } }] }',
  rules: '{ nameSelector: { namespace: shop, name: cart } }',
  nameSelector: '{ namespace: shop, name: cart }',
  labelSelector: '{ namespace: shop, matchLabels: { app: cart } }',
  matchExpressions: '{ key: tier, operator: In, values: [web] }',
  aliases: '{ namespace: shop, name: cart, alias: { name: basket } }',
  alias: '{ namespace: info, name: red-ratings }',
  failover: '{ id: ratings, namespace: bookinfo, name: ratings, meshes: [red-mesh, green-mesh] }',
  peerings: '[red-mesh, green-mesh]',
  locality: '{ region: us-east-1 }',
  topology: '{ type: full-mesh }',
  gatewayNaming: '{ type: docs }',
  outlierDetection: '{ consecutive5xxErrors: 5, interval: 30s }',
  gitOps: '{ repoUrl: "https://git.example.com/fleet.git" }',
  nodePorts: '{ green-mesh: { servicePort: 30443, discoveryPort: 30444 } }',
  ingressAddresses: '{ green-mesh: [203.0.113.10] }',
  destinations: '{ red-mesh: { server: "https://api.red.example.com:6443" } }',
  controlPlaneSpec: '{ tracing: { type: None } }',
  matchLabels: '{ app: cart }',
  name: 'red-mesh',
  id: 'to-green',
  peer: 'green-mesh',
  hub: 'red-mesh',
  namespace: 'bookinfo',
  region: 'us-east-1',
  key: 'app',
  operator: 'In',
  ingress: '"ingress-{peer}"',
  egress: '"egress-{peer}"',
  nodeAddresses: '[192.0.2.10]',
  servicePort: '30443',
  discoveryPort: '30444',
  repoUrl: '"https://git.example.com/fleet.git"',
};

/** What one entry of a list is, by the list's field. */
const ENTRY_NOUNS: Record<string, string> = {
  meshes: 'a mesh (a mapping with name and platform)',
  exports: 'an export (a mapping with id, peer and rules)',
  imports: 'an import (a mapping with id, peer and rules)',
  rules: 'a rule (a mapping with nameSelector or labelSelector)',
  failover: 'a failover (a mapping with id, namespace, name and meshes)',
  peerings: 'a pair of mesh names',
  matchExpressions: 'a match expression (a mapping with key and operator)',
  aliases: 'an alias (a mapping with namespace, name and alias)',
};

/** Hints shown beside an allowed value in a fix. */
const VALUE_HINTS: Record<string, string> = {
  'internal': ' (a private load balancer, reachable inside the network)',
  'internet-facing': ' (a public load balancer)',
};

/** `table[key]` if the table has it (never a property of Object.prototype, such as 'constructor'). */
function own(table: Record<string, string>, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** One finding of the schema, with its path in the data. */
interface Finding {
  readonly err: ErrorObject;
  readonly path: DataPath;
  /** The whole schema. */
  readonly schema: object;
}

/** The schema of the value at `path` (following properties, items and additionalProperties). */
function schemaAt(schema: any, path: DataPath): any {
  let node = schema;
  for (const seg of path) {
    if (!node || typeof node !== 'object') return undefined;
    node = typeof seg === 'number' ? node.items
      : Object.prototype.hasOwnProperty.call(node.properties ?? {}, seg) ? node.properties[seg] : node.additionalProperties;
  }
  return node;
}

/** The problems of a description the schema refused, in the order found, without duplicates. */
export function schemaProblems(errors: ErrorObject[], data: unknown, locator: Locator, schema: object): string[] {
  const findings = errors.map(err => ({ err, path: dataPath(err.instancePath, data), schema }));
  const kept = findings.filter((f, _i, all) => relevant(f, all));
  const problems = [...new Set(kept.map(f => {
    const key = f.err.keyword === 'additionalProperties' ? String((f.err.params as any).additionalProperty) : undefined;
    return `${locator.at(f.path, key)}: ${messageOf(f)}`;
  }))];
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS), `${locator.file}: and ${problems.length - MAX_PROBLEMS} more problems like these. Fix: correct the ones above first`];
}

/** The path of a JSON pointer in `data`: list indexes as numbers, keys as strings. */
function dataPath(pointer: string, data: unknown): DataPath {
  if (pointer === '') return [];
  const path: Array<string | number> = [];
  let node: any = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const index = Array.isArray(node) && /^\d+$/.test(seg) ? Number(seg) : seg;
    path.push(index);
    node = node !== null && typeof node === 'object' && Object.prototype.hasOwnProperty.call(node, index) ? node[index] : undefined;
  }
  return path;
}

/**
 * Drops the findings that only follow from another: `if` summaries, anything about a value of the
 * wrong type but that, and a `oneOf` summary when a precise finding below it exists.
 */
function relevant(f: Finding, all: Finding[]): boolean {
  const { keyword, instancePath, schemaPath } = f.err;
  // `if` conditions and the branches of a `oneOf` (reported once, by the oneOf itself).
  if (keyword === 'if' || schemaPath.includes('/oneOf/')) return false;
  const under = (o: Finding) => o.err.instancePath === instancePath || o.err.instancePath.startsWith(`${instancePath}/`);
  const wrongType = all.some(o => o.err.keyword === 'type' && (instancePath === o.err.instancePath || instancePath.startsWith(`${o.err.instancePath}/`)));
  if (keyword !== 'type' && wrongType) return false;
  if (keyword === 'oneOf') return !all.some(o => o !== f && o.err.keyword !== 'oneOf' && o.err.keyword !== 'if' && !o.err.schemaPath.includes('/oneOf/') && under(o));
  return true;
}

function messageOf(f: Finding): string {
  const where = fieldPath(f.path);
  switch (f.err.keyword) {
    case 'type': return typeMessage(f, where);
    case 'enum': return enumMessage(f, where);
    case 'required': return requiredMessage(f);
    case 'additionalProperties': return unknownFieldMessage(f, where);
    case 'pattern': return `${where} is ${show(f.err.data)}, not a duration. Fix: write a whole number and a unit (ms, s, m or h) without a space, e.g. ${nameOf(f.path)}: 10s or ${nameOf(f.path)}: 1m`;
    case 'minItems': case 'maxItems': return countMessage(f, where);
    case 'minimum': case 'maximum': return rangeMessage(f, where);
    case 'minLength': return `${where} is empty (''). Fix: set ${nameOf(f.path)} to a name, e.g. ${nameOf(f.path)}: ${own(EXAMPLES, nameOf(f.path)) ?? 'my-name'}`;
    case 'not': return notMessage(f, where);
    case 'oneOf': return oneOfMessage(f, where);
    default: return `${where} is ${show(f.err.data)}, which ${f.err.message ?? `breaks the schema's ${f.err.keyword} rule`}. Fix: correct ${nameOf(f.path)} as ${SCHEMA_PATH} describes it`;
  }
}

/** The field's own name: the last key of the path (a list entry is named after its list). */
function nameOf(path: DataPath): string {
  for (let i = path.length - 1; i >= 0; i--) {
    const key = path[i];
    // A key the description made up (a peer's name in a mapping, say) is quoted and cut.
    if (typeof key === 'string') return /^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(key) ? key : show(key);
  }
  return 'the description';
}

/** The list an entry belongs to, when the path ends at a list entry. */
function listOf(path: DataPath): string | undefined {
  return typeof path[path.length - 1] === 'number' ? nameOf(path) : undefined;
}

/** A scalar as it would be written in YAML flow (strings quoted when needed). */
function asYaml(value: unknown): string {
  if (typeof value === 'string') return /^[A-Za-z0-9][\w./-]*$/.test(value) && value.length <= 64 ? value : show(value);
  return show(value);
}

function typeMessage(f: Finding, where: string): string {
  const expected = String((f.err.params as any).type);
  const data = f.err.data;
  const list = listOf(f.path);
  const name = nameOf(f.path);
  if (f.path.length === 0) {
    return `the description is ${show(data)}, not a mapping of fields. Fix: write the description as a mapping, starting with meshes: (npx cdk8s-mesh-federation init writes a starter; every field: node_modules/cdk8s-mesh-federation/docs/description.md)`;
  }
  if (list && own(ENTRY_NOUNS, list) && data === null) {
    return `${where} is null (an empty entry), but each entry of ${list} must be ${own(ENTRY_NOUNS, list)}. Fix: write the ${list === 'peerings' ? 'pair' : 'entry'} there, e.g. - ${own(EXAMPLES, list)}, or remove the empty '-' line`;
  }
  const noun = list && own(ENTRY_NOUNS, list) && expected === (list === 'peerings' ? 'array' : 'object') ? own(ENTRY_NOUNS, list) : typeNoun(expected);
  return `${where} is ${show(data)}, not ${noun}. Fix: ${typeFix(expected, name, list, data, f.err.parentSchema)}`;
}

function typeNoun(type: string): string {
  return ({ object: 'a mapping', array: 'a list', string: 'a text', integer: 'a whole number', number: 'a number', boolean: 'true or false', null: 'null' } as Record<string, string>)[type] ?? `a ${type}`;
}

function typeFix(expected: string, name: string, list: string | undefined, data: unknown, schema: any): string {
  const subject = list ? `each entry of ${list}` : name;
  switch (expected) {
    case 'object': {
      const fields: string[] = schema?.required ?? Object.keys(schema?.properties ?? {}).slice(0, 2);
      const example = own(EXAMPLES, list ?? name) ?? `{ ${fields.map(r => `${r}: ...`).join(', ') || 'field: value'} }`;
      return list ? `write ${subject} as a mapping, e.g. - ${example}` : `write ${name} as a mapping, e.g. ${name}: ${example}`;
    }
    case 'array':
      if (data !== null && typeof data !== 'object') return `put the value in a list: ${list ? '- ' : `${name}: `}[${asYaml(data)}]`;
      return `write ${subject} as a list, e.g. ${list ? '- ' : `${name}: `}${list === 'peerings' ? EXAMPLES.peerings : listExample(name)}`;
    case 'string':
      return typeof data === 'number' || typeof data === 'boolean'
        ? `write ${subject} as text, in quotes: ${list ? '- ' : `${name}: `}"${String(data)}"`
        : `write ${subject} as text, e.g. ${list ? '- ' : `${name}: `}${textExample(list ?? name)}`;
    case 'integer': case 'number': {
      const range = schema?.minimum !== undefined ? ` from ${schema.minimum} to ${schema.maximum}` : '';
      return `write ${subject} as a whole number${range}, without quotes, e.g. ${name}: ${schema?.minimum ?? 5}`;
    }
    case 'boolean':
      return `write ${name}: true or ${name}: false, without quotes`;
    default:
      return `write ${subject} as ${typeNoun(expected)}`;
  }
}

/** An example list for a field (its entries' example in brackets). */
function listExample(field: string): string {
  const example = own(EXAMPLES, field);
  return !example ? '[...]' : example.startsWith('[') ? example : `[${example}]`;
}

/** An example text for a field, if the field has one that is not a mapping. */
function textExample(field: string): string {
  const example = own(EXAMPLES, field);
  return example && !example.startsWith('{') ? example : 'my-value';
}

function enumMessage(f: Finding, where: string): string {
  const allowed = ((f.err.params as any).allowedValues as unknown[]).map(String);
  const name = nameOf(f.path);
  const closest = typeof f.err.data === 'string' ? nearest(f.err.data, allowed) : undefined;
  const ordered = closest ? [closest, ...allowed.filter(a => a !== closest)] : allowed;
  const options = ordered.map(a => `'${a}'${own(VALUE_HINTS, a) ?? ''}`);
  const choice = options.length <= 2 ? options.join(' or ') : `${closest ? `${options[0]} (the closest), or one of ` : 'one of '}${(closest ? options.slice(1) : options).join(', ')}`;
  return `${where} is ${show(f.err.data)}, not one of ${allowed.map(a => `'${a}'`).join(', ')}. Fix: set ${name} to ${choice}`;
}

/** The allowed value closest to `value` (by edit distance, ignoring case), if close enough. */
function nearest(value: string, allowed: string[]): string | undefined {
  if (value.length > 64) return undefined;
  const prefixed = value.length >= 2 ? allowed.filter(a => a.toLowerCase().startsWith(value.toLowerCase())) : [];
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const a of allowed) {
    const d = distance(value.toLowerCase(), a.toLowerCase());
    if (d < bestDistance) {
      best = a;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

function requiredMessage(f: Finding): string {
  const missing = String((f.err.params as any).missingProperty);
  const property = schemaAt(f.schema, f.path)?.properties?.[missing];
  const type = (f.err.data as any)?.type;
  const because = f.err.schemaPath.includes('/then/') && typeof type === 'string' ? `; type '${show(type).slice(1, -1)}' needs it` : '';
  const owner = f.path.length === 0 ? 'the description' : fieldPath(f.path);
  const example = Array.isArray(property?.enum)
    ? property.enum.map((v: string) => `${missing}: ${v}`).slice(0, 3).join(' or ')
    : `${missing}: ${property?.type === 'array' ? listExample(missing) : own(EXAMPLES, missing) ?? (property?.type === 'object' ? '{ ... }' : `<${missing}>`)}`;
  const what = property?.description ? ` (${missing}: ${property.description})` : '';
  return `${fieldPath([...f.path, missing])} is missing${because}. Fix: add ${example} to ${owner}${what}`;
}

function unknownFieldMessage(f: Finding, where: string): string {
  const key = String((f.err.params as any).additionalProperty);
  const known = Object.keys(schemaAt(f.schema, f.path)?.properties ?? {});
  const owner = f.path.length === 0 ? 'the description' : where;
  const closest = nearest(key, known);
  const fields = known.length > 0 ? ` (the fields of ${owner}: ${known.join(', ')})` : '';
  return `${fieldPath([...f.path, key])} is not a field of ${owner}. Fix: ${closest ? `rename it to ${closest}, or remove it` : 'remove it'}${fields}`;
}

function countMessage(f: Finding, where: string): string {
  const data = f.err.data as unknown[];
  const limit = Number((f.err.params as any).limit);
  const name = nameOf(f.path);
  const entries = `${data.length} ${data.length === 1 ? 'entry' : 'entries'}`;
  if (listOf(f.path) === 'peerings') {
    return `${where} has ${entries}, but a peering is a pair of mesh names. Fix: write two mesh names, e.g. - ${EXAMPLES.peerings}`;
  }
  if (f.err.keyword === 'maxItems') return `${where} has ${entries}, more than ${limit}. Fix: keep at most ${limit}`;
  const fix = f.path.length === 1 && name === 'meshes' ? `add a mesh, e.g. meshes: [${EXAMPLES.meshes}]`
    : name === 'meshes' ? `list at least ${limit} meshes that run the service, e.g. meshes: [red-mesh, green-mesh]`
      : name === 'rules' ? `add a rule, e.g. rules: [${EXAMPLES.rules}]`
        : `list at least ${limit} in ${name}`;
  return `${where} has ${entries}, but needs at least ${limit}. Fix: ${fix}`;
}

function rangeMessage(f: Finding, where: string): string {
  const schema = f.err.parentSchema as any;
  const below = f.err.keyword === 'minimum';
  return `${where} is ${show(f.err.data)}, ${below ? 'below' : 'above'} ${below ? schema.minimum : schema.maximum}. Fix: use a ${nameOf(f.path)} from ${schema.minimum ?? '...'} to ${schema.maximum ?? '...'} (the node port range), e.g. ${nameOf(f.path)}: ${schema.minimum ?? 1}`;
}

/** The fields a `not` rule names that the data sets. */
function fieldsSet(schema: any, data: any): string[] {
  const named = new Set<string>();
  const visit = (s: any) => {
    if (!s || typeof s !== 'object') return;
    for (const r of s.required ?? []) named.add(r);
    for (const sub of s.anyOf ?? []) visit(sub);
  };
  visit(schema);
  return [...named].filter(n => data !== null && typeof data === 'object' && Object.prototype.hasOwnProperty.call(data, n));
}

function notMessage(f: Finding, where: string): string {
  const data = f.err.data as any;
  const fields = fieldsSet(f.err.schema, data);
  const type = typeof data?.type === 'string' ? `'${show(data.type).slice(1, -1)}'` : show(data?.type);
  if (fields.includes('rootCertificate') && fields.includes('rootCertificateFile')) {
    return `${where} sets both rootCertificate and rootCertificateFile. Fix: keep one of them (rootCertificateFile reads the PEM from a file next to the description)`;
  }
  if (fields.includes('hub')) {
    return `${where}.hub is set, but type is ${type}; hub goes with type hub-and-spoke only. Fix: remove hub, or set type: hub-and-spoke`;
  }
  if (fields.includes('scheme')) {
    return `${where}.scheme is set, but type ${type} has no cloud load balancer. Fix: remove scheme (it goes with aws-nlb, aws-load-balancer-controller, azure and gcp)`;
  }
  if (fields.length > 0) {
    return `${where} sets ${fields.join(' and ')}, which go with type node-port only, but type is ${type}. Fix: remove ${fields.join(' and ')}, or set type: node-port`;
  }
  return `${where} holds fields that cannot go together. Fix: keep only the fields that apply (see ${SCHEMA_PATH})`;
}

function oneOfMessage(f: Finding, where: string): string {
  const data = f.err.data as any;
  const both = data?.nameSelector !== undefined && data?.labelSelector !== undefined;
  return both
    ? `${where} sets both nameSelector and labelSelector, but a rule has exactly one. Fix: split it into two rules, one with each selector`
    : `${where} sets neither nameSelector nor labelSelector, but a rule has exactly one. Fix: add nameSelector: ${EXAMPLES.nameSelector} or labelSelector: ${EXAMPLES.labelSelector}`;
}
