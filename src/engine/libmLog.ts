// log as glibc 2.36 computes it on x86_64 with FMA.
//
// The algorithm is Arm's optimized-routines math/log.c (Szabolcs Nagy,
// Copyright (c) 2018 Arm Limited, SPDX-License-Identifier: MIT OR Apache-2.0
// WITH LLVM-exception), which glibc carries as sysdeps/ieee754/dbl-64/e_log.c;
// this is a TypeScript rewrite of it. logExact() mirrors glibc's __log_fma
// operation for operation, calling fma() where GCC fused a multiply-add (read
// off GCC 12's optimized GIMPLE for the -mfma build).

import { LOG_INVC, LOG_LOGC } from './libmData';
import { POW2, fma, hiWord, mulErr } from './libmCore';

const Ln2hi = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const Ln2lo = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
const A0 = -0.5000000000000001; // -0x1.0000000000001p-1
const A1 = 0.33333333331825593; // 0x1.555555551305bp-2
const A2 = -0.2499999999622955; // -0x1.fffffffeb4590p-3
const A3 = 0.20000304511814496; // 0x1.999b324f10111p-3
const A4 = -0.16667054827627667; // -0x1.55575e506c89fp-3
const B0 = -0.5;
const B1 = 0.3333333333333352; // 0x1.5555555555577p-2
const B2 = -0.24999999999998432; // -0x1.ffffffffffdcbp-3
const B3 = 0.19999999999320328; // 0x1.999999995dd0cp-3
const B4 = -0.16666666669929706; // -0x1.55555556745a7p-3
const B5 = 0.14285715076560868; // 0x1.24924a344de30p-3
const B6 = -0.12499997863982555; // -0x1.fffffa4423d65p-4
const B7 = 0.11110712032936046; // 0x1.c7184282ad6cap-4
const B8 = -0.10000486757818193; // -0x1.999eb43b068ffp-4
const B9 = 0.09181994006195467; // 0x1.78182f7afd085p-4
const B10 = -0.08328363062289341; // -0x1.5521375d145cdp-4
const TWO52 = 4503599627370496;

const TWO_M49 = 1.7763568394002505e-15;
const TWO_M50 = 8.881784197001252e-16;

/**
 * glibc's log(x): natural logarithm.
 *
 * The fast path evaluates glibc's polynomials with plain, twice-rounded
 * arithmetic. Its y (the part added to hi last) is then within 4*2^-53*S of
 * glibc's, S = |y| + |lo| + r^2 + |k*Ln2lo| (3*2^-53*S near 1, with
 * S = |y| + |r^3| + |lo| + |rlo*r|), from the few roundings that differ. If
 * hi + y rounds to the same double across an interval four times that wide,
 * it is glibc's result; otherwise (rarely) logExact decides.
 */
