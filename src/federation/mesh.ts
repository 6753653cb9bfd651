import { ApiObject, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import type { FederatedMesh } from './federated-mesh';
import { DISCOVERY_PORT, RemoteEndpoint, SERVICE_PORT } from './ports';
import {
  ANY, closest, exportedHostname, exportOutputs, ExportOutput, exportRuleShadows, ExportRuleSpec, importedPattern,
  importRuleShadows, ImportRuleSpec, importSuffix, intersect, isAny, NamePattern, patternText, ResolvedImport,
} from './resolution';
import { ServiceExport, ServiceExportOptions } from './service-export';
import { ServiceImport, ServiceImportOptions } from './service-import';
import { rootCertificateProblems } from '../core/certificate';
import { controlPlaneContributions } from '../core/control-plane-contribution';
import { FederationError } from '../core/errors';
import { GatewayNaming } from '../core/gateway-naming';
import { localityProblems } from '../core/locality';
import { isPlainObject, mergeInto } from '../core/merge';
import { Locality, MeshOptions } from '../core/mesh-options';
import { dnsLabelProblem, hostnameProblem, isTrustDomain } from '../core/names';
import { addressProblem, cidrProblem, NODE_PORT_MAX, NODE_PORT_MIN } from '../core/network';
import { byName, q } from '../core/output';
import { AddressKind, IngressServiceType, NodePortPair, Platform } from '../core/platform';
import { ExportedServiceSet, ExportedServiceSetSpecExportRules, ImportedServiceSet, ImportedServiceSetSpecImportRules } from '../imports/federation.maistra.io';

/** Props of a `Mesh`. */
export interface MeshProps extends MeshOptions {
  /** The federation this mesh belongs to. */
  readonly federation: FederatedMesh;

  /**
   * The mesh name: names the ServiceMeshPeer objects peers create for it, and many derived names.
   * @default - the construct id
   */
  readonly name?: string;
}

const RESERVED_GATEWAYS = ['istio-ingressgateway', 'istio-egressgateway'];
const DEFAULT_VERSION = 'v2.6';
const DEFAULT_FIRST_NODE_PORT = 30443;

/**
 * One service mesh of a federation, and the cdk8s Chart that holds everything its cluster
 * applies: its ServiceMeshControlPlane, and per peer a ServiceMeshPeer and the peer's root
 * certificate ConfigMap.
 *
 * Construct ids: the chart's id is the mesh name; the control plane is `ControlPlane`; the objects
 * for peer P are under `Peer-<P>` (`ServiceMeshPeer`, `RootCertificate`). Object names come from
 * the mesh names, never from construct ids.
 */
export class Mesh extends Chart {
  /** The mesh name. */
  public readonly meshName: string;
  /** The control-plane namespace (also the chart's default namespace). */
  public readonly controlPlaneNamespace: string;
  /** Name of the ServiceMeshControlPlane. */
  public readonly controlPlaneName: string;
  /** The trust domain. */
  public readonly trustDomain: string;
  /** Where the mesh runs. */
  public readonly platform: Platform;
  /** How the mesh names its federation gateways. */
  public readonly gatewayNaming: GatewayNaming;
  /** The federation this mesh belongs to. */
  public readonly federation: FederatedMesh;
  /**
   * `spec.cluster.name`.
   * @default - not set
   */
  public readonly clusterName?: string;
  /**
   * `spec.cluster.network`.
   * @default - not set
   */
  public readonly network?: string;
  /**
   * Where the mesh runs.
   * @default - not set
   */
  public readonly locality?: Locality;
  /**
   * The root CA certificate (PEM).
   * @default - not set
   */
  public readonly rootCertificate?: string;
  /** The ServiceMeshControlPlane (escape hatch: `mesh.controlPlane.addJsonPatch(...)`). */
  public readonly controlPlane: ApiObject;

  private readonly options: MeshOptions;
  private readonly peerMeshes = new Map<string, Mesh>();
  private readonly explicitVersion?: string;
  private cachedNodePorts?: Map<string, NodePortPair>;
  private readonly exportsByPeer = new Map<string, ServiceExport[]>();
  private readonly importsByPeer = new Map<string, ServiceImport[]>();

  constructor(scope: Construct, id: string, props: MeshProps) {
    const meshName = props.name ?? id;
    const namespace = props.namespace ?? `${meshName}-system`;
    super(scope, id, { namespace, disableResourceNameHashes: true });
    this.options = props;
    this.meshName = meshName;
    this.federation = props.federation;
    this.controlPlaneNamespace = namespace;
    this.controlPlaneName = props.controlPlaneName ?? this.meshName;
    this.trustDomain = props.trustDomain ?? `${this.meshName}.local`;
    this.platform = props.platform;
    this.gatewayNaming = props.gatewayNaming ?? props.federation.gatewayNaming;
    this.clusterName = props.clusterName;
    this.network = props.network;
    this.locality = props.locality;
    this.rootCertificate = props.rootCertificate;
    this.explicitVersion = props.version ?? props.federation.version;

    const problems = this.propProblems();
    if (problems.length > 0) {
      throw new FederationError(problems);
    }

    this.controlPlane = new ApiObject(this, 'ControlPlane', {
      apiVersion: 'maistra.io/v2',
      kind: 'ServiceMeshControlPlane',
      metadata: { name: this.controlPlaneName, namespace: this.controlPlaneNamespace },
      spec: Lazy.any({ produce: () => this._controlPlaneSpec().spec }),
    });

    props.federation._register(this);
  }

  /** The meshes this mesh peers with, sorted by name. */
  public get peers(): Mesh[] {
    return [...this.peerMeshes.values()].sort((a, b) => byName(a.meshName, b.meshName));
  }

  /** The ServiceMeshControlPlane `spec.version`. */
  public get version(): string {
    const base = this.options.controlPlaneSpec?.version;
    return this.explicitVersion ?? (typeof base === 'string' ? base : DEFAULT_VERSION);
  }

  /** Name of this mesh's ingress gateway that serves requests from `peer` (a mesh name). */
  public ingressGatewayName(peer: string): string {
    return this.gatewayNaming.ingressName(peer);
  }

  /** Name of this mesh's egress gateway that sends requests to `peer` (a mesh name). */
  public egressGatewayName(peer: string): string {
    return this.gatewayNaming.egressName(peer);
  }

  /**
   * The client ID this mesh presents when it calls `peer`: the SPIFFE identity of its egress
   * gateway for that peer, `<trust domain>/ns/<namespace>/sa/<egress gateway>-service-account`.
   */
  public clientId(peer: string): string {
    return `${this.trustDomain}/ns/${this.controlPlaneNamespace}/sa/${this.egressGatewayName(peer)}-service-account`;
  }

  /** Name of the ConfigMap that holds this mesh's root certificate in each peer's namespace. */
  public get rootCertConfigMapName(): string {
    return `${this.meshName}-ca-root-cert`;
  }

  /**
   * Shares services with `options.peer`: the returned export's rules go into the
   * ExportedServiceSet named after the peer. Construct id: `id`, inside this mesh's chart.
   */
  public addServiceExport(id: string, options: ServiceExportOptions): ServiceExport {
    return new ServiceExport(this, id, { ...options, mesh: this });
  }

  /**
   * Takes services from `options.peer`: the returned import's rules go into the
   * ImportedServiceSet named after the peer. Construct id: `id`, inside this mesh's chart.
   */
  public addServiceImport(id: string, options: ServiceImportOptions): ServiceImport {
    return new ServiceImport(this, id, { ...options, mesh: this });
  }

  /**
   * Objects sorted by kind, namespace and name, so that the same federation gives the same file
   * whatever order it was declared in.
   */
  public override toJson(): any[] {
    const key = (o: any) => `${o.kind}\u0000${o.metadata?.namespace ?? ''}\u0000${o.metadata?.name ?? ''}`;
    return super.toJson().sort((a: any, b: any) => byName(key(a), key(b)));
  }

  /** @internal */
  public _addPeer(peer: Mesh): void {
    this.peerMeshes.set(peer.meshName, peer);
    this.cachedNodePorts = undefined;
  }

  /**
   * How `peer` reaches this mesh's ingress gateway for it: addresses (undefined when none can be
   * derived) and ports.
   * @internal
   */
  public _remoteFor(peer: string): RemoteEndpoint {
    const explicit = this.options.ingressAddresses?.[peer];
    const nodePorts = this._nodePorts().get(peer);
    const servicePort = nodePorts?.servicePort ?? SERVICE_PORT;
    const discoveryPort = nodePorts?.discoveryPort ?? DISCOVERY_PORT;
    if (explicit && explicit.length > 0) {
      return { addresses: [...explicit], servicePort, discoveryPort };
    }
    if (this.platform.serviceType === IngressServiceType.NODE_PORT) {
      return { addresses: [...this.platform._nodePortOptions!.nodeAddresses], servicePort, discoveryPort };
    }
    if (this.options.dnsDomain) {
      return { addresses: [this.ingressHostname(peer)], servicePort, discoveryPort };
    }
    return { servicePort, discoveryPort };
  }

  /**
   * Where the address `peer` uses for this mesh's ingress gateway comes from: `explicit`
   * (ingressAddresses), `node-port`, `dns` (published by external-dns), `dns-manual` (a name from
   * dnsDomain that someone must point at the load balancer) or `none`; and the DNS name, if any.
   * @internal
   */
  public _addressSource(peer: string): { source: 'explicit' | 'node-port' | 'dns' | 'dns-manual' | 'none'; hostname?: string } {
    if ((this.options.ingressAddresses?.[peer] ?? []).length > 0) return { source: 'explicit' };
    if (this.platform.serviceType === IngressServiceType.NODE_PORT) return { source: 'node-port' };
    if (this.options.dnsDomain) {
      return { source: this.options.externalDns ? 'dns' : 'dns-manual', hostname: this.ingressHostname(peer) };
    }
    return { source: 'none' };
  }

  /**
   * Node ports of each federation ingress gateway, by peer name (empty unless NodePort).
   * @internal
   */
  public _nodePorts(): Map<string, NodePortPair> {
    if (this.cachedNodePorts) {
      return this.cachedNodePorts;
    }
    const result = new Map<string, NodePortPair>();
    const options = this.platform._nodePortOptions;
    if (this.platform.serviceType === IngressServiceType.NODE_PORT && options) {
      const pinned = options.nodePorts ?? {};
      const used = new Set<number>();
      for (const pair of Object.values(pinned)) {
        used.add(pair.servicePort);
        used.add(pair.discoveryPort);
      }
      let next = options.firstNodePort ?? DEFAULT_FIRST_NODE_PORT;
      const take = () => {
        while (used.has(next)) next++;
        used.add(next);
        return next++;
      };
      for (const peer of this.peers) {
        const pair = pinned[peer.meshName];
        result.set(peer.meshName, pair ?? { servicePort: take(), discoveryPort: take() });
      }
    }
    this.cachedNodePorts = result;
    return result;
  }

  /**
   * The control plane spec: the user's base spec with the federation settings merged in, and the
   * conflicts found while merging.
   * @internal
   */
  public _controlPlaneSpec(): { spec: Record<string, any>; problems: string[] } {
    const problems: string[] = [];
    const base = this.options.controlPlaneSpec ?? {};
    const baseGateways = isPlainObject(base.gateways) ? base.gateways : {};
    const taken = new Set([
      ...Object.keys(isPlainObject(baseGateways.additionalIngress) ? baseGateways.additionalIngress : {}),
      ...Object.keys(isPlainObject(baseGateways.additionalEgress) ? baseGateways.additionalEgress : {}),
    ]);

    const additionalIngress: Record<string, any> = {};
    const additionalEgress: Record<string, any> = {};
    for (const peer of this.peers) {
      const ingress = this.ingressGatewayName(peer.meshName);
      const egress = this.egressGatewayName(peer.meshName);
      for (const name of [ingress, egress]) {
        if (taken.has(name)) {
          problems.push(`mesh '${this.meshName}': controlPlaneSpec already defines an additional gateway named '${name}', which the federation with '${peer.meshName}' needs. Fix: remove it from controlPlaneSpec (the library generates it), or choose another gatewayNaming`);
        }
      }
      additionalEgress[egress] = {
        enabled: true,
        requestedNetworkView: [`network-${peer.meshName}`],
        routerMode: 'sni-dnat',
        service: {
          metadata: { labels: { 'federation.maistra.io/egress-for': egress } },
          ports: [
            { port: SERVICE_PORT, name: 'tls' },
            { port: DISCOVERY_PORT, name: 'http-discovery' },
          ],
        },
      };
      additionalIngress[ingress] = {
        enabled: true,
        routerMode: 'sni-dnat',
        service: this.ingressService(peer),
      };
    }

    const cluster: Record<string, any> = {};
    if (this.clusterName !== undefined) cluster.name = this.clusterName;
    if (this.network !== undefined) cluster.network = this.network;

    const federation: Record<string, any> = {
      version: this.version,
      cluster: Object.keys(cluster).length > 0 ? cluster : undefined,
      gateways: this.peers.length > 0 ? { additionalEgress, additionalIngress } : undefined,
      security: { trust: { domain: this.trustDomain } },
    };
    const spec = mergeInto(base, federation, (path, baseValue, value) => {
      problems.push(`mesh '${this.meshName}': controlPlaneSpec sets ${path} to ${q(baseValue)} but the mesh needs ${q(value)}. Fix: remove ${path} from controlPlaneSpec, or set the matching mesh prop (trustDomain, version, clusterName, network) to ${q(baseValue)}`);
    });
    const merged = controlPlaneContributions(this).reduce((acc, { owner, settings }) => mergeInto(acc, settings, (path, baseValue, value) => {
      problems.push(`mesh '${this.meshName}': ${owner} needs ${path} to be ${q(value)}, but the control plane spec sets ${q(baseValue)}. Fix: remove ${path} from controlPlaneSpec, or set it to ${q(value)}`);
    }), spec);
    return { spec: merged, problems };
  }

  /** The DNS name of the ingress gateway serving `peer`, from `dnsDomain`. */
  private ingressHostname(peer: string): string {
    return `${this.ingressGatewayName(peer)}.${this.controlPlaneNamespace}.${this.options.dnsDomain}`;
  }

  private ingressService(peer: Mesh): Record<string, any> {
    const ingress = this.ingressGatewayName(peer.meshName);
    const nodePorts = this._nodePorts().get(peer.meshName);
    const annotations: Record<string, string> = this.platform.serviceAnnotations;
    if (this.options.externalDns && this.options.dnsDomain) {
      annotations['external-dns.alpha.kubernetes.io/hostname'] = this.ingressHostname(peer.meshName);
    }
    const sourceRanges = peer.options.egressSourceRanges ?? this.options.ingressSourceRanges;
    const service: Record<string, any> = {
      type: this.platform.serviceType,
      metadata: {
        labels: { 'federation.maistra.io/ingress-for': ingress },
        annotations: Object.keys(annotations).length > 0 ? annotations : undefined,
      },
      ports: [
        { port: SERVICE_PORT, name: 'tls', nodePort: nodePorts?.servicePort },
        { port: DISCOVERY_PORT, name: 'https-discovery', nodePort: nodePorts?.discoveryPort },
      ],
    };
    if (sourceRanges && sourceRanges.length > 0 && this.platform.serviceType === IngressServiceType.LOAD_BALANCER) {
      service.loadBalancerSourceRanges = [...sourceRanges];
    }
    return service;
  }

  /** Called by each ServiceExport of this mesh. @internal */
  public _registerExport(exp: ServiceExport): void {
    this.federation._touch();
    const peer = exp.peer.meshName;
    const list = this.exportsByPeer.get(peer);
    if (list) {
      list.push(exp);
      return;
    }
    this.exportsByPeer.set(peer, [exp]);
    new ExportedServiceSet(this, `ExportedServiceSet-${peer}`, {
      metadata: { name: peer, namespace: this.controlPlaneNamespace },
      spec: Lazy.any({ produce: () => ({ exportRules: this._exportRulesTo(peer).map(toExportRule) }) }),
    });
  }

  /** Called by each ServiceImport of this mesh. @internal */
  public _registerImport(imp: ServiceImport): void {
    this.federation._touch();
    const peer = imp.peer.meshName;
    const list = this.importsByPeer.get(peer);
    if (list) {
      list.push(imp);
      return;
    }
    this.importsByPeer.set(peer, [imp]);
    new ImportedServiceSet(this, `ImportedServiceSet-${peer}`, {
      metadata: { name: peer, namespace: this.controlPlaneNamespace },
      spec: Lazy.any({
        produce: () => {
          const set = this.importSetSettings(peer);
          return {
            domainSuffix: set.domainSuffix,
            locality: set.locality && { region: set.locality.region, zone: set.locality.zone, subzone: set.locality.subzone },
            importRules: this._importRulesFrom(peer).map(toImportRule),
          };
        },
      }),
    });
  }

  /** This mesh's export rules for `peer`, in order. @internal */
  public _exportRulesTo(peer: string): ExportRuleSpec[] {
    return (this.exportsByPeer.get(peer) ?? []).flatMap(e => e._rules);
  }

  /** This mesh's import rules for `peer`, in order. @internal */
  public _importRulesFrom(peer: string): ImportRuleSpec[] {
    return (this.importsByPeer.get(peer) ?? []).flatMap(i => i._rules);
  }

  /** The names of the meshes this mesh exports to or imports from. @internal */
  public get _sharingPeers(): { exportsTo: string[]; importsFrom: string[] } {
    return { exportsTo: [...this.exportsByPeer.keys()].sort(byName), importsFrom: [...this.importsByPeer.keys()].sort(byName) };
  }

  /** What this mesh can export to `peer`, as patterns, in rule order. @internal */
  public _exportOutputsTo(peer: string): ExportOutput[] {
    return this._exportRulesTo(peer).flatMap((rule, i) => exportOutputs(rule, i + 1));
  }

  /** The set-level settings of the ImportedServiceSet for `peer`: the first import that sets each. */
  private importSetSettings(peer: string): { domainSuffix?: string; locality?: Locality } {
    const imports = this.importsByPeer.get(peer) ?? [];
    return {
      domainSuffix: imports.find(i => i.domainSuffix !== undefined)?.domainSuffix,
      locality: imports.find(i => i.locality !== undefined)?.locality,
    };
  }

  /**
   * The imports of this mesh resolved against what each peer exports to it.
   * @internal
   */
  public _resolvedImports(): ResolvedImport[] {
    const result: ResolvedImport[] = [];
    for (const peer of [...this.importsByPeer.keys()].sort(byName)) {
      const exporter = this.federation.findMesh(peer);
      const outputs = exporter ? exporter._exportOutputsTo(this.meshName) : [];
      const setSuffix = this.importSetSettings(peer).domainSuffix;
      const rules = this._importRulesFrom(peer);
      rules.forEach((rule, index) => {
        const matches: ResolvedImport['matches'] = [];
        for (const out of outputs) {
          const exported = intersect(rule, out.exported);
          if (!exported) continue;
          // First match wins: an exported name an earlier rule takes is not this rule's.
          if (!isAny(exported.namespace) && !isAny(exported.name) && rules.slice(0, index).some(r => intersect(r, exported))) continue;
          const local = importedPattern(rule, exported);
          matches.push({
            exported,
            exportedName: exportedHostname(exported, this.meshName),
            localHostname: `${local.name}.${local.namespace}.${importSuffix(rule, setSuffix, peer)}`,
            exportRule: out.ruleIndex,
            resolvedAtRunTime: isAny(exported.namespace) || isAny(exported.name) || out.local.startsWith('services labelled'),
          });
        }
        result.push({ peer, rule, ruleIndex: index + 1, matches, candidates: outputs.map(o => o.exported) });
      });
    }
    return result;
  }

  /**
   * Problems with this mesh's exports and imports, and warnings about wide exports.
   * @internal
   */
  public _sharingProblems(): { problems: string[]; warnings: string[] } {
    const problems: string[] = [];
    const warnings: string[] = [];
    const m = `mesh ${q(this.meshName)}`;
    const peerNames = new Set(this.peers.map(p => p.meshName));
    const notPeer = (what: string, peer: string) => `${m}: ${what} ${q(peer)}, but the two meshes do not peer, so nothing crosses. Fix: peer them (federation.addPeering(), or a topology that includes the pair), or remove the ${what.split(' ')[0]}`;

    for (const [peer, exports] of [...this.exportsByPeer.entries()].sort((a, b) => byName(a[0], b[0]))) {
      if (!peerNames.has(peer)) problems.push(notPeer('exports to', peer));
      if (exports.some(e => e.peer.federation !== this.federation)) {
        problems.push(`${m}: exports to ${q(peer)}, a mesh of another federation. Fix: export only to meshes of this federation`);
      }
      const rules = this._exportRulesTo(peer);
      rules.forEach((rule, j) => {
        const earlier = rules.slice(0, j).findIndex(r => exportRuleShadows(r, rule));
        if (earlier >= 0) {
          problems.push(`${rule.source}: can never match, because rule #${earlier + 1} of the ExportedServiceSet '${peer}' (${rules[earlier].source.replace(/^mesh '[^']*': /, '')}) already matches every service it would (the first matching rule wins). Fix: move it before that rule, or remove it`);
        }
        if (rule.kind === 'name' && !isAny(rule.namespace) && !isAny(rule.name)) {
          const [out] = exportOutputs(rule, j + 1);
          const clash = rules.slice(0, j).findIndex(r => r.kind === 'name' && !isAny(r.namespace) && !isAny(r.name)
            && patternText(exportOutputs(r, 0)[0].exported) === patternText(out.exported) && exportOutputs(r, 0)[0].local !== out.local);
          if (clash >= 0 && !isAny(out.exported.namespace) && !isAny(out.exported.name)) {
            problems.push(`${rule.source}: exports ${out.local} as ${q(exportedHostname(out.exported, peer))}, the name rule #${clash + 1} (${rules[clash].source.replace(/^mesh '[^']*': /, '')}) already gives ${exportOutputs(rules[clash], 0)[0].local}; one exported name cannot stand for two services. Fix: give one of them another alias`);
          }
        }
        if (rule.kind === 'name' && isAny(rule.name)) {
          warnings.push(isAny(rule.namespace)
            ? `${rule.source}: exports every service of the whole mesh to ${q(peer)}. Consider listing the services`
            : `${rule.source}: exports every service of namespace ${q(rule.namespace)} to ${q(peer)}. Consider listing the services`);
        }
      });
    }

    for (const [peer, imports] of [...this.importsByPeer.entries()].sort((a, b) => byName(a[0], b[0]))) {
      if (!peerNames.has(peer)) problems.push(notPeer('imports from', peer));
      for (const key of ['domainSuffix', 'locality'] as const) {
        const set = imports.filter(i => i[key] !== undefined);
        const values = new Set(set.map(i => JSON.stringify(i[key])));
        if (values.size > 1) {
          problems.push(`${m}: the imports from ${q(peer)} (${set.map(i => q(i.node.id)).join(', ')}) set different ${key} values (${[...values].join(' and ')}), but they share one ImportedServiceSet. Fix: give them the same ${key}, or set it on one of them only`);
        }
      }
      const rules = this._importRulesFrom(peer);
      rules.forEach((rule, j) => {
        const earlier = rules.slice(0, j).findIndex(r => importRuleShadows(r, rule));
        if (earlier >= 0) {
          problems.push(`${rule.source}: can never match, because rule #${earlier + 1} of the ImportedServiceSet '${peer}' (${rules[earlier].source.replace(/^mesh '[^']*': /, '')}) already matches every name it would (the first matching rule wins). Fix: move it before that rule, or remove it`);
        }
      });
    }

    const resolvedImports = this._resolvedImports();
    const localNames = new Map<string, ResolvedImport>();
    for (const resolved of resolvedImports) {
      // importAsLocal merges endpoints into the local service on purpose (failover); other imports
      // must not give two exported services one local hostname.
      if (resolved.rule.importAsLocal) continue;
      for (const match of resolved.matches) {
        if (match.localHostname.includes('*')) continue;
        const first = localNames.get(match.localHostname);
        if (first && (first.peer !== resolved.peer || first.ruleIndex !== resolved.ruleIndex)) {
          problems.push(`${resolved.rule.source}: imports ${q(match.exportedName)} as ${q(match.localHostname)}, which ${first.rule.source.replace(/^mesh '[^']*': /, '')} already gives to another exported service; one local hostname cannot stand for two services. Fix: give one of them another alias or domainSuffix`);
        } else if (!first) {
          localNames.set(match.localHostname, resolved);
        }
      }
    }
    for (const resolved of resolvedImports) {
      if (resolved.matches.length > 0 || !peerNames.has(resolved.peer)) continue;
      const wanted: NamePattern = { namespace: resolved.rule.namespace, name: resolved.rule.name };
      const suggestions = closest(wanted, resolved.candidates);
      problems.push(`${resolved.rule.source}: matches nothing mesh ${q(resolved.peer)} exports to ${q(this.meshName)}${suggestions.length > 0
        ? ` (it exports ${suggestions.map(q).join(', ')}${resolved.candidates.length > suggestions.length ? ', ...' : ''}; names are <name>.<namespace> after ${q(resolved.peer)}'s aliases)`
        : ` (it exports nothing to ${q(this.meshName)})`}. Fix: import a name ${q(resolved.peer)} exports, or add the export on ${q(resolved.peer)}: ${q(resolved.peer)}.addServiceExport(..., { peer: ${q(this.meshName)} }).addNameRule({ namespace: ${q(wanted.namespace)}, name: ${q(wanted.name)} })`);
    }
    return { problems, warnings };
  }

  /**
   * Problems that need only this mesh's own props, each naming the mesh, the prop, the value and
   * the fix.
   */
  private propProblems(): string[] {
    const problems: string[] = [];
    const m = `mesh ${q(this.meshName)}`;
    const o = this.options;
    const label = (prop: string, value: string | undefined, fix: string, max = 63) => {
      if (value === undefined) return;
      const p = dnsLabelProblem(value, max);
      if (p) problems.push(`${m}: ${prop} ${q(value)} ${p}. Fix: ${fix}`);
    };

    label('name', this.meshName, 'use a name like \'red-mesh\'');
    if (o.namespace === undefined && !dnsLabelProblem(this.meshName)) {
      label('namespace', this.controlPlaneNamespace, 'shorten the mesh name to at most 56 characters, or set namespace');
    } else {
      label('namespace', o.namespace, 'use a namespace name like \'red-mesh-system\'');
    }
    label('controlPlaneName', o.controlPlaneName, 'use a name like \'basic\' or the mesh name');
    if (this.explicitVersion !== undefined && !/^v2\.[1-9][0-9]*$/.test(this.explicitVersion)) {
      problems.push(`${m}: version ${q(this.explicitVersion)} is not a ServiceMeshControlPlane v2 version that supports federation. Fix: use 'v2.1' or later, e.g. '${DEFAULT_VERSION}'`);
    }
    if (!isTrustDomain(this.trustDomain)) {
      problems.push(`${m}: trustDomain ${q(this.trustDomain)} is not a valid trust domain (lower case letters, digits, '.', '-' and '_'). Fix: use a name like '${dnsLabelProblem(this.meshName) ? 'red-mesh' : this.meshName}.local'`);
    }
    for (const [prop, value] of [['clusterName', o.clusterName], ['network', o.network]] as const) {
      if (value !== undefined && !/^[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(value)) {
        problems.push(`${m}: ${prop} ${q(value)} is not a valid name (letters, digits, '.', '-' and '_', starting and ending with a letter or digit). Fix: use a name like 'cluster-east'`);
      }
    }
    problems.push(...localityProblems(`${m}: locality`, o.locality));
    if (o.rootCertificate !== undefined) {
      for (const p of rootCertificateProblems(o.rootCertificate, new Date())) {
        problems.push(`${m}: rootCertificate ${p}`);
      }
    }
    if (o.controlPlaneSpec !== undefined && !isPlainObject(o.controlPlaneSpec)) {
      problems.push(`${m}: controlPlaneSpec must be an object (the 'spec' of a ServiceMeshControlPlane), not ${q(o.controlPlaneSpec)}. Fix: pass the spec object itself`);
    }
    if (o.dnsDomain !== undefined) {
      const p = hostnameProblem(o.dnsDomain);
      if (p) {
        problems.push(`${m}: dnsDomain ${q(o.dnsDomain)} ${p}. Fix: use a domain like 'apps.example.com'`);
      } else if (this.platform.serviceType === IngressServiceType.NODE_PORT) {
        problems.push(`${m}: dnsDomain ${q(o.dnsDomain)} has no effect on the NodePort platform, whose peers connect to the node addresses. Fix: remove dnsDomain, or list DNS names in Platform.nodePort({ nodeAddresses })`);
      }
    }
    if (o.externalDns && o.dnsDomain === undefined) {
      problems.push(`${m}: externalDns is true but dnsDomain is not set, so there is no name to publish. Fix: set dnsDomain, e.g. 'apps.example.com'`);
    }
    for (const [peer, addresses] of Object.entries(o.ingressAddresses ?? {})) {
      if (!Array.isArray(addresses) || addresses.length === 0) {
        problems.push(`${m}: ingressAddresses[${q(peer)}] is empty. Fix: list the load balancer hostname or IP, or remove the entry`);
        continue;
      }
      for (const address of addresses) {
        const p = addressProblem(String(address));
        if (p) problems.push(`${m}: ingressAddresses[${q(peer)}] has ${q(address)}, which ${p}. Fix: use the load balancer's hostname or IP`);
      }
    }
    for (const prop of ['ingressSourceRanges', 'egressSourceRanges'] as const) {
      for (const range of o[prop] ?? []) {
        const p = cidrProblem(String(range));
        if (p) problems.push(`${m}: ${prop} has ${q(range)}, which ${p}. Fix: write ranges like '203.0.113.0/24'`);
      }
    }
    const np = this.platform._nodePortOptions;
    if (np) {
      if (!np.nodeAddresses || np.nodeAddresses.length === 0) {
        problems.push(`${m}: platform Platform.nodePort() has no nodeAddresses, so peers have nothing to connect to. Fix: list the IPs of nodes the peers can reach`);
      }
      for (const address of np.nodeAddresses ?? []) {
        const p = addressProblem(String(address));
        if (p) problems.push(`${m}: Platform.nodePort() nodeAddresses has ${q(address)}, which ${p}. Fix: use node IPs like '192.0.2.10'`);
      }
      const inRange = (port: number) => Number.isInteger(port) && port >= NODE_PORT_MIN && port <= NODE_PORT_MAX;
      if (np.firstNodePort !== undefined && !inRange(np.firstNodePort)) {
        problems.push(`${m}: Platform.nodePort() firstNodePort ${np.firstNodePort} is outside ${NODE_PORT_MIN}-${NODE_PORT_MAX}. Fix: use a port in that range, e.g. ${DEFAULT_FIRST_NODE_PORT}`);
      }
      const seen = new Map<number, string>();
      for (const peer of Object.keys(np.nodePorts ?? {}).sort(byName)) {
        const pair = np.nodePorts![peer];
        for (const [which, port] of [['servicePort', pair.servicePort], ['discoveryPort', pair.discoveryPort]] as const) {
          const where = `nodePorts[${q(peer)}].${which}`;
          if (!inRange(port)) {
            problems.push(`${m}: Platform.nodePort() ${where} ${port} is outside ${NODE_PORT_MIN}-${NODE_PORT_MAX}. Fix: pick a free port in that range`);
          } else if (seen.has(port)) {
            problems.push(`${m}: Platform.nodePort() ${where} ${port} is already used by ${seen.get(port)}. Fix: give every gateway port its own node port`);
          } else {
            seen.set(port, where);
          }
        }
      }
    }
    return problems;
  }

  /**
   * Problems that need the peers: gateway names, addresses, node ports, certificates and the
   * merged control plane spec.
   * @internal
   */
  public _peerProblems(): string[] {
    const problems: string[] = [];
    const m = `mesh ${q(this.meshName)}`;
    for (const peer of this.peers) {
      for (const [kind, name] of [['ingress', this.ingressGatewayName(peer.meshName)], ['egress', this.egressGatewayName(peer.meshName)]]) {
        const max = kind === 'egress' ? 63 - '-service-account'.length : 63;
        const p = dnsLabelProblem(name, max);
        if (p) {
          problems.push(`${m}: the ${kind} gateway name for peer ${q(peer.meshName)}, ${q(name)}, ${p}${kind === 'egress' ? ' (its service account is \'<name>-service-account\', at most 63 characters)' : ''}. Fix: shorten the peer's mesh name or choose a shorter gatewayNaming`);
        }
        if (RESERVED_GATEWAYS.includes(name)) {
          problems.push(`${m}: the ${kind} gateway name for peer ${q(peer.meshName)} is ${q(name)}, which the control plane reserves. Fix: choose another gatewayNaming`);
        }
      }
      const remote = peer._remoteFor(this.meshName);
      if (!remote.addresses) {
        const hint = peer.platform.addressKind === AddressKind.HOSTNAME ? 'hostname' : 'IP';
        problems.push(`mesh ${q(peer.meshName)}: no address is known for its ingress gateway ${q(peer.ingressGatewayName(this.meshName))} serving ${q(this.meshName)}, so the ServiceMeshPeer ${q(peer.meshName)} in ${q(this.controlPlaneNamespace)} would have no spec.remote.addresses. Fix: set dnsDomain on ${q(peer.meshName)} (a stable DNS name), or ingressAddresses: { '${this.meshName}': ['<load balancer ${hint}>'] } once the load balancer exists`);
      }
      if (this.options.dnsDomain !== undefined) {
        const p = hostnameProblem(this.ingressHostname(peer.meshName));
        if (p) problems.push(`${m}: the DNS name ${q(this.ingressHostname(peer.meshName))} derived from dnsDomain ${p}. Fix: use a shorter dnsDomain or shorter names`);
      }
      if (peer.rootCertificate === undefined) {
        problems.push(`mesh ${q(peer.meshName)}: rootCertificate is not set, but ${q(this.meshName)} peers with it and needs it in the ConfigMap ${q(peer.rootCertConfigMapName)}. Fix: pass the PEM of its istio-ca-root-cert (\`oc get configmap istio-ca-root-cert -n ${peer.controlPlaneNamespace} -o jsonpath='{.data.root-cert\\.pem}'\`)`);
      }
    }
    const peerNames = new Set(this.peers.map(p => p.meshName));
    for (const peer of Object.keys(this.options.ingressAddresses ?? {}).sort(byName)) {
      if (!peerNames.has(peer)) {
        problems.push(`${m}: ingressAddresses names ${q(peer)}, which is not a peer of this mesh${this.peersHint()}. Fix: use a peer's mesh name, or remove the entry`);
      }
    }
    const pinned = this.platform._nodePortOptions?.nodePorts ?? {};
    for (const peer of Object.keys(pinned).sort(byName)) {
      if (!peerNames.has(peer)) {
        problems.push(`${m}: Platform.nodePort() nodePorts names ${q(peer)}, which is not a peer of this mesh${this.peersHint()}. Fix: use a peer's mesh name, or remove the entry`);
      }
    }
    const used = new Map<number, string>();
    for (const [peer, pair] of this._nodePorts()) {
      for (const port of [pair.servicePort, pair.discoveryPort]) {
        if (port > NODE_PORT_MAX) {
          problems.push(`${m}: the node port allocated for peer ${q(peer)} would be ${port}, beyond ${NODE_PORT_MAX}. Fix: lower Platform.nodePort() firstNodePort, or pin nodePorts`);
        } else if (used.has(port) && used.get(port) !== peer) {
          problems.push(`${m}: node port ${port} is used by the gateways for both ${q(used.get(port))} and ${q(peer)}. Fix: give every gateway port its own node port`);
        }
        used.set(port, peer);
      }
    }
    problems.push(...this._controlPlaneSpec().problems);
    return problems;
  }

  private peersHint(): string {
    const names = this.peers.map(p => q(p.meshName));
    return names.length > 0 ? ` (peers: ${names.join(', ')})` : ' (it has no peers)';
  }
}

function fixed(value: string | undefined): string | undefined {
  return isAny(value) ? (value === ANY ? ANY : undefined) : value;
}

function toExportRule(rule: ExportRuleSpec): ExportedServiceSetSpecExportRules {
  if (rule.kind === 'name') {
    return {
      type: 'NameSelector',
      nameSelector: {
        namespace: rule.namespace,
        name: rule.name,
        alias: rule.alias && { namespace: fixed(rule.alias.namespace), name: fixed(rule.alias.name) },
      },
    };
  }
  return {
    type: 'LabelSelector',
    labelSelector: {
      namespace: rule.namespace,
      selector: { matchLabels: rule.matchLabels, matchExpressions: rule.matchExpressions },
      aliases: rule.aliases?.map(a => ({
        namespace: a.match.namespace,
        name: a.match.name,
        alias: { namespace: fixed(a.alias.namespace), name: fixed(a.alias.name) },
      })),
    },
  };
}

function toImportRule(rule: ImportRuleSpec): ImportedServiceSetSpecImportRules {
  return {
    type: 'NameSelector',
    importAsLocal: rule.importAsLocal,
    domainSuffix: rule.domainSuffix,
    nameSelector: {
      namespace: rule.namespace,
      name: rule.name,
      alias: rule.alias && { namespace: fixed(rule.alias.namespace), name: fixed(rule.alias.name) },
    },
  };
}
