// The three meshes of ../three-mesh-federation (red on AWS, green on NodePort, blue on Google
// Cloud), described once as a federation and rendered here as one multi-network Istio mesh: one
// cluster per federation mesh. The federation lives in an app of its own that is never
// synthesized here; the migration report says what of it cannot carry over (nothing, for this one).
import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { MultiNetworkMesh } from '../../src';
import { threeMeshFederation } from '../three-mesh-federation/federation';

export function threeMeshMultiNetwork(scope: Construct): MultiNetworkMesh {
  const federation = threeMeshFederation(new App());
  return MultiNetworkMesh.fromFederation(scope, 'mesh', federation, {
    meshId: 'mesh1',
    clusterSettings: {
      // An NLB with Elastic IPs: istiod gets fixed IPs instead of resolving the NLB's hostname.
      'red-mesh': { eastWestGatewayAddresses: ['198.51.100.7', '198.51.100.8'] },
    },
  });
}
