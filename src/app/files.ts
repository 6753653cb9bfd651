// The one place the app layer writes files. FederationApp owns its output folder: everything one
// synth writes goes into a new temporary folder beside the output folder (same parent, named
// `.<name>.tmp-<random>`), and only when all of it was written is that folder swapped in whole
// (the old one renamed to `.<name>.old-<random>`, the new one renamed into place, the old one
// removed). A failure of any kind leaves the previous output as it was. A marker file at the root
// lists what the library wrote, so that it never replaces a folder holding anything else.
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { FederationError } from '../core/errors';
import { byName } from '../core/output';

/** The ownership marker at the root of an output folder: plain text, so no GitOps tool applies it. */
export const OWNERSHIP_MARKER = '.cdk8s-mesh-federation-owned';
const MARKER_HEADER = 'cdk8s-mesh-federation owns this folder and replaces it whole on every synth; the files its last synth wrote:';
/** How many foreign files or links an error names before it says "and N more". */
const NAMED = 3;
/** A marker larger than this is not one the library wrote (it lists paths, one a line). */
const MAX_MARKER_BYTES = 16 * 1024 * 1024;
/** The longest part of the output folder's name kept in the names of the temporary and old folders. */
const LEFTOVER_NAME_LENGTH = 200;

/** How `replaceOwnedFolder` may treat the folder it replaces. */
export interface OwnedFolderOptions {
  /** Replace the folder even when it holds files the library did not write (they are deleted). */
  readonly force: boolean;
  /** Start from a copy of what the folder holds (to add files to it), not from an empty folder. */
  readonly keepContent?: boolean;
}

