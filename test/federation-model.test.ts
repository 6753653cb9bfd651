// Unit tests of the federation's pure functions: naming, addressing, resolution, the control
// plane spec, rendering and the checks, on plain declarations (no construct, no chart).
import { Duration, Testing } from 'cdk8s';
import { FederatedMesh, GatewayNaming, LoadBalancerScheme, Platform } from '../src';
import { declaredMesh, exportNameRule, importNameRule, model } from './support/declarations';
import { manualStepsMarkdown } from '../src/core/manual-steps-report';
import { describeValue } from '../src/core/output';
import { addressSource, allocateNodePorts, ingressSourceRanges, remoteFor } from '../src/federation/addressing';
import { federationFindings, declaredFindings } from '../src/federation/checks/federation';
import { meshPropProblems } from '../src/federation/checks/mesh-props';
import { peerProblems } from '../src/federation/checks/peers';
import { sharingProblems } from '../src/federation/checks/sharing';
import { controlPlaneSpec } from '../src/federation/control-plane';
import { istioDuration } from '../src/federation/failover-rule';
import { versionOf } from '../src/federation/model/resolve';
import { clientId, egressGatewayName, ingressGatewayName, ingressHostname, rootCertConfigMapName } from '../src/federation/naming';
import { exportSetSpec, importSetSpec, peerSpec } from '../src/federation/render';
import { exportOutputsOf, resolveImportRules } from '../src/federation/resolution';

const nodePort = (extra: object = {}) => Platform.nodePort({ nodeAddresses: ['192.0.2.10'], ...extra });

describe('naming', () => {
  test('gateway names, client ID, root-cert ConfigMap and DNS name follow the naming convention', () => {
    const docs = declaredMesh('red-mesh', { dnsDomain: 'apps.example.com' });
    expect(ingressGatewayName(docs, 'green-mesh')).toBe('ingress-green-mesh');
    expect(egressGatewayName(docs, 'green-mesh')).toBe('egress-green-mesh');
    expect(clientId(docs, 'green-mesh')).toBe('red-mesh.local/ns/red-mesh-system/sa/egress-green-mesh-service-account');
    expect(rootCertConfigMapName('red-mesh')).toBe('red-mesh-ca-root-cert');
    expect(ingressHostname(docs, 'green-mesh')).toBe('ingress-green-mesh.red-mesh-system.apps.example.com');
    const samples = declaredMesh('mesh1', { gatewayNaming: GatewayNaming.maistraSamples(), trustDomain: 'mesh1.example', namespace: 'fed-export' });
    expect(clientId(samples, 'mesh2')).toBe('mesh1.example/ns/fed-export/sa/mesh2-egress-service-account');
  });

  test('version: the mesh\'s own, else the one in controlPlaneSpec, else v2.6', () => {
    expect(versionOf(declaredMesh('a', { version: 'v2.4' }))).toBe('v2.4');
    expect(versionOf(declaredMesh('a', { controlPlaneSpec: { version: 'v2.5' } }))).toBe('v2.5');
    expect(versionOf(declaredMesh('a'))).toBe('v2.6');
  });
});

