// The three-mesh example with the verification kit of the Istio multi-network guide: HelloWorld v1
// in red-mesh and v2 in blue-mesh, Sleep in both, each mesh exporting its helloworld to the other,
// which imports it as local, so that Sleep's calls in either mesh are answered by both versions.
import { Construct } from 'constructs';
import { FederatedMesh, Mesh, VerificationWorkloads } from '../../src';
import { threeMeshFederation } from '../three-mesh-federation/federation';

/** The sample namespace of the kit. */
const NAMESPACE = 'sample';

/** The three-mesh federation with HelloWorld and Sleep in red-mesh (v1) and blue-mesh (v2). */
export function verifiedFederation(scope: Construct): FederatedMesh {
  const federation = threeMeshFederation(scope);
  const red = federation.findMesh('red-mesh')!;
  const blue = federation.findMesh('blue-mesh')!;
  new VerificationWorkloads(red, 'verify', { helloworldVersion: 'v1', namespace: NAMESPACE });
  new VerificationWorkloads(blue, 'verify', { helloworldVersion: 'v2', namespace: NAMESPACE });
  shareHelloWorld(red, blue);
  shareHelloWorld(blue, red);
  return federation;
}

/** `from` exports its helloworld to `to`, which imports it as local: one Service, both versions. */
function shareHelloWorld(from: Mesh, to: Mesh): void {
  from.addMemberNamespace(NAMESPACE);
  from.addServiceExport(`helloworld-to-${to.meshName}`, { peer: to }).addNameRule({ namespace: NAMESPACE, name: 'helloworld' });
  to.addServiceImport(`helloworld-from-${from.meshName}`, { peer: from }).addNameRule({
    namespace: NAMESPACE, name: 'helloworld', alias: { namespace: NAMESPACE, name: 'helloworld' }, importAsLocal: true,
  });
}
