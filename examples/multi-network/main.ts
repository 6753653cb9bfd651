// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top. The
// istiod Helm values, manual steps and migration report are written beside the cluster folders.
import { twoNetworkClusters } from './multi-network';
import { FederationApp } from '../../src';

const app = new FederationApp();
twoNetworkClusters(app);
app.synth();
