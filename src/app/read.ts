// Bounded, safe reads of the files a description names: regular files only (a FIFO or device
// would block or never end), and no larger than a cap, with a message naming the file and the fix.
import { readFileSync, statSync } from 'node:fs';

/** A file's text, or the problem that kept it from being read. */
export type ReadResult = { readonly text: string } | { readonly problem: string };

/** Reads `path` as UTF-8 if it is a regular file of at most `maxBytes`; links are followed. */
export function readRegularFile(path: string, maxBytes: number): ReadResult {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      return { problem: `${path} is ${stat.isDirectory() ? 'a folder' : 'not a regular file (a FIFO, socket or device)'}, not a file to read` };
    }
    size = stat.size;
  } catch (e: any) {
    return { problem: `cannot read ${path} (${e?.code ?? e?.message})` };
  }
  if (size > maxBytes) return { problem: `${path} is ${size} bytes, more than the ${maxBytes} a file here may have` };
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e: any) {
    return { problem: `cannot read ${path} (${e?.code ?? e?.message})` };
  }
}
