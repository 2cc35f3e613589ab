// sinh, cosh, log10, log2 and log1p as glibc 2.36 computes them on x86_64
// with FMA. Less used than the others, so these are straight exact ports with
// fma() calls, without fast paths.
//
// sinh, cosh, log10 and log1p are Sun's fdlibm algorithms (e_sinh.c,
// e_cosh.c, e_log10.c, s_log1p.c: "Copyright (C) 1993 by Sun Microsystems,
// Inc. Permission to use, copy, modify, and distribute this software is
// freely granted, provided that this notice is preserved."). glibc builds
// sinh, cosh and log10 without FMA, calling its FMA exp, expm1 and log; its
// log1p is a copy built with -mfma. log2 is Arm's optimized-routines
// math/log2.c (Copyright (c) 2018 Arm Limited, SPDX-License-Identifier: MIT OR
// Apache-2.0 WITH LLVM-exception), built with -mfma. fma() stands where GCC 12
// fused a multiply-add in those builds (read off its optimized GIMPLE).

import { LOG2_INVC, LOG2_LOGC } from './libmData';
import { POW2, fma, hiWord, loWord, mulErr, withHiWord } from './libmCore';
import { exp } from './libmExp';
import { expm1 } from './libmHyp';
import { log } from './libmLog';

const SHUGE = 1.0e307;

/** glibc's sinh(x). */
export function sinh(x: number): number {
  const jx = hiWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) return x + x;
  const h = jx >>> 31 ? -0.5 : 0.5;
  const ax = Math.abs(x);
  if (ix < 0x40360000) {
    // |x| < 22
    if (ix < 0x3e300000) return x; // |x| < 2^-28
    const t = expm1(ax);
    if (ix < 0x3ff00000) return h * (2.0 * t - (t * t) / (t + 1.0));
    return h * (t + t / (t + 1.0));
  }
  if (ix < 0x40862e42) return h * exp(ax);
  if (ix < 0x408633ce || (ix === 0x408633ce && loWord(x) <= 0x8fb9f87d)) {
    // exp(|x|) alone would overflow: 0.5*exp(|x|/2) * exp(|x|/2).
    const w = exp(0.5 * ax);
    return h * w * w;
  }
  return x * SHUGE;
}

/** glibc's cosh(x). */
export function cosh(x: number): number {
  const ix = hiWord(x) & 0x7fffffff;
  const ax = Math.abs(x);
  if (ix < 0x40360000) {
    if (ix < 0x3fd62e43) {
      // |x| < 0.5*ln2: 1 + expm1(|x|)^2 / (2*exp(|x|))
      if (ix < 0x3c800000) return 1.0;
      const t = expm1(ax);
      const w = 1.0 + t;
      return 1.0 + (t * t) / (w + w);
    }
    const t = exp(ax);
    return 0.5 * t + 0.5 / t;
  }
  if (ix < 0x40862e42) return 0.5 * exp(ax);
  if (ax <= 710.4758600739439) {
    // 0x408633ce8fb9f87d, the overflow threshold
    const w = exp(0.5 * ax);
    return 0.5 * w * w;
  }
  if (ix >= 0x7ff00000) return x * x;
  return Infinity;
}

const ivln10 = 0.4342944819032518; // 0x3FDBCB7B 1526E50E
const log10_2hi = 0.30102999566361177; // 0x3FD34413 509F6000
const log10_2lo = 3.694239077158931e-13; // 0x3D59FEF3 11F12B36
const TWO54 = 18014398509481984;

/** glibc's log10(x). */
export function log10(x: number): number {
  let k = 0;
  if (!(x >= 2.2250738585072014e-308)) {
    if (x === 0) return -Infinity;
    if (x < 0 || hiWord(x) >>> 31) return NaN;
    if (x !== x) return x + x;
    k = -54; // subnormal: scale up
    x *= TWO54;
  }
  if (x === Infinity) return x;
  const e = ((hiWord(x) >>> 20) & 0x7ff) - 1023;
  k += e;
  // log10(2^y * m) with m in [1, 2), or in [0.5, 1) when k < 0.
  const i = k < 0 ? 1 : 0;
  const y = k + i;
  const z = y * log10_2lo + ivln10 * log(x * POW2[1074 - e - i]!);
  return z + y * log10_2hi;
}

const InvLn2hi = 1.4426950407214463; // 0x1.7154765200000p0
const InvLn2lo = 1.6751713164886512e-10; // 0x1.705fc2eefa200p-33
const A0 = -0.7213475204444882; // -0x1.71547652b8339p-1
const A1 = 0.4808983469629985; // 0x1.ec709dc3a04bep-2
const A2 = -0.36067375954075914; // -0x1.7154764702ffbp-2
const A3 = 0.2885390073180969; // 0x1.2776c50034c48p-2
const A4 = -0.2404693555628422; // -0x1.ec7b328ea92bcp-3
const A5 = 0.2061202382173603; // 0x1.a6225e117f92ep-3
const B0 = -0.7213475204444817; // -0x1.71547652b82fep-1
const B1 = 0.48089834696298744; // 0x1.ec709dc3a03f7p-2
const B2 = -0.360673760222145; // -0x1.71547652b7c3fp-2
const B3 = 0.2885390081805197; // 0x1.2776c50f05be4p-2
const B4 = -0.24044917405728863; // -0x1.ec709dd768fe5p-3
const B5 = 0.2060992861022954; // 0x1.a61761ec4e736p-3
const B6 = -0.18033596705327856; // -0x1.7153fbc64a79bp-3
const B7 = 0.1603032746063156; // 0x1.484d154f01b4ap-3
const B8 = -0.14483316576701266; // -0x1.289e4a72c383cp-3
const B9 = 0.13046826811283835; // 0x1.0b32f285aee66p-3

