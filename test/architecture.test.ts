import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { constants, Script } from 'node:vm';
import type { cruise, ICruiseResult, IViolation } from 'dependency-cruiser' with { 'resolution-mode': 'import' };
import type extractTsConfig from 'dependency-cruiser/config-utl/extract-ts-config' with { 'resolution-mode': 'import' };
import { configuration } from '../projenrc/architecture-rules';

// The import rules between the folders of src/ (projenrc/architecture-rules.ts, the same rules
// `npx projen check:imports` applies), run in process through dependency-cruiser's API.

const ROOT = join(__dirname, '..');
const TIMEOUT_MS = 60_000;

/**
 * dependency-cruiser ships ES modules only. Jest runs these tests as CommonJS in its own module
 * registry, whose `import()` needs node --experimental-vm-modules; this hands the import to Node's
 * own loader instead, so dependency-cruiser runs as it does from the command line.
 */
const importModule = new Script('(specifier) => import(specifier)', {
  filename: __filename,
  importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
}).runInThisContext() as (specifier: string) => Promise<unknown>;

/** Cruises `<baseDir>/src` with the project's rules, resolving with `<baseDir>/tsconfig.json`. */
async function cruiseSrc(baseDir: string): Promise<ICruiseResult> {
  const dependencyCruiser = (await importModule('dependency-cruiser')) as { cruise: typeof cruise };
  const extractor = (await importModule('dependency-cruiser/config-utl/extract-ts-config')) as {
    default: typeof extractTsConfig;
  };
  const tsConfigFileName = join(baseDir, 'tsconfig.json');
  const config = configuration(tsConfigFileName);
  const result = await dependencyCruiser.cruise(
    ['src'],
    { ...config.options, baseDir, validate: true, ruleSet: config },
    {},
    { tsConfig: extractor.default(tsConfigFileName) },
  );
  if (typeof result.output === 'string') {
    throw new Error(`dependency-cruiser returned a report instead of a result: ${result.output}`);
  }
  return result.output;
}

/** `rule: from -> to`, the way the tests compare violations. */
function violationLine(violation: IViolation): string {
  return `${violation.rule.name}: ${violation.from} -> ${violation.to}`;
}

/** A violation with its cycle, the way a failing test shows what to fix. */
function describeViolation(violation: IViolation): string {
  const cycle = violation.cycle?.map((step) => step.name).join(' -> ');
  return cycle ? `${violationLine(violation)} (cycle: ${violation.from} -> ${cycle})` : violationLine(violation);
}

function dependencies(result: ICruiseResult) {
  return result.modules.flatMap((module) =>
    module.dependencies.map((dependency) => ({ from: module.source, ...dependency })),
  );
}

describe('the import rules between the folders of src/', () => {
  let result: ICruiseResult;

  beforeAll(async () => {
    result = await cruiseSrc(ROOT);
  }, TIMEOUT_MS);

  test('src/ has no violation', () => {
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
    expect(result.summary.error).toBe(0);
  });

  test('src/ has no import cycle, type-only imports included', () => {
    const cycles = dependencies(result)
      .filter((dependency) => dependency.circular)
      .map((dependency) => `${dependency.from} -> ${dependency.resolved}`);
    expect(cycles).toEqual([]);
  });

  test('every import in src/ resolves (an unresolved import would escape the rules)', () => {
    expect(result.modules.map((module) => module.source)).toContain('src/index.ts');
    const unresolved = dependencies(result)
      .filter((dependency) => dependency.couldNotResolve)
      .map((dependency) => `${dependency.from} -> ${dependency.module}`);
    expect(unresolved).toEqual([]);
  });
});

