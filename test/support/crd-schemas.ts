// Validates emitted manifests the way `kubectl apply --validate=strict` does: against the schemas
// in the CRD folder ($MESH_FEDERATION_CRDS_DIR, default ../shared/crds), with unknown fields
// rejected. Core kinds (ConfigMap, Service, Deployment, ...) are checked against the Kubernetes 1.27
// OpenAPI v3 documents in its kubernetes/ folder; custom resources (Maistra, Istio, Argo CD, Flux,
// ...) against every served version of the CRDs in its *.yaml files. Where the folder or one of the
// subfolders the library needs is absent, schema tests skip with a message saying so.
//
// Nothing is read before the first manifest is checked, and each schema is compiled the first time
// an object of its kind is checked; both are cached for the rest of the test file. The CRD schemas
// found for the CRD folder are also kept on disk (see `SchemaChecker`), so that the test files after
// the first do not parse the largest CRDs again.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Ajv, { ErrorObject, KeywordDefinition, ValidateFunction } from 'ajv';
import { parseAllDocuments } from 'yaml';
import { removeEntries, TEST_CACHE } from './cache';

export const CRDS_DIR = resolve(process.env.MESH_FEDERATION_CRDS_DIR ?? join(__dirname, '..', '..', '..', 'shared', 'crds'));

/** The subfolders of the CRD folder the library's output needs: kubernetes/ holds the core kinds. */
export const NEEDED_CRD_FOLDERS = ['maistra', 'istio', 'kubernetes', 'argocd', 'flux'];

/**
 * The subfolders the output of a multi-network mesh with cert-manager issuance needs besides
 * `NEEDED_CRD_FOLDERS`: cert-manager's Certificate, Issuer and ClusterIssuer, trust-manager's
 * Bundle, and the Sail operator's Istio.
 */
export const CERT_MANAGER_CRD_FOLDERS = ['cert-manager', 'trust-manager', 'sail'];

/**
 * Why schema tests cannot run on `dir` (no such folder, or some of `NEEDED_CRD_FOLDERS` and
 * `extra` missing), or undefined when they can.
 */
export function crdSkipReason(dir: string = CRDS_DIR, extra: readonly string[] = []): string | undefined {
  const needed = [...NEEDED_CRD_FOLDERS, ...extra];
  const missing = needed.filter(f => !existsSync(join(dir, f)));
  if (missing.length === 0) return undefined;
  const what = existsSync(dir) ? `no ${missing.map(f => `${f}/`).join(', ')} in the CRD folder ${dir}` : `no CRD folder at ${dir}`;
  return `${what}; set MESH_FEDERATION_CRDS_DIR to the folder holding ${needed.map(f => `${f}/`).join(', ')}`;
}

export const HAVE_CRDS = crdSkipReason() === undefined;

/**
 * `describe` when the CRD folder is there with all of `NEEDED_CRD_FOLDERS` (and `extra`), else
 * `describe.skip` with a message that says what is missing.
 */
export function describeWithCrds(name: string, fn: () => void, extra: readonly string[] = []): void {
  const reason = crdSkipReason(CRDS_DIR, extra);
  if (reason === undefined) {
    describe(name, fn);
  } else {
    describe.skip(`${name} (skipped: ${reason})`, fn);
  }
}

/** How `tighten` treats an object schema that lists no properties and no additionalProperties. */
enum Bare {
  /** Free-form, as in the built-in API (RawExtension, FieldsV1). */
  OPEN,
  /** No field is kept, as in a CRD's structural schema (the API server prunes them all). */
  CLOSED,
}

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf'];

/**
 * A copy of `schema` in which every object schema rejects fields it does not list
 * (`additionalProperties: false`), the way the API server's strict field validation does, except:
 * where `x-kubernetes-preserve-unknown-fields` is true, where `additionalProperties` is given (a
 * map, or explicitly open), inside `allOf`/`anyOf`/`oneOf`/`not` (a branch constrains the fields
 * of the object around it and must not reject the others) and, with `Bare.OPEN`, where an object
 * lists no properties at all. Only schema positions are walked, so a field that happens to be
 * named `properties` or `items`, and `default`s and `example`s, are left as they are.
 */
