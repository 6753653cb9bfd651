// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { sameClusterFederation } from './federation';
import { FederationApp } from '../../src';

const app = new FederationApp();
sameClusterFederation(app);
app.synth();
