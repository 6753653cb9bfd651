import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { parse } from 'yaml';
import {
  CaPrivateKeyAlgorithm, CertManagerCaOptions, CertManagerIssuerKind, FederatedMesh, FederationApp, LoadBalancerScheme,
  MeshCertificateAuthority, MeshCertificateAuthorityKind, MultiNetworkMesh, MultiNetworkMeshProps, MultiNetworkTopology, Platform,
} from '../src';
import { rootCert } from './support/certs';
import { CERT_MANAGER_CRD_FOLDERS, describeWithCrds, manifestsProblems } from './support/crd-schemas';
import { find, synthByChart } from './support/synth';
import { certManagerMultiNetwork } from '../examples/cert-manager-multi-network/multi-network';
import { parseGoDuration } from '../src/multi-network/ca-checks';

const gcp = () => Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING });

/** cluster1 and cluster2 on network1 and network2, with the given mesh props. */
function mesh(props: Partial<MultiNetworkMeshProps> = {}, clusterName?: string) {
  const app = Testing.app();
  const m = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1', ...props });
  m.addCluster('cluster1', { platform: gcp(), network: 'network1', kubeContext: 'ctx-1', clusterName });
  m.addCluster('cluster2', { platform: gcp(), network: 'network2', kubeContext: 'ctx-2' });
  return { app, mesh: m };
}

const CA_KINDS = ['Bundle', 'Certificate', 'ClusterIssuer', 'Issuer'];
const caObjects = (objs: any[]) => objs.filter(o => CA_KINDS.includes(o.kind));
const LABELS = { 'app.kubernetes.io/component': 'mesh-ca' };
const VAULT = { name: 'vault-mesh-root', kind: CertManagerIssuerKind.CLUSTER_ISSUER };

