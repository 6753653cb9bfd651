#!/usr/bin/env node
// cdk8s-mesh-federation: renders a YAML or JSON federation description to the same manifests as
// the TypeScript API. Exit codes: 0 ok, 1 invalid input, 2 usage.
import { statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { collectCommand } from './commands/collect';
import { statusCommand } from './commands/status';
import { baseDirOf, buildFederation, gitOpsOptions, LoadedSpec, loadSpec, locateProblems, SCHEMA_FILE } from './description';
import { FederationApp } from './federation-app';
import { oneLine } from './yaml-source';

const USAGE = `Usage: cdk8s-mesh-federation <command> <federation.yaml> [options]

Commands:
  synth <file> [-o, --output <dir>]  check the description and write one folder per cluster (default dist/),
                                     with the plan, topology diagram and manual steps beside them; the
                                     output folder is replaced whole, and refused if it holds other files
  validate <file>                    check the description only
  plan <file>                        print the service sharing plan (Markdown)
  diagram <file>                     print the topology diagram (Mermaid)

Options:
  -o, --output <dir>  output folder of synth (default: dist)
  --no-reports        synth without the plan, diagram and manual-steps reports
  --force             let synth replace an output folder holding files this tool did not write
                      (they are deleted)
  --debug             print the stack of an internal error (a bug to report)
  -h, --help          print this help

The description's JSON Schema: ${SCHEMA_FILE}
Exit codes: 0 ok, 1 invalid input, 2 usage or internal error.`;

/** Where bugs are reported. */
const ISSUES = 'https://github.com/cdk8s-mesh-federation/cdk8s-mesh-federation/issues';

/** Where the command line writes (a test passes its own). */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: CliIo = {
  out: t => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: t => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

/** A command to run, as read from the command line. */
export interface Invocation {
  readonly command: 'synth' | 'validate' | 'plan' | 'diagram';
  readonly file: string;
  /** synth's output folder, as given. */
  readonly output?: string;
  readonly reports: boolean;
  /** synth may replace an output folder holding files it did not write. */
  readonly force: boolean;
}

/** What the arguments ask for: the help, a command, or nothing valid (a usage problem). */
export type ParsedArguments = { readonly help: true } | { readonly problem: string } | { readonly invocation: Invocation };

const COMMANDS: ReadonlyArray<Invocation['command']> = ['synth', 'validate', 'plan', 'diagram'];

/** Runs the command line with `argv` (without `node` and the script) and returns the exit code. */
export function main(argv: string[], io: CliIo = processIo): number {
  const debug = argv.includes('--debug');
  if (argv[0] === 'status' || argv[0] === 'collect') {
    try {
      return (argv[0] === 'status' ? statusCommand : collectCommand)(argv.slice(1).filter(arg => arg !== '--debug'), io);
    } catch (e) {
      return internalError(e, debug, io);
    }
  }
  const parsed = parseArguments(argv.filter(arg => arg !== '--debug'));
  if ('help' in parsed) {
    io.out(USAGE);
    return 0;
  }
  if ('problem' in parsed) return usage(io, parsed.problem);
  try {
    return run(parsed.invocation, io);
  } catch (e) {
    return internalError(e, debug, io);
  }
}

/** An error no check foresaw: reported as a bug, with where to report it; the stack only with --debug. */
function internalError(e: unknown, debug: boolean, io: CliIo): number {
  const error = e instanceof Error ? e : new Error(String(e));
  io.err(`cdk8s-mesh-federation: internal error: ${error.name}: ${readable(error.message.length > 500 ? `${error.message.slice(0, 497)}...` : error.message)}\n`
    + `This is a bug in cdk8s-mesh-federation, not in your description. Please report it at ${ISSUES}, with the command and the description`
    + `${debug ? `.\n${error.stack ?? ''}` : ' (run again with --debug to print the stack).'}`);
  return 2;
}

/** Reads the arguments, in order: the first problem met is the one reported. */
export function parseArguments(argv: string[]): ParsedArguments {
  const positional: string[] = [];
  let output: string | undefined;
  let reports = true;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      return { help: true };
    } else if (arg === '-o' || arg === '--output') {
      if (i + 1 >= argv.length) return { problem: `${arg} needs a folder` };
      output = argv[++i];
      if (output === '') return { problem: `${arg} needs a folder, not an empty argument` };
    } else if (arg.startsWith('--output=')) {
      output = arg.slice('--output='.length);
      if (output === '') return { problem: '--output= needs a folder, not an empty argument' };
    } else if (arg === '--no-reports') {
      reports = false;
    } else if (arg === '--force') {
      force = true;
    } else if (arg.startsWith('-')) {
      return { problem: `unknown option ${arg}` };
    } else {
      positional.push(arg);
    }
  }
  const [command, file, ...extra] = positional;
  if (!command) return { problem: 'no command given' };
  if (!isCommand(command)) return { problem: `unknown command ${JSON.stringify(command)}` };
  if (!file) return { problem: `${command} needs a federation description file` };
  if (extra.length > 0) return { problem: `unexpected arguments: ${extra.join(' ')}` };
  if (command !== 'synth' && (output !== undefined || !reports || force)) {
    return { problem: `${command} writes no files: -o, --no-reports and --force go with synth` };
  }
  return { invocation: { command, file, output, reports, force } };
}

