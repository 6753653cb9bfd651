// A cluster's intermediate CA issued by cert-manager, for istio-csr (OpenShift Service Mesh 3's
// cert-manager integration): the objects, the istiod values that hand signing to istio-csr, and
// istio-csr's Helm values. Pure functions and object builders; not exported from the package.
import { ApiObject, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { CertManagerCaSettings } from './ca-checks';
import { ClusterFacts } from './cluster-facts';
import type * as cm from '../imports/cert-manager.io';
import type * as trust from '../imports/trust.cert-manager.io';

// The generated classes are loaded the first time a mesh uses cert-manager, not with the package.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const certManager = (): typeof cm => require('../imports/cert-manager.io');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const trustManager = (): typeof trust => require('../imports/trust.cert-manager.io');

/** The intermediate CA Certificate, and its `kubernetes.io/tls` Secret, in the control-plane namespace. */
export const INTERMEDIATE_CA = 'istio-intermediate-ca';
/** The CA Issuer over the intermediate CA that istio-csr signs with (its chart's default issuer name). */
export const CA_ISSUER = 'istio-ca';
/** The default CA ClusterIssuer over the root Secret, and the Bundle (and its ConfigMap) of the root certificate. */
export const ROOT_CA = 'istio-mesh-root-ca';
/** The key of the root certificate in the Bundle's ConfigMap: the file istio-csr reads. */
export const ROOT_CA_KEY = 'ca.pem';
/** istio-csr's Helm release, and so its Service. */
export const ISTIO_CSR = 'cert-manager-istio-csr';
/** Where istio-csr mounts the root certificate's ConfigMap. */
const ROOT_CA_DIR = '/var/run/secrets/istio-csr';
/** The label every CA object carries, so that they can be applied before the rest of the folder. */
export const CA_LABEL = { key: 'app.kubernetes.io/component', value: 'mesh-ca' };
/** The longest common name cert-manager accepts (RFC 5280's ub-common-name). */
const MAX_COMMON_NAME = 64;

/** What the functions below read of a mesh's `MeshCertificateAuthority`: its cert-manager settings, if any. */
export interface CaChoice {
  readonly _certManager?: CertManagerCaSettings;
}

/** What a cluster's CA objects follow from. */
export interface ClusterCaInput {
  readonly settings: CertManagerCaSettings;
  /** The control-plane namespace. */
  readonly namespace: string;
  /** Istio's name of the cluster. */
  readonly clusterName: string;
}

/** The intermediate CA's common name: it names the cluster. */
export function intermediateCommonName(clusterName: string): string {
  return `${clusterName} intermediate CA`;
}

/** The problem of a cluster whose intermediate CA's common name would be too long, if any. */
export function commonNameProblem(cluster: string, clusterName: string): string | undefined {
  const cn = intermediateCommonName(clusterName);
  if (cn.length <= MAX_COMMON_NAME) return undefined;
  return `cluster '${cluster}': the common name of its intermediate CA, '${cn}', is ${cn.length} characters long, more than the ${MAX_COMMON_NAME} cert-manager accepts. Fix: give the cluster a clusterName of at most ${MAX_COMMON_NAME - intermediateCommonName('').length} characters`;
}

/**
 * The address workloads and istiod send their certificate requests to with cert-manager:
 * istio-csr's Service; undefined without (istiod signs).
 */
export function istioCsrAddress(ca: CaChoice): string | undefined {
  return ca._certManager && `${ISTIO_CSR}.${ca._certManager.certManagerNamespace}.svc:443`;
}

/** With cert-manager, a cluster's CA objects (see `addClusterCa()`); nothing without. */
export function addCertManagerCa(scope: Construct, ca: CaChoice, namespace: string, clusterName: string): void {
  if (ca._certManager) addClusterCa(scope, { settings: ca._certManager, namespace, clusterName });
}

/**
 * A cluster's CA objects: without the user's issuer the CA ClusterIssuer over the root Secret
 * (`RootIssuer`); the intermediate CA Certificate (`IntermediateCa`); the CA Issuer istio-csr signs
 * with (`CaIssuer`); and the trust-manager Bundle that copies the root certificate to istio-csr's
 * namespace (`RootBundle`).
 */
export function addClusterCa(scope: Construct, input: ClusterCaInput): void {
  const { settings: s, namespace } = input;
  const labels = { [CA_LABEL.key]: CA_LABEL.value };
  if (!s.issuer) {
    // ClusterIssuer is not among the typed imports (its CRD is 330 KB of ACME); the tests check it against the CRD.
    new ApiObject(scope, 'RootIssuer', {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: ROOT_CA, labels },
      spec: { ca: { secretName: s.rootSecretName } },
    });
  }
  const issuer = s.issuer ?? { name: ROOT_CA, kind: 'ClusterIssuer', group: 'cert-manager.io' };
  const { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy } = certManager();
  new Certificate(scope, 'IntermediateCa', {
    metadata: { name: INTERMEDIATE_CA, namespace, labels },
    spec: {
      isCa: true,
      commonName: intermediateCommonName(input.clusterName),
      secretName: INTERMEDIATE_CA,
      duration: s.duration,
      renewBefore: s.renewBefore,
      privateKey: {
        algorithm: s.privateKeyAlgorithm === 'RSA' ? CertificateSpecPrivateKeyAlgorithm.RSA : CertificateSpecPrivateKeyAlgorithm.ECDSA,
        size: s.privateKeySize,
        rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
      },
      issuerRef: { name: issuer.name, kind: issuer.kind, group: issuer.group },
    },
  });
  new ApiObject(scope, 'CaIssuer', {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Issuer',
    metadata: { name: CA_ISSUER, namespace, labels },
    spec: { ca: { secretName: INTERMEDIATE_CA } },
  });
  new (trustManager().Bundle)(scope, 'RootBundle', {
    metadata: { name: ROOT_CA, labels },
    spec: {
      sources: [s.rootCertificate === undefined ? { secret: { name: s.rootSecretName, key: 'tls.crt' } } : { inLine: s.rootCertificate }],
      target: {
        configMap: { key: ROOT_CA_KEY },
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': s.certManagerNamespace } },
      },
    },
  });
}

