// What a fresh cluster needs before a federated mesh works: its control-plane Namespace and the
// membership of every namespace the library's own objects rely on. The pure functions on plain
// declarations first, then the objects, the switches, the merge with a serverless integration, and
// the preconditions the output cannot create, as manual steps.
import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  FederatedMesh, KnativeService, LabelSelectorOperator, LoadBalancerScheme, Platform, ServerlessMeshIntegration, ServerlessMeshIntegrationProps,
} from '../src';
import { describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { declaredMesh, exportNameRule, importNameRule, model } from './support/declarations';
import { docsMeshes } from './support/federation';
import { find, synthAll, synthByChart } from './support/synth';
import { serviceSharingFederation } from '../examples/service-sharing/federation';
import {
  exportNamespaces, failoverNamespaces, importAsLocalNamespaces, memberRollMembers, membershipOf, resolvePrerequisites,
} from '../src/federation/membership';
import { DeclaredFailover, DeclaredMember } from '../src/federation/model/declarations';
import { operatorVersionFor } from '../src/federation/prerequisite-steps';
import { controlPlaneNamespaceObject, memberRollSpec } from '../src/federation/render';
import { ExportRuleSpec } from '../src/federation/resolution';

const labelRule = (namespace: string): ExportRuleSpec => ({
  kind: 'label', namespace, name: '*', matchLabels: { 'export-service': 'true' }, source: `mesh 'a': export to 'b' 'e' addLabelRule('${namespace}')`, call: `export to 'b' 'e' addLabelRule('${namespace}')`,
});
const failover = (namespace: string, meshes: string[], consumers = meshes): DeclaredFailover => ({
  id: namespace, namespace, name: 'ratings', meshes, consumers, destinationRuleName: 'ratings-failover', consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '1m',
});
const member = (mesh: string, namespace: string, leading = false): DeclaredMember => ({ mesh, namespace, owner: 'addMemberNamespace()', leading });

describe('membership as pure functions of the declarations', () => {
  test('exported services: every rule with a fixed namespace, by name or by label; never a wildcard namespace', () => {
    expect(exportNamespaces([
      exportNameRule('a', 'b', 'info', 'ratings'),
      exportNameRule('a', 'b', '*', 'reviews'),
      exportNameRule('a', 'b', '', 'details'),
      labelRule('shop'),
      labelRule('*'),
    ])).toEqual(['info', 'shop']);
  });

  test('imports: the alias namespace of importAsLocal rules only (other imports are only hostnames)', () => {
    expect(importAsLocalNamespaces([
      importNameRule('a', 'b', 'info', 'ratings', { importAsLocal: true, alias: { namespace: 'bookinfo' } }),
      importNameRule('a', 'b', 'info', 'reviews', { alias: { namespace: 'local-info' } }),
      importNameRule('a', 'b', 'info', '*'),
    ])).toEqual(['bookinfo']);
  });

  test('failovers: the service namespace in every mesh that runs the service or consumes it', () => {
    const failovers = [failover('bookinfo', ['a', 'b'], ['a']), failover('shop', ['b', 'c'])];
    expect(failoverNamespaces('a', failovers)).toEqual(['bookinfo']);
    expect(failoverNamespaces('b', failovers)).toEqual(['bookinfo', 'shop']);
    expect(failoverNamespaces('d', failovers)).toEqual([]);
  });

  test('the roll: leading members in order, then the rest sorted; each once; never the control-plane namespace', () => {
    expect(memberRollMembers('mesh-system', ['knative-serving', 'knative-eventing', 'knative-serving'], ['zeta', 'alpha', 'mesh-system', 'zeta', 'knative-eventing']))
      .toEqual(['knative-serving', 'knative-eventing', 'alpha', 'zeta']);
    expect(memberRollMembers('mesh-system', [], [])).toEqual([]);
  });

  test('a mesh\'s membership: exports, importAsLocal aliases, failovers and declared members; what cannot be listed; where its objects go', () => {
    const wildcard = exportNameRule('a', 'b', '*', 'orders');
    const found = membershipOf({
      name: 'a',
      namespace: 'a-system',
      exportRules: [[exportNameRule('a', 'b', 'info', 'ratings'), wildcard, exportNameRule('a', 'b', 'a-system', 'gw')], [labelRule('shop')]],
      importRules: [[importNameRule('a', 'b', 'info', 'ratings', { importAsLocal: true, alias: { namespace: 'bookinfo' } })]],
    }, [failover('payments', ['a', 'c'], ['a']), failover('other', ['c', 'd'])], [member('a', 'zeta'), member('a', 'knative-serving', true), member('b', 'not-a')]);
    expect(found).toEqual({
      members: ['knative-serving', 'bookinfo', 'info', 'payments', 'shop', 'zeta'],
      unlistedExports: [wildcard],
      objectNamespaces: ['payments'],
    });
  });

  test('resolved through the model: the members of each mesh, rendered as the roll\'s spec', () => {
    const resolved = model(
      [declaredMesh('a'), declaredMesh('b')], [['a', 'b']],
      [{ mesh: 'a', peer: 'b', id: 'e', foreignPeer: false, rules: [exportNameRule('a', 'b', 'info', 'ratings')] }],
      [{ mesh: 'b', peer: 'a', id: 'i', rules: [importNameRule('b', 'a', 'info', 'ratings', { importAsLocal: true, alias: { namespace: 'info' } })] }],
      [], [member('b', 'clients')],
    );
    expect(memberRollSpec(resolved, 'a')).toEqual({ members: ['info'] });
    expect(memberRollSpec(resolved, 'b')).toEqual({ members: ['clients', 'info'] });
    expect(memberRollSpec(resolved, 'nope')).toEqual({ members: [] });
  });

  test('prerequisites: the mesh\'s choice, else the federation\'s, else true; the Namespace carries no labels', () => {
    expect(resolvePrerequisites(undefined, undefined)).toEqual({ namespaces: true, memberRoll: true });
    expect(resolvePrerequisites(undefined, { namespaces: false })).toEqual({ namespaces: false, memberRoll: true });
    expect(resolvePrerequisites({ namespaces: true }, { namespaces: false, memberRoll: false })).toEqual({ namespaces: true, memberRoll: false });
    expect(controlPlaneNamespaceObject('a-system')).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a-system' } });
  });
});

describe('the objects of a federated mesh', () => {
  test('each mesh: a Namespace without a namespace of its own, and a member roll `default` listing what its objects rely on', () => {
    const app = Testing.app();
    const federation = serviceSharingFederation(app);
    const red = synthByChart(app)['red-mesh'];
    expect(find(red, 'Namespace', 'red-mesh-system')).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'red-mesh-system' } });
    expect(find(red, 'ServiceMeshMemberRoll', 'default')).toEqual({
      apiVersion: 'maistra.io/v1',
      kind: 'ServiceMeshMemberRoll',
      metadata: { name: 'default', namespace: 'red-mesh-system' },
      spec: { members: ['bookinfo', 'red-mesh-info'] },
    });
    expect(federation.findMesh('red-mesh')!.memberNamespaces).toEqual(['bookinfo', 'red-mesh-info']);
    const mesh = federation.findMesh('red-mesh')!;
    expect(mesh.prerequisites).toEqual({ namespaces: true, memberRoll: true });
    expect(mesh.controlPlaneNamespaceObject!.node.id).toBe('Namespace');
    expect(mesh.memberRoll!.node.id).toBe('MemberRoll');
  });

  test('addMemberNamespace(): listed once, sorted among the derived members, also when added after the export', () => {
    const { app, red, green } = docsMeshes();
    red.addMemberNamespace('clients');
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'info', name: 'ratings' });
    red.addMemberNamespace('info');
    red.addMemberNamespace('clients');
    red.addMemberNamespace('analytics');
    expect(find(synthByChart(app)['red-mesh'], 'ServiceMeshMemberRoll', 'default').spec.members).toEqual(['analytics', 'clients', 'info']);
  });

  test('addMemberNamespace() refuses a name that is no namespace and the control-plane namespace', () => {
    const { red } = docsMeshes();
    expect(() => red.addMemberNamespace('Bad_NS')).toThrow(/mesh 'red-mesh': addMemberNamespace\('Bad_NS'\): the namespace is not a DNS-1123 label/);
    expect(() => red.addMemberNamespace('*')).toThrow(/addMemberNamespace\('\*'\): the namespace is not a DNS-1123 label/);
    expect(() => red.addMemberNamespace('red-mesh-system')).toThrow(/names the mesh's own control-plane namespace, which is always part of the mesh; the member roll webhook refuses it/);
  });

  test('an export in the control-plane namespace needs no membership (the roll must not list it)', () => {
    const { app, red, green } = docsMeshes();
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'red-mesh-system', name: 'gateway-info' });
    expect(find(synthByChart(app)['red-mesh'], 'ServiceMeshMemberRoll', 'default').spec.members).toEqual([]);
  });

  test('switched off for the federation: exactly the Namespaces and member rolls disappear', () => {
    const on = Testing.app();
    serviceSharingFederation(on);
    const off = Testing.app();
    const federation = serviceSharingFederation(off, { prerequisites: { namespaces: false, memberRoll: false } });
    expect(federation.prerequisites).toEqual({ namespaces: false, memberRoll: false });
    const withAll = synthAll(on);
    const without = synthAll(off);
    expect(without).toEqual(withAll.filter(o => o.kind !== 'Namespace' && o.kind !== 'ServiceMeshMemberRoll'));
    expect(withAll.length - without.length).toBe(6);
  });

  test('each switch alone, and a mesh that overrides the federation', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation', { prerequisites: { namespaces: false } });
    const opts = { platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }), ingressAddresses: { a: ['192.0.2.1'], b: ['192.0.2.2'] } };
    const a = federation.addMesh('a', opts);
    const b = federation.addMesh('b', { ...opts, prerequisites: { namespaces: true, memberRoll: false } });
    expect(a.prerequisites).toEqual({ namespaces: false, memberRoll: true });
    expect(b.prerequisites).toEqual({ namespaces: true, memberRoll: false });
    expect(a.controlPlaneNamespaceObject).toBeUndefined();
    expect(b.memberRoll).toBeUndefined();
    const kinds = (mesh: string) => app.node.findChild(mesh).node.findAll()
      .filter((c): c is ApiObject => c instanceof ApiObject).map(o => o.kind).sort();
    expect(kinds('a')).toEqual(['ConfigMap', 'ServiceMeshControlPlane', 'ServiceMeshMemberRoll', 'ServiceMeshPeer']);
    expect(kinds('b')).toEqual(['ConfigMap', 'Namespace', 'ServiceMeshControlPlane', 'ServiceMeshPeer']);
  });

  test('a bad prerequisites prop is refused as declared', () => {
    expect(() => new FederatedMesh(Testing.app(), 'federation', { prerequisites: { namespaces: 'no' as any } }))
      .toThrow(/federation 'federation': prerequisites\.namespaces must be true or false, not 'no'/);
    const federation = new FederatedMesh(Testing.app(), 'federation');
    expect(() => federation.addMesh('a', { platform: Platform.bareMetal(), prerequisites: { memberroll: false } as any }))
      .toThrow(/mesh 'a': prerequisites\.memberroll is not a prerequisite the library emits\. Fix: use namespaces or memberRoll/);
    expect(() => federation.addMesh('b', { platform: Platform.bareMetal(), prerequisites: false as any }))
      .toThrow(/mesh 'b': prerequisites must be an object like \{ namespaces: false \}, not false/);
  });

  test('a second member roll or control-plane Namespace in the mesh\'s chart is refused at synth', () => {
    const { app, red } = docsMeshes();
    new ApiObject(red, 'MyRoll', { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default' }, spec: { members: ['x'] } });
    new ApiObject(red, 'MyNamespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'red-mesh-system' } });
    expect(() => synthAll(app)).toThrow(/mesh 'red-mesh': Namespace 'red-mesh-system' at 'red-mesh\/MyNamespace' duplicates the control-plane Namespace the mesh emits/);
    expect(() => synthAll(app)).toThrow(/mesh 'red-mesh': ServiceMeshMemberRoll 'red-mesh-system\/default' at 'red-mesh\/MyRoll' is a second member roll for the control plane/);
  });

  test('with the switches off, the user\'s own objects are theirs to keep', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation', { prerequisites: { namespaces: false, memberRoll: false } });
    const red = federation.addMesh('red-mesh', { platform: Platform.bareMetal() });
    new ApiObject(red, 'MyRoll', { apiVersion: 'maistra.io/v1', kind: 'ServiceMeshMemberRoll', metadata: { name: 'default' }, spec: { members: ['x'] } });
    expect(synthAll(app).map(o => o.kind).sort()).toEqual(['ServiceMeshControlPlane', 'ServiceMeshMemberRoll']);
  });
});

