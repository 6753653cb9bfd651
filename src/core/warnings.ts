// Warnings travel as construct metadata (the mechanism behind the CDK's Annotations): a construct
// records each warning once, and whoever prints (the app layer) or tests reads them from the tree.
import { IConstruct } from 'constructs';

/** The metadata type of a warning. */
export const WARNING_METADATA = 'cdk8s-mesh-federation:warning';

/**
 * Set on a construct `addWarning` recorded a warning on: only their metadata is read (each read of
 * a construct's metadata copies it). A global symbol, so that two copies of the library loaded in
 * one app see each other's warnings.
 */
const WARNED = Symbol.for('cdk8s-mesh-federation.warned');

/** Records `message` as a warning of `scope`, once however often it is called. */
export function addWarning(scope: IConstruct, message: string): void {
  if (!scope.node.metadata.some(m => m.type === WARNING_METADATA && m.data === message)) {
    scope.node.addMetadata(WARNING_METADATA, message);
    (scope as unknown as Record<symbol, boolean>)[WARNED] = true;
  }
}

/** The warnings recorded in `scope` and below, in tree order. */
export function warningsOf(scope: IConstruct): string[] {
  const found: string[] = [];
  // Pre-order, as node.findAll() lists the constructs, without making that list.
  const visit = (c: IConstruct): void => {
    if ((c as unknown as Record<symbol, boolean>)[WARNED]) {
      for (const m of c.node.metadata) if (m.type === WARNING_METADATA) found.push(String(m.data));
    }
    for (const child of c.node.children) visit(child);
  };
  visit(scope);
  return found;
}
