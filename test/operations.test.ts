// Operating a federation: the GitOps layout, the topology diagram and the manual-steps report.
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, Yaml, YamlOutputType } from 'cdk8s';
import { rootCert } from './support/certs';
import { tree } from './support/synth';
import { gitOpsAppProps } from '../examples/gitops/federation';
import { twoNetworkClusters } from '../examples/multi-network/multi-network';
import { serviceSharingFederation } from '../examples/service-sharing/federation';
import { threeMeshFederation } from '../examples/three-mesh-federation/federation';
import {
  ArgoCdOutput, FederatedMesh, FederationApp, FederationAppProps, GitOpsOptions, LoadBalancerScheme, Platform, Topology,
} from '../src';

const OUT = mkdtempSync(join(tmpdir(), 'operations-'));
let runs = 0;
/** Synthesizes the three-mesh example with the given app props into a new folder. */
function synthThreeMesh(props: FederationAppProps = {}, build = threeMeshFederation): string {
  const outdir = join(OUT, `run-${runs++}`);
  const app = new FederationApp({ ...props, outdir });
  build(app);
  app.synth();
  return outdir;
}
const load = (file: string) => Yaml.load(file);

describe('GitOps layout of the three-mesh example', () => {
  const outdir = synthThreeMesh(gitOpsAppProps);
  const meshes = ['blue-mesh', 'green-mesh', 'red-mesh'];
  const plain = synthThreeMesh();

  test('one folder per cluster and one for Argo CD and Flux; reports beside them', () => {
    expect(readdirSync(outdir).sort()).toEqual([
      '.cdk8s-mesh-federation-owned', 'blue-mesh', 'federation-manual-steps.md', 'federation-plan.md', 'federation-topology.md', 'gitops', 'green-mesh', 'red-mesh',
    ]);
  });

  test.each(meshes)('%s: only its own objects, and a kustomization listing exactly its files', mesh => {
    const dir = join(outdir, mesh);
    const files = readdirSync(dir).filter(f => f !== 'kustomization.yaml').sort();
    const kustomization = load(join(dir, 'kustomization.yaml'));
    expect(kustomization).toEqual([{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files }]);
    const others = meshes.filter(m => m !== mesh);
    const objects = files.flatMap(f => load(join(dir, f)));
    expect(objects).toHaveLength(files.length);
    // Everything of a mesh lives in its control-plane namespace here (the example shares no services),
    // which the folder creates; its member roll lists nothing yet.
    for (const o of objects.filter(x => x.kind !== 'Namespace')) expect(o.metadata.namespace).toBe(`${mesh}-system`);
    expect(objects.filter(o => o.kind === 'Namespace')).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `${mesh}-system` } }]);
    expect(objects.filter(o => o.kind === 'ServiceMeshMemberRoll').map(o => [o.metadata.name, o.spec])).toEqual([['default', { members: [] }]]);
    expect(objects.filter(o => o.kind === 'ServiceMeshControlPlane').map(o => o.metadata.name)).toEqual([mesh]);
    expect(objects.filter(o => o.kind === 'ServiceMeshPeer').map(o => o.metadata.name).sort()).toEqual(others);
    expect(objects.filter(o => o.kind === 'ConfigMap').map(o => o.metadata.name).sort()).toEqual(others.map(o => `${o}-ca-root-cert`));
    // The same files the app writes without GitOps, byte for byte.
    expect(files).toEqual(readdirSync(join(plain, mesh)).sort());
    for (const f of files) expect(readFileSync(join(dir, f), 'utf8')).toBe(readFileSync(join(plain, mesh, f), 'utf8'));
  });

  test('an Argo CD Application per cluster points at its folder', () => {
    expect(load(join(outdir, 'gitops', 'Application.red-mesh.k8s.yaml'))).toEqual([{
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'red-mesh', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://git.example.com/platform/meshes.git', targetRevision: 'main', path: 'examples/gitops/dist/red-mesh' },
        destination: { server: 'https://api.red.example.com:6443' },
      },
    }]);
  });

  test('a Flux GitRepository and a Kustomization per cluster, with its kubeconfig', () => {
    expect(load(join(outdir, 'gitops', 'GitRepository.gitops.k8s.yaml'))).toEqual([{
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'gitops', namespace: 'flux-system' },
      spec: { interval: '10m', url: 'https://git.example.com/platform/meshes.git', ref: { branch: 'main' } },
    }]);
    expect(load(join(outdir, 'gitops', 'Kustomization.green-mesh.k8s.yaml'))).toEqual([{
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: 'green-mesh', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        path: './examples/gitops/dist/green-mesh',
        prune: true,
        sourceRef: { kind: 'GitRepository', name: 'gitops' },
        kubeConfig: { secretRef: { name: 'green-mesh-kubeconfig' } },
      },
    }]);
    expect(load(join(outdir, 'gitops', 'kustomization.yaml'))[0].resources).toEqual([
      'Application.blue-mesh.k8s.yaml', 'Application.green-mesh.k8s.yaml', 'Application.red-mesh.k8s.yaml',
      'GitRepository.gitops.k8s.yaml',
      'Kustomization.blue-mesh.k8s.yaml', 'Kustomization.green-mesh.k8s.yaml', 'Kustomization.red-mesh.k8s.yaml',
    ]);
  });

  test('the same bytes on every run', () => {
    const again = synthThreeMesh(gitOpsAppProps);
    expect(tree(again)).toEqual(tree(outdir));
  });

  test('an ApplicationSet lists every cluster; automated sync when asked', () => {
    const dir = synthThreeMesh({ gitOps: { ...gitOpsAppProps.gitOps, argoCd: ArgoCdOutput.APPLICATION_SET, flux: false, automatedSync: true, name: 'meshes' } });
    expect(readdirSync(join(dir, 'meshes')).sort()).toEqual(['ApplicationSet.meshes.k8s.yaml', 'kustomization.yaml']);
    const [set] = load(join(dir, 'meshes', 'ApplicationSet.meshes.k8s.yaml'));
    expect(set.spec.generators).toEqual([{
      list: {
        elements: [
          { cluster: 'blue-mesh', destination: 'https://api.blue.example.com:6443' },
          { cluster: 'green-mesh', destination: 'https://api.green.example.com:6443' },
          { cluster: 'red-mesh', destination: 'https://api.red.example.com:6443' },
        ],
      },
    }]);
    expect(set.spec.template).toEqual({
      metadata: { name: '{{cluster}}' },
      spec: {
        project: 'default',
        source: { repoURL: 'https://git.example.com/platform/meshes.git', targetRevision: 'main', path: 'examples/gitops/dist/{{cluster}}' },
        destination: { server: '{{destination}}' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
  });

  test('kustomizations only: no Argo CD or Flux folder', () => {
    const dir = synthThreeMesh({ gitOps: {} });
    expect(existsSync(join(dir, 'gitops'))).toBe(false);
    expect(readdirSync(join(dir, 'red-mesh'))).toContain('kustomization.yaml');
  });
});

describe('GitOps options are checked before anything is written', () => {
  const attempt = (gitOps: GitOpsOptions, props: Partial<FederationAppProps> = {}) => {
    const outdir = join(OUT, `bad-${runs++}`);
    const app = new FederationApp({ ...props, outdir, gitOps });
    threeMeshFederation(app);
    expect(() => app.synth()).toThrow(expect.objectContaining({ name: 'FederationError' }));
    let message = '';
    try { app.synth(); } catch (e: any) { message = e.message; }
    expect(existsSync(join(outdir, 'red-mesh'))).toBe(false);
    return message;
  };
  const destinations = gitOpsAppProps.gitOps!.destinations!;

  test('Argo CD or Flux without repoUrl', () => {
    expect(attempt({ flux: true, destinations })).toMatch(/FederationApp gitOps: repoUrl is not set, but Argo CD or Flux objects must name the repository\. Fix: set repoUrl/);
  });
  test('Argo CD without a destination for a cluster, or with both server and name', () => {
    const message = attempt({
      repoUrl: 'https://git.example.com/m.git',
      argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER,
      destinations: { 'red-mesh': { server: 'https://a', name: 'red' }, 'green-mesh': { name: 'green' } },
    });
    expect(message).toMatch(/destinations\['blue-mesh'\] has neither server nor name, so Argo CD would not know where to apply 'blue-mesh'\. Fix: set destinations: \{ 'blue-mesh': \{ server:/);
    expect(message).toMatch(/destinations\['red-mesh'\] sets both server and name; Argo CD takes one/);
  });
  test('an ApplicationSet with server for some clusters and name for others', () => {
    expect(attempt({
      repoUrl: 'https://git.example.com/m.git',
      argoCd: ArgoCdOutput.APPLICATION_SET,
      destinations: { 'red-mesh': { server: 'https://a' }, 'green-mesh': { name: 'green' }, 'blue-mesh': { name: 'blue' } },
    })).toMatch(/an ApplicationSet template takes one kind of destination/);
  });
  test('Flux with more than one cluster without a kubeconfig', () => {
    expect(attempt({ repoUrl: 'https://git.example.com/m.git', flux: true, destinations: { 'red-mesh': { kubeConfigSecretName: 'red' } } }))
      .toMatch(/clusters 'blue-mesh', 'green-mesh' have no kubeConfigSecretName, so Flux would apply all of them to the one cluster it runs in/);
  });
  test('a destination for a folder that does not exist', () => {
    expect(attempt({ destinations: { 'red-msh': { server: 'https://a' } } }))
      .toMatch(/destinations\['red-msh'\] names no cluster folder \(folders: 'blue-mesh', 'green-mesh', 'red-mesh'\)\. Fix: key destinations by mesh name/);
  });
  test('a GitOps folder named like a mesh', () => {
    expect(attempt({ repoUrl: 'https://git.example.com/m.git', flux: true, name: 'red-mesh', destinations }))
      .toMatch(/FederationApp gitOps: name 'red-mesh' is also the name of a chart \(mesh\) of the app/);
  });
  test('an output type without a folder per cluster', () => {
    expect(attempt({}, { yamlOutputType: YamlOutputType.FILE_PER_CHART }))
      .toMatch(/yamlOutputType FILE_PER_CHART writes no folder per cluster to hold a kustomization\.yaml/);
  });
});

describe('topology diagram', () => {
  const federation = serviceSharingFederation(Testing.app());
  const lines = federation.diagram().trimEnd().split('\n');

  test('each mesh with its platform, locality and namespace', () => {
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  m_red_mesh["<b>red-mesh</b><br/>AWS NLB (internet-facing) · us-west-1<br/>red-mesh-system"]');
    expect(lines).toContain('  m_green_mesh["<b>green-mesh</b><br/>NodePort · us-east-1<br/>green-mesh-system"]');
    expect(lines).toContain('  m_blue_mesh["<b>blue-mesh</b><br/>GCP (internet-facing) · europe-west1<br/>blue-mesh-system"]');
  });

  test('the three peerings, once each', () => {
    expect(lines.filter(l => l.includes('<-->'))).toEqual([
      '  m_blue_mesh <-->|peered| m_green_mesh',
      '  m_blue_mesh <-->|peered| m_red_mesh',
      '  m_green_mesh <-->|peered| m_red_mesh',
    ]);
  });

  test('exports, imports and failover paths as the example declares them', () => {
    // red exports ratings and reviews to green (plus ratings for the failover), and a label selection to blue.
    expect(lines).toContain('  m_red_mesh -->|"exports ratings.red-mesh-info, reviews.red-mesh-info, ratings.bookinfo"| m_green_mesh');
    expect(lines).toContain('  m_red_mesh -->|"exports services labelled export-service=true in red-mesh-info"| m_blue_mesh');
    // green knows red's ratings as ratings.info.svc.red-mesh-imports.local; blue imports every info service.
    expect(lines).toContain('  m_red_mesh ==>|"imported by green-mesh as ratings.info.svc.red-mesh-imports.local, ratings.bookinfo.svc.cluster.local"| m_green_mesh');
    expect(lines).toContain('  m_red_mesh ==>|"imported by blue-mesh as *.info.svc.red-mesh-imports.local"| m_blue_mesh');
    // ratings fails over from green to red and from red to green.
    expect(lines.filter(l => l.includes('-.->'))).toEqual([
      '  m_green_mesh -.->|"failover bookinfo/ratings #1"| m_red_mesh',
      '  m_red_mesh -.->|"failover bookinfo/ratings #1"| m_green_mesh',
    ]);
  });

  test('written as a Mermaid block beside the manifests', () => {
    const dir = synthThreeMesh({}, serviceSharingFederation);
    const file = readFileSync(join(dir, 'federation-topology.md'), 'utf8');
    expect(file).toContain(`\`\`\`mermaid\n${federation.diagram()}\`\`\``);
  });

  test('the README shows the service-sharing example\'s diagram as it is', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(`\`\`\`mermaid\n${federation.diagram()}\`\`\``);
  });

  test('mesh names that are Mermaid keywords stay legal node ids', () => {
    const f = new FederatedMesh(Testing.app(), 'f', { topology: Topology.explicit() });
    f.addMesh('end', { platform: Platform.bareMetal(), rootCertificate: rootCert('red-mesh') });
    expect(f.diagram()).toContain('  m_end["<b>end</b><br/>bare metal · no locality<br/>end-system"]');
  });
});

describe('manual steps', () => {
  test('three-mesh example: the operator everywhere, node ports of green to open for each peer; nothing else for red (external-dns) and blue (known IPs)', () => {
    const federation = threeMeshFederation(Testing.app());
    const steps = federation.manualSteps();
    const operator = (mesh: string) => [mesh, `Check that ${mesh}'s cluster runs the OpenShift Service Mesh 2 operator for v2.6`];
    expect(steps.map(s => [s.cluster, s.title])).toEqual([
      operator('blue-mesh'),
      operator('green-mesh'),
      ['green-mesh', 'Let blue-mesh reach node ports 30443 and 30444 of green-mesh'],
      ['green-mesh', 'Let red-mesh reach node ports 30445 and 30446 of green-mesh'],
      operator('red-mesh'),
    ]);
    expect(steps[3].commands).toEqual([
      'oc -n green-mesh-system get service ingress-red-mesh -o jsonpath=\'{range .spec.ports[*]}{.name}={.nodePort}{"\\n"}{end}\'',
      '# Allow TCP 30445 and 30446 to 192.0.2.10, 192.0.2.11 from the egress addresses of red-mesh\'s cluster.',
    ]);
    const dir = synthThreeMesh();
    const report = readFileSync(join(dir, 'federation-manual-steps.md'), 'utf8');
    expect(report).not.toContain('Nothing to do by hand');
    expect(report).toContain('## blue-mesh\n\n### 1. Check that blue-mesh\'s cluster runs the OpenShift Service Mesh 2 operator for v2.6\n');
    expect(report).toContain('## red-mesh\n\n### 1. Check that red-mesh\'s cluster runs the OpenShift Service Mesh 2 operator for v2.6\n');
    expect(report).toContain('### 2. Let blue-mesh reach node ports 30443 and 30444 of green-mesh\n');
  });

  test('a DNS name nothing publishes: read the load balancer address, create the record (CNAME on AWS, A on GCP)', () => {
    const federation = new FederatedMesh(Testing.app(), 'f');
    federation.addMesh('east', { platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNAL }), rootCertificate: rootCert('red-mesh'), dnsDomain: 'mesh.example.com' });
    federation.addMesh('west', { platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }), rootCertificate: rootCert('green-mesh'), dnsDomain: 'mesh.example.org' });
    const [east, west] = federation.manualSteps().filter(s => s.title.startsWith('Point '));
    expect(east).toEqual({
      cluster: 'east',
      title: 'Point ingress-west.east-system.mesh.example.com at the load balancer of ingress-west',
      reason: 'dnsDomain is set without externalDns, so nothing publishes the name west\'s ServiceMeshPeer \'east\' connects to.',
      commands: [
        'oc -n east-system get service ingress-west -o jsonpath=\'{.status.loadBalancer.ingress[0].hostname}\'',
        '# Create a DNS CNAME record ingress-west.east-system.mesh.example.com pointing at the hostname printed above.',
      ],
      then: 'Nothing to synthesize again: the ServiceMeshPeer already uses ingress-west.east-system.mesh.example.com. Or set externalDns: true on \'east\' to have external-dns publish it.',
    });
    expect(west.commands).toEqual([
      'oc -n west-system get service ingress-east -o jsonpath=\'{.status.loadBalancer.ingress[0].ip}\'',
      '# Create a DNS A record ingress-east.west-system.mesh.example.org pointing at the IP printed above.',
    ]);
  });

  test('bootstrap pass: root certificates to read and addresses to choose before peering', () => {
    const federation = new FederatedMesh(Testing.app(), 'f', { topology: Topology.explicit() });
    federation.addMesh('east', { platform: Platform.azure({ scheme: LoadBalancerScheme.INTERNET_FACING }) });
    federation.addMesh('west', { platform: Platform.nodePort({ nodeAddresses: ['192.0.2.1'] }) });
    const steps = federation.manualSteps();
    expect(steps.map(s => [s.cluster, s.title])).toEqual([
      ['east', 'Check that east\'s cluster runs the OpenShift Service Mesh 2 operator for v2.6'],
      ['east', 'Read east\'s root certificate'],
      ['east', 'Choose how peers will reach east'],
      ['west', 'Check that west\'s cluster runs the OpenShift Service Mesh 2 operator for v2.6'],
      ['west', 'Read west\'s root certificate'],
    ]);
    expect(steps[1].commands).toEqual(['oc -n east-system get configmap istio-ca-root-cert -o jsonpath=\'{.data.root-cert\\.pem}\' > east-root-cert.pem']);
    expect(steps[1].then).toBe('Pass the file\'s content as rootCertificate of \'east\' and synthesize again; the library then writes east-ca-root-cert into each peer\'s namespace.');
  });

  test('reports: false writes only the manifests', () => {
    const dir = synthThreeMesh({ reports: false });
    expect(readdirSync(dir).sort()).toEqual(['.cdk8s-mesh-federation-owned', 'blue-mesh', 'green-mesh', 'red-mesh']);
  });
});

