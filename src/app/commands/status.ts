// `cdk8s-mesh-federation status`: compares what each cluster reports with the plan.
import { CommandIo, federationOf, meshArguments, readJson, runCommand, UsageProblem } from './shared';
import { FederationStatus } from '../status';
import { STATUS_COMMAND } from '../status-input';

/** The command's help. */
export const STATUS_USAGE = `Usage: cdk8s-mesh-federation status <federation.yaml> <mesh>=<file or folder>... [--json]

Compares what each mesh's cluster reports with the plan: per peering connected or not, to which
address, since when; per export and import the services expected against those reported; each gap
with its most likely cause and fix.
  <mesh>=<file>    what \`${STATUS_COMMAND}\` prints in the mesh's cluster
  <mesh>=<folder>  the same, split into .json files
  --json           print the result as JSON instead of Markdown
Exit codes: 0 everything the plan promised is reported, 1 gaps or invalid input, 2 usage.`;

/** Runs `status` with `args` (after the command name) and returns the exit code. */
export function statusCommand(args: string[], io: CommandIo): number {
  if (args.includes('-h') || args.includes('--help')) {
    io.out(STATUS_USAGE);
    return 0;
  }
  return runCommand('status', STATUS_USAGE, io, () => {
    const { file, paths, flags } = meshArguments(args, ['--json']);
    if (paths.size === 0) throw new UsageProblem('no <mesh>=<file> given: pass the status of each mesh\'s cluster');
    const federation = federationOf(file);
    const inputs = [...paths].map(([mesh, path]) => ({ mesh, objects: readJson(path), source: path }));
    const result = FederationStatus.compare(federation, inputs);
    io.out(flags.has('--json') ? JSON.stringify(result, undefined, 2) : FederationStatus.toMarkdown(result));
    return result.ok ? 0 : 1;
  });
}
