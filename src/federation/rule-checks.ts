// Checks of the selector and alias fields of export and import rules.
import { dnsLabelProblem } from '../core/names';
import { q } from '../core/output';

/** Problems of one selector field of a rule: required, and '*' or a DNS label (no partial wildcards). */
export function selectorFieldProblem(where: string, field: string, value: unknown): string[] {
  if (typeof value !== 'string' || value.length === 0) {
    return [`${where}: ${field} is ${value === undefined ? 'missing' : q(value)}; a rule needs its selector. Fix: give a ${field.split('.').pop()}, or '*' for any`];
  }
  if (value === '*') return [];
  if (value.includes('*')) {
    return [`${where}: ${field} ${q(value)} is a partial wildcard, which the operator does not support ('*' only stands for a whole field). Fix: use '*' alone or list the names`];
  }
  const p = dnsLabelProblem(value);
  return p ? [`${where}: ${field} ${q(value)} ${p}. Fix: use a Kubernetes name, or '*'`] : [];
}

/** Problems of an alias: each field absent, '*' or a DNS label. */
export function aliasProblems(where: string, field: string, alias: { namespace?: string; name?: string } | undefined): string[] {
  if (alias === undefined) return [];
  const problems: string[] = [];
  for (const key of ['namespace', 'name'] as const) {
    const value = alias[key];
    if (value === undefined || value === '*') continue;
    const p = typeof value === 'string' && !value.includes('*') ? dnsLabelProblem(value) : 'is not a name (partial wildcards are not supported)';
    if (p) problems.push(`${where}: ${field}.${key} ${q(value)} ${p}. Fix: use a Kubernetes name, or leave it out to keep the service's own`);
  }
  return problems;
}
