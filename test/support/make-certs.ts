// Certificates made in the test process (ECDSA P-256 with @peculiar/x509 on Node's WebCrypto), so a
// test can ask for a root that is fresh, expires in 10 days or expired yesterday, relative to now.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

type CryptoKeyPair = webcrypto.CryptoKeyPair;

x509.cryptoProvider.set(webcrypto as any);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 60 * 60 * 1000;

/** A certificate made here, with its key pair (kept in memory only) to sign others. */
export interface MadeCertificate {
  /** The certificate as PEM text (one block, ending in a newline). */
  readonly pem: string;
  /** The subject, e.g. `CN=Root CA red-mesh`. */
  readonly subject: string;
  /** The last instant the certificate is valid. */
  readonly notAfter: Date;
  /** The key pair, to sign certificates issued by this one. */
  readonly keys: CryptoKeyPair;
}

/** What to make. */
export interface MakeOptions {
  /** The subject, e.g. `CN=Root CA red-mesh`. */
  readonly subject: string;
  /** Validity start, in days from now (negative: in the past). Default -1. */
  readonly fromDays?: number;
  /** Validity end, in days from now (negative: expired). Default 3650. */
  readonly toDays?: number;
  /** A CA certificate (basicConstraints CA:TRUE, keyCertSign). Default true. */
  readonly ca?: boolean;
  /** The issuer; default self-signed. */
  readonly issuer?: MadeCertificate;
  /** The serial number (hex). Default: random. */
  readonly serialNumber?: string;
  /** The reference instant; default the current time. */
  readonly now?: Date;
}

let serial = 0;

/** Makes a certificate: self-signed unless `issuer` is given, a CA unless `ca: false`. */
export async function makeCertificate(options: MakeOptions): Promise<MadeCertificate> {
  const now = (options.now ?? new Date()).getTime();
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']);
  const ca = options.ca ?? true;
  const notBefore = new Date(now + (options.fromDays ?? -1) * DAY);
  const notAfter = new Date(now + (options.toDays ?? 3650) * DAY);
  const extensions = [
    new x509.BasicConstraintsExtension(ca, undefined, true),
    // eslint-disable-next-line no-bitwise
    new x509.KeyUsagesExtension(ca ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign : x509.KeyUsageFlags.digitalSignature, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  const serialNumber = options.serialNumber ?? (++serial).toString(16).padStart(2, '0') + Math.floor(Math.random() * 0xffffff).toString(16);
  const cert = options.issuer
    ? await x509.X509CertificateGenerator.create({
      serialNumber,
      subject: options.subject,
      issuer: options.issuer.subject,
      notBefore,
      notAfter,
      publicKey: keys.publicKey,
      signingKey: options.issuer.keys.privateKey,
      signingAlgorithm: ALGORITHM,
      extensions,
    })
    : await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber, name: options.subject, notBefore, notAfter, keys, signingAlgorithm: ALGORITHM, extensions,
    });
  return { pem: `${cert.toString('pem').trim()}\n`, subject: options.subject, notAfter: cert.notAfter, keys };
}

/** A self-signed root CA valid from yesterday for `toDays` days from now. */
export function makeRoot(subject: string, toDays: number = 3650): Promise<MadeCertificate> {
  return makeCertificate({ subject, toDays });
}

/** Milliseconds in a day, for tests that compare dates. */
export const ONE_DAY_MS = DAY;
