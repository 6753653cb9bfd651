// A YAML emitter for Kubernetes manifests that writes, byte for byte, what cdk8s's
// `Yaml.stringify(doc)` writes (the `yaml` package, YAML 1.1, no line folding), several times
// faster. It writes the structure (maps, sequences, indentation) itself and every scalar it is not
// sure of through `Yaml.stringify`, once per distinct value; a document with anything else than
// plain objects, arrays, strings, numbers, booleans and null is written by `Yaml.stringify` whole.
// test/yaml-emitter.test.ts compares the two on random documents and on every example's output.
import { Yaml } from 'cdk8s';

/** Strings `yaml` writes plain (unquoted) in YAML 1.1: letter first, then letters, digits and `._/-`. */
const PLAIN = /^[A-Za-z][A-Za-z0-9._/-]*$/;
/** Of those, the ones YAML 1.1 reads as something else: booleans, null, and exponent-only floats. */
const NOT_PLAIN = /^(?:y|yes|n|no|true|false|on|off|null|[eE][-+]?[0-9]+)$/i;

/** Marks a document this emitter does not write (it goes through `Yaml.stringify` whole). */
class Unsupported extends Error {}

/**
 * Writes YAML documents as `Yaml.stringify` does, remembering how each scalar is written; one
 * instance per synth, so the memory goes with it.
 */
export class YamlEmitter {
  private readonly strings = new Map<string, string>();
  private readonly numbers = new Map<string, string>();
  private readonly blocks = new Map<string, string>();
  private readonly keys = new Map<string, string>();

  /** The YAML of one document, exactly as `Yaml.stringify(doc)` writes it. */
  public stringify(doc: unknown): string {
    if (!isPlainObject(doc) || Object.keys(doc).length === 0) return Yaml.stringify(doc);
    try {
      const out: string[] = [];
      this.map(doc, '', out);
      return out.join('');
    } catch (e) {
      if (e instanceof Unsupported) return Yaml.stringify(doc);
      throw e;
    }
  }

  private map(value: Record<string, unknown>, pad: string, out: string[]): void {
    for (const key of Object.keys(value)) {
      const k = `${pad}${this.key(key, pad === '')}:`;
      const v = value[key];
      if (v !== null && typeof v === 'object') {
        const nested = this.collection(v, `${pad}  `);
        if (nested === undefined) out.push(`${k} ${Array.isArray(v) ? '[]' : '{}'}\n`);
        else out.push(`${k}\n`, nested);
      } else if (typeof v === 'string' && v.includes('\n')) {
        out.push(`${k} ${this.block(v, `${pad}  `)}`);
      } else {
        out.push(`${k} ${this.scalar(v)}\n`);
      }
    }
  }

  /** A non-empty map or sequence at indentation `pad`; undefined when it is empty. */
  private collection(v: object, pad: string): string | undefined {
    const out: string[] = [];
    if (Array.isArray(v)) {
      if (v.length === 0) return undefined;
      this.seq(v, pad, out);
    } else {
      if (!isPlainObject(v)) throw new Unsupported();
      if (Object.keys(v).length === 0) return undefined;
      this.map(v, pad, out);
    }
    return out.join('');
  }

  private seq(items: unknown[], pad: string, out: string[]): void {
    for (let i = 0; i < items.length; i++) {
      if (!(i in items)) throw new Unsupported();
      const item = items[i];
      if (item !== null && typeof item === 'object') {
        const nested = this.collection(item, `${pad}  `);
        // The first line of a nested map or sequence goes on the dash's line.
        if (nested === undefined) out.push(`${pad}- ${Array.isArray(item) ? '[]' : '{}'}\n`);
        else out.push(`${pad}- ${nested.slice(pad.length + 2)}`);
      } else if (typeof item === 'string' && item.includes('\n')) {
        throw new Unsupported();
      } else {
        out.push(`${pad}- ${this.scalar(item)}\n`);
      }
    }
  }

  private scalar(v: unknown): string {
    switch (typeof v) {
      case 'string':
        if (PLAIN.test(v) && !NOT_PLAIN.test(v)) return v;
        return this.remembered(this.strings, v, () => asValue(v));
      case 'boolean':
        return v ? 'true' : 'false';
      case 'number':
        if (Number.isSafeInteger(v) && !Object.is(v, -0)) return String(v);
        return this.remembered(this.numbers, Object.is(v, -0) ? '-0' : String(v), () => asValue(v));
      default:
        if (v === null) return 'null';
        throw new Unsupported();
    }
  }

  /** How `yaml` writes a map key, at the start of a line (`top`: `---` and `...` end documents there) or indented. */
  private key(k: string, top: boolean): string {
    if (PLAIN.test(k) && !NOT_PLAIN.test(k)) return k;
    return this.remembered(this.keys, `${top ? 't' : 'i'}${k}`, () => {
      const text = Yaml.stringify(top ? { [k]: null } : { k: { [k]: null } });
      const line = top ? text : text.slice('k:\n  '.length);
      if ((!top && !text.startsWith('k:\n  ')) || !line.endsWith(': null\n') || line.indexOf('\n') !== line.length - 1) throw new Unsupported();
      return line.slice(0, -': null\n'.length);
    });
  }

  /** A multi-line string as a map value: `yaml`'s block scalar, its lines indented by `pad`. */
  private block(v: string, pad: string): string {
    const top = this.remembered(this.blocks, v, () => {
      const text = Yaml.stringify({ k: v });
      if (!text.startsWith('k: |')) throw new Unsupported();
      return text.slice('k: '.length);
    });
    if (pad === '  ') return top;
    const lines = top.split('\n');
    return lines.map((line, i) => (i === 0 || line === '' ? line : `${pad.slice(2)}${line}`)).join('\n');
  }

  private remembered<K>(cache: Map<K, string>, key: K, make: () => string): string {
    let text = cache.get(key);
    if (text === undefined) {
      text = make();
      cache.set(key, text);
    }
    return text;
  }
}

/** How `yaml` writes `v` as a map value on one line (not at the top, where `...` ends a document). */
function asValue(v: unknown): string {
  const line = Yaml.stringify({ k: v });
  if (!line.startsWith('k: ') || line.indexOf('\n') !== line.length - 1) throw new Unsupported();
  return line.slice('k: '.length, -1);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
