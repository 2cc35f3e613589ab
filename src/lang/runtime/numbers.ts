import { pow as libmPow } from '../../engine/libm';
import { NodeFlag, NodeRef } from '../../engine/tape';
import type { Py } from './objects';
import { Runtime } from './runtime';
import { PyError, overflowError, typeError, zeroDivision } from './errors';

// Arithmetic on plain numbers with Python's meaning: ints (bigint) stay exact and
// unbounded, `/` always gives a float, `//` and `%` floor towards minus infinity, a
// bool counts as 0 or 1, and mixing an int with a float gives a float. Errors are
// CPython's, word for word.

export type Num = number | bigint | boolean;

/**
 * A short-form Value (`a = 2.0`, and what is computed from such numbers) is a plain
 * number to Python: this gives that number, and any other value unchanged. Built-ins
 * that take numbers call it first, so `range(n)`, `xs[i]`, `round(x, 2)` and
 * `math.exp(x)` see the number.
 */
export function plain(v: Py): Py {
  if (!(v instanceof NodeRef) || v.id < 0) return v;
  const tape = Runtime.active!.tape;
  const flags = tape.flags(v.id);
  if ((flags & NodeFlag.Plain) === 0) return v;
  const x = tape.data(v.id);
  return (flags & NodeFlag.DataInt) !== 0 && Number.isFinite(x) ? BigInt(x) : x;
}

/** Whether a Value is a plain number to Python (see plain()). */
export function isPlainValue(v: Py): v is NodeRef {
  return v instanceof NodeRef && v.id >= 0 && (Runtime.active!.tape.flags(v.id) & NodeFlag.Plain) !== 0;
}

export function isNum(v: unknown): v is Num {
  const t = typeof v;
  return t === 'number' || t === 'bigint' || t === 'boolean';
}

/** An int operand as a bigint (bools are ints). */
export function asBig(v: bigint | boolean): bigint {
  return typeof v === 'boolean' ? (v ? 1n : 0n) : v;
}

/** An int as a float, as Python converts one: OverflowError past the float range. */
export function toFloat(v: Num): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  // Number(bigint) rounds to nearest, ties to even, as PyLong_AsDouble does; an int
  // that rounds up to 2**1024 is too large, as in CPython.
  const x = Number(v);
  if (!Number.isFinite(x)) throw overflowError('int too large to convert to float');
  return x;
}

/** Most bits an int result may have: Python has no limit, but a learner's `2**10**9` should not hang the editor. */
const MAX_INT_BITS = 100_000n;

export type ArithOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '<<' | '>>' | '&' | '|' | '^';

/** `a op b` for two numbers. */
export function numberOp(op: ArithOp, a: Num, b: Num): Num {
  if (typeof a !== 'number' && typeof b !== 'number') return intOp(op, asBig(a), asBig(b));
  if (op === '<<' || op === '>>' || op === '&' || op === '|' || op === '^') {
    throw typeError(`unsupported operand type(s) for ${op}: '${numTypeName(a)}' and '${numTypeName(b)}'`);
  }
  return floatOp(op, toFloat(a), toFloat(b));
}

function numTypeName(v: Num): string {
  return typeof v === 'number' ? 'float' : typeof v === 'boolean' ? 'bool' : 'int';
}

function intOp(op: ArithOp, a: bigint, b: bigint): Num {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return intTrueDivide(a, b);
    case '//': {
      if (b === 0n) throw zeroDivision('integer division or modulo by zero');
      return floorDiv(a, b);
    }
    case '%': {
      if (b === 0n) throw zeroDivision('integer modulo by zero');
      const r = a % b;
      return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
    }
    case '**': return intPow(a, b);
    case '<<': {
      if (b < 0n) throw new PyError('ValueError', 'negative shift count');
      if (bitLength(a) + b > MAX_INT_BITS) throw tooBig();
      return a << b;
    }
    case '>>': {
      if (b < 0n) throw new PyError('ValueError', 'negative shift count');
      return a >> b;
    }
    case '&': return a & b;
    case '|': return a | b;
    case '^': return a ^ b;
  }
}

export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q;
}

const EXACT_FLOAT_INT = 1n << 53n;

/** `a / b` for two ints: the correctly rounded quotient, as Python's. */
export function intTrueDivide(a: bigint, b: bigint): number {
  if (b === 0n) throw zeroDivision('division by zero');
  const negative = a < 0n !== b < 0n;
  const x = a < 0n ? -a : a, y = b < 0n ? -b : b;
  // Both exact as floats: one float division rounds once, as CPython's fast path does.
  if (x <= EXACT_FLOAT_INT && y <= EXACT_FLOAT_INT) return Number(a) / Number(b);
  // Otherwise keep at least 55 quotient bits, or down to 2**-1076 for a subnormal result,
  // with a sticky bit for the remainder, so the single conversion to a float rounds right.
  const shift = Math.min(55 - Number(bitLength(x) - bitLength(y)), 1076);
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
  if (!Number.isFinite(magnitude)) throw overflowError('integer division result too large for a float');
  return negative ? -magnitude : magnitude;
}

