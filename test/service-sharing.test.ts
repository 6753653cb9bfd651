import { Duration } from 'cdk8s';
import { LabelSelectorOperator, Topology } from '../src';
import { describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { docsMeshes } from './support/federation';
import { find, synthAll, synthByChart } from './support/synth';

/** Synthesizes and returns the message of the error, failing the test when synth succeeds. */
function synthError(app: Parameters<typeof synthAll>[0]): string {
  try {
    synthAll(app);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth did not fail');
}

const quiet = () => jest.spyOn(console, 'warn').mockImplementation(() => undefined);

describe('the product documentation, field for field', () => {
  test('ExportedServiceSet: alias export and label selector with a namespace alias (1.18.11)', () => {
    const { app, red, green } = docsMeshes();
    const exp = red.addServiceExport('to-green', { peer: green });
    exp.addNameRule({ namespace: 'red-mesh-info', name: 'red-ratings', alias: { namespace: 'info', name: 'ratings' } });
    exp.addLabelRule({ namespace: 'red-mesh-info', matchLabels: { 'export-service': 'true' }, aliases: [{ namespace: '*', name: '*', alias: { namespace: 'info' } }] });
    green.addServiceImport('from-red', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings' });

    expect(find(synthByChart(app)['red-mesh'], 'ExportedServiceSet', 'green-mesh')).toEqual({
      kind: 'ExportedServiceSet',
      apiVersion: 'federation.maistra.io/v1',
      metadata: { name: 'green-mesh', namespace: 'red-mesh-system' },
      spec: {
        exportRules: [
          { type: 'NameSelector', nameSelector: { namespace: 'red-mesh-info', name: 'red-ratings', alias: { namespace: 'info', name: 'ratings' } } },
          {
            type: 'LabelSelector',
            labelSelector: {
              namespace: 'red-mesh-info',
              selector: { matchLabels: { 'export-service': 'true' } },
              aliases: [{ namespace: '*', name: '*', alias: { namespace: 'info' } }],
            },
          },
        ],
      },
    });
  });

  test('ExportedServiceSet: a name in any namespace, to blue-mesh', () => {
    const { app, red, blue } = docsMeshes();
    quiet();
    red.addServiceExport('to-blue', { peer: blue }).addNameRule({ namespace: '*', name: 'ratings' });
    expect(find(synthByChart(app)['red-mesh'], 'ExportedServiceSet', 'blue-mesh').spec).toEqual({
      exportRules: [{ type: 'NameSelector', nameSelector: { namespace: '*', name: 'ratings' } }],
    });
  });

  test('ExportedServiceSet: every service of a namespace, with a warning at synth', () => {
    const { app, red, green } = docsMeshes();
    const warn = quiet();
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'west-data-center', name: '*' });
    expect(find(synthByChart(app)['red-mesh'], 'ExportedServiceSet', 'green-mesh').spec).toEqual({
      exportRules: [{ type: 'NameSelector', nameSelector: { namespace: 'west-data-center', name: '*' } }],
    });
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^Warning: mesh 'red-mesh': export to 'green-mesh' 'to-green' addNameRule\('west-data-center', '\*'\): exports every service of namespace 'west-data-center' to 'green-mesh'/));
  });

  test('ImportedServiceSet: the first example of 1.18.12 (info/ratings under its own name)', () => {
    const { app, federation, red, green } = docsMeshes();
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'info', name: 'ratings' });
    green.addServiceImport('from-red', { peer: red })
      .addNameRule({ namespace: 'info', name: 'ratings', alias: { namespace: 'info', name: 'ratings' } });
    expect(find(synthByChart(app)['green-mesh'], 'ImportedServiceSet', 'red-mesh')).toEqual({
      kind: 'ImportedServiceSet',
      apiVersion: 'federation.maistra.io/v1',
      metadata: { name: 'red-mesh', namespace: 'green-mesh-system' },
      spec: {
        importRules: [
          { type: 'NameSelector', importAsLocal: false, nameSelector: { namespace: 'info', name: 'ratings', alias: { namespace: 'info', name: 'ratings' } } },
        ],
      },
    });
    // The docs' comment: "service will be imported as ratings.info.svc.red-mesh-imports.local".
    expect(federation.plan().meshes.find(m => m.mesh === 'green-mesh')!.imports[0].localHostname).toBe('ratings.info.svc.red-mesh-imports.local');
  });

  test('exporting every service of the whole mesh warns, and synth still succeeds', () => {
    const { app, federation, red, green } = docsMeshes();
    const warn = quiet();
    red.addServiceExport('all', { peer: green }).addNameRule({ namespace: '*', name: '*' });
    expect(synthAll(app).filter(o => o.kind === 'ExportedServiceSet')).toHaveLength(1);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn).toHaveBeenCalledWith("Warning: mesh 'red-mesh': export to 'green-mesh' 'all' addNameRule('*', '*'): exports every service of the whole mesh to 'green-mesh'. Consider listing the services");
    expect(federation.warnings()).toEqual(["mesh 'red-mesh': export to 'green-mesh' 'all' addNameRule('*', '*'): exports every service of the whole mesh to 'green-mesh'. Consider listing the services"]);
  });

  test('ImportedServiceSets of 1.18.12 and their plan', () => {
    const { app, federation, red, green, blue } = docsMeshes();
    quiet();
    // 1.18.11.1: red exports red-mesh-info/ratings as info/red-ratings, and red-mesh-info/reviews.
    const toGreen = red.addServiceExport('to-green', { peer: green });
    toGreen.addNameRule({ namespace: 'red-mesh-info', name: 'ratings', alias: { namespace: 'info', name: 'red-ratings' } });
    toGreen.addNameRule({ namespace: 'red-mesh-info', name: 'reviews' });
    toGreen.addNameRule({ namespace: 'west-data-center', name: '*' });
    red.addServiceExport('to-blue', { peer: blue }).addNameRule({ namespace: 'red-mesh-info', name: 'ratings', alias: { namespace: 'info' } });

    const fromRed = green.addServiceImport('from-red', { peer: red });
    fromRed.addNameRule({ namespace: 'info', name: 'red-ratings', alias: { namespace: 'info', name: 'ratings' } });
    fromRed.addNameRule({ namespace: 'west-data-center', name: '*' });
    blue.addServiceImport('from-red', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings' });

    const out = synthByChart(app);
    expect(find(out['green-mesh'], 'ImportedServiceSet', 'red-mesh')).toEqual({
      kind: 'ImportedServiceSet',
      apiVersion: 'federation.maistra.io/v1',
      metadata: { name: 'red-mesh', namespace: 'green-mesh-system' },
      spec: {
        importRules: [
          { type: 'NameSelector', importAsLocal: false, nameSelector: { namespace: 'info', name: 'red-ratings', alias: { namespace: 'info', name: 'ratings' } } },
          { type: 'NameSelector', importAsLocal: false, nameSelector: { namespace: 'west-data-center', name: '*' } },
        ],
      },
    });
    expect(find(out['blue-mesh'], 'ImportedServiceSet', 'red-mesh').spec).toEqual({
      importRules: [{ type: 'NameSelector', importAsLocal: false, nameSelector: { namespace: 'info', name: 'ratings' } }],
    });

    const plan = federation.plan();
    const greenPlan = plan.meshes.find(m => m.mesh === 'green-mesh')!;
    expect(greenPlan.imports).toEqual([
      { peer: 'red-mesh', exportedName: 'red-ratings.info.svc.green-mesh-exports.local', localHostname: 'ratings.info.svc.red-mesh-imports.local', importAsLocal: false, rule: 1, resolvedAtRunTime: false },
      { peer: 'red-mesh', exportedName: '*.west-data-center.svc.green-mesh-exports.local', localHostname: '*.west-data-center.svc.red-mesh-imports.local', importAsLocal: false, rule: 2, resolvedAtRunTime: true },
    ]);
    const redPlan = plan.meshes.find(m => m.mesh === 'red-mesh')!;
    expect(redPlan.exports.filter(e => e.peer === 'green-mesh')).toEqual([
      { peer: 'green-mesh', exportedName: 'red-ratings.info.svc.green-mesh-exports.local', localService: 'ratings.red-mesh-info', rule: 1, resolvedAtRunTime: false },
      { peer: 'green-mesh', exportedName: 'reviews.red-mesh-info.svc.green-mesh-exports.local', localService: 'reviews.red-mesh-info', rule: 2, resolvedAtRunTime: false },
      { peer: 'green-mesh', exportedName: '*.west-data-center.svc.green-mesh-exports.local', localService: '*.west-data-center', rule: 3, resolvedAtRunTime: true },
    ]);
    expect(plan.meshes.find(m => m.mesh === 'blue-mesh')!.imports).toEqual([
      { peer: 'red-mesh', exportedName: 'ratings.info.svc.blue-mesh-exports.local', localHostname: 'ratings.info.svc.red-mesh-imports.local', importAsLocal: false, rule: 1, resolvedAtRunTime: false },
    ]);
    const markdown = federation.planMarkdown();
    expect(markdown).toContain('| red-mesh | `red-ratings.info.svc.green-mesh-exports.local` | `ratings.info.svc.red-mesh-imports.local` | no | #1 |');
    expect(markdown).toContain('## Warnings\n\n- mesh \'red-mesh\': export to \'green-mesh\' \'to-green\' addNameRule(\'west-data-center\', \'*\'): exports every service of namespace');
  });

  test('failover: the ImportedServiceSet and DestinationRule of 1.18.13', () => {
    const { app, red, green, federation } = docsMeshes();
    federation.addFailoverImport('ratings', {
      namespace: 'info', name: 'ratings', meshes: [green, red], consumers: [green], destinationRuleName: 'default-failover',
    });
    const out = synthByChart(app);
    expect(find(out['green-mesh'], 'ImportedServiceSet', 'red-mesh')).toEqual({
      kind: 'ImportedServiceSet',
      apiVersion: 'federation.maistra.io/v1',
      metadata: { name: 'red-mesh', namespace: 'green-mesh-system' },
      spec: {
        importRules: [
          { type: 'NameSelector', importAsLocal: true, nameSelector: { namespace: 'info', name: 'ratings', alias: { namespace: 'info', name: 'ratings' } } },
        ],
        locality: { region: 'us-west' },
      },
    });
    expect(find(out['green-mesh'], 'DestinationRule', 'default-failover')).toEqual({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'DestinationRule',
      metadata: { name: 'default-failover', namespace: 'info' },
      spec: {
        host: 'ratings.info.svc.cluster.local',
        trafficPolicy: {
          loadBalancer: { localityLbSetting: { enabled: true, failover: [{ from: 'us-east', to: 'us-west' }] } },
          outlierDetection: { consecutive5xxErrors: 3, interval: '10s', baseEjectionTime: '1m' },
        },
      },
    });
    // red exports the service to green, under its own name, so the import resolves.
    expect(find(out['red-mesh'], 'ExportedServiceSet', 'green-mesh').spec.exportRules).toEqual([
      { type: 'NameSelector', nameSelector: { namespace: 'info', name: 'ratings' } },
    ]);
    expect(out['red-mesh'].filter(o => o.kind === 'DestinationRule')).toEqual([]);
  });
});