describe('cert-manager issuance, default issuer: one cluster\'s CA objects, whole', () => {
  const { app, mesh: m } = mesh({ certificateAuthority: MeshCertificateAuthority.certManager() });
  const byCluster = synthByChart(app);
  const c1 = byCluster.cluster1;

  test('the root ClusterIssuer, the intermediate CA, its Issuer and the root Bundle, nothing else', () => {
    expect(caObjects(c1)).toEqual([
      {
        apiVersion: 'trust.cert-manager.io/v1alpha1',
        kind: 'Bundle',
        metadata: { name: 'istio-mesh-root-ca', labels: LABELS },
        spec: {
          sources: [{ secret: { name: 'istio-mesh-root-ca', key: 'tls.crt' } }],
          target: {
            configMap: { key: 'ca.pem' },
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'cert-manager' } },
          },
        },
      },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name: 'istio-intermediate-ca', namespace: 'istio-system', labels: LABELS },
        spec: {
          isCA: true,
          commonName: 'cluster1 intermediate CA',
          secretName: 'istio-intermediate-ca',
          duration: '8760h',
          renewBefore: '720h',
          privateKey: { algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' },
          issuerRef: { name: 'istio-mesh-root-ca', kind: 'ClusterIssuer', group: 'cert-manager.io' },
        },
      },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'ClusterIssuer',
        metadata: { name: 'istio-mesh-root-ca', labels: LABELS },
        spec: { ca: { secretName: 'istio-mesh-root-ca' } },
      },
      {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Issuer',
        metadata: { name: 'istio-ca', namespace: 'istio-system', labels: LABELS },
        spec: { ca: { secretName: 'istio-intermediate-ca' } },
      },
    ]);
  });

  test('each cluster\'s intermediate CA names its cluster; the root is the same everywhere', () => {
    const cert2 = find(byCluster.cluster2, 'Certificate', 'istio-intermediate-ca', 'istio-system');
    expect(cert2.spec.commonName).toBe('cluster2 intermediate CA');
    expect(find(byCluster.cluster2, 'ClusterIssuer', 'istio-mesh-root-ca')).toEqual(find(c1, 'ClusterIssuer', 'istio-mesh-root-ca'));
  });

  test('cross-references resolve: issuerRef, the secret the CA Issuer and istio-csr read, the Bundle\'s source and target', () => {
    const cert = find(c1, 'Certificate', 'istio-intermediate-ca', 'istio-system');
    const rootIssuer = find(c1, cert.spec.issuerRef.kind, cert.spec.issuerRef.name);
    expect(rootIssuer).toBeDefined();
    const caIssuer = find(c1, 'Issuer', 'istio-ca', 'istio-system');
    expect(caIssuer.spec.ca.secretName).toBe(cert.spec.secretName);
    const values = parse(m.reportFiles()['mesh-istio-csr-values-cluster1.yaml']);
    // istio-csr signs with the CA Issuer, in the namespace it creates its CertificateRequests in.
    expect(values.app.certmanager).toEqual({ namespace: caIssuer.metadata.namespace, issuer: { name: caIssuer.metadata.name, kind: 'Issuer', group: 'cert-manager.io' } });
    // The root Secret the admin creates is the one the ClusterIssuer signs with and the Bundle reads.
    const bundle = find(c1, 'Bundle', 'istio-mesh-root-ca');
    expect(bundle.spec.sources[0].secret.name).toBe(rootIssuer.spec.ca.secretName);
    expect(m.manualSteps().map(s => s.commands.join('\n')).join('\n')).toContain(`kubectl create secret tls ${rootIssuer.spec.ca.secretName} -n cert-manager `);
    // istio-csr mounts the Bundle's ConfigMap (named after the Bundle) and reads its key.
    expect(values.volumes).toEqual([{ name: 'root-ca', configMap: { name: bundle.metadata.name } }]);
    expect(values.app.tls.rootCAFile).toBe(`${values.volumeMounts[0].mountPath}/${bundle.spec.target.configMap.key}`);
    // The caAddress istiod hands to workloads is istio-csr's Service, whose certificate names it.
    const istio = find(c1, 'Istio', 'default');
    expect(istio.spec.values.global.caAddress).toBe(`${values.app.tls.certificateDNSNames[0]}:443`);
    expect(values.app.server.clusterID).toBe(istio.spec.values.global.multiCluster.clusterName);
  });

  test('the Istio resource hands signing to istio-csr, and the istiod Helm values say the same', () => {
    expect(find(c1, 'Istio', 'default').spec.values).toEqual({
      global: { meshID: 'mesh1', multiCluster: { clusterName: 'cluster1' }, network: 'network1', caAddress: 'cert-manager-istio-csr.cert-manager.svc:443' },
      pilot: { env: { ENABLE_CA_SERVER: 'false' } },
    });
    expect(m.helmValues('cluster1')).toEqual(find(c1, 'Istio', 'default').spec.values);
  });

  test('istio-csr Helm values, whole, beside the cluster folders', () => {
    const files = m.reportFiles();
    expect(Object.keys(files).sort()).toEqual([
      'mesh-istio-csr-values-cluster1.yaml', 'mesh-istio-csr-values-cluster2.yaml',
      'mesh-istiod-values-cluster1.yaml', 'mesh-istiod-values-cluster2.yaml', 'mesh-manual-steps.md',
    ]);
    expect(parse(files['mesh-istio-csr-values-cluster1.yaml'])).toEqual({
      app: {
        certmanager: { namespace: 'istio-system', issuer: { name: 'istio-ca', kind: 'Issuer', group: 'cert-manager.io' } },
        tls: {
          trustDomain: 'cluster.local',
          rootCAFile: '/var/run/secrets/istio-csr/ca.pem',
          certificateDNSNames: ['cert-manager-istio-csr.cert-manager.svc'],
          istiodCertificateEnable: true,
        },
        server: { clusterID: 'cluster1' },
        istio: { namespace: 'istio-system', revisions: ['default'] },
        controller: { leaderElectionNamespace: 'istio-system' },
      },
      volumes: [{ name: 'root-ca', configMap: { name: 'istio-mesh-root-ca' } }],
      volumeMounts: [{ name: 'root-ca', mountPath: '/var/run/secrets/istio-csr', readOnly: true }],
    });
  });

  test('manual steps: the cacerts step is replaced by the cert-manager steps, exact titles and commands', () => {
    const steps = m.manualSteps().filter(s => s.cluster === 'cluster1');
    expect(steps.map(s => s.title)).toEqual([
      'Check that cluster1 runs a Sail operator that serves v1.30.3',
      'Install cert-manager and trust-manager on cluster1',
      'Create the shared root CA Secret istio-mesh-root-ca in cert-manager on cluster1',
      'Issue cluster1\'s intermediate CA (Certificate istio-intermediate-ca in istio-system)',
      'Install istio-csr on cluster1',
      'Let cluster1\'s istiod discover cluster2\'s endpoints (remote secret)',
    ]);
    expect(steps[1].commands).toEqual([
      'kubectl get crd certificates.cert-manager.io issuers.cert-manager.io clusterissuers.cert-manager.io bundles.trust.cert-manager.io --context=ctx-1',
      '# If one is missing, install what lacks it (skip cert-manager on OpenShift if its operator runs, and use its namespace):',
      'helm repo add jetstack https://charts.jetstack.io --force-update',
      'helm upgrade cert-manager jetstack/cert-manager --install --namespace cert-manager --create-namespace --set crds.enabled=true --wait --kube-context ctx-1',
      'helm upgrade trust-manager jetstack/trust-manager --install --namespace cert-manager --set app.trust.namespace=cert-manager --wait --kube-context ctx-1',
    ]);
    expect(steps[2].commands).toEqual([
      'mkdir -p root-ca',
      'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj "/O=Istio/CN=Istio mesh root CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout root-ca/root-key.pem -out root-ca/root-cert.pem',
      'kubectl create secret tls istio-mesh-root-ca -n cert-manager --context=ctx-1 --cert=root-ca/root-cert.pem --key=root-ca/root-key.pem',
    ]);
    expect(steps[2].reason).toMatch(/puts the root key in every cluster: for production, keep it in an external issuer/);
    expect(steps[3].commands).toEqual([
      'kubectl create namespace istio-system --context=ctx-1 --dry-run=client -o yaml | kubectl apply -f - --context=ctx-1',
      'kubectl apply -f cluster1/ -l app.kubernetes.io/component=mesh-ca --context=ctx-1',
      'kubectl wait --for=condition=Ready certificate/istio-intermediate-ca -n istio-system --timeout=5m --context=ctx-1',
      'kubectl get configmap istio-mesh-root-ca -n cert-manager --context=ctx-1 -o jsonpath=\'{.data.ca\\.pem}\'',
    ]);
    expect(steps[4].commands).toEqual([
      'helm upgrade cert-manager-istio-csr jetstack/cert-manager-istio-csr --install --namespace cert-manager -f mesh-istio-csr-values-cluster1.yaml --wait --kube-context ctx-1',
      'kubectl rollout status deployment/cert-manager-istio-csr -n cert-manager --context=ctx-1',
    ]);
    expect(steps[0].then).toBe('Go on with the cert-manager steps below; cluster1\'s folder is applied at their end');
    expect(steps[4].then).toBe('Apply cluster1\'s folder (the Istio resource and the gateways) once istio-csr is ready');
    expect(m.manualSteps().some(s => /cacerts/.test(s.title))).toBe(false);
  });

  test('the second cluster uses the root the first made: only the Secret is created', () => {
    const step = m.manualSteps().find(s => s.cluster === 'cluster2' && s.title.startsWith('Create the shared root'))!;
    expect(step.commands).toEqual(['kubectl create secret tls istio-mesh-root-ca -n cert-manager --context=ctx-2 --cert=root-ca/root-cert.pem --key=root-ca/root-key.pem']);
    expect(step.reason).toMatch(/use the root made in cluster1's step\.$/);
  });

  test('the CA objects carry the label the apply step selects them by, and nothing else in the folder does', () => {
    const labelled = c1.filter(o => o.metadata.labels?.['app.kubernetes.io/component'] === 'mesh-ca');
    expect(labelled.map(o => o.kind).sort()).toEqual(CA_KINDS);
  });
});

