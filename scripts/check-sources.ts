// The static checks `npm test` runs before Jest, from one TypeScript program:
//   - the import rules between the folders of src/ (dependency-cruiser, `npx projen check:imports`),
//     in a process of its own, beside the rest;
//   - the type check of everything tsconfig.typecheck.json includes (what `tsc --noEmit -p
//     tsconfig.typecheck.json` reports);
//   - ESLint over the paths projen's eslint task lints (.projen/tasks.json), with the fixes written,
//     as `npx projen eslint` does, its type-aware rules reading the same program instead of building
//     their own (which took as long again as the type check).
// Prints what each check found and exits 1 when any of them failed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..');

/** dependency-cruiser, started now; resolves to its output and whether it passed. */
function importRules(): Promise<{ ok: boolean; output: string }> {
  return new Promise(done => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), '--config', '.dependency-cruiser.cjs', 'src'], { cwd: ROOT });
    let output = '';
    child.stdout.on('data', d => { output += d; });
    child.stderr.on('data', d => { output += d; });
    child.on('error', e => done({ ok: false, output: `${output}${e.message}\n` }));
    child.on('close', code => done({ ok: code === 0, output }));
  });
}

/** The program of tsconfig.typecheck.json, and its diagnostics as tsc prints them. */
function typeCheck(): { program: ts.Program; output: string; ok: boolean } {
  const host: ts.ParseConfigFileHost = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: d => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  };
  const config = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.typecheck.json'), {}, host)!;
  const program = ts.createProgram({ rootNames: config.fileNames, options: config.options, projectReferences: config.projectReferences });
  const diagnostics = [...config.errors, ...ts.getPreEmitDiagnostics(program)];
  const formatHost: ts.FormatDiagnosticsHost = { getCanonicalFileName: f => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
  // As tsc prints them: with colour and the lines around them on a terminal, one line each elsewhere.
  const output = process.stdout.isTTY ? ts.formatDiagnosticsWithColorAndContext(diagnostics, formatHost) : ts.formatDiagnostics(diagnostics, formatHost);
  return { program, output, ok: diagnostics.length === 0 };
}

/** ESLint (the repository's .eslintrc.json) over `patterns`, fixes written, typed rules on `program`. */
async function lint(patterns: string[], extensions: string[], program: ts.Program): Promise<{ output: string; ok: boolean }> {
  // The .eslintrc.json that projen writes is the legacy configuration format.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LegacyESLint } = require('eslint/use-at-your-own-risk');
  const eslint = new LegacyESLint({
    cwd: ROOT,
    fix: true,
    extensions,
    errorOnUnmatchedPattern: false,
    overrideConfig: { parserOptions: { programs: [program], projectService: false, project: null } },
  });
  const results = await eslint.lintFiles(patterns);
  await LegacyESLint.outputFixes(results);
  const formatter = await eslint.loadFormatter('stylish');
  const output: string = await formatter.format(results);
  const errors = results.reduce((n: number, r: { errorCount: number }) => n + r.errorCount, 0);
  return { output, ok: errors === 0 };
}

/** What `npx projen eslint` lints: the paths after its flags and `$@`, and the extensions of its --ext. */
function lintTask(): { patterns: string[]; extensions: string[] } {
  const tasks = JSON.parse(readFileSync(join(ROOT, '.projen', 'tasks.json'), 'utf8'));
  const args: string[] = tasks.tasks.eslint.steps.find((s: { execArgs?: string[] }) => s.execArgs)?.execArgs ?? [];
  const patterns = args.slice(args.indexOf('$@') + 1);
  const extensions = (args[args.indexOf('--ext') + 1] ?? '').split(',').filter(e => e.startsWith('.'));
  if (!args.includes('$@') || patterns.length === 0 || extensions.length === 0) {
    throw new Error('the eslint task of .projen/tasks.json has no lint paths or no --ext: run `npx projen`');
  }
  return { patterns, extensions };
}

async function main({ patterns, extensions }: { patterns: string[]; extensions: string[] }): Promise<number> {
  const imports = importRules();
  const started = Date.now();
  const types = typeCheck();
  process.stdout.write(types.ok ? `type check: no errors (${Date.now() - started} ms)\n` : types.output);
  const lintStarted = Date.now();
  const lints = await lint(patterns, extensions, types.program);
  process.stdout.write(lints.output || `lint: no problems (${Date.now() - lintStarted} ms)\n`);
  const rules = await imports;
  process.stdout.write(rules.output);
  return types.ok && lints.ok && rules.ok ? 0 : 1;
}

main(lintTask()).then(code => { process.exitCode = code; }, e => {
  process.stderr.write(`check-sources: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exitCode = 2;
});
