// Wrong types and hostile values at every entry point of service sharing and failover, as jsii users
// in other languages (or description files) may pass them: each is a FederationError naming the
// mesh and construct, the prop, the value and the fix, thrown before the construct joins the tree;
// never a TypeError, never a silent default.
import { App, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { LabelSelectorOperator, MeshPeering, ServiceExport, ServiceImport } from '../src';
import { docsMeshes } from './support/federation';
import { find, synthByChart } from './support/synth';

type Docs = ReturnType<typeof docsMeshes>;
type Refusal = Error & { problems: string[] };

/** Every construct path under the app. */
const paths = (app: App) => app.node.findAll().map(c => c.node.path);

/** The FederationError `run` throws, checking that the tree is as it was before. */
function refusal(d: Docs, run: () => unknown): Refusal {
  const before = paths(d.app);
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeDefined();
  expect(error).not.toBeInstanceOf(TypeError);
  expect((error as Error).name).toBe('FederationError');
  expect(paths(d.app)).toEqual(before);
  const problems = (error as Refusal).problems;
  problems.forEach(p => expect(p).toMatch(/\. Fix: |Fix: /));
  return error as Refusal;
}

const big = 'x'.repeat(1_000_000);
const exportTo = (d: Docs) => d.red.addServiceExport('x', { peer: d.green });
const importFrom = (d: Docs) => d.green.addServiceImport('x', { peer: d.red });
const failover = (d: Docs, props: Record<string, unknown>) => d.federation.addFailoverImport('f', { namespace: 'info', name: 'ratings', meshes: [d.green, d.red], ...props } as any);
const labelRule = (e: ServiceExport, options: Record<string, unknown>) => e.addLabelRule({ namespace: 'shop', ...options } as any);
const NAME_RULE = "mesh 'red-mesh': export to 'green-mesh' 'x' addNameRule";
const LABEL_RULE = "mesh 'red-mesh': export to 'green-mesh' 'x' addLabelRule('shop')";
const IMPORT = "mesh 'green-mesh': import from 'red-mesh' 'x'";
const FAILOVER = "failover 'f' of 'info/ratings'";

describe('exports: the construct, its id and its options', () => {
  test.each<[string, (d: Docs) => unknown, string | RegExp]>([
    ['an id that is a number', d => d.red.addServiceExport(42 as any, { peer: d.green }), "mesh 'red-mesh': ServiceExport: id is 42, not a non-empty string. Fix: pass an id such as 'to-green-mesh'"],
    ['an empty id', d => d.red.addServiceExport('', { peer: d.green }), "mesh 'red-mesh': ServiceExport: id is '', not a non-empty string. Fix: pass an id such as 'to-green-mesh'"],
    ['a BigInt id', d => d.red.addServiceExport(10n as any, { peer: d.green }), "mesh 'red-mesh': ServiceExport: id is 10n, not a non-empty string. Fix: pass an id such as 'to-green-mesh'"],
    ['options that are the peer\'s name', d => d.red.addServiceExport('x', 'green-mesh' as any), "mesh 'red-mesh': ServiceExport 'x' options are 'green-mesh', not an object. Fix: pass { peer: federation.findMesh('green-mesh') }"],
    ['options that are null', d => d.red.addServiceExport('x', null as any), "mesh 'red-mesh': ServiceExport 'x' options are null, not an object. Fix: pass { peer: federation.findMesh('green-mesh') }"],
    ['a peer whose federation is null', d => new ServiceExport(d.red, 'x', { mesh: d.red, peer: { meshName: 'green-mesh', federation: null } as any }), "mesh 'red-mesh': ServiceExport 'x' peer has no federation. Fix: pass a Mesh of the federation, e.g. federation.findMesh('green-mesh')"],
    ['a scope that is not a construct', d => new ServiceExport({} as any, 'x', { mesh: d.red, peer: d.green }), /^mesh 'red-mesh': ServiceExport: scope is \{\}, not a construct\. Fix: /],
    ['an id the mesh\'s control plane has', d => d.red.addServiceExport('ControlPlane', { peer: d.green }), /^mesh 'red-mesh': ServiceExport 'ControlPlane': id is already taken by ApiObject 'red-mesh\/ControlPlane' in 'red-mesh'\. Fix: give every export of a mesh its own id/],
    ['an id its ExportedServiceSet needs', d => d.red.addServiceExport('ExportedServiceSet-green-mesh', { peer: d.green }), "mesh 'red-mesh': ServiceExport 'ExportedServiceSet-green-mesh': ExportedServiceSet 'green-mesh' needs the construct id 'ExportedServiceSet-green-mesh' in 'red-mesh', which this id would take. Fix: use another id"],
  ])('%s', (_what, run, expected) => {
    const d = docsMeshes();
    const { problems } = refusal(d, () => run(d));
    expect(problems).toEqual(expect.arrayContaining([typeof expected === 'string' ? expected : expect.stringMatching(expected)]));
  });

  test('two exports with one id: the id and the fix, not a constructs clash', () => {
    const d = docsMeshes();
    d.red.addServiceExport('to-green', { peer: d.green });
    const { problems } = refusal(d, () => d.red.addServiceExport('to-green', { peer: d.blue }));
    expect(problems).toEqual(["mesh 'red-mesh': ServiceExport 'to-green': id is already taken by ServiceExport 'red-mesh/to-green' in 'red-mesh'. Fix: give every export of a mesh its own id (several exports to one peer still share one ExportedServiceSet)"]);
  });
});

describe('exports: name rules', () => {
  test.each<[string, (e: ServiceExport) => unknown, string | RegExp]>([
    ['no options', e => e.addNameRule(undefined as any), `${NAME_RULE}(undefined, undefined): options are undefined, not an object. Fix: pass { namespace: 'info', name: 'ratings' }`],
    ['options that are a string', e => e.addNameRule('info/ratings' as any), `${NAME_RULE}(undefined, undefined): options are 'info/ratings', not an object. Fix: pass { namespace: 'info', name: 'ratings' }`],
    ['a namespace that is a number', e => e.addNameRule({ namespace: 5 as any, name: 'ratings' }), `${NAME_RULE}(5, 'ratings'): namespace is 5, not a string. Fix: give a namespace, or '*' for any`],
    ['a namespace that is NaN', e => e.addNameRule({ namespace: NaN as any, name: 'ratings' }), `${NAME_RULE}(NaN, 'ratings'): namespace is NaN, not a string. Fix: give a namespace, or '*' for any`],
    ['a name that is null', e => e.addNameRule({ namespace: 'info', name: null as any }), `${NAME_RULE}('info', null): name is null, not a string. Fix: give a name, or '*' for any`],
    ['a name that is a list', e => e.addNameRule({ namespace: 'info', name: ['ratings'] as any }), `${NAME_RULE}('info', ["ratings"]): name is ["ratings"], not a string. Fix: give a name, or '*' for any`],
    ['an alias that is a string', e => e.addNameRule({ namespace: 'info', name: 'ratings', alias: 'ratings-v2' as any }), `${NAME_RULE}('info', 'ratings'): alias is 'ratings-v2', not an object like { namespace?, name? }. Fix: pass e.g. { namespace: 'info' }, or leave alias out`],
    ['a misspelt alias key', e => e.addNameRule({ namespace: 'info', name: 'ratings', Alias: { name: 'r' } } as any), `${NAME_RULE}('info', 'ratings'): unknown key 'Alias' in options (known: namespace, name, alias). Fix: remove it, or correct the spelling`],
    ['an alias with a key it does not take', e => e.addNameRule({ namespace: 'info', name: 'ratings', alias: { Name: 'r', ns: 'x' } as any }), `${NAME_RULE}('info', 'ratings'): unknown keys 'Name', 'ns' in alias (known: namespace, name). Fix: remove them, or correct the spelling`],
    ['an alias that is a Duration', e => e.addNameRule({ namespace: 'info', name: 'ratings', alias: Duration.seconds(1) as any }), `${NAME_RULE}('info', 'ratings'): alias is a Duration, not an object like { namespace?, name? }. Fix: pass e.g. { namespace: 'info' }, or leave alias out`],
    ['an alias name that is a number', e => e.addNameRule({ namespace: 'info', name: 'ratings', alias: { name: 7 as any } }), `${NAME_RULE}('info', 'ratings'): alias.name is 7, not a string. Fix: use a Kubernetes name, or leave it out to keep the service's own`],
  ])('%s', (_what, run, expected) => {
    const d = docsMeshes();
    const e = exportTo(d);
    const { problems } = refusal(d, () => run(e));
    expect(problems).toEqual(expect.arrayContaining([typeof expected === 'string' ? expected : expect.stringMatching(expected)]));
  });

  test('a 1,000,000-character namespace is cut in the message', () => {
    const d = docsMeshes();
    const e = exportTo(d);
    const error = refusal(d, () => e.addNameRule({ namespace: big, name: 'ratings' }));
    expect(error.message.length).toBeLessThan(1000);
    expect(error.problems).toEqual([
      expect.stringMatching(/^mesh 'red-mesh': export to 'green-mesh' 'x' addNameRule\('x{76}\.\.\., 'ratings'\): namespace 'x{236}\.\.\.' \(1000000 characters\) is 1000000 characters long \(at most 63\)\. Fix: use a Kubernetes name, or '\*'$/),
    ]);
  });
});

describe('exports: label rules and their selectors', () => {
  test.each<[string, Record<string, unknown>, string | RegExp]>([
    ['no options', undefined as any, "mesh 'red-mesh': export to 'green-mesh' 'x' addLabelRule(undefined): options are undefined, not an object. Fix: pass { namespace: 'shop', matchLabels: { 'export-service': 'true' } }"],
    ['matchLabels as one string', { matchLabels: 'export=true' }, `${LABEL_RULE}: matchLabels is 'export=true', not a map of label keys to values. Fix: pass e.g. { 'export-service': 'true' }`],
    ['matchLabels as a Map', { matchLabels: new Map([['export', 'true']]) }, `${LABEL_RULE}: matchLabels is a Map, not a map of label keys to values. Fix: pass e.g. { 'export-service': 'true' }`],
    ['a label value that is a boolean', { matchLabels: { export: true } }, `${LABEL_RULE}: matchLabels['export'] is true, not a string. Fix: use a label value like 'true' (text)`],
    ['a __proto__ label key', { matchLabels: JSON.parse('{"__proto__": "x"}') }, /^mesh 'red-mesh': export to 'green-mesh' 'x' addLabelRule\('shop'\): matchLabels key '__proto__' is not a label key \(its name part takes letters, digits, '-', '_' and '\.', starting and ending with a letter or digit; .*\)\. Fix: use a label key like 'export-service' or 'example\.com\/tier'$/],
    ['a constructor label whose value is an object', { matchLabels: { constructor: {} } }, `${LABEL_RULE}: matchLabels['constructor'] is {}, not a string. Fix: use a label value like 'true' (text)`],
    ['a label key name of 64 characters', { matchLabels: { ['k'.repeat(64)]: 'true' } }, `${LABEL_RULE}: matchLabels key '${'k'.repeat(64)}' has a name part 64 characters long (at most 63). Fix: use a label key like 'export-service' or 'example.com/tier'`],
    ['a label key prefix that is not a DNS subdomain', { matchLabels: { 'Example.com/tier': 'api' } }, /matchLabels key 'Example\.com\/tier' has a prefix \(before '\/'\) that is not a DNS-1123 subdomain .*\. Fix: use a label key like/],
    ['a label key prefix of 254 characters', { matchLabels: { [`${'p'.repeat(254)}/tier`]: 'api' } }, /matchLabels key 'p+\.\.\.' \(259 characters\) has a prefix \(before '\/'\) that is 254 characters long \(at most 253\)\. Fix: /],
    ['a label value of 64 characters', { matchLabels: { tier: 'v'.repeat(64) } }, `${LABEL_RULE}: matchLabels['tier'] '${'v'.repeat(64)}' is 64 characters long (at most 63). Fix: use a label value like 'true' (text)`],
    ['a label value with a space', { matchLabels: { tier: 'front end' } }, `${LABEL_RULE}: matchLabels['tier'] 'front end' is not a label value (letters, digits, '-', '_' and '.', starting and ending with a letter or digit, or empty). Fix: use a label value like 'true' (text)`],
    ['matchExpressions as one string', { matchExpressions: 'tier in (api)' }, `${LABEL_RULE}: matchExpressions is 'tier in (api)', not a list of { key, operator, values? }. Fix: pass e.g. [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['api'] }]`],
    ['an expression that is a string', { matchExpressions: ['tier'] }, `${LABEL_RULE}: matchExpressions[0] is 'tier', not an object like { key, operator, values? }. Fix: pass e.g. { key: 'tier', operator: LabelSelectorOperator.EXISTS }`],
    ['an unknown operator', { matchExpressions: [{ key: 'tier', operator: 'in', values: ['api'] }] }, `${LABEL_RULE}: matchExpressions[0].operator 'in' is not one of In, NotIn, Exists, DoesNotExist. Fix: use LabelSelectorOperator`],
    ['an operator that is a number', { matchExpressions: [{ key: 'tier', operator: 0 }] }, `${LABEL_RULE}: matchExpressions[0].operator 0 is not one of In, NotIn, Exists, DoesNotExist. Fix: use LabelSelectorOperator`],
    ['an expression key that is undefined', { matchExpressions: [{ operator: LabelSelectorOperator.EXISTS }] }, `${LABEL_RULE}: matchExpressions[0].key is undefined, not a string. Fix: use a label key like 'tier' or 'example.com/tier'`],
    ['values as one string', { matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN, values: 'api' }] }, `${LABEL_RULE}: matchExpressions[0].values is 'api', not a list of strings. Fix: pass e.g. ['api', 'web']`],
    ['a value that is not a label value', { matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.IN, values: ['api', '-web'] }] }, /matchExpressions\[0\]\.values\[1\] '-web' is not a label value .*\. Fix: use label values like 'api'$/],
    ['aliases as an object', { matchLabels: { export: 'true' }, aliases: { namespace: 'info' } }, `${LABEL_RULE}: aliases is {"namespace":"info"}, not a list of { namespace, name, alias }. Fix: pass e.g. [{ namespace: '*', name: '*', alias: { namespace: 'info' } }]`],
    ['an expression with a key it does not take', { matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.EXISTS, value: 'x' }] }, `${LABEL_RULE}: unknown key 'value' in matchExpressions[0] (known: key, operator, values). Fix: remove it, or correct the spelling`],
    ['a misspelt matchLabels', { matchlabels: { export: 'true' }, matchExpressions: [{ key: 'tier', operator: LabelSelectorOperator.EXISTS }] }, `${LABEL_RULE}: unknown key 'matchlabels' in options (known: namespace, matchLabels, matchExpressions, aliases). Fix: remove it, or correct the spelling`],
    ['an alias entry without its alias', { matchLabels: { export: 'true' }, aliases: [{ namespace: '*', name: '*' }] }, `${LABEL_RULE}: aliases[0].alias is undefined, not an object like { namespace?, name? }. Fix: pass e.g. { namespace: 'info' }`],
  ])('%s', (_what, options, expected) => {
    const d = docsMeshes();
    const e = exportTo(d);
    const { problems } = refusal(d, () => (options === undefined ? e.addLabelRule(undefined as any) : e.addLabelRule({ namespace: 'shop', ...options } as any)));
    expect(problems).toEqual(expect.arrayContaining([typeof expected === 'string' ? expected : expect.stringMatching(expected)]));
  });

  test('strings where lists are expected are one problem each, never one per character', () => {
    const d = docsMeshes();
    const e = exportTo(d);
    const { problems } = refusal(d, () => labelRule(e, { matchExpressions: 'tier in (api, web)', aliases: 'none' }));
    expect(problems).toHaveLength(2);
  });

  test('a label map without prototype is taken as written; __proto__ and constructor keys are refused, and Object.prototype stays clean', () => {
    const d = docsMeshes();
    const e = exportTo(d);
    labelRule(e, { matchLabels: Object.assign(Object.create(null), { 'export-service': 'true' }) });
    expect(refusal(d, () => labelRule(e, { matchLabels: JSON.parse('{"__proto__": {"polluted": "yes"}}') })).problems)
      .toEqual([expect.stringMatching(/^mesh 'red-mesh': export to 'green-mesh' 'x' addLabelRule\('shop'\): matchLabels key '__proto__' is not a label key/), expect.stringMatching(/matchLabels\['__proto__'\] is \{"polluted":"yes"\}, not a string/)]);
    expect(refusal(d, () => labelRule(e, { matchLabels: { constructor: 'yes' } })).problems)
      .toEqual([`${LABEL_RULE}: matchLabels key 'constructor' cannot be written: cdk8s refuses an object with this key. Fix: use a label key like 'export-service' or 'example.com/tier'`]);
    expect(({} as any).polluted).toBeUndefined();
    const set = find(synthByChart(d.app)['red-mesh'], 'ExportedServiceSet', 'green-mesh');
    expect(set.spec.exportRules).toEqual([{ type: 'LabelSelector', labelSelector: { namespace: 'shop', selector: { matchLabels: { 'export-service': 'true' } } } }]);
  });
});