describe('cert-manager issuance with your own issuer and settings', () => {
  const options: CertManagerCaOptions = {
    issuer: VAULT,
    rootCertificate: rootCert('red-mesh'),
    certManagerNamespace: 'certs',
    duration: '2160h',
    renewBefore: '360h',
    privateKeyAlgorithm: CaPrivateKeyAlgorithm.RSA,
    privateKeySize: 4096,
  };
  const { app, mesh: m } = mesh({ certificateAuthority: MeshCertificateAuthority.certManager(options), trustDomain: 'mesh1.example' });
  const c1 = synthByChart(app).cluster1;

  test('no root ClusterIssuer and no root Secret step; the Certificate names your issuer; the Bundle holds the root given', () => {
    expect(caObjects(c1).map(o => `${o.kind}/${o.metadata.name}`)).toEqual(['Bundle/istio-mesh-root-ca', 'Certificate/istio-intermediate-ca', 'Issuer/istio-ca']);
    expect(find(c1, 'Certificate', 'istio-intermediate-ca', 'istio-system').spec).toEqual({
      isCA: true,
      commonName: 'cluster1 intermediate CA',
      secretName: 'istio-intermediate-ca',
      duration: '2160h',
      renewBefore: '360h',
      privateKey: { algorithm: 'RSA', size: 4096, rotationPolicy: 'Always' },
      issuerRef: { name: 'vault-mesh-root', kind: 'ClusterIssuer', group: 'cert-manager.io' },
    });
    expect(find(c1, 'Bundle', 'istio-mesh-root-ca').spec).toEqual({
      sources: [{ inLine: rootCert('red-mesh') }],
      target: { configMap: { key: 'ca.pem' }, namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'certs' } } },
    });
    expect(m.manualSteps().filter(s => /root CA Secret/.test(s.title))).toEqual([]);
  });

  test('istio-csr lives in certManagerNamespace, with the mesh\'s trust domain', () => {
    expect(find(c1, 'Istio', 'default').spec.values.global.caAddress).toBe('cert-manager-istio-csr.certs.svc:443');
    const values = parse(m.reportFiles()['mesh-istio-csr-values-cluster1.yaml']);
    expect(values.app.tls.trustDomain).toBe('mesh1.example');
    expect(values.app.tls.certificateDNSNames).toEqual(['cert-manager-istio-csr.certs.svc']);
    expect(m.manualSteps().find(s => s.title === 'Install istio-csr on cluster1')!.commands[0]).toContain('--namespace certs ');
  });

  test('a namespaced Issuer and another group are written as given', () => {
    const ca = MeshCertificateAuthority.certManager({ issuer: { name: 'pca', kind: CertManagerIssuerKind.ISSUER, group: 'awspca.cert-manager.io' }, rootCertificate: rootCert('red-mesh') });
    const objs = synthByChart(mesh({ certificateAuthority: ca }).app).cluster1;
    expect(find(objs, 'Certificate', 'istio-intermediate-ca', 'istio-system').spec.issuerRef).toEqual({ name: 'pca', kind: 'Issuer', group: 'awspca.cert-manager.io' });
  });
});

