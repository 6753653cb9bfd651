// Two clusters on their own networks, as in ../multi-network, whose intermediate CAs cert-manager
// issues from one shared root (OpenShift Service Mesh 3 with cert-manager and istio-csr): each
// cluster folder holds its CA objects, istio-csr's Helm values are written beside the folders, and
// the manual steps say how to create the root Secret and install cert-manager, trust-manager and
// istio-csr. The root here sits in a Secret on each cluster; in production, pass your own issuer.
import { Construct } from 'constructs';
import { LoadBalancerScheme, MeshCertificateAuthority, MultiNetworkMesh, Platform } from '../../src';

export function certManagerMultiNetwork(scope: Construct): MultiNetworkMesh {
  const mesh = new MultiNetworkMesh(scope, 'mesh1', {
    meshId: 'mesh1',
    certificateAuthority: MeshCertificateAuthority.certManager({ duration: '4380h', renewBefore: '720h' }),
  });
  mesh.addCluster('cluster1', {
    platform: Platform.azure({ scheme: LoadBalancerScheme.INTERNET_FACING }),
    network: 'network1',
    kubeContext: 'ctx-1',
  });
  mesh.addCluster('cluster2', {
    platform: Platform.bareMetal(),
    network: 'network2',
    kubeContext: 'ctx-2',
    eastWestGatewayAddresses: ['203.0.113.40'],
  });
  return mesh;
}
