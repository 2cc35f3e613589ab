/**
 * Decimal digits of doubles exactly as CPython gets them from David Gay's dtoa, and the
 * string PyOS_double_to_string builds from them. Every float format (`f`, `e`, `g`, `%`,
 * repr, `%`-formatting) and round() goes through here, so all round the same way: the
 * exact binary value, ties to even. JS's toFixed/toPrecision round ties away from zero
 * and stop at 100 digits, so only repr (shortest round-trip digits, which JS and Python
 * agree on) borrows from the engine.
 */
import { PyError } from '../runtime/errors';

/** The digits of |x| with no leading or trailing zeros: |x| = 0.DIGITS × 10^decpt. */
export interface Digits {
  negative: boolean;
  digits: string;
  decpt: number;
}

const view = new DataView(new ArrayBuffer(8));
const pow5Cache: bigint[] = [1n];

function pow5(k: number): bigint {
  for (let i = pow5Cache.length; i <= k; i++) pow5Cache.push(pow5Cache[i - 1] * 5n);
  return pow5Cache[k];
}

/** Every digit of a finite, non-zero |x|: a double is m·2^e, which has a finite decimal expansion. */
function exactDigits(x: number): { digits: string; decpt: number } {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  // The significand is below 2^53, so a double holds it exactly while its zero bits go.
  let mant = (hi & 0xfffff) * 2 ** 32 + lo;
  let exp = biased === 0 ? -1074 : biased - 1075;
  if (biased !== 0) mant += 2 ** 52;
  while (mant % 2 === 0) {
    mant /= 2;
    exp += 1;
  }
  if (exp >= 0) {
    const text = (BigInt(mant) << BigInt(exp)).toString();
    const digits = text.replace(/0+$/, '');
    return { digits, decpt: text.length };
  }
  // m/2^k = m·5^k/10^k, and m·5^k is odd so it ends in no zero.
  const text = (BigInt(mant) * pow5(-exp)).toString();
  return { digits: text, decpt: text.length + exp };
}

/**
 * Keep `keep` leading digits, rounding the rest half to even: the digit string is exact,
 * so a tie is a 5 with nothing after it. No digits left means zero at that position.
 */
function roundAt(digits: string, decpt: number, keep: number): { digits: string; decpt: number } {
  if (keep >= digits.length) return { digits, decpt };
  if (keep < 0) return { digits: '', decpt: decpt - keep };
  const next = digits.charCodeAt(keep) - 48;
  const lastOdd = keep > 0 && (digits.charCodeAt(keep - 1) - 48) % 2 === 1;
  const up = next > 5 || (next === 5 && (keep + 1 < digits.length || lastOdd));
  if (!up) {
    const kept = digits.slice(0, keep).replace(/0+$/, '');
    return kept === '' ? { digits: '', decpt: decpt - keep } : { digits: kept, decpt };
  }
  let i = keep - 1;
  while (i >= 0 && digits[i] === '9') i--;
  if (i < 0) return { digits: '1', decpt: decpt + 1 };
  return { digits: digits.slice(0, i) + String.fromCharCode(digits.charCodeAt(i) + 1), decpt };
}

/**
 * Gay's _Py_dg_dtoa for a finite x: mode 0 shortest round-trip digits, mode 2 `ndigits`
 * significant digits (at least 1), mode 3 `ndigits` digits after the point (may be
 * negative). Zero is "0" at decpt 1, as dtoa returns it.
 */
export function dtoa(x: number, mode: 0 | 2 | 3, ndigits: number): Digits {
  const negative = x < 0 || Object.is(x, -0);
  const ax = Math.abs(x);
  if (ax === 0) return { negative, digits: '0', decpt: 1 };
  if (mode === 0) {
    // Shortest digits that read back as x, nearest x among those: JS and Python agree.
    const [mantissa, e] = ax.toExponential().split('e');
    return { negative, digits: mantissa.replace('.', ''), decpt: Number(e) + 1 };
  }
  const exact = exactDigits(ax);
  const keep = mode === 2 ? Math.max(1, ndigits) : exact.decpt + ndigits;
  return { negative, ...roundAt(exact.digits, exact.decpt, keep) };
}

export interface DoubleFlags {
  /** Py_DTSF_SIGN: `+` on non-negative numbers. */
  sign?: boolean;
  /** Py_DTSF_ADD_DOT_0: `2.0`, not `2`, for repr and format's empty type. */
  addDot0?: boolean;
  /** Py_DTSF_ALT: `#`, keep the point and trailing zeros. */
  alt?: boolean;
  /** Py_DTSF_NO_NEG_0: `z`, a negative zero after rounding prints without its sign. */
  noNeg0?: boolean;
}

export type DoubleCode = 'e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'r';

