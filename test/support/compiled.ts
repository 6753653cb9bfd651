// The library as JavaScript, for the tests that run it as a process (the command line, the cdk8s
// CLI, the packed package): src/ transpiled file by file, laid out as the package is (lib/ beside
// package.json and schema/, which the command line reads relative to its own folder).
//
// It is made once per content of src/ and kept under node_modules/.cache, so the test files that
// need it, in any Jest worker and in later runs, share one copy instead of compiling the sources
// with ts-node in every process they start (about 2 s of CPU each). The sources are type-checked
// by `npm test` before Jest; type declarations play no part in running them.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..', '..');
const CACHE = join(ROOT, 'node_modules', '.cache', 'cdk8s-mesh-federation-tests');

/** Every TypeScript source of src/ (relative paths, sorted). */
function sources(): string[] {
  return readdirSync(join(ROOT, 'src'), { recursive: true }).map(String)
    .filter(f => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort();
}

/** One source transpiled to CommonJS, as `tsc` would emit it; throws on a syntax error. */
export function transpile(file: string, text: string): string {
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
 * The folder holding lib/ (the compiled sources), package.json and schema/ (links to the
 * repository's), made if this content of src/ has none yet. `lib/app/cli.js` is the command line.
 */
export function compiledLibrary(): string {
  const files = sources();
  const texts = files.map(f => readFileSync(join(ROOT, 'src', f), 'utf8'));
  const hash = createHash('sha256').update(ts.version);
  files.forEach((f, i) => hash.update(`\u0000${f}\u0000${texts[i]}`));
  const dir = join(CACHE, `lib-${hash.digest('hex').slice(0, 16)}`);
  if (existsSync(join(dir, 'lib', 'index.js'))) return dir;

  mkdirSync(CACHE, { recursive: true });
  // Made aside and renamed into place: another worker may be making the same folder.
  const work = mkdtempSync(join(CACHE, '.making-'));
  try {
    files.forEach((f, i) => {
      const out = join(work, 'lib', f.replace(/\.ts$/, '.js'));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, transpile(f, texts[i]));
    });
    symlinkSync(join(ROOT, 'package.json'), join(work, 'package.json'));
    symlinkSync(join(ROOT, 'schema'), join(work, 'schema'));
    // Other contents of src/ are of no more use: keep the cache to one copy.
    for (const old of readdirSync(CACHE).filter(e => e.startsWith('lib-') && join(CACHE, e) !== dir)) {
      rmSync(join(CACHE, old), { recursive: true, force: true });
    }
    renameSync(work, dir);
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    if (existsSync(join(dir, 'lib', 'index.js'))) return dir;
    throw e;
  }
  return dir;
}
