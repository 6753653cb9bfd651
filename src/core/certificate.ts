// Root certificate checks with node:crypto. Internal.
import { X509Certificate } from 'node:crypto';
import { q } from './output';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The largest root certificate bundle taken: well below the 1 MiB object limit of its ConfigMap. */
export const MAX_BUNDLE_BYTES = 256 * 1024;

/**
 * Problems with a mesh's root certificate bundle (PEM), each as the tail of a sentence that begins
 * with the prop name. Empty when every block is an unexpired X.509 CA certificate.
 */
export function rootCertificateProblems(pem: string, now: Date): string[] {
  const problems: string[] = [];
  const bytes = Buffer.byteLength(pem, 'utf8');
  if (bytes > MAX_BUNDLE_BYTES) {
    return [`is ${bytes} bytes, more than the ${MAX_BUNDLE_BYTES} a root certificate bundle may have here (it is copied into a ConfigMap in each peer's namespace, and a Kubernetes object holds at most 1 MiB). Fix: pass only the mesh's root CA certificate(s), a few kilobytes each`];
  }
  const blocks = [...pem.matchAll(BLOCK)];
  const outside = pem.replace(BLOCK, '').trim();
  if (blocks.length > 0 && outside.length > 0) {
    return [`has text outside its PEM blocks (${q(outside.split(/\r?\n/)[0])}), which would be copied into the peers' ConfigMaps. Fix: pass only the '-----BEGIN CERTIFICATE-----' ... '-----END CERTIFICATE-----' blocks, without comments or 'subject=' lines`];
  }
  if (blocks.some(b => /PRIVATE KEY/.test(b[1]))) {
    return ['holds a private key. Fix: pass only the CERTIFICATE block(s) of the root certificate (istio-ca-root-cert, key root-cert.pem); private keys must never be put into manifests'];
  }
  const certs = blocks.filter(b => b[1] === 'CERTIFICATE');
  if (certs.length === 0) {
    return ['is not a PEM certificate (no \'-----BEGIN CERTIFICATE-----\' block). Fix: pass the PEM text of the mesh\'s root certificate, e.g. from `oc get configmap istio-ca-root-cert -n <namespace> -o jsonpath=\'{.data.root-cert\\.pem}\'`'];
  }
  certs.forEach((block, index) => {
    const which = certs.length > 1 ? `certificate #${index + 1}` : 'certificate';
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(block[0]);
    } catch (e) {
      problems.push(`${which} does not parse as X.509 (${(e as Error).message}). Fix: copy the PEM text again, whole and unchanged`);
      return;
    }
    if (!cert.ca) {
      problems.push(`${which} ('${cert.subject.replace(/\n/g, ', ')}') is not a CA certificate, so it cannot verify the peer's workload certificates. Fix: pass the mesh's root CA certificate, not a leaf or gateway certificate`);
    }
    const validTo = new Date(cert.validTo);
    if (validTo.getTime() < now.getTime()) {
      problems.push(`${which} ('${cert.subject.replace(/\n/g, ', ')}') expired on ${validTo.toISOString()}. Fix: pass the mesh's current root certificate`);
    }
  });
  return problems;
}

/** One certificate of a PEM bundle, as shown in reports. */
export interface CertificateSummary {
  /** The SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` prints it (`AB:CD:...`). */
  readonly sha256: string;
  /** The subject, on one line (`O=cluster.local, CN=Root CA red-mesh`). */
  readonly subject: string;
}

/** The certificates of a PEM bundle that parse, in order (those that do not are left out). */
export function certificateSummaries(pem: string): CertificateSummary[] {
  return [...pem.matchAll(BLOCK)].filter(b => b[1] === 'CERTIFICATE').flatMap(block => {
    try {
      const cert = new X509Certificate(block[0]);
      return [{ sha256: cert.fingerprint256, subject: cert.subject.replace(/\n/g, ', ') }];
    } catch {
      return [];
    }
  });
}
