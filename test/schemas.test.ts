// The schema checks of test/support/crd-schemas.ts: every object the library emits, core kinds and
// GitOps objects included, validates strictly (unknown fields rejected) against the schemas in the
// CRD folder (the Kubernetes 1.27 OpenAPI documents for core kinds, the CRDs for the rest), and
// the checks do report what the API server would refuse.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { ArgoCdOutput, FederationApp, GitOpsOptions } from '../src';
import { crdSchemasOf, crdSkipReason, describeWithCrds, manifestProblems, manifestsProblems, SchemaChecker, schemaSourceOf } from './support/crd-schemas';
import { EXAMPLES, writeExample } from '../examples/examples';
import { threeMeshFederation } from '../examples/three-mesh-federation/federation';

/** The non-empty documents of a YAML file, read the way cdk8s's `Yaml.load` reads them. */
function loadYaml(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' }).map(d => d.toJSON())
    .filter(o => o !== null && o !== undefined && !(typeof o === 'object' && Object.keys(o).length === 0));
}

const prefix = (o: any) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}: `;

describe('crdSchemasOf', () => {
  const crd = (group: string, kind: string, versions: Array<[string, boolean]>) => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: ${kind.toLowerCase()}s.${group} }
spec:
  group: ${group}
  names: { kind: ${kind}, listKind: ${kind}List, plural: ${kind.toLowerCase()}s }
  scope: Namespaced
  versions:
${versions.map(([name, served]) => `  - name: ${name}
    served: ${served}
    storage: ${served}
    schema:
      openAPIV3Schema: { type: object, description: ${name} }`).join('\n')}
`;

  test('every served version of every CRD of a multi-document file; other documents are ignored', () => {
    const text = [
      '# leading comment',
      crd('example.io', 'Widget', [['v1', true], ['v1beta1', false]]),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: not-a-crd }',
      '',
      crd('other.example.io', 'Gadget', [['v2', true], ['v1', true]]),
    ].join('\n---\n');
    const schemas = crdSchemasOf(text);
    expect([...schemas.keys()]).toEqual(['example.io/v1/Widget', 'other.example.io/v2/Gadget', 'other.example.io/v1/Gadget']);
    expect(schemas.get('other.example.io/v1/Gadget')).toEqual({ type: 'object', description: 'v1' });
  });

  test('where two documents serve the same version, the first wins', () => {
    const first = crd('example.io', 'Widget', [['v1', true]]);
    const second = crd('example.io', 'Widget', [['v1', true]]).replace('description: v1', 'description: second');
    expect(crdSchemasOf(`${first}---\n${second}`).get('example.io/v1/Widget')).toEqual({ type: 'object', description: 'v1' });
  });
});

