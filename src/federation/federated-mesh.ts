import { ApiObject, App, Duration, YamlOutputType } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { certificateFindings } from './certificates';
import { FailoverImport, FailoverImportProps } from './failover-import';
import { Mesh } from './mesh';
import { MeshPeering } from './mesh-peering';
import { FederationPlan, federationPlan, lockFileSection, planToMarkdown } from './plan';
import { IMesh } from './refs';
import { certificatesSectionMarkdown, diagramMarkdown, federationDiagram, federationManualSteps } from './reports';
import { ownChild } from './rule-checks';
import { Topology, TopologyKind } from './topology';
import { DEFAULT_EXPIRY_WARNING_DAYS, expiryWindowProblem } from '../core/certificate';
import { FederationError } from '../core/errors';
import { IFederation } from '../core/federation-ref';
import { GatewayNaming } from '../core/gateway-naming';
import { guardValue, reservedIdProblem } from '../core/guards';
import { ManualStep } from '../core/manual-step';
import { manualStepsMarkdown } from '../core/manual-steps-report';
import { MeshOptions, MeshPrerequisites } from '../core/mesh-options';
import { dnsLabelProblem } from '../core/names';
import { describeValue, q, resourceFileName } from '../core/output';
import { addWarning } from '../core/warnings';
import { DeclaredFindings, declaredFindings, FederationFindings, federationFindings } from './checks/federation';
import { federationPropsProblems } from './checks/federation-props';
import { prerequisitesProblems } from './checks/prerequisites';
import { attachFederationContext } from './model/registry';
import { FederationModel } from './model/resolve';
import { FederationDeclarations } from './model/store';
import { RootRotationStage } from './root-rotation';
import { rotationManualSteps, rotationMarkdown, rotationProblems } from './root-rotation-report';

/** Props of a `FederatedMesh`. */
export interface FederatedMeshProps {
  /**
   * Which meshes peer with which. Peerings are created as meshes are added.
   * @default Topology.fullMesh()
   */
  readonly topology?: Topology;

  /**
   * How meshes name their federation gateways, unless a mesh sets its own.
   * @default GatewayNaming.docs() (`ingress-<peer>` / `egress-<peer>`)
   */
  readonly gatewayNaming?: GatewayNaming;

  /**
   * ServiceMeshControlPlane `spec.version` for every mesh that does not set its own.
   * @default - each mesh's own version, else 'v2.6'
   */
  readonly version?: string;

  /**
   * Which prerequisites every mesh's output includes unless the mesh sets its own: the
   * control-plane Namespace (`namespaces`) and the ServiceMeshMemberRoll `default` (`memberRoll`).
   * Switch them off where a platform team owns them; the manual steps then list what must exist.
   * @default - both
   */
  readonly prerequisites?: MeshPrerequisites;

  /**
   * How long before a mesh's root certificate expires synth warns about it (its peers trust only
   * that root, so federation to the mesh stops when it expires). The warning is printed and
   * listed by `warnings()`, never written into a file: the output stays the same from day to day.
   * `Duration.days(0)` turns the warning off; at most 3650 days. An expired root certificate is
   * always an error.
   * @default Duration.days(30)
   */
  readonly certificateExpiryWarning?: Duration;

  /**
   * Render one step of a root certificate rotation (`rotation.stage(step)`): the peers of each
   * rotating mesh hold its current and next root, or the next alone, in their `<mesh>-ca-root-cert`
   * as that step says, and the manual steps list the CA switches of the step. Everything else is
   * the same as without it.
   * @default - no rotation: each peer holds the mesh's `rootCertificate`
   */
  readonly rootRotation?: RootRotationStage;
}

/**
 * The meshes of one federation and the peerings between them.
 *
 * Each mesh added is a cdk8s Chart at the root of the app, named after the mesh, so `cdk8s synth`
 * writes each cluster's objects to its own file (`dist/<mesh>.k8s.yaml`) or, with
 * `YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE`, to its own folder (`dist/<mesh>/`).
 *
 * Everything that needs more than one mesh is checked at synth, before any file is written, and
 * all problems are reported together, as one error whose `name` is `FederationError` and whose
 * `problems` array holds one line per problem (docs/errors.md lists them all). The check runs once
 * per change to the federation, however many charts the app synthesizes. With a per-resource
 * `YamlOutputType`, two objects that cdk8s would write to the same file are refused too.
 */
