// The three meshes of ../three-mesh-federation (red on AWS, green on NodePort, blue on Google
// Cloud), described once as a federation and rendered here as one multi-network Istio mesh: one
// cluster per federation mesh. The federation lives in an app of its own that is never
// synthesized here. It shares a few services, so that each cluster's cross-network Gateway lists
// exactly what its mesh exported (blue-mesh exports nothing, so its cluster has no cross-network
// Gateway); the migration report says which services become reachable from more clusters.
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { MultiNetworkMesh } from '../../src';
import { threeMeshFederation } from '../three-mesh-federation/federation';

export function threeMeshMultiNetwork(scope: Construct): MultiNetworkMesh {
  const federation = threeMeshFederation(new App());
  const [red, green, blue] = ['red-mesh', 'green-mesh', 'blue-mesh'].map(name => federation.findMesh(name)!);
  // ratings to both peers, reviews to green-mesh only (multi-network lets blue-mesh reach it too).
  const toGreen = red.addServiceExport('to-green', { peer: green });
  toGreen.addNameRule({ namespace: 'bookinfo', name: 'ratings' });
  toGreen.addNameRule({ namespace: 'bookinfo', name: 'reviews' });
  red.addServiceExport('to-blue', { peer: blue }).addNameRule({ namespace: 'bookinfo', name: 'ratings' });
  // Every service of namespace inventory: the Gateway lists the namespace as *.inventory.svc.cluster.local.
  green.addServiceExport('to-red', { peer: red }).addNameRule({ namespace: 'inventory', name: '*' });

  return MultiNetworkMesh.fromFederation(scope, 'mesh', federation, {
    meshId: 'mesh1',
    clusterSettings: {
      // An NLB with Elastic IPs: istiod gets fixed IPs instead of resolving the NLB's hostname.
      'red-mesh': { eastWestGatewayAddresses: ['198.51.100.7', '198.51.100.8'] },
    },
  });
}