describe('loading a CRD folder', () => {
  const widget = (version: string, served: boolean, description: string) => `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.io
spec:
  group: example.io
  names:
    kind: Widget
    listKind: WidgetList
    plural: widgets
  scope: Namespaced
  versions:
  - name: ${version}
    served: ${served}
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: ${description}
        properties:
          spec:
            type: object
            properties:
              size: { type: integer, format: int32 }
`;

  test('every *.yaml and *.yml file at any depth, in sorted order, first served version wins; no kubernetes/: core kinds have no schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crds-'));
    mkdirSync(join(dir, 'a', 'nested'), { recursive: true });
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'README.md'), 'not a CRD');
    writeFileSync(join(dir, 'a', 'first.yaml'), [widget('v1', true, 'a'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }', widget('v2', false, 'a')].join('---\n'));
    writeFileSync(join(dir, 'b', 'second.yaml'), [widget('v1', true, 'b'), widget('v2', true, 'b')].join('---\n'));
    writeFileSync(join(dir, 'a', 'nested', 'flow.yml'), JSON.stringify({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      spec: {
        group: 'flow.example.io',
        names: { kind: 'Gadget' },
        versions: [{
          name: 'v1',
          served: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: {
                    size: { type: 'integer' },
                    ports: {
                      'type': 'array',
                      'x-kubernetes-list-type': 'map',
                      'x-kubernetes-list-map-keys': ['port', 'protocol'],
                      'items': { type: 'object', properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } },
                    },
                    tags: { 'type': 'array', 'x-kubernetes-list-type': 'set', 'items': { type: 'string' } },
                  },
                },
              },
            },
          },
        }],
      },
    }));
    writeFileSync(join(dir, 'quoted.yaml'), widget('v1', true, 'quoted').replace('group: example.io', 'group: "quoted.example.io"').replace('kind: Widget', 'kind: \'Quoted\''));
    const checker = new SchemaChecker(dir);
    expect(crdSkipReason(dir)).toBe(`no maistra/, istio/, kubernetes/, argocd/, flux/ in the CRD folder ${dir}; set MESH_FEDERATION_CRDS_DIR to the folder holding maistra/, istio/, kubernetes/, argocd/, flux/`);
    expect(checker.schemaSourceOf('example.io/v1', 'Widget')).toBe(join('a', 'first.yaml'));
    expect(checker.schemaSourceOf('example.io/v2', 'Widget')).toBe(join('b', 'second.yaml'));
    expect(checker.schemaSourceOf('flow.example.io/v1', 'Gadget')).toBe(join('a', 'nested', 'flow.yml'));
    expect(checker.schemaSourceOf('quoted.example.io/v1', 'Quoted')).toBe('quoted.yaml');
    expect(checker.schemaSourceOf('v1', 'ConfigMap')).toBeUndefined();
    const gadget = { size: 'big', colour: 'red', ports: [{ port: 80 }, { port: 80, protocol: 'UDP' }, { port: 80, protocol: 'TCP' }], tags: ['a', 'b', 'a'] };
    expect(checker.manifestProblems({ apiVersion: 'flow.example.io/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: gadget })).toEqual([
      'Gadget /g: /spec must NOT have additional properties (colour)',
      'Gadget /g: /spec/size must be integer',
      'Gadget /g: /spec/ports must NOT have two items with the same port and protocol (items 0 and 2)',
      'Gadget /g: /spec/tags must NOT have two items with the same value (items 0 and 2)',
    ]);
    expect(checker.manifestProblems({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } })).toEqual(['ConfigMap /c: no schema known for v1 ConfigMap']);
  });

  test('no folder: the schema tests say where they looked', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'crds-')), 'absent');
    expect(crdSkipReason(dir)).toBe(`no CRD folder at ${dir}; set MESH_FEDERATION_CRDS_DIR to the folder holding maistra/, istio/, kubernetes/, argocd/, flux/`);
  });
});

