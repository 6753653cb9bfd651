// `npm run example`: synthesizes every example app into examples/<app>/dist, one folder per mesh
// (cluster), with the reports beside them: each federation's plan, topology diagram and manual
// steps; each multi-network mesh's istiod Helm values, manual steps and migration report.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { EXAMPLES } from './examples';
import { FederationApp } from '../src';

for (const { name, build, props } of EXAMPLES) {
  const outdir = join(__dirname, name, 'dist');
  const app = new FederationApp({ ...props, outdir });
  build(app);
  app.synth();
  console.log(`${name}:`);
  for (const entry of readdirSync(outdir).sort()) {
    const path = join(outdir, entry);
    const what = statSync(path).isDirectory() ? `/  (${readdirSync(path).length} files)` : '';
    console.log(`  ${relative(process.cwd(), path)}${what}`);
  }
}
