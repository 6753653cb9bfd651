// Warnings travel as construct metadata (the mechanism behind the CDK's Annotations): a construct
// records each warning once, and whoever prints (the app layer) or tests reads them from the tree.
import { IConstruct } from 'constructs';

/** The metadata type of a warning. */
export const WARNING_METADATA = 'cdk8s-mesh-federation:warning';

/** Records `message` as a warning of `scope`, once however often it is called. */
export function addWarning(scope: IConstruct, message: string): void {
  if (!scope.node.metadata.some(m => m.type === WARNING_METADATA && m.data === message)) {
    scope.node.addMetadata(WARNING_METADATA, message);
  }
}

/** The warnings recorded in `scope` and below, in tree order. */
export function warningsOf(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap(c => c.node.metadata.filter(m => m.type === WARNING_METADATA).map(m => String(m.data)));
}
