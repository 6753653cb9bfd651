import { docsMeshes } from './federation';
import { FederatedMesh } from '../../src';

/**
 * The federation the fixtures under test/fixtures/live describe: the docs' three meshes, fully
 * peered; red exports its ratings (as info/ratings) to green and blue, green exports its reviews to
 * red; green and blue import the ratings, red imports the reviews.
 */
export function liveFederation(): FederatedMesh {
  const { federation, red, green, blue } = docsMeshes();
  for (const peer of [green, blue]) {
    red.addServiceExport(`ratings-to-${peer.meshName}`, { peer })
      .addNameRule({ namespace: 'red-mesh-info', name: 'ratings', alias: { namespace: 'info', name: 'ratings' } });
    peer.addServiceImport('ratings', { peer: red }).addNameRule({ namespace: 'info', name: 'ratings' });
  }
  green.addServiceExport('reviews-to-red', { peer: red }).addNameRule({ namespace: 'bookinfo', name: 'reviews' });
  red.addServiceImport('reviews', { peer: green }).addNameRule({ namespace: 'bookinfo', name: 'reviews' });
  return federation;
}
