// Export scope on multi-network Istio: the cross-network Gateway of a cluster rendered from a
// federation lists only the services its mesh exported (CrossNetworkExposure.exportedServices(),
// the default), the migration report says what narrows and what widens, the switch gives back
// '*.local', and a host list given by hand is checked host by host.
import { App, Testing } from 'cdk8s';
import {
  CrossNetworkExposure, CrossNetworkExposureKind, FederatedMesh, LoadBalancerScheme, MultiNetworkMesh, Platform,
} from '../src';
import { describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { federationError } from './support/run';
import { find, synthAll, synthByChart } from './support/synth';
import { threeMeshMultiNetwork } from '../examples/three-mesh-multi-network/multi-network';

const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });
const gateways = (objs: any[]) => objs.filter(o => o.kind === 'Gateway' && o.metadata.name === 'cross-network-gateway');
/** The hosts of a cluster's cross-network Gateway, or undefined when it has none. */
function gatewayHosts(objs: any[]): string[] | undefined {
  const found = gateways(objs);
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.spec.servers[0].hosts;
}

/** red exports ratings to green, every service of 'info' to blue; green exports by label to red; blue nothing. */
function smallFederation() {
  const federation = new FederatedMesh(new App(), 'federation');
  const red = federation.addMesh('red-mesh', { platform: gcp(), dnsDomain: 'r.example.com' });
  const green = federation.addMesh('green-mesh', { platform: gcp(), dnsDomain: 'g.example.com' });
  const blue = federation.addMesh('blue-mesh', { platform: gcp(), dnsDomain: 'b.example.com' });
  red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'bookinfo', name: 'ratings' });
  red.addServiceExport('to-blue', { peer: blue }).addNameRule({ namespace: 'info', name: '*' });
  green.addServiceExport('to-red', { peer: red }).addLabelRule({ namespace: 'shop', matchLabels: { export: 'true' } });
  return { federation, red, green, blue };
}

/** The lines of the report's exposure section, without its last empty line. */
function exposureSection(markdown: string): string[] {
  const start = markdown.indexOf('## Cross-network exposure');
  const end = markdown.indexOf('## What cannot carry over');
  expect(start).toBeGreaterThan(0);
  return markdown.slice(start, end).trimEnd().split('\n');
}

describe('the migrated three-mesh example', () => {
  const app = Testing.app();
  const mesh = threeMeshMultiNetwork(app);
  const byCluster = synthByChart(app);

  test('each cross-network Gateway lists exactly the services its mesh exported, by their local names', () => {
    expect(gatewayHosts(byCluster['red-mesh'])).toEqual(['ratings.bookinfo.svc.cluster.local', 'reviews.bookinfo.svc.cluster.local']);
    expect(gatewayHosts(byCluster['green-mesh'])).toEqual(['*.inventory.svc.cluster.local']);
    // blue-mesh exports nothing: no cross-network Gateway at all (a server needs at least one host).
    expect(gatewayHosts(byCluster['blue-mesh'])).toBeUndefined();
    expect(mesh.clusters.map(c => [c.name, c.crossNetworkHosts])).toEqual([
      ['blue-mesh', []],
      ['green-mesh', ['*.inventory.svc.cluster.local']],
      ['red-mesh', ['ratings.bookinfo.svc.cluster.local', 'reviews.bookinfo.svc.cluster.local']],
    ]);
    // The rest of the cluster is unchanged: the east-west gateway still runs on blue-mesh.
    expect(find(byCluster['blue-mesh'], 'Service', 'istio-eastwestgateway').spec.type).toBe('LoadBalancer');
    expect(find(byCluster['red-mesh'], 'Gateway', 'cross-network-gateway', 'istio-system').spec).toEqual({
      selector: { istio: 'eastwestgateway' },
      servers: [{
        port: { number: 15443, name: 'tls', protocol: 'TLS' },
        tls: { mode: 'AUTO_PASSTHROUGH' },
        hosts: ['ratings.bookinfo.svc.cluster.local', 'reviews.bookinfo.svc.cluster.local'],
      }],
    });
    expect(mesh.warnings()).toEqual([]);
  });

  test('the report lists the hosts per cluster and the service that becomes reachable from blue-mesh', () => {
    const section = exposureSection(mesh.migrationReportMarkdown());
    expect(section.slice(4, 9)).toEqual([
      '| Cluster | Hosts exposed to the other networks |',
      '|---|---|',
      '| blue-mesh | none: the mesh exports nothing, so the cluster has no cross-network Gateway |',
      '| green-mesh | `*.inventory.svc.cluster.local` |',
      '| red-mesh | `ratings.bookinfo.svc.cluster.local`, `reviews.bookinfo.svc.cluster.local` |',
    ]);
    expect(section).toContain('- green-mesh: `inventory/*`, exported to \'red-mesh\' only, now reachable from \'blue-mesh\' too');
    expect(section).toContain('- red-mesh: `bookinfo/reviews`, exported to \'green-mesh\' only, now reachable from \'blue-mesh\' too');
    // ratings went to both peers: its scope does not change.
    expect(section.filter(l => l.includes('bookinfo/ratings'))).toEqual([]);
  });

  describeWithCrds('schemas', () => {
    test('every Gateway of the migrated example validates against the Istio Gateway CRD', () => {
      const all = synthAll(app);
      expect(gateways(all)).toHaveLength(2);
      expect(manifestsProblems(gateways(all))).toEqual([]);
      expect(manifestsProblems(all)).toEqual([]);
    });
  });
});

