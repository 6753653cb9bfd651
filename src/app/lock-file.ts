// The lock file `collect` writes beside a description (`federation.lock.yaml`): per mesh its root
// certificate and, per peer, the addresses and node ports of its federation ingress gateway, as
// read from the clusters. The next synth fills what the description leaves out from it.
import type * as Yaml from 'yaml';
import { certificateFacts, rootCertificateProblems } from '../core/certificate';
import { FederationError } from '../core/errors';
import { describeValue, q } from '../core/output';

// Loaded when a lock file is read or written, not with the command line.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): typeof Yaml => require('yaml');

/** The lock file's name, beside the description. */
export const LOCK_FILE_NAME = 'federation.lock.yaml';

/** The largest lock file read. */
export const MAX_LOCK_BYTES = 4 * 1024 * 1024;

/** A root certificate as collected. */
export interface LockedCertificate {
  /** The PEM text of `istio-ca-root-cert`'s `root-cert.pem`. */
  readonly pem: string;
  /** SHA-256 fingerprint of the first certificate, as `openssl x509 -fingerprint -sha256` prints it. */
  readonly sha256: string;
  /** When the first certificate expires (ISO 8601). */
  readonly notAfter: string;
  /** The first certificate's subject, on one line. */
  readonly subject: string;
}

/** How a peer reaches one mesh's federation ingress gateway, as collected. */
export interface LockedIngress {
  /** The peer the gateway serves. */
  readonly peer: string;
  /** The gateway's Service. */
  readonly service: string;
  /** The load balancer's hostnames or IPs, or the nodes' addresses with NodePort. */
  readonly addresses: string[];
  /**
   * The node port of the service port (15443), with NodePort.
   * @default - not a NodePort Service
   */
  readonly servicePort?: number;
  /**
   * The node port of the discovery port (8188), with NodePort.
   * @default - not a NodePort Service
   */
  readonly discoveryPort?: number;
}

/** What was collected of one mesh. */
export interface LockedMesh {
  readonly mesh: string;
  /**
   * Its root certificate.
   * @default - not collected
   */
  readonly rootCertificate?: LockedCertificate;
  /** Its federation ingress gateways, by peer name. */
  readonly ingress: LockedIngress[];
}

/** The content of a lock file. */
export interface FederationLockContent {
  /** Each mesh collected, sorted by name. */
  readonly meshes: LockedMesh[];
}

/** The certificate facts of `pem` (its first certificate), after the checks every root certificate gets. */
export function lockedCertificate(pem: string, where: string, now: Date = new Date()): LockedCertificate {
  const problems = rootCertificateProblems(pem, now);
  if (problems.length > 0) throw new FederationError(problems.map(p => `${where} ${p}`));
  const { sha256, notAfter, subject } = certificateFacts(pem)[0];
  return { pem, sha256, notAfter, subject };
}

/** The lock file's text: a header, then the meshes. */
export function lockFileText(content: FederationLockContent): string {
  const header = [
    `# ${LOCK_FILE_NAME}: what \`cdk8s-mesh-federation collect\` read from the clusters.`,
    '# synth fills the values the description leaves out from it; where both hold a value, the description wins.',
    '# Collect again when a load balancer address or a root certificate changes; do not edit by hand.',
  ];
  const meshes = content.meshes.map(m => ({
    mesh: m.mesh,
    ...(m.rootCertificate ? { rootCertificate: certificateEntry(m.rootCertificate) } : {}),
    ingress: m.ingress.map(i => ({ ...i })),
  }));
  return `${header.join('\n')}\n${yaml().stringify({ meshes }, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}

/** The certificate's facts first, so that a reader sees them before the PEM. */
function certificateEntry(c: LockedCertificate): LockedCertificate {
  return { sha256: c.sha256, notAfter: c.notAfter, subject: c.subject, pem: c.pem };
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a lock file's text (`file` names it in messages); its certificates get the same checks as any. */
export function readLockFile(text: string, file: string, now: Date = new Date()): FederationLockContent {
  const fix = 'Fix: write it again with `cdk8s-mesh-federation collect`, or delete it';
  let data: unknown;
  try {
    data = yaml().parse(text, { maxAliasCount: 0 });
  } catch (e) {
    throw new FederationError([`${file}: is not YAML (${String((e as Error).message).split('\n')[0]}). ${fix}`]);
  }
  if (!isObject(data) || !Array.isArray(data.meshes)) throw new FederationError([`${file}: is ${describeValue(data)}, not a lock file with a 'meshes' list. ${fix}`]);
  const problems: string[] = [];
  const meshes: LockedMesh[] = [];
  data.meshes.forEach((m: unknown, i: number) => {
    try {
      meshes.push(readLockedMesh(m, `${file}: meshes #${i + 1}`, fix, now));
    } catch (e) {
      if (!(e instanceof FederationError)) throw e;
      problems.push(...e.problems);
    }
  });
  if (problems.length > 0) throw new FederationError(problems);
  return { meshes };
}

function readLockedMesh(m: unknown, where: string, fix: string, now: Date): LockedMesh {
  if (!isObject(m) || typeof m.mesh !== 'string') throw new FederationError([`${where} is ${describeValue(m)}, not a mesh with a 'mesh' name. ${fix}`]);
  const at = `${where} (${q(m.mesh)})`;
  let rootCertificate: LockedCertificate | undefined;
  if (m.rootCertificate !== undefined) {
    if (!isObject(m.rootCertificate) || typeof m.rootCertificate.pem !== 'string') throw new FederationError([`${at}: rootCertificate has no 'pem' text. ${fix}`]);
    rootCertificate = lockedCertificate(m.rootCertificate.pem, `${at}: rootCertificate`, now);
    if (m.rootCertificate.sha256 !== undefined && m.rootCertificate.sha256 !== rootCertificate.sha256) {
      throw new FederationError([`${at}: rootCertificate sha256 is ${q(m.rootCertificate.sha256)}, but its PEM has ${q(rootCertificate.sha256)}: the file was edited. ${fix}`]);
    }
  }
  const ingress = m.ingress ?? [];
  if (!Array.isArray(ingress)) throw new FederationError([`${at}: ingress is ${describeValue(ingress)}, not a list. ${fix}`]);
  return { mesh: m.mesh, rootCertificate, ingress: ingress.map((g: unknown, j: number) => readLockedIngress(g, `${at}: ingress #${j + 1}`, fix)) };
}

function readLockedIngress(g: unknown, where: string, fix: string): LockedIngress {
  const port = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 65535);
  if (!isObject(g) || typeof g.peer !== 'string' || typeof g.service !== 'string' || !Array.isArray(g.addresses)
    || g.addresses.some((a: unknown) => typeof a !== 'string' || a === '') || !port(g.servicePort) || !port(g.discoveryPort)) {
    throw new FederationError([`${where} is ${describeValue(g)}, not { peer, service, addresses, servicePort?, discoveryPort? }. ${fix}`]);
  }
  return { peer: g.peer, service: g.service, addresses: [...g.addresses], servicePort: g.servicePort, discoveryPort: g.discoveryPort };
}

/** The start of a fingerprint, for messages. */
export function shortFingerprint(sha256: string): string {
  return `${sha256.slice(0, 11)}...`;
}
