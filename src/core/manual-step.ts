/**
 * A step the library cannot do for you: something it could not know, or something that needs
 * credentials or a live cluster. Reported per cluster, with the exact commands to finish it.
 */
export interface ManualStep {
  /** The mesh or cluster whose admin runs the step (its output folder). */
  readonly cluster: string;
  /** One line saying what to do, e.g. `Fill in red-mesh's ingress address for green-mesh`. */
  readonly title: string;
  /** Why the library could not do it. */
  readonly reason: string;
  /** The commands to run, in order, ready to paste into a shell. */
  readonly commands: string[];
  /**
   * Where the result goes, e.g. the prop to set and re-synthesize with.
   * @default - the commands finish the step
   */
  readonly then?: string;
}
