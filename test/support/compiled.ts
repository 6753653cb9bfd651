// The library as JavaScript, for the tests that run it as a process (the command line, the cdk8s
// CLI, the packed package): src/ transpiled file by file, laid out as the package is (lib/ beside
// package.json and schema/, which the command line reads relative to its own folder).
//
// It is made once per content of src/ and kept under node_modules/.cache, so the test files that
// need it, in any Jest worker and in later runs, share one copy instead of compiling the sources
// with ts-node in every process they start (about 2 s of CPU each). Another process removing a
// copy while it is in use is the only hazard: each checkout removes only its own older copies. The sources are type-checked
// by `npm test` before Jest; type declarations play no part in running them.
import { createHash } from 'node:crypto';
import {
  chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';
import { removeEntries, TEST_CACHE } from './cache';

const ROOT = join(__dirname, '..', '..');

/** Every TypeScript source of src/ (relative paths, sorted). */
function sources(): string[] {
  return readdirSync(join(ROOT, 'src'), { recursive: true }).map(String)
    .filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}

/** One source transpiled to CommonJS, as `tsc` would emit it; throws on a syntax error. */
function transpile(file: string, text: string): string {
  const { outputText, diagnostics } = ts.transpileModule(text, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, experimentalDecorators: true, resolveJsonModule: true,
    },
  });
  if (diagnostics && diagnostics.length > 0) {
    throw new Error(`${file}: ${diagnostics.map(d => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('; ')}`);
  }
  return outputText;
}

/**
 * The folder holding lib/ (the compiled sources), package.json and schema/ (links to this
 * checkout's), made if this content of src/ has none yet. `lib/app/cli.js` is the command line.
 * Checkouts that share node_modules (a worktree, a clone linking it) each have their own copies.
 */
export function compiledLibrary(): string {
  const files = sources();
  const texts = files.map(f => readFileSync(join(ROOT, 'src', f), 'utf8'));
  // This file's text is in the key too: a change to how the copy is made makes a new one.
  const hash = createHash('sha256').update(ts.version).update(readFileSync(__filename, 'utf8'));
  files.forEach((f, i) => hash.update(`\u0000${f}\u0000${texts[i]}`));
  const checkout = createHash('sha256').update(realpathSync(ROOT)).digest('hex').slice(0, 12);
  const dir = join(TEST_CACHE, `lib-${checkout}-${hash.digest('hex').slice(0, 16)}`);
  const complete = () => existsSync(join(dir, COMPLETE)) && existsSync(join(dir, 'package.json'));
  if (complete()) return dir;

  mkdirSync(TEST_CACHE, { recursive: true });
  // Made aside and renamed into place: another worker may be making the same folder.
  const work = mkdtempSync(join(TEST_CACHE, '.making-'));
  try {
    chmodSync(work, 0o755);
    files.forEach((f, i) => {
      const out = join(work, 'lib', f.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, transpile(f, texts[i]));
    });
    symlinkSync(join(ROOT, 'package.json'), join(work, 'package.json'));
    symlinkSync(join(ROOT, 'schema'), join(work, 'schema'));
    writeFileSync(join(work, COMPLETE), '');
    // This checkout's older copies are of no more use; a copy whose making was cut short an hour
    // ago never will be.
    removeEntries(TEST_CACHE, `lib-${checkout}-`, 0, dir);
    removeEntries(TEST_CACHE, '.making-', 3_600_000, work);
    renameSync(work, dir);
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    if (complete()) return dir;
    throw e;
  }
  return dir;
}

/** Written last into a copy: without it, the copy is not used. */
const COMPLETE = '.complete';
