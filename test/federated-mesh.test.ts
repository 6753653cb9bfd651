import { App, Chart, Testing } from 'cdk8s';
import {
  FederatedMesh, GatewayNaming, LoadBalancerScheme, Mesh, Platform, Topology,
} from '../src';
import { rootCert } from './support/certs';
import { describeWithCrds, HAVE_CRDS, manifestsProblems } from './support/crd-schemas';
import { find, synthAll, synthByChart } from './support/synth';

const CERTS = [rootCert('red-mesh'), rootCert('green-mesh'), rootCert('blue-mesh')];
const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });

/** A full mesh of `n` meshes named m0..m(n-1), each reachable through a DNS domain. */
function fullMesh(n: number): { app: App; federation: FederatedMesh } {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation');
  for (let i = 0; i < n; i++) {
    federation.addMesh(`m${i}`, { platform: gcp(), rootCertificate: CERTS[i % 3], dnsDomain: `apps.c${i}.example.com` });
  }
  return { app, federation };
}

describe('the product documentation, field for field', () => {
  // Seed 001, 1.18.9: red-mesh's SMCP, federated with green-mesh and blue-mesh. The only
  // difference is requestedNetworkView: the operator uses network-<ServiceMeshPeer name>, where
  // the documentation shows 'green-network' / 'blue-network'.
  test('red-mesh ServiceMeshControlPlane', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('red-mesh', {
      platform: Platform.bareMetal(),
      version: 'v2.3',
      controlPlaneSpec: { runtime: { defaults: { container: { imagePullPolicy: 'Always' } } } },
      rootCertificate: CERTS[0],
      dnsDomain: 'apps.red.example.com',
    });
    federation.addMesh('green-mesh', { platform: Platform.bareMetal(), rootCertificate: CERTS[1], dnsDomain: 'apps.domain.com' });
    federation.addMesh('blue-mesh', { platform: Platform.bareMetal(), rootCertificate: CERTS[2], dnsDomain: 'apps.blue.example.com' });

    const smcp = find(synthByChart(app)['red-mesh'], 'ServiceMeshControlPlane', 'red-mesh');
    const egress = (peer: string) => ({
      enabled: true,
      requestedNetworkView: [`network-${peer}`],
      routerMode: 'sni-dnat',
      service: {
        metadata: { labels: { 'federation.maistra.io/egress-for': `egress-${peer}` } },
        ports: [{ port: 15443, name: 'tls' }, { port: 8188, name: 'http-discovery' }],
      },
    });
    const ingress = (peer: string) => ({
      enabled: true,
      routerMode: 'sni-dnat',
      service: {
        type: 'LoadBalancer',
        metadata: { labels: { 'federation.maistra.io/ingress-for': `ingress-${peer}` } },
        ports: [{ port: 15443, name: 'tls' }, { port: 8188, name: 'https-discovery' }],
      },
    });
    expect(smcp).toEqual({
      apiVersion: 'maistra.io/v2',
      kind: 'ServiceMeshControlPlane',
      metadata: { name: 'red-mesh', namespace: 'red-mesh-system' },
      spec: {
        version: 'v2.3',
        runtime: { defaults: { container: { imagePullPolicy: 'Always' } } },
        gateways: {
          additionalEgress: { 'egress-green-mesh': egress('green-mesh'), 'egress-blue-mesh': egress('blue-mesh') },
          additionalIngress: { 'ingress-green-mesh': ingress('green-mesh'), 'ingress-blue-mesh': ingress('blue-mesh') },
        },
        security: { trust: { domain: 'red-mesh.local' } },
      },
    });
  });

  // Seed 001, 1.18.10: the ServiceMeshPeer red-mesh creates for green-mesh.
  test('red-mesh to green-mesh ServiceMeshPeer', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('red-mesh', { platform: Platform.bareMetal(), rootCertificate: CERTS[0], dnsDomain: 'apps.red.example.com' });
    federation.addMesh('green-mesh', { platform: Platform.bareMetal(), rootCertificate: CERTS[1], dnsDomain: 'apps.domain.com' });

    expect(find(synthByChart(app)['red-mesh'], 'ServiceMeshPeer', 'green-mesh')).toEqual({
      kind: 'ServiceMeshPeer',
      apiVersion: 'federation.maistra.io/v1',
      metadata: { name: 'green-mesh', namespace: 'red-mesh-system' },
      spec: {
        remote: { addresses: ['ingress-red-mesh.green-mesh-system.apps.domain.com'] },
        gateways: { ingress: { name: 'ingress-green-mesh' }, egress: { name: 'egress-green-mesh' } },
        security: {
          trustDomain: 'green-mesh.local',
          clientID: 'green-mesh.local/ns/green-mesh-system/sa/egress-red-mesh-service-account',
          certificateChain: { kind: 'ConfigMap', name: 'green-mesh-ca-root-cert' },
        },
      },
    });
  });

  // Seed 001, 1.18.9.1: the NodePort variant of the ingress gateway for green-mesh.
  test('NodePort ingress gateway, and the peer that uses its node ports', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('red-mesh', {
      platform: Platform.nodePort({ nodeAddresses: ['192.0.2.10'], nodePorts: { 'green-mesh': { servicePort: 30510, discoveryPort: 32359 } } }),
      rootCertificate: CERTS[0],
    });
    federation.addMesh('green-mesh', { platform: gcp(), rootCertificate: CERTS[1], ingressAddresses: { 'red-mesh': ['203.0.113.7'] } });
    const out = synthByChart(app);

    const smcp = find(out['red-mesh'], 'ServiceMeshControlPlane', 'red-mesh');
    expect(smcp.spec.gateways.additionalIngress['ingress-green-mesh']).toEqual({
      enabled: true,
      routerMode: 'sni-dnat',
      service: {
        type: 'NodePort',
        metadata: { labels: { 'federation.maistra.io/ingress-for': 'ingress-green-mesh' } },
        ports: [{ port: 15443, nodePort: 30510, name: 'tls' }, { port: 8188, nodePort: 32359, name: 'https-discovery' }],
      },
    });
    expect(find(out['green-mesh'], 'ServiceMeshPeer', 'red-mesh').spec.remote).toEqual({
      addresses: ['192.0.2.10'], discoveryPort: 32359, servicePort: 30510,
    });
  });
});