describe('a serverless integration inside a federated mesh', () => {
  test('one member roll for the control plane: Knative\'s namespaces first, then the integration\'s and the federation\'s sorted, each once', () => {
    const { app, red, green } = docsMeshes();
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'shared', name: 'ratings' });
    red.addServiceExport('more-to-green', { peer: green }).addNameRule({ namespace: 'alpha', name: 'reviews' });
    const serverless = new ServerlessMeshIntegration(red, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', memberNamespaces: ['zeta', 'shared'] });
    serverless.addMemberNamespace('red-apps');
    const objs = synthByChart(app)['red-mesh'];
    expect(objs.filter(o => o.kind === 'ServiceMeshMemberRoll')).toEqual([{
      apiVersion: 'maistra.io/v1',
      kind: 'ServiceMeshMemberRoll',
      metadata: { name: 'default', namespace: 'red-mesh-system' },
      spec: { members: ['knative-serving', 'knative-eventing', 'alpha', 'red-apps', 'shared', 'zeta'] },
    }]);
    expect(serverless.memberRoll).toBe(red.memberRoll);
    expect(serverless.memberNamespaces).toEqual(red.memberNamespaces);
    expect(serverless.node.tryFindChild('MemberRoll')).toBeUndefined();
  });

  test('the integration\'s own rules still hold: its namespaces twice, or the mesh namespace, are errors', () => {
    const { app, red } = docsMeshes();
    const serverless = new ServerlessMeshIntegration(red, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', memberNamespaces: ['red-apps', 'red-mesh-system'] });
    serverless.addMemberNamespace('red-apps');
    expect(() => synthAll(app)).toThrow(/the member roll lists 'red-mesh-system', the mesh's own control plane namespace/);
    expect(() => synthAll(app)).toThrow(/the member roll lists 'red-apps' twice/);
  });

  test('with the mesh\'s member roll off, no roll at all: the platform\'s roll must list Knative\'s namespaces', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation', { prerequisites: { memberRoll: false } });
    const red = federation.addMesh('red-mesh', { platform: Platform.bareMetal() });
    const serverless = new ServerlessMeshIntegration(red, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', memberNamespaces: ['red-apps'] });
    expect(serverless.memberRoll).toBeUndefined();
    expect(synthAll(app).filter(o => o.kind === 'ServiceMeshMemberRoll')).toEqual([]);
    expect(red.memberNamespaces).toEqual(['knative-serving', 'knative-eventing', 'red-apps']);
  });
});

describeWithCrds('prerequisites against the upstream CRD schemas', () => {
  test('the Namespaces and member rolls of a federation with sharing, failover and Serverless validate, unknown fields rejected', () => {
    const app = Testing.app();
    const federation = serviceSharingFederation(app);
    const red = federation.findMesh('red-mesh')!;
    red.addMemberNamespace('clients');
    new ServerlessMeshIntegration(red, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', memberNamespaces: ['red-apps'] });
    new KnativeService(red, 'Hello', { name: 'hello', namespace: 'red-apps', image: 'quay.io/x/hello:1' });
    const prerequisites = synthAll(app).filter(o => o.kind === 'Namespace' || o.kind === 'ServiceMeshMemberRoll');
    expect(prerequisites).toHaveLength(6);
    expect(manifestsProblems(prerequisites)).toEqual([]);
    expect(manifestsProblems(synthAll(app))).toEqual([]);
  });
});

describe('the preconditions in the manual steps', () => {
  const titles = (federation: FederatedMesh, mesh: string) => federation.manualSteps().filter(s => s.cluster === mesh).map(s => s.title);

  test('every mesh: the operator that serves its control plane\'s version, first', () => {
    const { federation, red } = docsMeshes();
    const [step] = federation.manualSteps().filter(s => s.cluster === 'red-mesh');
    expect(step).toEqual({
      cluster: 'red-mesh',
      title: 'Check that red-mesh\'s cluster runs the OpenShift Service Mesh 2 operator for v2.6',
      reason: 'The ServiceMeshControlPlane asks for spec.version v2.6, and the ServiceMeshControlPlane, ServiceMeshMemberRoll and federation kinds exist only once the operator is installed. An operator serves its own minor version and some earlier ones, never a later one; operators are installed through OLM by the cluster admin, not by this output.',
      commands: [
        'oc get csv -n openshift-operators -o custom-columns=NAME:.metadata.name,VERSION:.spec.version | grep servicemeshoperator',
        '# VERSION must be 2.6.x or a later 2.y that still serves v2.6; if it is missing or older, install or upgrade Red Hat OpenShift Service Mesh 2 (Subscription servicemeshoperator) from OperatorHub.',
      ],
      then: 'Apply red-mesh\'s folder once the operator runs.',
    });
    expect(red.version).toBe('v2.6');
    expect(operatorVersionFor('v2.3')).toBe('2.3');
    expect(operatorVersionFor('v3.0')).toBeUndefined();
  });

  test('an older control plane names its own version', () => {
    const federation = new FederatedMesh(Testing.app(), 'federation', { version: 'v2.4' });
    federation.addMesh('a', { platform: Platform.bareMetal() });
    expect(federation.manualSteps()[0].commands[1]).toMatch(/^# VERSION must be 2\.4\.x or a later 2\.y that still serves v2\.4;/);
  });

  test('failover DestinationRules: their application namespaces must exist before the first sync', () => {
    const federation = serviceSharingFederation(Testing.app());
    expect(titles(federation, 'green-mesh').slice(0, 2)).toEqual([
      'Check that green-mesh\'s cluster runs the OpenShift Service Mesh 2 operator for v2.6',
      'Create the application namespace bookinfo before green-mesh\'s first sync',
    ]);
    const step = federation.manualSteps().find(s => s.cluster === 'red-mesh' && s.title.startsWith('Create the application namespace'))!;
    expect(step.commands).toEqual(['oc get namespace bookinfo >/dev/null 2>&1 || oc create namespace bookinfo']);
    expect(step.reason).toMatch(/^red-mesh's failover DestinationRules are written into bookinfo, which the library does not create/);
    expect(titles(federation, 'blue-mesh')).toEqual(['Check that blue-mesh\'s cluster runs the OpenShift Service Mesh 2 operator for v2.6']);
  });

  test('exports over any namespace: the services to look for, and where their namespaces go', () => {
    const { federation, red, green, blue } = docsMeshes();
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: '*', name: 'ratings' });
    red.addServiceExport('to-blue', { peer: blue }).addLabelRule({
      namespace: '*', matchLabels: { 'export-service': 'true' }, matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['web', 'api'] }, { key: 'legacy', operator: LabelSelectorOperator.DOES_NOT_EXIST }],
    });
    const step = federation.manualSteps().find(s => s.title === 'Make the namespaces of services red-mesh exports from any namespace members of the mesh')!;
    expect(step).toEqual({
      cluster: 'red-mesh',
      title: 'Make the namespaces of services red-mesh exports from any namespace members of the mesh',
      // By peer, in name order, as the mesh's export sets are.
      reason: 'export to \'blue-mesh\' \'to-blue\' addLabelRule(\'*\'); export to \'green-mesh\' \'to-green\' addNameRule(\'*\', \'ratings\') select services in any namespace, which the library cannot list, and the operator exports only services of member namespaces.',
      commands: [
        'oc get services -A -l \'export-service=true,tier in (web,api),!legacy\' -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name',
        'oc get services -A --field-selector metadata.name=ratings -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name',
      ],
      then: 'Pass each namespace listed (but red-mesh-system) to addMemberNamespace() on \'red-mesh\' and synthesize again.',
    });
  });

  test('prerequisites off: the control-plane namespace to create, and the members the platform\'s roll must list', () => {
    const federation = serviceSharingFederation(Testing.app(), { prerequisites: { namespaces: false, memberRoll: false } });
    jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    federation.findMesh('blue-mesh')!.addServiceExport('everything', { peer: federation.findMesh('red-mesh')! }).addNameRule({ namespace: '*', name: '*' });
    expect(titles(federation, 'red-mesh').slice(0, 4)).toEqual([
      'Check that red-mesh\'s cluster runs the OpenShift Service Mesh 2 operator for v2.6',
      'Create red-mesh\'s control-plane namespace red-mesh-system',
      'Create the application namespace bookinfo before red-mesh\'s first sync',
      'Make bookinfo, red-mesh-info members of red-mesh\'s control plane',
    ]);
    const steps = federation.manualSteps();
    const create = steps.find(s => s.title === 'Create red-mesh\'s control-plane namespace red-mesh-system')!;
    expect(create.commands).toEqual(['oc get namespace red-mesh-system >/dev/null 2>&1 || oc create namespace red-mesh-system']);
    expect(create.then).toBe('An Argo CD Application whose destination.namespace is red-mesh-system creates it too, with syncPolicy.syncOptions [CreateNamespace=true].');
    expect(steps.find(s => s.title === 'Make bookinfo, red-mesh-info members of red-mesh\'s control plane')!.commands).toEqual([
      'oc -n red-mesh-system get servicemeshmemberroll default -o jsonpath=\'{.spec.members}\'',
      '# For each namespace the roll does not list yet:',
      'oc -n red-mesh-system patch servicemeshmemberroll default --type=json -p \'[{"op":"add","path":"/spec/members/-","value":"bookinfo"}]\'',
      'oc -n red-mesh-system patch servicemeshmemberroll default --type=json -p \'[{"op":"add","path":"/spec/members/-","value":"red-mesh-info"}]\'',
    ]);
    // blue has no member to list, but exports from any namespace: its namespaces go into the platform's roll.
    expect(titles(federation, 'blue-mesh')).toEqual([
      'Check that blue-mesh\'s cluster runs the OpenShift Service Mesh 2 operator for v2.6',
      'Create blue-mesh\'s control-plane namespace blue-mesh-system',
      'Make the namespaces of services blue-mesh exports from any namespace members of the mesh',
    ]);
    const unlisted = steps.find(s => s.cluster === 'blue-mesh' && s.title.startsWith('Make the namespaces'))!;
    expect(unlisted.commands).toEqual(['oc get services -A -o custom-columns=NAMESPACE:.metadata.namespace,NAME:.metadata.name']);
    expect(unlisted.then).toBe('Add each namespace listed (but blue-mesh-system) to blue-mesh\'s member roll: oc -n blue-mesh-system patch servicemeshmemberroll default --type=json -p \'[{"op":"add","path":"/spec/members/-","value":"<namespace>"}]\'');
  });

  test('the report never says there is nothing to do', () => {
    const federation = serviceSharingFederation(Testing.app());
    const report = federation.reportFiles()['federation-manual-steps.md'];
    expect(report).not.toContain('Nothing to do by hand');
    for (const mesh of federation.meshNames) expect(report).toContain(`## ${mesh}\n\n### 1. Check that ${mesh}'s cluster runs the OpenShift Service Mesh 2 operator for v2.6\n`);
  });
});