describe('primary-remote with cert-manager', () => {
  const app = Testing.app();
  const m = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1', topology: MultiNetworkTopology.primaryRemote('cluster1'), certificateAuthority: MeshCertificateAuthority.certManager() });
  m.addCluster('cluster1', { platform: gcp(), network: 'network1', eastWestGatewayAddresses: ['203.0.113.10'] });
  m.addCluster('cluster2', { platform: gcp(), network: 'network2' });
  const byCluster = synthByChart(app);

  test('the remote runs istio-csr too (its workloads ask the local one), without an istiod certificate and without istiod values', () => {
    expect(caObjects(byCluster.cluster2).map(o => o.kind).sort()).toEqual(CA_KINDS);
    expect(parse(m.reportFiles()['mesh-istio-csr-values-cluster2.yaml']).app.tls.istiodCertificateEnable).toBe(false);
    expect(parse(m.reportFiles()['mesh-istio-csr-values-cluster1.yaml']).app.tls.istiodCertificateEnable).toBe(true);
    const remote = find(byCluster.cluster2, 'Istio', 'default').spec.values;
    expect(remote.pilot).toBeUndefined();
    expect(remote.global.caAddress).toBeUndefined();
    expect(m.manualSteps().filter(s => s.cluster === 'cluster2').map(s => s.title)).toContain('Install istio-csr on cluster2');
  });
});

