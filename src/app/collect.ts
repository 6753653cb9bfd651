// Reads what the clusters print for the federation ingress Services, the nodes and the
// `istio-ca-root-cert` ConfigMap into the content of a lock file.
import { lockedMeshOptions } from './lock-apply';
import { FederationLockContent, LOCK_FILE_NAME, LockedIngress, lockedCertificate, LockedMesh, lockFileText, readLockFile } from './lock-file';
import { FederationError } from '../core/errors';
import { MeshOptions } from '../core/mesh-options';
import { describeValue, q } from '../core/output';
import { IngressServiceType } from '../core/platform';
import { FederatedMesh } from '../federation/federated-mesh';
import { Mesh } from '../federation/mesh';
import { DISCOVERY_PORT, SERVICE_PORT } from '../federation/ports';

/** What one mesh's cluster prints, as `collect` reads it. */
export interface MeshCollectInput {
  /** The mesh, by name. */
  readonly mesh: string;
  /** The parsed JSON of `oc get services -n <namespace> -o json` in its cluster (a v1 List): the federation ingress Services are picked by name. */
  readonly services: any;
  /**
   * The parsed JSON of `oc get nodes -o json` (a v1 List): the node addresses peers use with NodePort.
   * @default - none; needed when the mesh's platform is NodePort
   */
  readonly nodes?: any;
  /**
   * The parsed JSON of `oc get configmap istio-ca-root-cert -n <namespace> -o json`.
   * @default - the root certificate is not collected
   */
  readonly rootCertConfigMap?: any;
}

/** A mesh's options with the lock file's values filled in where they have none. */
export interface LockedMeshOptions {
  /** The options to pass to `addMesh()`. */
  readonly options: MeshOptions;
  /** Where the options and the lock file differ (the options win). */
  readonly warnings: string[];
  /** Each value taken from the lock file, one line each. */
  readonly fromLock: string[];
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects addresses, node ports and root certificates of a federation's meshes into a lock file. */
export class FederationCollect {
  /**
   * The lock file's content from `inputs` (one per mesh). Throws a FederationError for input of the
   * wrong shape, a load balancer without an address yet, or a certificate that fails the checks.
   */
  public static collect(federation: FederatedMesh, inputs: MeshCollectInput[]): FederationLockContent {
    if (!Array.isArray(inputs)) throw new FederationError(['collect: the inputs are not a list. Fix: pass one { mesh, services, nodes?, rootCertConfigMap? } per mesh']);
    const problems: string[] = [];
    const meshes: LockedMesh[] = [];
    const seen = new Set<string>();
    inputs.forEach((input, i) => {
      const name = isObject(input) ? input.mesh : undefined;
      const mesh = typeof name === 'string' ? federation.findMesh(name) : undefined;
      if (!mesh || seen.has(mesh.meshName)) {
        problems.push(`collect input #${i + 1}: mesh ${q(name)} ${mesh ? 'is given twice. Fix: pass one input per mesh' : `is not a mesh of the federation (${federation.meshNames.join(', ')}). Fix: name one of them`}`);
        return;
      }
      seen.add(mesh.meshName);
      try {
        meshes.push(collectMesh(mesh, input));
      } catch (e) {
        if (!(e instanceof FederationError)) throw e;
        problems.push(...e.problems);
      }
    });
    if (problems.length > 0) throw new FederationError(problems);
    return { meshes: meshes.sort((a, b) => (a.mesh < b.mesh ? -1 : a.mesh > b.mesh ? 1 : 0)) };
  }

  /** The text of `federation.lock.yaml` for `content`. */
  public static lockFileText(content: FederationLockContent): string {
    return lockFileText(content);
  }

  /** Reads a lock file's text; its certificates get the same checks as any root certificate. */
  public static readLockFile(text: string, file: string = LOCK_FILE_NAME): FederationLockContent {
    return readLockFile(text, file);
  }

