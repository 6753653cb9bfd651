import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { LoadBalancerScheme, MultiNetworkMesh, Platform, VerificationWorkloads } from '../src';
import { describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { docsMeshes } from './support/federation';
import { synthAll } from './support/synth';
import { verifiedFederation } from '../examples/verification/verification';
import { federationOf } from '../src/app/commands/shared';

describe('VerificationWorkloads: the HelloWorld and Sleep kit of the multi-network guide', () => {
  test('v1 in one mesh, v2 in another, with Services in the sample namespace labelled for injection', () => {
    const { red, green } = docsMeshes();
    new VerificationWorkloads(red, 'verify', { helloworldVersion: 'v1' });
    new VerificationWorkloads(green, 'verify', { helloworldVersion: 'v2', namespaceLabels: { 'istio.io/rev': 'asm-173-3' } });
    const objects = (chart: any) => Testing.synth(chart).filter((o: any) => o.metadata?.namespace === 'sample' || o.metadata?.name === 'sample');
    const redObjects = objects(red);
    expect(redObjects.map((o: any) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/helloworld-v1', 'Deployment/sleep', 'Namespace/sample', 'Service/helloworld', 'Service/sleep', 'ServiceAccount/sleep',
    ]);
    const hello = redObjects.find((o: any) => o.kind === 'Deployment' && o.metadata.name === 'helloworld-v1');
    expect(hello.spec.template).toEqual({
      metadata: { labels: { app: 'helloworld', version: 'v1' }, annotations: { 'sidecar.istio.io/inject': 'true' } },
      spec: { containers: [{ name: 'helloworld', image: 'docker.io/istio/examples-helloworld-v1:1.0', imagePullPolicy: 'IfNotPresent', resources: { requests: { cpu: '100m' } }, ports: [{ containerPort: 5000 }] }] },
    });
    expect(hello.spec.selector.matchLabels).toEqual(hello.spec.template.metadata.labels);
    expect(redObjects.find((o: any) => o.kind === 'Namespace').metadata.labels).toEqual({ 'istio-injection': 'enabled' });
    const greenObjects = objects(green);
    expect(greenObjects.find((o: any) => o.kind === 'Namespace').metadata.labels).toEqual({ 'istio.io/rev': 'asm-173-3' });
    expect(greenObjects.some((o: any) => o.metadata.name === 'helloworld-v2')).toBe(true);
    const sleep = greenObjects.find((o: any) => o.kind === 'Deployment' && o.metadata.name === 'sleep');
    expect(sleep.spec.template.spec).toMatchObject({ serviceAccountName: 'sleep', containers: [{ command: ['/bin/sleep', 'infinity'] }] });
  });

  test('the calls from Sleep and the answers to expect', () => {
    const steps = VerificationWorkloads.steps([
      { cluster: 'cluster1', kubeContext: 'ctx-1' },
      { cluster: 'green-mesh', kubeContext: 'green', host: 'helloworld.sample.svc.red-mesh-imports.local:5000' },
    ]);
    expect(steps[0].commands.join('\n')).toBe(
      'kubectl exec --context=ctx-1 -n sample -c sleep "$(kubectl get pod --context=ctx-1 -n sample -l app=sleep -o jsonpath=\'{.items[0].metadata.name}\')" \\\n'
      + '  -- /bin/sh -c \'for i in $(seq 1 20); do curl -sS helloworld.sample:5000/hello; done\'');
    expect(steps[1].commands[1]).toContain('curl -sS helloworld.sample.svc.red-mesh-imports.local:5000/hello');
    expect(steps[0].then).toMatch(/Hello version: v1.*Hello version: v2/);
  });

  test.each([
    [{ helloworldVersion: 'v3' }, /helloworldVersion is 'v3', not 'v1' or 'v2'.*Fix: /],
    [{ helloworldVersion: 'v1', namespace: 'Sample' }, /namespace 'Sample' is not a DNS-1123 label.*Fix: /],
    [{ helloworldVersion: 'v1', namespace: 5 }, /namespace 5 is not text.*Fix: /],
    [undefined, /props are missing\. Fix: /],
  ])('%j is a FederationError', (props, expected) => {
    const { red } = docsMeshes();
    let error: any;
    try {
      new VerificationWorkloads(red, 'verify', props as any);
    } catch (e) {
      error = e;
    }
    expect(error?.name).toBe('FederationError');
    expect(error.message).toMatch(expected);
  });

  test('in a federation: exported by one mesh, imported as local by the other (the README example)', () => {
    const { app, red, green } = docsMeshes();
    new VerificationWorkloads(red, 'verify', { helloworldVersion: 'v1' });
    new VerificationWorkloads(green, 'verify', { helloworldVersion: 'v2' });
    for (const mesh of [red, green]) mesh.addMemberNamespace('sample');
    red.addServiceExport('helloworld', { peer: green }).addNameRule({ namespace: 'sample', name: 'helloworld' });
    green.addServiceImport('helloworld', { peer: red }).addNameRule({ namespace: 'sample', name: 'helloworld', alias: { namespace: 'sample', name: 'helloworld' }, importAsLocal: true });
    const all = Testing.synth(green);
    expect(all.find((o: any) => o.kind === 'ImportedServiceSet')).toBeDefined();
    expect(app.charts.length).toBeGreaterThan(1);
  });
});


describeWithCrds('VerificationWorkloads against the Kubernetes 1.27 schemas (unknown fields rejected)', () => {
  const KINDS = ['Deployment', 'Namespace', 'Service', 'ServiceAccount'];
  const kit = (objects: any[]) => objects.filter(o => o.metadata?.namespace === 'sample' || (o.kind === 'Namespace' && o.metadata?.name === 'sample'));

  test('in a federation: every object of both meshes\' kits, and the rest of the charts, validate', () => {
    const { app, red, green } = docsMeshes();
    new VerificationWorkloads(red, 'verify', { helloworldVersion: 'v1' });
    new VerificationWorkloads(green, 'verify', { helloworldVersion: 'v2', namespaceLabels: { 'istio.io/rev': 'basic' }, injectAnnotation: false });
    for (const mesh of [red, green]) mesh.addMemberNamespace('sample');
    const all = synthAll(app);
    const objects = kit(all);
    expect(objects).toHaveLength(12);
    expect([...new Set(objects.map(o => o.kind))].sort()).toEqual(KINDS);
    expect(manifestsProblems(objects)).toEqual([]);
    expect(manifestsProblems(all)).toEqual([]);
    expect(objects.filter(o => o.kind === 'Namespace').map(o => o.metadata)).toEqual([
      { name: 'sample', labels: { 'istio-injection': 'enabled' } }, { name: 'sample', labels: { 'istio.io/rev': 'basic' } },
    ]);
  });

  test('in a multi-network mesh: the same kit in every cluster validates', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });
    const cluster1 = mesh.addCluster('cluster1', { platform: gcp(), network: 'network1' });
    const cluster2 = mesh.addCluster('cluster2', { platform: gcp(), network: 'network2' });
    new VerificationWorkloads(cluster1, 'verify', { helloworldVersion: 'v1', namespace: 'sample' });
    new VerificationWorkloads(cluster2, 'verify', { helloworldVersion: 'v2' });
    const objects = kit(synthAll(app));
    expect(objects).toHaveLength(12);
    expect(manifestsProblems(objects)).toEqual([]);
  });

  test('the verification example (examples/verification): the kit in red-mesh and blue-mesh, and everything else, validates', () => {
    const app = Testing.app();
    verifiedFederation(app);
    const all = synthAll(app);
    expect(kit(all).map(o => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/helloworld-v1', 'Deployment/helloworld-v2', 'Deployment/sleep', 'Deployment/sleep', 'Namespace/sample', 'Namespace/sample',
      'Service/helloworld', 'Service/helloworld', 'Service/sleep', 'Service/sleep', 'ServiceAccount/sleep', 'ServiceAccount/sleep',
    ]);
    expect(manifestsProblems(all)).toEqual([]);
  });

  test('the check does cover the kit: a misspelt field of each kind is refused', () => {
    const { app, red } = docsMeshes();
    new VerificationWorkloads(red, 'verify', { helloworldVersion: 'v1' });
    const objects = kit(synthAll(app));
    const broken = objects.map(o => {
      const copy = JSON.parse(JSON.stringify(o));
      if (copy.kind === 'Deployment') copy.spec.template.spec.containers[0].imagePullPolicyy = 'Always';
      else if (copy.kind === 'Service') copy.spec.selectors = copy.spec.selector;
      else copy.metadata.label = { a: 'b' };
      return copy;
    });
    const problems = manifestsProblems(broken);
    expect(problems).toHaveLength(6);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Deployment sample\/helloworld-v1: .*additional properties \(imagePullPolicyy\)/),
      expect.stringMatching(/^Service sample\/helloworld: .*additional properties \(selectors\)/),
      expect.stringMatching(/^ServiceAccount sample\/sleep: .*additional properties \(label\)/),
      expect.stringMatching(/^Namespace \/sample: .*additional properties \(label\)/),
    ]));
  });
});

