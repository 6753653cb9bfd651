// Jest's global setup: every test file's temporary folders (its own, Testing.app()'s, npm's) go
// into one folder made for this run, which the global teardown removes. cdk8s's Testing.app()
// makes a folder per app and never removes it: a run left thousands in the system's temporary
// folder, which in turn made every new one slower to create.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'cdk8s-mesh-federation-tests-'));
  process.env.MESH_FEDERATION_TEST_TMPDIR = dir;
  // Read by os.tmpdir() in this process and the workers Jest starts after this.
  process.env.TMPDIR = dir;
}