export class FederatedMesh extends Construct implements IFederation {
  /** The topology peerings are created for. */
  public readonly topology: Topology;
  /** The default gateway naming of the meshes. */
  public readonly gatewayNaming: GatewayNaming;
  /**
   * The default control plane version of the meshes.
   * @default - each mesh's own
   */
  public readonly version?: string;
  /**
   * The default prerequisites of the meshes.
   * @default - both
   */
  public readonly prerequisites?: MeshPrerequisites;
  /** How long before a root certificate expires synth warns about it (zero: never). */
  public readonly certificateExpiryWarning: Duration;
  /**
   * The step of a root rotation this federation renders.
   * @default - none
   */
  public readonly rootRotation?: RootRotationStage;

  private readonly declarations: FederationDeclarations;
  /** Each mesh records itself here as it records its declaration, wherever its chart is. */
  private readonly meshConstructs = new Map<string, IMesh>();
  /** Where a mesh's root certificate came from, by mesh name, when the command line read it from a file. */
  private readonly certificateSources = new Map<string, string>();
  /** `certificateExpiryWarning` as checked, in milliseconds and as text (read once: a Duration is the caller's object). */
  private readonly expiryWindow: { readonly ms: number; readonly text: string };
  private declared?: { readonly model: FederationModel; readonly findings: DeclaredFindings };
  /** The last findings, with the model and the numbers of constructs of the meshes they were found for. */
  private checked?: FederationFindings & { readonly model: FederationModel; readonly constructs: string };

  constructor(scope: Construct, id: string, props: FederatedMeshProps = {}) {
    const propProblems = federationPropsProblems(id, props);
    if (propProblems.length > 0) throw new FederationError(propProblems);
    const prerequisiteProblems = prerequisitesProblems(`federation ${q(id)}`, props.prerequisites);
    if (prerequisiteProblems.length > 0) throw new FederationError(prerequisiteProblems);
    // Read once and checked as read: the Duration is the caller's object.
    const window = props.certificateExpiryWarning ?? Duration.days(DEFAULT_EXPIRY_WARNING_DAYS);
    const expiryWindow = readWindow(window);
    const windowProblem = expiryWindowProblem(`federation ${q(id)}`, 'certificateExpiryWarning', { toMilliseconds: () => expiryWindow.ms });
    if (windowProblem) throw new FederationError([windowProblem]);
    super(scope, id);
    this.topology = props.topology ?? Topology.fullMesh();
    this.gatewayNaming = props.gatewayNaming ?? GatewayNaming.docs();
    this.version = props.version;
    this.prerequisites = props.prerequisites;
    this.certificateExpiryWarning = window;
    this.expiryWindow = expiryWindow;
    this.rootRotation = props.rootRotation;
    this.declarations = new FederationDeclarations(id, this.topology.kind === TopologyKind.HUB_AND_SPOKE, this.topology.hub);
    attachFederationContext(this, {
      declarations: this.declarations,
      gatewayNaming: this.gatewayNaming,
      version: this.version,
      prerequisites: this.prerequisites,
      rootRotation: this.rootRotation,
      meshes: this.meshConstructs,
      certificateSources: this.certificateSources,
    });
    this.node.addValidation({
      validate: () => {
        const checked = this.check();
        // The root certificates are judged against the clock of this synth, never cached.
        const certificates = this._certificateFindings();
        const problems = [...checked.problems, ...certificates.problems];
        const warnings = [...checked.warnings, ...certificates.warnings];
        if (problems.length > 0) {
          // Thrown rather than returned, so that synth fails with the same FederationError (and
          // its problems) as addMesh(), before cdk8s writes any file.
          throw new FederationError(problems);
        }
        warnings.forEach(w => addWarning(this, w));
        return [];
      },
    });
  }

  /** The meshes, sorted by name. */
  public get meshes(): Mesh[] {
    return [...this.meshConstructs.values()].filter(Mesh.isMesh)
      .sort((a, b) => (a.meshName < b.meshName ? -1 : a.meshName > b.meshName ? 1 : 0));
  }

  /** The names of the meshes, sorted. */
  public get meshNames(): string[] {
    return this.meshes.map(m => m.meshName);
  }

