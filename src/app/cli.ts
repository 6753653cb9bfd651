#!/usr/bin/env node
// cdk8s-mesh-federation: renders a YAML or JSON federation description to the same manifests as
// the TypeScript API. Exit codes: 0 ok, 1 invalid input, 2 usage.
import { relative, resolve } from 'node:path';
import { baseDirOf, buildFederation, gitOpsOptions, loadSpec, SCHEMA_FILE } from './description';
import { FederationApp } from './federation-app';

const USAGE = `Usage: cdk8s-mesh-federation <command> <federation.yaml> [options]

Commands:
  synth <file> [-o, --output <dir>]  check the description and write one folder per cluster (default dist/),
                                     with the plan, topology diagram and manual steps beside them
  validate <file>                    check the description only
  plan <file>                        print the service sharing plan (Markdown)
  diagram <file>                     print the topology diagram (Mermaid)

Options:
  -o, --output <dir>  output folder of synth (default: dist)
  --no-reports        synth without the plan, diagram and manual-steps reports
  -h, --help          print this help

The description's JSON Schema: ${SCHEMA_FILE}
Exit codes: 0 ok, 1 invalid input, 2 usage.`;

/** Where the command line writes (a test passes its own). */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const processIo: CliIo = {
  out: t => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: t => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
};

/** Runs the command line with `argv` (without `node` and the script) and returns the exit code. */
export function main(argv: string[], io: CliIo = processIo): number {
  const positional: string[] = [];
  let output: string | undefined;
  let reports = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') {
      io.out(USAGE);
      return 0;
    } else if (arg === '-o' || arg === '--output') {
      if (i + 1 >= argv.length) return usage(io, `${arg} needs a folder`);
      output = argv[++i];
    } else if (arg.startsWith('--output=')) {
      output = arg.slice('--output='.length);
    } else if (arg === '--no-reports') {
      reports = false;
    } else if (arg.startsWith('-')) {
      return usage(io, `unknown option ${arg}`);
    } else {
      positional.push(arg);
    }
  }
  const [command, file, ...extra] = positional;
  if (!command) return usage(io, 'no command given');
  if (!['synth', 'validate', 'plan', 'diagram'].includes(command)) return usage(io, `unknown command ${JSON.stringify(command)}`);
  if (!file) return usage(io, `${command} needs a federation description file`);
  if (extra.length > 0) return usage(io, `unexpected arguments: ${extra.join(' ')}`);
  if (command !== 'synth' && (output !== undefined || !reports)) return usage(io, `${command} writes no files: -o and --no-reports go with synth`);

  const loaded = loadSpec(file);
  if (loaded.problems.length > 0) {
    io.err(`${file}: ${loaded.problems.length} problem(s):\n${loaded.problems.map(p => `- ${p}`).join('\n')}`);
    return 1;
  }
  const outdir = resolve(output ?? 'dist');
  try {
    const app = new FederationApp({ outdir, reports, gitOps: gitOpsOptions(loaded.spec), printWarnings: false });
    const federation = buildFederation(app, loaded.spec, baseDirOf(file));
    switch (command) {
      case 'validate':
        federation.plan();
        io.out(`${file}: valid (${federation.meshes.length} meshes, ${federation.peerings.length} peerings)`);
        for (const w of federation.warnings()) io.err(`Warning: ${w}`);
        return 0;
      case 'plan':
        io.out(federation.planMarkdown());
        return 0;
      case 'diagram':
        io.out(federation.diagram());
        return 0;
      default: {
        app.synth();
        for (const w of app.warnings()) io.err(`Warning: ${w}`);
        const folders = Object.keys(app.clusterFiles()).sort().map(f => `${relative(process.cwd(), outdir) || '.'}/${f}/`);
        io.out(`Wrote ${folders.join(', ')}${reports ? ' and the reports beside them' : ''}.`);
        return 0;
      }
    }
  } catch (e: any) {
    if (e?.name === 'FederationError' && Array.isArray(e.problems)) {
      io.err(`${file}: ${e.problems.length} problem(s):\n${e.problems.map((p: string) => `- ${p}`).join('\n')}`);
      return 1;
    }
    if (e?.code === 'ENOENT' || e?.code === 'EISDIR' || e?.code === 'EACCES') {
      io.err(`${file}: cannot read ${e.path ?? 'a file it names'} (${e.code}). Fix: rootCertificateFile is read relative to the description's folder`);
      return 1;
    }
    throw e;
  }
}

function usage(io: CliIo, problem: string): number {
  io.err(`cdk8s-mesh-federation: ${problem}\n\n${USAGE}`);
  return 2;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
