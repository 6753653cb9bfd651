// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { serverlessMesh } from './serverless';
import { FederationApp } from '../../src';

const app = new FederationApp();
serverlessMesh(app);
app.synth();
