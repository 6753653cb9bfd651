#!/usr/bin/env node
// cdk8s-mesh-federation: renders a YAML or JSON federation description to the same manifests as
// the TypeScript API. Exit codes: 0 ok, 1 invalid input, 2 usage.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { outputProblem } from './commands/shared';
import { baseDirOf, buildFederation, gitOpsOptions, loadSpec, SCHEMA_PATH } from './description';
import { describeProblems } from './description-problems';
import { diffFolders, diffText } from './diff';
import { FederationApp } from './federation-app';
import { writeStarter } from './init';
import { planOutput, validateOutput } from './json-output';
import { oneLine } from './yaml-source';
import { FederatedMesh } from '../federation/federated-mesh';

/** A command of the command line: one entry of COMMANDS. */
interface Command {
  /** Its line in the help: the arguments, then what it does. */
  readonly help: string;
  /** Whether it needs a description file (init's file is optional). */
  readonly file: 'required' | 'optional';
  /** The options it takes, besides --help and --debug. */
  readonly options: ReadonlyArray<Option>;
  readonly run: (invocation: Invocation, io: CliIo) => number;
}

/** The options a command may take. */
type Option = 'output' | 'reports' | 'force' | 'json';

/** Every command, in the order the help lists them: a new command is one more entry. */
const COMMANDS: Readonly<Record<string, Command>> = {
  init: { help: 'init [file]                  write a commented starter description (default federation.yaml)', file: 'optional', options: [], run: init },
  validate: { help: 'validate <file> [--json]     check the description only', file: 'required', options: ['json'], run: (i, io) => withFederation(i, io, validate) },
  plan: { help: 'plan <file> [--json]         print the service sharing plan (Markdown, or JSON)', file: 'required', options: ['json'], run: (i, io) => withFederation(i, io, plan) },
  diagram: { help: 'diagram <file>               print the topology diagram (Mermaid)', file: 'required', options: [], run: (i, io) => withFederation(i, io, diagram) },
  synth: {
    help: 'synth <file> [-o <dir>]      check the description and write one folder per cluster (default dist/),\n'
      + '                               with the plan, topology diagram and manual steps beside them; the\n'
      + '                               output folder is replaced whole, and refused if it holds other files',
    file: 'required',
    options: ['output', 'reports', 'force'],
    run: synthCommand,
  },
  diff: {
    help: 'diff <file> [-o <dir>]       what synth would add, change and remove in each cluster folder of <dir>\n'
      + '                               (default dist/): a summary and a unified diff; exit 0 same, 1 differences',
    file: 'required',
    options: ['output', 'reports'],
    run: diffCommand,
  },
};

/**
 * The commands with arguments of their own: those that read what live clusters report
 * (<mesh>=<file or folder>...), and rotate (--next <mesh>=<file>...).
 */
const OWN_ARGUMENT_COMMANDS: Readonly<Record<string, (args: string[], io: CliIo) => number>> = {
  // Each loaded when it runs: validate, plan and synth never need them.
  /* eslint-disable @typescript-eslint/no-require-imports */
  status: (args, io) => (require('./commands/status') as typeof import('./commands/status')).statusCommand(args, io),
  collect: (args, io) => (require('./commands/collect') as typeof import('./commands/collect')).collectCommand(args, io),
  rotate: (args, io) => (require('./commands/rotate') as typeof import('./commands/rotate')).rotateCommand(args, io),
  /* eslint-enable @typescript-eslint/no-require-imports */
};
const LIVE_COMMANDS_HELP = [
  'status <file> <mesh>=<file|dir>... [--json]  compare what each cluster reports (oc get ... -o json) with the plan',
  '  collect <file> <mesh>=<dir>...             write federation.lock.yaml from the clusters\' addresses and certificates',
  '  rotate <file> --next <mesh>=<pem>... [--step <phase>:<mesh>,...]... [-o <dir>]',
  '                               write every step of a root certificate rotation (1-trust-next/, 2-switch/,',
  '                               3-drop-previous/) and the report of its manual CA switches and checks',
].join('\n');

export { outputProblem };

const USAGE = `Usage: cdk8s-mesh-federation <command> <federation.yaml> [options]

Commands:
${Object.values(COMMANDS).map(c => `  ${c.help}`).join('\n')}
  ${LIVE_COMMANDS_HELP}

Options:
  -o, --output <dir>  output folder of synth and diff (default: dist)
  --no-reports        synth (or diff) without the plan, diagram and manual-steps reports
  --force             let synth replace an output folder holding files this tool did not write
                      (they are deleted)
  --json              validate and plan: print JSON for scripts and CI (schema/validate-output.schema.json,
                      schema/plan-output.schema.json in the package)
  --debug             print the stack of an internal error (a bug to report)
  --version           print the version
  -h, --help          print this help

The description's JSON Schema: ${SCHEMA_PATH}
Exit codes: 0 ok, 1 invalid input (diff: differences), 2 usage or internal error.`;

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
  /** One of the commands (a key of the command table). */
  readonly command: string;
  /** The description (init: the file to write). */
  readonly file: string;
  /** synth's (or diff's) output folder, as given. */
  readonly output?: string;
  readonly reports: boolean;
  /** synth may replace an output folder holding files it did not write. */
  readonly force: boolean;
  /** validate and plan print JSON. */
  readonly json: boolean;
}

