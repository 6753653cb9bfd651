// The Istio multi-network guide's two clusters outside Google Cloud, each on its own network, joined into mesh1 with
// an east-west gateway per cluster: cluster1 on Azure, cluster2 on bare metal with MetalLB. Each
// gateway only accepts the other cluster's egress addresses.
import { Construct } from 'constructs';
import { LoadBalancerScheme, MultiNetworkMesh, Platform } from '../../src';

export function twoNetworkClusters(scope: Construct): MultiNetworkMesh {
  const mesh = new MultiNetworkMesh(scope, 'mesh1', { meshId: 'mesh1', istioVersion: 'v1.30.3' });

  mesh.addCluster('cluster1', {
    platform: Platform.azure({ scheme: LoadBalancerScheme.INTERNET_FACING }),
    network: 'network1',
    kubeContext: 'ctx-1',
    locality: { region: 'westeurope' },
    egressSourceRanges: ['198.51.100.0/28'],
  });

  mesh.addCluster('cluster2', {
    platform: Platform.bareMetal(),
    network: 'network2',
    kubeContext: 'ctx-2',
    locality: { region: 'on-prem-dc1' },
    egressSourceRanges: ['203.0.113.0/28'],
    // MetalLB hands out fixed IPs: known before the first deploy.
    eastWestGatewayAddresses: ['203.0.113.40'],
    eastWestGateway: { autoscaling: { minReplicas: 2, maxReplicas: 5 }, minAvailable: 1 },
  });

  return mesh;
}
