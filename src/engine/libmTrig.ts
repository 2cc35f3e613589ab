// sin and cos as glibc 2.36 computes them on x86_64 with FMA: the exact ports
// that libmSinCos.ts falls back to, its constants and the large-argument
// reduction both share.
//
// The algorithm is the IBM Accurate Mathematical Library's (glibc's
// sysdeps/ieee754/dbl-64/s_sin.c and branred.c, LGPL-2.1-or-later, by IBM and
// the Free Software Foundation). This is a TypeScript rewrite of the
// algorithm, kept operation for operation so the results are bit-identical:
// each fma() stands where GCC 12 fused a multiply-add in glibc's __sin_fma /
// __cos_fma (-O2 -mfma -mavx2); branred.c is built without contraction, so its
// port is plain arithmetic.

import { SINCOS_TAB as T } from './libmDataIbm';
import { POW2, fma, hiWord } from './libmCore';

export const s1 = -0.16666666666666666; // -0x1.5555555555555p-3
export const s2 = 0.008333333333332329; // 0x1.1111111110ECEp-7
export const s3 = -0.00019841269834414642; // -0x1.A01A019DB08B8p-13
export const s4 = 2.755729806860771e-6; // 0x1.71DE27B9A7ED9p-19
export const s5 = -2.5022014848318398e-8; // -0x1.ADDFFC2FCDF59p-26
export const sn3 = -0.16666666666666488; // -0x1.5555555555515p-3
export const sn5 = 0.008333332142857223; // 0x1.11110e829872fp-7
export const cs2 = 0.5;
export const cs4 = -0.04166666666666644; // -0x1.5555555555535p-5
export const cs6 = 0.001388888740079376; // 0x1.6c16bedd9e239p-10
export const big = 52776558133248; // 0x1.8p45: big + |x| rounds |x| to a multiple of 1/128
export const hp0 = 1.5707963267948966; // 0x1.921FB54442D18p0, pi/2 high part
export const hp1 = 6.123233995736766e-17; // 0x1.1A62633145C07p-54, pi/2 low part
export const mp1 = 1.5707963407039642; // 0x1.921FB58000000p0
export const mp2 = -1.3909067564377153e-8; // -0x1.DDE973C000000p-27
export const pp3 = -4.97899623147991e-17; // -0x1.CB3B398000000p-55
export const pp4 = -1.9034889620193266e-25; // -0x1.d747f23e32ed7p-83
export const hpinv = 0.6366197723675814; // 0x1.45F306DC9C883p-1, 2/pi
export const toint = 6755399441055744; // 0x1.8p52

function copysign(v: number, s: number): number {
  const a = Math.abs(v);
  return s < 0 || Object.is(s, -0) ? -a : a;
}

// sin(x + dx) for |x| < 0.126 by its Taylor series.
function taylorSin(xx: number, x: number, dx: number): number {
  const poly = fma(xx, fma(xx, fma(xx, fma(xx, s5, s4), s3), s2), s1);
  const t = fma(xx, fma(poly, x, -(dx * 0.5)), dx);
  return x + t;
}

// sin(x + dx) from the table entry nearest |x| and short polynomials.
function doSin(x: number, dx: number): number {
  if (Math.abs(x) < 0.126) return taylorSin(x * x, x, dx);
  const xold = x;
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const ub = (big + ax) - big;
  const k = ub * 512; // four table entries per 1/128 step
  const xr = ax - ub;
  const xx = xr * xr;
  const s = xr + fma(xr * xx, fma(xx, sn5, sn3), dx);
  const c = fma(xr, dx, xx * fma(xx, fma(xx, cs6, cs4), cs2));
  const sn = T[k]!;
  const cor = fma(s, T[k + 2]!, fma(-c, sn, fma(s, T[k + 3]!, T[k + 1]!)));
  return copysign(sn + cor, xold);
}

// cos(x + dx), likewise.
function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const ub = (big + ax) - big;
  const k = ub * 512;
  const xr = (ax - ub) + dx;
  const xx = xr * xr;
  const s = fma(xr * xx, fma(xx, sn5, sn3), xr);
  const c = xx * fma(xx, fma(xx, cs6, cs4), cs2);
  const cs = T[k + 2]!;
  const cor = fma(-s, T[k]!, fma(-c, cs, fma(-s, T[k + 1]!, T[k + 3]!)));
  return cs + cor;
}

// The reduced argument a + da of the last reduction (red[0], red[1]).
export const red = new Float64Array(2);

// x = n*pi/2 + (a + da) for |x| < 105414350, to 136 bits.
function reduceSincos(x: number): number {
  const xn = fma(x, hpinv, toint) - toint;
  // xn has at most 26 bits, so xn*mp1, xn*mp2 and xn*pp3 are exact and the
  // fused forms GCC made of these lines round only once anyway.
  const y = (x - xn * mp1) - xn * mp2;
  const t1 = xn * pp3;
  const t2 = y - t1;
  let db = (y - t2) - t1;
  const b = fma(-xn, pp4, t2);
  db += fma(-xn, pp4, t2 - b);
  red[0] = b;
  red[1] = db;
  return (xn | 0) & 3;
}

