// The GitOps checks and objects as pure functions of the options and the app's cluster folders:
// no app, no synth, no files.
import { Duration, Testing, YamlOutputType } from 'cdk8s';
import { gitOpsAppProps } from '../examples/gitops/federation';
import { ArgoCdOutput, FederatedMesh, GitOpsOptions, Platform } from '../src';
import { gitOpsObjects, gitOpsProblems, GitOpsAppFacts, goDuration, namespacesToCreate, wantsGitOpsObjects } from '../src/app/gitops';
import { gitOpsOptionProblems } from '../src/app/gitops-checks';

const facts = (clusters: string[], more: Partial<GitOpsAppFacts> = {}): GitOpsAppFacts => ({
  yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE, clusters, nameTaken: false, ...more,
});
const repoUrl = 'https://git.example.com/m.git';

describe('gitOpsProblems', () => {
  test('kustomizations only: nothing to check', () => {
    expect(gitOpsProblems({}, facts(['a', 'b']))).toEqual([]);
  });

  test('an output type without a folder per cluster, a name taken by a mesh, no repoUrl: all reported, in that order', () => {
    expect(gitOpsProblems({ flux: true, name: 'a', destinations: { b: { kubeConfigSecretName: 'b' } } }, facts(['a', 'b'], { yamlOutputType: YamlOutputType.FILE_PER_APP, nameTaken: true }))).toEqual([
      'FederationApp gitOps: yamlOutputType FILE_PER_APP writes no folder per cluster to hold a kustomization.yaml. Fix: leave yamlOutputType unset (FOLDER_PER_CHART_FILE_PER_RESOURCE)',
      'FederationApp gitOps: name \'a\' is also the name of a chart (mesh) of the app, so its folder would mix cluster and GitOps objects. Fix: set gitOps.name to another name, e.g. \'argocd\'',
      'FederationApp gitOps: repoUrl is not set, but Argo CD or Flux objects must name the repository. Fix: set repoUrl, e.g. \'https://git.example.com/platform/meshes.git\'',
    ]);
  });

  test('destinations keyed by a name that is no cluster folder', () => {
    expect(gitOpsProblems({ destinations: { z: {}, c: {}, a: {} } }, facts(['a', 'b']))).toEqual([
      'FederationApp gitOps: destinations[\'c\'] names no cluster folder (folders: \'a\', \'b\'). Fix: key destinations by mesh name',
      'FederationApp gitOps: destinations[\'z\'] names no cluster folder (folders: \'a\', \'b\'). Fix: key destinations by mesh name',
    ]);
    expect(gitOpsProblems({ destinations: { a: {} } }, facts([]))).toEqual([
      'FederationApp gitOps: destinations[\'a\'] names no cluster folder (folders: none). Fix: key destinations by mesh name',
    ]);
  });

  test('Argo CD: a destination without server or name, and one with both', () => {
    const options: GitOpsOptions = { repoUrl, argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER, destinations: { b: { server: 'https://b:6443', name: 'b' }, c: { kubeConfigSecretName: 'c' } } };
    expect(gitOpsProblems(options, facts(['a', 'b', 'c']))).toEqual([
      'FederationApp gitOps: destinations[\'a\'] has neither server nor name, so Argo CD would not know where to apply \'a\'. Fix: set destinations: { \'a\': { server: \'https://api.<cluster>:6443\' } } or { name: \'<Argo CD cluster name>\' }',
      'FederationApp gitOps: destinations[\'b\'] sets both server and name; Argo CD takes one. Fix: keep one of them',
      'FederationApp gitOps: destinations[\'c\'] has neither server nor name, so Argo CD would not know where to apply \'c\'. Fix: set destinations: { \'c\': { server: \'https://api.<cluster>:6443\' } } or { name: \'<Argo CD cluster name>\' }',
    ]);
  });

  test('an ApplicationSet needs one kind of destination for every cluster', () => {
    const mixed: GitOpsOptions = { repoUrl, argoCd: ArgoCdOutput.APPLICATION_SET, destinations: { a: { server: 'https://a:6443' }, b: { name: 'b' } } };
    expect(gitOpsProblems(mixed, facts(['a', 'b']))).toEqual([
      'FederationApp gitOps: an ApplicationSet template takes one kind of destination, but some clusters set server and others name. Fix: use server for every cluster, or name for every cluster',
    ]);
    expect(gitOpsProblems({ ...mixed, argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER }, facts(['a', 'b']))).toEqual([]);
  });

  test('Flux: at most one cluster without a kubeconfig', () => {
    const options: GitOpsOptions = { repoUrl, flux: true, destinations: { b: { kubeConfigSecretName: 'b-kubeconfig' } } };
    expect(gitOpsProblems(options, facts(['a', 'b']))).toEqual([]);
    expect(gitOpsProblems(options, facts(['a', 'b', 'c']))).toEqual([
      'FederationApp gitOps: clusters \'a\', \'c\' have no kubeConfigSecretName, so Flux would apply all of them to the one cluster it runs in. Fix: set destinations: { \'<mesh>\': { kubeConfigSecretName: \'<secret>\' } } for all but at most one',
    ]);
    // Without Flux, the kubeconfigs do not matter.
    expect(gitOpsProblems({ ...options, flux: false }, facts(['a', 'b', 'c']))).toEqual([]);
  });
});

