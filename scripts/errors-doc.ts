// Writes docs/errors.md from the error catalogue, with the messages the library really produces.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errorsMarkdown } from '../test/support/error-catalogue';

const file = join(__dirname, '..', 'docs', 'errors.md');
writeFileSync(file, errorsMarkdown());
console.log(`wrote ${file}`);
