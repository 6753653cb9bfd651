// The rules an export is made of: by name, or by label with ordered aliases.

/**
 * A new namespace and/or name for a service. A field left out (or `'*'`) keeps the service's own.
 */
export interface ServiceNameAlias {
  /**
   * The namespace the service is known under.
   * @default - the service's own namespace
   */
  readonly namespace?: string;
  /**
   * The name the service is known under.
   * @default - the service's own name
   */
  readonly name?: string;
}

/** Exports services chosen by namespace and name. */
export interface ExportByNameOptions {
  /** Namespace of the services, or `'*'` for any namespace (whole field only, no partial wildcards). */
  readonly namespace: string;
  /** Name of the service, or `'*'` for every service of the namespace. */
  readonly name: string;
  /**
   * Export the service under another namespace and/or name.
   * @default - its own namespace and name
   */
  readonly alias?: ServiceNameAlias;
}

/** Label selector operators. Values match Kubernetes. */
export enum LabelSelectorOperator {
  IN = 'In',
  NOT_IN = 'NotIn',
  EXISTS = 'Exists',
  DOES_NOT_EXIST = 'DoesNotExist',
}

/** One requirement of a label selector. */
export interface LabelSelectorRequirement {
  /** The label key. */
  readonly key: string;
  /** How the label is compared. */
  readonly operator: LabelSelectorOperator;
  /**
   * Values for `In` and `NotIn`; none for `Exists` and `DoesNotExist`.
   * @default - none
   */
  readonly values?: string[];
}

/** An alias inside a label rule: services the selector picked that also match `namespace`/`name` are exported under `alias`. */
export interface LabelRuleAlias {
  /** Namespace to match, or `'*'`. */
  readonly namespace: string;
  /** Name to match, or `'*'`. */
  readonly name: string;
  /** The namespace and/or name to export the matching services under. */
  readonly alias: ServiceNameAlias;
}

/** Exports services chosen by label. */
export interface ExportByLabelOptions {
  /** Namespace of the services, or `'*'` for any namespace. */
  readonly namespace: string;
  /**
   * Labels the services must carry.
   * @default - none (then `matchExpressions` must be given)
   */
  readonly matchLabels?: { [key: string]: string };
  /**
   * Label requirements the services must meet.
   * @default - none (then `matchLabels` must be given)
   */
  readonly matchExpressions?: LabelSelectorRequirement[];
  /**
   * Ordered aliases; a matched service is exported under the first one that matches it, else under
   * its own name.
   * @default - every service under its own name
   */
  readonly aliases?: LabelRuleAlias[];
}