describeWithCrds('where the schemas come from', () => {
  test('core kinds: the Kubernetes 1.27 OpenAPI documents, by x-kubernetes-group-version-kind', () => {
    expect(schemaSourceOf('v1', 'ConfigMap')).toBe('kubernetes/api__v1_openapi.json#/components/schemas/io.k8s.api.core.v1.ConfigMap');
    expect(schemaSourceOf('v1', 'Service')).toBe('kubernetes/api__v1_openapi.json#/components/schemas/io.k8s.api.core.v1.Service');
    expect(schemaSourceOf('apps/v1', 'Deployment')).toBe('kubernetes/apis__apps__v1_openapi.json#/components/schemas/io.k8s.api.apps.v1.Deployment');
    expect(schemaSourceOf('autoscaling/v2', 'HorizontalPodAutoscaler')).toBe('kubernetes/apis__autoscaling__v2_openapi.json#/components/schemas/io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
    expect(schemaSourceOf('policy/v1', 'PodDisruptionBudget')).toBe('kubernetes/apis__policy__v1_openapi.json#/components/schemas/io.k8s.api.policy.v1.PodDisruptionBudget');
    // Only the versions the documents hold.
    expect(schemaSourceOf('apps/v1beta1', 'Deployment')).toBeUndefined();
    expect(schemaSourceOf('autoscaling/v1', 'HorizontalPodAutoscaler')).toBeUndefined();
  });

  test('GitOps objects: the Argo CD and Flux CRDs, served versions only', () => {
    expect(schemaSourceOf('argoproj.io/v1alpha1', 'Application')).toBe('argocd/application-crd.yaml');
    expect(schemaSourceOf('argoproj.io/v1alpha1', 'ApplicationSet')).toBe('argocd/applicationset-crd.yaml');
    expect(schemaSourceOf('source.toolkit.fluxcd.io/v1', 'GitRepository')).toBe('flux/source.toolkit.fluxcd.io_gitrepositories.yaml');
    expect(schemaSourceOf('kustomize.toolkit.fluxcd.io/v1', 'Kustomization')).toBe('flux/kustomize.toolkit.fluxcd.io_kustomizations.yaml');
    // These releases no longer serve the beta versions.
    expect(schemaSourceOf('source.toolkit.fluxcd.io/v1beta2', 'GitRepository')).toBeUndefined();
    expect(schemaSourceOf('kustomize.toolkit.fluxcd.io/v1beta2', 'Kustomization')).toBeUndefined();
    // kustomize's own kustomization.yaml is no Kubernetes object.
    expect(schemaSourceOf('kustomize.config.k8s.io/v1beta1', 'Kustomization')).toBeUndefined();
  });

  test('an object of a kind no schema has is a problem, not a pass', () => {
    const o = { apiVersion: 'kustomize.toolkit.fluxcd.io/v1beta2', kind: 'Kustomization', metadata: { name: 'a', namespace: 'flux-system' }, spec: {} };
    expect(manifestProblems(o)).toEqual(['Kustomization flux-system/a: no schema known for kustomize.toolkit.fluxcd.io/v1beta2 Kustomization']);
  });
});

describeWithCrds('what strict validation reports (each problem with its path)', () => {
  const meta = { name: 'x', namespace: 'ns' };

  test('core kinds: unknown fields at any depth, in metadata too; status is not written', () => {
    expect(manifestProblems({ apiVersion: 'v1', kind: 'Service', metadata: { ...meta, label: { a: 'b' } }, spec: { ports: [{ port: 80, protocoll: 'TCP' }] }, status: {} })).toEqual([
      'Service ns/x: / must NOT have additional properties (status)',
      'Service ns/x: /metadata must NOT have additional properties (label)',
      'Service ns/x: /spec/ports/0 must NOT have additional properties (protocoll)',
    ]);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta,
      spec: { selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x', env: [{ name: 'A', valu: 'b' }] }] } } },
    };
    expect(manifestProblems(deployment)).toEqual(['Deployment ns/x: /spec/template/spec/containers/0/env/0 must NOT have additional properties (valu)']);
  });

  test('core kinds: types, required fields, int32 ranges and base64 bytes', () => {
    expect(manifestProblems({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { ...meta, labels: { a: 1 } }, data: { n: 1, s: 's' }, binaryData: { ok: 'aGk=', bad: 'not base64!' } })).toEqual([
      'ConfigMap ns/x: /binaryData/bad must match format "byte"',
      'ConfigMap ns/x: /data/n must be string',
      'ConfigMap ns/x: /metadata/labels/a must be string',
    ]);
    expect(manifestProblems({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta, spec: { replicas: 2 ** 31 } })).toEqual([
      'Deployment ns/x: /spec must have required property \'selector\'',
      'Deployment ns/x: /spec must have required property \'template\'',
      'Deployment ns/x: /spec/replicas must match format "int32"',
    ]);
    expect(manifestProblems({ apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { ports: [{ port: '80' }] } })).toEqual([
      'Service ns/x: /spec/ports/0/port must be integer',
    ]);
  });

  test('core kinds: two items of a list map with the same keys (a key left out takes its default)', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { ports: [{ name: 'a', port: 80 }, { name: 'b', port: 80, protocol: 'UDP' }, { name: 'c', port: 80, protocol: 'TCP' }] } };
    expect(manifestProblems(service)).toEqual(['Service ns/x: /spec/ports must NOT have two items with the same port and protocol (items 0 and 2)']);
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta,
      spec: { selector: { matchLabels: { app: 'x' } }, template: { spec: { containers: [{ name: 'x', ports: [{ containerPort: 8080, protocol: 'TCP' }, { containerPort: 8080 }] }] } } },
    };
    expect(manifestProblems(deployment)).toEqual(['Deployment ns/x: /spec/template/spec/containers/0/ports must NOT have two items with the same containerPort and protocol (items 0 and 1)']);
  });

  test('core kinds: int-or-string, quantities and string maps take what the API server takes', () => {
    const service = { apiVersion: 'v1', kind: 'Service', metadata: meta, spec: { selector: { app: 'x' }, ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 8081 }] } };
    expect(manifestProblems(service)).toEqual([]);
    const pdb = (minAvailable: unknown) => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta, spec: { minAvailable, selector: { matchLabels: { app: 'x' } } } });
    expect(manifestsProblems([pdb(1), pdb('50%')])).toEqual([]);
    expect(manifestProblems(pdb(true))).toEqual([
      'PodDisruptionBudget ns/x: /spec/minAvailable must be integer',
      'PodDisruptionBudget ns/x: /spec/minAvailable must be string',
      'PodDisruptionBudget ns/x: /spec/minAvailable must match exactly one schema in oneOf',
    ]);
    const resources = (limits: unknown) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta,
      spec: { selector: { matchLabels: { app: 'x' } }, template: { spec: { containers: [{ name: 'x', resources: { limits } }] } } },
    });
    expect(manifestProblems(resources({ cpu: '100m', memory: 1024 }))).toEqual([]);
    expect(manifestProblems(resources({ cpu: true }))).toEqual([
      'Deployment ns/x: /spec/template/spec/containers/0/resources/limits/cpu must be string',
      'Deployment ns/x: /spec/template/spec/containers/0/resources/limits/cpu must be number',
      'Deployment ns/x: /spec/template/spec/containers/0/resources/limits/cpu must match exactly one schema in oneOf',
    ]);
  });

  test('GitOps objects: unknown fields, wrong types and missing required fields', () => {
    const application = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'red', namespace: 'argocd' },
      spec: { project: 'default', source: { repoUrl: 'https://git.example.com/m.git', path: 'dist/red' }, destination: { server: 'https://red:6443' } },
    };
    expect(manifestProblems(application)).toEqual([
      'Application argocd/red: /spec/source must have required property \'repoURL\'',
      'Application argocd/red: /spec/source must NOT have additional properties (repoUrl)',
    ]);
    const kustomization = {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'red', namespace: 'flux-system' },
      spec: { interval: 600, prune: 'yes', sourceRef: { kind: 'GitRepository', name: 'gitops' }, kubeconfig: { secretRef: { name: 'red' } } },
    };
    expect(manifestProblems(kustomization)).toEqual([
      'Kustomization flux-system/red: /spec must NOT have additional properties (kubeconfig)',
      'Kustomization flux-system/red: /spec/interval must be string',
      'Kustomization flux-system/red: /spec/prune must be boolean',
    ]);
    const repository = {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'gitops', namespace: 'flux-system', bogus: 1 },
      spec: { interval: '10m', url: 'https://git.example.com/m.git', ref: { branch: 'main', tag: 'v1', commitSha: 'abc' } },
    };
    expect(manifestProblems(repository)).toEqual([
      'GitRepository flux-system/gitops: /metadata must NOT have additional properties (bogus)',
      'GitRepository flux-system/gitops: /spec/ref must NOT have additional properties (commitSha)',
    ]);
  });

  test('custom resources: an object the CRD lists without properties keeps no fields', () => {
    // `prometheus: {}` switches the provider on; the API server prunes anything inside it.
    const smcp = {
      apiVersion: 'maistra.io/v2',
      kind: 'ServiceMeshControlPlane',
      metadata: { name: 'basic', namespace: 'istio-system' },
      spec: { meshConfig: { extensionProviders: [{ name: 'prometheus', prometheus: {} }, { name: 'p2', prometheus: { port: 9090 } }] } },
    };
    expect(manifestProblems(smcp)).toEqual([
      'ServiceMeshControlPlane istio-system/basic: /spec/meshConfig/extensionProviders/1/prometheus must NOT have additional properties (port)',
    ]);
  });
});

