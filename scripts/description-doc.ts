// Writes docs/description.md from the description's JSON Schema: every field with its type,
// whether it is required, its default, what it means and an example. Examples come from the
// shipped example description and the init starter, else from the schema (enum, minimum), else
// from a table here. `npx projen docs:description` runs it; a test keeps the file current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { STARTER_DESCRIPTION } from '../src/app/init';

const ROOT = join(__dirname, '..');

/** Examples of fields neither example description sets, by the field's path. */
const EXAMPLES: Record<string, unknown> = {
  'version': 'v2.6',
  'certificateExpiryWarning': '60d',
  'topology.hub': 'red-mesh',
  'gatewayNaming.ingress': 'ingress-{peer}',
  'gatewayNaming.egress': 'egress-{peer}',
  'peerings': [['red-mesh', 'green-mesh']],
  'meshes[].namespace': 'red-mesh-system',
  'meshes[].controlPlaneName': 'basic',
  'meshes[].clusterLocalPeering': false,
  'meshes[].version': 'v2.6',
  'meshes[].trustDomain': 'red-mesh.local',
  'meshes[].clusterName': 'red-cluster',
  'meshes[].network': 'red-network',
  'meshes[].locality.zone': 'us-west-1a',
  'meshes[].locality.subzone': 'rack-1',
  'meshes[].controlPlaneSpec': { tracing: { type: 'None' } },
  'meshes[].gatewayNaming': { type: 'maistra-samples' },
  'meshes[].ingressSourceRanges': ['198.51.100.0/24'],
  'meshes[].egressSourceRanges': ['203.0.113.0/24'],
  'meshes[].platform.nodePorts': { 'red-mesh': { servicePort: 30443, discoveryPort: 30444 } },
  'meshes[].exports[].rules[].labelSelector.matchExpressions': [{ key: 'tier', operator: 'In', values: ['backend'] }],
  'meshes[].imports[].domainSuffix': 'red-imports',
  'meshes[].imports[].locality': { region: 'us-west-1' },
  'meshes[].imports[].rules[].nameSelector.importAsLocal': true,
  'failover[].consumers': ['blue-mesh'],
  'failover[].destinationRuleName': 'ratings-failover',
  'failover[].exportFromProviders': true,
  'failover[].outlierDetection': { consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '1m' },
  'failover[].outlierDetection.consecutive5xxErrors': 5,
  'failover[].outlierDetection.interval': '10s',
  'failover[].outlierDetection.baseEjectionTime': '1m',
  'meshes[].imports[].locality.region': 'us-west-1',
  'meshes[].imports[].locality.zone': 'us-west-1a',
  'meshes[].imports[].locality.subzone': 'rack-1',
  'meshes[].imports[].rules[].nameSelector.domainSuffix': 'svc.red-imports.local',
  'meshes[].exports[].rules[].labelSelector.matchExpressions[].key': 'tier',
  'meshes[].exports[].rules[].labelSelector.matchExpressions[].values': ['backend'],
  'meshes[].exports[].rules[].labelSelector.aliases[].alias.name': 'red-ratings',
  'gitOps.repoUrl': 'https://git.example.com/platform/federation.git',
  'gitOps.flux': true,
  'gitOps.name': 'federation',
  'gitOps.destinations.<mesh>.server': 'https://api.red.example.com:6443',
  'gitOps.destinations.<mesh>.name': 'red-cluster',
  'gitOps': { repoUrl: 'https://git.example.com/platform/federation.git', argoCd: 'application-per-cluster' },
  'gitOps.revision': 'main',
  'gitOps.path': 'clusters',
  'gitOps.argoCdNamespace': 'openshift-gitops',
  'gitOps.argoCdProject': 'federation',
  'gitOps.automatedSync': true,
  'gitOps.fluxNamespace': 'flux-system',
  'gitOps.fluxInterval': '5m',
  'gitOps.destinations': { 'red-mesh': { server: 'https://api.red.example.com:6443' } },
  'gitOps.destinations.<mesh>.kubeConfigSecretName': 'red-kubeconfig',
  'meshes[].gatewayNaming.ingress': 'ingress-{peer}',
  'meshes[].gatewayNaming.egress': 'egress-{peer}',
  'topology': { type: 'hub-and-spoke', hub: 'red-mesh' },
  'gatewayNaming': { type: 'pattern', ingress: 'ingress-{peer}', egress: 'egress-{peer}' },
};

