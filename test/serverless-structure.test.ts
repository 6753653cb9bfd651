// What the serverless layer may and may not do, read from its sources.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(__dirname, '..', 'src', 'serverless');
const sources = readdirSync(DIR).filter(f => f.endsWith('.ts')).sort().map(f => ({ file: f, text: readFileSync(join(DIR, f), 'utf8') }));

describe('src/serverless', () => {
  test('has its files', () => {
    expect(sources.map(s => s.file)).toEqual(expect.arrayContaining(['serverless-mesh-integration.ts', 'knative-service.ts', 'kafka.ts', 'checks.ts']));
  });

  test.each(sources.map(s => [s.file, s.text]))('%s imports only core, federation, imports and packages', (_file, text) => {
    const imports = [...text.matchAll(/from '([^']+)'/g)].map(m => m[1]);
    for (const from of imports.filter(i => i.startsWith('.'))) {
      expect(from).toMatch(/^(\.\/[a-z-]+|\.\.\/(core|federation|imports)\/[a-z.-]+)$/);
    }
    expect(imports.filter(i => /^(node:)?(fs|path)$/.test(i))).toEqual([]);
  });

  test.each(sources.map(s => [s.file, s.text]))('%s never reads output back nor warns on the console', (_file, text) => {
    expect(text).not.toMatch(/\.toJson\(/);
    expect(text).not.toMatch(/console\./);
  });

  test.each(sources.map(s => [s.file, s.text]))('%s stays short', (_file, text) => {
    expect(text.split('\n').length).toBeLessThanOrEqual(400);
  });
});
