// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top. The
// istiod and istio-csr Helm values and the manual steps are written beside the cluster folders.
import { certManagerMultiNetwork } from './multi-network';
import { FederationApp } from '../../src';

const app = new FederationApp();
certManagerMultiNetwork(app);
app.synth();
