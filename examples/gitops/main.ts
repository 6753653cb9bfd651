// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { gitOpsAppProps } from './federation';
import { FederationApp } from '../../src';
import { threeMeshFederation } from '../three-mesh-federation/federation';

const app = new FederationApp(gitOpsAppProps);
threeMeshFederation(app);
app.synth();
