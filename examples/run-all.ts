// `npm run example`: synthesizes every example app into examples/<app>/dist, one folder per mesh,
// with the service sharing plan beside them.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { FederatedMesh } from '../src';
import { serverlessMesh } from './serverless/serverless';
import { serviceSharingFederation } from './service-sharing/federation';
import { threeMeshFederation } from './three-mesh-federation/federation';

const examples: Array<[string, (scope: Construct) => FederatedMesh]> = [
  ['three-mesh-federation', threeMeshFederation],
  ['service-sharing', serviceSharingFederation],
];

for (const [name, build] of examples) {
  const outdir = join(__dirname, name, 'dist');
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const federation = build(app);
  app.synth();
  federation.writePlan(outdir);
  console.log(`${name}:`);
  for (const entry of readdirSync(outdir).sort()) {
    const path = join(outdir, entry);
    const what = statSync(path).isDirectory() ? `/  (${readdirSync(path).length} manifests)` : '  (service sharing plan)';
    console.log(`  ${relative(process.cwd(), path)}${what}`);
  }
}

// Examples without a federation: one chart per mesh, no plan.
const standalone: Array<[string, (scope: Construct) => unknown]> = [
  ['serverless', serverlessMesh],
];

for (const [name, build] of standalone) {
  const outdir = join(__dirname, name, 'dist');
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  build(app);
  app.synth();
  console.log(`${name}:`);
  for (const entry of readdirSync(outdir).sort()) {
    console.log(`  ${relative(process.cwd(), join(outdir, entry))}/  (${readdirSync(join(outdir, entry)).length} manifests)`);
  }
}
