// The entries of the migration report of a multi-network mesh rendered from a federation.

/** What kind of federation setting cannot carry over to multi-network Istio. */
export enum MigrationEntryKind {
  /** An export limited to some peers: multi-network makes the service reachable from every cluster. */
  EXPORT_SCOPE = 'export-scope',
  /** An export under an alias: multi-network knows a service only by its own namespace and name. */
  EXPORT_ALIAS = 'export-alias',
  /** An export by label selector: multi-network has no export selection at all. */
  LABEL_EXPORT = 'label-export',
  /** An import under its own hostname (`svc.<peer>-imports.local` or a domain suffix), which does not exist in multi-network. */
  IMPORT_HOSTNAME = 'import-hostname',
  /** An `importAsLocal` import that merges endpoints into a service of another namespace or name. */
  IMPORT_ALIAS = 'import-alias',
  /** ServiceMeshControlPlane settings in `controlPlaneSpec`, which do not translate to the Istio resource. */
  CONTROL_PLANE_SPEC = 'control-plane-spec',
}

/** One federation setting that cannot carry over to multi-network Istio, and what to do instead. */
export interface MigrationEntry {
  /** The federation mesh that declares it. */
  readonly mesh: string;
  /**
   * The peer mesh it concerns.
   * @default - none (mesh-level settings)
   */
  readonly peer?: string;
  /** What kind of setting it is. */
  readonly kind: MigrationEntryKind;
  /** The service or services concerned, as `<namespace>/<name>` (either may be `*`), or the settings. */
  readonly subject: string;
  /** Where it was declared (mesh, export or import, rule). */
  readonly source: string;
  /** What changes in multi-network Istio. */
  readonly problem: string;
  /** What to do. */
  readonly fix: string;
}
