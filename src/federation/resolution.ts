// How the operator turns export and import rules into names, computed statically. Internal.
//
// It follows Maistra's matchers: a selector field that is '*' or '' matches anything; an alias
// field that is '*' or '' keeps the service's own value; the first rule that matches a service
// wins; a label rule exports a matched service under the first of its aliases that matches it,
// else under its own name. Services are not known here (the library cannot see the cluster), so a
// rule yields a pattern: a namespace and a name, each concrete or '*'.

/** Matches anything, in a selector; keeps the value, in an alias. */
export const ANY = '*';
/** The cluster-local suffix, which only `importAsLocal` may use. */
export const CLUSTER_LOCAL = 'svc.cluster.local';

/** A namespace and a name; either may be '*'. */
export interface NamePattern {
  readonly namespace: string;
  readonly name: string;
}

/** An alias: each field replaces the service's own unless absent or '*'. */
export interface AliasSpec {
  readonly namespace?: string;
  readonly name?: string;
}

export interface LabelRequirement {
  readonly key: string;
  readonly operator: string;
  readonly values?: string[];
}

/** One export rule, as the library holds it. */
export interface ExportRuleSpec {
  readonly kind: 'name' | 'label';
  /** Namespace selector ('*' for any). */
  readonly namespace: string;
  /** Name selector ('*' for any); name rules only. */
  readonly name: string;
  readonly alias?: AliasSpec;
  readonly matchLabels?: Record<string, string>;
  readonly matchExpressions?: LabelRequirement[];
  readonly aliases?: Array<{ match: NamePattern; alias: AliasSpec }>;
  /** Where the rule was declared, for messages: `mesh '<mesh>': <call>`. */
  readonly source: string;
  /** The declaration within the mesh, e.g. `export to 'green-mesh' 'to-green' addNameRule('info', 'ratings')`. */
  readonly call: string;
}

/** One import rule, as the library holds it. */
export interface ImportRuleSpec {
  readonly namespace: string;
  readonly name: string;
  readonly alias?: AliasSpec;
  readonly importAsLocal: boolean;
  readonly domainSuffix?: string;
  /** Where the rule was declared, for messages: `mesh '<mesh>': <call>`. */
  readonly source: string;
  /** The declaration within the mesh, e.g. `import from 'red-mesh' 'from-red' addNameRule('info', 'ratings')`. */
  readonly call: string;
}

/** What an export rule can put out: the exported pattern and a description of the local services. */
export interface ExportOutput {
  readonly exported: NamePattern;
  readonly local: string;
  readonly ruleIndex: number;
  /** Whether a label selector picks the services (known only at run time). */
  readonly byLabel: boolean;
}

export function isAny(value: string | undefined): boolean {
  return value === undefined || value === '' || value === ANY;
}

function norm(value: string | undefined): string {
  return isAny(value) ? ANY : value!;
}

/** The value two selector fields both accept, or undefined when they exclude each other. */
function meet(a: string, b: string): string | undefined {
  if (isAny(a)) return norm(b);
  if (isAny(b) || a === b) return a;
  return undefined;
}

function applyAlias(value: string, alias: string | undefined): string {
  return isAny(alias) ? value : alias!;
}

export function patternText(p: NamePattern): string {
  return `${p.name}.${p.namespace}`;
}

function selectorText(rule: ExportRuleSpec): string {
  const parts = [
    ...Object.entries(rule.matchLabels ?? {}).sort().map(([k, v]) => `${k}=${v}`),
    ...(rule.matchExpressions ?? []).map(e => `${e.key} ${e.operator}${e.values ? ` (${e.values.join(', ')})` : ''}`),
  ];
  return parts.join(', ');
}

/** The patterns an export rule can export, in the order the operator would try them. */
export function exportOutputs(rule: ExportRuleSpec, ruleIndex: number): ExportOutput[] {
  const ns = norm(rule.namespace);
  if (rule.kind === 'name') {
    const name = norm(rule.name);
    return [{
      exported: { namespace: applyAlias(ns, rule.alias?.namespace), name: applyAlias(name, rule.alias?.name) },
      local: `${name}.${ns}`,
      ruleIndex,
      byLabel: false,
    }];
  }
  const outputs: ExportOutput[] = [];
  const labelled = `services labelled ${selectorText(rule)} in ${ns === ANY ? 'any namespace' : ns}`;
  let coversAll = false;
  for (const { match, alias } of rule.aliases ?? []) {
    const matchNs = meet(ns, match.namespace);
    if (matchNs === undefined) continue;
    const matchName = norm(match.name);
    outputs.push({
      exported: { namespace: applyAlias(matchNs, alias.namespace), name: applyAlias(matchName, alias.name) },
      local: `${labelled}${matchName === ANY && matchNs === ns ? '' : ` named ${matchName}.${matchNs}`}`,
      ruleIndex,
      byLabel: true,
    });
    if (matchName === ANY && matchNs === ns) coversAll = true;
  }
  if (!coversAll) {
    outputs.push({ exported: { namespace: ns, name: ANY }, local: labelled, ruleIndex, byLabel: true });
  }
  return outputs;
}

