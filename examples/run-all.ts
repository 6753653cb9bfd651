// `npm run example`: synthesizes every example app into examples/<app>/dist, one folder per mesh
// (cluster), with the reports beside them: each federation's plan, topology diagram and manual
// steps; each multi-network mesh's istiod Helm values, manual steps and migration report. Each app
// prints its summary (folders, object counts, reports, manual steps pending). The root rotation
// example writes one folder per step of the rotation, each holding the usual mesh folders.
import { join } from 'node:path';
import { EXAMPLES, writeExample } from './examples';

for (const example of EXAMPLES) {
  console.log(`${example.name}:`);
  writeExample(example, join(__dirname, example.name, 'dist'));
}