test('examples/verification/federation.yaml, the input of collect and status, describes the example\'s federation objects byte for byte', () => {
  const FEDERATION_KINDS = ['ServiceMeshPeer', 'ExportedServiceSet', 'ImportedServiceSet', 'ConfigMap', 'ServiceMeshControlPlane'];
  const federationObjects = (objects: any[]) => objects.filter(o => FEDERATION_KINDS.includes(o.kind));
  const app = Testing.app();
  verifiedFederation(app);
  const fromYaml = federationOf(join(__dirname, '..', 'examples', 'verification', 'federation.yaml'));
  const expected = federationObjects(synthAll(app));
  expect(expected.filter(o => o.kind === 'ImportedServiceSet')).toHaveLength(2);
  expect(federationObjects(synthAll(fromYaml.node.scope as any))).toEqual(expected);
  expect(fromYaml.plan()).toEqual((app.node.findChild('federation') as any).plan());
});

describe('the verification section of the manual-steps report', () => {
  test('the example: one call per mesh with a kit, contexts by cluster, both versions expected', () => {
    const app = Testing.app();
    const federation = verifiedFederation(app);
    const steps = VerificationWorkloads.stepsOf(federation, { 'blue-mesh': 'blue' });
    expect(steps.map(s => s.cluster)).toEqual(['blue-mesh', 'red-mesh']);
    expect(steps[0].commands[0]).toContain('kubectl exec --context=blue -n sample -c sleep');
    expect(steps[1].commands[0]).toContain('--context=red-mesh');
    const section = VerificationWorkloads.reportSection(federation);
    expect(section).toMatch(/^## Verification\n\nThe verification workloads run HelloWorld v2 in blue-mesh \(namespace sample\), HelloWorld v1 in red-mesh \(namespace sample\), each with Sleep beside it\.\n/);
    expect(section).toContain('### Call HelloWorld from Sleep in red-mesh\n');
    expect(section).toContain("```sh\nkubectl exec --context=red-mesh -n sample -c sleep \"$(kubectl get pod --context=red-mesh -n sample -l app=sleep -o jsonpath='{.items[0].metadata.name}')\" \\\n"
      + "  -- /bin/sh -c 'for i in $(seq 1 20); do curl -sS helloworld.sample:5000/hello; done'\n```\n");
    expect(section.match(/Expect both `Hello version: v1, instance: helloworld-v1-\.\.\.` and `Hello version: v2, instance: helloworld-v2-\.\.\.` among the answers/g)).toHaveLength(2);
  });

  test('without a kit the section is empty, so the report is unchanged', () => {
    const { federation } = docsMeshes();
    expect(VerificationWorkloads.stepsOf(federation)).toEqual([]);
    expect(VerificationWorkloads.reportSection(federation)).toBe('');
  });

  test('a multi-network mesh: the clusters by name; one version alone says what a cross call needs', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });
    const cluster2 = mesh.addCluster('cluster2', { platform: gcp(), network: 'network2', kubeContext: 'ctx-2' });
    mesh.addCluster('cluster1', { platform: gcp(), network: 'network1' });
    new VerificationWorkloads(cluster2, 'verify', { helloworldVersion: 'v2', namespace: 'check' });
    const [step] = VerificationWorkloads.stepsOf(mesh);
    expect(step.cluster).toBe('cluster2');
    expect(step.commands[0]).toContain('kubectl exec --context=ctx-2 -n check');
    expect(step.commands[1]).toContain('curl -sS helloworld.check:5000/hello');
    expect(step.then).toBe('Expect `Hello version: v2, instance: helloworld-v2-...` in every answer; the kit with the other version in another cluster shows a call across the clusters.');
    expect(VerificationWorkloads.reportSection(mesh)).toContain('HelloWorld v2 in cluster2 (namespace check)');
  });
});
