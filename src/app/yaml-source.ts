// Turns a description's text into data, with a locator that points any path of that data back at
// `file:line:column`. Nesting is bounded before the YAML composer (which recurses) ever sees it.
import type * as Yaml from 'yaml';
import { describeValue } from '../core/output';

// The YAML parser is loaded the first time a text is read as YAML: a JSON description that
// JSON.parse reads the YAML way never needs it (nor does a run without problems to locate).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): typeof Yaml => require('yaml');

/** The deepest nesting (collections within collections) a description may have; it needs about 12. */
export const MAX_DEPTH = 64;

/** A path into the description's data: keys and list indexes. */
export type DataPath = ReadonlyArray<string | number>;

/** Points paths of the description at their place in the file. */
export interface Locator {
  readonly file: string;
  /** Line and column (from 1) of the node at `path` (or of its nearest ancestor), if known. */
  pos(path: DataPath, key?: string): { line: number; col: number } | undefined;
  /** `file:line:column` of the node at `path` (or of its nearest ancestor); `file` when unknown. */
  at(path: DataPath, key?: string): string;
}

/** The description as data, or its problems (syntax, nesting, aliases). */
export type ParsedText = { readonly data: unknown; readonly locator: Locator } | { readonly problems: string[] };

const TOO_DEEP = `the description is nested more than ${MAX_DEPTH} levels deep (lists and mappings within each other); a federation description needs about 12`;
const TOO_DEEP_FIX = 'Fix: remove the extra nesting (look for brackets or indentation that run away)';

/**
 * Parses a description: JSON with JSON.parse (lines and columns are looked up, by parsing the text
 * as YAML, only when a problem needs them), anything else, or JSON that JSON.parse would read
 * differently from YAML (duplicate keys, '__proto__', deep nesting, syntax errors), with parseText.
 */
export function parseDescription(file: string, source: string): ParsedText {
  const json = /^\s*[[{]/.test(source) && !source.includes('"__proto__"') ? jsonData(source) : undefined;
  if (json === undefined) return parseText(file, source);
  let located: Locator | undefined;
  const locator = (): Locator => {
    if (!located) {
      const parsed = parseText(file, source);
      located = 'locator' in parsed ? parsed.locator : { file, pos: () => undefined, at: () => file };
    }
    return located;
  };
  return { data: json.data, locator: { file, pos: (path, key) => locator().pos(path, key), at: (path, key) => locator().at(path, key) } };
}

/** The data of a JSON text, when JSON.parse reads it as the YAML parser would (else undefined). */
function jsonData(source: string): { data: unknown } | undefined {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch {
    return undefined;
  }
  const shape = jsonShape(data);
  if (shape === undefined) return undefined;
  // A key written twice is a problem in YAML, but JSON.parse keeps the last one: count both.
  return writtenKeys(source) === shape.keys ? { data } : undefined;
}

/**
 * How many keys a valid JSON text writes: strings followed by ':' (after blanks). One pass over the
 * characters, without a match object per string (a large description has hundreds of thousands).
 */
function writtenKeys(json: string): number {
  const QUOTE = 34, BACKSLASH = 92, COLON = 58;
  // JSON's blanks: space, tab, line feed, carriage return.
  const blank = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
  let keys = 0;
  for (let i = 0; i < json.length; i++) {
    if (json.charCodeAt(i) !== QUOTE) continue;
    // The string's end: the next quote not escaped.
    for (i++; i < json.length && json.charCodeAt(i) !== QUOTE; i++) if (json.charCodeAt(i) === BACKSLASH) i++;
    let next = i + 1;
    while (blank(json.charCodeAt(next))) next++;
    if (json.charCodeAt(next) === COLON) keys++;
  }
  return keys;
}

/**
 * How many keys the objects within `data` have, in one walk; undefined when YAML would read it
 * another way: nested more than `MAX_DEPTH` levels, or an object with a '__proto__' key.
 */
function jsonShape(data: unknown): { keys: number } | undefined {
  let keys = 0;
  const stack: Array<[unknown, number]> = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > MAX_DEPTH || Object.prototype.hasOwnProperty.call(value, '__proto__')) return undefined;
    if (Array.isArray(value)) {
      for (const child of value) stack.push([child, depth + 1]);
    } else {
      for (const key in value) {
        keys++;
        stack.push([(value as Record<string, unknown>)[key], depth + 1]);
      }
    }
  }
  return { keys };
}

