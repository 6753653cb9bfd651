// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { FederationApp } from '../../src';
import { threeMeshFederation } from './federation';

const app = new FederationApp();
threeMeshFederation(app);
app.synth();
