// The store the constructs of one federation write their declarations to, and the memoized
// resolution of what it holds.
import { DeclaredExport, DeclaredFailover, DeclaredImport, DeclaredMember, DeclaredMesh } from './declarations';
import { FederationModel, resolveFederation } from './resolve';
import { ExportRuleSpec, ImportRuleSpec } from '../resolution';

/**
 * The declarations of one federation, in declaration order, and their resolution. The only
 * mutable state of a federation: every write drops the memoized result of `resolve`.
 */
export class FederationDeclarations {
  private readonly meshes: DeclaredMesh[] = [];
  private readonly peerings: Array<[string, string]> = [];
  private readonly exports: DeclaredExport[] = [];
  private readonly imports: DeclaredImport[] = [];
  private readonly failovers: DeclaredFailover[] = [];
  private readonly members: DeclaredMember[] = [];
  private resolved?: FederationModel;

  constructor(private readonly name: string, private readonly hubAndSpoke: boolean, private readonly hub: string | undefined) {}

  public addMesh(mesh: DeclaredMesh): void {
    this.write(() => this.meshes.push(mesh));
  }

  public addPeering(a: string, b: string): void {
    this.write(() => this.peerings.push(a < b ? [a, b] : [b, a]));
  }

  public addExport(declared: DeclaredExport): void {
    this.write(() => this.exports.push(declared));
  }

  public addExportRule(declared: DeclaredExport, rule: ExportRuleSpec): void {
    this.write(() => declared.rules.push(rule));
  }

  public addImport(declared: DeclaredImport): void {
    this.write(() => this.imports.push(declared));
  }

  public addImportRule(declared: DeclaredImport, rule: ImportRuleSpec): void {
    this.write(() => declared.rules.push(rule));
  }

  public addFailover(declared: DeclaredFailover): void {
    this.write(() => this.failovers.push(declared));
  }

  public addMember(declared: DeclaredMember): void {
    this.write(() => this.members.push(declared));
  }

  /** The resolved federation, computed once per set of declarations. */
  public model(): FederationModel {
    this.resolved ??= resolveFederation({
      name: this.name,
      hubAndSpoke: this.hubAndSpoke,
      hub: this.hub,
      meshes: this.meshes,
      peerings: this.peerings,
      exports: this.exports,
      imports: this.imports,
      failovers: this.failovers,
      members: this.members,
    });
    return this.resolved;
  }

  private write(change: () => void): void {
    change();
    this.resolved = undefined;
  }
}