type Schema = Record<string, any>;

/** One field of the description. */
interface Field {
  readonly path: string;
  readonly schema: Schema;
  readonly required: boolean;
}

/** Every field, depth first, in the schema's order. */
function fields(schema: Schema, path = '', out: Field[] = []): Field[] {
  for (const [name, sub] of Object.entries<Schema>(schema.properties ?? {})) {
    const at = path ? `${path}.${name}` : name;
    out.push({ path: at, schema: sub, required: (schema.required ?? []).includes(name) });
    children(sub, at, out);
  }
  return out;
}

function children(sub: Schema, at: string, out: Field[]): void {
  if (sub.type === 'array' && sub.items?.properties) fields(sub.items, `${at}[]`, out);
  else if (sub.type === 'object' && sub.properties) fields(sub, at, out);
  else if (sub.type === 'object' && typeof sub.additionalProperties === 'object' && sub.additionalProperties.properties) {
    fields(sub.additionalProperties, `${at}.<${at.endsWith('nodePorts') ? 'peer' : 'mesh'}>`, out);
  }
}

/** The field's type, in the description's words. */
function typeOf(s: Schema): string {
  if (s.enum) return s.enum.map((v: unknown) => `\`${v}\``).join(' \\| ');
  if (s.const !== undefined) return `\`${s.const}\``;
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items) : 'values'}`;
  if (s.type === 'object' && !s.properties && s.additionalProperties) {
    return `map of ${typeof s.additionalProperties === 'object' ? typeOf(s.additionalProperties) : 'values'}`;
  }
  if ((s.oneOf || s.anyOf) && !s.type) return [...new Set((s.oneOf ?? s.anyOf).map(typeOf))].join(' or ');
  if (!s.type && s.properties) return 'object';
  const range = s.minimum === undefined ? '' : s.maximum === undefined ? ` (at least ${s.minimum})` : ` (${s.minimum} to ${s.maximum})`;
  return `${s.type ?? 'any'}${range}`;
}

/** The default: the schema's, else the one its description states. */
function defaultOf(f: Field): string {
  if (f.schema.default !== undefined) return `\`${JSON.stringify(f.schema.default)}\``;
  const stated = /\(default ([^)]*)\)|[Dd]efault:? ([^;,.)]+)/.exec(f.schema.description ?? '');
  if (stated) return (stated[1] ?? stated[2]).trim();
  return f.required ? 'required' : 'none';
}

/** The first value each field has in the example descriptions, by the field's path. */
function sampleValues(): Map<string, unknown> {
  const values = new Map<string, unknown>();
  const walk = (value: unknown, path: string) => {
    if (path && !values.has(path)) values.set(path, value);
    if (Array.isArray(value)) value.forEach(v => (v && typeof v === 'object' && !Array.isArray(v) ? walk(v, `${path}[]`) : undefined));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    }
  };
  walk(parse(STARTER_DESCRIPTION), '');
  for (const example of ['service-sharing', 'same-cluster']) {
    walk(parse(readFileSync(join(ROOT, 'examples', example, 'federation.yaml'), 'utf8')), '');
  }
  return values;
}

/**
 * Examples of the federation gateway settings, by the field's last name: the same settings sit at
 * the mesh, per direction and per peer (`meshes[].federationGateways...`).
 */
