// A standalone cdk8s app: `cdk8s synth` in this folder, or `npm run example` at the top.
import { App, YamlOutputType } from 'cdk8s';
import { seedTwoClusters } from './multi-network';

const app = new App({ yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
const mesh = seedTwoClusters(app);
app.synth();
mesh.writeHelmValues(app.outdir);