describe('gitOpsObjects', () => {
  test('kustomizations only: no objects', () => {
    expect(wantsGitOpsObjects({ repoUrl })).toBe(false);
    expect(gitOpsObjects({ repoUrl }, ['a'])).toEqual([]);
  });

  test('an Application per cluster, with automated sync and the path without its trailing slash', () => {
    const options: GitOpsOptions = { repoUrl, path: 'out/', argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER, automatedSync: true, destinations: { a: { server: 'https://a:6443' }, b: { name: 'b-cluster' } } };
    expect(wantsGitOpsObjects(options)).toBe(true);
    const objects = gitOpsObjects(options, ['a', 'b']);
    expect(objects.map(o => o.id)).toEqual(['Application-a', 'Application-b']);
    expect(objects[1].props).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: { name: 'b', namespace: 'argocd' },
      spec: {
        project: 'default',
        source: { repoURL: repoUrl, targetRevision: 'main', path: 'out/b' },
        destination: { name: 'b-cluster' },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    });
    expect(objects[0].props.spec.destination).toEqual({ server: 'https://a:6443' });
  });

  test('an ApplicationSet by server, then Flux objects', () => {
    const options: GitOpsOptions = {
      repoUrl,
      name: 'fleet',
      revision: 'release',
      argoCd: ArgoCdOutput.APPLICATION_SET,
      argoCdNamespace: 'gitops',
      argoCdProject: 'meshes',
      flux: true,
      destinations: { a: { server: 'https://a:6443' }, b: { server: 'https://b:6443', kubeConfigSecretName: 'b-kc' } },
    };
    const objects = gitOpsObjects(options, ['a', 'b']);
    expect(objects.map(o => o.id)).toEqual(['ApplicationSet', 'GitRepository', 'Kustomization-a', 'Kustomization-b']);
    expect(objects[0].props).toEqual({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 'fleet', namespace: 'gitops' },
      spec: {
        generators: [{ list: { elements: [{ cluster: 'a', destination: 'https://a:6443' }, { cluster: 'b', destination: 'https://b:6443' }] } }],
        template: {
          metadata: { name: '{{cluster}}' },
          spec: {
            project: 'meshes',
            source: { repoURL: repoUrl, targetRevision: 'release', path: 'dist/{{cluster}}' },
            destination: { server: '{{destination}}' },
          },
        },
      },
    });
    expect(objects[1].props).toEqual({
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: 'fleet', namespace: 'flux-system' },
      spec: { interval: '10m', url: repoUrl, ref: { branch: 'release' } },
    });
    expect(objects[2].props.spec).toEqual({ interval: '10m', path: './dist/a', prune: true, sourceRef: { kind: 'GitRepository', name: 'fleet' } });
    expect(objects[3].props.spec.kubeConfig).toEqual({ secretRef: { name: 'b-kc' } });
  });

  test('an ApplicationSet by name', () => {
    const objects = gitOpsObjects({ repoUrl, argoCd: ArgoCdOutput.APPLICATION_SET, destinations: { a: { name: 'a' }, b: { name: 'b' } } }, ['a', 'b']);
    expect(objects[0].props.spec.template.spec.destination).toEqual({ name: '{{destination}}' });
  });

  test('Flux namespace and interval', () => {
    const [repository, kustomization] = gitOpsObjects({ repoUrl, flux: true, fluxNamespace: 'flux', fluxInterval: Duration.seconds(90) }, ['a']);
    expect(repository.props.metadata).toEqual({ name: 'gitops', namespace: 'flux' });
    expect(repository.props.spec.interval).toBe('90s');
    expect(kustomization.props.spec.interval).toBe('90s');
  });
});

