// The Python int/float arithmetic random.py does on its arguments: ints (bigint, or bool)
// stay exact until they meet a float, mixed comparisons are exact, and conversions raise
// where CPython raises. Only what ./random needs, so it is not a general numeric tower.

import { PyError } from '../runtime/errors';

/** A Python int as the interpreter holds one: a bigint, or a bool (an int in Python). */
export type PyInt = bigint | boolean;
/** A Python int or float (a JS number). */
export type PyNumber = PyInt | number;


export function asInt(x: PyInt): bigint {
  return typeof x === 'boolean' ? (x ? 1n : 0n) : x;
}

export function numeric(x: PyNumber): number | bigint {
  return typeof x === 'boolean' ? asInt(x) : x;
}

export function pyIntRepr(x: PyInt): string {
  return typeof x === 'boolean' ? (x ? 'True' : 'False') : x.toString();
}

/** `float(x)`, which refuses ints beyond the float range rather than giving inf. */
export function toFloat(x: PyNumber): number {
  if (typeof x === 'number') return x;
  // Number(bigint) rounds to nearest, ties to even, as PyLong_AsDouble does.
  const value = Number(asInt(x));
  if (!Number.isFinite(value)) throw new PyError('OverflowError', 'int too large to convert to float');
  return value;
}

function add(a: number | bigint, b: number | bigint): number | bigint {
  return typeof a === 'bigint' && typeof b === 'bigint' ? a + b : toFloat(a) + toFloat(b);
}

export function subtract(a: number | bigint, b: number | bigint): number | bigint {
  return typeof a === 'bigint' && typeof b === 'bigint' ? a - b : toFloat(a) - toFloat(b);
}

/** `a / b`: between two ints, the correctly rounded quotient, as Python's int division. */
export function trueDivide(a: number | bigint, b: number | bigint): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if (b === 0n) throw new PyError('ZeroDivisionError', 'division by zero');
    return intTrueDivide(a, b);
  }
  const [dividend, divisor] = [toFloat(a), toFloat(b)];
  if (divisor === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
  return dividend / divisor;
}

const EXACT_FLOAT_INT = 1n << 53n;

function intTrueDivide(a: bigint, b: bigint): number {
  const negative = a < 0n !== b < 0n;
  const [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  // Both exact as floats: one float division rounds once, as CPython's fast path does.
  if (x <= EXACT_FLOAT_INT && y <= EXACT_FLOAT_INT) return Number(a) / Number(b);
  // Otherwise keep at least 55 quotient bits, or down to 2**-1076 for a subnormal result,
  // with a sticky bit for the remainder, so the single conversion to a float rounds right.
  const shift = Math.min(55 - (bitLength(x) - bitLength(y)), 1076);
  const [num, den] = shift >= 0 ? [x << BigInt(shift), y] : [x, y << BigInt(-shift)];
  const quotient = num / den;
  const sticky = num % den === 0n ? 0n : 1n;
  let magnitude = Number(quotient | sticky);
  // Scale in steps that stay exact until the last, so at most one step rounds.
  for (let left = shift; left !== 0; ) {
    const step = Math.max(Math.min(left, 1000), -1000);
    magnitude *= 2 ** -step;
    left -= step;
  }
  if (!Number.isFinite(magnitude)) throw new PyError('OverflowError', 'integer division result too large for a float');
  return negative ? -magnitude : magnitude;
}

export function floorDivide(a: bigint, b: bigint): bigint {
  const quotient = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? quotient - 1n : quotient;
}

/** int.bit_length() of a non-negative int. */
export function bitLength(n: bigint): number {
  if (n === 0n) return 0;
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + (32 - Math.clz32(parseInt(hex[0], 16)));
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
  for (const value of values) sums.push(sums.length === 0 ? numeric(value) : add(sums[sums.length - 1], numeric(value)));
  return sums;
}

/** operator.index(): ints and bools only. */
export function indexValue(x: PyNumber): bigint {
  if (typeof x === 'number') throw new PyError('TypeError', "'float' object cannot be interpreted as an integer");
  return asInt(x);
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
  if (typeof x !== 'number') return asInt(x);
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