interface Written {
  readonly example: string;
  /** Path of the file under the app's outdir. */
  readonly file: string;
  readonly objects: any[];
}

/** Synthesizes an example app into a new temporary folder and reads back every YAML file it wrote. */
function synthExample(example: (typeof EXAMPLES)[number]): Written[] {
  const outdir = mkdtempSync(join(tmpdir(), `schemas-${example.name}-`));
  writeExample(example, outdir, { printWarnings: false });
  return readdirSync(outdir, { recursive: true }).map(String).filter(f => /\.ya?ml$/.test(f)).sort()
    .map(file => ({ example: example.name, file, objects: loadYaml(join(outdir, file)) }));
}

describeWithCrds('every object of every example app against the schemas (unknown fields rejected)', () => {
  let written: Written[] = [];
  let manifests: Written[] = [];
  let objects: any[] = [];
  beforeAll(() => {
    written = EXAMPLES.flatMap(synthExample);
    manifests = written.filter(w => w.file.endsWith('.k8s.yaml'));
    objects = manifests.flatMap(w => w.objects);
  });
  const one = (kind: string) => structuredClone(objects.find(o => o.kind === kind));

  test.each(EXAMPLES.map(e => e.name))('%s', (name) => {
    const objs = manifests.filter(w => w.example === name).flatMap(w => w.objects);
    expect(objs.length).toBeGreaterThan(0);
    expect(manifestsProblems(objs)).toEqual([]);
  });

  test('objects of every kind the library emits were checked', () => {
    const count: Record<string, number> = {};
    for (const o of objects) count[`${o.apiVersion} ${o.kind}`] = (count[`${o.apiVersion} ${o.kind}`] ?? 0) + 1;
    const kinds = [
      // core kinds, checked against kubernetes/
      'v1 ConfigMap', 'v1 Namespace', 'v1 Service', 'v1 ServiceAccount', 'apps/v1 Deployment',
      'autoscaling/v2 HorizontalPodAutoscaler', 'policy/v1 PodDisruptionBudget',
      // GitOps objects, checked against argocd/ and flux/
      'argoproj.io/v1alpha1 Application', 'source.toolkit.fluxcd.io/v1 GitRepository', 'kustomize.toolkit.fluxcd.io/v1 Kustomization',
      // custom resources
      'maistra.io/v2 ServiceMeshControlPlane', 'federation.maistra.io/v1 ServiceMeshPeer',
      'federation.maistra.io/v1 ExportedServiceSet', 'federation.maistra.io/v1 ImportedServiceSet',
      'networking.istio.io/v1beta1 DestinationRule', 'networking.istio.io/v1 Gateway', 'sailoperator.io/v1 Istio',
      'operator.knative.dev/v1beta1 KnativeServing', 'serving.knative.dev/v1 Service',
    ];
    expect(kinds.filter(k => !(count[k] > 0))).toEqual([]);
    expect(objects.length).toBeGreaterThan(50);
  });

  test('the only other YAML files are kustomize configs and Helm values, which hold no Kubernetes objects', () => {
    const others = written.filter(w => !w.file.endsWith('.k8s.yaml'));
    const isKustomization = (w: Written) => w.file.endsWith('kustomization.yaml');
    expect([others.some(isKustomization), others.some(w => !isKustomization(w))]).toEqual([true, true]);
    for (const { file, objects: objs } of others) {
      const kinds = objs.filter(o => o.apiVersion !== undefined || o.kind !== undefined).map(o => `${o.apiVersion} ${o.kind}`);
      expect({ file, kinds }).toEqual({ file, kinds: file.endsWith('kustomization.yaml') ? ['kustomize.config.k8s.io/v1beta1 Kustomization'] : [] });
    }
  });

  test('one change to an emitted object is reported, with its path: an unknown field in a Service', () => {
    const service = one('Service');
    service.spec.bogus = true;
    expect(manifestProblems(service)).toEqual([`${prefix(service)}/spec must NOT have additional properties (bogus)`]);
  });

  test('one change to an emitted object is reported, with its path: a number as a ConfigMap value', () => {
    const configMap = one('ConfigMap');
    const key = Object.keys(configMap.data)[0];
    configMap.data[key] = 42;
    expect(manifestProblems(configMap)).toEqual([`${prefix(configMap)}/data/${key} must be string`]);
  });

  test('one change to an emitted object is reported, with its path: an unknown field in an Argo CD Application', () => {
    const application = one('Application');
    application.spec.syncPolicy = { automated: { prune: true, selfHeal: true, allowEmpty: false, dryRun: true } };
    expect(manifestProblems(application)).toEqual([`${prefix(application)}/spec/syncPolicy/automated must NOT have additional properties (dryRun)`]);
  });

  test('one change to an emitted object is reported, with its path: a Deployment container field and a metadata field', () => {
    const deployment = one('Deployment');
    deployment.spec.template.spec.containers[0].image_pull_policy = 'IfNotPresent';
    deployment.metadata.annotation = { a: 'b' };
    expect(manifestProblems(deployment)).toEqual([
      `${prefix(deployment)}/metadata must NOT have additional properties (annotation)`,
      `${prefix(deployment)}/spec/template/spec/containers/0 must NOT have additional properties (image_pull_policy)`,
    ]);
  });
});