describe('hosts of each kind of export rule', () => {
  test('name, wildcard name, label selector, and a mesh that exports nothing', () => {
    const { federation } = smallFederation();
    const app = Testing.app();
    const mesh = MultiNetworkMesh.fromFederation(app, 'mesh', federation, { meshId: 'mesh1' });
    const byCluster = synthByChart(app);
    expect(gatewayHosts(byCluster['red-mesh'])).toEqual(['*.info.svc.cluster.local', 'ratings.bookinfo.svc.cluster.local']);
    // A label selector picks services known only at run time: the narrowest correct host is the namespace.
    expect(gatewayHosts(byCluster['green-mesh'])).toEqual(['*.shop.svc.cluster.local']);
    expect(gatewayHosts(byCluster['blue-mesh'])).toBeUndefined();
    expect(mesh.warnings()).toEqual([]);
  });

  test('a wildcard namespace takes the member namespaces the description declares, each once and sorted', () => {
    const federation = new FederatedMesh(new App(), 'federation');
    const red = federation.addMesh('red-mesh', { platform: gcp(), dnsDomain: 'r.example.com' });
    const green = federation.addMesh('green-mesh', { platform: gcp(), dnsDomain: 'g.example.com' });
    red.addMemberNamespace('shop');
    const toGreen = red.addServiceExport('to-green', { peer: green });
    toGreen.addNameRule({ namespace: 'bookinfo', name: 'ratings' });
    toGreen.addNameRule({ namespace: '*', name: 'ratings' });
    const mesh = MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', federation, { meshId: 'mesh1' });
    expect(mesh.findCluster('red-mesh')!.crossNetworkHosts).toEqual(['ratings.bookinfo.svc.cluster.local', 'ratings.shop.svc.cluster.local']);
    expect(exposureSection(mesh.migrationReportMarkdown()).slice(-2)).toEqual([
      '',
      '- mesh \'red-mesh\': export to \'green-mesh\' \'to-green\' addNameRule(\'*\', \'ratings\'): `ratings.bookinfo.svc.cluster.local`, `ratings.shop.svc.cluster.local`: service \'ratings\' of each member namespace the description declares; a namespace that joins the mesh otherwise is not exposed (declare it with addMemberNamespace(), or list it in clusterSettings[\'red-mesh\'].crossNetworkHosts)',
    ]);
    // A namespace declared after fromFederation() counts: the hosts are read at synth.
    red.addMemberNamespace('catalog');
    expect(mesh.findCluster('red-mesh')!.crossNetworkHosts).toEqual([
      'ratings.bookinfo.svc.cluster.local', 'ratings.catalog.svc.cluster.local', 'ratings.shop.svc.cluster.local',
    ]);
  });

  test('a wildcard namespace without any declared member namespace exposes nothing, with a warning', () => {
    const federation = new FederatedMesh(new App(), 'federation');
    const red = federation.addMesh('red-mesh', { platform: gcp(), dnsDomain: 'r.example.com' });
    const green = federation.addMesh('green-mesh', { platform: gcp(), dnsDomain: 'g.example.com' });
    red.addServiceExport('to-green', { peer: green }).addLabelRule({ namespace: '*', matchLabels: { export: 'true' } });
    const app = Testing.app();
    const mesh = MultiNetworkMesh.fromFederation(app, 'mesh', federation, { meshId: 'mesh1' });
    expect(gatewayHosts(synthByChart(app)['red-mesh'])).toBeUndefined();
    expect(mesh.warnings()).toEqual([
      'mesh \'red-mesh\': export to \'green-mesh\' \'to-green\' addLabelRule(\'*\'): exports from any namespace, but the description declares no member namespace of mesh \'red-mesh\', so its multi-network cluster exposes nothing for this rule to the other networks (CrossNetworkExposure.exportedServices()). Consider declaring the namespaces with addMemberNamespace(), or listing the hosts in clusterSettings[\'red-mesh\'].crossNetworkHosts',
    ]);
    expect(exposureSection(mesh.migrationReportMarkdown())).toContain(
      '- mesh \'red-mesh\': export to \'green-mesh\' \'to-green\' addLabelRule(\'*\'): nothing: the rule exports every service of any member namespace, and the description declares none of the mesh\'s member namespaces; declare them with addMemberNamespace(), or list the hosts in clusterSettings[\'red-mesh\'].crossNetworkHosts');
  });

  test('an export declared after fromFederation() counts; one that gives a mesh its first export is an error at synth', () => {
    const { federation, red, green, blue } = smallFederation();
    const app = Testing.app();
    const mesh = MultiNetworkMesh.fromFederation(app, 'mesh', federation, { meshId: 'mesh1' });
    red.addServiceExport('more', { peer: green }).addNameRule({ namespace: 'bookinfo', name: 'details' });
    expect(mesh.findCluster('red-mesh')!.crossNetworkHosts).toContain('details.bookinfo.svc.cluster.local');
    expect(synthAll(app).length).toBeGreaterThan(0);
    blue.addServiceExport('first', { peer: red }).addNameRule({ namespace: 'web', name: 'front' });
    const error = federationError(() => synthAll(app));
    expect(error.problems).toEqual([
      'cluster \'blue-mesh\': fromFederation() gave it no cross-network Gateway from what mesh \'blue-mesh\' exported then, but the mesh now exports \'front.web.svc.cluster.local\'. Fix: declare every export of the federation before calling MultiNetworkMesh.fromFederation(), or set clusterSettings[\'blue-mesh\'].crossNetworkHosts',
    ]);
  });
});

