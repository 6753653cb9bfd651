import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOGUE, errorsMarkdown, messageOf } from './support/error-catalogue';

describe('every error and warning in docs/errors.md', () => {

  test('the catalogue has at least 40 distinct errors, with unique ids and titles', () => {
    expect(CATALOGUE.filter(e => e.id.startsWith('E')).length).toBeGreaterThanOrEqual(40);
    expect(new Set(CATALOGUE.map(e => e.id)).size).toBe(CATALOGUE.length);
    expect(new Set(CATALOGUE.map(e => e.title)).size).toBe(CATALOGUE.length);
  });

  test.each(CATALOGUE.map(e => [`${e.id} ${e.title}`, e] as const))('%s', (_name, entry) => {
    const { message, error } = messageOf(entry);
    expect(message).toMatch(entry.expected);
    if (entry.when === 'warning') return;
    // A documented error class, never a TypeError or a stack from deep inside.
    expect(error).not.toBeInstanceOf(TypeError);
    expect(error!.name).toBe('FederationError');
    expect((error as any).problems).toContain(message);
    expect(message).toMatch(/Fix: |Consider /);
  });

  test('docs/errors.md is current (regenerate with `npx projen docs:errors`)', () => {
    expect(readFileSync(join(__dirname, '..', 'docs', 'errors.md'), 'utf8')).toBe(errorsMarkdown());
  });
});