describe('imports: the construct and its rules', () => {
  test.each<[string, (d: Docs) => unknown, string | RegExp]>([
    ['options that are a string', d => d.green.addServiceImport('x', 'red-mesh' as any), "mesh 'green-mesh': ServiceImport 'x' options are 'red-mesh', not an object. Fix: pass { peer: federation.findMesh('green-mesh') }"],
    ['a domain suffix that is a number', d => d.green.addServiceImport('x', { peer: d.red, domainSuffix: 42 as any }), `${IMPORT} domainSuffix is 42, not a string. Fix: use a suffix like 'svc.imported.local', or leave it out`],
    ['a 1,000,000-character domain suffix', d => d.green.addServiceImport('x', { peer: d.red, domainSuffix: big }), /^mesh 'green-mesh': import from 'red-mesh' 'x' domainSuffix 'x{236}\.\.\.' \(1000000 characters\) is 1000000 characters long \(at most 253\)\. Fix: /],
    ['a locality that is a string', d => d.green.addServiceImport('x', { peer: d.red, locality: 'us-west' as any }), `${IMPORT} locality is 'us-west', not { region, zone?, subzone? } with text values. Fix: pass e.g. { region: 'us-east-1' }, or leave it out`],
    ['a locality with a misspelt key', d => d.green.addServiceImport('x', { peer: d.red, locality: { region: 'us-west', Zone: 'a' } as any }), `${IMPORT}: unknown key 'Zone' in locality (known: region, zone, subzone). Fix: remove it, or correct the spelling`],
    ['options with a misspelt key', d => d.green.addServiceImport('x', { peer: d.red, domain_suffix: 'x.local' } as any), `${IMPORT}: unknown key 'domain_suffix' in options (known: peer, mesh, domainSuffix, locality). Fix: remove it, or correct the spelling`],
    ['a locality region that is a number', d => d.green.addServiceImport('x', { peer: d.red, locality: { region: 1 as any } }), `${IMPORT} locality is {"region":1}, not { region, zone?, subzone? } with text values. Fix: pass e.g. { region: 'us-east-1' }, or leave it out`],
    ['an id that is an object', d => d.green.addServiceImport({ id: 'x' } as any, { peer: d.red }), "mesh 'green-mesh': ServiceImport: id is {\"id\":\"x\"}, not a non-empty string. Fix: pass an id such as 'from-red-mesh'"],
  ])('%s', (_what, run, expected) => {
    const d = docsMeshes();
    const { problems } = refusal(d, () => run(d));
    expect(problems).toEqual(expect.arrayContaining([typeof expected === 'string' ? expected : expect.stringMatching(expected)]));
  });

  test.each<[string, (i: ServiceImport) => unknown, string | RegExp]>([
    ['a rule with no options', i => i.addNameRule(null as any), `${IMPORT} addNameRule(undefined, undefined): options are null, not an object. Fix: pass { namespace: 'info', name: 'ratings' }`],
    ['importAsLocal as text', i => i.addNameRule({ namespace: 'info', name: 'ratings', alias: { namespace: 'info' }, importAsLocal: 'true' as any }), `${IMPORT} addNameRule('info', 'ratings'): importAsLocal is 'true', not true or false. Fix: pass true to merge the remote endpoints into the local service, or leave it out`],
    ['importAsLocal as 1', i => i.addNameRule({ namespace: 'info', name: 'ratings', importAsLocal: 1 as any }), `${IMPORT} addNameRule('info', 'ratings'): importAsLocal is 1, not true or false. Fix: pass true to merge the remote endpoints into the local service, or leave it out`],
    ['a rule domain suffix that is an object', i => i.addNameRule({ namespace: 'info', name: 'ratings', domainSuffix: {} as any }), `${IMPORT} addNameRule('info', 'ratings'): domainSuffix is {}, not a string. Fix: use a suffix like 'svc.imported.local', or leave it out`],
    ['a rule alias that is a number', i => i.addNameRule({ namespace: 'info', name: 'ratings', alias: 3 as any }), `${IMPORT} addNameRule('info', 'ratings'): alias is 3, not an object like { namespace?, name? }. Fix: pass e.g. { namespace: 'info' }, or leave alias out`],
    ['a rule namespace that is Infinity', i => i.addNameRule({ namespace: Infinity as any, name: 'ratings' }), `${IMPORT} addNameRule(Infinity, 'ratings'): namespace is Infinity, not a string. Fix: give a namespace, or '*' for any`],
  ])('import rule: %s', (_what, run, expected) => {
    const d = docsMeshes();
    const i = importFrom(d);
    const { problems } = refusal(d, () => run(i));
    expect(problems).toEqual(expect.arrayContaining([typeof expected === 'string' ? expected : expect.stringMatching(expected)]));
  });

  test('two imports with one id: the id and the fix', () => {
    const d = docsMeshes();
    d.green.addServiceImport('from-red', { peer: d.red });
    const { problems } = refusal(d, () => new ServiceImport(d.green, 'from-red', { mesh: d.green, peer: d.blue }));
    expect(problems).toEqual(["mesh 'green-mesh': ServiceImport 'from-red': id is already taken by ServiceImport 'green-mesh/from-red' in 'green-mesh'. Fix: give every import of a mesh its own id (several imports from one peer still share one ImportedServiceSet)"]);
  });

  test('all the problems of one import are reported together', () => {
    const d = docsMeshes();
    const { problems } = refusal(d, () => d.green.addServiceImport('x', { peer: d.green, domainSuffix: 5 as any, locality: [] as any }));
    expect(problems).toEqual([
      'mesh \'green-mesh\': import from \'green-mesh\' \'x\' imports from the mesh itself. Fix: pass another mesh as peer',
      "mesh 'green-mesh': import from 'green-mesh' 'x' domainSuffix is 5, not a string. Fix: use a suffix like 'svc.imported.local', or leave it out",
      "mesh 'green-mesh': import from 'green-mesh' 'x' locality is [], not { region, zone?, subzone? } with text values. Fix: pass e.g. { region: 'us-east-1' }, or leave it out",
    ]);
  });
});

