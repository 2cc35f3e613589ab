import { doubleToString } from './stdlib/dtoa';

/**
 * A number as Python's repr() writes a float, since print() in a .grad file should
 * show what the lecture's notebook shows: 2.0 not 2, 1e-05 not 0.00001, nan, inf.
 * CPython's float_repr: the shortest digits that read back as x, in exponent form
 * below 1e-4 and from 1e16 on.
 */
export function pythonFloat(x: number): string {
  return doubleToString(x, 'r', 0, { addDot0: true });
}

/** Most decimals GradLens writes (gradlens.precision's maximum): beyond, a double's digits are noise. */
export const MAX_PRECISION = 12;

/**
 * A number with fixed decimals, as draw_dot's `%.4f` writes it (C's rounding, half to
 * even on exact ties, which toFixed does not do); NaN and infinities spelled out. The
 * precision is clamped to 0..MAX_PRECISION, so an odd setting never throws.
 */
export function fixed(x: number, precision: number): string {
  const p = Number.isFinite(precision) ? Math.min(MAX_PRECISION, Math.max(0, Math.round(precision))) : 4;
  return doubleToString(x, 'f', p);
}
