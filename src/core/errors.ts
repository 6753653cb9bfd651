/**
 * Not exported from the package (jsii cannot export a subclass of Error): users recognise it by
 * `name === 'FederationError'` and read its `problems`.
 *
 * The error the library throws for input it cannot turn into a working federation.
 * Its message lists every problem found, one per line; each names the mesh, the prop, the bad
 * value and the fix.
 */
export class FederationError extends Error {
  /** Each problem found, in a stable order. */
  public readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.length === 1
      ? problems[0]
      : `${problems.length} problems:\n${problems.map(p => `- ${p}`).join('\n')}`);
    this.name = 'FederationError';
    this.problems = [...problems];
    Object.setPrototypeOf(this, FederationError.prototype);
  }
}
