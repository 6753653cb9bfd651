// `npm run example`: synthesizes every example app into examples/<app>/dist, one folder per mesh
// (cluster), with the reports beside them: each federation's plan, topology diagram and manual
// steps; each multi-network mesh's istiod Helm values, manual steps and migration report.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Construct } from 'constructs';
import { FederationApp, FederationAppProps } from '../src';
import { gitOpsAppProps } from './gitops/federation';
import { twoNetworkClusters } from './multi-network/multi-network';
import { serverlessMesh } from './serverless/serverless';
import { serviceSharingFederation } from './service-sharing/federation';
import { threeMeshFederation } from './three-mesh-federation/federation';
import { threeMeshMultiNetwork } from './three-mesh-multi-network/multi-network';

const examples: Array<[string, (scope: Construct) => unknown, FederationAppProps?]> = [
  ['three-mesh-federation', threeMeshFederation],
  ['service-sharing', serviceSharingFederation],
  ['gitops', threeMeshFederation, gitOpsAppProps],
  ['serverless', serverlessMesh],
  ['multi-network', twoNetworkClusters],
  ['three-mesh-multi-network', threeMeshMultiNetwork],
];

for (const [name, build, props] of examples) {
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