describe('the import rules catch forbidden imports', () => {
  // A small copy of the layout: every rule broken once, next to imports the rules allow
  // (migration joining federation and multi-network, serverless on federation, index on app,
  // app on the file system, core on a node built-in).
  const FILES: Record<string, string> = {
    'src/index.ts': "export * from './app/w';\nexport * from './federation/f';\n",
    'src/other.ts': "export { w } from './app/w';\n",
    'src/core/a.ts': "import { join } from 'node:path';\nimport { b } from '../federation/b';\nexport const a = join(b);\n",
    'src/core/d.ts': "import { readFile } from 'fs/promises';\nexport const d = readFile;\n",
    'src/federation/b.ts': "export const b = 'b';\nexport interface B { readonly b: string }\n",
    'src/federation/f.ts': "import { d } from '../core/d';\nimport { s } from '../serverless/s';\nexport const f = [d, s];\n",
    'src/federation/x.ts': "import { y } from './y';\nexport interface X { readonly x: string }\nexport const x = y;\n",
    'src/federation/y.ts': "import type { X } from './x';\nexport const y: X = { x: 'y' };\n",
    'src/federation/z.ts': "import { readFileSync } from 'node:fs';\nexport const z = readFileSync;\n",
    'src/multi-network/m.ts': "import type { B } from '../federation/b';\nexport const m: B = { b: 'm' };\n",
    'src/multi-network/n.ts': "export const n = 'n';\n",
    'src/serverless/s.ts': "import { b } from '../federation/b';\nimport { n } from '../multi-network/n';\nexport const s = [b, n];\n",
    'src/migration/g.ts':
      "import { b } from '../federation/b';\nimport { n } from '../multi-network/n';\nimport { s } from '../serverless/s';\nexport const g = [b, n, s];\n",
    'src/app/w.ts': "import { writeFile } from 'node:fs/promises';\nimport { g } from '../migration/g';\nexport const w = [writeFile, g];\n",
    'src/imports/crd.ts': "import { d } from '../core/d';\nexport const crd = d;\n",
  };

  let baseDir: string;

  beforeAll(() => {
    baseDir = mkdtempSync(join(tmpdir(), 'architecture-'));
    const tsConfig = { extends: join(ROOT, 'tsconfig.json'), compilerOptions: { rootDir: 'src' }, include: ['src/**/*.ts'] };
    writeFileSync(join(baseDir, 'tsconfig.json'), JSON.stringify(tsConfig));
    for (const [file, text] of Object.entries(FILES)) {
      mkdirSync(dirname(join(baseDir, file)), { recursive: true });
      writeFileSync(join(baseDir, file), text);
    }
  });

  afterAll(() => {
    rmSync(baseDir, { recursive: true, force: true });
  });

  test('each rule reports its forbidden import, type-only imports included, and nothing else', async () => {
    const result = await cruiseSrc(baseDir);

    expect(result.modules.map((module) => module.source)).toEqual(expect.arrayContaining(Object.keys(FILES)));
    // dependency-cruiser reports a cycle once, at the first of its imports it meets.
    const expected = [
      'app-only-from-index: src/other.ts -> src/app/w.ts',
      'core-imports-only-core: src/core/a.ts -> src/federation/b.ts',
      'federation-not-to-multi-network-serverless-migration-app: src/federation/f.ts -> src/serverless/s.ts',
      'fs-only-in-app: src/core/d.ts -> fs/promises',
      'fs-only-in-app: src/federation/z.ts -> fs',
      'imports-only-imports: src/imports/crd.ts -> src/core/d.ts',
      'migration-not-to-app-serverless: src/migration/g.ts -> src/serverless/s.ts',
      'multi-network-not-to-federation-migration-serverless-app: src/multi-network/m.ts -> src/federation/b.ts',
      'no-circular: src/federation/x.ts -> src/federation/y.ts',
      'serverless-not-to-multi-network-migration-app: src/serverless/s.ts -> src/multi-network/n.ts',
    ];
    expect(result.summary.violations.map(violationLine).sort()).toEqual(expected);
    expect(result.summary.error).toBe(expected.length);

    // The cycle closes through a type-only import, which the check counts.
    const closing = dependencies(result).find(
      (dependency) => dependency.from === 'src/federation/y.ts' && dependency.resolved === 'src/federation/x.ts',
    );
    expect(closing).toMatchObject({ circular: true, dependencyTypes: expect.arrayContaining(['type-only']) });
  }, TIMEOUT_MS);
});

describe('what the sources of src/ may contain', () => {
  // Read as text: src/imports/ is generated and left out.
  const sources = (function walk(dir: string): Array<{ file: string; text: string }> {
    return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return path === 'src/imports' ? [] : walk(path);
      return entry.name.endsWith('.ts') ? [{ file: path, text: readFileSync(join(ROOT, path), 'utf8') }] : [];
    });
  })('src');

  test('the layers are all there', () => {
    const folders = new Set(sources.map(s => s.file.split('/')[1]));
    expect([...folders].sort()).toEqual(['app', 'core', 'federation', 'index.ts', 'migration', 'multi-network', 'serverless']);
  });

  test('nothing prints: warnings are construct metadata, and the command line writes through its io', () => {
    expect(sources.filter(s => /\bconsole\./.test(s.text)).map(s => s.file)).toEqual([]);
  });

  test('no construct reads another one\'s output: toJson() is only called on super (sorting a chart), on user-built objects, and by the writer of the output folders', () => {
    const calls = sources.flatMap(s => [...s.text.matchAll(/([\w.]*)\.toJson\(\)/g)].map(m => `${s.file}: ${m[1]}.toJson()`))
      .filter(call => !call.endsWith(': super.toJson()'));
    expect(calls).toEqual(['src/app/folder-writer.ts: object.toJson()', 'src/core/user-objects.ts: obj.toJson()']);
  });

  test('no file over 500 lines', () => {
    expect(sources.filter(s => s.text.split('\n').length > 500).map(s => s.file)).toEqual([]);
  });
});
