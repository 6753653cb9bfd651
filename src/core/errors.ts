/**
 * Not exported from the package (jsii cannot export a subclass of Error): users recognise it by
 * `name === 'FederationError'` and read its `problems`.
 *
 * The error the library throws for input it cannot turn into a working federation.
 * Its message lists every problem found, one per line; each names the mesh, the prop, the bad
 * value and the fix.
 *
 * `problems` and `name` are not enumerable, so Node.js (util.inspect, an uncaught error, a log call)
 * prints each problem once, in the message, rather than again as a `problems: [...]` property.
 */
export class FederationError extends Error {
  /** Each problem found, in a stable order. */
  declare public readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.length === 1
      ? problems[0]
      : `${problems.length} problems:\n${problems.map(p => `- ${p}`).join('\n')}`);
    Object.defineProperty(this, 'name', { value: 'FederationError', enumerable: false, writable: true, configurable: true });
    Object.defineProperty(this, 'problems', { value: Object.freeze([...problems]), enumerable: false, writable: false, configurable: true });
    Object.setPrototypeOf(this, FederationError.prototype);
  }
}