describe('without cert-manager, nothing changes', () => {
  test('manual() is the default: no CA objects, no istio-csr values, the cacerts step', () => {
    for (const props of [{}, { certificateAuthority: MeshCertificateAuthority.manual() }]) {
      const { app, mesh: m } = mesh(props);
      expect(caObjects(synthByChart(app).cluster1)).toEqual([]);
      expect(Object.keys(m.reportFiles()).filter(f => /istio-csr/.test(f))).toEqual([]);
      expect(m.manualSteps().map(s => s.title)).toContain('Install cluster1\'s intermediate CA (Secret cacerts in istio-system)');
      expect(m.certificateAuthority.kind).toBe(MeshCertificateAuthorityKind.MANUAL);
    }
  });
});

describe('istioValues conflicts', () => {
  test('a user value that turns the CA server on is an error, like every conflict', () => {
    const app = Testing.app();
    const m = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1', certificateAuthority: MeshCertificateAuthority.certManager() });
    m.addCluster('a', { platform: gcp(), istioValues: { pilot: { env: { ENABLE_CA_SERVER: 'true' } } } });
    expect(() => m.reportFiles()).toThrow('cluster \'a\': istioValues sets pilot.env.ENABLE_CA_SERVER to \'true\' but the multi-network mesh needs \'false\'. Fix: remove it from istioValues, or change the mesh or cluster prop it comes from');
  });

  test('the same values are kept without conflict', () => {
    const app = Testing.app();
    const m = new MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1', certificateAuthority: MeshCertificateAuthority.certManager() });
    m.addCluster('a', { platform: gcp(), istioValues: { pilot: { env: { ENABLE_CA_SERVER: 'false', OTHER: 'x' } } } });
    expect(m.helmValues('a').pilot).toEqual({ env: { ENABLE_CA_SERVER: 'false', OTHER: 'x' } });
  });
});

describe('fromFederation() takes the certificate authority too', () => {
  test('every migrated cluster gets its CA objects', () => {
    const federation = new FederatedMesh(Testing.app(), 'federation');
    federation.addMesh('red-mesh', { platform: gcp() });
    const app = Testing.app();
    MultiNetworkMesh.fromFederation(app, 'mesh', federation, { meshId: 'mesh1', certificateAuthority: MeshCertificateAuthority.certManager() });
    expect(find(synthByChart(app)['red-mesh'], 'Certificate', 'istio-intermediate-ca', 'istio-system').spec.commonName).toBe('red-mesh intermediate CA');
  });
});