/** PyOS_double_to_string: CPython's text for a float in one of its printf-like styles. */
export function doubleToString(x: number, code: DoubleCode, precision: number, flags: DoubleFlags = {}): string {
  const upper = code === 'E' || code === 'F' || code === 'G';
  const lower = code.toLowerCase();
  if (Number.isNaN(x)) return (flags.sign ? '+' : '') + (upper ? 'NAN' : 'nan');
  if (!Number.isFinite(x)) return (x < 0 ? '-' : flags.sign ? '+' : '') + (upper ? 'INF' : 'inf');

  let mode: 0 | 2 | 3;
  if (lower === 'e') {
    mode = 2;
    precision++;
  } else if (lower === 'f') {
    mode = 3;
  } else if (lower === 'g') {
    mode = 2;
    if (precision === 0) precision = 1;
  } else {
    mode = 0;
  }
  const d = dtoa(x, mode, precision);
  let { negative, decpt } = d;
  const digits = d.digits;
  if (flags.noNeg0 && negative && (digits === '' || digits === '0')) negative = false;

  // The output is a slice [vstart, vend) of the digits padded with zeros on both sides.
  let vend = digits.length;
  let useExp = false;
  if (lower === 'e') {
    useExp = true;
    vend = precision;
  } else if (lower === 'f') {
    vend = decpt + precision;
  } else if (lower === 'g') {
    if (decpt <= -4 || decpt > (flags.addDot0 ? precision - 1 : precision)) useExp = true;
    if (flags.alt) vend = precision;
  } else if (decpt <= -4 || decpt > 16) {
    useExp = true;
  }
  let exp = 0;
  if (useExp) {
    exp = decpt - 1;
    decpt = 1;
  }
  const vstart = decpt <= 0 ? decpt - 1 : 0;
  if (!useExp && flags.addDot0) vend = Math.max(vend, decpt + 1);
  else vend = Math.max(vend, decpt);

  let out = negative ? '-' : flags.sign ? '+' : '';
  if (decpt <= 0) {
    out += '0'.repeat(decpt - vstart) + '.' + '0'.repeat(-decpt);
  } else {
    out += '0'.repeat(-vstart);
  }
  if (decpt > 0 && decpt <= digits.length) {
    out += digits.slice(0, decpt) + '.' + digits.slice(decpt);
  } else {
    out += digits;
  }
  if (digits.length < decpt) {
    out += '0'.repeat(decpt - digits.length) + '.' + '0'.repeat(vend - decpt);
  } else {
    out += '0'.repeat(vend - digits.length);
  }
  if (out.endsWith('.') && !flags.alt) out = out.slice(0, -1);
  if (useExp) {
    const e = String(Math.abs(exp)).padStart(2, '0');
    out += `${upper ? 'E' : 'e'}${exp < 0 ? '-' : '+'}${e}`;
  }
  return out;
}

/** round(x) for a float: the nearest int, ties to even. */
export function pyRound(x: number): bigint {
  if (Number.isNaN(x)) throw new PyError('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
  const floor = Math.floor(x);
  // Exact: below 2^52 x and its floor share an exponent range, above it x is whole.
  const frac = x - floor;
  const up = frac > 0.5 || (frac === 0.5 && floor % 2 !== 0);
  return BigInt(up ? floor + 1 : floor);
}

/**
 * round(x, ndigits) for a float, as CPython's float.__round__: the decimal string that
 * dtoa rounds to, read back as a double. So round(2.675, 2) is 2.67, since the double
 * nearest 2.675 lies below it.
 */
export function pyRoundTo(x: number, ndigits: bigint): number {
  if (!Number.isFinite(x)) return x;
  // Past these every double rounds to itself, or to zero (CPython's NDIGITS_MAX/MIN).
  if (ndigits > 323n) return x;
  if (ndigits < -308n) return 0 * x;
  const d = dtoa(x, 3, Number(ndigits));
  const rounded = Number(`${d.negative ? '-' : ''}0${d.digits}e${d.decpt - d.digits.length}`);
  if (!Number.isFinite(rounded)) throw new PyError('OverflowError', 'rounded value too large to represent');
  return rounded;
}

/** round(x, ndigits) for an int: to a multiple of 10^-ndigits, ties to even. */
export function roundInt(x: bigint, ndigits: bigint): bigint {
  if (ndigits >= 0n) return x;
  const magnitude = (x < 0n ? -x : x).toString().length;
  // 10^-ndigits is then more than twice |x|: zero, without building a huge power.
  if (-ndigits > BigInt(magnitude)) return 0n;
  const unit = 10n ** -ndigits;
  let q = x / unit;
  let r = x - q * unit;
  // BigInt division truncates; make the remainder non-negative so q is the floor.
  if (r < 0n) {
    q -= 1n;
    r += unit;
  }
  if (2n * r > unit || (2n * r === unit && q % 2n !== 0n)) q += 1n;
  return q * unit;
}