function tighten(schema: any, bare: Bare, inBranch = false): any {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return schema;
  const out: any = { ...schema };
  for (const k of SCHEMA_MAPS) {
    if (isObject(schema[k])) out[k] = mapValues(schema[k], s => tighten(s, bare, inBranch));
  }
  for (const k of SCHEMA_LISTS) {
    if (Array.isArray(schema[k])) out[k] = schema[k].map((s: any) => tighten(s, bare, true));
  }
  if (isObject(schema.not)) out.not = tighten(schema.not, bare, true);
  if (isObject(schema.additionalProperties)) out.additionalProperties = tighten(schema.additionalProperties, bare, inBranch);
  if (Array.isArray(schema.items)) out.items = schema.items.map((s: any) => tighten(s, bare, inBranch));
  else if (isObject(schema.items)) out.items = tighten(schema.items, bare, inBranch);
  const closes = !inBranch && out.additionalProperties === undefined && out['x-kubernetes-preserve-unknown-fields'] !== true
    && (out.properties !== undefined || (bare === Bare.CLOSED && out.type === 'object' && !out.$ref && !out['x-kubernetes-embedded-resource']));
  if (closes) out.additionalProperties = false;
  return out;
}

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function mapValues(obj: Record<string, any>, f: (v: any) => any): Record<string, any> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, f(v)]));
}

/** An ajv that knows the formats of the Kubernetes documents and CRDs. */
function newAjv(): Ajv {
  // Without ajv's code optimisation, compiling the largest CRDs (Argo CD's ApplicationSet) takes a
  // third of the time, and checking stays fast.
  const ajv = new Ajv({ strict: false, allErrors: true, code: { optimize: false } });
  const int = (bits: number) => (n: number) => Number.isInteger(n) && n >= -(2 ** (bits - 1)) && n < 2 ** (bits - 1);
  ajv.addFormat('int32', { type: 'number', validate: int(32) });
  ajv.addFormat('int64', { type: 'number', validate: int(64) });
  // base64, as the API server decodes `format: byte` strings (ConfigMap binaryData, caBundle, ...).
  ajv.addFormat('byte', { type: 'string', validate: s => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s) });
  // Accepted as they are: the types around them (integer, number, string, oneOf) already say enough.
  for (const f of ['string', 'date-time', 'double', 'float', 'int-or-string', 'uri', 'binary', 'password', 'date']) ajv.addFormat(f, true);
  ajv.addKeyword(LIST_TYPE);
  return ajv;
}

/** The defaults of the keys of a list map's items, where `kubernetesIndex` resolved them. */
const LIST_MAP_KEY_DEFAULTS = 'x-list-map-key-defaults';

/**
 * `x-kubernetes-list-type`: the items of a `map` list are told apart by their
 * `x-kubernetes-list-map-keys` (a key left out takes its default, as the API server defaults it
 * first), those of a `set` by their value; the API server refuses two alike ("Duplicate value").
 */
const LIST_TYPE: KeywordDefinition = {
  keyword: 'x-kubernetes-list-type',
  type: 'array',
  schemaType: 'string',
  errors: true,
  compile(listType: string, parent: any) {
    if (listType !== 'map' && listType !== 'set') return () => true;
    const keys: string[] = listType === 'map' ? parent['x-kubernetes-list-map-keys'] ?? [] : [];
    const defaultOf = (k: string) => parent.items?.properties?.[k]?.default ?? parent[LIST_MAP_KEY_DEFAULTS]?.[k];
    const defaults: Record<string, unknown> = Object.fromEntries(keys.map(k => [k, defaultOf(k)]));
    const identity = (item: any) => JSON.stringify(listType === 'set' ? item : keys.map(k => item?.[k] ?? defaults[k] ?? null));
    const what = listType === 'set' ? 'the same value' : `the same ${keys.join(' and ')}`;
    const validate: ((data: unknown[]) => boolean) & { errors?: Array<Partial<ErrorObject>> } = (data: unknown[]) => {
      const seen = new Map<string, number>();
      const errors: Array<Partial<ErrorObject>> = [];
      data.forEach((item, j) => {
        const i = seen.get(identity(item));
        if (i === undefined) seen.set(identity(item), j);
        else errors.push({ keyword: 'x-kubernetes-list-type', params: { i, j }, message: `must NOT have two items with ${what} (items ${i} and ${j})` });
      });
      validate.errors = errors;
      return errors.length === 0;
    };
    return validate;
  },
};