describe('failover', () => {
  test.each<[string, (d: Docs) => unknown, string | RegExp]>([
    ['no props', d => d.federation.addFailoverImport('f', undefined as any), "failover 'f': props are undefined, not an object. Fix: pass { namespace: 'info', name: 'ratings', meshes: [green, red] }"],
    ['an id that is a number', d => d.federation.addFailoverImport(7 as any, { namespace: 'info', name: 'ratings', meshes: [d.green, d.red] }), "failover: id is 7, not a non-empty string. Fix: pass an id such as 'ratings'"],
    ['meshes as one mesh name', d => failover(d, { meshes: 'green-mesh' }), `${FAILOVER}: meshes is 'green-mesh', not a list of Meshes. Fix: list the meshes that run the service, in failover order, e.g. [federation.findMesh('green-mesh'), federation.findMesh('red-mesh')]`],
    ['meshes as names', d => failover(d, { meshes: ['green-mesh', 'red-mesh'] }), `${FAILOVER}: meshes is ["green-mesh","red-mesh"], not a list of Meshes. Fix: list the meshes that run the service, in failover order, e.g. [federation.findMesh('green-mesh'), federation.findMesh('red-mesh')]`],
    ['consumers as one mesh', d => failover(d, { consumers: d.green }), /^failover 'f' of 'info\/ratings': consumers is a Mesh, not a list of Meshes\. Fix: list meshes from meshes, or leave consumers out \(every mesh fails over\)$/],
    ['a consumer listed twice', d => failover(d, { consumers: [d.green, d.green] }), `${FAILOVER}: consumers lists a mesh twice ('green-mesh', 'green-mesh'). Fix: list each consumer once`],
    ['a misspelt consumers', d => failover(d, { consumer: [d.green] }), `${FAILOVER}: unknown key 'consumer' in props (known: namespace, name, meshes, consumers, outlierDetection, destinationRuleName, exportFromProviders). Fix: remove it, or correct the spelling`],
    ['outlier detection with a key it does not take', d => failover(d, { outlierDetection: { intervalSeconds: 10 } }), `${FAILOVER}: unknown key 'intervalSeconds' in outlierDetection (known: consecutive5xxErrors, interval, baseEjectionTime). Fix: remove it, or correct the spelling`],
    ['no consumers', d => failover(d, { consumers: [] }), `${FAILOVER}: consumers is empty, so no mesh would fail over. Fix: list the meshes whose clients fail over, or leave consumers out (every mesh fails over)`],
    ['a namespace that is a number', d => failover(d, { namespace: 12 }), "failover 'f' of '12/ratings': namespace is 12, not a string. Fix: use the Kubernetes namespace of the service (no wildcards)"],
    ['a name that is undefined', d => failover(d, { name: undefined }), "failover 'f' of 'info/undefined': name is undefined, not a string. Fix: use the Kubernetes name of the service (no wildcards)"],
    ['a 1,000,000-character name', d => failover(d, { name: big }), /^failover 'f' of 'info\/x+\.\.\.' \(1000005 characters\): name 'x{236}\.\.\.' \(1000000 characters\) is 1000000 characters long \(at most 63\)\. Fix: /],
    ['outlier detection as text', d => failover(d, { outlierDetection: '3 errors' }), `${FAILOVER}: outlierDetection is '3 errors', not an object. Fix: pass e.g. { consecutive5xxErrors: 3, interval: Duration.seconds(10) }, or leave it out`],
    ['an interval that is a plain object', d => failover(d, { outlierDetection: { interval: { amount: 10, unit: 'seconds' } } }), `${FAILOVER}: outlierDetection.interval is {"amount":10,"unit":"seconds"}, not a Duration. Fix: use e.g. Duration.seconds(10)`],
    ['an interval that is a number of seconds', d => failover(d, { outlierDetection: { interval: 10 } }), `${FAILOVER}: outlierDetection.interval is 10, not a Duration. Fix: use e.g. Duration.seconds(10)`],
    ['a base ejection time that is null', d => failover(d, { outlierDetection: { baseEjectionTime: null } }), `${FAILOVER}: outlierDetection.baseEjectionTime is null, not a Duration. Fix: use e.g. Duration.seconds(10)`],
    ['an interval of NaN seconds', d => failover(d, { outlierDetection: { interval: Duration.seconds(NaN) } }), `${FAILOVER}: outlierDetection.interval is NaN ms, not a whole number of milliseconds. Fix: use e.g. Duration.seconds(10) or Duration.millis(500)`],
    ['an interval of 1.5 ms', d => failover(d, { outlierDetection: { interval: Duration.millis(1.5) } }), `${FAILOVER}: outlierDetection.interval is 1.5 ms, not a whole number of milliseconds. Fix: use e.g. Duration.seconds(10) or Duration.millis(500)`],
    ['an infinite base ejection time', d => failover(d, { outlierDetection: { baseEjectionTime: Duration.hours(Infinity) } }), `${FAILOVER}: outlierDetection.baseEjectionTime is Infinity ms, longer than 9007199254740991 ms (about 285 years), which cannot be written as a duration. Fix: use e.g. Duration.minutes(1)`],
    ['consecutive errors NaN', d => failover(d, { outlierDetection: { consecutive5xxErrors: NaN } }), `${FAILOVER}: outlierDetection.consecutive5xxErrors is NaN, not a whole number. Fix: use a whole number of at least 1 (default 3)`],
    ['consecutive errors Infinity', d => failover(d, { outlierDetection: { consecutive5xxErrors: Infinity } }), `${FAILOVER}: outlierDetection.consecutive5xxErrors is Infinity, not a whole number. Fix: use a whole number of at least 1 (default 3)`],
    ['consecutive errors 2.5', d => failover(d, { outlierDetection: { consecutive5xxErrors: 2.5 } }), `${FAILOVER}: outlierDetection.consecutive5xxErrors is 2.5, not a whole number. Fix: use a whole number of at least 1 (default 3)`],
    ['consecutive errors as text', d => failover(d, { outlierDetection: { consecutive5xxErrors: '3' } }), `${FAILOVER}: outlierDetection.consecutive5xxErrors is '3', not a whole number. Fix: use a whole number of at least 1 (default 3)`],
    ['negative consecutive errors', d => failover(d, { outlierDetection: { consecutive5xxErrors: -1 } }), `${FAILOVER}: outlierDetection.consecutive5xxErrors -1 would never eject an endpoint, so failover would never trigger. Fix: use a whole number of at least 1 (default 3)`],
    ['more consecutive errors than Istio holds', d => failover(d, { outlierDetection: { consecutive5xxErrors: 2 ** 40 } }), `${FAILOVER}: outlierDetection.consecutive5xxErrors 1099511627776 is more than 4294967295, the most Istio holds. Fix: use a whole number of at least 1 (default 3)`],
    ['exportFromProviders as text', d => failover(d, { exportFromProviders: 'false' }), `${FAILOVER}: exportFromProviders is 'false', not true or false. Fix: pass false when you export the service yourself, or leave it out`],
    ['a DestinationRule name that is a number', d => failover(d, { destinationRuleName: 42 }), `${FAILOVER}: destinationRuleName is 42, not a string. Fix: use a name like 'ratings-failover'`],
  ])('%s', (_what, run, expected) => {
    const d = docsMeshes();
    const { problems } = refusal(d, () => run(d));
    expect(problems).toEqual(expect.arrayContaining([typeof expected === 'string' ? expected : expect.stringMatching(expected)]));
  });

  test('two failovers with one id: the id and the fix, and the first one untouched', () => {
    const d = docsMeshes();
    failover(d, {});
    const { problems } = refusal(d, () => failover(d, { name: 'reviews' }));
    expect(problems).toEqual(["failover 'f': id is already taken by FailoverImport 'federation/f' in 'federation'. Fix: give every failover its own id"]);
  });

  test('a construct that already has an id a failover part needs', () => {
    const d = docsMeshes();
    d.green.addServiceImport('Failover-f-from-red-mesh', { peer: d.red });
    const { problems } = refusal(d, () => failover(d, {}));
    expect(problems).toEqual([`${FAILOVER}: needs the construct id 'Failover-f-from-red-mesh' in mesh 'green-mesh', which ServiceImport 'green-mesh/Failover-f-from-red-mesh' already takes. Fix: give the failover another id, or rename that construct`]);
  });

  test('all the problems of one failover are reported together', () => {
    const d = docsMeshes();
    const { problems } = refusal(d, () => failover(d, { namespace: 'Info', consumers: 'green-mesh', outlierDetection: { consecutive5xxErrors: NaN, interval: {} } }));
    expect(problems).toHaveLength(4);
  });
});

