// The locality check both products share.
import { labelValueProblem } from './labels';
import { q } from './output';

/** Problems of a locality: a region is needed, and a subzone needs a zone (the operator drops the locality otherwise). */
export function localityProblems(where: string, locality: { region?: string; zone?: string; subzone?: string } | undefined): string[] {
  if (locality === undefined) return [];
  const problems: string[] = [];
  if (!locality.region) {
    problems.push(`${where}.region is ${locality.region === undefined ? 'not set' : q(locality.region)}${locality.zone ? ` while zone is ${q(locality.zone)}` : ''}; the operator drops a locality without region. Fix: set the region, e.g. 'us-east-1'`);
  }
  if (locality.subzone && !locality.zone) {
    problems.push(`${where}.subzone ${q(locality.subzone)} is set without a zone; the operator drops such a locality. Fix: set the zone too, or remove subzone`);
  }
  // The values of the nodes' topology.kubernetes.io/region and /zone labels (and Istio's
  // topology.istio.io/subzone); a '/' would also split Istio's 'region/zone/subzone' locality.
  for (const part of ['region', 'zone', 'subzone'] as const) {
    const value = locality[part];
    const problem = typeof value === 'string' && value !== '' ? labelValueProblem(value) : undefined;
    if (problem) problems.push(`${where}.${part} ${q(value)} ${problem}, but it must match the nodes' ${part === 'subzone' ? 'topology.istio.io/subzone' : `topology.kubernetes.io/${part}`} label. Fix: use the label's value, e.g. '${part === 'region' ? 'us-east-1' : part === 'zone' ? 'us-east-1a' : 'rack-1'}'`);
  }
  return problems;
}
