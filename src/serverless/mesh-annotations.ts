// The annotations a Knative Service needs to run in the mesh: passthrough on the Service, the
// sidecar and probe rewriting on its revision template.
import { JsonPatch } from 'cdk8s';
import { INJECT, PASSTHROUGH, REWRITE_PROBERS } from './constants';
import { isPlainObject } from '../core/merge';
import { describeValue, q } from '../core/output';

/** The annotations of the revision template. */
export function templateAnnotations(): Record<string, string> {
  return { [INJECT]: 'true', [REWRITE_PROBERS]: 'true' };
}

/** The most the annotations of one object may hold (keys and values), as the API server allows. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** Problems of a Knative Service's annotations (its JSON); `absentOk` when they may still be added. */
export function meshAnnotationProblems(where: string, json: any, absentOk: boolean): string[] {
  const problems: string[] = [];
  const check = (path: string, actual: unknown) => {
    if (actual === 'true' || (absentOk && actual === undefined)) return;
    const shown = typeof actual === 'string' ? q(actual) : describeValue(actual);
    problems.push(`${where}: ${path} is ${actual === undefined ? 'not set' : shown}, but a Knative Service in the mesh needs "true". Fix: ${actual === undefined ? 'call KnativeService.addMeshAnnotations() after the spec is set' : 'remove it or set it to "true"'}`);
  };
  const annotations = json?.metadata?.annotations;
  check(`metadata.annotations['${PASSTHROUGH}']`, annotations?.[PASSTHROUGH]);
  const template = json?.spec?.template?.metadata?.annotations;
  check(`spec.template.metadata.annotations['${INJECT}']`, template?.[INJECT]);
  check(`spec.template.metadata.annotations['${REWRITE_PROBERS}']`, template?.[REWRITE_PROBERS]);
  problems.push(
    ...annotationSizeProblems(where, 'metadata.annotations', annotations, { [PASSTHROUGH]: 'true' }),
    ...annotationSizeProblems(where, 'spec.template.metadata.annotations', template, templateAnnotations()),
  );
  return problems;
}

/** The problem of annotations that, with the mesh's `added` ones, exceed what an object may hold. */
function annotationSizeProblems(where: string, path: string, annotations: unknown, added: Record<string, string>): string[] {
  const all: Record<string, unknown> = { ...added, ...(isPlainObject(annotations) ? annotations : {}) };
  const size = Object.entries(all).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(typeof v === 'string' ? v : describeValue(v)), 0);
  if (size <= MAX_ANNOTATIONS_BYTES) return [];
  return [`${where}: ${path} hold ${size} bytes with the mesh's annotations, more than the API server accepts (${MAX_ANNOTATIONS_BYTES}). Fix: move the large values out of the annotations (e.g. into a ConfigMap)`];
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