describe('multi-network meshes in a FederationApp', () => {
  test('seed 002: Helm values, manual steps beside the cluster folders; kustomizations with gitOps', () => {
    const outdir = join(OUT, `mn-${runs++}`);
    const app = new FederationApp({ outdir, gitOps: {} });
    twoNetworkClusters(app);
    app.synth();
    expect(readdirSync(outdir).sort()).toEqual([
      '.cdk8s-mesh-federation-owned', 'cluster1', 'cluster2', 'mesh1-istiod-values-cluster1.yaml', 'mesh1-istiod-values-cluster2.yaml', 'mesh1-manual-steps.md',
    ]);
    expect(load(join(outdir, 'mesh1-istiod-values-cluster1.yaml'))[0].global).toEqual(expect.objectContaining({
      meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1',
    }));
    const steps = readFileSync(join(outdir, 'mesh1-manual-steps.md'), 'utf8');
    expect(steps).toContain('istioctl create-remote-secret --context=ctx-2 --name=cluster2 | kubectl apply -f - --context=ctx-1');
    expect(steps).toContain('istioctl create-remote-secret --context=ctx-1 --name=cluster1 | kubectl apply -f - --context=ctx-2');
    for (const cluster of ['cluster1', 'cluster2']) {
      const files = readdirSync(join(outdir, cluster)).filter(f => f !== 'kustomization.yaml').sort();
      expect(load(join(outdir, cluster, 'kustomization.yaml'))[0].resources).toEqual(files);
      expect(files).not.toContain('istiod-values.yaml');
    }
  });
});

test('with the meshes\' Namespaces switched off, each Argo CD Application creates its control-plane namespace', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'create-namespace-'));
  const app = new FederationApp({ ...gitOpsAppProps, outdir, printSummary: false });
  threeMeshFederation(app, { prerequisites: { namespaces: false } });
  app.synth();
  const [application] = Yaml.load(join(outdir, 'gitops', 'Application.red-mesh.k8s.yaml'));
  expect(application.spec.destination).toEqual({ server: 'https://api.red.example.com:6443', namespace: 'red-mesh-system' });
  expect(application.spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true'] });
  expect(readdirSync(join(outdir, 'red-mesh')).filter(f => f.startsWith('Namespace.'))).toEqual([]);
});