function intPow(a: bigint, b: bigint): Num {
  if (b < 0n) {
    if (a === 0n) throw zeroDivision('0.0 cannot be raised to a negative power');
    return floatPow(toFloat(a), toFloat(b));
  }
  if (a === 0n || a === 1n) return b === 0n ? 1n : a;
  if (a === -1n) return b % 2n === 0n ? 1n : -1n;
  if (bitLength(a) * b > MAX_INT_BITS) throw tooBig();
  return a ** b;
}

function tooBig(): PyError {
  return overflowError(`the result would have more than ${MAX_INT_BITS} bits: GradLens stops there so the editor stays responsive`);
}

export function bitLength(a: bigint): bigint {
  const abs = a < 0n ? -a : a;
  return abs === 0n ? 0n : BigInt(abs.toString(2).length);
}

function floatOp(op: '+' | '-' | '*' | '/' | '//' | '%' | '**', a: number, b: number): number {
  switch (op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
      if (b === 0) throw zeroDivision('float division by zero');
      return a / b;
    case '//':
      if (b === 0) throw zeroDivision('float floor division by zero');
      return floatDivmod(a, b)[0];
    case '%':
      if (b === 0) throw zeroDivision('float modulo');
      return floatDivmod(a, b)[1];
    case '**': return floatPow(a, b);
  }
}

/** CPython's float_divmod: the floor quotient and a remainder with the divisor's sign. */
export function floatDivmod(a: number, b: number): [number, number] {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0) {
    if ((b < 0) !== (mod < 0)) {
      mod += b;
      div -= 1;
    }
  } else {
    mod = b < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1;
  } else {
    floordiv = (a / b) < 0 || Object.is(a / b, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

/** CPython's float_pow: C pow with Python's errors (no complex numbers in GradLens). */
export function floatPow(a: number, b: number): number {
  // CPython's float_pow handles an infinite exponent first: 0.0 ** -inf is inf.
  if (a === 0 && b < 0 && b !== -Infinity) throw zeroDivision('0.0 cannot be raised to a negative power');
  if (a < 0 && Number.isFinite(a) && Number.isFinite(b) && !Number.isInteger(b)) {
    throw new PyError('ValueError',
      'a negative number raised to a fractional power is a complex number in Python, and GradLens has no complex numbers');
  }
  const r = libmPow(a, b);
  if (!Number.isFinite(r) && Number.isFinite(a) && Number.isFinite(b)) throw overflowError('(34, \'Numerical result out of range\')');
  return r;
}

/** Python's `==` between two numbers: exact, even between a big int and a float. */
export function numberEquals(a: Num, b: Num): boolean {
  if (typeof a === 'boolean') a = a ? 1n : 0n;
  if (typeof b === 'boolean') b = b ? 1n : 0n;
  // JS compares a bigint with a number exactly.
  // eslint-disable-next-line eqeqeq
  return a == b;
}

/** `a < b` etc. between two numbers, exactly. */
export function numberLess(a: Num, b: Num): boolean {
  if (typeof a === 'boolean') a = a ? 1n : 0n;
  if (typeof b === 'boolean') b = b ? 1n : 0n;
  return a < b;
}

// ---- hashing ----------------------------------------------------------------------------

const HASH_MODULUS = (1n << 61n) - 1n;

/** Python's hash(float): the value modulo 2**61 - 1, with the sign kept. */
export function hashFloat(x: number): bigint {
  // CPython 3.10+ hashes a NaN by object identity, so no seed is "the" right one; 0 is what
  // earlier versions used.
  if (Number.isNaN(x)) return 0n;
  if (!Number.isFinite(x)) return x > 0 ? 314159n : -314159n;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exponentField = Number(bits >> 52n);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = exponentField === 0 ? fraction : fraction | (1n << 52n);
  const exponent = Math.max(exponentField, 1) - 1075;
  // 2**61 is 1 modulo the modulus, so a power of two only matters modulo 61.
  const rotation = BigInt(((exponent % 61) + 61) % 61);
  const hash = (mantissa << rotation) % HASH_MODULUS;
  const signed = x < 0 ? -hash : hash;
  return signed === -1n ? -2n : signed;
}

/** Python's hash(int): the value modulo 2**61 - 1, with the sign kept. */
export function hashInt(v: bigint): bigint {
  const h = v < 0n ? -((-v) % HASH_MODULUS) : v % HASH_MODULUS;
  return h === -1n ? -2n : h;
}