/** What istio-csr's Helm values of a cluster follow from. */
export interface IstioCsrValuesInput extends ClusterCaInput {
  /** The mesh's trust domain. */
  readonly trustDomain: string;
  /** Whether the cluster runs istiod (a remote's workloads only need their own certificates). */
  readonly runsIstiod: boolean;
}

/**
 * istio-csr's Helm values on a cluster (`helm install cert-manager-istio-csr
 * jetstack/cert-manager-istio-csr -f <file>`): sign with the intermediate CA's Issuer, pin the
 * root from the Bundle's ConfigMap, take certificate requests of this cluster only (its
 * `clusterID` is Istio's cluster name, which every proxy of the cluster sends), and on a cluster
 * running istiod issue istiod's serving certificate for the `Istio` resource's revision.
 */
export function istioCsrValues(input: IstioCsrValuesInput): Record<string, any> {
  const s = input.settings;
  return {
    app: {
      certmanager: {
        namespace: input.namespace,
        issuer: { name: CA_ISSUER, kind: 'Issuer', group: 'cert-manager.io' },
      },
      tls: {
        trustDomain: input.trustDomain,
        rootCAFile: `${ROOT_CA_DIR}/${ROOT_CA_KEY}`,
        certificateDNSNames: [`${ISTIO_CSR}.${s.certManagerNamespace}.svc`],
        istiodCertificateEnable: input.runsIstiod,
      },
      server: { clusterID: input.clusterName },
      istio: { namespace: input.namespace, revisions: ['default'] },
      controller: { leaderElectionNamespace: input.namespace },
    },
    volumes: [{ name: 'root-ca', configMap: { name: ROOT_CA } }],
    volumeMounts: [{ name: 'root-ca', mountPath: ROOT_CA_DIR, readOnly: true }],
  };
}

/** The file `reportFiles()` writes a cluster's istio-csr Helm values to. */
export function istioCsrValuesFile(meshId: string, cluster: string): string {
  return `${meshId}-istio-csr-values-${cluster}.yaml`;
}

/** What `istioCsrReportFiles()` reads of a mesh. */
export interface CaMesh {
  readonly node: { readonly id: string };
  readonly certificateAuthority: CaChoice;
  readonly controlPlaneNamespace: string;
  readonly trustDomain?: string;
}

/** With cert-manager, the istio-csr Helm values of every cluster, by report file name; none without. */
export function istioCsrReportFiles(mesh: CaMesh, clusters: readonly ClusterFacts[]): Record<string, string> {
  const settings = mesh.certificateAuthority._certManager;
  if (!settings) return {};
  return Object.fromEntries(clusters.map(c => [istioCsrValuesFile(mesh.node.id, c.name), Yaml.stringify(istioCsrValues({
    settings, namespace: mesh.controlPlaneNamespace, clusterName: c.clusterName, trustDomain: mesh.trustDomain ?? 'cluster.local', runsIstiod: c.role !== 'remote',
  }))]));
}

/** The problems of a mesh's clusters that only cert-manager issuance has. */
export function certManagerProblems(ca: CaChoice, clusters: readonly ClusterFacts[]): string[] {
  if (!ca._certManager) return [];
  return clusters.flatMap(c => commonNameProblem(c.name, c.clusterName) ?? []);
}
