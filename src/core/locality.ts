// The locality check both products share.
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
  return problems;
}
