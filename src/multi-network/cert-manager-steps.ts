// The manual steps of a cluster whose intermediate CA cert-manager issues: what needs a live cluster
// (cert-manager, trust-manager and istio-csr are installed by their charts or operators) or the
// root key (never written). Pure functions of plain data; not exported from the package.
import { CertManagerCaSettings } from './ca-checks';
import { CA_LABEL, INTERMEDIATE_CA, ISTIO_CSR, istioCsrValuesFile, ROOT_CA, ROOT_CA_KEY } from './cert-manager-ca';
import { ClusterFacts } from './cluster-facts';
import { ManualStep } from '../core/manual-step';

/** What the cert-manager steps of a mesh follow from. */
export interface CertManagerStepsInput {
  readonly settings: CertManagerCaSettings;
  /** The mesh's construct id: its report files are named after it. */
  readonly meshId: string;
  /** The control-plane namespace. */
  readonly namespace: string;
}

/**
 * A cluster's cert-manager steps, in order: cert-manager and trust-manager, the root Secret (with
 * the default issuer; the first cluster makes the root), the intermediate CA, istio-csr.
 */
export function certManagerSteps(cluster: ClusterFacts, first: ClusterFacts, input: CertManagerStepsInput): ManualStep[] {
  const s = input.settings;
  return [
    installStep(cluster, s),
    ...s.issuer ? [] : [rootSecretStep(cluster, first, s)],
    intermediateStep(cluster, input),
    istioCsrStep(cluster, input),
  ];
}

function installStep(cluster: ClusterFacts, s: CertManagerCaSettings): ManualStep {
  const ctx = cluster.kubeContext;
  const ns = s.certManagerNamespace;
  return {
    cluster: cluster.name,
    title: `Install cert-manager and trust-manager on ${cluster.name}`,
    reason: `The cluster's intermediate CA is a cert-manager Certificate and the root certificate reaches istio-csr through a trust-manager Bundle; both run in ${ns} and are installed by the cluster admin (OpenShift: the cert-manager Operator for Red Hat OpenShift), not by this output.`,
    commands: [
      `kubectl get crd certificates.cert-manager.io issuers.cert-manager.io clusterissuers.cert-manager.io bundles.trust.cert-manager.io --context=${ctx}`,
      '# If one is missing, install what lacks it (skip cert-manager on OpenShift if its operator runs, and use its namespace):',
      'helm repo add jetstack https://charts.jetstack.io --force-update',
      `helm upgrade cert-manager jetstack/cert-manager --install --namespace ${ns} --create-namespace --set crds.enabled=true --wait --kube-context ${ctx}`,
      `helm upgrade trust-manager jetstack/trust-manager --install --namespace ${ns} --set app.trust.namespace=${ns} --wait --kube-context ${ctx}`,
    ],
  };
}

function rootSecretStep(cluster: ClusterFacts, first: ClusterFacts, s: CertManagerCaSettings): ManualStep {
  const makesRoot = cluster === first;
  return {
    cluster: cluster.name,
    title: `Create the shared root CA Secret ${s.rootSecretName} in ${s.certManagerNamespace} on ${cluster.name}`,
    reason: `The ClusterIssuer ${ROOT_CA} signs the cluster's intermediate CA with the mesh's one root, whose private key the library never writes. This Secret puts the root key in every cluster: for production, keep it in an external issuer (Vault, a cloud private CA) and pass it as issuer instead${makesRoot ? '' : `; use the root made in ${first.name}'s step`}.`,
    commands: [
      ...makesRoot ? [
        'mkdir -p root-ca',
        'openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj "/O=Istio/CN=Istio mesh root CA" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout root-ca/root-key.pem -out root-ca/root-cert.pem',
      ] : [],
      `kubectl create secret tls ${s.rootSecretName} -n ${s.certManagerNamespace} --context=${cluster.kubeContext} --cert=root-ca/root-cert.pem --key=root-ca/root-key.pem`,
    ],
    then: 'Keep root-ca/root-key.pem offline once every cluster has the Secret',
  };
}

function intermediateStep(cluster: ClusterFacts, input: CertManagerStepsInput): ManualStep {
  const ctx = cluster.kubeContext;
  const { namespace: ns, settings: s } = input;
  return {
    cluster: cluster.name,
    title: `Issue ${cluster.name}'s intermediate CA (Certificate ${INTERMEDIATE_CA} in ${ns})`,
    reason: 'istio-csr signs with the intermediate CA\'s Issuer, so the CA objects (labelled ' + `${CA_LABEL.key}=${CA_LABEL.value}) are applied before istio-csr is installed and the rest of the folder after it; cert-manager then issues the CA and trust-manager copies the root certificate to ${s.certManagerNamespace}.`,
    commands: [
      `kubectl create namespace ${ns} --context=${ctx} --dry-run=client -o yaml | kubectl apply -f - --context=${ctx}`,
      `kubectl apply -f ${cluster.name}/ -l ${CA_LABEL.key}=${CA_LABEL.value} --context=${ctx}`,
      `kubectl wait --for=condition=Ready certificate/${INTERMEDIATE_CA} -n ${ns} --timeout=5m --context=${ctx}`,
      `kubectl get configmap ${ROOT_CA} -n ${s.certManagerNamespace} --context=${ctx} -o jsonpath='{.data.${ROOT_CA_KEY.replace('.', '\\.')}}'`,
    ],
  };
}

function istioCsrStep(cluster: ClusterFacts, input: CertManagerStepsInput): ManualStep {
  const ctx = cluster.kubeContext;
  const ns = input.settings.certManagerNamespace;
  return {
    cluster: cluster.name,
    title: `Install istio-csr on ${cluster.name}`,
    reason: `istio-csr signs istiod's and the workloads' certificates with the intermediate CA; it is installed with its Helm chart and the values written beside the cluster folders (${istioCsrValuesFile(input.meshId, cluster.name)}), and must run before istiod starts.`,
    commands: [
      `helm upgrade ${ISTIO_CSR} jetstack/cert-manager-istio-csr --install --namespace ${ns} -f ${istioCsrValuesFile(input.meshId, cluster.name)} --wait --kube-context ${ctx}`,
      `kubectl rollout status deployment/${ISTIO_CSR} -n ${ns} --context=${ctx}`,
    ],
    then: `Apply ${cluster.name}'s folder (the Istio resource and the gateways) once istio-csr is ready`,
  };
}
