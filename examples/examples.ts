// Every example app of `npm run example`: its folder name, what it builds, and its app props.
import { Construct } from 'constructs';
import { FederationApp, FederationAppProps } from '../src';
import { certManagerMultiNetwork } from './cert-manager-multi-network/multi-network';
import { gitOpsAppProps } from './gitops/federation';
import { twoNetworkClusters } from './multi-network/multi-network';
import { rootRotationApp } from './root-rotation/rotation';
import { sameClusterFederation } from './same-cluster/federation';
import { serverlessMesh } from './serverless/serverless';
import { serviceSharingFederation } from './service-sharing/federation';
import { threeMeshFederation } from './three-mesh-federation/federation';
import { threeMeshMultiNetwork } from './three-mesh-multi-network/multi-network';
import { verifiedFederation } from './verification/verification';

/**
 * An example app: its folder under examples/, what it builds into a FederationApp and the app's
 * props, or (`write`) how it writes its output itself.
 */
export interface Example {
  readonly name: string;
  readonly build?: (scope: Construct) => unknown;
  readonly props?: FederationAppProps;
  readonly write?: (outdir: string, props: FederationAppProps) => void;
}

export const EXAMPLES: Example[] = [
  { name: 'three-mesh-federation', build: threeMeshFederation },
  { name: 'service-sharing', build: serviceSharingFederation },
  { name: 'gitops', build: threeMeshFederation, props: gitOpsAppProps },
  { name: 'serverless', build: serverlessMesh },
  { name: 'multi-network', build: twoNetworkClusters },
  { name: 'three-mesh-multi-network', build: threeMeshMultiNetwork },
  { name: 'same-cluster', build: sameClusterFederation },
  { name: 'verification', build: verifiedFederation },
  { name: 'cert-manager-multi-network', build: certManagerMultiNetwork },
  { name: 'root-rotation', write: (outdir, props) => rootRotationApp(outdir, props).synth() },
];

/** Writes `example`'s output into `outdir`, with `props` over its own app props. */
export function writeExample(example: Example, outdir: string, props: FederationAppProps = {}): void {
  if (example.write) {
    example.write(outdir, { ...example.props, ...props });
    return;
  }
  const app = new FederationApp({ ...example.props, ...props, outdir });
  example.build?.(app);
  app.synth();
}