describe('full meshes', () => {
  test.each([1, 2, 3, 4, 5, 6, 7, 8])('%i meshes give N(N-1) consistent peers', (n) => {
    const { app } = fullMesh(n);
    const byChart = synthByChart(app);
    const all = Object.values(byChart).flat();
    expect(Object.keys(byChart).sort()).toEqual(Array.from({ length: n }, (_, i) => `m${i}`).sort());
    expect(all.filter(o => o.kind === 'ServiceMeshPeer')).toHaveLength(n * (n - 1));
    expect(all.filter(o => o.kind === 'ConfigMap')).toHaveLength(n * (n - 1));
    expect(all.filter(o => o.kind === 'ServiceMeshControlPlane')).toHaveLength(n);

    const smcps = new Map(all.filter(o => o.kind === 'ServiceMeshControlPlane').map(o => [o.metadata.name, o]));
    for (const [mesh, objs] of Object.entries(byChart)) {
      const smcp = smcps.get(mesh);
      // Each chart holds only its own mesh's objects, all in its namespace, and that namespace's Namespace.
      expect(new Set(objs.filter(o => o.kind !== 'Namespace').map(o => o.metadata.namespace))).toEqual(new Set([`${mesh}-system`]));
      expect(objs.filter(o => o.kind === 'Namespace').map(o => o.metadata)).toEqual([{ name: `${mesh}-system` }]);
      const peers = objs.filter(o => o.kind === 'ServiceMeshPeer');
      expect(Object.keys(smcp.spec.gateways?.additionalIngress ?? {})).toHaveLength(n - 1);
      expect(Object.keys(smcp.spec.gateways?.additionalEgress ?? {})).toHaveLength(n - 1);
      for (const peer of peers) {
        const p = peer.metadata.name;
        const other = smcps.get(p);
        // Own gateways exist in own SMCP.
        expect(smcp.spec.gateways.additionalIngress[peer.spec.gateways.ingress.name]).toBeDefined();
        expect(smcp.spec.gateways.additionalEgress[peer.spec.gateways.egress.name].requestedNetworkView).toEqual([`network-${p}`]);
        // Trust domain and client ID are the peer's; the client ID names the peer's egress gateway for this mesh.
        expect(peer.spec.security.trustDomain).toBe(other.spec.security.trust.domain);
        const [td, , ns, , sa] = peer.spec.security.clientID.split('/');
        expect(td).toBe(other.spec.security.trust.domain);
        expect(ns).toBe(other.metadata.namespace);
        expect(sa).toBe(`egress-${mesh}-service-account`);
        expect(other.spec.gateways.additionalEgress[sa.replace(/-service-account$/, '')]).toBeDefined();
        // The certificate chain names an emitted ConfigMap holding the peer's certificate.
        const cm = find(objs, 'ConfigMap', peer.spec.security.certificateChain.name);
        expect(cm.data['root-cert.pem']).toBe(CERTS[Number(p.slice(1)) % 3]);
        // The remote address is the peer's ingress gateway for this mesh.
        expect(peer.spec.remote.addresses).toEqual([`ingress-${mesh}.${p}-system.apps.c${p.slice(1)}.example.com`]);
        expect(other.spec.gateways.additionalIngress[`ingress-${mesh}`]).toBeDefined();
      }
    }
    if (HAVE_CRDS) expect(manifestsProblems(all)).toEqual([]);
  });
});

