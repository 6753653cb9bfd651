// The three-mesh example rotating the root certificates of red-mesh and blue-mesh (green-mesh keeps
// its root): every step of the rotation at once, one folder per step (1-trust-next/, 2-switch/,
// 3-drop-previous/), and federation-root-rotation.md with the manual CA switches and the checks
// between steps.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FederationAppProps, RootRotation, RootRotationApp } from '../../src';
import { threeMeshFederation } from '../three-mesh-federation/federation';

const cert = (file: string) => readFileSync(join(__dirname, '..', 'certs', file), 'utf8');

/** The rotation: red-mesh and blue-mesh to their next roots, in lockstep (trust-next, switch, drop-previous). */
export function rootRotation(): RootRotation {
  return new RootRotation({
    nextRootCertificates: {
      'red-mesh': cert('red-mesh-next-root-cert.pem'),
      'blue-mesh': cert('blue-mesh-next-root-cert.pem'),
    },
  });
}

/** The app writing every step of the rotation into `outdir`; `props` as for a FederationApp. */
export function rootRotationApp(outdir: string, props: FederationAppProps = {}): RootRotationApp {
  return new RootRotationApp({
    ...props,
    outdir,
    rotation: rootRotation(),
    // Each step is the three-mesh example as it is, with the step as its rootRotation.
    builder: { buildStep: (app, stage) => threeMeshFederation(app, { rootRotation: stage }) },
  });
}
