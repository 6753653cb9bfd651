import { X509Certificate } from 'node:crypto';
import { makeCertificate, makeRoot } from './support/make-certs';
test('certificates made in the test process parse as the X.509 they claim to be (CA, validity, issuer, leaf)', async () => {
  const root = await makeRoot('CN=Root A', 10);
  const c = new X509Certificate(root.pem);
  expect(c.ca).toBe(true);
  expect(new Date(c.validTo).getTime()).toBeGreaterThan(Date.now() + 9 * 86400e3);
  const expired = await makeCertificate({ subject: 'CN=Old', fromDays: -20, toDays: -1 });
  expect(new Date(new X509Certificate(expired.pem).validTo).getTime()).toBeLessThan(Date.now());
  const inter = await makeCertificate({ subject: 'CN=Inter', issuer: root });
  const ic = new X509Certificate(inter.pem);
  expect(ic.checkIssued(c)).toBe(true);
  expect(ic.verify(c.publicKey)).toBe(true);
  const leaf = await makeCertificate({ subject: 'CN=leaf', ca: false, issuer: root });
  expect(new X509Certificate(leaf.pem).ca).toBe(false);
});