describeWithCrds('upstream CRD schemas (unknown fields rejected)', () => {
  test('a full mesh of 5 on every platform validates', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    const platforms = [
      Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNAL }),
      Platform.awsLoadBalancerController({ scheme: LoadBalancerScheme.INTERNET_FACING }),
      Platform.azure({ scheme: LoadBalancerScheme.INTERNAL }),
      Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }),
      Platform.ibmZ(),
    ];
    platforms.forEach((platform, i) => federation.addMesh(`m${i}`, {
      platform,
      rootCertificate: CERTS[i % 3],
      dnsDomain: `c${i}.example.com`,
      externalDns: true,
      ingressSourceRanges: ['198.51.100.0/24'],
      clusterName: `cluster-${i}`,
      network: `net-${i}`,
    }));
    federation.addMesh('np', { platform: Platform.nodePort({ nodeAddresses: ['192.0.2.1', 'node.example.com'] }), rootCertificate: CERTS[0] });
    const all = synthAll(app);
    // Per mesh: control plane, Namespace and member roll; per ordered pair: peer and root certificate.
    expect(all.length).toBe(3 * 6 + 2 * 30);
    expect(manifestsProblems(all)).toEqual([]);
  });

  test('a manifest with an unknown field is rejected (the check can fail)', () => {
    const { app } = fullMesh(2);
    const peer = synthAll(app).find(o => o.kind === 'ServiceMeshPeer');
    peer.spec.security.clientId = 'wrong-case';
    expect(manifestsProblems([peer])).toEqual([expect.stringContaining('must NOT have additional properties (clientId)')]);
  });
});

