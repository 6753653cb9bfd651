// hostnameProblem() tests a whole name with one expression first and walks its labels only to say
// what is wrong; both must agree with RFC 1123 as the labels are checked one by one.
import * as fc from 'fast-check';
import { hostnameProblem } from '../src/core/names';

/** RFC 1123 hostnames, label by label (the definition the fast path must agree with). */
function isHostname(value: string): boolean {
  return value.length >= 1 && value.length <= 253
    && value.split('.').every(label => label.length >= 1 && label.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/i.test(label));
}

test('accepts exactly the RFC 1123 hostnames, on names made of the characters that matter', () => {
  const char = fc.constantFrom('a', 'Z', '0', '9', '-', '.', '_', 'é', ' ');
  const label = (max: number) => fc.string({ unit: fc.constantFrom('a', 'b', '0', '-'), minLength: 0, maxLength: max });
  const name = fc.oneof(
    fc.string({ unit: char, maxLength: 40 }),
    // Long labels and long names around the limits of 63 and 253 characters.
    fc.array(label(66), { minLength: 1, maxLength: 6 }).map(labels => labels.join('.')),
    fc.array(fc.constant('a'.repeat(63)), { minLength: 3, maxLength: 5 }).chain(labels => fc.nat(4).map(n => `${'b'.repeat(n)}${labels.join('.')}`)),
  );
  fc.assert(fc.property(name, value => (hostnameProblem(value) === undefined) === isHostname(value)), { numRuns: 3000 });
});

test('says what is wrong', () => {
  expect(hostnameProblem('')).toBe('is empty');
  expect(hostnameProblem(`${'a.'.repeat(127)}a`)).toBe('is 255 characters long (at most 253)');
  expect(hostnameProblem('apps..example.com')).toBe("has the label '', which is not a DNS label");
  expect(hostnameProblem('-apps.example.com')).toBe("has the label '-apps', which is not a DNS label");
  expect(hostnameProblem(`${'a'.repeat(64)}.example.com`)).toBe(`has the label '${'a'.repeat(64)}', which is not a DNS label`);
  expect(hostnameProblem(`${'a'.repeat(63)}.Example-1.com`)).toBeUndefined();
});
