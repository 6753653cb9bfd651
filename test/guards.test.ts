// The run-time guards every public entry point shares.
import { Duration } from 'cdk8s';
import { guardProps, guardValue, isKind, propsProblems } from '../src/core/guards';
import { q } from '../src/core/output';

describe('guards', () => {
  test('each kind accepts its values and refuses others', () => {
    expect(isKind('a', 'string')).toBe(true);
    expect(isKind(1, 'string')).toBe(false);
    expect(isKind(false, 'boolean')).toBe(true);
    expect(isKind(NaN, 'number')).toBe(false);
    expect(isKind(Infinity, 'number')).toBe(false);
    expect(isKind(1.5, 'integer')).toBe(false);
    expect(isKind(2 ** 60, 'integer')).toBe(false);
    expect(isKind(['a'], 'strings')).toBe(true);
    expect(isKind('a', 'strings')).toBe(false);
    expect(isKind([], 'object')).toBe(false);
    expect(isKind({ a: 'b' }, 'stringMap')).toBe(true);
    expect(isKind({ a: 1 }, 'stringMap')).toBe(false);
    expect(isKind(Duration.seconds(1), { instanceOf: Duration, name: 'a Duration' })).toBe(true);
    expect(isKind([Duration.seconds(1), 'x'], { listOf: Duration, name: 'a list of Durations' })).toBe(false);
    expect(isKind('b', { oneOf: ['a', 'b'], name: "'a' or 'b'" })).toBe(true);
    expect(isKind(3, { test: v => v === 3, name: 'three' })).toBe(true);
  });

  test('problems name the owner, the prop, the value and the fix', () => {
    const guards = { name: { kind: 'string' as const, required: true, fix: 'pass a name' }, size: { kind: 'integer' as const, fix: 'pass a count' } };
    expect(propsProblems("export 'x'", { size: 'big' }, guards, 'pass { name }')).toEqual([
      "export 'x': name is undefined, not a string. Fix: pass a name",
      "export 'x': size is 'big', not a whole number. Fix: pass a count",
    ]);
    expect(propsProblems("export 'x'", 'oops', guards, 'pass { name }')).toEqual(["export 'x': props are 'oops', not an object. Fix: pass { name }"]);
    expect(propsProblems("export 'x'", undefined, { size: guards.size }, 'pass { size }')).toEqual([]);
    expect(() => guardProps("export 'x'", null, guards, 'pass { name }')).toThrow("export 'x': props are null, not an object. Fix: pass { name }");
    expect(() => guardValue("export 'x'", 'id', 7, { kind: 'string', required: true, fix: 'pass text' })).toThrow("export 'x': id is 7, not a string. Fix: pass text");
    expect(() => guardValue("export 'x'", 'id', 'ok', { kind: 'string', required: true, fix: 'pass text' })).not.toThrow();
  });

  test('a long value is cut when quoted, with its length', () => {
    expect(q('x'.repeat(1_000_000))).toBe(`'${'x'.repeat(236)}...' (1000000 characters)`);
    expect(q('short')).toBe("'short'");
  });
});