describe('namespaces Argo CD creates where a folder holds no Namespace', () => {
  const meshes = () => {
    const federation = new FederatedMesh(Testing.app(), 'federation', { prerequisites: { namespaces: false } });
    federation.addMesh('a', { platform: Platform.bareMetal() });
    federation.addMesh('b', { platform: Platform.bareMetal(), namespace: 'istio-b', prerequisites: { namespaces: true } });
    federation.addMesh('c', { platform: Platform.bareMetal(), namespace: 'istio-c' });
    return federation.meshes;
  };

  test('read from the meshes: the control-plane namespace of each mesh whose prerequisites leave out the Namespace', () => {
    expect(namespacesToCreate(meshes())).toEqual({ a: 'a-system', c: 'istio-c' });
    expect(namespacesToCreate([])).toEqual({});
  });

  test('an Application per cluster: the namespace as destination, created by Argo CD; the others as before', () => {
    const options: GitOpsOptions = { repoUrl, argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER, automatedSync: true, destinations: { a: { server: 'https://a:6443' }, b: { name: 'b' } } };
    const [a, b] = gitOpsObjects(options, ['a', 'b'], { a: 'a-system' });
    expect(a.props.spec).toEqual({
      project: 'default',
      source: { repoURL: repoUrl, targetRevision: 'main', path: 'dist/a' },
      destination: { server: 'https://a:6443', namespace: 'a-system' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    });
    expect(b.props.spec).toEqual(gitOpsObjects(options, ['a', 'b'])[1].props.spec);
    const manual = gitOpsObjects({ ...options, automatedSync: false }, ['a'], { a: 'a-system' })[0];
    expect(manual.props.spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true'] });
  });

  test('an ApplicationSet: every element carries its namespace (empty where the folder holds it), and the template creates it', () => {
    const options: GitOpsOptions = { repoUrl, argoCd: ArgoCdOutput.APPLICATION_SET, destinations: { a: { server: 'https://a:6443' }, b: { server: 'https://b:6443' } } };
    const [set] = gitOpsObjects(options, ['a', 'b'], { b: 'istio-b' });
    expect(set.props.spec.generators).toEqual([{
      list: {
        elements: [
          { cluster: 'a', destination: 'https://a:6443', namespace: '' },
          { cluster: 'b', destination: 'https://b:6443', namespace: 'istio-b' },
        ],
      },
    }]);
    expect(set.props.spec.template.spec.destination).toEqual({ server: '{{destination}}', namespace: '{{namespace}}' });
    expect(set.props.spec.template.spec.syncPolicy).toEqual({ syncOptions: ['CreateNamespace=true'] });
    // A namespace for a folder that is not a cluster changes nothing.
    expect(gitOpsObjects(options, ['a', 'b'], { z: 'z-system' })).toEqual(gitOpsObjects(options, ['a', 'b']));
  });

  test('Flux objects are the same: Flux creates no namespace (the manual steps list it)', () => {
    const options: GitOpsOptions = { repoUrl, flux: true };
    expect(gitOpsObjects(options, ['a'], { a: 'a-system' })).toEqual(gitOpsObjects(options, ['a']));
  });
});

describe('goDuration', () => {
  test.each([
    [Duration.minutes(10), '10m'],
    [Duration.hours(1), '1h'],
    [Duration.minutes(120), '2h'],
    [Duration.minutes(90), '90m'],
    [Duration.seconds(90), '90s'],
    [Duration.seconds(60), '1m'],
    [Duration.seconds(3600), '1h'],
    [Duration.seconds(5), '5s'],
  ])('%s is %s', (d, expected) => {
    expect(goDuration(d)).toBe(expected);
  });
});

describe('a cluster folder named like a property every object inherits', () => {
  test('finds no destination and no namespace to create in the maps, rather than their inherited functions', () => {
    const options: GitOpsOptions = { repoUrl, argoCd: ArgoCdOutput.APPLICATION_PER_CLUSTER, flux: true };
    expect(gitOpsProblems(options, facts(['constructor']))).toEqual([
      'FederationApp gitOps: destinations[\'constructor\'] has neither server nor name, so Argo CD would not know where to apply \'constructor\'. Fix: set destinations: { \'constructor\': { server: \'https://api.<cluster>:6443\' } } or { name: \'<Argo CD cluster name>\' }',
    ]);
    const objects = gitOpsObjects({ ...options, argoCd: ArgoCdOutput.APPLICATION_SET, destinations: { constructor: { name: 'c' } } }, ['constructor']);
    expect(objects[0].props.spec.generators).toEqual([{ list: { elements: [{ cluster: 'constructor', destination: 'c' }] } }]);
    expect(objects[2].props.spec.kubeConfig).toBeUndefined();
  });
});

describe('gitOpsOptionProblems', () => {
  test('the options of the examples and the docs are fine', () => {
    expect(gitOpsOptionProblems(gitOpsAppProps.gitOps)).toEqual([]);
    expect(gitOpsOptionProblems({})).toEqual([]);
    expect(gitOpsOptionProblems(undefined)).toEqual([]);
    expect(gitOpsOptionProblems({ repoUrl: 'https://git.example.com/m.git', path: 'out/', revision: 'release-1', fluxInterval: Duration.hours(1), name: 'fleet-gitops' })).toEqual([]);
  });
});
