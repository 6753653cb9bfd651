// A FederationError prints each problem once in Node.js: in its message, not again as a property.
import { inspect } from 'node:util';
import { Testing } from 'cdk8s';
import { FederatedMesh, Platform } from '../src';
import { FederationError } from '../src/core/errors';

describe('FederationError as Node.js prints it', () => {
  const error = new FederationError(["mesh 'a': name is bad. Fix: rename it", "mesh 'b': scheme is bad. Fix: set it"]);

  test('util.inspect (console.log, an uncaught error) shows each problem once, with the name', () => {
    const printed = inspect(error);
    expect(printed.startsWith("FederationError: 2 problems:\n- mesh 'a': name is bad. Fix: rename it\n- mesh 'b': scheme is bad. Fix: set it\n")).toBe(true);
    expect(printed.split("mesh 'a': name is bad")).toHaveLength(2);
    expect(printed).not.toContain('problems: [');
  });

  test('problems and name are still there to read, and problems cannot be changed', () => {
    expect(error.name).toBe('FederationError');
    expect(error.problems).toEqual(["mesh 'a': name is bad. Fix: rename it", "mesh 'b': scheme is bad. Fix: set it"]);
    expect(Object.keys(error)).toEqual([]);
    expect(() => (error.problems as string[]).push('x')).toThrow(TypeError);
    expect(String(error)).toBe(`FederationError: ${error.message}`);
  });

  test('an error the library throws prints its one problem once', () => {
    let thrown: unknown;
    try {
      new FederatedMesh(Testing.chart(), 'f').addMesh('Bad_Mesh', { platform: Platform.bareMetal() });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Error);
    const printed = inspect(thrown);
    expect(printed).toMatch(/^FederationError: mesh 'Bad_Mesh': name 'Bad_Mesh' is not a DNS-1123 label/);
    expect(printed.split("name 'Bad_Mesh' is not a DNS-1123 label")).toHaveLength(2);
  });
});
