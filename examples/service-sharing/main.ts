// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { serviceSharingFederation } from './federation';
import { FederationApp } from '../../src';

const app = new FederationApp();
serviceSharingFederation(app);
app.synth();
