import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ControlPlaneSpec, controlPlaneSpec } from './control-plane';
import { resolvePrerequisites } from './membership';
import { clientId, egressGatewayName, ingressGatewayName, rootCertConfigMapName } from './naming';
import { IMesh } from './refs';
import { controlPlaneNamespaceObject, MEMBER_ROLL_NAME, memberRollSpec } from './render';
import { ServiceExport, ServiceExportOptions } from './service-export';
import { ServiceImport, ServiceImportOptions } from './service-import';
import { controlPlaneContributions } from '../core/control-plane-contribution';
import { FederationError } from '../core/errors';
import { IFederation } from '../core/federation-ref';
import { GatewayNaming } from '../core/gateway-naming';
import { guardValue } from '../core/guards';
import { Locality, MeshOptions, MeshPrerequisites } from '../core/mesh-options';
import { q, sortManifests } from '../core/output';
import { Platform } from '../core/platform';
import { meshPropProblems } from './checks/mesh-props';
import { meshShapeProblems } from './checks/mesh-shape';
import { memberNamespaceProblem, prerequisiteClashes, prerequisitesProblems } from './checks/prerequisites';
import { DeclaredMesh } from './model/declarations';
import { FederationContext, federationContext } from './model/registry';
import { versionOf } from './model/resolve';
import { withMesh } from './rule-checks';

/** Props of a `Mesh`. */
export interface MeshProps extends MeshOptions {
  /** The federation this mesh belongs to (a `FederatedMesh`). */
  readonly federation: IFederation;

  /**
   * The mesh name: names the ServiceMeshPeer objects peers create for it, and many derived names.
   * @default - the construct id
   */
  readonly name?: string;
}

const MESH = Symbol.for('cdk8s-mesh-federation.Mesh');
/** The kinds of the prerequisites a mesh emits, which another object of its chart could duplicate. */
const PREREQUISITE_KINDS = new Set(['Namespace', 'ServiceMeshMemberRoll']);

/**
 * One service mesh of a federation, and the cdk8s Chart that holds everything its cluster
 * applies: its ServiceMeshControlPlane, and per peer a ServiceMeshPeer and the peer's root
 * certificate ConfigMap. Unless `prerequisites` leave them out, also what a fresh cluster needs
 * first: the control-plane Namespace and the ServiceMeshMemberRoll `default` listing the
 * namespaces the mesh's objects rely on (see `memberNamespaces`).
 *
 * Create meshes with `FederatedMesh.addMesh()`, which also peers them as the topology says; a
 * Mesh constructed directly belongs to the federation but peers with nothing until
 * `FederatedMesh.addPeering()`.
 *
 * Construct ids: the chart's id is the mesh name; the control plane is `ControlPlane`, its
 * Namespace `Namespace`, the member roll `MemberRoll`; the objects for peer P are under `Peer-<P>`
 * (`ServiceMeshPeer`, `RootCertificate`). Object names come from
 * the mesh names, never from construct ids.
 */
export class Mesh extends Chart implements IMesh {
  /** Whether `x` is a `Mesh` (charts cannot be told apart with `instanceof`). */
  public static isMesh(x: any): x is Mesh {
    return x !== null && typeof x === 'object' && MESH in x;
  }

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
  public readonly federation: IFederation;
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
  /** Which prerequisites the mesh's output includes, every field decided. */
  public readonly prerequisites: MeshPrerequisites;
  /**
   * The Namespace of the control plane.
   * @default - none with `prerequisites.namespaces` false
   */
  public readonly controlPlaneNamespaceObject?: ApiObject;
  /**
   * The ServiceMeshMemberRoll `default` in the control-plane namespace.
   * @default - none with `prerequisites.memberRoll` false
   */
  public readonly memberRoll?: ApiObject;

  private readonly context: FederationContext;
  private readonly declared: DeclaredMesh;