const GATEWAY_EXAMPLES: Record<string, unknown> = {
  autoscaling: { minReplicas: 2, maxReplicas: 4, cpuTargetPercent: 75 },
  resources: { requests: { cpu: '10m', memory: '128Mi' }, limits: { memory: '512Mi' } },
  requests: { cpu: '10m', memory: '128Mi' },
  limits: { memory: '512Mi' },
  nodeSelector: { 'node-role.kubernetes.io/infra': '' },
  tolerations: [{ key: 'node-role.kubernetes.io/infra', operator: 'Exists', effect: 'NoSchedule' }],
  key: 'node-role.kubernetes.io/infra',
  value: 'reserved',
  podAnnotations: { 'sidecar.istio.io/logLevel': 'info' },
  podLabels: { team: 'platform' },
  serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true' },
  ingress: { replicas: 2 },
  egress: { replicas: 1 },
  perPeer: { 'blue-mesh': { replicas: 2 } },
  forLabel: 'blue-mesh',
};

function exampleOf(f: Field, samples: Map<string, unknown>): string {
  const generic = f.path.replace(/<(peer|mesh)>/, '<mesh>');
  const last = f.path.split('.').pop()!.replace('[]', '');
  const gateway = f.path.startsWith('meshes[].federationGateways.') ? GATEWAY_EXAMPLES[last] : undefined;
  let value = EXAMPLES[f.path] ?? EXAMPLES[generic] ?? samples.get(f.path) ?? gateway;
  if (value === undefined) value = f.schema.enum?.[0] ?? f.schema.const ?? f.schema.minimum;
  if (value === undefined) return '';
  const name = f.path.split('.').pop()!.replace('[]', '');
  let text = `${name}: ${yamlFlow(value)}`;
  if (text.length > 120) text = `${text.slice(0, 117)}...`;
  return `\`${text.replace(/\|/g, '\\|')}\``;
}

/** A value as one line of YAML flow style. */
function yamlFlow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(yamlFlow).join(', ')}]`;
  if (value && typeof value === 'object') return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${yamlFlow(v)}`).join(', ')} }`;
  if (typeof value === 'string') return /^[a-zA-Z0-9./_-][a-zA-Z0-9./_:{}-]*$/.test(value) && !/^(true|false|null|\d.*)$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

/** The Markdown of docs/description.md. */
export function descriptionMarkdown(schema: Schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'federation.schema.json'), 'utf8'))): string {
  const samples = sampleValues();
  const lines = [
    '# The federation description',
    '',
    '<!-- Generated from schema/federation.schema.json by scripts/description-doc.ts: run `npx projen docs:description`. -->',
    '',
    `${schema.description} The command line (\`cdk8s-mesh-federation\`) reads it as YAML or JSON; its JSON Schema is`,
    '`schema/federation.schema.json` in the package (`node_modules/cdk8s-mesh-federation/schema/federation.schema.json`),',
    'and `npx cdk8s-mesh-federation init` writes a starter that uses the main fields.',
    '',
    'A path such as `meshes[].platform.type` is the field `type` of the `platform` of each entry of `meshes`;',
    '`<mesh>` stands for a mesh name used as a key. "required" means the field must be set where its parent is.',
    '',
  ];
  let section = '';
  for (const f of fields(schema)) {
    const top = f.path.split(/[.[]/)[0];
    if (top !== section) {
      if (section) lines.push('');
      section = top;
      lines.push(`## ${top}`, '', '| field | type | default | description | example |', '| --- | --- | --- | --- | --- |');
    }
    const description = (f.schema.description ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ').replace(/</g, '&lt;');
    lines.push(`| \`${f.path}\` | ${typeOf(f.schema)} | ${defaultOf(f)} | ${description} | ${exampleOf(f, samples)} |`);
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

if (require.main === module) {
  const file = join(ROOT, 'docs', 'description.md');
  writeFileSync(file, descriptionMarkdown());
  console.log(`wrote ${file}`);
}
