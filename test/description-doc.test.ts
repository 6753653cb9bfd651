// docs/description.md is generated from the JSON Schema (npx projen docs:description) and kept current.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { descriptionMarkdown } from '../scripts/description-doc';

const ROOT = join(__dirname, '..');

describe('docs/description.md', () => {
  const markdown = descriptionMarkdown();

  test('is current (regenerate with `npx projen docs:description`)', () => {
    expect(readFileSync(join(ROOT, 'docs', 'description.md'), 'utf8')).toBe(markdown);
  });

  test('lists every field of the schema with its type, default and an example', () => {
    const rows = markdown.split('\n').filter(l => l.startsWith('| `'));
    expect(rows.length).toBeGreaterThan(70);
    for (const row of rows) {
      const cells = row.split(/(?<!\\)\|/).slice(1, -1).map(c => c.trim());
      expect(cells).toHaveLength(5);
      expect([row, cells[1]]).not.toEqual([row, '']);
      expect([row, cells[2]]).not.toEqual([row, '']);
      expect([row, cells[4]]).not.toEqual([row, '']);
    }
    expect(markdown).toContain('| `meshes[].platform.type` | `aws-nlb` \\| `aws-load-balancer-controller`');
    expect(markdown).toContain('| `meshes[].rootCertificateFile` | string |');
    expect(markdown).toMatch(/\| `name` \| string \| 'federation' \|/);
  });
});