  constructor(scope: Construct, id: string, props: MeshProps) {
    const shape = meshShapeProblems(String(isNamed(props) ? props.name : id), props);
    if (shape.length > 0) throw new FederationError(shape);
    const meshName = props.name ?? id;
    const namespace = props.namespace ?? `${meshName}-system`;
    // Everything is checked before the chart joins the tree, so a refused mesh leaves nothing behind.
    const context = federationContext(props.federation, `mesh ${q(meshName)}`);
    const declared: DeclaredMesh = {
      name: meshName,
      options: props,
      namespace,
      controlPlaneName: props.controlPlaneName ?? meshName,
      trustDomain: props.trustDomain ?? `${meshName}.local`,
      naming: props.gatewayNaming ?? context.gatewayNaming,
      explicitVersion: props.version ?? context.version,
      prerequisites: resolvePrerequisites(props.prerequisites, context.prerequisites),
      ...(props.rootCertificate !== undefined && context.certificateSources.has(meshName)
        ? { certificateSource: context.certificateSources.get(meshName) } : {}),
    };
    const problems = [...meshPropProblems(declared), ...prerequisitesProblems(`mesh ${q(meshName)}`, props.prerequisites)];
    if (problems.length > 0) {
      throw new FederationError(problems);
    }
    super(scope, id, { namespace, disableResourceNameHashes: true });
    Object.defineProperty(this, MESH, { value: true });
    this.context = context;
    this.declared = declared;
    this.meshName = meshName;
    this.federation = props.federation;
    this.controlPlaneNamespace = namespace;
    this.controlPlaneName = this.declared.controlPlaneName;
    this.trustDomain = this.declared.trustDomain;
    this.platform = props.platform;
    this.gatewayNaming = this.declared.naming;
    this.clusterName = props.clusterName;
    this.network = props.network;
    this.locality = props.locality;
    this.rootCertificate = props.rootCertificate;
    this.prerequisites = { ...this.declared.prerequisites };
    this.controlPlane = new ApiObject(this, 'ControlPlane', {
      apiVersion: 'maistra.io/v2',
      kind: 'ServiceMeshControlPlane',
      metadata: { name: this.controlPlaneName, namespace: this.controlPlaneNamespace },
      spec: Lazy.any({ produce: () => this._controlPlaneSpec().spec }),
    });
    if (this.declared.prerequisites.namespaces) {
      this.controlPlaneNamespaceObject = new ApiObject(this, 'Namespace', controlPlaneNamespaceObject(namespace));
      // A Namespace is cluster-scoped: it must not carry the chart's namespace.
      this.controlPlaneNamespaceObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    }
    if (this.declared.prerequisites.memberRoll) {
      this.memberRoll = new ApiObject(this, 'MemberRoll', {
        apiVersion: 'maistra.io/v1',
        kind: 'ServiceMeshMemberRoll',
        metadata: { name: MEMBER_ROLL_NAME, namespace },
        spec: Lazy.any({ produce: () => memberRollSpec(this.context.declarations.model(), meshName) }),
      });
    }
    this.context.declarations.addMesh(this.declared);
    this.context.meshes.set(meshName, this);
  }

  /** The meshes this mesh peers with, sorted by name. */
  public get peers(): Mesh[] {
    const peers = this.context.declarations.model().mesh(this.meshName)?.peers ?? [];
    return peers.map(name => this.context.meshes.get(name) as Mesh);
  }

  /** The ServiceMeshControlPlane `spec.version`. */
  public get version(): string {
    return versionOf(this.declared);
  }

  /** Name of this mesh's ingress gateway that serves requests from `peer` (a mesh name). */
  public ingressGatewayName(peer: string): string {
    this.guardPeerName('ingressGatewayName', peer);
    return ingressGatewayName(this.declared, peer);
  }

  /** Name of this mesh's egress gateway that sends requests to `peer` (a mesh name). */
  public egressGatewayName(peer: string): string {
    this.guardPeerName('egressGatewayName', peer);
    return egressGatewayName(this.declared, peer);
  }

  /**
   * The client ID this mesh presents when it calls `peer`: the SPIFFE identity of its egress
   * gateway for that peer, `<trust domain>/ns/<namespace>/sa/<egress gateway>-service-account`.
   */
  public clientId(peer: string): string {
    this.guardPeerName('clientId', peer);
    return clientId(this.declared, peer);
  }

  private guardPeerName(method: string, peer: unknown): void {
    guardValue(`mesh ${q(this.meshName)}: ${method}()`, 'peer', peer, { kind: 'string', required: true, fix: "pass the peer mesh's name, e.g. 'green-mesh'" });
  }

