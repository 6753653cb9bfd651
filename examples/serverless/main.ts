// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { App, YamlOutputType } from 'cdk8s';
import { serverlessMesh } from './serverless';

const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
serverlessMesh(app);
app.synth();