/** What the arguments ask for: the help, the version, a command, or nothing valid (a usage problem). */
export type ParsedArguments =
  | { readonly help: true } | { readonly version: true } | { readonly problem: string } | { readonly invocation: Invocation };

/** Runs the command line with `argv` (without `node` and the script) and returns the exit code. */
export function main(argv: string[], io: CliIo = processIo): number {
  const debug = argv.includes('--debug');
  const live = Object.prototype.hasOwnProperty.call(OWN_ARGUMENT_COMMANDS, argv[0]) ? OWN_ARGUMENT_COMMANDS[argv[0]] : undefined;
  if (live) {
    try {
      return live(argv.slice(1).filter(arg => arg !== '--debug'), io);
    } catch (e) {
      return internalError(e, debug, io);
    }
  }
  const parsed = parseArguments(argv.filter(arg => arg !== '--debug'));
  if ('help' in parsed) {
    io.out(USAGE);
    return 0;
  }
  if ('version' in parsed) {
    io.out(packageVersion());
    return 0;
  }
  if ('problem' in parsed) return usage(io, parsed.problem);
  try {
    return COMMANDS[parsed.invocation.command].run(parsed.invocation, io);
  } catch (e) {
    return internalError(e, debug, io);
  }
}

/** The package's version, read from its package.json at run time (beside lib/ and src/). */
export function packageVersion(): string {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version;
}

/** An error no check foresaw: reported as a bug, with where to report it; the stack only with --debug. */
function internalError(e: unknown, debug: boolean, io: CliIo): number {
  const error = e instanceof Error ? e : new Error(String(e));
  io.err(`cdk8s-mesh-federation: internal error: ${error.name}: ${readable(error.message.length > 500 ? `${error.message.slice(0, 497)}...` : error.message)}\n`
    + `This is a bug in cdk8s-mesh-federation, not in your description. Please report it at ${ISSUES}, with the command and the description`
    + `${debug ? `.\n${error.stack ?? ''}` : ' (run again with --debug to print the stack).'}`);
  return 2;
}

/** The options as read; `flags` lists the ones given, by name. */
interface Options {
  output?: string;
  reports: boolean;
  force: boolean;
  json: boolean;
  readonly flags: string[];
}

/** Reads the arguments, in order: the first problem met is the one reported. */
export function parseArguments(argv: string[]): ParsedArguments {
  const positional: string[] = [];
  const options: Options = { reports: true, force: false, json: false, flags: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') return { help: true };
    if (arg === '--version') return { version: true };
    if (arg === '-o' || arg === '--output') {
      if (i + 1 >= argv.length) return { problem: `${arg} needs a folder` };
      options.output = argv[++i];
      if (options.output === '') return { problem: `${arg} needs a folder, not an empty argument` };
      options.flags.push('output');
    } else if (arg.startsWith('--output=')) {
      options.output = arg.slice('--output='.length);
      if (options.output === '') return { problem: '--output= needs a folder, not an empty argument' };
      options.flags.push('output');
    } else if (arg === '--no-reports' || arg === '--force' || arg === '--json') {
      if (arg === '--no-reports') options.reports = false;
      if (arg === '--force') options.force = true;
      if (arg === '--json') options.json = true;
      options.flags.push(arg === '--no-reports' ? 'reports' : arg.slice(2));
    } else if (arg.startsWith('-')) {
      return { problem: `unknown option ${arg}` };
    } else {
      positional.push(arg);
    }
  }
  return invocationOf(positional, options);
}

const FLAG_NAMES: Record<Option, string> = { output: '-o', reports: '--no-reports', force: '--force', json: '--json' };

function invocationOf(positional: string[], options: Options): ParsedArguments {
  const [command, given, ...extra] = positional;
  if (!command) return { problem: 'no command given' };
  const spec = Object.prototype.hasOwnProperty.call(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!spec) return { problem: `unknown command ${JSON.stringify(command)}` };
  const file = given ?? (spec.file === 'optional' ? 'federation.yaml' : undefined);
  if (!file) return { problem: `${command} needs a federation description file` };
  if (extra.length > 0) return { problem: `unexpected arguments: ${extra.join(' ')}` };
  const foreign = (options.flags as Option[]).find(f => !spec.options.includes(f));
  if (foreign) {
    const takers = Object.entries(COMMANDS).filter(([, c]) => c.options.includes(foreign)).map(([name]) => name);
    return { problem: `${command} does not take ${FLAG_NAMES[foreign]}: it goes with ${takers.join(' and ')}` };
  }
  const { output, reports, force, json } = options;
  return { invocation: { command, file, output, reports, force, json } };
}

/** A description loaded and built, for a command to read. */
interface Built {
  readonly invocation: Invocation;
  readonly io: CliIo;
  readonly app: FederationApp;
  readonly federation: FederatedMesh;
  readonly outdir: string;
}

