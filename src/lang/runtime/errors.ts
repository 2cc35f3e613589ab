import type { SourceRange } from '../source';

/**
 * A Python exception raised by a .grad program or by a library function it called:
 * `type` is Python's class name (`TypeError`, `ValueError`, ...) and `message` Python's
 * own wording, so a learner reads what CPython would print. Library code (random,
 * make_moons, formatting) throws it without a range; the interpreter fills in where it
 * happened (`range`) and the calls that led there (`trace`) as it unwinds.
 *
 * Not an Error subclass on purpose: a JS Error captures a stack trace when made, which
 * costs more than the rest of a failed call, and these are expected, not bugs.
 */
export class PyError {
  /** The innermost expression that raised it, once the interpreter knows. */
  range: SourceRange | null = null;
  /** The call sites that led there, outermost first. */
  trace: SourceRange[] = [];
  /**
   * Whether `range` lies in GradLens's library source (micrograd's nn) rather than the
   * user's file: the first call from the user's code then takes its place.
   */
  inLibrary = false;
  /** Where in the library it happened (`in MLP.__init__`), once range moved to the user's call. */
  libraryFunction: string | null = null;
  /** The exception object `raise` was given or `except ... as e` bound (made on demand); a Py. */
  value: object | null = null;

  constructor(readonly type: string, readonly message: string) {}

  /** `TypeError: unsupported operand ...`, as Python's last traceback line. */
  toString(): string {
    const text = this.message === '' ? this.type : `${this.type}: ${this.message}`;
    return this.libraryFunction ? `${text} (in ${this.libraryFunction})` : text;
  }
}

export function typeError(message: string): PyError { return new PyError('TypeError', message); }
export function valueError(message: string): PyError { return new PyError('ValueError', message); }
export function indexError(message: string): PyError { return new PyError('IndexError', message); }
export function zeroDivision(message: string): PyError { return new PyError('ZeroDivisionError', message); }
export function overflowError(message: string): PyError { return new PyError('OverflowError', message); }
export function attributeError(message: string): PyError { return new PyError('AttributeError', message); }

/**
 * Ends the statement without a diagnostic: it used a name whose definition already
 * failed (and was reported), or ran into a statement dropped for a syntax error.
 */
export class SilentAbort {}

/** A configured bound (live graph size or time) was reached: evaluation stops altogether. */
export class BoundReached {
  constructor(readonly bound: 'nodes' | 'time' | 'memory', readonly message: string, readonly range: SourceRange) {}
}

/**
 * The error to rethrow from an expression at `range`: a Python error gets the range if
 * nothing deeper gave it one; a JS stack overflow becomes Python's RecursionError.
 * Anything else is a bug of GradLens's and goes up untouched.
 */
export function at(e: unknown, range: SourceRange, library = false): unknown {
  if (e instanceof PyError) {
    if (e.range === null) {
      e.range = range;
      e.inLibrary = library;
    }
    return e;
  }
  if (e instanceof RangeError && e.message.includes('call stack') /* no RegExp: it can overflow the nearly full stack itself */) {
    const recursion = new PyError('RecursionError', 'maximum recursion depth exceeded');
    recursion.range = range;
    recursion.inLibrary = library;
    return recursion;
  }
  return e;
}

/** Python's traceback limit on one repeated line: the rest are counted, not listed. */
const REPEATS_LISTED = 3;

/**
 * A traceback's calls as related locations, with runs of the same call folded as
 * CPython folds them (`[Previous line repeated 996 more times]`): a RecursionError
 * otherwise lists a thousand identical lines.
 */
export function callsOf(trace: readonly SourceRange[]): { message: string; range: SourceRange }[] {
  const related: { message: string; range: SourceRange }[] = [];
  for (let i = 0; i < trace.length;) {
    let j = i + 1;
    while (j < trace.length && trace[j].start === trace[i].start && trace[j].end === trace[i].end) j++;
    const listed = Math.min(j - i, REPEATS_LISTED);
    for (let k = 0; k < listed; k++) related.push({ message: 'called from here', range: trace[i] });
    const more = j - i - listed;
    if (more > 0) related.push({ message: `called from here: previous line repeated ${more} more time${more === 1 ? '' : 's'}`, range: trace[i] });
    i = j;
  }
  return related;
}
