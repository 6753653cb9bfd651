// The JSON that `validate --json` and `plan --json` print for scripts and CI. Each shape has a
// JSON Schema of its own, shipped in the package: schema/validate-output.schema.json and
// schema/plan-output.schema.json. Adding a field is compatible; renaming or removing one is not.
import { FederationPlan } from '../federation/plan';

/** One problem of a description, where it is. */
export interface ProblemOutput {
  /** The file the problem is in. */
  readonly file: string;
  /** Line and column (from 1), when the problem has a place in the file. */
  readonly line?: number;
  readonly column?: number;
  /** The field the problem is about, as the description writes it (e.g. meshes[1].platform.type), when the message starts with it. */
  readonly path?: string;
  /** The problem and its fix, without the place. */
  readonly message: string;
}

/** What `validate --json` prints (and any command with --json, for an invalid description). */
export interface ValidateOutput {
  readonly version: 1;
  readonly file: string;
  readonly valid: boolean;
  /** How many meshes and peerings the description declares (when it is valid). */
  readonly meshes?: number;
  readonly peerings?: number;
  readonly problems: ProblemOutput[];
  readonly warnings: string[];
}

/** The output of validate --json: `counts` when valid, else the problems (each `file:line:col: message`). */
export function validateOutput(
  file: string, counts: { meshes: number; peerings: number } | undefined, problems: string[], warnings: string[],
): ValidateOutput {
  return {
    version: 1,
    file,
    valid: problems.length === 0,
    ...counts,
    problems: problems.map(p => problemOutput(file, p)),
    warnings,
  };
}

/** Splits `file:line:col: message` (the form every located problem has) into its parts. */
function problemOutput(file: string, problem: string): ProblemOutput {
  if (problem.startsWith(`${file}:`)) {
    const rest = problem.slice(file.length + 1);
    const located = /^(\d+):(\d+): (.*)$/s.exec(rest);
    if (located) return { file, line: Number(located[1]), column: Number(located[2]), ...pathOf(located[3]), message: located[3] };
    if (rest.startsWith(' ')) return { file, message: rest.slice(1) };
  }
  return { file, message: problem };
}

/** The description's top-level fields: a message that starts with one of them starts with a field path. */
const FIELD_PATH = /^((?:name|topology|gatewayNaming|version|certificateExpiryWarning|meshes|peerings|failover|gitOps)(?:\[\d+\]|\.[A-Za-z0-9]+)*)[ :]/;

function pathOf(message: string): { path?: string } {
  const path = FIELD_PATH.exec(message)?.[1];
  return path ? { path } : {};
}

/** What `plan --json` prints: the plan of every mesh, as FederatedMesh.plan() returns it. */
export interface PlanOutput extends FederationPlan {
  readonly version: 1;
  readonly file: string;
}

export function planOutput(file: string, plan: FederationPlan): PlanOutput {
  return { version: 1, file, peerings: plan.peerings, meshes: plan.meshes, warnings: plan.warnings };
}
