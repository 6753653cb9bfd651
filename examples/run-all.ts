// `npm run example`: synthesizes every example app into examples/<app>/dist, one folder per mesh.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { threeMeshFederation } from './three-mesh-federation/federation';

const examples: Array<[string, (app: App) => unknown]> = [
  ['three-mesh-federation', threeMeshFederation],
];

for (const [name, build] of examples) {
  const outdir = join(__dirname, name, 'dist');
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  build(app);
  app.synth();
  console.log(`${name}:`);
  for (const folder of readdirSync(outdir).sort()) {
    const files = readdirSync(join(outdir, folder));
    console.log(`  ${relative(process.cwd(), join(outdir, folder))}/  (${files.length} manifests)`);
  }
}
