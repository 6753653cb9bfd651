// What the library cannot do for a multi-network mesh (credentials, live addresses), as manual
// steps with the commands to run. Pure functions of plain data; not exported from the package.
import { certManagerSteps, CertManagerStepsInput } from './cert-manager-steps';
import { ClusterFacts } from './cluster-facts';
import { EAST_WEST_GATEWAY_NAME } from './ports';
import { RemoteSecretManagement } from './topology';
import { ManualStep } from '../core/manual-step';
import { byName, q } from '../core/output';
import { AddressKind } from '../core/platform';

/**
 * The manual steps of a mesh's clusters (given in name order), in a stable order (by cluster,
 * then step): per cluster the Sail operator that must serve the `Istio` resource's version
 * (`istioVersion`, when given), per cluster running istiod the `cacerts` intermediate CA signed by
 * the shared root (with cert-manager, on every cluster: its installation, the root Secret, the
 * intermediate CA and istio-csr), the east-west gateway address when a remote needs it and it is not known, and
 * per ordered pair of clusters the `istioctl create-remote-secret` command (unless remote secrets
 * are managed elsewhere).
 */
export function multiNetworkManualSteps(
  clusters: readonly ClusterFacts[], namespace: string, remoteSecrets: RemoteSecretManagement, istioVersion?: string,
  certManager?: CertManagerStepsInput,
): ManualStep[] {
  const steps: ManualStep[] = [];
  const withCa = clusters.filter(c => c.role !== 'remote');
  for (const cluster of clusters) {
    steps.push(operatorStep(cluster, istioVersion, certManager !== undefined));
    const i = withCa.indexOf(cluster);
    // With cert-manager, every cluster runs istio-csr, which signs its workloads' certificates.
    if (certManager) steps.push(...certManagerSteps(cluster, clusters[0], certManager));
    else if (i >= 0) steps.push(caStep(cluster, namespace, i === 0 ? undefined : withCa[0]));
    if (cluster.role === 'primary-of-remotes' && !cluster.eastWestGatewayAddresses) steps.push(addressStep(cluster, namespace));
  }
  if (remoteSecrets === RemoteSecretManagement.ISTIOCTL) steps.push(...remoteSecretSteps(clusters));
  // By cluster; within a cluster, in the order above.
  return steps.sort((a, b) => byName(a.cluster, b.cluster));
}

/**
 * The Sail operator (OpenShift Service Mesh 3, or upstream Sail), which every cluster needs for its
 * `Istio` resource: only an operator whose `Istio` CRD lists the version accepts it.
 */
function operatorStep(cluster: ClusterFacts, istioVersion: string | undefined, certManager: boolean): ManualStep {
  const version = istioVersion ?? 'the spec.version of the Istio resource in its folder';
  return {
    cluster: cluster.name,
    title: `Check that ${cluster.name} runs a Sail operator that serves ${istioVersion ?? 'its Istio version'}`,
    reason: 'The cluster\'s Istio resource (sailoperator.io/v1) exists only once the operator is installed, and the operator accepts only the versions its Istio CRD lists; operators are installed through OLM or Helm by the cluster admin, not by this output.',
    commands: [
      `kubectl get crd istios.sailoperator.io --context=${cluster.kubeContext} -o jsonpath='{.spec.versions[?(@.storage==true)].schema.openAPIV3Schema.properties.spec.properties.version.enum}'`,
      `# The list must hold ${version}; if the CRD is missing or the list does not, install or upgrade the operator (OpenShift: Red Hat OpenShift Service Mesh 3 from OperatorHub).`,
    ],
    then: certManager ? `Go on with the cert-manager steps below; ${cluster.name}'s folder is applied at their end` : `Apply ${cluster.name}'s folder once the operator runs`,
  };
}

/** Installing a cluster's intermediate CA; the first cluster (no `rootCluster`) makes the root. */
function caStep(cluster: ClusterFacts, ns: string, rootCluster: ClusterFacts | undefined): ManualStep {
  const dir = `certs/${cluster.clusterName}`;
  return {
    cluster: cluster.name,
    title: `Install ${cluster.name}'s intermediate CA (Secret cacerts in ${ns})`,
    reason: `Every cluster of a multi-network mesh needs an intermediate CA signed by one shared root, and a CA holds private keys, which the library never writes. Run the commands in an Istio release folder (it holds tools/certs), or use your own CA${rootCluster ? `; sign with the root made in ${rootCluster.name}'s step` : ''}.`,
    commands: [
      ...rootCluster ? [] : ['mkdir -p certs', 'make -C certs -f ../tools/certs/Makefile.selfsigned.mk root-ca'],
      `make -C certs -f ../tools/certs/Makefile.selfsigned.mk ${cluster.clusterName}-cacerts`,
      `kubectl create namespace ${ns} --context=${cluster.kubeContext} --dry-run=client -o yaml | kubectl apply -f - --context=${cluster.kubeContext}`,
      `kubectl create secret generic cacerts -n ${ns} --context=${cluster.kubeContext} --from-file=ca-cert.pem=${dir}/ca-cert.pem --from-file=ca-key.pem=${dir}/ca-key.pem --from-file=root-cert.pem=${dir}/root-cert.pem --from-file=cert-chain.pem=${dir}/cert-chain.pem`,
    ],
    then: `Apply ${cluster.name}'s manifests after the Secret exists, so that istiod starts with the shared root`,
  };
}

/** Reading the primary's east-west gateway address, which the remotes need. */
function addressStep(cluster: ClusterFacts, ns: string): ManualStep {
  const hostname = cluster.platform.addressKind === AddressKind.HOSTNAME;
  const read = `kubectl get service ${EAST_WEST_GATEWAY_NAME} -n ${ns} --context=${cluster.kubeContext} -o jsonpath='{.status.loadBalancer.ingress[0].${hostname ? 'hostname' : 'ip'}}'`;
  return {
    cluster: cluster.name,
    title: `Read ${cluster.name}'s east-west gateway address`,
    reason: 'The remotes reach istiod through it (global.remotePilotAddress), and the load balancer gets its address only once it exists.',
    commands: [hostname ? `dig +short "$(${read})"` : read],
    then: `Set eastWestGatewayAddresses: ['<the IP>'] on ${q(cluster.name)}${hostname ? ' (static IPs, such as Elastic IPs, so that they do not change)' : ''} and synthesize again before applying the remotes`,
  };
}

/** One remote secret per cluster running istiod and other cluster it watches. */
function remoteSecretSteps(clusters: readonly ClusterFacts[]): ManualStep[] {
  const steps: ManualStep[] = [];
  for (const reader of clusters) {
    if (reader.role === 'remote') continue;
    for (const watched of clusters) {
      if (watched === reader) continue;
      steps.push({
        cluster: reader.name,
        title: `Let ${reader.name}'s istiod discover ${watched.name}'s endpoints (remote secret)`,
        reason: 'A remote secret holds credentials for the other cluster\'s API server, which the library never writes.',
        commands: [`istioctl create-remote-secret --context=${watched.kubeContext} --name=${watched.clusterName} | kubectl apply -f - --context=${reader.kubeContext}`],
      });
    }
  }
  return steps;
}