  /**
   * `options` of `mesh` with the lock's root certificate and ingress addresses where the options
   * have none; where both hold a value and they differ, the options win and `warnings` says so.
   */
  public static meshOptions(lock: FederationLockContent, mesh: string, options: MeshOptions): LockedMeshOptions {
    const locked = lockedMeshOptions(lock, mesh, options);
    return { options: locked.value, warnings: locked.warnings, fromLock: locked.fromLock };
  }
}

function collectMesh(mesh: Mesh, input: MeshCollectInput): LockedMesh {
  const at = `mesh ${q(mesh.meshName)}`;
  const services = listItems(input.services, `${at}: services`, `oc get services -n ${mesh.controlPlaneNamespace} -o json`);
  const nodePort = mesh.platform.serviceType === IngressServiceType.NODE_PORT;
  const nodes = nodePort ? nodeAddresses(input.nodes, at) : [];
  const problems: string[] = [];
  const ingress: LockedIngress[] = [];
  for (const peer of mesh.peers.map(p => p.meshName)) {
    const name = mesh.ingressGatewayName(peer);
    const service = services.find(s => isObject(s) && s.kind === 'Service' && s.metadata?.name === name && s.metadata?.namespace === mesh.controlPlaneNamespace);
    if (!service) {
      problems.push(`${at}: no Service ${q(name)} in ${q(mesh.controlPlaneNamespace)} (the ingress gateway for ${q(peer)}). Fix: apply the mesh's folder first and wait for the control plane, then print \`oc get services -n ${mesh.controlPlaneNamespace} -o json\` again`);
      continue;
    }
    try {
      ingress.push(nodePort ? nodePortIngress(service, peer, name, nodes, at) : loadBalancerIngress(service, peer, name, at));
    } catch (e) {
      if (!(e instanceof FederationError)) throw e;
      problems.push(...e.problems);
    }
  }
  let rootCertificate;
  if (input.rootCertConfigMap !== undefined) {
    try {
      rootCertificate = collectCertificate(input.rootCertConfigMap, mesh, at);
    } catch (e) {
      if (!(e instanceof FederationError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length > 0) throw new FederationError(problems);
  return { mesh: mesh.meshName, rootCertificate, ingress };
}

function listItems(json: unknown, where: string, command: string): unknown[] {
  if (!isObject(json)) throw new FederationError([`${where}: is ${describeValue(json)}, not a JSON object (a v1 List). Fix: pass what \`${command}\` prints, unchanged`]);
  const items = json.kind === 'List' || json.kind?.endsWith?.('List') ? json.items : [json];
  if (!Array.isArray(items)) throw new FederationError([`${where}: items is ${describeValue(items)}, not a list. Fix: pass what \`${command}\` prints, unchanged`]);
  return items;
}

function loadBalancerIngress(service: Record<string, any>, peer: string, name: string, at: string): LockedIngress {
  const entries: unknown = service.status?.loadBalancer?.ingress ?? [];
  const addresses = Array.isArray(entries)
    ? entries.map(e => (isObject(e) ? (typeof e.hostname === 'string' && e.hostname !== '' ? e.hostname : e.ip) : undefined)).filter((a): a is string => typeof a === 'string' && a !== '')
    : [];
  if (addresses.length === 0) {
    throw new FederationError([`${at}: the Service ${q(name)} (the ingress gateway for ${q(peer)}) has no load balancer address yet (status.loadBalancer.ingress is empty). Fix: wait until \`oc get service ${name} -n ${service.metadata.namespace}\` shows an EXTERNAL-IP, then collect again`]);
  }
  return { peer, service: name, addresses };
}

function nodePortIngress(service: Record<string, any>, peer: string, name: string, nodes: string[], at: string): LockedIngress {
  const ports: unknown[] = Array.isArray(service.spec?.ports) ? service.spec.ports : [];
  const nodePortOf = (port: number) => {
    const p = ports.find(x => isObject(x) && x.port === port) as Record<string, any> | undefined;
    return Number.isInteger(p?.nodePort) ? p!.nodePort as number : undefined;
  };
  const servicePort = nodePortOf(SERVICE_PORT);
  const discoveryPort = nodePortOf(DISCOVERY_PORT);
  if (servicePort === undefined || discoveryPort === undefined) {
    throw new FederationError([`${at}: the Service ${q(name)} has no node ports for ports ${SERVICE_PORT} and ${DISCOVERY_PORT}. Fix: check that it is a NodePort Service (\`oc get service ${name} -n ${service.metadata.namespace} -o json\`)`]);
  }
  return { peer, service: name, addresses: [...nodes], servicePort, discoveryPort };
}

function nodeAddresses(json: unknown, at: string): string[] {
  if (json === undefined) throw new FederationError([`${at}: runs on NodePort, but no nodes were given. Fix: pass what \`oc get nodes -o json\` prints in its cluster`]);
  const addresses = listItems(json, `${at}: nodes`, 'oc get nodes -o json').map(node => {
    const list: unknown = isObject(node) ? node.status?.addresses : undefined;
    const all = Array.isArray(list) ? list.filter(isObject) : [];
    return (all.find(a => a.type === 'ExternalIP') ?? all.find(a => a.type === 'InternalIP'))?.address;
  }).filter((a): a is string => typeof a === 'string' && a !== '');
  if (addresses.length === 0) throw new FederationError([`${at}: no node has an ExternalIP or InternalIP address. Fix: pass what \`oc get nodes -o json\` prints, unchanged`]);
  return [...new Set(addresses)].sort();
}

function collectCertificate(json: unknown, mesh: Mesh, at: string): ReturnType<typeof lockedCertificate> {
  const command = `oc get configmap istio-ca-root-cert -n ${mesh.controlPlaneNamespace} -o json`;
  if (!isObject(json) || json.kind !== 'ConfigMap') throw new FederationError([`${at}: rootCertConfigMap is ${describeValue(json)}, not a ConfigMap. Fix: pass what \`${command}\` prints`]);
  const pem = isObject(json.data) ? json.data['root-cert.pem'] : undefined;
  if (typeof pem !== 'string') throw new FederationError([`${at}: the ConfigMap ${q(json.metadata?.name)} has no data 'root-cert.pem'. Fix: pass what \`${command}\` prints`]);
  return lockedCertificate(pem, `${at}: istio-ca-root-cert root-cert.pem`);
}