describe('platforms', () => {
  const ingressOf = (platform: Platform, extra: object = {}) => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('a', { platform, rootCertificate: CERTS[0], dnsDomain: 'a.example.com', ...extra });
    federation.addMesh('b', { platform: gcp(), rootCertificate: CERTS[1], dnsDomain: 'b.example.com' });
    return find(synthByChart(app).a, 'ServiceMeshControlPlane', 'a').spec.gateways.additionalIngress['ingress-b'].service;
  };

  test.each([
    ['awsNlb internet-facing', Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING }), { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' }],
    ['awsNlb internal', Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNAL }), {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb', 'service.beta.kubernetes.io/aws-load-balancer-internal': 'true',
    }],
    ['AWS Load Balancer Controller internal', Platform.awsLoadBalancerController({ scheme: LoadBalancerScheme.INTERNAL }), {
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
    }],
    ['azure internal', Platform.azure({ scheme: LoadBalancerScheme.INTERNAL }), { 'service.beta.kubernetes.io/azure-load-balancer-internal': 'true' }],
    ['gcp internal', Platform.gcp({ scheme: LoadBalancerScheme.INTERNAL }), { 'networking.gke.io/load-balancer-type': 'Internal' }],
    ['azure internet-facing', Platform.azure({ scheme: LoadBalancerScheme.INTERNET_FACING }), undefined],
    ['bare metal', Platform.bareMetal(), undefined],
    ['IBM Power', Platform.ibmPower(), undefined],
  ])('%s', (_name, platform, annotations) => {
    const service = ingressOf(platform);
    expect(service.type).toBe('LoadBalancer');
    expect(service.metadata.annotations).toEqual(annotations);
  });

  test('external-dns publishes the derived name', () => {
    const service = ingressOf(Platform.awsNlb({ scheme: LoadBalancerScheme.INTERNET_FACING }), { externalDns: true });
    expect(service.metadata.annotations['external-dns.alpha.kubernetes.io/hostname']).toBe('ingress-b.a-system.a.example.com');
  });

  test('ingress source ranges: the peer\'s egress ranges win over the mesh-wide ones', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('a', { platform: gcp(), rootCertificate: CERTS[0], dnsDomain: 'a.example.com', ingressSourceRanges: ['10.0.0.0/8'] });
    federation.addMesh('b', { platform: gcp(), rootCertificate: CERTS[1], dnsDomain: 'b.example.com', egressSourceRanges: ['203.0.113.5/32'] });
    federation.addMesh('c', { platform: gcp(), rootCertificate: CERTS[2], dnsDomain: 'c.example.com' });
    const ingress = find(synthByChart(app).a, 'ServiceMeshControlPlane', 'a').spec.gateways.additionalIngress;
    expect(ingress['ingress-b'].service.loadBalancerSourceRanges).toEqual(['203.0.113.5/32']);
    expect(ingress['ingress-c'].service.loadBalancerSourceRanges).toEqual(['10.0.0.0/8']);
  });

  test('node ports are allocated in pairs by peer name, skipping pinned ones', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('hub', {
      platform: Platform.nodePort({ nodeAddresses: ['192.0.2.1'], firstNodePort: 31000, nodePorts: { b: { servicePort: 31001, discoveryPort: 31003 } } }),
      rootCertificate: CERTS[0],
    });
    for (const name of ['c', 'a', 'b']) federation.addMesh(name, { platform: gcp(), rootCertificate: CERTS[1], dnsDomain: `${name}.example.com` });
    const ingress = find(synthByChart(app).hub, 'ServiceMeshControlPlane', 'hub').spec.gateways.additionalIngress;
    const ports = (peer: string) => ingress[`ingress-${peer}`].service.ports.map((p: any) => p.nodePort);
    expect(ports('a')).toEqual([31000, 31002]);
    expect(ports('b')).toEqual([31001, 31003]);
    expect(ports('c')).toEqual([31004, 31005]);
  });
});

describe('topologies and naming', () => {
  const peersOf = (topology: Topology) => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation', { topology });
    const meshes = ['hub', 'a', 'b', 'c'].map((name, i) => federation.addMesh(name, { platform: gcp(), rootCertificate: CERTS[i % 3], dnsDomain: `${name}.example.com` }));
    return { app, federation, meshes };
  };

  test('hub and spoke peers only with the hub, whatever order meshes are added in', () => {
    const { app, federation } = peersOf(Topology.hubAndSpoke('b'));
    expect(federation.peerings.map(p => `${p.meshA.meshName}+${p.meshB.meshName}`)).toEqual(['a+b', 'b+c', 'b+hub']);
    expect(synthAll(app).filter(o => o.kind === 'ServiceMeshPeer')).toHaveLength(6);
  });

  test('explicit topology peers only the pairs added', () => {
    const { app, federation, meshes } = peersOf(Topology.explicit());
    expect(federation.peerings).toHaveLength(0);
    federation.addPeering(meshes[1], meshes[3]);
    const out = synthByChart(app);
    expect(out.a.filter(o => o.kind === 'ServiceMeshPeer').map(o => o.metadata.name)).toEqual(['c']);
    expect(out.hub.filter(o => o.kind === 'ServiceMeshPeer')).toEqual([]);
    // A mesh without peers still gets its control plane, without federation gateways.
    expect(find(out.hub, 'ServiceMeshControlPlane', 'hub').spec.gateways).toBeUndefined();
  });

  test('the Maistra samples\' gateway naming flows into the client IDs', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation', { gatewayNaming: GatewayNaming.maistraSamples() });
    federation.addMesh('mesh1', { platform: gcp(), rootCertificate: CERTS[0], dnsDomain: 'one.example.com' });
    federation.addMesh('mesh2', { platform: gcp(), rootCertificate: CERTS[1], dnsDomain: 'two.example.com' });
    const peer = find(synthByChart(app).mesh1, 'ServiceMeshPeer', 'mesh2');
    expect(peer.spec.gateways).toEqual({ ingress: { name: 'mesh2-ingress' }, egress: { name: 'mesh2-egress' } });
    expect(peer.spec.security.clientID).toBe('mesh2.local/ns/mesh2-system/sa/mesh1-egress-service-account');
    expect(peer.spec.remote.addresses).toEqual(['mesh1-ingress.mesh2-system.two.example.com']);
  });

  test('a mesh can use its own naming; its peers\' client IDs follow it', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('a', { platform: gcp(), rootCertificate: CERTS[0], dnsDomain: 'a.example.com', gatewayNaming: GatewayNaming.pattern('fed-in-{peer}', 'fed-out-{peer}') });
    federation.addMesh('b', { platform: gcp(), rootCertificate: CERTS[1], dnsDomain: 'b.example.com' });
    const out = synthByChart(app);
    expect(find(out.b, 'ServiceMeshPeer', 'a').spec.security.clientID).toBe('a.local/ns/a-system/sa/fed-out-b-service-account');
    expect(Object.keys(find(out.a, 'ServiceMeshControlPlane', 'a').spec.gateways.additionalEgress)).toEqual(['fed-out-b']);
  });
});

