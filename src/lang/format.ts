/**
 * A number as Python's repr() writes a float, since print() in a .grad file should
 * show what the lecture's notebook shows: 2.0 not 2, 1e-05 not 0.00001, nan, inf.
 */
export function pythonFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  // The exponent of the shortest round-trip digits, as Python decides by; log10 can land
  // on the wrong side of a power of ten (9.999999999999999e-05).
  const exponent = Number(x.toExponential().split('e')[1]);
  if (exponent < -4 || exponent >= 16) {
    // JS gives the same shortest digits as Python; only the exponent's spelling differs.
    const [mantissa, exp] = x.toExponential().split('e');
    const sign = exp.startsWith('-') ? '-' : '+';
    const digits = exp.replace(/^[+-]/, '').padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  const text = String(x);
  return Number.isInteger(x) ? `${text}.0` : text;
}

/** Most decimals GradLens writes (gradlens.precision's maximum): beyond, a double's digits are noise. */
export const MAX_PRECISION = 12;

/**
 * A number with fixed decimals, as draw_dot's `%.4f`; NaN and infinities spelled out.
 * The precision is clamped to 0..MAX_PRECISION, so an odd setting never throws.
 */
export function fixed(x: number, precision: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const p = Number.isFinite(precision) ? Math.min(MAX_PRECISION, Math.max(0, Math.round(precision))) : 4;
  return x.toFixed(p);
}
