// asin and acos as glibc 2.36 computes them on x86_64 with FMA.
//
// The algorithm is the IBM Accurate Mathematical Library's (glibc's
// sysdeps/ieee754/dbl-64/e_asin.c with asincos.tbl, root.tbl and powtwo.tbl,
// LGPL-2.1-or-later, by IBM and the Free Software Foundation); this is a
// TypeScript rewrite of it, kept operation for operation so the results are
// bit-identical. On FMA CPUs glibc runs a copy built with -mfma: fma() stands
// where GCC 12 fused a multiply-add there (read off its optimized GIMPLE).
// Exact ports without fast paths: each fma() costs an emulation.

import { ASIN_TAB as T, INROOT } from './libmDataIbm';
import { POW2, fma, hiWord, loWord } from './libmCore';
import { hp0, hp1 } from './libmTrig';

const f1 = 0.1666666666666641;
const f2 = 0.07500000000261227;
const f3 = 0.044642856142105974;
const f4 = 0.03038212685821193;
const f5 = 0.022355121102652562;
const f6 = 0.018138290340456505;
const rt0 = 0.9999999998599908;
const rt1 = 0.4999999994959554;
const rt2 = 0.3750175008673452;
const rt3 = 0.31252362655451865;

// f1 + z*(f2 + ... + z*f6), as glibc fuses it.
function polyF(z: number): number {
  return fma(fma(fma(fma(fma(z, f6, f5), z, f4), z, f3), z, f2), z, f1);
}

// Where the table region for 0.125 <= |x| < 0.96875 starts (n) and how many
// polynomial coefficients it has (m); -1 outside those regions.
let regionM = 0;
function region(k: number): number {
  if (k < 0x3fe00000) {
    regionM = 5;
    return k < 0x3fd00000 ? 11 * ((k & 0x000fffff) >> 15) : 11 * ((k & 0x000fffff) >> 14) + 352;
  }
  if (k < 0x3fe80000) {
    regionM = 6;
    return 1056 + ((k & 0x000fe000) >> 11) * 3;
  }
  if (k < 0x3fed8000) {
    regionM = 7;
    return 992 + ((k & 0x000fe000) >> 13) * 13;
  }
  if (k < 0x3fee8000) {
    regionM = 8;
    return 884 + ((k & 0x000fe000) >> 13) * 14;
  }
  regionM = 9;
  return 768 + ((k & 0x000fe000) >> 13) * 15;
}

// The region's expansion around T[n]: c1*xx + (xx^2*poly(xx) + c); asin of
// the point itself is T[n + m + 3].
function regionSum(n: number, m: number, xx: number): number {
  let q = T[n + 1 + m]!;
  for (let j = m; j >= 2; j--) q = fma(q, xx, T[n + j]!);
  return fma(T[n + 1]!, xx, fma(xx * xx, q, T[n + 2 + m]!));
}

// For 0.96875 <= |x| < 1, with z = (1 - |x|)/2: returns c ~= sqrt(z) from
// the 1/sqrt seed and one Newton step, leaving 1.5 - 0.5*t*c in sqrtT; the
// callers then split sqrt(z) into y + cc.
let sqrtT = 0;
function sqrtParts(z: number): number {
  const k = hiWord(z);
  let t = INROOT[(k >>> 14) & 127]! * POW2[511 - (k >>> 21) + 1074]!;
  const r = fma(-(t * t), z, 1.0);
  t = fma(fma(fma(r, rt3, rt2), r, rt1), r, rt0) * t;
  const c = z * t;
  sqrtT = fma(-(t * 0.5), c, 1.5);
  return c;
}

/** glibc's asin(x). */
export function asin(x: number): number {
  const m = hiWord(x) | 0;
  const k = m & 0x7fffffff;
  if (k < 0x3e500000) return x; // |x| < 2^-26
  if (k < 0x3fc00000) {
    const x2 = x * x;
    return fma(polyF(x2), x * x2, x);
  }
  if (k < 0x3fef0000) {
    const n = region(k);
    const res = T[n + regionM + 3]! + regionSum(n, regionM, (m > 0 ? x : -x) - T[n]!);
    return m > 0 ? res : -res;
  }
  if (k < 0x3ff00000) {
    const z = 0.5 * (m > 0 ? 1.0 - x : 1.0 + x);
    const c = sqrtParts(z);
    const y = (c + 16777216) - 16777216; // c to 24 fraction bits
    const cc = fma(-y, y, z) / fma(sqrtT, c, y);
    const p = polyF(z) * z;
    const cor = fma(-((y + cc) * 2.0), p, hp1 - 2.0 * cc);
    const res = cor + (hp0 - 2.0 * y);
    return m > 0 ? res : -res;
  }
  if (k === 0x3ff00000 && loWord(x) === 0) return m > 0 ? hp0 : -hp0;
  if (x !== x) return x + x;
  return NaN;
}

/** glibc's acos(x). */
export function acos(x: number): number {
  const m = hiWord(x) | 0;
  const k = m & 0x7fffffff;
  if (k < 0x3c880000) return hp0; // |x| < 2.77556e-17
  if (k < 0x3fc00000) {
    const x2 = x * x;
    const r = hp0 - x;
    return r + fma(-polyF(x2), x * x2, ((hp0 - r) - x) + hp1);
  }
  if (k < 0x3fef0000) {
    const n = region(k);
    const t = regionSum(n, regionM, (m > 0 ? x : -x) - T[n]!);
    const a = T[n + regionM + 3]!;
    return m > 0 ? (hp1 - t) + (hp0 - a) : (t + hp1) + (a + hp0);
  }
  if (k < 0x3ff00000) {
    const z = 0.5 * (m > 0 ? 1.0 - x : 1.0 + x);
    const c = sqrtParts(z);
    const c27 = c * 134217728;
    const y = (c27 + c) - c27; // c to 27 bits
    const cc = fma(-y, y, z) / fma(sqrtT, c, y);
    const pc = (polyF(z) * z) * (y + cc);
    if (m < 0) return ((hp1 - cc) - pc + (hp0 - y)) * 2.0;
    return (y + (cc + pc)) * 2.0;
  }
  if (k === 0x3ff00000 && loWord(x) === 0) return m > 0 ? 0 : 3.141592653589793;
  if (x !== x) return x + x;
  return NaN;
}
