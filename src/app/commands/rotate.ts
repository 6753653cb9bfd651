// `cdk8s-mesh-federation rotate`: writes every step of a root certificate rotation, one numbered
// folder per step, and the report with the manual CA switches and the checks between steps.
import { isAbsolute, relative, resolve } from 'node:path';
import { CommandIo, outputProblem, runCommand, UsageProblem } from './shared';
import { FederationError } from '../../core/errors';
import { RootRotation, RootRotationPhase, RootRotationStep } from '../../federation/root-rotation';
import { baseDirOf, buildFederation, gitOpsOptions, loadSpec } from '../description';
import { describeProblems } from '../description-problems';
import { readRegularFile } from '../read';
import { RootRotationApp } from '../root-rotation-app';

/** The command's help. */
export const ROTATE_USAGE = `Usage: cdk8s-mesh-federation rotate <federation.yaml> --next <mesh>=<pem file>... [--step <phase>:<mesh>,...]... [-o <dir>] [--force] [--no-reports]

Writes every step of a root certificate rotation into <dir> (default dist/): one folder per step
(1-trust-next/, 2-switch/, 3-drop-previous/), each the whole output of a synth for that step, and
<federation>-root-rotation.md with the steps, the manual CA switches and the checks between steps.
  --next <mesh>=<file>  the next root certificate (PEM) of a mesh to rotate; its current root is the
                        mesh's rootCertificate. Once per rotating mesh
  --step <phases>       one step, in order: its phases as <phase>:<mesh>, separated by commas, where
                        <phase> is trust-next, switch or drop-previous. Default: three steps, every
                        rotating mesh in lockstep
  -o, --output <dir>    the output folder, replaced whole (refused if it holds other files)
  --force               replace an output folder holding files this tool did not write
  --no-reports          leave out each step's plan, diagram and manual-steps reports
Exit codes: 0 written, 1 invalid input, 2 usage.`;

/** The largest next root file read (a ConfigMap holds at most 1 MiB). */
const MAX_CERTIFICATE_BYTES = 1024 * 1024;

/** What the arguments ask for. */
interface RotateArguments {
  readonly file: string;
  readonly next: Map<string, string>;
  readonly steps: RootRotationStep[];
  readonly output: string;
  readonly force: boolean;
  readonly reports: boolean;
}

/** Runs `rotate` with `args` (after the command name) and returns the exit code. */
export function rotateCommand(args: string[], io: CommandIo): number {
  if (args.includes('-h') || args.includes('--help')) {
    io.out(ROTATE_USAGE);
    return 0;
  }
  return runCommand('rotate', ROTATE_USAGE, io, () => {
    const parsed = rotateArguments(args);
    const outdir = resolve(parsed.output);
    const problem = outputProblem(parsed.output, outdir);
    if (problem) throw new UsageProblem(problem);
    const inside = relative(outdir, resolve(parsed.file));
    if (!inside.startsWith('..') && !isAbsolute(inside)) {
      throw new FederationError([`${parsed.file}: the output folder ${outdir} holds the description itself, and rotate replaces that folder whole. Fix: set -o to a folder of its own, e.g. dist`]);
    }
    const loaded = loadSpec(parsed.file);
    if (loaded.problems.length > 0) throw new FederationError(loaded.problems);
    const rotation = rotationOf(parsed);
    const app = new RootRotationApp({
      rotation,
      builder: { buildStep: (scope, stage) => buildFederation(scope, loaded.spec, baseDirOf(parsed.file), loaded.locator, stage) },
      outdir,
      force: parsed.force,
      reports: parsed.reports,
      gitOps: gitOpsOptions(loaded.spec),
      printWarnings: false,
      printSummary: false,
    });
    try {
      app.synth();
      for (const warning of app.stepApp(rotation.stage(1)).warnings()) io.err(`Warning: ${warning}`);
    } catch (e: any) {
      if (e?.name === 'FederationError' && Array.isArray(e.problems) && loaded.locator) {
        throw new FederationError(describeProblems(e.problems, loaded.spec, loaded.locator));
      }
      throw e;
    }
    io.out(app.summary());
    return 0;
  });
}

