// Fills what a description (or a mesh's options) leaves out from a lock file: the description
// wins where both hold a value, with a warning when they differ.
import { join } from 'node:path';
import { IConstruct } from 'constructs';
import { FederationLockContent, LOCK_FILE_NAME, LockedMesh, MAX_LOCK_BYTES, readLockFile, shortFingerprint } from './lock-file';
import { readRegularFile } from './read';
import { FederationError } from '../core/errors';
import { MeshOptions } from '../core/mesh-options';
import { q } from '../core/output';
import { addWarning } from '../core/warnings';
import { FROM_LOCK_FILE_METADATA } from '../federation/plan';

/** A description or mesh options with the lock file's values filled in. */
export interface LockedValues<T> {
  readonly value: T;
  /** Where the description and the lock file differ (the description wins). */
  readonly warnings: string[];
  /** Each value taken from the lock file, one line each. */
  readonly fromLock: string[];
}

const norm = (pem: string) => pem.replace(/\r\n/g, '\n').trim();
const sameList = (a: readonly string[], b: readonly string[]) => [...a].sort().join('\n') === [...b].sort().join('\n');

/**
 * The lock file beside a description in `baseDir`, if there is one (undefined when absent).
 * Throws a FederationError when it cannot be read or fails its checks.
 */
export function lockFileBeside(baseDir: string): { file: string; content: FederationLockContent } | undefined {
  const file = join(baseDir, LOCK_FILE_NAME);
  const read = readRegularFile(file, MAX_LOCK_BYTES);
  if ('problem' in read) {
    if (read.problem.includes('ENOENT')) return undefined;
    throw new FederationError([`${read.problem}. Fix: write it again with \`cdk8s-mesh-federation collect\`, or delete it`]);
  }
  return { file, content: readLockFile(read.text, file) };
}

/** `spec` (a checked description) with the lock's values where it has none; `spec` itself is not changed. */
export function lockedDescription(spec: any, lock: FederationLockContent, file: string): LockedValues<any> {
  const copy = JSON.parse(JSON.stringify(spec));
  const warnings: string[] = [];
  const fromLock: string[] = [];
  for (const locked of lock.meshes) {
    const mesh = (copy.meshes as any[]).find(m => m.name === locked.mesh);
    if (!mesh) {
      warnings.push(`${file}: mesh ${q(locked.mesh)} is not in the description; its values are ignored. Consider collecting again`);
      continue;
    }
    const own = mesh.rootCertificate !== undefined || mesh.rootCertificateFile !== undefined;
    fillCertificate(mesh, locked, own, { warnings, fromLock, file });
    const platform = mesh.platform ?? {};
    const nodePort = platform.type === 'node-port';
    if (nodePort && platform.nodePorts === undefined) platform.nodePorts = {};
    if (!nodePort && mesh.ingressAddresses === undefined) mesh.ingressAddresses = {};
    fillIngress(mesh, locked, nodePort, { warnings, fromLock, file });
    const original = (spec.meshes as any[]).find(m => m.name === locked.mesh);
    if (!nodePort && Object.keys(mesh.ingressAddresses).length === 0 && original.ingressAddresses === undefined) delete mesh.ingressAddresses;
    if (nodePort && Object.keys(platform.nodePorts).length === 0 && original.platform?.nodePorts === undefined) delete platform.nodePorts;
  }
  return { value: copy, warnings, fromLock };
}

interface Notes {
  readonly warnings: string[];
  readonly fromLock: string[];
  readonly file: string;
}

function fillCertificate(mesh: any, locked: LockedMesh, own: boolean, notes: Notes): void {
  const cert = locked.rootCertificate;
  if (!cert) return;
  const m = `mesh ${q(locked.mesh)}`;
  if (!own) {
    mesh.rootCertificate = cert.pem;
    notes.fromLock.push(`${m}: rootCertificate from ${LOCK_FILE_NAME} (sha256 ${shortFingerprint(cert.sha256)}, expires ${cert.notAfter})`);
  } else if (typeof mesh.rootCertificate === 'string' && norm(mesh.rootCertificate) !== norm(cert.pem)) {
    notes.warnings.push(`${m}: rootCertificate in the description differs from the one in ${notes.file} (sha256 ${shortFingerprint(cert.sha256)}); the description wins. Consider removing it from the description, or collecting again`);
  }
}

