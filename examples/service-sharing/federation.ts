// The three meshes of ../three-mesh-federation, now sharing services (product documentation, 1.18.11-1.18.13):
// red shares ratings and reviews with green, green imports ratings under its own name, blue takes
// every service labelled for export from red, and ratings fails over between us-east and us-west.
import { Construct } from 'constructs';
import { FederatedMesh, FederatedMeshProps } from '../../src';
import { threeMeshFederation } from '../three-mesh-federation/federation';

export function serviceSharingFederation(scope: Construct, props: FederatedMeshProps = {}): FederatedMesh {
  const federation = threeMeshFederation(scope, props);
  const red = federation.findMesh('red-mesh')!;
  const green = federation.findMesh('green-mesh')!;
  const blue = federation.findMesh('blue-mesh')!;

  // red-mesh shares red-mesh-info/ratings as info/red-ratings, and red-mesh-info/reviews, with green-mesh.
  const redToGreen = red.addServiceExport('bookinfo-to-green', { peer: green });
  redToGreen.addNameRule({ namespace: 'red-mesh-info', name: 'ratings', alias: { namespace: 'info', name: 'red-ratings' } });
  redToGreen.addNameRule({ namespace: 'red-mesh-info', name: 'reviews' });

  // green-mesh knows red's ratings as ratings.info.svc.red-mesh-imports.local.
  green.addServiceImport('bookinfo-from-red', { peer: red })
    .addNameRule({ namespace: 'info', name: 'red-ratings', alias: { namespace: 'info', name: 'ratings' } });

  // red-mesh shares every service labelled export-service=true with blue-mesh, all under namespace info.
  red.addServiceExport('labelled-to-blue', { peer: blue }).addLabelRule({
    namespace: 'red-mesh-info',
    matchLabels: { 'export-service': 'true' },
    aliases: [{ namespace: '*', name: '*', alias: { namespace: 'info' } }],
  });
  blue.addServiceImport('labelled-from-red', { peer: red }).addNameRule({ namespace: 'info', name: '*' });

  // bookinfo/ratings runs in green-mesh (us-east-1) and red-mesh (us-west-1); each fails over to the other.
  federation.addFailoverImport('ratings', { namespace: 'bookinfo', name: 'ratings', meshes: [green, red] });

  return federation;
}