  /** The peerings, sorted by their two mesh names. */
  public get peerings(): MeshPeering[] {
    return this.node.children.filter((c): c is MeshPeering => c instanceof MeshPeering)
      .sort((a, b) => (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
  }

  /**
   * Adds a mesh: a Chart named `name` at the root of the app. It peers with the meshes already
   * added as the topology says (and with those added later).
   */
  public addMesh(name: string, options: MeshOptions): Mesh {
    guardValue(`federation ${q(this.node.id)}: addMesh()`, 'name', name, { kind: 'string', required: true, fix: "pass the mesh's name, e.g. 'red-mesh'" });
    const nameProblem = dnsLabelProblem(name);
    if (nameProblem) {
      // Checked before the chart exists: an empty id or a '/' would fail deep inside constructs.
      throw new FederationError([`mesh ${q(name)}: name ${q(name)} ${nameProblem}. Fix: use a name like 'red-mesh'`]);
    }
    const reserved = reservedIdProblem(name);
    if (reserved) throw new FederationError([`mesh ${q(name)}: name ${q(name)} ${reserved}. Fix: use a name like 'red-mesh'`]);
    if (this.findMesh(name)) {
      throw new FederationError([`mesh ${q(name)}: name is already used by another mesh of this federation. Fix: give every mesh a unique name`]);
    }
    const root = this.node.root;
    if (ownChild(root, name)) {
      throw new FederationError([`mesh ${q(name)}: name is already used by another chart or construct at the root of the app (meshes are charts named after the mesh). Fix: rename the mesh or the other chart`]);
    }
    const mesh = new Mesh(root, name, { ...options, federation: this, name });
    this.peerAsTopologySays(mesh);
    return mesh;
  }

  /** The mesh named `name`, if any. */
  public findMesh(name: string): Mesh | undefined {
    const mesh = this.meshConstructs.get(name);
    return Mesh.isMesh(mesh) ? mesh : undefined;
  }

  /**
   * Peers two meshes of this federation: a ServiceMeshPeer on each side, the gateways on each side
   * and each side's copy of the other's root certificate. With `Topology.explicit()` this is the
   * only way peerings are made.
   */
  public addPeering(a: Mesh, b: Mesh): MeshPeering {
    const notMeshes = (['a', 'b'] as const).flatMap((prop, i) => ([a, b][i] instanceof Mesh ? [] : [
      `federation ${q(this.node.id)}: addPeering() ${prop} is ${describeValue([a, b][i])}, not a Mesh. Fix: pass two meshes of this federation, e.g. federation.findMesh('red-mesh')`,
    ]));
    if (notMeshes.length > 0) throw new FederationError(notMeshes);
    const problems: string[] = [];
    for (const mesh of [a, b]) {
      if (this.findMesh(mesh.meshName) !== mesh) {
        problems.push(`mesh ${q(mesh.meshName)}: is not a mesh of this federation, so it cannot be peered here. Fix: create it with federation.addMesh()`);
      }
    }
    if (a === b || a.meshName === b.meshName) {
      problems.push(`mesh ${q(a.meshName)}: cannot peer with itself. Fix: pass two different meshes to addPeering()`);
    }
    const key = MeshPeering._keyOf(a.meshName, b.meshName);
    if (problems.length === 0 && this.node.tryFindChild(key)) {
      problems.push(`mesh ${q(a.meshName)}: already peers with ${q(b.meshName)}${this.topology.kind === TopologyKind.EXPLICIT ? '' : ` (the ${this.topology.kind} topology peered them)`}. Fix: remove this addPeering() call, or use Topology.explicit()`);
    }
    if (problems.length > 0) {
      throw new FederationError(problems);
    }
    return new MeshPeering(this, key, { meshA: a, meshB: b });
  }

  /**
   * Fails a service over between meshes by region: imports with `importAsLocal` and the
   * exporter's locality, exports (unless turned off) and a DestinationRule per consumer.
   */
  public addFailoverImport(id: string, props: FailoverImportProps): FailoverImport {
    return new FailoverImport(this, id, props);
  }

  /**
   * Warnings about the declared sharing (exports of a whole namespace or mesh) and the source
   * ranges, then about root certificates that expire within `certificateExpiryWarning` of now. They are
   * recorded on this construct at synth (`FederationApp` prints them) and do not stop synth; the
   * plan lists the first kind only, since it is written to a file and the second depends on the date.
   */
  public warnings(): string[] {
    return this.withCertificateWarnings(this.check());
  }

  /**
   * What every mesh exports and imports, resolved as the operator will: exported names after
   * aliases, local hostnames after aliases and domain suffixes, and each mesh's root
   * certificates. Throws the same problems synth would if the federation is broken. Its
   * `warnings` leave out the root certificate expiry warnings, which depend on the date (see
   * `warnings()`), so the plan is the same from day to day.
   */
  public plan(): FederationPlan {
    const { problems, warnings } = this.check();
    if (problems.length > 0) throw new FederationError(problems);
    return federationPlan(this._model(), warnings);
  }

  /**
   * What `warnings()` returns, once the checks across the meshes passed (else throws what
   * `plan()` throws), from one run of the checks and without making the plan. @internal
   */
  public _checkedWarnings(): string[] {
    const checked = this.check();
    if (checked.problems.length > 0) throw new FederationError(checked.problems);
    return this.withCertificateWarnings(checked);
  }

  /** The warnings of `checked`, then those about root certificates that expire soon (see `warnings()`). */
  private withCertificateWarnings(checked: FederationFindings): string[] {
    return [...checked.warnings, ...this._certificateFindings().warnings];
  }

  /** The plan as a Markdown report. */
  public planMarkdown(): string {
    return planToMarkdown(this.node.id, this.plan()) + lockFileSection(this);
  }

  /**
   * A Mermaid flowchart of the federation (renders on GitHub and GitLab): each mesh with its
   * platform, locality and namespace, the peerings, exports, imports and failover paths. Throws
   * the same problems synth would if the federation is broken.
   */
  public diagram(): string {
    return federationDiagram(this._model(), this.plan());
  }

  /**
   * What the library could not know, must not write or cannot create, per mesh, with the commands
   * that finish it: the operator that must serve the control plane's version, namespaces that must
   * exist or be members and cannot be listed, DNS records that nothing publishes, node ports to
   * open between clusters, root certificates to read.
   */
  public manualSteps(): ManualStep[] {
    const model = this._model();
    const rotation = this.rootRotation ? rotationManualSteps(model, this.rootRotation) : [];
    return [...federationManualSteps(model), ...rotation];
  }

  /**
   * The report of the whole root rotation this federation renders a step of (`rootRotation`):
   * each step with what changes, the folders to apply, the CA switch by hand with its commands, and
   * the checks to run before the next step (fingerprints of each peer's `<mesh>-ca-root-cert`,
   * ServiceMeshPeers connected, gateways carrying certificates of the next root). Throws the same
   * problems synth would if the federation is broken, or when it renders no rotation.
   */
  public rootRotationReport(): string {
    if (!this.rootRotation) {
      throw new FederationError([`federation ${q(this.node.id)}: rootRotationReport() needs a root rotation, but rootRotation is not set. Fix: pass rootRotation: rotation.stage(1) to the FederatedMesh`]);
    }
    this.plan();
    return rotationMarkdown(this.node.id, this._model(), this.rootRotation.rotation);
  }

  /**
   * The reports `FederationApp` writes beside the cluster folders, by file name: the plan
   * (`<id>-plan.md`), the diagram (`<id>-topology.md`) and the manual steps
   * (`<id>-manual-steps.md`, every mesh).
   * Throws the same problems synth would if the federation is broken.
   */
  public reportFiles(): { [fileName: string]: string } {
    const id = this.node.id;
    const certificates = certificatesSectionMarkdown(this._model(), this.expiryWindow.ms, this.expiryWindow.text);
    return {
      [`${id}-plan.md`]: this.planMarkdown(),
      [`${id}-topology.md`]: diagramMarkdown(id, this.diagram()),
      [`${id}-manual-steps.md`]: manualStepsMarkdown(id, this.meshNames, this.manualSteps()) + certificates + lockFileSection(this),
    };
  }

  /**
   * What the clock says now about the meshes' root certificates: expired ones (problems) and ones
   * that expire within `certificateExpiryWarning` (warnings). @internal
   */
  public _certificateFindings(): { problems: string[]; warnings: string[] } {
    return certificateFindings(this._model(), this.expiryWindow.ms, new Date());
  }

  /**
   * Records that the root certificate of mesh `mesh` (added after this call) was read from
   * `source`, e.g. `rootCertificateFile 'certs/red.pem'`, so that its problems and warnings name it. @internal
   */
  public _setCertificateSource(mesh: string, source: string): void {
    this.certificateSources.set(mesh, source);
  }

  /** The resolved federation: what every layer that reads the federation reads. @internal */
  public _model(): FederationModel {
    return this.declarations.model();
  }

  /** Adds the peerings the topology asks for between `mesh` and the meshes already added. */
  private peerAsTopologySays(mesh: Mesh): void {
    const others = this.meshes.filter(m => m !== mesh);
    switch (this.topology.kind) {
      case TopologyKind.FULL_MESH:
        others.forEach(other => this.addPeering(other, mesh));
        break;
      case TopologyKind.HUB_AND_SPOKE:
        if (mesh.meshName === this.topology.hub) {
          others.forEach(other => this.addPeering(mesh, other));
        } else {
          const hub = this.topology.hub === undefined ? undefined : this.findMesh(this.topology.hub);
          if (hub) this.addPeering(hub, mesh);
        }
        break;
      default:
        break;
    }
  }

  /**
   * With cdk8s's per-resource output, each object goes to `<Kind>.<name>.k8s.yaml` in its chart's
   * folder, whatever its namespace: two objects of one kind and name in different namespaces of one
   * mesh would overwrite each other, silently.
   */
  private fileClashes(mesh: Mesh, constructs: readonly IConstruct[]): string[] {
    const app = this.node.root;
    const perResource = app instanceof App && (app.yamlOutputType === YamlOutputType.FILE_PER_RESOURCE
      || app.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE);
    if (!perResource) return [];
    const problems: string[] = [];
    const seen = new Map<string, ApiObject>();
    for (const child of constructs) {
      if (!(child instanceof ApiObject)) continue;
      const file = resourceFileName(child.kind, child.name);
      const first = seen.get(file);
      if (!first) {
        seen.set(file, child);
      } else if (first.metadata.namespace !== child.metadata.namespace) {
        problems.push(`mesh ${q(mesh.meshName)}: ${child.kind} ${q(child.name)} in namespaces ${q(first.metadata.namespace)} and ${q(child.metadata.namespace)} would both be written to ${file}.k8s.yaml by the app's per-resource YAML output, and one would be lost. Fix: give one of them another name (for a failover, destinationRuleName), or use YamlOutputType.FILE_PER_CHART`);
      }
    }
    return problems;
  }

  /**
   * Every problem that needs more than one mesh, and every warning, in a stable order. What follows
   * from the declarations alone is computed once per model. The merged control plane specs and the
   * output files depend on each mesh's constructs too: they are checked again once the model or the
   * number of constructs in a mesh changed, and at the latest in the next synchronous run. So
   * `YamlOutputType.FILE_PER_CHART`, where cdk8s validates the whole app again for every chart,
   * checks the federation once per synth, not once per chart.
   */
  private check(): FederationFindings {
    const model = this._model();
    // Each mesh's constructs, walked once: the findings below read them, and their numbers tell
    // whether the tree changed since the last findings.
    const meshes = this.meshes;
    const constructsOf = new Map(meshes.map(m => [m.meshName, m.node.findAll()] as const));
    const constructs = meshes.map(m => constructsOf.get(m.meshName)!.length).join(',');
    const last = this.checked;
    if (last?.model === model && last.constructs === constructs) return { problems: [...last.problems], warnings: [...last.warnings] };
    if (this.declared?.model !== model) {
      this.declared = { model, findings: declaredFindings(model) };
    }
    const findings = federationFindings(model, this.declared.findings, resolved => {
      const mesh = this.findMesh(resolved.name);
      const own = mesh && constructsOf.get(mesh.meshName);
      return {
        controlPlane: mesh && own ? mesh._controlPlaneSpec(own).problems : [],
        files: mesh && own ? this.fileClashes(mesh, own) : [],
        prerequisites: mesh && own ? mesh._prerequisiteClashes(own) : [],
      };
    });
    const rotation = this.rootRotation ? rotationProblems(model, this.rootRotation.rotation) : [];
    const checked = { model, constructs, problems: [...findings.problems, ...rotation], warnings: [...findings.warnings] };
    this.checked = checked;
    queueMicrotask(() => {
      if (this.checked === checked) this.checked = undefined;
    });
    return { problems: [...checked.problems], warnings: [...checked.warnings] };
  }
}

/** A Duration's length and text, read once; NaN when its length cannot be read (reported as not a length of time). */
function readWindow(window: Duration): { readonly ms: number; readonly text: string } {
  const attempt = <T>(read: () => T, otherwise: T): T => {
    try {
      return read();
    } catch {
      return otherwise;
    }
  };
  // cdk8s cannot write a negative Duration as text; such a window is refused by its length.
  return { ms: attempt(() => window.toMilliseconds({ integral: false }), NaN), text: attempt(() => window.toHumanString(), '') };
}
