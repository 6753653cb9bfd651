import { Duration } from 'cdk8s';
import { LabelSelectorOperator } from '../src';
import { describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { docsMeshes } from './support/federation';
import { find, synthAll, synthByChart } from './support/synth';
import { warningsOf } from '../src/core/warnings';


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
    red.addServiceExport('to-blue', { peer: blue }).addNameRule({ namespace: '*', name: 'ratings' });
    expect(find(synthByChart(app)['red-mesh'], 'ExportedServiceSet', 'blue-mesh').spec).toEqual({
      exportRules: [{ type: 'NameSelector', nameSelector: { namespace: '*', name: 'ratings' } }],
    });
  });

  test('ExportedServiceSet: every service of a namespace, with a warning at synth', () => {
    const { app, red, green } = docsMeshes();
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'west-data-center', name: '*' });
    expect(find(synthByChart(app)['red-mesh'], 'ExportedServiceSet', 'green-mesh').spec).toEqual({
      exportRules: [{ type: 'NameSelector', nameSelector: { namespace: 'west-data-center', name: '*' } }],
    });
    // Warnings are recorded on the federation construct at synth (FederationApp prints them).
    expect(warningsOf(app)).toEqual([expect.stringMatching(/^mesh 'red-mesh': export to 'green-mesh' 'to-green' addNameRule\('west-data-center', '\*'\): exports every service of namespace 'west-data-center' to 'green-mesh'/)]);
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
    red.addServiceExport('all', { peer: green }).addNameRule({ namespace: '*', name: '*' });
    expect(synthAll(app).filter(o => o.kind === 'ExportedServiceSet')).toHaveLength(1);
    // Recorded once, although cdk8s validated the app once per chart.
    expect(warningsOf(app)).toEqual(["mesh 'red-mesh': export to 'green-mesh' 'all' addNameRule('*', '*'): exports every service of the whole mesh to 'green-mesh'. Consider listing the services"]);
    expect(federation.warnings()).toEqual(["mesh 'red-mesh': export to 'green-mesh' 'all' addNameRule('*', '*'): exports every service of the whole mesh to 'green-mesh'. Consider listing the services"]);
  });

  test('ImportedServiceSets of 1.18.12 and their plan', () => {
    const { app, federation, red, green, blue } = docsMeshes();
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

// Each error has its own entry in test/errors-catalogue.test.ts (and docs/errors.md).
test('importAsLocal with a wildcard alias namespace is refused like a missing one', () => {
  const { red, green } = docsMeshes();
  expect(() => green.addServiceImport('from-red', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings', importAsLocal: true, alias: { namespace: '*' } }))
    .toThrow(/importAsLocal is true but alias\.namespace is '\*'/);
});

describeWithCrds('service sharing against the upstream CRD schemas', () => {
  test('exports, imports and failover validate with unknown fields rejected', () => {
    const { app, red, green, blue, federation } = docsMeshes();
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