/** The pattern both accept, or undefined when no service name fits both. */
export function intersect(a: NamePattern, b: NamePattern): NamePattern | undefined {
  const namespace = meet(a.namespace, b.namespace);
  const name = meet(a.name, b.name);
  return namespace === undefined || name === undefined ? undefined : { namespace, name };
}

/** Does selector `a` match every service selector `b` matches? */
function covers(a: NamePattern, b: NamePattern): boolean {
  return (isAny(a.namespace) || a.namespace === b.namespace) && (isAny(a.name) || a.name === b.name);
}

function sameRequirement(a: LabelRequirement, b: LabelRequirement): boolean {
  return a.key === b.key && a.operator === b.operator && JSON.stringify(a.values ?? []) === JSON.stringify(b.values ?? []);
}

/** Does export rule `earlier` match every service that `later` matches (so `later` can never win)? */
export function exportRuleShadows(earlier: ExportRuleSpec, later: ExportRuleSpec): boolean {
  const nsCovered = isAny(earlier.namespace) || earlier.namespace === later.namespace;
  if (!nsCovered) return false;
  if (earlier.kind === 'name') {
    return isAny(earlier.name) || (later.kind === 'name' && earlier.name === later.name);
  }
  if (later.kind !== 'label') return false;
  const labelsCovered = Object.entries(earlier.matchLabels ?? {}).every(([k, v]) => later.matchLabels?.[k] === v);
  const exprsCovered = (earlier.matchExpressions ?? []).every(e => (later.matchExpressions ?? []).some(l => sameRequirement(e, l)));
  return labelsCovered && exprsCovered;
}

/** Does import rule `earlier` match every exported name that `later` matches? */
export function importRuleShadows(earlier: ImportRuleSpec, later: ImportRuleSpec): boolean {
  return covers(earlier, later);
}

/** The exported hostname of a pattern exported to `peer`. */
export function exportedHostname(p: NamePattern, peer: string): string {
  return `${p.name}.${p.namespace}.svc.${peer}-exports.local`;
}

/** The domain suffix an import rule uses (the operator's order). */
export function importSuffix(rule: ImportRuleSpec, setSuffix: string | undefined, exporter: string): string {
  if (rule.importAsLocal) return CLUSTER_LOCAL;
  return rule.domainSuffix ?? setSuffix ?? `svc.${exporter}-imports.local`;
}

/** The local name an import rule gives to an exported pattern. */
export function importedPattern(rule: ImportRuleSpec, exported: NamePattern): NamePattern {
  return { namespace: applyAlias(exported.namespace, rule.alias?.namespace), name: applyAlias(exported.name, rule.alias?.name) };
}

/** Levenshtein distance, for suggestions. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const here = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = here;
    }
  }
  return row[b.length];
}

/** Up to three exported patterns closest to `wanted`, as '<name>.<namespace>'. */
export function closest(wanted: NamePattern, candidates: NamePattern[]): string[] {
  const target = patternText(wanted);
  const unique = [...new Set(candidates.map(patternText))];
  return unique
    .map(text => ({ text, d: distance(target, text) }))
    .sort((a, b) => a.d - b.d || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .slice(0, 3)
    .map(c => c.text);
}

/** One exported name an import rule matches, and the local hostname it gets. */
export interface ImportMatch {
  readonly exported: NamePattern;
  readonly exportedName: string;
  readonly localHostname: string;
  readonly exportRule: number;
  readonly resolvedAtRunTime: boolean;
}

/** An import rule with what it matches among the peer's exports. */
export interface ResolvedImport {
  readonly peer: string;
  readonly rule: ImportRuleSpec;
  readonly ruleIndex: number;
  readonly matches: ImportMatch[];
  readonly candidates: NamePattern[];
}

/** The patterns an ordered list of export rules can export, in rule order. */
export function exportOutputsOf(rules: readonly ExportRuleSpec[]): ExportOutput[] {
  return rules.flatMap((rule, i) => exportOutputs(rule, i + 1));
}

/**
 * Resolves one ImportedServiceSet of `importer` (its rules from `exporter`, in order) against what
 * the exporter exports to the importer, as the operator will: the first matching rule wins.
 */
export function resolveImportRules(
  importer: string, exporter: string, rules: readonly ImportRuleSpec[], setSuffix: string | undefined, outputs: readonly ExportOutput[],
): ResolvedImport[] {
  return rules.map((rule, index) => {
    const matches: ImportMatch[] = [];
    for (const out of outputs) {
      const exported = intersect(rule, out.exported);
      if (!exported) continue;
      // First match wins: an exported name an earlier rule takes is not this rule's.
      if (!isAny(exported.namespace) && !isAny(exported.name) && rules.slice(0, index).some(r => intersect(r, exported))) continue;
      const local = importedPattern(rule, exported);
      matches.push({
        exported,
        exportedName: exportedHostname(exported, importer),
        localHostname: `${local.name}.${local.namespace}.${importSuffix(rule, setSuffix, exporter)}`,
        exportRule: out.ruleIndex,
        resolvedAtRunTime: isAny(exported.namespace) || isAny(exported.name) || out.byLabel,
      });
    }
    return { peer: exporter, rule, ruleIndex: index + 1, matches, candidates: outputs.map(o => o.exported) };
  });
}