describe('merging and ordering', () => {
  test('several exports for one pair merge into one set, in declaration order', () => {
    const { app, red, green } = docsMeshes();
    red.addServiceExport('first', { peer: green }).addNameRule({ namespace: 'a', name: 'one' });
    red.addServiceExport('second', { peer: green }).addNameRule({ namespace: 'b', name: 'two' });
    const sets = synthByChart(app)['red-mesh'].filter(o => o.kind === 'ExportedServiceSet');
    expect(sets).toHaveLength(1);
    expect(sets[0].spec.exportRules.map((r: any) => r.nameSelector.name)).toEqual(['one', 'two']);
  });

  test('label rules carry match expressions', () => {
    const { app, red, green } = docsMeshes();
    red.addServiceExport('x', { peer: green }).addLabelRule({
      namespace: 'shop',
      matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['api', 'web'] }, { key: 'internal', operator: LabelSelectorOperator.DOES_NOT_EXIST }],
    });
    expect(find(synthByChart(app)['red-mesh'], 'ExportedServiceSet', 'green-mesh').spec.exportRules[0].labelSelector).toEqual({
      namespace: 'shop',
      selector: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['api', 'web'] }, { key: 'internal', operator: 'DoesNotExist' }] },
    });
  });

  test('an import with its own domain suffix and the set-level suffix', () => {
    const { app, federation, red, green } = docsMeshes();
    red.addServiceExport('x', { peer: green }).addNameRule({ namespace: 'shop', name: 'cart' });
    red.addServiceExport('y', { peer: green }).addNameRule({ namespace: 'shop', name: 'pay' });
    const imp = green.addServiceImport('from-red', { peer: red, domainSuffix: 'svc.red.remote' });
    imp.addNameRule({ namespace: 'shop', name: 'cart' });
    imp.addNameRule({ namespace: 'shop', name: 'pay', domainSuffix: 'pay.local' });
    expect(find(synthByChart(app)['green-mesh'], 'ImportedServiceSet', 'red-mesh').spec.domainSuffix).toBe('svc.red.remote');
    expect(federation.plan().meshes.find(m => m.mesh === 'green-mesh')!.imports.map(i => i.localHostname))
      .toEqual(['cart.shop.svc.red.remote', 'pay.shop.pay.local']);
  });

  test('failover across three regions: an ordered list from each consumer\'s region', () => {
    const { app, red, green, blue, federation } = docsMeshes();
    federation.addFailoverImport('reviews', {
      namespace: 'shop',
      name: 'reviews',
      meshes: [green, red, blue],
      outlierDetection: { consecutive5xxErrors: 5, interval: Duration.seconds(30), baseEjectionTime: Duration.minutes(2) },
    });
    const out = synthByChart(app);
    const failover = (mesh: string) => find(out[mesh], 'DestinationRule', 'reviews-failover').spec.trafficPolicy.loadBalancer.localityLbSetting.failover;
    expect(failover('green-mesh')).toEqual([{ from: 'us-east', to: 'us-west' }, { from: 'us-west', to: 'eu-west' }]);
    expect(failover('red-mesh')).toEqual([{ from: 'us-west', to: 'us-east' }, { from: 'us-east', to: 'eu-west' }]);
    expect(failover('blue-mesh')).toEqual([{ from: 'eu-west', to: 'us-east' }, { from: 'us-east', to: 'us-west' }]);
    expect(find(out['blue-mesh'], 'DestinationRule', 'reviews-failover').spec.trafficPolicy.outlierDetection)
      .toEqual({ consecutive5xxErrors: 5, interval: '30s', baseEjectionTime: '2m' });
    // Each consumer imports from both others, each import set carrying the exporter's locality.
    expect(find(out['blue-mesh'], 'ImportedServiceSet', 'green-mesh').spec.locality).toEqual({ region: 'us-east' });
    expect(find(out['blue-mesh'], 'ImportedServiceSet', 'red-mesh').spec.locality).toEqual({ region: 'us-west' });
    expect(synthAll(app).filter(o => o.kind === 'ExportedServiceSet')).toHaveLength(6);
  });
});

