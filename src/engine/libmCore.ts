// Shared helpers for the libm ports: IEEE bit access and an exact fused
// multiply-add.
//
// Why an FMA: CPython's math functions call glibc's libm, and on x86_64 CPUs
// with FMA (nearly all since 2013) glibc's ifuncs pick variants compiled with
// -mfma, where GCC contracted many a*b+c into one fused operation with a
// single rounding. JS has no fma, and a*b+c rounds twice, which changes the
// last bit of the result for a large share of inputs. So every place where the
// glibc build has a fused operation, the ports call fma() below, which
// returns the correctly rounded a*b+c.

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Typed arrays use the platform's byte order; every JS platform in use is
// little-endian, but detecting it costs nothing.
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const HI = LITTLE ? 1 : 0;
const LO = LITTLE ? 0 : 1;

/** High 32 bits of x's IEEE encoding (sign, exponent, top of mantissa). */
export function hiWord(x: number): number {
  f64[0] = x;
  return u32[HI]!;
}

/** Low 32 bits of x's IEEE encoding. */
export function loWord(x: number): number {
  f64[0] = x;
  return u32[LO]!;
}

/** x with its high word replaced (fdlibm's SET_HIGH_WORD). */
export function withHiWord(x: number, hi: number): number {
  f64[0] = x;
  u32[HI] = hi;
  return f64[0]!;
}

// POW2[e + 1074] = 2^e for e in [-1074, 1023]; multiplying by it is exact as
// long as the product stays normal, which is how the ports rebuild glibc's
// exponent-field additions without 64-bit integers.
export const POW2 = new Float64Array(2098);
{
  let p = 1;
  for (let e = 0; e <= 1023; e++, p *= 2) POW2[e + 1074] = p;
  p = 1;
  for (let e = 0; e >= -1074; e--, p /= 2) POW2[e + 1074] = p;
}

// Veltkamp's splitting constant: hi parts get 26 bits so products are exact.
/** 2**27 + 1: Dekker's constant for splitting a double into two 26-bit halves. */
export const SPLIT = 134217729;

/**
 * Correctly rounded a*b + c, for the operands the ports pass: finite, with
 * |a|, |b| < 2^995 and no a*b below 2^-968 unless it is exactly zero (Dekker's
 * product is exact only away from overflow and underflow).
 *
 * a*b = p + e exactly (Dekker), p + c = s + u exactly (Knuth's TwoSum). The
 * true result is RN(s + u + e). With v = RN(u + e), RN(s + v) is already the
 * answer unless s + v lies exactly halfway between two doubles, because the
 * error of v is far below the spacing of the grid s + v sits on; at such a
 * tie only the sign of that error decides, so it is computed only then.
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  const e = mulErr(a, b, p);
  const s = p + c;
  const sb = s - p;
  const u = (p - (s - sb)) + (c - sb);
  const v = u + e;
  const z = s + v;
  const zb = z - s;
  const r = (s - (z - zb)) + (v - zb);
  if (r === 0) return z;
  const r2 = r + r;
  if ((z + r2) - z !== r2) return z;
  const vb = v - u;
  const w = (u - (v - vb)) + (e - vb);
  return w !== 0 && (w > 0) === (r > 0) ? z + r2 : z;
}

/** The exact rounding error a*b - p of p = RN(a*b) (what a fused a*b - p gives). */
export function mulErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return al * bl - (((p - ah * bh) - al * bh) - ah * bl);
}
