// Root certificates with node:crypto: their checks, and the facts the plan, the reports, the lock
// file and the expiry warnings show (one place, one fingerprint format). Internal.
import { X509Certificate } from 'node:crypto';
import { describeValue, q } from './output';

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** A certificate block as parsed once: the certificate and its facts, or why it does not parse. */
interface Parsed {
  readonly cert?: X509Certificate;
  readonly facts?: CertificateFacts;
  readonly error?: string;
}

/**
 * Blocks parsed so far, by their text: a federation checks, plans and reports the same few roots
 * many times, and parsing X.509 is the dearest part of it. X509Certificate objects do not change,
 * so sharing them is safe; the cache is emptied when it holds more than a few hundred blocks.
 */
const PARSED = new Map<string, Parsed>();
const MAX_PARSED = 512;

function parse(block: string): Parsed {
  let parsed = PARSED.get(block);
  if (parsed === undefined) {
    try {
      const cert = new X509Certificate(block);
      parsed = { cert, facts: factsOf(cert) };
    } catch (e) {
      parsed = { error: (e as Error).message };
    }
    if (PARSED.size >= MAX_PARSED) PARSED.clear();
    PARSED.set(block, parsed);
  }
  return parsed;
}

/** The fix of an expired root certificate, unless the caller knows a better one. */
const CURRENT_ROOT_FIX = "pass the mesh's current root certificate";

/** The largest root certificate bundle taken: well below the 1 MiB object limit of its ConfigMap. */
export const MAX_BUNDLE_BYTES = 256 * 1024;

/**
 * Problems with a mesh's root certificate bundle (PEM), each as the tail of a sentence that begins
 * with the prop name. Empty when every block is an unexpired X.509 CA certificate.
 */
export function rootCertificateProblems(pem: string, now: Date, expiredFix: string = CURRENT_ROOT_FIX): string[] {
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
    const { cert, facts, error } = parse(block[0]);
    if (!cert || !facts) {
      problems.push(`${which} does not parse as X.509 (${error}). Fix: copy the PEM text again, whole and unchanged`);
      return;
    }
    if (!cert.ca) {
      problems.push(`${which} ('${facts.subject}') is not a CA certificate, so it cannot verify the peer's workload certificates. Fix: pass the mesh's root CA certificate, not a leaf or gateway certificate`);
    }
    if (new Date(facts.notAfter).getTime() < now.getTime()) problems.push(expiredProblem(which, facts, expiredFix));
  });
  return problems;
}

/** What the plan, the reports and the lock file show of one certificate. */
export interface CertificateFacts {
  /** The SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` prints it (`AB:CD:...`, upper case). */
  readonly sha256: string;
  /** The subject, on one line (`CN=Root CA, O=example`). */
  readonly subject: string;
  /** The last instant the certificate is valid (ISO 8601, UTC). */
  readonly notAfter: string;
}

/** The problem of an expired certificate, as the tail of a sentence that begins with the prop name. */
export function expiredProblem(which: string, facts: CertificateFacts, fix: string = CURRENT_ROOT_FIX): string {
  return `${which} ('${facts.subject}', sha256 ${facts.sha256}) expired on ${facts.notAfter}. Fix: ${fix}`;
}

function factsOf(cert: X509Certificate): CertificateFacts {
  return { sha256: cert.fingerprint256, subject: cert.subject.replace(/\n/g, ', '), notAfter: new Date(cert.validTo).toISOString() };
}

/** The facts of every certificate of a PEM bundle that parses, in bundle order (what the checks above refuse is left out). */
export function certificateFacts(pem: string): CertificateFacts[] {
  return [...pem.matchAll(BLOCK)].filter(b => b[1] === 'CERTIFICATE').flatMap(block => {
    const { facts } = parse(block[0]);
    return facts ? [facts] : [];
  });
}

/** Milliseconds in a day. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `now` until `notAfter` (0 on its last day; negative once expired). */
export function daysLeft(notAfter: string, now: Date): number {
  return Math.floor((new Date(notAfter).getTime() - now.getTime()) / DAY_MS);
}

