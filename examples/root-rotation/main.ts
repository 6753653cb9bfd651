// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { rootRotationApp } from './rotation';

rootRotationApp(process.env.CDK8S_OUTDIR ?? 'dist').synth();