/** `<group>/<version>/<kind>`; the core group is empty: `/v1/ConfigMap`. */
function keyOf(group: string, version: string, kind: string): string {
  return `${group}/${version}/${kind}`;
}

/** `<group>/<version>/<kind>` of an object's apiVersion and kind. */
function keyOfObject(apiVersion: unknown, kind: unknown): [string, string, string] {
  const v = String(apiVersion);
  const [group, version] = v.includes('/') ? v.split('/') : ['', v];
  return [group, version, String(kind)];
}

/**
 * Notes on every list map of a Kubernetes document the defaults of its keys, which sit in the
 * items' own schema behind a `$ref` (ServicePort's protocol defaults to TCP).
 */
function resolveListMapKeyDefaults(schemas: Record<string, any>): void {
  const target = (items: any) => {
    const ref: unknown = items?.$ref ?? items?.allOf?.[0]?.$ref;
    return typeof ref === 'string' ? schemas[ref.replace('#/components/schemas/', '')] : items;
  };
  for (const schema of Object.values(schemas)) {
    for (const property of Object.values<any>(schema.properties ?? {})) {
      const keys: string[] | undefined = property['x-kubernetes-list-map-keys'];
      if (keys) property[LIST_MAP_KEY_DEFAULTS] = Object.fromEntries(keys.map(k => [k, target(property.items)?.properties?.[k]?.default]));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Custom resources: the CRDs in the *.yaml files.

/**
 * The schema of every served version of every CustomResourceDefinition in `text` (YAML, one or
 * more documents; other kinds of documents are ignored), by `<group>/<version>/<kind>`, as the
 * CRD gives it. Where two documents give the same version, the first wins.
 */
export function crdSchemasOf(text: string): Map<string, any> {
  const result = new Map<string, any>();
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    const crd = doc.toJSON();
    if (crd?.kind !== 'CustomResourceDefinition' || !String(crd.apiVersion).startsWith('apiextensions.k8s.io/')) continue;
    for (const version of crd.spec?.versions ?? []) {
      const key = keyOf(crd.spec.group, version.name, crd.spec.names?.kind);
      const schema = version.schema?.openAPIV3Schema;
      if (version.served !== true || !schema || result.has(key)) continue;
      result.set(key, schema);
    }
  }
  return result;
}

/** Every *.yaml and *.yml file under `dir`, walking each folder's entries in sorted order. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap(entry => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

/** `field: value` in YAML, plain or quoted, block or flow style. */
function mentions(text: string, field: string, value: string): boolean {
  const v = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s{,])["']?${field}["']?\\s*:\\s*["']?${v}["']?\\s*($|[,}#])`, 'm').test(text);
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

// ---------------------------------------------------------------------------------------------

/** The base of the `$id` each Kubernetes document is registered with in ajv. */
const K8S_ID = 'https://crds.invalid/kubernetes/';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

interface KubernetesIndex {
  /** `$ref` of the schema of each kind, by `<group>/<version>/<kind>`. */
  readonly kinds: Map<string, string>;
  /** `$ref` of ObjectMeta, when a document has it. */
  readonly objectMeta?: string;
}

interface Schema {
  /** Where the schema comes from: `kubernetes/<file>#/components/schemas/<name>` or a CRD file. */
  readonly source: string;
  readonly schema: any;
}

/**
 * Checks manifests against the schemas of one CRD folder. Nothing is read before the first
 * manifest is checked; each schema is compiled the first time an object of its kind is checked.
 */
export class SchemaChecker {
  private readonly ajv = newAjv();
  private kubernetes?: KubernetesIndex;
  private crdFiles?: Array<{ path: string; text: string; schemas?: Map<string, any> }>;
  private readonly schemas = new Map<string, Schema | undefined>();
  private readonly validators = new Map<string, ValidateFunction | null>();
  private diskCache?: string;

  /**
   * @param cacheDir where to keep the CRD schemas found, for other processes checking against the
   * same folder: a subfolder per state of the CRD folder (its YAML files' paths, sizes and times of
   * change). Parsing the ServiceMeshControlPlane CRD alone takes about 0.3 s in every test file.
   */
  constructor(public readonly dir: string, private readonly cacheDir?: string) {}

  /**
   * Problems of one manifest: schema errors (each with the path of the offending value), unknown
   * fields and bad metadata names, each prefixed with `<kind> <namespace>/<name>: `. Empty when
   * valid.
   */
  public manifestProblems(obj: any): string[] {
    const problems: string[] = [];
    const name = obj?.metadata?.name;
    if (typeof name !== 'string' || name.length > 253 || !DNS_SUBDOMAIN.test(name)) problems.push(`metadata.name ${JSON.stringify(name)} is not a DNS subdomain`);
    const ns = obj?.metadata?.namespace;
    if (ns !== undefined && (typeof ns !== 'string' || ns.length > 63 || !DNS_LABEL.test(ns))) problems.push(`metadata.namespace ${JSON.stringify(ns)} is not a DNS label`);
    const validate = this.validatorFor(...keyOfObject(obj?.apiVersion, obj?.kind));
    if (!validate) {
      problems.push(`no schema known for ${obj?.apiVersion} ${obj?.kind}`);
    } else if (!validate(obj)) {
      for (const e of validate.errors ?? []) {
        const extra = (e.params as any)?.additionalProperty;
        problems.push(`${e.instancePath || '/'} ${e.message}${extra ? ` (${extra})` : ''}`);
      }
    }
    return problems.map(p => `${obj?.kind} ${ns ?? ''}/${name}: ${p}`);
  }

  /**
   * Where the schema objects of this apiVersion and kind are checked against comes from (a path
   * relative to the CRD folder), or undefined when there is none.
   */
  public schemaSourceOf(apiVersion: string, kind: string): string | undefined {
    return this.schemaOf(...keyOfObject(apiVersion, kind))?.source;
  }

  /** The compiled schema of a kind, or null when neither kubernetes/ nor a CRD has it. */
  private validatorFor(group: string, version: string, kind: string): ValidateFunction | null {
    const key = keyOf(group, version, kind);
    if (!this.validators.has(key)) {
      const found = this.schemaOf(group, version, kind);
      this.validators.set(key, found ? this.ajv.compile(found.schema) : null);
    }
    return this.validators.get(key)!;
  }

  /** The schema objects of a kind are checked against: a core kind's in kubernetes/, else a CRD's. */
  private schemaOf(group: string, version: string, kind: string): Schema | undefined {
    const key = keyOf(group, version, kind);
    if (!this.schemas.has(key)) {
      const ref = this.kubernetesIndex().kinds.get(key);
      const crd = ref || group === '' ? undefined : this.crdSchema(group, version, kind);
      this.schemas.set(key, ref ? { source: `kubernetes/${ref.slice(K8S_ID.length)}`, schema: { $ref: ref } }
        : crd ? { source: crd.file, schema: this.customResourceSchema(crd.schema) } : undefined);
    }
    return this.schemas.get(key);
  }

  /**
   * Registers every `kubernetes/*.json` document with ajv (its `components`, tightened, under an
   * `$id`, so its `#/components/schemas/...` references resolve within it) and indexes its kinds
   * by their `x-kubernetes-group-version-kind`. The first document that has a kind wins.
   */
  private kubernetesIndex(): KubernetesIndex {
    if (this.kubernetes) return this.kubernetes;
    const kinds = new Map<string, string>();
    let objectMeta: string | undefined;
    const dir = join(this.dir, 'kubernetes');
    const files = existsSync(dir) ? readdirSync(dir).filter(f => f.endsWith('.json')).sort() : [];
    for (const file of files) {
      const doc = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      const id = `${K8S_ID}${file}`;
      const schemas: Record<string, any> = mapValues(doc.components?.schemas ?? {}, s => tighten(s, Bare.OPEN));
      resolveListMapKeyDefaults(schemas);
      for (const [name, schema] of Object.entries(schemas)) {
        const ref = `${id}#/components/schemas/${name}`;
        if (name === OBJECT_META) objectMeta ??= ref;
        for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
          const key = keyOf(gvk.group, gvk.version, gvk.kind);
          if (kinds.has(key)) continue;
          // Objects are written without status; the API server ignores it on create anyway.
          if (schema.properties?.status) {
            schema.properties = { ...schema.properties };
            delete schema.properties.status;
          }
          kinds.set(key, ref);
        }
      }
      this.ajv.addSchema({ $id: id, components: { schemas } }, undefined, undefined, false);
    }
    this.kubernetes = { kinds, objectMeta };
    return this.kubernetes;
  }

  /**
   * The schema of a served version of a CRD and the file it is in: the first file (in sorted path
   * order) whose CRDs serve it. Files are read once; only those that mention both the group and
   * the kind are parsed (parsing all of them takes seconds), which cannot change which file wins.
   */
  private crdSchema(group: string, version: string, kind: string): { file: string; schema: any } | undefined {
    const cached = this.cachedCrdSchemaFile(group, version, kind);
    if (cached && existsSync(cached)) {
      try {
        return JSON.parse(readFileSync(cached, 'utf8'));
      } catch {
        // Removed or cut short meanwhile: read the CRDs again.
      }
    }
    this.crdFiles ??= existsSync(this.dir) ? yamlFiles(this.dir).map(path => ({ path, text: readFileSync(path, 'utf8') })) : [];
    for (const file of this.crdFiles) {
      if (!mentions(file.text, 'group', group) || !mentions(file.text, 'kind', kind)) continue;
      file.schemas ??= crdSchemasOf(file.text);
      const schema = file.schemas.get(keyOf(group, version, kind));
      if (!schema) continue;
      const found = { file: relative(this.dir, file.path), schema };
      if (cached) {
        // Written aside and renamed: another process may be reading or writing the same entry. A
        // cache that cannot be written (removed meanwhile, read-only) is only slower.
        const aside = `${cached}.${process.pid}`;
        try {
          writeFileSync(aside, JSON.stringify(found));
          renameSync(aside, cached);
        } catch {
          rmSync(aside, { force: true });
        }
      }
      return found;
    }
    return undefined;
  }

  /** The disk cache's file for a kind's CRD schema, or undefined without a cache folder. */
  private cachedCrdSchemaFile(group: string, version: string, kind: string): string | undefined {
    if (this.cacheDir === undefined || !existsSync(this.dir)) return undefined;
    if (this.diskCache === undefined) {
      // The folder's state as git tells a changed file: path, size, inode and both times (the
      // change time cannot be set back by a copy that keeps the modification time); and the code
      // here that reads the CRDs.
      const state = createHash('sha256').update(resolve(this.dir)).update(readFileSync(__filename, 'utf8'));
      for (const path of yamlFiles(this.dir)) {
        const { size, ino, mtimeMs, ctimeMs } = statSync(path);
        state.update(`\u0000${relative(this.dir, path)}\u0000${size}\u0000${ino}\u0000${mtimeMs}\u0000${ctimeMs}`);
      }
      this.diskCache = join(this.cacheDir, `crd-schemas-${state.digest('hex').slice(0, 16)}`);
      // Other states of the CRD folder no run has read for a day.
      if (!existsSync(this.diskCache)) removeEntries(this.cacheDir, 'crd-schemas-', 86_400_000);
      mkdirSync(this.diskCache, { recursive: true });
    }
    return join(this.diskCache, `${encodeURIComponent(keyOf(group, version, kind))}.json`);
  }

  /** A CRD's schema as the API server applies it to a new object: unknown fields rejected, no status. */
  private customResourceSchema(crd: any): any {
    const schema = tighten(crd, Bare.CLOSED);
    schema.properties = { ...schema.properties };
    // apiVersion, kind and metadata are always allowed by the API server, whether the CRD schema
    // lists them or not (Istio's do not), and metadata is always an ObjectMeta.
    schema.properties.apiVersion = { type: 'string' };
    schema.properties.kind = { type: 'string' };
    const objectMeta = this.kubernetesIndex().objectMeta;
    schema.properties.metadata = objectMeta ? { $ref: objectMeta } : { type: 'object' };
    delete schema.properties.status;
    return schema;
  }
}

const checker = new SchemaChecker(CRDS_DIR, TEST_CACHE);

/** Problems of one manifest against the schemas of the CRD folder (see `SchemaChecker`). Empty when valid. */
export function manifestProblems(obj: any): string[] {
  return checker.manifestProblems(obj);
}

/** Problems of many manifests, flattened. */
export function manifestsProblems(objs: any[]): string[] {
  return objs.flatMap(manifestProblems);
}

/** Where the schema of this apiVersion and kind comes from in the CRD folder, if any. */
export function schemaSourceOf(apiVersion: string, kind: string): string | undefined {
  return checker.schemaSourceOf(apiVersion, kind);
}
