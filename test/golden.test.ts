// Golden output: the sha256 of every file every example writes, and of the whole output of 50
// seeded random federations from the property generator (and of the same federations rendered as
// multi-network Istio). Output that changes on purpose updates test/golden/hashes.json in the same
// commit (`UPDATE_GOLDEN=1 npx jest test/golden.test.ts`), and the commit message says why.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { build, federationSpec } from './support/generator';
import { tree } from './support/synth';
import { EXAMPLES, writeExample } from '../examples/examples';
import { FederationApp, MultiNetworkMesh } from '../src';

const HASHES_FILE = join(__dirname, 'golden', 'hashes.json');
const SEED = 20261124;
const FEDERATIONS = 50;
const OUT = mkdtempSync(join(tmpdir(), 'golden-'));
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/**
 * One hash for a whole folder: its files' paths and hashes, in path order. The ownership marker
 * (`.cdk8s-mesh-federation-owned`) is left out: it only lists the other paths, which the hash pins
 * already (the examples' markers are pinned as files of their own).
 */
const treeHash = (files: Record<string, string>) => sha256(Object.entries(files)
  .filter(([path]) => path !== '.cdk8s-mesh-federation-owned')
  .map(([path, content]) => `${path}\u0000${sha256(content)}\n`).join(''));

function actualHashes(): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const example of EXAMPLES) {
    const outdir = join(OUT, 'examples', example.name);
    writeExample(example, outdir, { printWarnings: false, printSummary: false });
    for (const [path, content] of Object.entries(tree(outdir))) hashes[`examples/${example.name}/${path}`] = sha256(content);
  }
  fc.sample(federationSpec, { seed: SEED, numRuns: FEDERATIONS }).forEach((spec, i) => {
    const outdir = join(OUT, 'random', String(i));
    const { app, federation } = build(spec, join(outdir, 'federation'));
    app.synth();
    hashes[`random/${i}/federation`] = treeHash(tree(join(outdir, 'federation')));
    const migrated = new FederationApp({ outdir: join(outdir, 'multi-network'), printWarnings: false, printSummary: false });
    try {
      MultiNetworkMesh.fromFederation(migrated, 'mesh', federation, { meshId: 'mesh1' });
      migrated.synth();
      hashes[`random/${i}/multi-network`] = treeHash(tree(join(outdir, 'multi-network')));
    } catch (e) {
      // Some random federations cannot be migrated (hostnames where multi-network needs IPs): the
      // error message is pinned instead.
      hashes[`random/${i}/multi-network`] = `error ${sha256((e as Error).message)}`;
    }
  });
  return hashes;
}

test('every example and 50 seeded random federations write the same bytes as recorded', () => {
  const actual = actualHashes();
  if (process.env.UPDATE_GOLDEN === '1') {
    writeFileSync(HASHES_FILE, `${JSON.stringify(actual, null, 2)}\n`);
  }
  const expected = JSON.parse(readFileSync(HASHES_FILE, 'utf8'));
  expect(Object.keys(actual).length).toBeGreaterThan(100);
  expect(actual).toEqual(expected);
}, 300_000);