describe('merging into an existing control plane', () => {
  test('the base spec is kept and the federation settings are added', () => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    federation.addMesh('a', {
      platform: gcp(),
      rootCertificate: CERTS[0],
      dnsDomain: 'a.example.com',
      controlPlaneSpec: {
        version: 'v2.5',
        tracing: { type: 'Jaeger', sampling: 10000 },
        addons: { kiali: { enabled: true } },
        gateways: { additionalIngress: { 'my-public-gateway': { enabled: true } }, ingress: { enabled: true } },
        security: { dataPlane: { mtls: true } },
      },
    });
    federation.addMesh('b', { platform: gcp(), rootCertificate: CERTS[1], dnsDomain: 'b.example.com' });
    const spec = find(synthByChart(app).a, 'ServiceMeshControlPlane', 'a').spec;
    expect(spec.version).toBe('v2.5');
    expect(spec.tracing).toEqual({ type: 'Jaeger', sampling: 10000 });
    expect(spec.addons).toEqual({ kiali: { enabled: true } });
    expect(spec.security).toEqual({ dataPlane: { mtls: true }, trust: { domain: 'a.local' } });
    expect(Object.keys(spec.gateways.additionalIngress).sort()).toEqual(['ingress-b', 'my-public-gateway']);
    expect(spec.gateways.ingress).toEqual({ enabled: true });
  });
});

describe('determinism', () => {
  const build = (order: string[]) => {
    const app = Testing.app();
    const federation = new FederatedMesh(app, 'federation');
    order.forEach(name => federation.addMesh(name, { platform: gcp(), rootCertificate: CERTS[0], dnsDomain: `${name}.example.com`, trustDomain: `${name}.td` }));
    return app;
  };

  test('the same meshes in another order give the same bytes per mesh', () => {
    const a = build(['red', 'green', 'blue', 'amber']);
    const b = build(['amber', 'blue', 'green', 'red']);
    const yaml = (app: App) => Object.fromEntries(app.charts.map(c => [c.node.id, JSON.stringify((c as Mesh).toJson())]));
    expect(yaml(a)).toEqual(yaml(b));
    expect(a.synthYaml()).toBe(build(['red', 'green', 'blue', 'amber']).synthYaml());
  });
});

test('a Mesh constructed directly, anywhere in the tree, belongs to its federation: listed, found, peered and checked', () => {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation', { topology: Topology.explicit() });
  const platform = Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });
  const red = federation.addMesh('red-mesh', { platform, rootCertificate: rootCert('red-mesh'), dnsDomain: 'red.example.com' });
  const green = new Mesh(new Chart(app, 'parent'), 'green-mesh', {
    federation, platform, rootCertificate: rootCert('green-mesh'), dnsDomain: 'green.example.com', controlPlaneSpec: { security: { trust: { domain: 'x.local' } } },
  });
  expect(federation.meshNames).toEqual(['green-mesh', 'red-mesh']);
  expect(federation.findMesh('green-mesh')).toBe(green);
  federation.addPeering(red, green);
  expect(red.peers).toEqual([green]);
  // Its control-plane conflicts are found too.
  expect(() => synthAll(app)).toThrow(/mesh 'green-mesh': controlPlaneSpec sets spec\.security\.trust\.domain to 'x\.local' but the mesh needs 'green-mesh\.local'/);
});
