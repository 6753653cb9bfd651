// The one place the app layer writes files. Everything FederationApp writes (kustomizations,
// reports) goes through here, so that how a file is written (today: create its folder, then
// write; later: atomically) is decided once.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `content` to `file` as UTF-8, creating its folder first; returns `file`. */
export function writeTextFile(file: string, content: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}