/** Writes `content` to `file` as UTF-8, creating its folder first; returns `file`. */
export function writeTextFile(file: string, content: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/**
 * Replaces the folder `outdir` whole with what `write` writes into the temporary folder it is
 * given, plus the ownership marker listing those files; returns them (relative paths, sorted).
 * Checks first that the folder may be replaced (missing, empty, or holding only what the marker
 * lists, unless `force`; never a symbolic link, never holding one). Any error of `write` or of the
 * file system removes the temporary folder, leaves `outdir` as it was and is rethrown as a
 * `FederationError` (one of `write` as it is).
 */
export function replaceOwnedFolder(outdir: string, options: OwnedFolderOptions, write: (dir: string) => void): string[] {
  const target = resolve(outdir);
  let staging: string | undefined;
  try {
    recoverInterruptedSwap(target);
    const mode = checkReplaceable(target, options.force);
    const exists = mode !== undefined;
    mkdirSync(dirname(target), { recursive: true });
    removeLeftovers(target);
    // mkdirSync, not mkdtempSync (whose folders are private): a new output folder gets the mode any
    // new folder gets, a replaced one keeps its own.
    const dir = leftoverPath(target, 'tmp');
    mkdirSync(dir);
    staging = dir;
    if (exists && options.keepContent) copyOwnedFiles(target, staging);
    write(staging);
    const files = walk(staging).files.filter(f => f !== OWNERSHIP_MARKER);
    writeFileSync(join(staging, OWNERSHIP_MARKER), `${[MARKER_HEADER, ...files].join('\n')}\n`);
    if (exists) chmodSync(staging, mode);
    swapIn(staging, target, exists);
    return files;
  } catch (e) {
    if (staging) rmSync(staging, { recursive: true, force: true });
    throw failure(target, staging, e);
  }
}

/** The mode of the folder `target`, undefined when there is none; throws when it must not be replaced. */
function checkReplaceable(target: string, force: boolean): number | undefined {
  if (dirname(target) === target) throw outputProblem(target, 'is the root of the file system. Fix: set outdir to a folder of its own');
  const cwd = relative(target, process.cwd());
  if (cwd === '' || (!cwd.startsWith('..') && !isAbsolute(cwd))) {
    throw outputProblem(target, 'is the current folder or holds it; replacing it would pull the folder out from under this process and your shell. '
      + 'Fix: set outdir to a folder of its own, e.g. dist; force does not override this');
  }
  const stat = lstatOrUndefined(target);
  if (!stat) return undefined;
  if (stat.isSymbolicLink()) {
    throw outputProblem(target, `is a symbolic link (to ${readlinkSync(target)}); the library never writes through links. `
      + 'Fix: set outdir to the folder the link points to, or remove the link');
  }
  if (!stat.isDirectory()) throw outputProblem(target, 'is a file, not a folder. Fix: set outdir to a folder, or move the file away');
  const { files, links, dirs, special } = walk(target);
  if (dirs.includes('.git') || files.includes('.git')) {
    throw outputProblem(target, 'holds a Git repository (.git), which synth would delete with the folder. Fix: set outdir to a folder inside the repository, e.g. dist; force does not override this');
  }
  if (links.length > 0) {
    throw outputProblem(target, `holds symbolic links: ${named(links)}; the library never writes through links, so that a link cannot `
      + 'redirect its output outside the folder. Fix: remove the links (nothing was written); force does not override this');
  }
  const mode = stat.mode % 0o10000; // the permission bits
  if (special.length > 0 && !force) {
    throw outputProblem(target, `holds ${named(special)}, which ${special.length === 1 ? 'is' : 'are'} not a regular file or folder (a FIFO, socket or device). `
      + 'Fix: remove them, or set force: true (command line: --force) to replace the folder and delete them');
  }
  if (force || files.length + dirs.length + special.length === 0) return mode;
  const listed = markerFiles(target, files);
  if (!listed) {
    const entries = readdirSync(target).sort(byName);
    throw outputProblem(target, `is not empty and was not written by cdk8s-mesh-federation (no ${OWNERSHIP_MARKER} marker); it holds `
      + `${named(entries)}. Synth replaces the output folder whole, so that would delete them. `
      + 'Fix: set outdir to a new or empty folder, move those files away, or set force: true (command line: --force) to replace the folder and delete what it holds '
      + '(once, for output of a version of this library that wrote no marker)');
  }
  const foreign = files.filter(f => f !== OWNERSHIP_MARKER && !listed.has(f));
  if (foreign.length > 0) {
    throw outputProblem(target, `holds files that cdk8s-mesh-federation did not write (its ${OWNERSHIP_MARKER} marker does not list them): `
      + `${named(foreign)}. Synth replaces the output folder whole, so that would delete them. `
      + 'Fix: move them out of the folder, or set force: true (command line: --force) to replace the folder and delete them');
  }
  return mode;
}

/** The files the marker of `target` lists, or undefined when it has no marker. */
function markerFiles(target: string, files: string[]): Set<string> | undefined {
  if (!files.includes(OWNERSHIP_MARKER)) return undefined;
  const marker = join(target, OWNERSHIP_MARKER);
  // Only a regular file of a sane size is read: a FIFO would block, a huge file would stall.
  const stat = lstatSync(marker);
  if (!stat.isFile() || stat.size > MAX_MARKER_BYTES) return undefined;
  // Line ends as Git may have rewritten them (autocrlf).
  const [header, ...lines] = readFileSync(marker, 'utf8').split(/\r?\n/);
  return header === MARKER_HEADER ? new Set(lines.filter(l => l !== '')) : undefined;
}

/** Renames the old folder away, the new one into place, and removes the old one. */
function swapIn(staging: string, target: string, exists: boolean): void {
  if (!exists) {
    renameSync(staging, target);
    return;
  }
  const old = leftoverPath(target, 'old');
  renameSync(target, old);
  try {
    renameSync(staging, target);
  } catch (e) {
    try {
      renameSync(old, target);
    } catch {
      throw outputProblem(target, `could not be swapped in (${systemError(e as NodeJS.ErrnoException)}), and the previous output could not `
        + `be moved back: it is in ${old}. Fix: rename ${old} to ${target} by hand, then synth again`);
    }
    throw e;
  }
  // The new output is in place; an old folder that cannot be removed now is removed at the next synth.
  try {
    rmSync(old, { recursive: true, force: true });
  } catch {
    // Left for removeLeftovers().
  }
}

/** A new temporary (`tmp`) or old (`old`) folder's path beside `target`: `.<name>.<kind>-<12 hex digits>`. */
function leftoverPath(target: string, kind: 'tmp' | 'old'): string {
  return join(dirname(target), `.${basename(target).slice(0, LEFTOVER_NAME_LENGTH)}.${kind}-${randomBytes(6).toString('hex')}`);
}

/**
 * The temporary (`tmp`) and old (`old`) folders an earlier synth into `target` left beside it,
 * exactly as it names them, from one reading of the parent folder (which may hold many entries).
 */
function leftovers(target: string, kinds: ReadonlyArray<'tmp' | 'old'>): string[] {
  const name = basename(target).slice(0, LEFTOVER_NAME_LENGTH);
  const prefixes = kinds.map(kind => `.${name}.${kind}-`);
  return readdirSync(dirname(target)).filter(e => prefixes.some(p => e.startsWith(p) && /^[0-9a-f]{12}$/.test(e.slice(p.length))))
    .map(e => join(dirname(target), e)).sort(byName);
}

/**
 * A synth stopped between its two renames leaves no output folder, and the previous output in
 * `.<name>.old-<random>`: move it back before anything else.
 */
function recoverInterruptedSwap(target: string): void {
  if (lstatOrUndefined(target) || !lstatOrUndefined(dirname(target))) return;
  const old = leftovers(target, ['old']).find(dir => lstatOrUndefined(join(dir, OWNERSHIP_MARKER))?.isFile());
  if (old) renameSync(old, target);
}

/** Removes, as far as it can, the temporary and old folders an interrupted synth into `target` left beside it. */
function removeLeftovers(target: string): void {
  for (const dir of leftovers(target, ['tmp', 'old'])) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort: a leftover that cannot be removed does not stop the synth.
    }
  }
}

