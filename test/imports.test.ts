// The committed typed CRD classes in src/imports/ must be what `npx projen import` makes from the CRDs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CRDS_DIR, describeWithCrds } from './support/crd-schemas';

const ROOT = join(__dirname, '..');

describeWithCrds('src/imports', () => {
  test('matches a fresh cdk8s import of the CRD files', () => {
    const out = mkdtempSync(join(tmpdir(), 'imports-'));
    execFileSync('bash', ['scripts/import-crds.sh'], {
      cwd: ROOT,
      env: { ...process.env, MESH_FEDERATION_CRDS_DIR: CRDS_DIR, IMPORT_OUTDIR: out, PATH: `${join(ROOT, 'node_modules', '.bin')}:${process.env.PATH}` },
      stdio: 'pipe',
    });
    const committed = readdirSync(join(ROOT, 'src', 'imports')).sort();
    expect(readdirSync(out).sort()).toEqual(committed);
    for (const file of committed) {
      expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join(ROOT, 'src', 'imports', file), 'utf8'));
    }
  }, 60_000);
});
