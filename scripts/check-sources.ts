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
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as ts from 'typescript';

const ROOT = resolve(__dirname, '..');

/** dependency-cruiser, started now; resolves to its output and whether it passed. */
function importRules(): Promise<{ ok: boolean; output: string }> {
  const bin = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
  if (!existsSync(bin)) return Promise.resolve({ ok: false, output: `import rules: ${bin} is missing. Fix: npm ci\n` });
  return new Promise(done => {
    const child = spawn(process.execPath, [bin, '--config', '.dependency-cruiser.cjs', 'src'], { cwd: ROOT });
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

/** One file's ESLint result, as far as this script reads it. */
interface LintResult {
  readonly filePath: string;
  readonly errorCount: number;
  readonly fixableErrorCount: number;
  readonly fixableWarningCount: number;
}

/**
 * ESLint (the repository's .eslintrc.json) over `patterns`, its type-aware rules reading `program`.
 * Files with problems ESLint can fix are linted again with the fixes written, as `npx projen
 * eslint` does: that pass parses each file itself (`program` holds the text before the fixes, and
 * ESLint fixes in several passes over the changed text), so it runs only when there is a fix to make.
 */
async function lint(patterns: string[], extensions: string[], program: ts.Program): Promise<{ output: string; ok: boolean }> {
  // The .eslintrc.json that projen writes is the legacy configuration format.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { LegacyESLint } = require('eslint/use-at-your-own-risk');
  const options = { cwd: ROOT, extensions, errorOnUnmatchedPattern: false };
  const checker = new LegacyESLint({ ...options, overrideConfig: { parserOptions: { programs: [program], projectService: false, project: null } } });
  let results: LintResult[] = await checker.lintFiles(patterns);
  const fixable = results.filter(r => r.fixableErrorCount + r.fixableWarningCount > 0).map(r => r.filePath);
  if (fixable.length > 0) {
    const fixer = new LegacyESLint({ ...options, fix: true });
    const fixed: LintResult[] = await fixer.lintFiles(fixable);
    await LegacyESLint.outputFixes(fixed);
    const byFile = new Map(fixed.map(r => [r.filePath, r]));
    results = results.map(r => byFile.get(r.filePath) ?? r);
  }
  const formatter = await checker.loadFormatter('stylish');
  const output: string = await formatter.format(results);
  const fixes = fixable.length > 0 ? `lint: fixes written to ${fixable.length} file${fixable.length > 1 ? 's' : ''}\n` : '';
  return { output: fixes + output, ok: results.every(r => r.errorCount === 0) };
}

/** The flags of the eslint task this script applies; any other is refused rather than ignored. */
const KNOWN_FLAGS = new Set(['--ext', '--fix', '--no-error-on-unmatched-pattern']);

/** What `npx projen eslint` lints: the paths after its flags and `$@`, and the extensions of its --ext. */
function lintTask(): { patterns: string[]; extensions: string[] } {
  const file = join(ROOT, '.projen', 'tasks.json');
  const fix = `Fix: run \`npx projen\`, or update ${__filename} to apply the eslint task as it now is`;
  const tasks = JSON.parse(readFileSync(file, 'utf8'));
  const step = tasks?.tasks?.eslint?.steps?.find((s: { execArgs?: unknown }) => Array.isArray(s.execArgs));
  const args: string[] = step?.execArgs ?? [];
  const end = args.indexOf('$@');
  const patterns = args.slice(end + 1);
  const flags = args.slice(1, end);
  const extensions = (flags[flags.indexOf('--ext') + 1] ?? '').split(',').filter(e => e.startsWith('.'));
  if (args[0] !== 'eslint' || end < 0 || patterns.length === 0 || extensions.length === 0) {
    throw new Error(`${file}: the eslint task has no step 'eslint --ext <extensions> ... $@ <paths>'. ${fix}`);
  }
  const unknown = flags.filter((f, i) => f.startsWith('-') && !KNOWN_FLAGS.has(f) && flags[i - 1] !== '--ext');
  if (unknown.length > 0) throw new Error(`${file}: the eslint task has flags this script does not apply: ${unknown.join(' ')}. ${fix}`);
  return { patterns, extensions };
}

async function main(): Promise<number> {
  const task = lintTask();
  const imports = importRules();
  const started = Date.now();
  const types = typeCheck();
  process.stdout.write(types.ok ? `type check: no errors (${Date.now() - started} ms)\n` : types.output);
  const lintStarted = Date.now();
  const lints = await lint(task.patterns, task.extensions, types.program);
  process.stdout.write(lints.output || `lint: no problems (${Date.now() - lintStarted} ms)\n`);
  const rules = await imports;
  process.stdout.write(rules.output);
  return types.ok && lints.ok && rules.ok ? 0 : 1;
}

main().then(code => { process.exitCode = code; }, e => {
  // A problem of the setup (tasks.json, a missing tool): its message, the stack with DEBUG set.
  process.stderr.write(`check-sources: ${e instanceof Error ? (process.env.DEBUG ? e.stack : e.message) : String(e)}\n`);
  process.exitCode = 2;
});