describe('the migration report', () => {
  test('the exposure section of a small federation, line for line', () => {
    const mesh = MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', smallFederation().federation, { meshId: 'mesh1' });
    expect(exposureSection(mesh.migrationReportMarkdown())).toEqual([
      '## Cross-network exposure',
      '',
      'Each cluster\'s `cross-network-gateway` exposes only the services its mesh exported, to any peer, by their own names (`CrossNetworkExposure.exportedServices()`); a service that was never exported stays unreachable from the other networks, as in the federation.',
      '',
      '| Cluster | Hosts exposed to the other networks |',
      '|---|---|',
      '| blue-mesh | none: the mesh exports nothing, so the cluster has no cross-network Gateway |',
      '| green-mesh | `*.shop.svc.cluster.local` |',
      '| red-mesh | `*.info.svc.cluster.local`, `ratings.bookinfo.svc.cluster.local` |',
      '',
      'Istio merges the endpoints of the Services of one namespace and name across clusters, whatever each cluster exposes: where',
      'a service also runs on a cluster that does not expose it, the other clusters still send part of its calls there, and that',
      'cluster\'s east-west gateway refuses them. Give such services other names, or keep their host cluster-local on the calling',
      'clusters (`meshConfig.serviceSettings` with `settings.clusterLocal: true`, in `clusterSettings[<mesh>].istioValues`).',
      '',
      'Per-peer scope becomes per-mesh scope: a service exported to some peers is now reachable from every cluster of the mesh. Reachable from more clusters than before:',
      '',
      '- green-mesh: `shop/*`, exported to \'red-mesh\' only, now reachable from \'blue-mesh\' too',
      '- red-mesh: `info/*`, exported to \'blue-mesh\' only, now reachable from \'green-mesh\' too',
      '- red-mesh: `bookinfo/ratings`, exported to \'green-mesh\' only, now reachable from \'blue-mesh\' too',
      '',
      'To keep per-caller scope, allow only the callers of each such service with an AuthorizationPolicy in its namespace',
      '(`from.source.principals`, `<trust domain>/ns/<namespace>/sa/<service account>`). Mutual TLS runs end to end through the',
      'AUTO_PASSTHROUGH gateway, so the policy sees the calling workload\'s own identity, not the federation ingress gateway\'s',
      '(`<trust domain>/ns/<control-plane namespace>/sa/<ingress>-service-account`) that services behind a federation saw: rewrite',
      'policies that allowed that identity. Identities carry no cluster name: a caller with the same namespace and service account in',
      'another cluster matches too. The trust domains in `trustDomainAliases` (by default the federation meshes\') count as one, so',
      'a principal that names any of them matches callers of every cluster.',
      '',
      'Where the hosts differ from what the federation exported:',
      '',
      '- mesh \'green-mesh\': export to \'red-mesh\' \'to-red\' addLabelRule(\'shop\'): `*.shop.svc.cluster.local`: every service of namespace \'shop\', not only those the label selector picks (their names are not known before they run)',
      '- mesh \'red-mesh\': export to \'blue-mesh\' \'to-blue\' addNameRule(\'info\', \'*\'): `*.info.svc.cluster.local`: every service of namespace \'info\', as the export; also those the federation did not export (a Service whose exportTo hides it from the control plane, a service imported there with importAsLocal)',
    ]);
    const label = mesh.migrationReport().find(e => e.kind === 'label-export')!;
    expect(label.fix).toBe('nothing to do for the selected services; the cross-network Gateway exposes every service of namespace \'shop\' (*.shop.svc.cluster.local), so the services the selector left out there are reachable from every cluster too: restrict them with AuthorizationPolicies, or list the selected services in clusterSettings[\'green-mesh\'].crossNetworkHosts');
  });

  test('an export to the only other mesh: no service becomes reachable from more clusters, no AuthorizationPolicy advice', () => {
    const federation = new FederatedMesh(new App(), 'federation');
    const red = federation.addMesh('red-mesh', { platform: gcp(), dnsDomain: 'r.example.com' });
    const green = federation.addMesh('green-mesh', { platform: gcp(), dnsDomain: 'g.example.com' });
    red.addServiceExport('to-green', { peer: green }).addNameRule({ namespace: 'bookinfo', name: 'ratings' });
    const section = exposureSection(MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', federation, { meshId: 'mesh1' }).migrationReportMarkdown());
    expect(section).toContain('Every exported service was exported to every other mesh: none becomes reachable from more clusters.');
    expect(section.some(l => l.includes('AuthorizationPolicy'))).toBe(false);
  });
});

describe('switching exposure off, and hosts given per cluster', () => {
  test('CrossNetworkExposure.allServices() gives back *.local on every cluster, and the report says so', () => {
    const app = Testing.app();
    const mesh = MultiNetworkMesh.fromFederation(app, 'mesh', smallFederation().federation, {
      meshId: 'mesh1', crossNetworkExposure: CrossNetworkExposure.allServices(),
    });
    const byCluster = synthByChart(app);
    for (const name of ['blue-mesh', 'green-mesh', 'red-mesh']) expect(gatewayHosts(byCluster[name])).toEqual(['*.local']);
    const section = exposureSection(mesh.migrationReportMarkdown());
    expect(section[2]).toBe('Switched off (`CrossNetworkExposure.allServices()`): each cluster\'s `cross-network-gateway` exposes `*.local`, so every service of every cluster is reachable from every other cluster, exported or not, as with plain multi-network Istio.');
    expect(section).toContain('| blue-mesh | `*.local` |');
    expect(section).not.toContain('Where the hosts differ from what the federation exported:');
    // The label export's advice is the one of plain multi-network again.
    expect(mesh.migrationReport().find(e => e.kind === 'label-export')!.fix)
      .toBe('nothing to do for the selected services; the services the selector left out are reachable from every cluster too, so restrict them with AuthorizationPolicies');
    expect(CrossNetworkExposure.allServices().kind).toBe(CrossNetworkExposureKind.ALL_SERVICES);
    expect(CrossNetworkExposure.exportedServices().kind).toBe(CrossNetworkExposureKind.EXPORTED_SERVICES);
  });

  test('clusterSettings crossNetworkHosts win over the exports, also on a mesh that exports nothing', () => {
    const app = Testing.app();
    const mesh = MultiNetworkMesh.fromFederation(app, 'mesh', smallFederation().federation, {
      meshId: 'mesh1', clusterSettings: { 'blue-mesh': { crossNetworkHosts: ['front.web.svc.cluster.local'] } },
    });
    expect(gatewayHosts(synthByChart(app)['blue-mesh'])).toEqual(['front.web.svc.cluster.local']);
    expect(exposureSection(mesh.migrationReportMarkdown())).toContain('| blue-mesh | `front.web.svc.cluster.local` (clusterSettings) |');
  });

  test('a plain MultiNetworkMesh keeps *.local unless the cluster lists its hosts', () => {
    const app = Testing.app();
    const mesh = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' });
    mesh.addCluster('cluster1', { platform: gcp(), network: 'network1' });
    const hosts = ['*.bookinfo.svc.cluster.local', 'ratings.shop.svc.cluster.local'];
    const cluster2 = mesh.addCluster('cluster2', { platform: gcp(), network: 'network2', crossNetworkHosts: hosts });
    hosts.push('changed.after.svc.cluster.local');
    const byCluster = synthByChart(app);
    expect(gatewayHosts(byCluster.cluster1)).toEqual(['*.local']);
    expect(gatewayHosts(byCluster.cluster2)).toEqual(['*.bookinfo.svc.cluster.local', 'ratings.shop.svc.cluster.local']);
    expect(cluster2.crossNetworkHosts).toEqual(['*.bookinfo.svc.cluster.local', 'ratings.shop.svc.cluster.local']);
    expect(mesh.migrationReportMarkdown()).not.toContain('Cross-network exposure');
  });

  describeWithCrds('schemas', () => {
    test('a Gateway with hosts given by hand validates', () => {
      const app = Testing.app();
      new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1' })
        .addCluster('c', { platform: gcp(), crossNetworkHosts: ['*.bookinfo.svc.cluster.local', 'ratings.shop.svc.cluster.local'] });
      expect(manifestsProblems(gateways(synthAll(app)))).toEqual([]);
    });
  });
});

describe('hostile host lists', () => {
  const C = "cluster 'a': ";
  const FIX = "Fix: list service hosts such as 'ratings.bookinfo.svc.cluster.local' or '*.bookinfo.svc.cluster.local', or leave crossNetworkHosts out to expose every service ('*.local')";
  const add = (crossNetworkHosts: unknown) => {
    const mesh = new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: 'mesh1' });
    try {
      mesh.addCluster('a', { platform: gcp(), crossNetworkHosts: crossNetworkHosts as string[] });
    } finally {
      // A refused declaration leaves no cluster behind.
      expect(mesh.clusters).toEqual([]);
    }
  };
  test.each<[string, unknown, string[]]>([
    ['a string', '*.local', [`${C}crossNetworkHosts is '*.local', not a list of hosts. Fix: pass the hosts to expose, e.g. ['ratings.bookinfo.svc.cluster.local'], or leave it out to expose every service ('*.local')`]],
    ['a number in the list', ['*.local', 7], [`${C}crossNetworkHosts is ["*.local",7], not a list of hosts. Fix: pass the hosts to expose, e.g. ['ratings.bookinfo.svc.cluster.local'], or leave it out to expose every service ('*.local')`]],
    ['a huge list', new Array(20_000).fill('a.b.local'), [`${C}crossNetworkHosts has 20000 entries (at most 10000). Fix: pass the hosts to expose, e.g. ['ratings.bookinfo.svc.cluster.local'], or leave it out to expose every service ('*.local')`]],
    ['an empty list', [], [`${C}crossNetworkHosts is empty; an Istio Gateway server needs at least one host (the validation webhook refuses an empty list). ${FIX}`]],
    ['a namespace/ prefix', ['bookinfo/*.local'], [`${C}crossNetworkHosts has 'bookinfo/*.local', with a namespace/ prefix; the prefix selects VirtualServices, an AUTO_PASSTHROUGH server has none, and Istio drops it before matching service names, so it would restrict nothing. Fix: name the namespace in the host instead, e.g. '*.bookinfo.svc.cluster.local'`]],
    ['a bare wildcard', ['*'], [`${C}crossNetworkHosts has '*', which matches every host, also outside the cluster's own services. ${FIX}`]],
    ['a partial wildcard', ['rat*.bookinfo.svc.cluster.local', '*.*.local'], [
      `${C}crossNetworkHosts has 'rat*.bookinfo.svc.cluster.local', a partial wildcard; only a whole first label may be '*' (e.g. '*.bookinfo.svc.cluster.local'). ${FIX}`,
      `${C}crossNetworkHosts has '*.*.local', a partial wildcard; only a whole first label may be '*' (e.g. '*.bookinfo.svc.cluster.local'). ${FIX}`,
    ]],
    ['upper case and a short name', ['Ratings.bookinfo.svc.cluster.local', 'ratings'], [
      `${C}crossNetworkHosts has 'Ratings.bookinfo.svc.cluster.local', which is not a DNS name with an optional leading '*.': the label 'Ratings' is not a DNS-1123 label (lower case letters, digits and '-', at most 63). ${FIX}`,
      `${C}crossNetworkHosts has 'ratings', which is not a DNS name with an optional leading '*.': Istio refuses a short name in a Gateway (it needs a fully qualified name). ${FIX}`,
    ]],
    ['an empty label and a control character', ['ratings..local', 'a\nb.local'], [
      `${C}crossNetworkHosts has 'ratings..local', which is not a DNS name with an optional leading '*.': the label '' is not a DNS-1123 label (lower case letters, digits and '-', at most 63). ${FIX}`,
      `${C}crossNetworkHosts has 'a\\nb.local', which is not a DNS name with an optional leading '*.': the label 'a\\nb' is not a DNS-1123 label (lower case letters, digits and '-', at most 63). ${FIX}`,
    ]],
    ['a host too long', [`${'a.'.repeat(130)}local`], [expect.stringMatching(/^cluster 'a': crossNetworkHosts has 'a\.a\.a.*' \(265 characters\), which is not a DNS name with an optional leading '\*\.': it is 265 characters long \(at most 253\)\. Fix: /) as any]],
    ['a host twice', ['ratings.bookinfo.svc.cluster.local', '*.local', 'ratings.bookinfo.svc.cluster.local'], [`${C}crossNetworkHosts lists 'ratings.bookinfo.svc.cluster.local' twice. Fix: list each host once`]],
  ])('%s', (_name, value, expected) => {
    expect(federationError(() => add(value)).problems).toEqual(expected);
  });

  test('fromFederation(): the same checks on clusterSettings, and crossNetworkExposure of the wrong type, before any mesh exists', () => {
    const app = Testing.app();
    const error = federationError(() => MultiNetworkMesh.fromFederation(app, 'mesh', smallFederation().federation, {
      meshId: 'mesh1',
      crossNetworkExposure: 'exported' as any,
      clusterSettings: { 'red-mesh': { crossNetworkHosts: [] }, 'green-mesh': { crossNetworkHosts: 'x' as any } },
    }));
    expect(error.problems).toEqual([
      "multi-network mesh 'mesh': crossNetworkExposure is 'exported', not a CrossNetworkExposure. Fix: use CrossNetworkExposure.exportedServices() or CrossNetworkExposure.allServices(), or leave it out",
      "multi-network mesh 'mesh': clusterSettings['red-mesh'].crossNetworkHosts is empty; an Istio Gateway server needs at least one host (the validation webhook refuses an empty list). Fix: list service hosts such as 'ratings.bookinfo.svc.cluster.local' or '*.bookinfo.svc.cluster.local', or leave crossNetworkHosts out to expose every service ('*.local')",
      "multi-network mesh 'mesh': clusterSettings['green-mesh'].crossNetworkHosts is 'x', not a list of hosts. Fix: pass the hosts to expose, e.g. ['ratings.bookinfo.svc.cluster.local'], or leave it out to expose every service ('*.local')",
    ]);
    expect(app.node.children).toEqual([]);
  });
});
