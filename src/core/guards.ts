// Run-time guards for the public API: TypeScript types are erased at run time, and callers in
// other jsii languages (or a description file) pass anything. Each guard names the construct, the
// prop, the value and the fix, so a wrong type is a FederationError, never a TypeError.
import { Construct, IConstruct } from 'constructs';
import { FederationError } from './errors';
import { isPlainObject } from './merge';
import { describeValue } from './output';

/** A class, whatever its constructor's visibility (factories often make it private). */
export type Klass = { readonly prototype: unknown };

/** What a prop must be, and how to say so. */
export type Kind =
  | 'string' | 'boolean' | 'number' | 'integer' | 'strings' | 'object' | 'stringMap'
  | { readonly instanceOf: Klass; readonly name: string }
  | { readonly oneOf: readonly unknown[]; readonly name: string }
  | { readonly listOf: Klass; readonly name: string }
  | { readonly test: (value: unknown) => boolean; readonly name: string };

/** A prop's expected kind, whether it must be set, and the fix shown when it is wrong. */
export interface PropGuard {
  readonly kind: Kind;
  readonly required?: boolean;
  readonly fix: string;
}

const EXPECTED: Record<string, string> = {
  string: 'a string',
  boolean: 'true or false',
  number: 'a finite number',
  integer: 'a whole number',
  strings: 'a list of strings',
  object: 'an object',
  stringMap: 'a map of text to text',
};

/** Whether `value` is of `kind`. */
export function isKind(value: unknown, kind: Kind): boolean {
  if (typeof kind === 'object') {
    if ('instanceOf' in kind) return value instanceof (kind.instanceOf as any);
    if ('oneOf' in kind) return kind.oneOf.includes(value);
    if ('listOf' in kind) return isListOf(value, v => v instanceof (kind.listOf as any));
    return kind.test(value);
  }
  switch (kind) {
    case 'string': return typeof value === 'string';
    case 'boolean': return typeof value === 'boolean';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'integer': return Number.isSafeInteger(value);
    case 'strings': return isListOf(value, v => typeof v === 'string');
    case 'object': return isPlainObject(value);
    case 'stringMap': return isPlainObject(value) && Object.values(value).every(v => typeof v === 'string');
  }
}

/** The longest list a prop takes: far beyond any federation, well before a check takes long. */
export const MAX_LIST = 10_000;

/** Whether `value` is a list of at most MAX_LIST entries, each (holes included) passing `test`. */
function isListOf(value: unknown, test: (v: unknown) => boolean): boolean {
  if (!Array.isArray(value) || value.length > MAX_LIST) return false;
  for (let i = 0; i < value.length; i++) if (!test(value[i])) return false;
  return true;
}

/** How a kind is named in a message: 'a string', 'a Duration', 'one of 'a', 'b''. */
export function kindName(kind: Kind): string {
  return typeof kind === 'object' ? kind.name : EXPECTED[kind];
}

/** The problem of one value: `<owner>: <prop> is <value>, not <kind>. Fix: <fix>`; undefined when it fits. */
export function valueProblem(owner: string, prop: string, value: unknown, guard: PropGuard): string | undefined {
  if (value === undefined && !guard.required) return undefined;
  if (value !== undefined && isKind(value, guard.kind)) return undefined;
  // A list too long to take is named by its length, without being read (a sparse list of 2^32 - 1
  // entries takes minutes to walk).
  if (Array.isArray(value) && value.length > MAX_LIST) return `${owner}: ${prop} has ${value.length} entries (at most ${MAX_LIST}). Fix: ${guard.fix}`;
  return `${owner}: ${prop} is ${describeValue(value)}, not ${kindName(guard.kind)}. Fix: ${guard.fix}`;
}

/**
 * The problems of `props` against `guards`, in the guards' order. Props that are undefined stand
 * for `{}` when no guard is required; anything else that is not an object is one problem.
 */
export function propsProblems(owner: string, props: unknown, guards: Record<string, PropGuard>, propsFix: string): string[] {
  const anyRequired = Object.values(guards).some(g => g.required);
  if (props === undefined && !anyRequired) return [];
  if (!isPlainObject(props) && !(typeof props === 'object' && props !== null && !Array.isArray(props))) {
    return [`${owner}: props are ${describeValue(props)}, not an object. Fix: ${propsFix}`];
  }
  const record = props as Record<string, unknown>;
  return Object.entries(guards).flatMap(([prop, guard]) => valueProblem(owner, prop, record[prop], guard) ?? []);
}

/** Throws a FederationError with the problems of `props`, if any. */
export function guardProps(owner: string, props: unknown, guards: Record<string, PropGuard>, propsFix: string): void {
  const problems = propsProblems(owner, props, guards, propsFix);
  if (problems.length > 0) throw new FederationError(problems);
}

/** Throws a FederationError when one argument (not a props object) is not of its kind. */
export function guardValue(owner: string, name: string, value: unknown, guard: PropGuard): void {
  const problem = valueProblem(owner, name, value, guard);
  if (problem !== undefined) throw new FederationError([problem]);
}

export { escapeControl, hasControlCharacter } from './output';

/**
 * Why `id` cannot be a construct id, though it is a valid name: the construct tree keeps children
 * in a plain object, so an id that every JavaScript object already has ('constructor', 'toString',
 * '__proto__', ...) is refused by it, or found where there is no child. Undefined when it can be.
 */
export function reservedIdProblem(id: string): string | undefined {
  return id in Object.prototype
    ? `is a name every JavaScript object already has (Object.prototype.${id}), which the construct tree cannot hold`
    : undefined;
}

/** The child of `scope` whose id is `id`, looked up by id alone (never a property every object has). */
export function childById(scope: IConstruct, id: string): IConstruct | undefined {
  // tryFindChild is a lookup in a plain object: 'constructor' finds Object's, which is no child.
  const found: unknown = scope.node.tryFindChild(id);
  return Construct.isConstruct(found) && found.node.scope === scope ? found : undefined;
}