function fillIngress(mesh: any, locked: LockedMesh, nodePort: boolean, notes: Notes): void {
  const m = `mesh ${q(locked.mesh)}`;
  for (const ingress of locked.ingress) {
    if (nodePort) {
      if (!sameList(mesh.platform.nodeAddresses ?? [], ingress.addresses)) {
        notes.warnings.push(`${m}: platform.nodeAddresses [${(mesh.platform.nodeAddresses ?? []).join(', ')}] differ from the node addresses in ${notes.file} [${ingress.addresses.join(', ')}]; the description wins. Consider updating the description`);
      }
      const pinned = mesh.platform.nodePorts[ingress.peer];
      if (ingress.servicePort === undefined || ingress.discoveryPort === undefined) continue;
      if (pinned === undefined) {
        mesh.platform.nodePorts[ingress.peer] = { servicePort: ingress.servicePort, discoveryPort: ingress.discoveryPort };
        notes.fromLock.push(`${m}: node ports for ${q(ingress.peer)} from ${LOCK_FILE_NAME} (${ingress.servicePort}, ${ingress.discoveryPort})`);
      } else if (pinned.servicePort !== ingress.servicePort || pinned.discoveryPort !== ingress.discoveryPort) {
        notes.warnings.push(`${m}: node ports for ${q(ingress.peer)} are ${pinned.servicePort}, ${pinned.discoveryPort} in the description and ${ingress.servicePort}, ${ingress.discoveryPort} in ${notes.file}; the description wins. Consider collecting again after the next apply`);
      }
      continue;
    }
    const own: string[] | undefined = mesh.ingressAddresses[ingress.peer];
    if (own === undefined || own.length === 0) {
      mesh.ingressAddresses[ingress.peer] = [...ingress.addresses];
      notes.fromLock.push(`${m}: ingress address for ${q(ingress.peer)} from ${LOCK_FILE_NAME} (${ingress.addresses.join(', ')})`);
    } else if (!sameList(own, ingress.addresses)) {
      notes.warnings.push(`${m}: ingressAddresses for ${q(ingress.peer)} are [${own.join(', ')}] in the description and [${ingress.addresses.join(', ')}] in ${notes.file}; the description wins. Consider removing them from the description, or collecting again`);
    }
  }
}

/** `options` of `mesh` with the lock's values where they have none (the API's counterpart of the description's lock file). */
export function lockedMeshOptions(
  lock: FederationLockContent, mesh: string, options: MeshOptions, file: string = LOCK_FILE_NAME,
): LockedValues<MeshOptions> {
  const locked = lock.meshes.find(m => m.mesh === mesh);
  if (!locked) return { value: options, warnings: [], fromLock: [] };
  const warnings: string[] = [];
  const fromLock: string[] = [];
  const pseudo: any = { rootCertificate: options.rootCertificate, ingressAddresses: { ...options.ingressAddresses ?? {} }, platform: { type: 'load-balancer' } };
  fillCertificate(pseudo, locked, options.rootCertificate !== undefined, { warnings, fromLock, file });
  if (options.platform.serviceType !== 'NodePort') fillIngress(pseudo, locked, false, { warnings, fromLock, file });
  const ingressAddresses = Object.keys(pseudo.ingressAddresses).length > 0 ? pseudo.ingressAddresses : options.ingressAddresses;
  const value: MeshOptions = {
    ...options,
    ...(pseudo.rootCertificate !== undefined ? { rootCertificate: pseudo.rootCertificate } : {}),
    ...(ingressAddresses !== undefined ? { ingressAddresses } : {}),
  };
  return { value, warnings, fromLock };
}


/** Records on `federation` the lock file's warnings (printed after synth) and the values taken from it. */
export function recordLockFile(federation: IConstruct, locked: LockedValues<unknown>): void {
  for (const w of locked.warnings) addWarning(federation, w);
  for (const line of locked.fromLock) federation.node.addMetadata(FROM_LOCK_FILE_METADATA, line);
}

/** The values `federation` took from a lock file, one line each. */
export function valuesFromLockFile(federation: IConstruct): string[] {
  return federation.node.metadata.filter(m => m.type === FROM_LOCK_FILE_METADATA).map(m => String(m.data));
}