/**
 * Copies the files the marker of `from` lists (what the library wrote) to the same place below
 * `to`; a folder without a marker, replaced with force, keeps nothing.
 */
function copyOwnedFiles(from: string, to: string): void {
  const { files } = walk(from);
  const listed = markerFiles(from, files) ?? new Set<string>();
  for (const file of files.filter(f => listed.has(f))) {
    mkdirSync(dirname(join(to, file)), { recursive: true });
    copyFileSync(join(from, file), join(to, file));
  }
}

/** Everything below `dir`, as `/`-separated paths relative to it, sorted; links are not followed. */
function walk(dir: string): { files: string[]; links: string[]; dirs: string[]; special: string[] } {
  const result = { files: [] as string[], links: [] as string[], dirs: [] as string[], special: [] as string[] };
  const visit = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {result.links.push(rel);} else if (entry.isDirectory()) {
        result.dirs.push(rel);
        visit(rel);
      } else if (entry.isFile()) {result.files.push(rel);} else {result.special.push(rel);}
    }
  };
  visit('');
  const sorted = (list: string[]) => list.sort(byName);
  return { files: sorted(result.files), links: sorted(result.links), dirs: sorted(result.dirs), special: sorted(result.special) };
}

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw failure(path, undefined, e);
  }
}

/** The error to throw for `e`: FederationErrors as they are, file-system errors and others explained. */
function failure(target: string, staging: string | undefined, e: unknown): Error {
  if (e instanceof FederationError) return e;
  const unchanged = `Nothing was changed: ${target} holds what it held before${staging ? ' and the temporary folder was removed' : ''}.`;
  const error = e as NodeJS.ErrnoException & { dest?: string };
  if (typeof error?.code === 'string' && typeof error.syscall === 'string') {
    const paths = [error.path, error.dest].filter((p): p is string => typeof p === 'string').map(p => inTarget(p, target, staging));
    const where = paths.length > 0 ? ` ${paths.join(' -> ')}` : '';
    return outputProblem(target, `could not be written (${systemError(error)}; ${error.syscall}${where}). ${unchanged} Fix: ${ioFix(error.code, target)}`);
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(e);
  const fix = /BigInt|circular|call stack/i.test(message)
    ? 'pass only JSON values (strings, numbers, booleans, null, arrays and plain objects without cycles) in controlPlaneSpec and every object of the app'
    : 'correct what the error names, then synth again';
  return outputProblem(target, `could not be written: synth failed with ${message}. ${unchanged} Fix: ${fix}`);
}

/** `path`, shown relative to where it will be: inside `target` when it is inside the temporary folder. */
function inTarget(path: string, target: string, staging: string | undefined): string {
  const rel = staging ? relative(staging, path) : '';
  return staging && rel && !rel.startsWith('..') ? `${join(target, rel)}, written first into the temporary folder ${staging}` : path;
}

/** `CODE: description` of a Node file-system error, without the paths Node appends. */
function systemError(e: NodeJS.ErrnoException): string {
  const description = String(e.message).replace(/^[A-Z0-9_]+: /, '').replace(/, [a-z]+ '.*$/s, '');
  return `${e.code}: ${description}`;
}

function ioFix(code: string, target: string): string {
  const parent = dirname(target);
  if (['EACCES', 'EPERM', 'EROFS'].includes(code)) {
    return `make ${parent} and ${target} writable by this user (synth writes a temporary folder beside the output folder and renames it into place), or set outdir to a writable folder`;
  }
  if (['ENOSPC', 'EDQUOT'].includes(code)) return `free space on the disk holding ${parent}, then synth again`;
  if (['EXDEV', 'EBUSY'].includes(code)) return `${target} must not be a mount point: set outdir to a folder inside it`;
  if (code === 'ENOTDIR') return `a part of ${parent} is a file, not a folder: set outdir below a folder`;
  if (code === 'ENAMETOOLONG') return 'set outdir to a shorter path';
  return `check that ${parent} is writable and that nothing else changes it during synth, then synth again`;
}

function outputProblem(target: string, problem: string): FederationError {
  return new FederationError([`output folder ${target} ${problem}`]);
}

/** Up to a few names, then how many more. */
function named(names: string[]): string {
  const shown = names.slice(0, NAMED).map(n => `'${n}'`).join(', ');
  return names.length > NAMED ? `${shown} and ${names.length - NAMED} more` : shown;
}
