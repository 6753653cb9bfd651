import { App, Testing } from 'cdk8s';
import { rootCert } from './certs';
import { FederatedMesh, LoadBalancerScheme, Mesh, Platform, Topology } from '../../src';

/** The docs' three meshes (red in us-west, green in us-east, blue in eu-west) on GCP, fully peered unless told otherwise. */
export function docsMeshes(topology?: Topology): { app: App; federation: FederatedMesh; red: Mesh; green: Mesh; blue: Mesh } {
  const app = Testing.app();
  const federation = new FederatedMesh(app, 'federation', { topology });
  const mesh = (name: 'red-mesh' | 'green-mesh' | 'blue-mesh', region: string) => federation.addMesh(name, {
    platform: Platform.gcp({ scheme: LoadBalancerScheme.INTERNET_FACING }),
    rootCertificate: rootCert(name),
    dnsDomain: `apps.${name}.example.com`,
    locality: { region },
  });
  return { app, federation, red: mesh('red-mesh', 'us-west'), green: mesh('green-mesh', 'us-east'), blue: mesh('blue-mesh', 'eu-west') };
}