describe('a standalone serverless mesh', () => {
  const standalone = (props: Partial<ServerlessMeshIntegrationProps> = {}, chartNamespace?: string) => {
    const chart = new Chart(Testing.app(), 'chart', { namespace: chartNamespace });
    const serverless = new ServerlessMeshIntegration(chart, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', ...props });
    return { serverless, objs: Testing.synth(chart) };
  };

  test('emits its control-plane Namespace (without a namespace of its own, whatever the chart\'s) and its roll, unless told not to', () => {
    expect(find(standalone({ controlPlaneNamespace: 'my-mesh' }).objs, 'Namespace', 'my-mesh')).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'my-mesh' } });
    expect(find(standalone({}, 'apps').objs, 'Namespace', 'istio-system').metadata).toEqual({ name: 'istio-system' });
    const { serverless, objs } = standalone({ prerequisites: { namespaces: false, memberRoll: false } });
    expect(objs.filter(o => o.kind === 'Namespace' || o.kind === 'ServiceMeshMemberRoll')).toEqual([]);
    expect(serverless.memberRoll).toBeUndefined();
    expect(serverless.memberNamespaces).toEqual(['knative-serving', 'knative-eventing']);
  });

  test('inside a Mesh, the mesh decides: prerequisites on the integration are refused', () => {
    const { red } = docsMeshes();
    expect(() => new ServerlessMeshIntegration(red, 'Serverless', { ingressCertificateSecret: 'wildcard-certs', prerequisites: { namespaces: false } }))
      .toThrow(/mesh 'red-mesh' \(serverless\): prerequisites is set, but inside mesh 'red-mesh' the control plane is the mesh's own\. Fix: remove prerequisites \(set it on the mesh instead\)/);
    expect(() => standalone({ prerequisites: { memberRoll: 'no' as any } }))
      .toThrow(/mesh 'basic' \(serverless\): prerequisites\.memberRoll must be true or false, not 'no'/);
  });
});

describe('meshes on one cluster', () => {
  test('a namespace both meshes need as a member is refused at synth (one control plane per namespace)', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    const opts = (peer: string) => ({ platform: Platform.bareMetal(), clusterName: 'shared', ingressAddresses: { [peer]: ['192.0.2.1'] } });
    const a = federation.addMesh('a', opts('b'));
    const b = federation.addMesh('b', opts('a'));
    a.addMemberNamespace('shop');
    b.addMemberNamespace('shop');
    expect(() => synthAll(app)).toThrow(/mesh 'b': namespace 'shop' must be a member of this mesh, but mesh 'a' on the same cluster 'shared' needs it too/);
  });

  test('without a shared clusterName, meshes are taken to run in different clusters', () => {
    const { app, red, green } = docsMeshes();
    red.addMemberNamespace('shop');
    green.addMemberNamespace('shop');
    expect(() => synthAll(app)).not.toThrow();
  });
});