  /** Name of the ConfigMap that holds this mesh's root certificate in each peer's namespace. */
  public get rootCertConfigMapName(): string {
    return rootCertConfigMapName(this.meshName);
  }

  /**
   * Shares services with `options.peer`: the returned export's rules go into the
   * ExportedServiceSet named after the peer. Construct id: `id`, inside this mesh's chart.
   */
  public addServiceExport(id: string, options: ServiceExportOptions): ServiceExport {
    return new ServiceExport(this, id, withMesh(this, 'ServiceExport', id, options));
  }

  /**
   * Takes services from `options.peer`: the returned import's rules go into the
   * ImportedServiceSet named after the peer. Construct id: `id`, inside this mesh's chart.
   */
  public addServiceImport(id: string, options: ServiceImportOptions): ServiceImport {
    return new ServiceImport(this, id, withMesh(this, 'ServiceImport', id, options));
  }

  /**
   * The namespaces that must be members of the mesh, as its ServiceMeshMemberRoll lists them: the
   * namespaces of exported services (rules with a fixed namespace), the local namespaces of
   * `importAsLocal` imports, the namespaces of failovers the mesh takes part in, those added with
   * `addMemberNamespace()`, and those a construct in the chart needs (a serverless integration's
   * Knative namespaces first). Sorted, each once, never the control-plane namespace.
   */
  public get memberNamespaces(): string[] {
    return [...this.context.declarations.model().mesh(this.meshName)?.membership.members ?? []];
  }

  /**
   * Makes `namespace` a member of the mesh (its ServiceMeshMemberRoll lists it): a namespace whose
   * workloads call imported services, or that holds services an export selects by a wildcard or
   * label over any namespace. A namespace added twice, or one the mesh already derives, is listed
   * once; the control-plane namespace is refused.
   */
  public addMemberNamespace(namespace: string): void {
    const problem = memberNamespaceProblem(this.declared, namespace);
    if (problem) throw new FederationError([problem]);
    this._addMemberNamespaces('addMemberNamespace()', [namespace], false);
  }

  /**
   * Members a construct in this chart needs (e.g. a serverless integration), checked by it;
   * `leading` ones are listed first, in order.
   * @internal
   */
  public _addMemberNamespaces(owner: string, namespaces: string[], leading: boolean): void {
    for (const namespace of namespaces) {
      this.context.declarations.addMember({ mesh: this.meshName, namespace, owner, leading });
    }
  }

  /**
   * Objects of this chart that duplicate its control-plane Namespace or member roll, among
   * `constructs` (the chart's constructs, when the caller has them already).
   * @internal
   */
  public _prerequisiteClashes(constructs: readonly IConstruct[] = this.node.findAll()): string[] {
    const own = new Set<ApiObject | undefined>([this.controlPlaneNamespaceObject, this.memberRoll]);
    // Only these two kinds can duplicate a prerequisite: the others are not described (their paths
    // are built by walking up the tree).
    const objects = constructs
      .filter((c): c is ApiObject => c instanceof ApiObject && PREREQUISITE_KINDS.has(c.kind) && !own.has(c) && Chart.of(c) === this)
      .map(o => ({ kind: o.kind, apiVersion: o.apiVersion, name: o.name, namespace: o.metadata.namespace, path: o.node.path }));
    return prerequisiteClashes(this.declared, objects);
  }

  /**
   * Objects sorted by kind, namespace and name, so that the same federation gives the same file
   * whatever order it was declared in.
   */
  public override toJson(): any[] {
    return sortManifests(super.toJson());
  }

  /**
   * The control plane spec: the user's base spec with the federation settings and the settings of
   * constructs in this chart merged in, and the conflicts found while merging.
   * @internal
   */
  public _controlPlaneSpec(constructs: readonly IConstruct[] = this.node.findAll()): ControlPlaneSpec {
    const model = this.context.declarations.model();
    return controlPlaneSpec(model, model.mesh(this.meshName)!, controlPlaneContributions(constructs));
  }
}

/** Whether `props` is an object that names the mesh. */
function isNamed(props: unknown): props is { name: string } {
  return typeof props === 'object' && props !== null && typeof (props as any).name === 'string';
}
