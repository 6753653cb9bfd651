import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiObject, App, YamlOutputType } from 'cdk8s';
import { Construct } from 'constructs';
import { FailoverImport, FailoverImportProps } from './failover-import';
import { Mesh } from './mesh';
import { MeshPeering } from './mesh-peering';
import { ExportedServicePlan, FederationPlan, ImportedServicePlan, MeshPlan, planToMarkdown } from './plan';
import { diagramMarkdown, federationDiagram, federationManualSteps } from './reports';
import { exportedHostname } from './resolution';
import { Topology, TopologyKind } from './topology';
import { FederationError } from '../core/errors';
import { IFederation } from '../core/federation-ref';
import { GatewayNaming } from '../core/gateway-naming';
import { ManualStep } from '../core/manual-step';
import { manualStepsMarkdown } from '../core/manual-steps-report';
import { MeshOptions } from '../core/mesh-options';
import { dnsLabelProblem } from '../core/names';
import { byName, q, resourceFileName } from '../core/output';
import { addWarning } from '../core/warnings';

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

  private readonly meshesByName = new Map<string, Mesh>();
  private readonly peeringsByKey = new Map<string, MeshPeering>();
  private revision = 0;
  private checked?: { revision: number; result: { problems: string[]; warnings: string[] } };

  constructor(scope: Construct, id: string, props: FederatedMeshProps = {}) {
    super(scope, id);
    this.topology = props.topology ?? Topology.fullMesh();
    this.gatewayNaming = props.gatewayNaming ?? GatewayNaming.docs();
    this.version = props.version;
    this.node.addValidation({
      validate: () => {
        const { problems, warnings } = this.check();
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
    return [...this.meshesByName.values()].sort((a, b) => byName(a.meshName, b.meshName));
  }

  /** The names of the meshes, sorted. */
  public get meshNames(): string[] {
    return this.meshes.map(m => m.meshName);
  }

  /** The peerings, sorted by their two mesh names. */
  public get peerings(): MeshPeering[] {
    return [...this.peeringsByKey.entries()].sort((a, b) => byName(a[0], b[0])).map(e => e[1]);
  }

  /**
   * Adds a mesh: a Chart named `name` at the root of the app. It peers with the meshes already
   * added as the topology says (and with those added later).
   */
  public addMesh(name: string, options: MeshOptions): Mesh {
    const nameProblem = dnsLabelProblem(name);
    if (nameProblem) {
      // Checked before the chart exists: an empty id or a '/' would fail deep inside constructs.
      throw new FederationError([`mesh ${q(name)}: name ${q(name)} ${nameProblem}. Fix: use a name like 'red-mesh'`]);
    }
    if (this.meshesByName.has(name)) {
      throw new FederationError([`mesh ${q(name)}: name is already used by another mesh of this federation. Fix: give every mesh a unique name`]);
    }
    const root = this.node.root;
    if (root.node.tryFindChild(name)) {
      throw new FederationError([`mesh ${q(name)}: name is already used by another chart or construct at the root of the app (meshes are charts named after the mesh). Fix: rename the mesh or the other chart`]);
    }
    return new Mesh(root, name, { ...options, federation: this, name });
  }

  /** The mesh named `name`, if any. */
  public findMesh(name: string): Mesh | undefined {
    return this.meshesByName.get(name);
  }

  /**
   * Peers two meshes of this federation: a ServiceMeshPeer on each side, the gateways on each side
   * and each side's copy of the other's root certificate. With `Topology.explicit()` this is the
   * only way peerings are made.
   */
  public addPeering(a: Mesh, b: Mesh): MeshPeering {
    const problems: string[] = [];
    for (const mesh of [a, b]) {
      if (this.meshesByName.get(mesh.meshName) !== mesh) {
        problems.push(`mesh ${q(mesh.meshName)}: is not a mesh of this federation, so it cannot be peered here. Fix: create it with federation.addMesh()`);
      }
    }
    if (a === b || a.meshName === b.meshName) {
      problems.push(`mesh ${q(a.meshName)}: cannot peer with itself. Fix: pass two different meshes to addPeering()`);
    }
    const key = MeshPeering._keyOf(a.meshName, b.meshName);
    if (problems.length === 0 && this.peeringsByKey.has(key)) {
      problems.push(`mesh ${q(a.meshName)}: already peers with ${q(b.meshName)}${this.topology.kind === TopologyKind.EXPLICIT ? '' : ` (the ${this.topology.kind} topology peered them)`}. Fix: remove this addPeering() call, or use Topology.explicit()`);
    }
    if (problems.length > 0) {
      throw new FederationError(problems);
    }
    this._touch();
    const peering = new MeshPeering(this, key, { meshA: a, meshB: b });
    this.peeringsByKey.set(key, peering);
    return peering;
  }

  /**
   * Fails a service over between meshes by region: imports with `importAsLocal` and the
   * exporter's locality, exports (unless turned off) and a DestinationRule per consumer.
   */
  public addFailoverImport(id: string, props: FailoverImportProps): FailoverImport {
    return new FailoverImport(this, id, props);
  }

  /**
   * Warnings about the declared sharing (exports of a whole namespace or mesh). They are printed
   * at synth and listed in the plan; they do not stop synth.
   */
  public warnings(): string[] {
    return this.check().warnings;
  }

  /**
   * What every mesh exports and imports, resolved as the operator will: exported names after
   * aliases, local hostnames after aliases and domain suffixes. Throws the same problems synth
   * would if the federation is broken.
   */
  public plan(): FederationPlan {
    const { problems, warnings } = this.check();
    if (problems.length > 0) throw new FederationError(problems);
    const meshes: MeshPlan[] = this.meshes.map(mesh => {
      const exports: ExportedServicePlan[] = mesh._sharingPeers.exportsTo.flatMap(peer =>
        mesh._exportOutputsTo(peer).map(out => ({
          peer,
          exportedName: exportedHostname(out.exported, peer),
          localService: out.local,
          rule: out.ruleIndex,
          resolvedAtRunTime: out.exported.name === '*' || out.exported.namespace === '*' || out.local.startsWith('services labelled'),
        })));
      const imports: ImportedServicePlan[] = mesh._resolvedImports().flatMap(r => r.matches.map(match => ({
        peer: r.peer,
        exportedName: match.exportedName,
        localHostname: match.localHostname,
        importAsLocal: r.rule.importAsLocal,
        rule: r.ruleIndex,
        resolvedAtRunTime: match.resolvedAtRunTime,
      })));
      return { mesh: mesh.meshName, exports, imports };
    });
    return { meshes, warnings };
  }

  /** The plan as a Markdown report. */
  public planMarkdown(): string {
    return planToMarkdown(this.node.id, this.plan());
  }

  /**
   * Writes the plan report to `<outdir>/<federation id>-plan.md` (beside the mesh folders) and
   * returns its path. Nothing is written when the federation has problems.
   */
  public writePlan(outdir: string): string {
    const markdown = this.planMarkdown();
    mkdirSync(outdir, { recursive: true });
    const file = join(outdir, `${this.node.id}-plan.md`);
    writeFileSync(file, markdown);
    return file;
  }

  /**
   * A Mermaid flowchart of the federation (renders on GitHub and GitLab): each mesh with its
   * platform, locality and namespace, the peerings, exports, imports and failover paths. Throws
   * the same problems synth would if the federation is broken.
   */
  public diagram(): string {
    return federationDiagram(this, this.node.children.filter((c): c is FailoverImport => c instanceof FailoverImport));
  }

  /**
   * What the library could not know or must not write, per mesh, with the commands that finish
   * it: DNS records that nothing publishes, node ports to open between clusters, root
   * certificates to read. Empty when everything was known.
   */
  public manualSteps(): ManualStep[] {
    return federationManualSteps(this);
  }

  /**
   * Writes the reports beside the mesh folders and returns their paths: `<id>-plan.md` (the
   * plan), `<id>-topology.md` (the diagram) and `<id>-manual-steps.md` (every mesh, with
   * "nothing to do by hand" where everything was known). Nothing is written when the federation
   * has problems.
   */
  public writeReports(outdir: string): string[] {
    const files: Array<[string, string]> = [
      [`${this.node.id}-topology.md`, diagramMarkdown(this.node.id, this.diagram())],
      [`${this.node.id}-manual-steps.md`, manualStepsMarkdown(this.node.id, this.meshes.map(m => m.meshName), this.manualSteps())],
    ];
    const plan = this.writePlan(outdir);
    return [plan, ...files.map(([name, content]) => {
      const file = join(outdir, name);
      writeFileSync(file, content);
      return file;
    })];
  }

  /**
   * The reports `FederationApp` writes beside the cluster folders, by file name: the plan
   * (`<id>-plan.md`), the diagram (`<id>-topology.md`) and the manual steps
   * (`<id>-manual-steps.md`, every mesh, with "nothing to do by hand" where everything was known).
   * Throws the same problems synth would if the federation is broken.
   */
  public reportFiles(): { [fileName: string]: string } {
    const id = this.node.id;
    return {
      [`${id}-plan.md`]: this.planMarkdown(),
      [`${id}-topology.md`]: diagramMarkdown(id, this.diagram()),
      [`${id}-manual-steps.md`]: manualStepsMarkdown(id, this.meshNames, this.manualSteps()),
    };
  }

  /** Called by each Mesh as it is created. @internal */
  public _register(mesh: Mesh): void {
    this._touch();
    this.meshesByName.set(mesh.meshName, mesh);
    const others = this.meshes.filter(m => m !== mesh);
    switch (this.topology.kind) {
      case TopologyKind.FULL_MESH:
        others.forEach(other => this.addPeering(other, mesh));
        break;
      case TopologyKind.HUB_AND_SPOKE:
        if (mesh.meshName === this.topology.hub) {
          others.forEach(other => this.addPeering(mesh, other));
        } else {
          const hub = this.topology.hub === undefined ? undefined : this.meshesByName.get(this.topology.hub);
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
  private fileClashes(mesh: Mesh): string[] {
    const app = this.node.root;
    const perResource = app instanceof App && (app.yamlOutputType === YamlOutputType.FILE_PER_RESOURCE
      || app.yamlOutputType === YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE);
    if (!perResource) return [];
    const problems: string[] = [];
    const seen = new Map<string, ApiObject>();
    for (const child of mesh.node.findAll()) {
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
   * Records that the federation changed (a mesh, peering, export, import or rule was added), so the
   * next check runs again.
   * @internal
   */
  public _touch(): void {
    this.revision++;
  }

  /**
   * Every problem that needs more than one mesh, and every warning, in a stable order. Cached until
   * the federation changes: cdk8s validates the whole app once per chart in some output modes.
   */
  private check(): { problems: string[]; warnings: string[] } {
    if (this.checked?.revision !== this.revision) {
      this.checked = { revision: this.revision, result: this.runChecks() };
    }
    return this.checked.result;
  }

  private runChecks(): { problems: string[]; warnings: string[] } {
    const problems: string[] = [];
    const warnings: string[] = [];
    const meshes = this.meshes;
    if (this.topology.kind === TopologyKind.HUB_AND_SPOKE && !this.meshesByName.has(this.topology.hub!)) {
      const names = meshes.map(m => q(m.meshName)).join(', ') || 'none';
      problems.push(`federation ${q(this.node.id)}: Topology.hubAndSpoke(${q(this.topology.hub)}) names a hub that is not a mesh of this federation (meshes: ${names}). Fix: pass the name of one of the meshes`);
    }
    const firstBy = new Map<string, Mesh>();
    for (const mesh of meshes) {
      const trust = `trust:${mesh.trustDomain}`;
      const other = firstBy.get(trust);
      if (other) {
        problems.push(`mesh ${q(mesh.meshName)}: trustDomain ${q(mesh.trustDomain)} is also the trust domain of mesh ${q(other.meshName)}; trust domains must be unique in a federation (the operator keeps trust bundles per trust domain, so the two would overwrite each other). Fix: set trustDomain to e.g. '${mesh.meshName}.local'`);
      } else {
        firstBy.set(trust, mesh);
      }
      const ns = `ns:${mesh.clusterName ?? ''}:${mesh.controlPlaneNamespace}`;
      const sameNs = firstBy.get(ns);
      if (sameNs) {
        problems.push(`mesh ${q(mesh.meshName)}: namespace ${q(mesh.controlPlaneNamespace)} is also the namespace of mesh ${q(sameNs.meshName)}${mesh.clusterName ? ` on the same cluster ${q(mesh.clusterName)}` : ' and neither declares a clusterName'}. Fix: give each mesh its own namespace, or set clusterName on meshes that run in different clusters`);
      } else {
        firstBy.set(ns, mesh);
      }
    }
    for (const mesh of meshes) {
      problems.push(...mesh._peerProblems());
      problems.push(...this.fileClashes(mesh));
      const sharing = mesh._sharingProblems();
      problems.push(...sharing.problems);
      warnings.push(...sharing.warnings);
    }
    return { problems, warnings };
  }
}