describe('addressing', () => {
  test('node ports: pinned pairs kept, the others allocated two by two in peer order, skipping pinned ports', () => {
    const mesh = declaredMesh('a', { platform: nodePort({ firstNodePort: 30000, nodePorts: { c: { servicePort: 30001, discoveryPort: 30100 } } }) });
    expect([...allocateNodePorts(mesh, ['b', 'c', 'd'])]).toEqual([
      ['b', { servicePort: 30000, discoveryPort: 30002 }],
      ['c', { servicePort: 30001, discoveryPort: 30100 }],
      ['d', { servicePort: 30003, discoveryPort: 30004 }],
    ]);
    expect(allocateNodePorts(declaredMesh('a'), ['b']).size).toBe(0);
  });

  test('the remote address: ingressAddresses, else node addresses with node ports, else the dnsDomain name, else none', () => {
    const explicit = { ...declaredMesh('a', { ingressAddresses: { b: ['203.0.113.1'] }, dnsDomain: 'x.example.com' }), nodePorts: new Map() };
    expect(remoteFor(explicit, 'b')).toEqual({ addresses: ['203.0.113.1'], servicePort: 15443, discoveryPort: 8188 });
    expect(addressSource(explicit, 'b')).toEqual({ source: 'explicit' });
    const dns = { ...declaredMesh('a', { dnsDomain: 'x.example.com', externalDns: true }), nodePorts: new Map() };
    expect(remoteFor(dns, 'b')).toEqual({ addresses: ['ingress-b.a-system.x.example.com'], servicePort: 15443, discoveryPort: 8188 });
    expect(addressSource(dns, 'b')).toEqual({ source: 'dns', hostname: 'ingress-b.a-system.x.example.com' });
    expect(addressSource({ ...dns, options: { ...dns.options, externalDns: false } }, 'b').source).toBe('dns-manual');
    const np = declaredMesh('a', { platform: nodePort() });
    const withPorts = { ...np, nodePorts: allocateNodePorts(np, ['b']) };
    expect(remoteFor(withPorts, 'b')).toEqual({ addresses: ['192.0.2.10'], servicePort: 30443, discoveryPort: 30444 });
    expect(remoteFor({ ...declaredMesh('a'), nodePorts: new Map() }, 'b')).toEqual({ servicePort: 15443, discoveryPort: 8188 });
    expect(addressSource(declaredMesh('a'), 'b')).toEqual({ source: 'none' });
  });

  test('source ranges of an ingress: the peer\'s egress ranges win over the mesh\'s own; none on NodePort', () => {
    const peer = declaredMesh('b', { egressSourceRanges: ['198.51.100.0/24'] });
    expect(ingressSourceRanges(declaredMesh('a', { ingressSourceRanges: ['10.0.0.0/8'] }), peer)).toEqual(['198.51.100.0/24']);
    expect(ingressSourceRanges(declaredMesh('a', { ingressSourceRanges: ['10.0.0.0/8'] }), declaredMesh('c'))).toEqual(['10.0.0.0/8']);
    expect(ingressSourceRanges(declaredMesh('a', { platform: nodePort(), ingressSourceRanges: ['10.0.0.0/8'] }), peer)).toBeUndefined();
  });
});

describe('resolution', () => {
  const red = declaredMesh('red');
  const green = declaredMesh('green');
  const exportRules = [exportNameRule('red', 'green', 'info', 'ratings', { name: 'red-ratings' }), exportNameRule('red', 'green', 'info', '*')];
  const resolved = model([red, green], [['red', 'green']],
    [{ mesh: 'red', peer: 'green', id: 'e', foreignPeer: false, rules: exportRules }],
    [{ mesh: 'green', peer: 'red', id: 'i', domainSuffix: 'svc.imported.local', rules: [importNameRule('green', 'red', 'info', 'red-ratings'), importNameRule('green', 'red', 'info', '*')] }]);

  test('peers come from the peerings; sets are grouped by peer', () => {
    expect(resolved.mesh('red')!.peers).toEqual(['green']);
    expect([...resolved.mesh('red')!.exportRules.keys()]).toEqual(['green']);
    expect(resolved.mesh('green')!.imports.get('red')!.domainSuffix).toBe('svc.imported.local');
  });

  test('an import resolves against the exported names after aliases; the first matching rule wins', () => {
    const [first, second] = resolved.mesh('green')!.resolvedImports;
    // info/red-ratings is exported by export rule #1 (an alias), and may also be a service the
    // namespace-wide rule #2 exports under its own name.
    expect(first.matches.map(m => [m.exportedName, m.localHostname, m.exportRule])).toEqual([
      ['red-ratings.info.svc.green-exports.local', 'red-ratings.info.svc.imported.local', 1],
      ['red-ratings.info.svc.green-exports.local', 'red-ratings.info.svc.imported.local', 2],
    ]);
    // The wildcard import rule takes the rest of the namespace; red-ratings went to rule #1 first.
    expect(second.matches.map(m => [m.exportedName, m.localHostname, m.exportRule])).toEqual([['*.info.svc.green-exports.local', '*.info.svc.imported.local', 2]]);
  });

  test('label rules are flagged as decided at run time by a field, not by their description', () => {
    const outputs = exportOutputsOf([{ kind: 'label', namespace: 'info', name: '*', matchLabels: { export: 'true' }, source: 's', call: 'c' }]);
    expect(outputs).toEqual([{ exported: { namespace: 'info', name: '*' }, local: 'services labelled export=true in info', ruleIndex: 1, byLabel: true }]);
    const [r] = resolveImportRules('green', 'red', [importNameRule('green', 'red', 'info', 'x')], undefined, outputs);
    expect(r.matches[0].resolvedAtRunTime).toBe(true);
  });

  test('rendering: the sets and the peer spec, with the operator\'s default ports left out', () => {
    expect(exportSetSpec(resolved, 'red', 'green').exportRules).toHaveLength(2);
    expect(importSetSpec(resolved, 'green', 'red')).toMatchObject({ domainSuffix: 'svc.imported.local', locality: undefined });
    expect(peerSpec(resolved, 'green', 'red')).toEqual({
      remote: { addresses: undefined, discoveryPort: undefined, servicePort: undefined },
      gateways: { ingress: { name: 'ingress-red' }, egress: { name: 'egress-red' } },
      security: { trustDomain: 'red.local', clientId: 'red.local/ns/red-system/sa/egress-green-service-account', certificateChain: { kind: 'ConfigMap', name: 'red-ca-root-cert' } },
    });
  });
});