describe('peerings made directly', () => {
  test.each<[string, (d: Docs) => unknown, string | RegExp]>([
    ['a mesh that is undefined', d => new MeshPeering(d.federation, 'p', { meshA: undefined as any, meshB: d.red }), "peering 'p': meshA is undefined, not a Mesh. Fix: pass meshes made by federation.addMesh(), or use federation.addPeering(a, b)"],
    ['a mesh that is a name', d => new MeshPeering(d.federation, 'p', { meshA: d.red, meshB: 'green-mesh' as any }), "peering 'p': meshB is 'green-mesh', not a Mesh. Fix: pass meshes made by federation.addMesh(), or use federation.addPeering(a, b)"],
    ['no props', d => new MeshPeering(d.federation, 'p', null as any), "peering 'p': props are null, not an object. Fix: pass { meshA, meshB }, or use federation.addPeering(a, b)"],
    ['a mesh with itself', d => new MeshPeering(d.federation, 'p', { meshA: d.red, meshB: d.red }), "peering 'p': meshA and meshB are both 'red-mesh'; a mesh cannot peer with itself. Fix: pass two different meshes"],
    ['a pair already peered', d => new MeshPeering(d.federation, 'again', { meshA: d.red, meshB: d.green }), "mesh 'red-mesh': Construct 'red-mesh/Peer-green-mesh' already takes the id 'Peer-green-mesh' the peering with 'green-mesh' needs. Fix: peer each pair of meshes once"],
    ['an id already taken', d => new MeshPeering(d.federation, 'blue-mesh+green-mesh', { meshA: d.red, meshB: d.green }), /^peering 'blue-mesh\+green-mesh': id is already taken by MeshPeering 'federation\/blue-mesh\+green-mesh' in 'federation'\. Fix: peer each pair of meshes once$/],
  ])('%s', (_what, run, expected) => {
    const d = docsMeshes();
    const { problems } = refusal(d, () => run(d));
    expect(problems).toEqual(expect.arrayContaining([typeof expected === 'string' ? expected : expect.stringMatching(expected)]));
  });
});

