// The command line checks descriptions with the schema compiled ahead of time: the generated code
// must be current with schema/federation.schema.json (regenerate with `npx projen schema:validator`).
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { validatorSource, VALIDATOR_FILE, VALIDATOR_OPTIONS } from '../scripts/description-validator';
import { SCHEMA_FILE } from '../src/app/description';
import { validate } from '../src/app/description-validator.generated';

describe('the description validator', () => {
  test('is current (regenerate with `npx projen schema:validator`)', () => {
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(validatorSource());
  });

  test('finds the same errors as the schema compiled at run time', () => {
    const compiled = new Ajv({ ...VALIDATOR_OPTIONS }).compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    const generated = validate as unknown as typeof compiled;
    const documents = [
      { meshes: [] },
      { meshes: [{ name: 'red-mesh', platform: { type: 'gcp' } }] },
      { meshes: [{ name: 'red-mesh', platform: { type: 'gpc' }, trustDomian: 'x' }], extra: 1 },
      { meshes: 'red-mesh' },
      { name: 7, meshes: [null, { name: 'a', exports: [{ id: 'x', peer: 'b', rules: [{ nameSelector: {} }] }] }] },
    ];
    for (const doc of documents) {
      const ok = compiled(doc);
      expect([doc, generated(doc)]).toEqual([doc, ok]);
      const summary = (errors: typeof compiled.errors) => errors?.map(e => [e.instancePath, e.keyword, e.message]);
      expect(summary(generated.errors)).toEqual(summary(compiled.errors));
    }
  });
});