const toverp = [
  10680707, 7228996, 1387004, 2578385, 16069853, 12639074, 9804092, 4427841, 16666979, 11263675,
  12935607, 2387514, 4345298, 14681673, 3074569, 13734428, 16653803, 1880361, 10960616, 8533493,
  3062596, 8710556, 7349940, 6258241, 3772886, 3769171, 3798172, 8675211, 12450088, 3874808,
  9961438, 366607, 15675153, 9132554, 7151469, 3571407, 2607881, 12013382, 4155038, 6285869,
  7677882, 13102053, 15825725, 473591, 9065106, 15363067, 6271263, 9264392, 5636912, 4652155,
  7056368, 13614112, 10155062, 1944035, 9527646, 15080200, 6658437, 6231200, 6832269, 16767104,
  5075751, 3212806, 1398474, 7579849, 6349435, 12618859, 4703257, 12806093, 14477321, 2786137,
  12875403, 9837734, 14528324, 13719321, 343717,
]; // 2/pi in base 2^24 digits
const split = 134217729; // 2^27 + 1
const bigR = 6755399441055744; // 0x1.8p52
const big1 = 27021597764222976; // 0x1.8p54
const mp2b = -1.3909067675399456e-8; // -0x1.DDE974p-27 (branred's own split of pi/2)
const r6 = new Float64Array(6);

// One half of branred: the digits of x*2/pi that x (a 26-bit part) reaches,
// summed into an integer part (returned) and a fraction in brB + brBb.
let brB = 0;
let brBb = 0;
function branredPart(xp: number): number {
  let k = Math.trunc((((hiWord(xp) >>> 20) & 2047) - 450) / 24);
  if (k < 0) k = 0;
  let gor = POW2[576 - 24 * k + 1074]!;
  for (let i = 0; i < 6; i++) {
    r6[i] = xp * toverp[k + i]! * gor;
    gor *= 5.9604644775390625e-8; // 2^-24
  }
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    const s = (r6[i]! + bigR) - bigR;
    sum += s;
    r6[i] = r6[i]! - s;
  }
  let t = 0;
  for (let i = 0; i < 6; i++) t += r6[5 - i]!;
  let bb = (((((r6[0]! - t) + r6[1]!) + r6[2]!) + r6[3]!) + r6[4]!) + r6[5]!;
  const s = (t + bigR) - bigR;
  sum += s;
  t -= s;
  const b = t + bb;
  bb = (t - b) + bb;
  brB = b;
  brBb = bb;
  return sum - ((sum + big1) - big1);
}

// Payne-Hanek style reduction for 105414350 <= |x| < 2^1024 (glibc's
// __branred): x = n*pi/2 + (red[0] + red[1]), returns n mod 4.
export function branred(x0: number): number {
  const x = x0 * POW2[-600 + 1074]!;
  const tt = x * split;
  const x1 = tt - (tt - x);
  const x2 = x - x1;
  const sum1 = branredPart(x1);
  const b1 = brB;
  const bb1 = brBb;
  const sum2 = branredPart(x2);
  const b2 = brB;
  const bb2 = brBb;
  let sum = sum1 + sum2;
  let b = b1 + b2;
  let bb = Math.abs(b1) > Math.abs(b2) ? (b1 - b) + b2 : (b2 - b) + b1;
  if (b > 0.5) {
    b -= 1.0;
    sum += 1.0;
  } else if (b < -0.5) {
    b += 1.0;
    sum -= 1.0;
  }
  let s = b + ((bb + bb1) + bb2);
  let t = ((b - s) + bb) + (bb1 + bb2);
  b = s * split;
  const t1 = b - (b - s);
  const t2 = s - t1;
  b = s * hp0;
  bb = (((t1 * mp1 - b) + t1 * mp2b) + t2 * mp1) + ((t2 * mp2b + s * hp1) + t * hp0);
  s = b + bb;
  t = (b - s) + bb;
  red[0] = s;
  red[1] = t;
  return (sum | 0) & 3;
}

function doSincos(a: number, da: number, n: number): number {
  const v = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -v : v;
}

/** glibc's sin(x), exact port (libmSinCos.ts has the fast path). */
export function sinExact(x: number): number {
  const k = hiWord(x) & 0x7fffffff;
  if (k < 0x3e500000) return x; // |x| < 2^-26
  if (k < 0x3feb6000) return doSin(x, 0); // |x| < 0.855469
  if (k < 0x400368fd) return copysign(doCos(hp0 - Math.abs(x), hp1), x); // |x| < 2.426265
  if (k < 0x419921fb) {
    const n = reduceSincos(x);
    return doSincos(red[0]!, red[1]!, n);
  }
  if (k < 0x7ff00000) {
    const n = branred(x);
    return doSincos(red[0]!, red[1]!, n);
  }
  return x / x;
}

/** glibc's cos(x), exact port. */
export function cosExact(x: number): number {
  const k = hiWord(x) & 0x7fffffff;
  if (k < 0x3e400000) return 1.0; // |x| < 2^-27
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = hp0 - Math.abs(x);
    const a = y + hp1;
    return doSin(a, (y - a) + hp1);
  }
  if (k < 0x419921fb) {
    const n = reduceSincos(x);
    return doSincos(red[0]!, red[1]!, n + 1);
  }
  if (k < 0x7ff00000) {
    const n = branred(x);
    return doSincos(red[0]!, red[1]!, n + 1);
  }
  return x / x;
}
