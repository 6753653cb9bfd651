// Validates emitted manifests against the upstream CRD schemas, rejecting unknown fields the way
// `kubectl apply --validate=strict` does. The CRD folder comes from $MESH_FEDERATION_CRDS_DIR
// (default ../shared/crds); where it is absent, schema tests skip with a message saying so.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { ValidateFunction } from 'ajv';
import { Yaml } from 'cdk8s';

export const CRDS_DIR = resolve(process.env.MESH_FEDERATION_CRDS_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'crds'));
export const HAVE_CRDS = existsSync(join(CRDS_DIR, 'maistra'));

/**
 * `describe` when the CRD folder is there, else `describe.skip` with a message that says why.
 */
export function describeWithCrds(name: string, fn: () => void): void {
  if (HAVE_CRDS) {
    describe(name, fn);
  } else {
    describe.skip(`${name} (skipped: no CRD folder at ${CRDS_DIR}; set MESH_FEDERATION_CRDS_DIR to the folder holding maistra/ and istio/)`, fn);
  }
}

/** Every object schema with properties gets `additionalProperties: false` unless it preserves unknown fields. */
function strict(schema: any): any {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: any = {};
  for (const [k, v] of Object.entries(schema)) out[k] = strict(v);
  if (out.properties && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true) {
    out.additionalProperties = false;
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
const int = (bits: number) => (n: number) => Number.isInteger(n) && n >= -(2 ** (bits - 1)) && n < 2 ** (bits - 1);
ajv.addFormat('int32', { type: 'number', validate: int(32) });
ajv.addFormat('int64', { type: 'number', validate: int(64) });
for (const f of ['string', 'byte', 'date-time', 'double', 'float', 'int-or-string', 'uri', 'binary', 'password', 'date']) ajv.addFormat(f, true);

let schemas: Map<string, any> | undefined;
const validators = new Map<string, ValidateFunction>();

/** Every served version's schema, by `<group>/<version>/<kind>`; compiled only when first used. */
function load(): Map<string, any> {
  const result = new Map<string, any>();
  for (const group of readdirSync(CRDS_DIR).sort()) {
    const dir = join(CRDS_DIR, group);
    for (const file of readdirSync(dir).filter(f => f.endsWith('.yaml')).sort()) {
      for (const crd of Yaml.load(join(dir, file))) {
        if (crd?.kind !== 'CustomResourceDefinition') continue;
        for (const version of crd.spec.versions) {
          const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
          if (result.has(key)) continue;
          const schema = strict(version.schema.openAPIV3Schema);
          // apiVersion, kind and metadata are always allowed by the API server, whether the CRD
          // schema lists them or not (Istio's do not); metadata is checked below by name rules.
          schema.properties.apiVersion = { type: 'string' };
          schema.properties.kind = { type: 'string' };
          schema.properties.metadata = { type: 'object' };
          delete schema.properties.status;
          result.set(key, schema);
        }
      }
    }
  }
  return result;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Core kinds the library emits, checked field by field (no CRD exists for them). */
function coreProblems(obj: any): string[] {
  const allowed: Record<string, string[]> = {
    'v1/ConfigMap': ['apiVersion', 'kind', 'metadata', 'data', 'binaryData', 'immutable'],
    'v1/Namespace': ['apiVersion', 'kind', 'metadata', 'spec'],
    'v1/Service': ['apiVersion', 'kind', 'metadata', 'spec'],
    'v1/ServiceAccount': ['apiVersion', 'kind', 'metadata', 'automountServiceAccountToken', 'imagePullSecrets', 'secrets'],
    'apps/v1/Deployment': ['apiVersion', 'kind', 'metadata', 'spec'],
    'autoscaling/v2/HorizontalPodAutoscaler': ['apiVersion', 'kind', 'metadata', 'spec'],
    'policy/v1/PodDisruptionBudget': ['apiVersion', 'kind', 'metadata', 'spec'],
  };
  const fields = allowed[`${obj.apiVersion}/${obj.kind}`];
  if (!fields) return [`no schema known for ${obj.apiVersion} ${obj.kind}`];
  const problems = Object.keys(obj).filter(k => !fields.includes(k)).map(k => `unknown field ${k}`);
  for (const [k, v] of Object.entries(obj.data ?? {})) {
    if (typeof v !== 'string') problems.push(`data.${k} is not a string`);
  }
  return problems;
}

/** Problems of one manifest: schema errors, unknown fields and bad metadata names. Empty when valid. */
export function manifestProblems(obj: any): string[] {
  schemas ??= load();
  const problems: string[] = [];
  const name = obj?.metadata?.name;
  if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) problems.push(`metadata.name ${JSON.stringify(name)} is not a DNS subdomain`);
  const ns = obj?.metadata?.namespace;
  if (ns !== undefined && (typeof ns !== 'string' || ns.length > 63 || !DNS_LABEL.test(ns))) problems.push(`metadata.namespace ${JSON.stringify(ns)} is not a DNS label`);
  const [group, version] = String(obj.apiVersion).includes('/') ? String(obj.apiVersion).split('/') : ['', obj.apiVersion];
  const key = `${group}/${version}/${obj.kind}`;
  if (!validators.has(key) && schemas.has(key)) validators.set(key, ajv.compile(schemas.get(key)));
  const validate = validators.get(key);
  if (!validate) {
    problems.push(...coreProblems(obj));
  } else if (!validate(obj)) {
    for (const e of validate.errors ?? []) {
      problems.push(`${e.instancePath || '/'} ${e.message}${e.params && (e.params as any).additionalProperty ? ` (${(e.params as any).additionalProperty})` : ''}`);
    }
  }
  return problems.map(p => `${obj.kind} ${obj.metadata?.namespace ?? ''}/${name}: ${p}`);
}

/** Problems of many manifests, flattened. */
export function manifestsProblems(objs: any[]): string[] {
  return objs.flatMap(manifestProblems);
}
