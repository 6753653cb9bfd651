// Bounded, safe reads of the files a description names: regular files only (a FIFO or device
// would block or never end), and no larger than a cap, with a message naming the file and the fix.
import { readFileSync, statSync } from 'node:fs';

/** A file's text, or the problem that kept it from being read. */
export type ReadResult = { readonly text: string } | { readonly problem: string };

/** A file's bytes, or the problem that kept it from being read (and its error code, if any). */
type BytesResult = { readonly bytes: Buffer } | { readonly problem: string; readonly code?: string };

/** Reads `path` as UTF-8 if it is a regular file of at most `maxBytes`; links are followed. */
export function readRegularFile(path: string, maxBytes: number): ReadResult {
  const read = readRegularBytes(path, maxBytes);
  return 'problem' in read ? { problem: read.problem } : { text: read.bytes.toString('utf8') };
}

/** A path for a message: on one line, and cut when it is longer than any real path. */
function shown(path: string): string {
  // eslint-disable-next-line no-control-regex
  const line = path.replace(/[\u0000-\u001f\u007f]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return line.length > 256 ? `${line.slice(0, 236)}... (${line.length} characters)` : line;
}

function readRegularBytes(path: string, maxBytes: number): BytesResult {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) {
      return { problem: `${shown(path)} is ${stat.isDirectory() ? 'a folder' : 'not a regular file (a FIFO, socket or device)'}, not a file to read`, code: stat.isDirectory() ? 'EISDIR' : 'ENOTREG' };
    }
    size = stat.size;
  } catch (e: any) {
    return { problem: `cannot read ${shown(path)} (${e?.code ?? e?.message})`, code: e?.code };
  }
  if (size > maxBytes) return { problem: `${shown(path)} is ${size} bytes, more than the ${maxBytes} a file here may have`, code: 'EFBIG' };
  try {
    return { bytes: readFileSync(path) };
  } catch (e: any) {
    return { problem: `cannot read ${shown(path)} (${e?.code ?? e?.message})`, code: e?.code };
  }
}

/** What to do when the description itself cannot be read, by the error's code. */
const DESCRIPTION_FIXES: Record<string, string> = {
  ENOENT: 'check the path: no file has that name (relative paths start at the current folder)',
  EACCES: 'make the file readable (chmod u+r), or run as a user who may read it',
  EPERM: 'make the file readable (chmod u+r), or run as a user who may read it',
  EISDIR: 'pass the YAML or JSON file inside that folder, e.g. federation.yaml',
  ENOTDIR: 'check the path: a part of it is a file, not a folder',
  EFBIG: 'split the description, or remove what it does not need (a 100-mesh description is about 4 MB)',
};

/**
 * Reads a federation description: a regular UTF-8 text file of at most `maxBytes`, not empty,
 * without NUL bytes. Each problem names the file, what is wrong and the fix.
 */
export function readDescriptionText(file: string, maxBytes: number): ReadResult {
  const read = readRegularBytes(file, maxBytes);
  if ('problem' in read) {
    return { problem: `${shown(file)}: ${read.problem}. Fix: ${DESCRIPTION_FIXES[read.code ?? ''] ?? 'pass the path of a YAML or JSON federation description'}` };
  }
  const bytes = read.bytes;
  if (bytes.length === 0) {
    return { problem: `${file}: the file is empty (0 bytes), so it describes no federation. Fix: write the description, starting with meshes: (npx cdk8s-mesh-federation init writes a starter; every field: node_modules/cdk8s-mesh-federation/docs/description.md)` };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: `${file}: the file is UTF-16 text (it starts with a UTF-16 byte order mark), but a description is read as UTF-8. Fix: save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)` };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { problem: `${file}:${position(bytes, nul)}: the file holds a NUL byte (byte ${nul}), so it is binary data, not a YAML or JSON text. Fix: pass the description's text file, or remove the NUL bytes` };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    return { problem: `${file}:${position(bytes, bad)}: the file is not UTF-8 text (byte ${bad} is 0x${bytes[bad].toString(16).padStart(2, '0')}, which UTF-8 does not allow there). Fix: save it as UTF-8, or pass the description's text file rather than binary data` };
  }
}

/** `line:column` (both from 1) of byte `offset`, columns counted in bytes. */
function position(bytes: Buffer, offset: number): string {
  let line = 1;
  let start = 0;
  for (let i = bytes.indexOf(10); i >= 0 && i < offset; i = bytes.indexOf(10, i + 1)) {
    line++;
    start = i + 1;
  }
  return `${line}:${offset - start + 1}`;
}

/** The offset of the first byte that breaks UTF-8. */
function firstInvalidUtf8(bytes: Buffer): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const extra = b < 0x80 ? 0 : b >= 0xc2 && b < 0xe0 ? 1 : b >= 0xe0 && b < 0xf0 ? 2 : b >= 0xf0 && b < 0xf5 ? 3 : -1;
    if (extra < 0) return i;
    for (let k = 1; k <= extra; k++) {
      if (i + k >= bytes.length || bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    }
    i += extra + 1;
  }
  return Math.max(0, bytes.length - 1);
}
