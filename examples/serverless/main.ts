// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { FederationApp } from '../../src';
import { serverlessMesh } from './serverless';

const app = new FederationApp();
serverlessMesh(app);
app.synth();
