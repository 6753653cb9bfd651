// The annotations a Knative Service needs to run in the mesh: passthrough on the Service, the
// sidecar and probe rewriting on its revision template.
import { JsonPatch } from 'cdk8s';
import { INJECT, PASSTHROUGH, REWRITE_PROBERS } from './constants';
import { isPlainObject } from '../core/merge';
import { q } from '../core/output';

/** The annotations of the revision template. */
export function templateAnnotations(): Record<string, string> {
  return { [INJECT]: 'true', [REWRITE_PROBERS]: 'true' };
}

/** Problems of a Knative Service's annotations (its JSON); `absentOk` when they may still be added. */
export function meshAnnotationProblems(where: string, json: any, absentOk: boolean): string[] {
  const problems: string[] = [];
  const check = (path: string, actual: unknown) => {
    if (actual === 'true' || (absentOk && actual === undefined)) return;
    problems.push(`${where}: ${path} is ${actual === undefined ? 'not set' : q(actual)}, but a Knative Service in the mesh needs "true". Fix: ${actual === undefined ? 'call KnativeService.addMeshAnnotations() after the spec is set' : 'remove it or set it to "true"'}`);
  };
  check(`metadata.annotations['${PASSTHROUGH}']`, json?.metadata?.annotations?.[PASSTHROUGH]);
  const template = json?.spec?.template?.metadata?.annotations;
  check(`spec.template.metadata.annotations['${INJECT}']`, template?.[INJECT]);
  check(`spec.template.metadata.annotations['${REWRITE_PROBERS}']`, template?.[REWRITE_PROBERS]);
  return problems;
}

/**
 * The JSON patches that add the revision template annotations a Knative Service (its JSON) lacks,
 * creating the missing parents; none for an annotation already there.
 */
export function templateAnnotationPatches(json: any): JsonPatch[] {
  const wanted = templateAnnotations();
  const spec = json?.spec;
  if (!isPlainObject(spec)) {
    return [JsonPatch.add('/spec', { template: { metadata: { annotations: wanted } } })];
  } else if (!isPlainObject(spec.template)) {
    return [JsonPatch.add('/spec/template', { metadata: { annotations: wanted } })];
  } else if (!isPlainObject(spec.template.metadata)) {
    return [JsonPatch.add('/spec/template/metadata', { annotations: wanted })];
  } else if (!isPlainObject(spec.template.metadata.annotations)) {
    return [JsonPatch.add('/spec/template/metadata/annotations', wanted)];
  }
  const annotations = spec.template.metadata.annotations;
  return Object.entries(wanted).filter(([key]) => annotations[key] === undefined)
    .map(([key, value]) => JsonPatch.add(`/spec/template/metadata/annotations/${escapePointer(key)}`, value));
}

/** `key` escaped as one JSON pointer segment. */
function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
