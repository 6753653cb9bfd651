// Shared test helpers: the command line run in process, and the error a declaration throws.
import { main } from '../../src/app/cli';

/** What one run of the command line printed, and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs the command line in process; each printed text ends its own line. */
export function runCli(...argv: string[]): CliRun {
  let out = '';
  let err = '';
  const line = (t: string) => (t.endsWith('\n') ? t : `${t}\n`);
  const code = main(argv, { out: t => { out += line(t); }, err: t => { err += line(t); } });
  return { code, out, err };
}

/** Whatever `run` throws; fails the test when it throws nothing. */
export function thrown(run: () => unknown): any {
  try {
    run();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, got none');
}

/**
 * The FederationError `run` throws, failing the test on any other outcome: no error, a TypeError,
 * or an error whose message carries a stack trace.
 */
export function federationError(run: () => unknown): Error & { problems: string[] } {
  const e = thrown(run);
  expect(e).not.toBeInstanceOf(TypeError);
  expect((e as Error).name).toBe('FederationError');
  expect(String((e as Error).message)).not.toMatch(/\n\s+at /);
  return e as Error & { problems: string[] };
}