/** Reads the arguments; a malformed one is a usage problem (exit code 2). */
function rotateArguments(args: string[]): RotateArguments {
  const next = new Map<string, string>();
  const steps: RootRotationStep[] = [];
  const positional: string[] = [];
  let output = 'dist';
  let force = false;
  let reports = true;
  const value = (i: number, flag: string) => {
    if (i + 1 >= args.length || args[i + 1] === '') throw new UsageProblem(`${flag} needs a value`);
    return args[i + 1];
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--next') {
      const given = value(i++, arg);
      const eq = given.indexOf('=');
      if (eq <= 0 || eq === given.length - 1) throw new UsageProblem(`--next ${JSON.stringify(given)} is not <mesh>=<pem file>. Fix: write e.g. --next red-mesh=red-mesh-next-root.pem`);
      const mesh = given.slice(0, eq);
      if (next.has(mesh)) throw new UsageProblem(`--next names mesh ${JSON.stringify(mesh)} twice. Fix: give each rotating mesh one next root`);
      next.set(mesh, given.slice(eq + 1));
    } else if (arg === '--step') {
      steps.push(stepOf(value(i++, arg)));
    } else if (arg === '-o' || arg === '--output') {
      output = value(i++, arg);
    } else if (arg === '--force') {
      force = true;
    } else if (arg === '--no-reports') {
      reports = false;
    } else if (arg.startsWith('-')) {
      throw new UsageProblem(`unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  if (positional.length === 0) throw new UsageProblem('no federation description file given');
  if (positional.length > 1) throw new UsageProblem(`unexpected arguments: ${positional.slice(1).join(' ')}`);
  if (next.size === 0) throw new UsageProblem('no --next <mesh>=<pem file> given, so no mesh rotates. Fix: add --next <mesh>=<pem file> for each mesh to rotate, e.g. --next red-mesh=red-mesh-next-root.pem');
  return { file: positional[0], next, steps, output, force, reports };
}

const PHASES: Record<string, (mesh: string) => RootRotationPhase> = {
  'trust-next': RootRotationPhase.trustNext,
  'switch': RootRotationPhase.switchRoot,
  'drop-previous': RootRotationPhase.dropPrevious,
};

/** The rotation the arguments describe: the next roots read from their files, the steps as given. */
function rotationOf(parsed: RotateArguments): RootRotation {
  const nextRootCertificates: Record<string, string> = {};
  const problems: string[] = [];
  for (const [mesh, path] of parsed.next) {
    const read = readRegularFile(path, MAX_CERTIFICATE_BYTES);
    if ('problem' in read) problems.push(`--next ${mesh}=${path}: ${read.problem}. Fix: point it at the PEM file of the mesh's next root certificate`);
    else nextRootCertificates[mesh] = read.text;
  }
  if (problems.length > 0) throw new FederationError(problems);
  const steps = parsed.steps.length > 0 ? parsed.steps : undefined;
  try {
    return new RootRotation({ nextRootCertificates, steps });
  } catch (e: any) {
    if (e?.name !== 'FederationError') throw e;
    // The next roots are named by the argument that gave them.
    throw new FederationError((e.problems as string[]).map(p => [...parsed.next].reduce(
      (text, [mesh, path]) => text.split(`(nextRootCertificates['${mesh}'])`).join(`(--next ${mesh}=${path})`), p)));
  }
}

/** One `--step` value as a step; a malformed one is a usage problem. */
function stepOf(value: string): RootRotationStep {
  const phases = value.split(',').map(entry => {
    const colon = entry.indexOf(':');
    const phase = PHASES[entry.slice(0, colon)];
    if (colon <= 0 || !Object.prototype.hasOwnProperty.call(PHASES, entry.slice(0, colon)) || colon === entry.length - 1) {
      throw new UsageProblem(`--step ${JSON.stringify(value)}: ${JSON.stringify(entry)} is not <phase>:<mesh> with <phase> one of trust-next, switch, drop-previous. `
        + 'Fix: write e.g. --step trust-next:red-mesh,trust-next:green-mesh');
    }
    return phase(entry.slice(colon + 1));
  });
  return RootRotationStep.of(phases);
}
