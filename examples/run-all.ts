// `npm run example`: synthesizes every example app into examples/<app>/dist, one folder per mesh,
// with the service sharing plan beside them.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { App, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { FederatedMesh, MultiNetworkMesh } from '../src';
import { seedTwoClusters } from './multi-network/multi-network';
import { serviceSharingFederation } from './service-sharing/federation';
import { threeMeshFederation } from './three-mesh-federation/federation';
import { threeMeshMultiNetwork } from './three-mesh-multi-network/multi-network';

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

// Multi-network Istio: one folder per cluster, with its istiod Helm values, and for a mesh rendered
// from a federation the migration report beside them.
const multiNetworkExamples: Array<[string, (scope: Construct) => MultiNetworkMesh, boolean]> = [
  ['multi-network', seedTwoClusters, false],
  ['three-mesh-multi-network', threeMeshMultiNetwork, true],
];

for (const [name, build, migrated] of multiNetworkExamples) {
  const outdir = join(__dirname, name, 'dist');
  const app = new App({ outdir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const mesh = build(app);
  app.synth();
  mesh.writeHelmValues(outdir);
  if (migrated) mesh.writeMigrationReport(outdir);
  console.log(`${name}:`);
  for (const entry of readdirSync(outdir).sort()) {
    const path = join(outdir, entry);
    const what = statSync(path).isDirectory() ? `/  (${readdirSync(path).length} files)` : '  (migration report)';
    console.log(`  ${relative(process.cwd(), path)}${what}`);
  }
}
