// Writes src/app/description-validator.generated.ts: the description's JSON Schema
// (schema/federation.schema.json) compiled by Ajv into standalone code, so the command line checks
// a description without compiling the schema first (about 0.4 s of CPU on every run).
// `npx projen schema:validator` runs it; test/description-validator.test.ts checks the file is current.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';

const ROOT = join(__dirname, '..');
export const VALIDATOR_FILE = join(ROOT, 'src', 'app', 'description-validator.generated.ts');

/** The Ajv options of the description's validator: every error, with the data and schema it concerns. */
export const VALIDATOR_OPTIONS = { allErrors: true, strict: false, verbose: true } as const;

/** The generated module's text. */
export function validatorSource(): string {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'federation.schema.json'), 'utf8'));
  const ajv = new Ajv({ ...VALIDATOR_OPTIONS, code: { source: true, esm: true, lines: false } });
  const code = standaloneCode(ajv, ajv.compile(schema));
  return [
    '// @ts-nocheck',
    '/* eslint-disable */',
    '// Generated from schema/federation.schema.json by `npx projen schema:validator` (Ajv standalone code). Do not edit.',
    code.trim(),
    '',
  ].join('\n');
}

if (require.main === module) {
  writeFileSync(VALIDATOR_FILE, validatorSource());
}