function isCommand(command: string): command is Invocation['command'] {
  return (COMMANDS as string[]).includes(command);
}

/** Loads the description, builds it and runs the command; invalid input exits with 1, an unusable output folder with 2. */
function run(invocation: Invocation, io: CliIo): number {
  const { command, file, reports, force } = invocation;
  const outdir = resolve(invocation.output ?? 'dist');
  if (command === 'synth') {
    const problem = outputProblem(invocation.output ?? 'dist', outdir);
    if (problem) return usage(io, problem, false);
  }
  const loaded = loadSpec(file);
  if (loaded.problems.length > 0) {
    io.err(problemsText(file, loaded.problems));
    return 1;
  }
  const inside = relative(outdir, resolve(file));
  if (command === 'synth' && !inside.startsWith('..') && !isAbsolute(inside)) {
    io.err(`${file}: the output folder ${outdir} holds the description itself, and synth replaces that folder whole. Fix: set -o to a folder of its own, e.g. dist`);
    return 1;
  }
  try {
    const app = new FederationApp({ outdir, reports, force, gitOps: gitOpsOptions(loaded.spec), printWarnings: false, printSummary: false });
    const federation = buildFederation(app, loaded.spec, baseDirOf(file), loaded.locator);
    switch (command) {
      case 'validate':
        federation.plan();
        io.out(`${file}: valid (${federation.meshes.length} meshes, ${federation.peerings.length} peerings)`);
        for (const w of federation.warnings()) io.err(`Warning: ${readable(w)}`);
        return 0;
      case 'plan':
        io.out(federation.planMarkdown());
        return 0;
      case 'diagram':
        io.out(federation.diagram());
        return 0;
      default:
        return synth(app, outdir, io);
    }
  } catch (e: any) {
    return invalidInput(file, e, io, loaded);
  }
}

/** Why `outdir` (as given: `output`) cannot be synth's output folder: a file is there, or above it. */
export function outputProblem(output: string, outdir: string): string | undefined {
  for (let path = outdir; ; path = dirname(path)) {
    try {
      if (statSync(path).isDirectory()) return undefined;
      return path === outdir
        ? `-o ${output}: ${outdir} is a file, not a folder. Fix: set -o to a folder (it is created if missing), e.g. -o dist`
        : `-o ${output}: ${outdir} is under ${path}, which is a file, not a folder. Fix: set -o to a folder that is not under a file, e.g. -o dist`;
    } catch (e: any) {
      if (e?.code !== 'ENOENT' && e?.code !== 'ENOTDIR') return `-o ${output}: cannot use ${path} (${e?.code ?? e?.message}). Fix: set -o to a folder you may write, e.g. -o dist`;
    }
    if (dirname(path) === path) return undefined;
  }
}

/** Replaces the output folder with the folders and reports, then prints the warnings and the summary. */
function synth(app: FederationApp, outdir: string, io: CliIo): number {
  try {
    app.synth();
  } catch (e: any) {
    const code = e?.code;
    if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code) || e?.name === 'FederationError') throw e;
    // The file system refused a write: nothing wrong with the description, the folder is not usable.
    return usage(io, `cannot write the output folder ${outdir} (${code}: ${oneLine(String(e.message)).slice(0, 200)}). Fix: set -o to a folder you may write, e.g. -o dist`, false);
  }
  for (const w of app.warnings()) io.err(`Warning: ${readable(w)}`);
  io.out(app.summary());
  return 0;
}

/** Reports the problems of a description (exit code 1), where the description has them; rethrows anything else. */
function invalidInput(file: string, e: any, io: CliIo, loaded: LoadedSpec): number {
  if (e?.name === 'FederationError' && Array.isArray(e.problems)) {
    io.err(problemsText(file, loaded.locator ? locateProblems(e.problems, loaded.spec, loaded.locator) : e.problems));
    return 1;
  }
  throw e;
}

/** The problems, one line each, each once, any value too long to read cut. */
function problemsText(file: string, problems: string[]): string {
  const lines = [...new Set(problems.map(p => readable(String(p))))];
  return `${file}: ${lines.length} problem(s):\n${lines.map(p => `- ${p}`).join('\n')}`;
}

/** Longer than any word or value a reader takes in: cut, with its length. */
const LONG_RUN = /[^\s,]{300,}/g;

/** `text` on one line, with every run of 300 or more characters without a space cut to 256. */
function readable(text: string): string {
  return oneLine(text).replace(LONG_RUN, long => `${long.slice(0, 236)}... (${long.length} characters)`);
}

/** A usage or environment problem (exit code 2), with the usage when it is about the arguments. */
function usage(io: CliIo, problem: string, withUsage = true): number {
  io.err(`cdk8s-mesh-federation: ${problem}${withUsage ? `\n\n${USAGE}` : ''}`);
  return 2;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
