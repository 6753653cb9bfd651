// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { verifiedFederation } from './verification';
import { FederationApp } from '../../src';

const app = new FederationApp();
verifiedFederation(app);
app.synth();
