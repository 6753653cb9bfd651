// `npm run example`: synthesizes every example app into examples/<app>/dist, one folder per mesh
// (cluster), with the reports beside them: each federation's plan, topology diagram and manual
// steps; each multi-network mesh's istiod Helm values, manual steps and migration report. Each app
// prints its summary (folders, object counts, reports, manual steps pending).
import { join } from 'node:path';
import { EXAMPLES } from './examples';
import { FederationApp } from '../src';

for (const { name, build, props } of EXAMPLES) {
  console.log(`${name}:`);
  const app = new FederationApp({ ...props, outdir: join(__dirname, name, 'dist') });
  build(app);
  app.synth();
}