describeWithCrds('GitOps objects of every GitOps output against the Argo CD and Flux CRDs', () => {
  const repoUrl = 'https://git.example.com/platform/meshes.git';
  const servers: GitOpsOptions['destinations'] = {
    'red-mesh': { server: 'https://api.red.example.com:6443', kubeConfigSecretName: 'red-kubeconfig' },
    'green-mesh': { server: 'https://api.green.example.com:6443' },
    'blue-mesh': { server: 'https://api.blue.example.com:6443', kubeConfigSecretName: 'blue-kubeconfig' },
  };
  const names: GitOpsOptions['destinations'] = { 'red-mesh': { name: 'red' }, 'green-mesh': { name: 'green' }, 'blue-mesh': { name: 'blue' } };
  const variants: Array<[string, GitOpsOptions, string[]]> = [
    ['an ApplicationSet by server, synced automatically, and Flux with its own names and interval', {
      repoUrl,
      revision: 'release-1',
      path: 'deploy/meshes/',
      argoCd: ArgoCdOutput.APPLICATION_SET,
      argoCdNamespace: 'openshift-gitops',
      argoCdProject: 'meshes',
      automatedSync: true,
      flux: true,
      fluxNamespace: 'flux',
      fluxInterval: Duration.seconds(90),
      destinations: servers,
      name: 'delivery',
    }, ['ApplicationSet', 'GitRepository', 'Kustomization', 'Kustomization', 'Kustomization']],
    ['an ApplicationSet by cluster name', { repoUrl, argoCd: ArgoCdOutput.APPLICATION_SET, destinations: names }, ['ApplicationSet']],
    ['an Application per cluster by name, synced automatically', { repoUrl, argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER, automatedSync: true, destinations: names }, ['Application', 'Application', 'Application']],
    ['Flux only', { repoUrl, flux: true, fluxInterval: Duration.hours(1), destinations: servers }, ['GitRepository', 'Kustomization', 'Kustomization', 'Kustomization']],
  ];

  test.each(variants)('%s', (_, gitOps, kinds) => {
    const outdir = mkdtempSync(join(tmpdir(), 'schemas-gitops-'));
    const app = new FederationApp({ gitOps, outdir, printWarnings: false, reports: false });
    threeMeshFederation(app);
    app.synth();
    const folder = join(outdir, gitOps.name ?? 'gitops');
    const objs = readdirSync(folder).filter(f => f.endsWith('.k8s.yaml')).flatMap(f => loadYaml(join(folder, f)));
    expect(objs.map(o => o.kind).sort()).toEqual(kinds);
    expect(manifestsProblems(objs)).toEqual([]);
  }, 30_000);
});
