// What random.py does with its arguments beyond Python's arithmetic (runtime/numbers):
// exact int/float comparison for bisect, accumulate, operator.index, and randrange's
// argument checks, raising where CPython raises.

import { PyError } from '../runtime/errors';
import { asBig, numberOp } from '../runtime/numbers';

/** A Python int as the interpreter holds one: a bigint, or a bool (an int in Python). */
export type PyInt = bigint | boolean;
/** A Python int or float (a JS number). */
export type PyNumber = PyInt | number;

export { asBig as asInt, bitLength, floorDiv as floorDivide, toFloat } from '../runtime/numbers';

export function numeric(x: PyNumber): number | bigint {
  return typeof x === 'boolean' ? asBig(x) : x;
}

export function pyIntRepr(x: PyInt): string {
  return typeof x === 'boolean' ? (x ? 'True' : 'False') : x.toString();
}

export function subtract(a: number | bigint, b: number | bigint): number | bigint {
  return numberOp('-', a, b) as number | bigint;
}

/** `a / b` with Python's int and float division and its errors. */
export function trueDivide(a: number | bigint, b: number | bigint): number {
  return numberOp('/', a, b) as number;
}

/** Python's exact comparison of ints and floats: negative, zero or positive (NaN: NaN). */
export function compare(a: number | bigint, b: number | bigint): number {
  if (typeof a === typeof b) return a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN;
  if (typeof a === 'number') return -compare(b, a);
  const x = b as number;
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return x > 0 ? -1 : 1;
  // For an int n and a float x, n < x exactly when n < ceil(x), and n > x when n > floor(x).
  const bigA = a as bigint;
  if (bigA < BigInt(Math.ceil(x))) return -1;
  return bigA > BigInt(Math.floor(x)) ? 1 : 0;
}

/** bisect.bisect_right over [lo, hi). */
export function bisectRight(sorted: readonly (number | bigint)[], x: number | bigint, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(x, sorted[mid]) < 0) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** itertools.accumulate with Python's `+`. */
export function accumulate(values: readonly PyNumber[]): (number | bigint)[] {
  const sums: (number | bigint)[] = [];
  for (const value of values) sums.push(sums.length === 0 ? numeric(value) : numberOp('+', sums[sums.length - 1], numeric(value)) as number | bigint);
  return sums;
}

/** operator.index(): ints and bools only. */
export function indexValue(x: PyNumber): bigint {
  if (typeof x === 'number') throw new PyError('TypeError', "'float' object cannot be interpreted as an integer");
  return asBig(x);
}

/** itertools.repeat(None, k) as a count: a negative k repeats nothing. */
export function repeatCount(k: PyNumber): number {
  const count = indexValue(k);
  return count < 0n ? 0 : Number(count);
}

/**
 * randrange's argument check: an int as is, and (deprecated since 3.10, still accepted in
 * 3.11) a float that holds an integer.
 */
export function integerArgument(x: PyNumber, nonIntegerMessage: string): bigint {
  if (typeof x !== 'number') return asBig(x);
  if (Number.isNaN(x)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
  if (!Number.isInteger(x)) throw new PyError('ValueError', nonIntegerMessage);
  return BigInt(x);
}

/** math.sqrt, which raises where Math.sqrt gives NaN. */
export function squareRoot(x: number): number {
  if (x < 0) throw new PyError('ValueError', 'math domain error');
  return Math.sqrt(x);
}