test('refused declarations leave nothing behind: the output is that of a federation without them', () => {
  const d = docsMeshes();
  const attempts: Array<() => unknown> = [
    () => d.red.addServiceExport('to-green', { peer: 'green-mesh' } as any),
    () => d.red.addServiceExport('ControlPlane', { peer: d.green }),
    () => d.green.addServiceImport('from-red', { peer: d.red, locality: 'us' as any }),
    () => failover(d, { outlierDetection: { interval: {} } }),
    () => new MeshPeering(new Construct(new App(), 'elsewhere'), 'p', { meshA: d.red, meshB: undefined as any }),
  ];
  for (const attempt of attempts) expect(attempt).toThrow(expect.objectContaining({ name: 'FederationError' }));
  expect(synthByChart(d.app)).toEqual(synthByChart(docsMeshes().app));
});

describe('any value in any prop: a FederationError or a declaration, never another error or a half-built construct', () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const hostile: unknown[] = [
    undefined, null, 0, -1, 1.5, NaN, Infinity, '', '*', 'x', big, [], ['a'], 'a,b', {}, { a: 1 }, true, Symbol('s'), 10n, () => 1,
    new Map(), Duration.seconds(1), circular, Object.create(null), JSON.parse('{"__proto__": 1}'), { constructor: 'x' },
  ];
  /** Each entry point, with valid props to break one at a time. */
  const entries: Array<[string, (d: Docs) => Record<string, unknown>, (d: Docs, props: any) => unknown]> = [
    ['addServiceExport', d => ({ peer: d.green }), (d, p) => d.red.addServiceExport('e', p)],
    ['export addNameRule', () => ({ namespace: 'info', name: 'ratings', alias: { namespace: 'info', name: 'r' } }), (d, p) => exportTo(d).addNameRule(p)],
    ['export addLabelRule', () => ({ namespace: 'shop', matchLabels: { a: 'b' }, matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }], aliases: [{ namespace: '*', name: '*', alias: { namespace: 'info' } }] }), (d, p) => exportTo(d).addLabelRule(p)],
    ['addServiceImport', d => ({ peer: d.red, domainSuffix: 'svc.x.local', locality: { region: 'r' } }), (d, p) => d.green.addServiceImport('i', p)],
    ['import addNameRule', () => ({ namespace: 'info', name: 'ratings', alias: { namespace: 'info' }, importAsLocal: true }), (d, p) => importFrom(d).addNameRule(p)],
    ['addFailoverImport', d => ({ namespace: 'info', name: 'ratings', meshes: [d.green, d.red], consumers: [d.green], outlierDetection: { consecutive5xxErrors: 3, interval: Duration.seconds(5) }, destinationRuleName: 'r', exportFromProviders: false }), (d, p) => d.federation.addFailoverImport('f', p)],
    ['new MeshPeering', d => ({ meshA: d.red, meshB: d.green }), (d, p) => new MeshPeering(d.federation, 'p', p)],
  ];
  test.each(entries)('%s', (_name, valid, run) => {
    const d = docsMeshes();
    const cases: unknown[] = [...hostile, ...Object.keys(valid(d)).flatMap(prop => hostile.map(v => ({ ...valid(d), [prop]: v })))];
    for (const props of cases) {
      const e = docsMeshes();
      const before = paths(e.app);
      try {
        run(e, props);
      } catch (error) {
        expect([props, (error as Error).name, (error as Error).message.length < 5000]).toEqual([props, 'FederationError', true]);
        expect(paths(e.app).filter(p => !before.includes(p) && !/\/(x|ExportedServiceSet-green-mesh|ImportedServiceSet-red-mesh)$/.test(p))).toEqual([]);
      }
    }
  });
});
