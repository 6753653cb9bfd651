// Every example app of `npm run example`: its folder name, what it builds, and its app props.
import { Construct } from 'constructs';
import { FederationAppProps } from '../src';
import { certManagerMultiNetwork } from './cert-manager-multi-network/multi-network';
import { gitOpsAppProps } from './gitops/federation';
import { twoNetworkClusters } from './multi-network/multi-network';
import { sameClusterFederation } from './same-cluster/federation';
import { serverlessMesh } from './serverless/serverless';
import { serviceSharingFederation } from './service-sharing/federation';
import { threeMeshFederation } from './three-mesh-federation/federation';
import { threeMeshMultiNetwork } from './three-mesh-multi-network/multi-network';
import { verifiedFederation } from './verification/verification';

/** An example app: its folder under examples/, what it builds into the app, and the app's props. */
export interface Example {
  readonly name: string;
  readonly build: (scope: Construct) => unknown;
  readonly props?: FederationAppProps;
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
];
