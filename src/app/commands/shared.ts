// What the `collect` and `status` commands share: their output, the description they start from and
// the JSON files they read.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App } from 'cdk8s';
import { FederationError } from '../../core/errors';
import { FederatedMesh } from '../../federation/federated-mesh';
import { baseDirOf, buildFederation, loadSpec } from '../description';
import { readRegularFile } from '../read';

/** Where a command writes (the command line's own output, or a test's). */
export interface CommandIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** The largest JSON file a command reads (`oc get ... -o json` of a busy cluster stays well below). */
export const MAX_JSON_BYTES = 64 * 1024 * 1024;

/** A usage problem: exit code 2. */
export class UsageProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageProblem';
  }
}

/** The federation a description builds (with its lock file, if any). */
export function federationOf(file: string): FederatedMesh {
  const loaded = loadSpec(file);
  if (loaded.problems.length > 0) throw new FederationError(loaded.problems);
  return buildFederation(new App({ outdir: join(baseDirOf(file), '.unused') }), loaded.spec, baseDirOf(file), loaded.locator);
}

/** The parsed JSON of `path`; a folder's `*.json` files are merged into one v1 List. */
export function readJson(path: string): unknown {
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    // readRegularFile below says why.
  }
  if (!folder) return parseJsonFile(path);
  const files = readdirSync(path).filter(name => name.endsWith('.json')).sort();
  if (files.length === 0) throw new FederationError([`${path}: the folder holds no .json file. Fix: put the output of the oc commands there, one .json file each`]);
  const items = files.flatMap(name => {
    const json: any = parseJsonFile(join(path, name));
    return json && typeof json === 'object' && json.kind === 'List' && Array.isArray(json.items) ? json.items : [json];
  });
  return { apiVersion: 'v1', kind: 'List', items };
}

function parseJsonFile(path: string): unknown {
  const read = readRegularFile(path, MAX_JSON_BYTES);
  if ('problem' in read) throw new FederationError([`${read.problem}. Fix: pass the file the oc command wrote, e.g. \`oc get ... -o json > ${path}\``]);
  try {
    return JSON.parse(read.text);
  } catch (e) {
    throw new FederationError([`${path}: is not JSON (${(e as Error).message}). Fix: write it with \`-o json\`, not \`-o yaml\` or the table output`]);
  }
}

/** `mesh=path` arguments by mesh, and the options; unknown options are usage problems. */
export function meshArguments(args: string[], flags: string[]): { file: string; paths: Map<string, string>; flags: Set<string> } {
  const paths = new Map<string, string>();
  const seen = new Set<string>();
  let file: string | undefined;
  for (const arg of args) {
    if (arg.startsWith('-')) {
      if (!flags.includes(arg)) throw new UsageProblem(`unknown option ${arg}`);
      seen.add(arg);
    } else if (file === undefined) {
      file = arg;
    } else {
      const eq = arg.indexOf('=');
      if (eq <= 0 || eq === arg.length - 1) throw new UsageProblem(`${JSON.stringify(arg)} is not <mesh>=<file or folder>`);
      const mesh = arg.slice(0, eq);
      if (paths.has(mesh)) throw new UsageProblem(`mesh ${JSON.stringify(mesh)} is given twice`);
      paths.set(mesh, arg.slice(eq + 1));
    }
  }
  if (file === undefined) throw new UsageProblem('no federation description file given');
  return { file, paths, flags: seen };
}

/** Runs `body`, turning its problems into exit codes: FederationError 1, UsageProblem 2. */
export function runCommand(name: string, usage: string, io: CommandIo, body: () => number): number {
  try {
    return body();
  } catch (e) {
    if (e instanceof UsageProblem) {
      io.err(`cdk8s-mesh-federation ${name}: ${e.message}\n\n${usage}`);
      return 2;
    }
    if ((e as any)?.name === 'FederationError' && Array.isArray((e as any).problems)) {
      const problems: string[] = (e as any).problems;
      io.err(`cdk8s-mesh-federation ${name}: ${problems.length} problem(s):\n${problems.map(p => `- ${p}`).join('\n')}`);
      return 1;
    }
    throw e;
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
