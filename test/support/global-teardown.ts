// Jest's global teardown: removes the run's temporary folder (see global-setup.ts).
import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dir = process.env.MESH_FEDERATION_TEST_TMPDIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