/**
 * Loads the description, builds it and runs `command` on it; the problems of the description
 * exit with 1 (with --json, as JSON on stdout).
 */
function withFederation(invocation: Invocation, io: CliIo, command: (built: Built) => number, outdir = resolve(invocation.output ?? 'dist'), checked?: () => number | undefined): number {
  const file = invocation.file;
  const loaded = loadSpec(file);
  if (loaded.problems.length > 0) return reportProblems(invocation, loaded.problems, io);
  // A check of a valid description, before anything it names is read.
  const refused = checked?.();
  if (refused !== undefined) return refused;
  try {
    const app = new FederationApp({
      outdir, reports: invocation.reports, force: invocation.force, gitOps: gitOpsOptions(loaded.spec), printWarnings: false, printSummary: false,
    });
    const federation = buildFederation(app, loaded.spec, baseDirOf(file), loaded.locator);
    return command({ invocation, io, app, federation, outdir });
  } catch (e: any) {
    if (e?.name === 'FederationError' && Array.isArray(e.problems)) {
      return reportProblems(invocation, loaded.locator ? describeProblems(e.problems, loaded.spec, loaded.locator) : e.problems, io);
    }
    throw e;
  }
}

/**
 * validate: the library's checks across the meshes too (those plan() runs, without making the plan); the warnings (the lock file's, then the
 * federation's, root certificate expiry included) go to stderr (with --json, into the JSON).
 */
function validate({ invocation, io, app, federation }: Built): number {
  const checked = federation._checkedWarnings();
  const warnings = [...new Set([...app.warnings(), ...checked])];
  if (invocation.json) {
    const counts = { meshes: federation.meshes.length, peerings: federation.peerings.length };
    io.out(JSON.stringify(validateOutput(invocation.file, counts, [], warnings), undefined, 2));
    return 0;
  }
  io.out(`${invocation.file}: valid (${federation.meshes.length} meshes, ${federation.peerings.length} peerings)`);
  for (const w of warnings) io.err(`Warning: ${readable(w)}`);
  return 0;
}

/** plan: the plan on stdout, the same from day to day; the root certificate expiry warnings, which depend on the date, on stderr. */
function plan({ invocation, io, federation }: Built): number {
  io.out(invocation.json ? JSON.stringify(planOutput(invocation.file, federation.plan()), undefined, 2) : federation.planMarkdown());
  for (const w of federation._certificateFindings().warnings) io.err(`Warning: ${readable(w)}`);
  return 0;
}

function diagram({ io, federation }: Built): number {
  io.out(federation.diagram());
  return 0;
}

/** synth: checks the output folder first, then replaces it with the folders and reports. */
function synthCommand(invocation: Invocation, io: CliIo): number {
  const outdir = resolve(invocation.output ?? 'dist');
  const problem = outputProblem(invocation.output ?? 'dist', outdir);
  if (problem) return usage(io, problem, false);
  const inside = relative(outdir, resolve(invocation.file));
  return withFederation(invocation, io, ({ app }) => synth(app, outdir, io), outdir, () => {
    if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
    io.err(`${invocation.file}: the output folder ${outdir} holds the description itself, and synth replaces that folder whole. Fix: set -o to a folder of its own, e.g. dist`);
    return 1;
  });
}

/** diff: synthesizes into a temporary folder and compares it with the output folder. */
function diffCommand(invocation: Invocation, io: CliIo): number {
  const existing = resolve(invocation.output ?? 'dist');
  const problem = outputProblem(invocation.output ?? 'dist', existing);
  if (problem) return usage(io, problem, false);
  const scratch = mkdtempSync(join(tmpdir(), 'cdk8s-mesh-federation-diff-'));
  try {
    return withFederation(invocation, io, ({ app }) => {
      app.synth();
      const result = diffFolders(existing, join(scratch, 'out'));
      if ('problem' in result) return usage(io, result.problem, false);
      io.out(diffText(invocation.output ?? 'dist', result));
      return result.changes.length > 0 ? 1 : 0;
    }, join(scratch, 'out'));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function init(invocation: Invocation, io: CliIo): number {
  const result = writeStarter(invocation.file);
  if ('problem' in result) {
    io.err(`cdk8s-mesh-federation init: ${result.problem}`);
    return 1;
  }
  io.out(`Wrote ${result.written}: two meshes, one export and its import. Next: edit it, then\n`
    + `  npx cdk8s-mesh-federation validate ${result.written}\n  npx cdk8s-mesh-federation synth ${result.written} -o dist`);
  return 0;
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

/** The problems of a description (exit code 1): one line each, each once; with --json, the JSON of validate. */
function reportProblems(invocation: Invocation, problems: string[], io: CliIo): number {
  const lines = [...new Set(problems.map(p => readable(String(p))))];
  if (invocation.json) {
    io.out(JSON.stringify(validateOutput(invocation.file, undefined, lines, []), undefined, 2));
  } else {
    io.err(`${invocation.file}: ${lines.length} problem(s):\n${lines.map(p => `- ${p}`).join('\n')}`);
  }
  return 1;
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
