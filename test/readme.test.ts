// Every TypeScript snippet in README.md must type-check against the library's source.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const SNIPPETS = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map(m => m[1]);

test('the README has TypeScript snippets', () => {
  expect(SNIPPETS.length).toBeGreaterThanOrEqual(6);
});

test('every README snippet compiles', () => {
  const files = new Map(SNIPPETS.map((code, i) => [join(ROOT, `__readme_snippet_${i + 1}.ts`), code]));
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    lib: ['lib.es2022.d.ts'],
    types: ['node'],
    paths: { 'cdk8s-mesh-federation': [join(ROOT, 'src', 'index.ts')] },
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (name, version, ...rest) => files.has(name)
    ? ts.createSourceFile(name, files.get(name)!, version)
    : getSourceFile(name, version, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = name => files.has(name) || fileExists(name);
  const readFile = host.readFile.bind(host);
  host.readFile = name => files.get(name) ?? readFile(name);

  const program = ts.createProgram([...files.keys()], options, host);
  // Only the snippets are checked (the library's own sources are type-checked by `npm test`
  // before Jest): the checker then resolves only the declarations the snippets use.
  const snippetDiagnostics = (p: ts.Program, names: string[]) => names.flatMap(name => {
    const file = p.getSourceFile(name)!;
    return [...p.getSyntacticDiagnostics(file), ...p.getSemanticDiagnostics(file)];
  });
  const problems = snippetDiagnostics(program, [...files.keys()])
    .map(d => {
      const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
      return `${d.file!.fileName.replace(ROOT + '/', '')}:${line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
    });
  expect(problems).toEqual([]);
  // The check can fail: a snippet with a wrong prop is reported.
  const broken = ts.createProgram([join(ROOT, '__readme_snippet_1.ts')], options, {
    ...host,
    getSourceFile: (name, version, ...rest) => name.endsWith('__readme_snippet_1.ts')
      ? ts.createSourceFile(name, SNIPPETS[0].replace('dnsDomain:', 'dnsDomian:'), version)
      : host.getSourceFile(name, version, ...rest),
  });
  expect(snippetDiagnostics(broken, [join(ROOT, '__readme_snippet_1.ts')]).some(d => /dnsDomian/.test(ts.flattenDiagnosticMessageText(d.messageText, '\n')))).toBe(true);
}, 60_000);
