// `diff`: compares the folders a synth would write with an existing output folder, file by file,
// and prints a summary per cluster folder and a unified diff of each changed file.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** One file that differs: added (only in the new output), removed (only in the old) or changed. */
export interface FileChange {
  readonly kind: 'added' | 'removed' | 'changed';
  /** Its path relative to the output folder, with '/' separators. */
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** What differs between the existing output and the new one, or why they cannot be compared. */
export type FolderDiff = { readonly changes: FileChange[] } | { readonly problem: string };

/** The ownership marker and other bookkeeping of the output folder are not compared. */
const IGNORED = /(^|\/)\.cdk8s-mesh-federation[^/]*$/;

/** Compares `existing` (may not exist yet: every file is then added) with `fresh`. */
export function diffFolders(existing: string, fresh: string): FolderDiff {
  let before: Map<string, string>;
  try {
    before = existsAsFolder(existing) ? filesUnder(existing) : new Map();
  } catch (e: any) {
    return { problem: `cannot read the output folder ${existing} (${e?.code ?? e?.message}). Fix: set -o to the folder synth wrote, e.g. -o dist` };
  }
  const after = filesUnder(fresh);
  const changes: FileChange[] = [];
  for (const path of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    if (IGNORED.test(path)) continue;
    const b = before.get(path);
    const a = after.get(path);
    if (b === undefined) changes.push({ kind: 'added', path, before: '', after: a! });
    else if (a === undefined) changes.push({ kind: 'removed', path, before: b, after: '' });
    else if (a !== b) changes.push({ kind: 'changed', path, before: b, after: a });
  }
  return { changes };
}

function existsAsFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch (e: any) {
    if (e?.code === 'ENOENT') return false;
    throw e;
  }
}

/** Every file under `root`, by its path relative to it, with its text. */
function filesUnder(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** The summary (per cluster folder: files added, changed, removed), then the unified diff. */
export function diffText(output: string, diff: { readonly changes: FileChange[] }): string {
  if (diff.changes.length === 0) return `${output}: no differences: synth would write the same files`;
  const byFolder = new Map<string, FileChange[]>();
  for (const c of diff.changes) {
    const folder = c.path.includes('/') ? `${c.path.split('/')[0]}/` : '(reports)';
    byFolder.set(folder, [...(byFolder.get(folder) ?? []), c]);
  }
  const lines = [`${output}: synth would change ${diff.changes.length} file(s):`];
  for (const [folder, changes] of byFolder) {
    const count = (kind: FileChange['kind']) => changes.filter(c => c.kind === kind).length;
    lines.push(`  ${folder}  ${count('added')} added, ${count('changed')} changed, ${count('removed')} removed`);
    for (const c of changes) lines.push(`    ${c.kind === 'added' ? '+' : c.kind === 'removed' ? '-' : '~'} ${c.path}`);
  }
  lines.push('');
  for (const c of diff.changes) lines.push(...unifiedDiff(c));
  return lines.join('\n');
}

/** The largest comparison table built (cells); beyond it a file's changed middle is shown whole. */
const MAX_TABLE = 4_000_000;

/** Lines of context around each change. */
const CONTEXT = 3;

/** One file's unified diff (`--- a/path`, `+++ b/path`, hunks). */
export function unifiedDiff(change: FileChange): string[] {
  const a = change.kind === 'added' ? [] : splitLines(change.before);
  const b = change.kind === 'removed' ? [] : splitLines(change.after);
  const ops = lineOps(a, b);
  const out = [`--- ${change.kind === 'added' ? '/dev/null' : `a/${change.path}`}`, `+++ ${change.kind === 'removed' ? '/dev/null' : `b/${change.path}`}`];
  let i = 0;
  while (i < ops.length) {
    if (ops[i].op === ' ') { i++; continue; }
    let start = Math.max(0, i - CONTEXT);
    let end = i;
    // Extend the hunk while the next change is within twice the context.
    for (let k = i; k < ops.length; k++) {
      if (ops[k].op !== ' ') end = k;
      else if (k - end > 2 * CONTEXT) break;
    }
    end = Math.min(ops.length - 1, end + CONTEXT);
    const hunk = ops.slice(start, end + 1);
    const aStart = ops[start].a;
    const bStart = ops[start].b;
    const aLen = hunk.filter(o => o.op !== '+').length;
    const bLen = hunk.filter(o => o.op !== '-').length;
    out.push(`@@ -${aLen === 0 ? aStart : aStart + 1},${aLen} +${bLen === 0 ? bStart : bStart + 1},${bLen} @@`);
    for (const o of hunk) out.push(`${o.op}${o.text}`);
    i = end + 1;
    start = i;
  }
  return out;
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** One line of the edit script, with the line numbers (from 0) in a and b before it. */
interface LineOp {
  readonly op: ' ' | '-' | '+';
  readonly text: string;
  readonly a: number;
  readonly b: number;
}

/** The edit script from `a` to `b`: a longest common subsequence, trimmed of the common start and end. */
function lineOps(a: string[], b: string[]): LineOp[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const x = a.slice(head, a.length - tail);
  const y = b.slice(head, b.length - tail);
  if (x.length * y.length > MAX_TABLE) {
    // Too large a table to build: the whole middle as removed, then added.
    return [...a.slice(0, head).map((text, k) => ({ op: ' ' as const, text, a: k, b: k })),
      ...x.map((text, k) => ({ op: '-' as const, text, a: head + k, b: head })),
      ...y.map((text, k) => ({ op: '+' as const, text, a: head + x.length, b: head + k })),
      ...a.slice(a.length - tail).map((text, k) => ({ op: ' ' as const, text, a: a.length - tail + k, b: b.length - tail + k }))];
  }
  // lcs[i][j]: the longest common subsequence of x[i..] and y[j..] (manifests differ in few lines).
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops: LineOp[] = a.slice(0, head).map((text, k) => ({ op: ' ', text, a: k, b: k }));
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    const at = { a: head + i, b: head + j };
    if (i < x.length && j < y.length && x[i] === y[j]) {
      ops.push({ op: ' ', text: x[i++], ...at });
      j++;
    } else if (i < x.length && (j >= y.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push({ op: '-', text: x[i++], ...at }); // removals before additions, as diff -u prints them
    } else {
      ops.push({ op: '+', text: y[j++], ...at });
    }
  }
  for (let k = a.length - tail; k < a.length; k++) ops.push({ op: ' ', text: a[k], a: k, b: k - a.length + b.length });
  return ops;
}