/** glibc's log2(x). */
export function log2(x: number): number {
  if (x >= 0.9576029777526855 && x < 1.0442743301391602) {
    // 1 - 0x1.5b51p-5 <= x < 1 + 0x1.6ab2p-5
    if (x === 1) return 0;
    const r = x - 1.0;
    const hi = InvLn2hi * r;
    let lo = fma(InvLn2lo, r, mulErr(InvLn2hi, r, hi));
    const r2 = r * r;
    const r4 = r2 * r2;
    const b01 = fma(B1, r, B0);
    const y = fma(b01, r2, hi);
    lo = fma(b01, r2, hi - y) + lo;
    const b25 = fma(fma(B5, r, B4), r2, fma(B3, r, B2));
    const b69 = fma(fma(B9, r, B8), r2, fma(B7, r, B6));
    lo = fma(fma(b69, r4, b25), r4, lo);
    return y + lo;
  }
  let xs = x;
  let kAdj = 0;
  if (!(x >= 2.2250738585072014e-308 && x < Infinity)) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (!(x > 0)) return NaN;
    xs = x * 4503599627370496; // subnormal: scale by 2^52
    kAdj = -52;
  }
  const hw = hiWord(xs);
  const k0 = ((hw - 0x3fe60000) | 0) >> 20;
  const i = ((hw - 0x3fe60000) >>> 14) & 63;
  const z = xs * POW2[1074 - k0]!;
  const kd = k0 + kAdj;
  const invc = LOG2_INVC[i]!;
  // glibc's fused z*invc - 1: p - 1 is exact, then one rounding.
  const pz = z * invc;
  const r = (pz - 1.0) + mulErr(z, invc, pz);
  const t1 = InvLn2hi * r;
  const t2 = fma(InvLn2lo, r, mulErr(InvLn2hi, r, t1));
  const t3 = LOG2_LOGC[i]! + kd;
  const hi = t1 + t3;
  const lo = ((t3 - hi) + t1) + t2;
  const r2 = r * r;
  const r4 = r2 * r2;
  const p = fma(fma(A5, r, A4), r4, fma(fma(A3, r, A2), r2, fma(A1, r, A0)));
  return fma(r2, p, lo) + hi;
}

const ln2_hi = 0.6931471803691238; // 3fe62e42 fee00000
const ln2_lo = 1.9082149292705877e-10; // 3dea39ef 35793c76
const Lp1 = 0.6666666666666735; // 3FE55555 55555593
const Lp2 = 0.3999999999940942; // 3FD99999 9997FA04
const Lp3 = 0.2857142874366239; // 3FD24924 94229359
const Lp4 = 0.22222198432149784; // 3FCC71C5 1D8E78AF
const Lp5 = 0.1818357216161805; // 3FC74664 96CB03DE
const Lp6 = 0.15313837699209373; // 3FC39A09 D078C69F
const Lp7 = 0.14798198605116586; // 3FC2F112 DF3E5244

/** glibc's log1p(x): log(1 + x), accurate near 0. */
export function log1p(x: number): number {
  const hx = hiWord(x) | 0;
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422
    if (ax >= 0x3ff00000) return x === -1.0 ? -Infinity : NaN; // x <= -1
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (ax < 0x3c900000) return x;
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // -0.2929 < x < 0.41422
      k = 0;
      f = x;
      hu = 1;
    }
  } else if (hx >= 0x7ff00000) {
    return x + x;
  }
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = hiWord(u);
      k = (hu >> 20) - 1023;
      c = (k > 0 ? 1.0 - (u - x) : x - (u - 1.0)) / u; // correction term
    } else {
      u = x;
      hu = hx;
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHiWord(u, hu | 0x3ff00000); // normalize u
    } else {
      k += 1;
      u = withHiWord(u, hu | 0x3fe00000); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = f * 0.5 * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      return k * ln2_hi + fma(k, ln2_lo, c);
    }
    const R = fma(-f, 0.6666666666666666, 1.0) * hfsq;
    if (k === 0) return f - R;
    return k * ln2_hi - ((R - fma(k, ln2_lo, c)) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const z2 = z * z;
  const z4 = z2 * z2;
  const R = fma(z2 * z4, fma(z, Lp7, Lp6), fma(z4, fma(z, Lp5, Lp4), fma(z, Lp1, z2 * fma(z, Lp3, Lp2))));
  const sr = s * (R + hfsq);
  if (k === 0) return f - (hfsq - sr);
  return k * ln2_hi - ((hfsq - (fma(k, ln2_lo, c) + sr)) - f);
}