/** The default window of the expiry warning, in days. */
export const DEFAULT_EXPIRY_WARNING_DAYS = 30;
/** The longest window of the expiry warning, in days: the life of a long-lived root CA. */
export const MAX_EXPIRY_WARNING_DAYS = 3650;

/** Anything with a length in milliseconds, like cdk8s's Duration. */
interface HasMilliseconds {
  toMilliseconds(opts?: { integral?: boolean }): number;
}

/**
 * Why `window` (a Duration, checked to be one by the caller) cannot be the window of the expiry
 * warning, as `<owner>: <prop> ... Fix: ...`; undefined when it can.
 */
export function expiryWindowProblem(owner: string, prop: string, window: HasMilliseconds): string | undefined {
  let ms: unknown;
  try {
    ms = window.toMilliseconds({ integral: false });
  } catch (e) {
    ms = undefined;
  }
  const fix = `Fix: use e.g. Duration.days(${DEFAULT_EXPIRY_WARNING_DAYS}) (the default), or Duration.days(0) to turn the warning off`;
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return `${owner}: ${prop} is ${describeValue(ms)} ms, not a length of time. ${fix}`;
  if (ms < 0) return `${owner}: ${prop} is ${ms} ms, less than zero: a certificate cannot be warned about after it expired. ${fix}`;
  if (ms > MAX_EXPIRY_WARNING_DAYS * DAY_MS) {
    return `${owner}: ${prop} is ${Math.round(ms / DAY_MS)} days, more than ${MAX_EXPIRY_WARNING_DAYS} (10 years), so it would warn about every root certificate from the day it is issued. ${fix}`;
  }
  return undefined;
}

/** A certificate of a bundle that expires within a window, with its place and the days it has left. */
export interface ExpiringCertificate extends CertificateFacts {
  /** `certificate` alone, or `certificate #2` in a bundle of several. */
  readonly which: string;
  readonly daysLeft: number;
  /** A later certificate of the same bundle that outlives the window (a rotation under way), if any. */
  readonly successor?: CertificateFacts;
}

/** The certificates of `pem` that are still valid at `now` and expire within `windowMs` of it (none with a window of 0). */
export function expiringCertificates(pem: string, now: Date, windowMs: number): ExpiringCertificate[] {
  if (windowMs <= 0) return [];
  const all = certificateFacts(pem);
  const end = (c: CertificateFacts) => new Date(c.notAfter).getTime();
  return all.flatMap((c, index) => {
    const left = end(c) - now.getTime();
    if (left < 0 || left > windowMs) return [];
    const successor = all.filter(o => end(o) - now.getTime() > windowMs).sort((a, b) => end(b) - end(a))[0];
    const which = all.length > 1 ? `certificate #${index + 1}` : 'certificate';
    return [{ ...c, which, daysLeft: daysLeft(c.notAfter, now), ...(successor ? { successor } : {}) }];
  });
}

/**
 * The warning about one expiring root certificate of mesh `mesh`, read from `source` (the field,
 * or the file the command line read it from).
 */
export function certificateExpiryWarning(mesh: string, source: string, c: ExpiringCertificate): string {
  const days = `${c.daysLeft} day${c.daysLeft === 1 ? '' : 's'} left`;
  const head = `mesh ${q(mesh)}: ${source} ${c.which} ('${c.subject}', sha256 ${c.sha256}) expires on ${c.notAfter} (${days})`;
  if (c.successor) {
    return `${head}; the bundle also holds '${c.successor.subject}' (sha256 ${c.successor.sha256}), valid until ${c.successor.notAfter}. `
      + 'Consider finishing the rotation: once every workload of the mesh has a certificate from the new root, drop the old one from the bundle and synthesize again';
  }
  return `${head}: its peers verify the mesh's workloads with this root only, so federation with the mesh stops on that date. `
    + 'Consider renewing the root CA now, then collect again (or pass the renewed root) and synthesize; or rotate to a new root step by step (RootRotation, or the rotate command)';
}