describe('control plane spec', () => {
  test('federation settings merged into the user\'s spec; conflicts name the path and both values', () => {
    const resolved = model([declaredMesh('a', { controlPlaneSpec: { security: { trust: { domain: 'other.local' } } } }), declaredMesh('b')], [['a', 'b']]);
    const { spec, problems } = controlPlaneSpec(resolved, resolved.mesh('a')!, [{ owner: 'the test', settings: { proxy: { a: 1 } } }]);
    expect(Object.keys(spec.gateways.additionalIngress)).toEqual(['ingress-b']);
    expect(spec.proxy).toEqual({ a: 1 });
    expect(problems).toEqual(["mesh 'a': controlPlaneSpec sets spec.security.trust.domain to 'other.local' but the mesh needs 'a.local'. Fix: remove spec.security.trust.domain from controlPlaneSpec, or set the matching mesh prop (trustDomain, version, clusterName, network) to 'other.local'"]);
  });

  test('a contribution that conflicts with the spec names its owner', () => {
    const resolved = model([declaredMesh('a', { controlPlaneSpec: { proxy: { a: 2 } } })], []);
    expect(controlPlaneSpec(resolved, resolved.mesh('a')!, [{ owner: 'the test', settings: { proxy: { a: 1 } } }]).problems)
      .toEqual(["mesh 'a': the test needs spec.proxy.a to be 1, but the control plane spec sets 2. Fix: remove spec.proxy.a from controlPlaneSpec, or set it to 1"]);
  });
});