describe('hostile options', () => {
  const cm = (options: any) => () => MeshCertificateAuthority.certManager(options);
  const o = 'MeshCertificateAuthority.certManager(): ';

  test.each([
    ['options of the wrong type', 'vault', `${o}options are 'vault', not an object. Fix: pass e.g. { duration: '8760h' }, or nothing`],
    ['a duration that is a number', { duration: 8760 }, `${o}duration is 8760, not a string. Fix: pass a Go duration such as '8760h', or leave it out`],
    ['an issuer without a name', { issuer: {} }, `${o}issuer.name is undefined, not a string. Fix: pass the issuer's name, e.g. 'vault-mesh-root'`],
    ['an issuer kind outside the closed set', { issuer: { name: 'x', kind: 'AWSPCAClusterIssuer' }, rootCertificate: rootCert('red-mesh') }, `${o}issuer.kind is 'AWSPCAClusterIssuer', not one of 'ClusterIssuer', 'Issuer'. Fix: use CertManagerIssuerKind.CLUSTER_ISSUER or CertManagerIssuerKind.ISSUER, or leave it out`],
    ['a key algorithm outside the closed set', { privateKeyAlgorithm: 'Ed25519' }, `${o}privateKeyAlgorithm is 'Ed25519', not one of 'ECDSA', 'RSA'. Fix: use CaPrivateKeyAlgorithm.ECDSA or CaPrivateKeyAlgorithm.RSA, or leave it out`],
    ['a key size its algorithm does not take', { privateKeySize: 2048 }, `${o}privateKeySize 2048 is not a key size of ECDSA here (256 or 384). Fix: pass 256 or 384, or leave it out for 256`],
    ['an RSA key too small', { privateKeyAlgorithm: CaPrivateKeyAlgorithm.RSA, privateKeySize: 1024 }, `${o}privateKeySize 1024 is not a key size of RSA here (2048 or 4096). Fix: pass 2048 or 4096, or leave it out for 2048`],
    ['a root Secret name that is not DNS-1123', { rootSecretName: 'Root_CA' }, `${o}rootSecretName 'Root_CA' is not a DNS-1123 subdomain (lower case letters, digits, '-' and '.', each part starting and ending with a letter or digit). Fix: use a name like 'istio-mesh-root-ca'`],
    ['a namespace that is not DNS-1123', { certManagerNamespace: 'cert.manager' }, `${o}certManagerNamespace 'cert.manager' `],
    ['a duration in days', { duration: '365d' }, `${o}duration '365d' is not a Go duration, which cert-manager reads it as (a number and a unit, ns to h, e.g. '8760h' or '2h45m'; no days, no sign, no spaces). Fix: write it in hours, e.g. '8760h'`],
    ['a negative renewBefore', { renewBefore: '-1h' }, `${o}renewBefore '-1h' is not a Go duration`],
    ['a duration under an hour', { duration: '30m' }, `${o}duration '30m' is shorter than 1h, the least cert-manager accepts. Fix: use a duration between 1h and '876000h'`],
    ['a renewBefore not shorter than duration', { duration: '720h', renewBefore: '720h' }, `${o}renewBefore '720h' is not shorter than duration '720h', so cert-manager would renew the intermediate CA as soon as it is issued. Fix: make renewBefore a fraction of duration, e.g. duration '8760h' with renewBefore '720h'`],
    ['the default renewBefore with a short duration', { duration: '24h' }, `${o}renewBefore '720h' is not shorter than duration '24h'`],
    ['an issuer without the root certificate', { issuer: VAULT }, `${o}a missing rootCertificate does not go with your issuer 'vault-mesh-root', which holds the root itself, while istio-csr pins the root certificate that trust-manager copies to it from rootCertificate. Fix: pass the root certificate's PEM text as rootCertificate`],
    ['a root certificate without an issuer', { rootCertificate: rootCert('red-mesh') }, `${o}rootCertificate does not go with the default issuer, which reads the root certificate and key from the root Secret (rootSecretName). Fix: leave rootCertificate out, or name your own issuer`],
    ['a root Secret with an issuer', { issuer: VAULT, rootCertificate: rootCert('red-mesh'), rootSecretName: 'root' }, `${o}rootSecretName 'root' does not go with your issuer 'vault-mesh-root'`],
    ['a root certificate that is a private key', { issuer: VAULT, rootCertificate: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----' }, `${o}rootCertificate holds a private key`],
  ])('%s', (_name, options, message) => {
    expect(cm(options)).toThrow(message);
  });

  test('a wrong certificateAuthority on the mesh, and in fromFederation()', () => {
    expect(() => new MultiNetworkMesh(Testing.app(), 'mesh', { meshId: 'mesh1', certificateAuthority: 'cert-manager' as any })).toThrow(
      'multi-network mesh \'mesh\': certificateAuthority is \'cert-manager\', not a MeshCertificateAuthority. Fix: use MeshCertificateAuthority.manual() or MeshCertificateAuthority.certManager({ ... }), or leave it out');
    const federation = new FederatedMesh(Testing.app(), 'federation');
    expect(() => MultiNetworkMesh.fromFederation(Testing.app(), 'mesh', federation, { meshId: 'mesh1', certificateAuthority: {} as any })).toThrow(
      'multi-network mesh \'mesh\': certificateAuthority is {}, not a MeshCertificateAuthority.');
  });

  test('a cluster name too long for the intermediate CA\'s common name is an error at synth', () => {
    const { app } = mesh({ certificateAuthority: MeshCertificateAuthority.certManager() }, 'c'.repeat(49));
    expect(() => app.synth()).toThrow(`cluster 'cluster1': the common name of its intermediate CA, '${'c'.repeat(49)} intermediate CA', is 65 characters long, more than the 64 cert-manager accepts. Fix: give the cluster a clusterName of at most 48 characters`);
    const ok = mesh({ certificateAuthority: MeshCertificateAuthority.certManager() }, 'c'.repeat(48));
    expect(() => ok.app.synth()).not.toThrow();
  });

  test('Go durations as cert-manager reads them', () => {
    expect(parseGoDuration('8760h')).toBe(8760 * 3600e9);
    expect(parseGoDuration('1h30m')).toBe(5400e9);
    expect(parseGoDuration('1.5h')).toBe(5400e9);
    expect(parseGoDuration('90m0.5s')).toBe(5400.5e9);
    for (const bad of ['', '1', 'h', '1 h', '1H', '+1h', '1d', '1h-5m', 'P1Y', '1e3h']) expect(parseGoDuration(bad)).toBeUndefined();
  });
});

describeWithCrds('schemas of the cert-manager output', () => {
  test('every object of each cluster validates against its CRD (Certificate, Issuer, ClusterIssuer, Bundle, Istio)', () => {
    const all = [
      synthByChart(mesh({ certificateAuthority: MeshCertificateAuthority.certManager() }).app),
      synthByChart(mesh({ certificateAuthority: MeshCertificateAuthority.certManager({ issuer: VAULT, rootCertificate: rootCert('red-mesh'), privateKeyAlgorithm: CaPrivateKeyAlgorithm.RSA }) }).app),
    ].flatMap(byCluster => Object.values(byCluster).flat());
    expect(all.filter(o => [...CA_KINDS, 'Istio'].includes(o.kind)).length).toBe(2 * 2 * 4 - 2 + 4);
    expect(manifestsProblems(all)).toEqual([]);
  });

  test('the example\'s output validates too', () => {
    const app = Testing.app();
    certManagerMultiNetwork(app);
    expect(manifestsProblems(Object.values(synthByChart(app)).flat())).toEqual([]);
  });
}, CERT_MANAGER_CRD_FOLDERS);

describe('the cert-manager example', () => {
  test('its output folder holds each cluster\'s CA objects and istio-csr values', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'cert-manager-example-'));
    const app = new FederationApp({ outdir, printWarnings: false, printSummary: false });
    certManagerMultiNetwork(app);
    app.synth();
    for (const cluster of ['cluster1', 'cluster2']) {
      const cert = parse(readFileSync(join(outdir, cluster, 'Certificate.istio-intermediate-ca.k8s.yaml'), 'utf8'));
      expect(cert.spec.commonName).toBe(`${cluster} intermediate CA`);
      expect(parse(readFileSync(join(outdir, cluster, 'Bundle.istio-mesh-root-ca.k8s.yaml'), 'utf8')).kind).toBe('Bundle');
      expect(parse(readFileSync(join(outdir, cluster, 'Issuer.istio-ca.k8s.yaml'), 'utf8')).spec.ca.secretName).toBe('istio-intermediate-ca');
      expect(parse(readFileSync(join(outdir, `mesh1-istio-csr-values-${cluster}.yaml`), 'utf8')).app.server.clusterID).toBe(cluster);
    }
    expect(readFileSync(join(outdir, 'mesh1-manual-steps.md'), 'utf8')).toContain('Install istio-csr on cluster1');
  });
});

describe('the generated cert-manager and trust-manager classes are loaded only when used', () => {
  test('a mesh without cert-manager never loads them; one with cert-manager does', () => {
    const loaded: string[] = [];
    jest.isolateModules(() => {
      for (const module of ['cert-manager.io', 'trust.cert-manager.io']) {
        jest.doMock(`../src/imports/${module}`, () => {
          loaded.push(module);
          return jest.requireActual(`../src/imports/${module}`);
        });
      }
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const lib: typeof import('../src') = require('../src');
      // The cdk8s of this module registry: the constructs must come from the same copy.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const cdk8s: typeof import('cdk8s') = require('cdk8s');
      const build = (props: Partial<MultiNetworkMeshProps>) => {
        const app = cdk8s.Testing.app();
        new lib.MultiNetworkMesh(app, 'mesh', { meshId: 'mesh1', ...props }).addCluster('a', { platform: lib.Platform.gcp({ scheme: lib.LoadBalancerScheme.INTERNAL }) });
        app.synth();
      };
      build({});
      expect(loaded).toEqual([]);
      build({ certificateAuthority: lib.MeshCertificateAuthority.certManager() });
      expect(loaded.sort()).toEqual(['cert-manager.io', 'trust.cert-manager.io']);
    });
  });
});