/** Parses YAML (or JSON, which is YAML) into data, refusing deep nesting and alias bombs. */
export function parseText(file: string, source: string): ParsedText {
  const { Composer, LineCounter, Parser } = yaml();
  const lineCounter = new LineCounter();
  const at = (offset: number | undefined) => {
    if (offset === undefined) return file;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const tokens = [...new Parser(lineCounter.addNewLine).parse(source)];
  const deep = tooDeepOffset(tokens);
  if (deep !== undefined) return { problems: [`${at(deep)}: ${TOO_DEEP}. ${TOO_DEEP_FIX}`] };
  let doc: Yaml.Document.Parsed;
  try {
    const docs = [...new Composer({ uniqueKeys: true }).compose(tokens, true, source.length)];
    doc = docs[0];
    if (docs.length > 1) {
      return { problems: [`${at(docs[1].range[0])}: the file holds ${docs.length} YAML documents (separated by ---), but a description is one. Fix: keep one document, or split them into files of their own`] };
    }
  } catch (e) {
    return { problems: [`${file}: ${e instanceof RangeError ? TOO_DEEP : `cannot be read as YAML (${oneLine(String(e))})`}. ${TOO_DEEP_FIX}`] };
  }
  if (doc.errors.length > 0) {
    return { problems: [...new Set(doc.errors.map(e => `${at(e.pos[0])}: ${oneLine(e.message.split('\n')[0])}. Fix: correct the YAML syntax there (JSON is read as YAML too)`))] };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e: any) {
    if (e instanceof RangeError) return { problems: [`${file}: ${TOO_DEEP}. ${TOO_DEEP_FIX}`] };
    return { problems: [`${file}: cannot be read as data (${oneLine(String(e?.message))}). Fix: expand the YAML aliases, or use fewer of them (at most 100 uses)`] };
  }
  if (dataDepth(data) > MAX_DEPTH) {
    return { problems: [`${file}: ${TOO_DEEP} once its YAML aliases (*name) are expanded. Fix: expand the aliases by hand, or use fewer of them within each other`] };
  }
  if (data === null || data === undefined) {
    return { problems: [`${at(doc.range[0])}: the file holds no description (only comments, blank lines or an empty document). Fix: write the description, starting with meshes: (npx cdk8s-mesh-federation init writes a starter; every field: node_modules/cdk8s-mesh-federation/docs/description.md)`] };
  }
  return { data, locator: locatorOf(file, doc, lineCounter) };
}

function locatorOf(file: string, doc: Yaml.Document.Parsed, lineCounter: Yaml.LineCounter): Locator {
  const pos = (path: DataPath, key?: string) => {
    const offset = offsetOf(doc, path, key);
    return offset === undefined ? undefined : lineCounter.linePos(offset);
  };
  return {
    file,
    pos,
    at: (path, key) => {
      const p = pos(path, key);
      return p ? `${file}:${p.line}:${p.col}` : file;
    },
  };
}

/** The offset of the node at `path` (its key's, with `key`), or of its nearest ancestor found. */
function offsetOf(doc: Yaml.Document.Parsed, path: DataPath, key?: string): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    let node: any;
    try {
      node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    } catch {
      node = undefined;
    }
    if (!node?.range) continue;
    if (key !== undefined && n === path.length && Array.isArray(node.items)) {
      const pair = node.items.find((p: any) => p?.key !== undefined && String(p.key?.value ?? p.key) === key);
      if (pair?.key?.range) return pair.key.range[0];
    }
    return node.range[0];
  }
  return undefined;
}

/** The offset of the first collection nested deeper than MAX_DEPTH in the parser's tokens, if any. */
function tooDeepOffset(tokens: any[]): number | undefined {
  const stack: Array<[any, number]> = tokens.map(t => [t, 0]);
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token || typeof token !== 'object') continue;
    if (token.type === 'document') {
      stack.push([token.value, depth]);
      continue;
    }
    if (!Array.isArray(token.items)) continue;
    if (depth + 1 > MAX_DEPTH) return token.offset;
    for (const item of token.items) {
      stack.push([item.key, depth + 1], [item.value, depth + 1]);
    }
  }
  return undefined;
}

/** How deep lists and mappings nest in `data` (0 for a scalar), without recursion. */
function dataDepth(data: unknown): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[data, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > MAX_DEPTH) return depth + 1;
    max = Math.max(max, depth + 1);
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return max;
}

/** `text` on one line: control characters (newlines too) written as escapes. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, c => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A value for a message: cut to a readable length, on one line. */
export function show(value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list (${value.length} ${value.length === 1 ? 'entry' : 'entries'})`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    const names = keys.slice(0, 3).map(k => oneLine(k.length > 40 ? `${k.slice(0, 37)}...` : k));
    return keys.length === 0 ? 'an empty mapping' : `a mapping (${keys.length === 1 ? 'field' : 'fields'} ${names.join(', ')}${keys.length > 3 ? ', ...' : ''})`;
  }
  return oneLine(describeValue(value));
}

/** The path as the description writes it: `meshes[0].platform.scheme`. */
export function fieldPath(path: DataPath): string {
  if (path.length === 0) return 'the description';
  return path.map((p, i) => {
    if (typeof p === 'number') return `[${p}]`;
    if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(p) && p.length <= 64) return i === 0 ? p : `.${p}`;
    return `[${show(p)}]`;
  }).join('');
}
