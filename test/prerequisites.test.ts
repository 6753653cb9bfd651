// What a fresh cluster needs before a federated mesh works: its control-plane Namespace and the
// membership of every namespace the library's own objects rely on. The pure functions on plain
// declarations first, then the objects, the switches and the merge with a serverless integration.
import { ApiObject, Testing } from 'cdk8s';
import { FederatedMesh, KnativeService, LoadBalancerScheme, Platform, ServerlessMeshIntegration } from '../src';
import { describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { declaredMesh, exportNameRule, importNameRule, model } from './support/declarations';
import { docsMeshes } from './support/federation';
import { find, synthAll, synthByChart } from './support/synth';
import { serviceSharingFederation } from '../examples/service-sharing/federation';
import {
  exportNamespaces, failoverNamespaces, importAsLocalNamespaces, memberRollMembers, membershipOf, resolvePrerequisites,
} from '../src/federation/membership';
import { DeclaredFailover, DeclaredMember } from '../src/federation/model/declarations';
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