describe('errors, naming both meshes, the rule and the fix', () => {
  test('an import that matches nothing the peer exports, with the closest names', () => {
    const { app, red, green } = docsMeshes();
    const exp = red.addServiceExport('to-green', { peer: green });
    exp.addNameRule({ namespace: 'red-mesh-info', name: 'ratings', alias: { namespace: 'info', name: 'red-ratings' } });
    exp.addNameRule({ namespace: 'red-mesh-info', name: 'reviews' });
    green.addServiceImport('from-red', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings' });
    expect(synthError(app)).toMatch(/mesh 'green-mesh': import from 'red-mesh' 'from-red' addNameRule\('info', 'ratings'\): matches nothing mesh 'red-mesh' exports to 'green-mesh' \(it exports 'red-ratings\.info', 'reviews\.red-mesh-info'; names are <name>\.<namespace> after 'red-mesh''s aliases\)\. Fix: import a name 'red-mesh' exports, or add the export on 'red-mesh'/);
  });

  test('an import from a peer that exports nothing to this mesh', () => {
    const { app, red, green } = docsMeshes();
    green.addServiceImport('from-red', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings' });
    expect(synthError(app)).toMatch(/matches nothing mesh 'red-mesh' exports to 'green-mesh' \(it exports nothing to 'green-mesh'\)/);
  });

  test('exports to another mesh do not count for this one', () => {
    const { app, red, green, blue } = docsMeshes();
    red.addServiceExport('to-blue', { peer: blue }).addNameRule({ namespace: 'info', name: 'ratings' });
    green.addServiceImport('from-red', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings' });
    expect(synthError(app)).toMatch(/addNameRule\('info', 'ratings'\): matches nothing mesh 'red-mesh' exports to 'green-mesh' \(it exports nothing/);
  });

  test('importAsLocal without a fixed alias namespace', () => {
    const { red, green } = docsMeshes();
    const imp = green.addServiceImport('from-red', { peer: red });
    expect(() => imp.addNameRule({ namespace: 'info', name: 'ratings', importAsLocal: true }))
      .toThrow(/mesh 'green-mesh': import from 'red-mesh' 'from-red' addNameRule\('info', 'ratings'\): importAsLocal is true but alias\.namespace is not set; the operator skips such a rule .* Fix: set alias: \{ namespace: '<local namespace>' \}/);
    expect(() => imp.addNameRule({ namespace: 'info', name: 'ratings', importAsLocal: true, alias: { namespace: '*' } }))
      .toThrow(/importAsLocal is true but alias\.namespace is '\*'/);
  });

  test('a domain suffix of svc.cluster.local, on a rule or on the import', () => {
    const { red, green } = docsMeshes();
    expect(() => green.addServiceImport('a', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings', domainSuffix: 'svc.cluster.local' }))
      .toThrow(/addNameRule\('info', 'ratings'\): domainSuffix is 'svc\.cluster\.local', which the operator refuses for imports \(it skips the rule\)\. Fix: use importAsLocal: true/);
    expect(() => green.addServiceImport('b', { peer: red, domainSuffix: 'svc.cluster.local' }))
      .toThrow(/mesh 'green-mesh': import from 'red-mesh' 'b' domainSuffix is 'svc\.cluster\.local'/);
  });

  test('a locality with a zone but no region, or a subzone but no zone', () => {
    const { red, green } = docsMeshes();
    expect(() => green.addServiceImport('a', { peer: red, locality: { region: '', zone: 'us-west-1a' } }))
      .toThrow(/mesh 'green-mesh': import from 'red-mesh' 'a' locality\.region is '' while zone is 'us-west-1a'; the operator drops a locality without region/);
    expect(() => green.addServiceImport('b', { peer: red, locality: { region: 'us-west', subzone: 'rack1' } }))
      .toThrow(/locality\.subzone 'rack1' is set without a zone; the operator drops such a locality/);
  });

  test('a rule without its selector', () => {
    const { red, green } = docsMeshes();
    const exp = red.addServiceExport('x', { peer: green });
    expect(() => exp.addNameRule({ namespace: '', name: 'ratings' }))
      .toThrow(/mesh 'red-mesh': export to 'green-mesh' 'x' addNameRule\('', 'ratings'\): namespace is ''; a rule needs its selector\. Fix: give a namespace, or '\*' for any/);
    expect(() => exp.addLabelRule({ namespace: 'shop' }))
      .toThrow(/addLabelRule\('shop'\): has no selector \(neither matchLabels nor matchExpressions\)/);
    expect(() => green.addServiceImport('y', { peer: red }).addNameRule({ namespace: 'info', name: undefined as unknown as string }))
      .toThrow(/name is missing; a rule needs its selector/);
  });

  test('partial wildcards are refused', () => {
    const { red, green } = docsMeshes();
    expect(() => red.addServiceExport('x', { peer: green }).addNameRule({ namespace: 'info', name: 'rat*' }))
      .toThrow(/name 'rat\*' is a partial wildcard, which the operator does not support/);
  });

  test('bad label expressions', () => {
    const { red, green } = docsMeshes();
    const exp = red.addServiceExport('x', { peer: green });
    expect(() => exp.addLabelRule({ namespace: 'shop', matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN }] }))
      .toThrow(/matchExpressions\[0\] \('tier' In\) has no values/);
    expect(() => exp.addLabelRule({ namespace: 'shop', matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.EXISTS, values: ['x'] }] }))
      .toThrow(/matchExpressions\[0\] \('tier' Exists\) must not have values/);
  });

  test('an export rule shadowed by an earlier one', () => {
    const { app, red, green } = docsMeshes();
    quiet();
    const exp = red.addServiceExport('x', { peer: green });
    exp.addNameRule({ namespace: 'shop', name: '*' });
    exp.addNameRule({ namespace: 'shop', name: 'cart', alias: { name: 'basket' } });
    expect(synthError(app)).toMatch(/mesh 'red-mesh': export to 'green-mesh' 'x' addNameRule\('shop', 'cart'\): can never match, because rule #1 of the ExportedServiceSet 'green-mesh' \(export to 'green-mesh' 'x' addNameRule\('shop', '\*'\)\) already matches every service it would/);
  });

  test('a label rule shadowed by a broader label rule, across two merged exports', () => {
    const { app, red, green } = docsMeshes();
    red.addServiceExport('a', { peer: green }).addLabelRule({ namespace: '*', matchLabels: { export: 'true' } });
    red.addServiceExport('b', { peer: green }).addLabelRule({ namespace: 'shop', matchLabels: { export: 'true', tier: 'api' } });
    expect(synthError(app)).toMatch(/export to 'green-mesh' 'b' addLabelRule\('shop'\): can never match, because rule #1 .*'a' addLabelRule\('\*'\)/);
  });

  test('an import rule shadowed by an earlier one', () => {
    const { app, red, green } = docsMeshes();
    quiet();
    red.addServiceExport('x', { peer: green }).addNameRule({ namespace: 'shop', name: '*' });
    const imp = green.addServiceImport('y', { peer: red });
    imp.addNameRule({ namespace: '*', name: 'cart' });
    imp.addNameRule({ namespace: 'shop', name: 'cart', alias: { namespace: 'local-shop' } });
    expect(synthError(app)).toMatch(/import from 'red-mesh' 'y' addNameRule\('shop', 'cart'\): can never match, because rule #1 of the ImportedServiceSet 'red-mesh'/);
  });

  test('sharing between meshes that do not peer', () => {
    const { app, red, green, blue, federation } = docsMeshes(Topology.explicit());
    federation.addPeering(red, green);
    red.addServiceExport('x', { peer: blue }).addNameRule({ namespace: 'info', name: 'ratings' });
    blue.addServiceImport('y', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings' });
    const message = synthError(app);
    expect(message).toMatch(/mesh 'red-mesh': exports to 'blue-mesh', but the two meshes do not peer, so nothing crosses\. Fix: peer them/);
    expect(message).toMatch(/mesh 'blue-mesh': imports from 'red-mesh', but the two meshes do not peer/);
  });

  test('two imports of one pair with different set-level settings', () => {
    const { app, red, green } = docsMeshes();
    red.addServiceExport('x', { peer: green }).addNameRule({ namespace: 'shop', name: 'cart' });
    green.addServiceImport('a', { peer: red, domainSuffix: 'one.local' }).addNameRule({ namespace: 'shop', name: 'cart' });
    green.addServiceImport('b', { peer: red, domainSuffix: 'two.local' });
    expect(synthError(app)).toMatch(/mesh 'green-mesh': the imports from 'red-mesh' \('a', 'b'\) set different domainSuffix values \("one\.local" and "two\.local"\), but they share one ImportedServiceSet/);
  });

  test('exporting or importing to the mesh itself', () => {
    const { red } = docsMeshes();
    expect(() => red.addServiceExport('x', { peer: red })).toThrow(/mesh 'red-mesh': ServiceExport 'x' exports to the mesh itself/);
    expect(() => red.addServiceImport('y', { peer: red })).toThrow(/mesh 'red-mesh': import from 'red-mesh' 'y' imports from the mesh itself/);
  });

  test.each<[string, (m: ReturnType<typeof docsMeshes>) => void, RegExp]>([
    ['a mesh without locality', (m) => {
      const f = m.federation.addMesh('grey-mesh', { platform: m.red.platform, rootCertificate: m.red.rootCertificate, dnsDomain: 'grey.example.com' });
      m.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [m.green, f] });
    }, /mesh 'grey-mesh': locality is not set, but failover 'f' of 'info\/ratings' fails over by region\. Fix: set locality/],
    ['one mesh only', (m) => m.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [m.green] }), /failover 'f' of 'info\/ratings': meshes has 1 mesh\(es\); failover needs the service in at least two/],
    ['outlier detection that never ejects', (m) => m.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [m.green, m.red], outlierDetection: { consecutive5xxErrors: 0 } }),
      /outlierDetection\.consecutive5xxErrors 0 would never eject an endpoint, so failover would never trigger/],
    ['a zero interval', (m) => m.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [m.green, m.red], outlierDetection: { interval: Duration.seconds(0) } }),
      /outlierDetection\.interval must be longer than zero/],
    ['a consumer that does not run the service', (m) => m.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [m.green, m.red], consumers: [m.blue] }),
      /consumer 'blue-mesh' is not in meshes/],
    ['a wildcard service', (m) => m.federation.addFailoverImport('f', { namespace: 'info', name: '*', meshes: [m.green, m.red] }), /failover 'f' of 'info\/\*': name '\*' is not a DNS-1123 label/],
  ])('failover: %s', (_case, build, message) => {
    const meshes = docsMeshes();
    expect(() => build(meshes)).toThrow(message);
  });

  test('failover within a single region', () => {
    const m = docsMeshes();
    const east2 = m.federation.addMesh('east2', { platform: m.red.platform, rootCertificate: m.red.rootCertificate, dnsDomain: 'e2.example.com', locality: { region: 'us-east' } });
    expect(() => m.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [m.green, east2] }))
      .toThrow(/every mesh is in region 'us-east', so locality failover has nowhere to go/);
  });
});