describe('checks', () => {
  test('mesh props: every problem names the mesh, the prop, the value and the fix', () => {
    expect(meshPropProblems(declaredMesh('a', { clusterName: 'my cluster', ingressSourceRanges: ['10.0.0.0/33'] }))).toEqual([
      "mesh 'a': clusterName 'my cluster' is not a valid name (letters, digits, '.', '-' and '_', starting and ending with a letter or digit). Fix: use a name like 'cluster-east'",
      "mesh 'a': ingressSourceRanges has '10.0.0.0/33', which has a prefix length of 33 (at most 32). Fix: write ranges like '203.0.113.0/24'",
    ]);
    expect(meshPropProblems(declaredMesh('a', { platform: nodePort({ nodePorts: { b: { servicePort: 30001, discoveryPort: 30001 } } }) })))
      .toEqual(["mesh 'a': Platform.nodePort() nodePorts['b'].discoveryPort 30001 is already used by nodePorts['b'].servicePort. Fix: give every gateway port its own node port"]);
  });

  test('peers: a peer without an address or root certificate is named with the fix', () => {
    const resolved = model([declaredMesh('a', { dnsDomain: 'a.example.com' }), declaredMesh('b', { platform: Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNAL }) })], [['a', 'b']]);
    const problems = peerProblems(resolved, resolved.mesh('a')!);
    expect(problems[0]).toBe("mesh 'b': no address is known for its ingress gateway 'ingress-a' serving 'a', so the ServiceMeshPeer 'b' in 'a-system' would have no spec.remote.addresses. Fix: set dnsDomain on 'b' (a stable DNS name), or ingressAddresses: { 'a': ['<load balancer hostname>'] } once the load balancer exists");
    expect(problems[1]).toMatch(/^mesh 'b': rootCertificate is not set, but 'a' peers with it and needs it in the ConfigMap 'b-ca-root-cert'/);
  });

  test('sharing: exports to a mesh that is not a peer, shadowed rules (named by their call) and wide exports', () => {
    const rules = [exportNameRule('a', 'b', 'info', '*'), exportNameRule('a', 'b', 'info', 'ratings')];
    const resolved = model([declaredMesh('a'), declaredMesh('b')], [], [{ mesh: 'a', peer: 'b', id: 'e', foreignPeer: false, rules }]);
    const found = sharingProblems(resolved.mesh('a')!);
    expect(found.problems).toEqual([
      "mesh 'a': exports to 'b', but the two meshes do not peer, so nothing crosses. Fix: peer them (federation.addPeering(), or a topology that includes the pair), or remove the exports",
      "mesh 'a': export to 'b' 'e' addNameRule('info', 'ratings'): can never match, because rule #1 of the ExportedServiceSet 'b' (export to 'b' 'e' addNameRule('info', '*')) already matches every service it would (the first matching rule wins). Fix: move it before that rule, or remove it",
    ]);
    expect(found.warnings).toEqual(["mesh 'a': export to 'b' 'e' addNameRule('info', '*'): exports every service of namespace 'info' to 'b'. Consider listing the services"]);
  });

  test('federation: shared trust domains, then each mesh\'s problems with what the constructs found, in name order', () => {
    const resolved = model([declaredMesh('b', { trustDomain: 'x.local' }), declaredMesh('a', { trustDomain: 'x.local' })], []);
    const found = federationFindings(resolved, declaredFindings(resolved), mesh => ({
      controlPlane: [`cp ${mesh.name}`], files: [`files ${mesh.name}`], prerequisites: [`prerequisites ${mesh.name}`],
    }));
    expect(found.problems).toEqual([
      "mesh 'b': trustDomain 'x.local' is also the trust domain of mesh 'a'; trust domains must be unique in a federation (the operator keeps trust bundles per trust domain, so the two would overwrite each other). Fix: set trustDomain to e.g. 'b.local'",
      'cp a', 'files a', 'prerequisites a', 'cp b', 'files b', 'prerequisites b',
    ]);
  });
});

describe('public naming on the Mesh construct, and the reports\' edge cases', () => {
  test('Mesh names its gateways, client ID and root-cert ConfigMap as the naming functions do', () => {
    const federation = new FederatedMesh(Testing.app(), 'federation', { gatewayNaming: GatewayNaming.maistraSamples() });
    const mesh = federation.addMesh('mesh1', { platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }), namespace: 'fed-export' });
    expect(mesh.ingressGatewayName('mesh2')).toBe('mesh2-ingress');
    expect(mesh.egressGatewayName('mesh2')).toBe('mesh2-egress');
    expect(mesh.clientId('mesh2')).toBe('mesh1.local/ns/fed-export/sa/mesh2-egress-service-account');
    expect(mesh.rootCertConfigMapName).toBe('mesh1-ca-root-cert');
    expect(mesh.version).toBe('v2.6');
  });

  test('a cluster with no step left says so; a sub-second duration is written in ms; a value that cannot be JSON is still described', () => {
    expect(manualStepsMarkdown('f', ['a'], [])).toContain('## a\n\nNothing to do by hand: everything was known.\n');
    expect(istioDuration(Duration.millis(500))).toBe('500ms');
    expect(describeValue(BigInt(1))).toBe('1n');
    expect(describeValue('x'.repeat(100))).toBe(`'${'x'.repeat(76)}...`);
  });
});
