// Reads what `oc get servicemeshpeers,exportedservicesets,importedservicesets -A -o json` prints
// (a v1 List) into plain records, refusing any other shape with a FederationError.
import { FederationError } from '../core/errors';
import { describeValue, q } from '../core/output';

/** The kinds `status` reads. */
export const STATUS_KINDS = ['ServiceMeshPeer', 'ExportedServiceSet', 'ImportedServiceSet'] as const;

/** The command that prints what `status` reads. */
export const STATUS_COMMAND = 'oc get servicemeshpeers,exportedservicesets,importedservicesets -A -o json';

/** The most objects one list may hold. */
const MAX_ITEMS = 10_000;

/** One connection an istiod pod reports (`watch` or one of `remotes`). */
export interface ReportedConnection {
  readonly connected: boolean;
  readonly lastConnected?: string;
  readonly lastDisconnect?: string;
  readonly lastDisconnectStatus?: string;
  readonly source?: string;
}

/** One istiod pod's discovery status of a peer. */
export interface ReportedPod {
  readonly pod: string;
  readonly active: boolean;
  readonly watch?: ReportedConnection;
  readonly remotes: ReportedConnection[];
}

/** A ServiceMeshPeer as reported. */
export interface ReportedPeer {
  readonly name: string;
  readonly namespace: string;
  readonly addresses: string[];
  readonly clientId?: string;
  readonly trustDomain?: string;
  /** Undefined when the object has no status yet. */
  readonly pods?: ReportedPod[];
}

/** One entry of `status.exportedServices` or `status.importedServices`. */
export interface ReportedService {
  readonly exportedName: string;
  /** '' when an imported service matched no import rule. */
  readonly localHostname: string;
}

/** An ExportedServiceSet or ImportedServiceSet as reported. */
export interface ReportedServiceSet {
  readonly name: string;
  readonly namespace: string;
  /** Undefined when the object has no status yet. */
  readonly services?: ReportedService[];
}

/** Everything one cluster reported. */
export interface ReportedObjects {
  readonly peers: ReportedPeer[];
  readonly exports: ReportedServiceSet[];
  readonly imports: ReportedServiceSet[];
}

const isObject = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** The objects of `json` (a v1 List, or one object of a kind `status` reads); `source` names it in messages. */
export function readReportedObjects(json: unknown, source: string): ReportedObjects {
  const fix = `Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`;
  if (!isObject(json)) throw new FederationError([`${source}: is ${describeValue(json)}, not a JSON object (a v1 List). ${fix}`]);
  const items: unknown = json.kind === 'List' ? json.items : [json];
  if (!Array.isArray(items)) throw new FederationError([`${source}: items is ${describeValue(items)}, not a list. ${fix}`]);
  if (items.length > MAX_ITEMS) throw new FederationError([`${source}: holds ${items.length} objects, more than the ${MAX_ITEMS} read. ${fix}, for one cluster`]);
  const result: ReportedObjects = { peers: [], exports: [], imports: [] };
  const problems: string[] = [];
  items.forEach((item, index) => {
    try {
      readItem(item, `${source}: item #${index + 1}`, result);
    } catch (e) {
      if (!(e instanceof FederationError)) throw e;
      problems.push(...e.problems);
    }
  });
  if (problems.length > 0) throw new FederationError(problems.slice(0, 20));
  return result;
}