export function log(x: number): number {
  let hi: number;
  let y: number;
  let S: number;
  if (x >= 0.9375 && x < 1.064697265625) {
    if (x === 1) return 0;
    const r = x - 1.0;
    const r2 = r * r;
    const r3 = r * r2;
    const p14 = (B2 * r + B1) + B3 * r2;
    const p21 = (B5 * r + B4) + B6 * r2;
    const p28 = (B8 * r + B7) + B9 * r2;
    const p35 = ((B10 * r3 + p28) * r3 + p21) * r3 + p14;
    const w27 = r * 134217728;
    const rhi = (r + w27) - w27;
    const rlo = r - rhi;
    const w = rhi * rhi * B0;
    hi = r + w;
    const lo = (B0 * rlo) * (r + rhi) + ((r - hi) + w);
    y = p35 * r3 + lo;
    S = Math.abs(y) + Math.abs(r3) + Math.abs(lo) + Math.abs(rlo * r);
  } else {
    if (!(x >= 2.2250738585072014e-308 && x < Infinity)) {
      if (x === 0) return -Infinity;
      if (x === Infinity) return x;
      if (!(x > 0)) return NaN;
      return logExact(x); // subnormal
    }
    const hw = hiWord(x);
    const k = ((hw - 0x3fe60000) | 0) >> 20;
    const z = x * POW2[1074 - k]!;
    const i = ((hw - 0x3fe60000) >>> 13) & 127;
    const invc = LOG_INVC[i]!;
    // r as glibc's fused z*invc - 1: exact product, then one rounding.
    const pz = z * invc;
    const r = (pz - 1.0) + mulErr(z, invc, pz);
    const w = k * Ln2hi + LOG_LOGC[i]!;
    hi = r + w;
    const kl = k * Ln2lo;
    const lo = ((w - hi) + r) + kl;
    const r2 = r * r;
    y = (r * r2) * ((A4 * r + A3) * r2 + (A2 * r + A1)) + (A0 * r2 + lo);
    S = Math.abs(y) + Math.abs(lo) + r2 + Math.abs(kl);
  }
  const s = hi + y;
  const sb = s - hi;
  const u = (hi - (s - sb)) + (y - sb);
  const m = S * TWO_M49 + Math.abs(u) * TWO_M50;
  const res = s + (u - m);
  if (res === s + (u + m)) return res;
  return logExact(x);
}

// The exact port, for arguments the fast path cannot settle.
function logExact(x: number): number {
  if (x >= 0.9375 && x < 1.064697265625) {
    // Close to 1: a longer polynomial in r = x - 1 keeps the error small.
    if (x === 1) return 0;
    const r = x - 1.0;
    const r2 = r * r;
    const r3 = r * r2;
    const p14 = fma(B3, r2, fma(B2, r, B1));
    const p21 = fma(B6, r2, fma(B5, r, B4));
    const p28 = fma(B9, r2, fma(B8, r, B7));
    const p35 = fma(fma(fma(B10, r3, p28), r3, p21), r3, p14);
    // rhi is r rounded to 26 bits so that rhi*rhi is exact (r*2^27 and the
    // fused forms GCC made of it are all exact).
    const w27 = r * 134217728;
    const rhi = (r + w27) - w27;
    const rlo = r - rhi;
    // rhi*rhi*B0 is exact too, so those fused adds are plain ones.
    const w = rhi * rhi * B0;
    const hi = r + w;
    let lo = (r - hi) + w;
    lo = fma(B0 * rlo, r + rhi, lo);
    const y = fma(p35, r3, lo);
    return hi + y;
  }
  let hw = hiWord(x);
  let z: number;
  let k: number;
  if (!(x >= 2.2250738585072014e-308 && x < Infinity)) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if (!(x > 0)) return NaN;
    // Subnormal: scale into the normal range and correct the exponent.
    const xs = x * TWO52;
    hw = hiWord(xs);
    k = ((hw - 0x3fe60000) | 0) >> 20;
    z = xs * POW2[1074 - k]!;
    k -= 52;
  } else {
    k = ((hw - 0x3fe60000) | 0) >> 20;
    z = x * POW2[1074 - k]!;
  }
  const i = ((hw - 0x3fe60000) >>> 13) & 127;
  const invc = LOG_INVC[i]!;
  // z*invc is within 2^-7 of 1, so p - 1 is exact and the fused z*invc - 1
  // is that plus the product's rounding error, rounded once.
  const pz = z * invc;
  const r = (pz - 1.0) + mulErr(z, invc, pz);
  // kd*Ln2hi is exact (|k| < 1100, Ln2hi has 42 significant bits).
  const w = k * Ln2hi + LOG_LOGC[i]!;
  const hi = r + w;
  const lo = fma(Ln2lo, k, (w - hi) + r);
  const r2 = r * r;
  const q = fma(A0, r2, lo);
  const p = fma(fma(A4, r, A3), r2, fma(A2, r, A1));
  return fma(r * r2, p, q) + hi;
}

