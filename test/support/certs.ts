import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A PEM fixture from test/fixtures/certs (made by scripts/make-test-certs.sh). */
export function pem(name: string): string {
  return readFileSync(join(__dirname, '..', 'fixtures', 'certs', `${name}.pem`), 'utf8');
}

/** The root certificate fixture of one of the docs' meshes. */
export function rootCert(mesh: 'red-mesh' | 'green-mesh' | 'blue-mesh'): string {
  return pem(`${mesh}-root-cert`);
}