function readItem(item: unknown, where: string, into: ReportedObjects): void {
  if (!isObject(item)) throw new FederationError([`${where} is ${describeValue(item)}, not an object. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
  const kind = item.kind;
  if (!(STATUS_KINDS as readonly unknown[]).includes(kind) || item.apiVersion !== 'federation.maistra.io/v1') {
    throw new FederationError([`${where} is ${q(item.apiVersion)} ${q(kind)}, not a federation.maistra.io/v1 ServiceMeshPeer, ExportedServiceSet or ImportedServiceSet. Fix: list only those kinds: \`${STATUS_COMMAND}\``]);
  }
  const name = text(item.metadata?.name);
  const namespace = text(item.metadata?.namespace);
  if (!name || !namespace) throw new FederationError([`${where} (${kind}) has no metadata.name or metadata.namespace. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
  const at = `${where} (${kind} ${q(`${namespace}/${name}`)})`;
  if (item.status !== undefined && !isObject(item.status)) throw new FederationError([`${at}: status is ${describeValue(item.status)}, not an object. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
  if (kind === 'ServiceMeshPeer') into.peers.push(readPeer(item, name, namespace, at));
  else if (kind === 'ExportedServiceSet') into.exports.push({ name, namespace, services: readServices(item.status, 'exportedServices', at) });
  else into.imports.push({ name, namespace, services: readServices(item.status, 'importedServices', at) });
}

function readPeer(item: Record<string, any>, name: string, namespace: string, at: string): ReportedPeer {
  const spec = isObject(item.spec) ? item.spec : {};
  const addresses = Array.isArray(spec.remote?.addresses) ? spec.remote.addresses.filter((a: unknown) => typeof a === 'string') : [];
  const security = isObject(spec.security) ? spec.security : {};
  const discovery = item.status?.discoveryStatus;
  if (discovery !== undefined && !isObject(discovery)) throw new FederationError([`${at}: status.discoveryStatus is ${describeValue(discovery)}, not an object. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
  const pods = discovery === undefined ? undefined : [
    ...readPods(discovery.active, true, `${at}: status.discoveryStatus.active`),
    ...readPods(discovery.inactive, false, `${at}: status.discoveryStatus.inactive`),
  ];
  return { name, namespace, addresses, clientId: text(security.clientID), trustDomain: text(security.trustDomain), pods };
}

function readPods(list: unknown, active: boolean, where: string): ReportedPod[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new FederationError([`${where} is ${describeValue(list)}, not a list. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
  return list.map((pod, i) => {
    if (!isObject(pod) || typeof pod.pod !== 'string') throw new FederationError([`${where} #${i + 1} is not a pod entry with a 'pod' name. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
    const remotes = pod.remotes === undefined || pod.remotes === null ? [] : pod.remotes;
    if (!Array.isArray(remotes)) throw new FederationError([`${where} #${i + 1}: remotes is ${describeValue(remotes)}, not a list. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
    return {
      pod: pod.pod,
      active,
      watch: pod.watch === undefined ? undefined : readConnection(pod.watch, `${where} #${i + 1}: watch`),
      remotes: remotes.map((r: unknown, j: number) => readConnection(r, `${where} #${i + 1}: remotes #${j + 1}`)),
    };
  });
}

function readConnection(value: unknown, where: string): ReportedConnection {
  if (!isObject(value) || typeof value.connected !== 'boolean') {
    throw new FederationError([`${where} is ${describeValue(value)}, not a connection with a boolean 'connected'. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
  }
  return {
    connected: value.connected,
    lastConnected: text(value.lastConnected),
    lastDisconnect: text(value.lastDisconnect),
    lastDisconnectStatus: text(value.lastDisconnectStatus),
    source: text(value.source),
  };
}

function readServices(status: Record<string, any> | undefined, field: string, at: string): ReportedService[] | undefined {
  if (status === undefined) return undefined;
  const list = status[field] ?? [];
  if (!Array.isArray(list)) throw new FederationError([`${at}: status.${field} is ${describeValue(list)}, not a list. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
  return list.map((entry, i) => {
    if (!isObject(entry) || typeof entry.exportedName !== 'string') {
      throw new FederationError([`${at}: status.${field} #${i + 1} is ${describeValue(entry)}, not an entry with an 'exportedName'. Fix: pass what \`${STATUS_COMMAND}\` prints, unchanged`]);
    }
    return { exportedName: entry.exportedName, localHostname: text(entry.localService?.hostname) ?? '' };
  });
}
