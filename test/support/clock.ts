// A clock fixed at one instant for code that cannot use jest's fake timers (the error catalogue is
// also run by scripts/errors-doc.ts, outside jest).

/** Runs `fn` with `new Date()` and `Date.now()` at `iso`, then puts the real clock back. */
export function atInstant<T>(iso: string, fn: () => T): T {
  const Real = Date;
  const fixed = new Real(iso).getTime();
  function FixedDate(...args: unknown[]): Date {
    return args.length === 0 ? new Real(fixed) : new (Real as any)(...args);
  }
  FixedDate.prototype = Real.prototype;
  FixedDate.now = () => fixed;
  FixedDate.parse = Real.parse;
  FixedDate.UTC = Real.UTC;
  (globalThis as any).Date = FixedDate;
  try {
    return fn();
  } finally {
    (globalThis as any).Date = Real;
  }
}