describeWithCrds('service sharing against the upstream CRD schemas', () => {
  test('exports, imports and failover validate with unknown fields rejected', () => {
    const { app, red, green, blue, federation } = docsMeshes();
    quiet();
    const exp = red.addServiceExport('to-green', { peer: green });
    exp.addNameRule({ namespace: 'red-mesh-info', name: 'red-ratings', alias: { namespace: 'info', name: 'ratings' } });
    exp.addLabelRule({ namespace: 'red-mesh-info', matchLabels: { 'export-service': 'true' }, matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.NOT_IN, values: ['db'] }], aliases: [{ namespace: '*', name: '*', alias: { namespace: 'info' } }] });
    green.addServiceImport('from-red', { peer: red, domainSuffix: 'svc.red.remote', locality: { region: 'us-west', zone: 'a', subzone: 'b' } })
      .addNameRule({ namespace: 'info', name: 'ratings', domainSuffix: 'x.local' });
    federation.addFailoverImport('reviews', { namespace: 'shop', name: 'reviews', meshes: [blue, red] });
    const all = synthAll(app);
    expect(all.filter(o => ['ExportedServiceSet', 'ImportedServiceSet', 'DestinationRule'].includes(o.kind)).length).toBe(8); // 1 + 1 explicit; failover: 2 export sets, 2 import sets, 2 rules
    expect(manifestsProblems(all)).toEqual([]);
  });
});
