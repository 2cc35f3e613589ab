// exp as glibc 2.36 computes it on x86_64 with FMA, and the exp tail that
// libmPow.ts shares.
//
// The algorithm is Arm's optimized-routines math/exp.c (Szabolcs Nagy,
// Copyright (c) 2018 Arm Limited, SPDX-License-Identifier: MIT OR Apache-2.0
// WITH LLVM-exception), which glibc carries as sysdeps/ieee754/dbl-64/e_exp.c;
// this is a TypeScript rewrite of the algorithm, not a copy of glibc's (LGPL)
// source. In the exact paths each fma() call stands where GCC 12 fused a
// multiply and an add when it built glibc's __exp_fma (-O2 -mfma -mavx2,
// fp-contract=fast); the placement was read off GCC's optimized GIMPLE and
// checked against the system libm. Plain JS arithmetic stands where the build
// rounds twice.

import { EXP_H, EXP_TAIL } from './libmData';
import { POW2, fma, hiWord } from './libmCore';

const InvLn2N = 184.6649652337873; // 0x1.71547652b82fep7
const NegLn2hiN = -0.005415212348111709; // -0x1.62e42fefa0000p-8
const NegLn2loN = -1.2864023111638346e-14; // -0x1.cf79abc9e3b3ap-47
const Shift = 6755399441055744; // 0x1.8p52
const C2 = 0.49999999999996786; // 0x1.ffffffffffdbdp-2
const C3 = 0.16666666666665886; // 0x1.555555555543cp-3
const C4 = 0.0416666808410674; // 0x1.55555cf172b91p-5
const C5 = 0.008333335853059549; // 0x1.1111167a4d017p-7
const TWO_M1022 = 2.2250738585072014e-308;
const TWO_P1009 = POW2[1009 + 1074]!;

/**
 * The shared tail of exp and pow: 2^(k/128) * (1 + tmp) without intermediate
 * rounding when that may overflow or underflow (glibc's specialcase()).
 */
function expSpecial(tmp: number, k: number, i: number): number {
  const e = (k - i) >> 7;
  if (k >= 0) {
    // The exponent may exceed 1023 by up to ~460: scale down, then back up.
    const scale = EXP_H[i]! * POW2[e - 1009 + 1074]!;
    return fma(tmp, scale, scale) * TWO_P1009;
  }
  const scale = EXP_H[i]! * POW2[e + 1022 + 1074]!;
  const st = tmp * scale;
  let y = scale + st;
  if (y < 1.0) {
    // Rounds y to its final subnormal precision before scaling, as glibc does
    // to avoid a double rounding.
    let lo = st + (scale - y);
    const hi = y + 1.0;
    lo = lo + (y + (1.0 - hi));
    y = (hi + lo) - 1.0;
    if (y === 0) y = 0;
  }
  return y * TWO_M1022;
}

/** e^(x + xtail) computed as glibc's exp and pow's exp_inline do. */
export function expCore(x: number, xtail: number, abstop: number): number {
  let kd = fma(InvLn2N, x, Shift);
  kd -= Shift;
  // |kd| < 2^17 here, so kd*NegLn2hiN (36 significant bits) is exact and the
  // fused form is a plain add.
  let r = fma(NegLn2loN, kd, x + kd * NegLn2hiN);
  r += xtail;
  const k = kd | 0;
  const i = k & 127;
  const r2 = r * r;
  const t = fma(fma(C3, r, C2), r2, r + EXP_TAIL[i]!);
  const tmp = fma(r2 * r2, fma(C5, r, C4), t);
  if (abstop === 0) return expSpecial(tmp, k, i);
  const scale = EXP_H[i]! * POW2[((k - i) >> 7) + 1074]!;
  return fma(tmp, scale, scale);
}

// Above 512, kd reaches 2^17 and kd*NegLn2hiN can be inexact, so the large
// range takes the fully fused path.
export function expLarge(x: number, xtail: number): number {
  let kd = fma(InvLn2N, x, Shift);
  kd -= Shift;
  let r = fma(NegLn2loN, kd, fma(NegLn2hiN, kd, x));
  r += xtail;
  const k = kd | 0;
  const i = k & 127;
  const r2 = r * r;
  const t = fma(fma(C3, r, C2), r2, r + EXP_TAIL[i]!);
  const tmp = fma(r2 * r2, fma(C5, r, C4), t);
  return expSpecial(tmp, k, i);
}

// EXP_H split into 26-bit halves, for exact products with the scale.
const EXP_HH = new Float64Array(128);
const EXP_HL = new Float64Array(128);
for (let i = 0; i < 128; i++) {
  const h = EXP_H[i]!;
  const t = 134217729 * h;
  EXP_HH[i] = t - (t - h);
  EXP_HL[i] = h - EXP_HH[i]!;
}

const EPS12 = 1.3322676295501878e-15; // 12 * 2^-53
const EPS14 = 1.5543122344752192e-15; // 14 * 2^-53

/**
 * e^(x + xtail) for 2^-54 <= |x| < 512 as glibc computes it, or NaN when the
 * fast evaluation cannot tell. dtail bounds how far xtail may be from the
 * value glibc would use (0 for exp).
 *
 * The exact port (expCore) needs eight emulated FMAs. This instead evaluates
 * glibc's polynomial with plain, twice-rounded arithmetic, which puts its tmp
 * within 8.2*2^-53*|r| + 2^-82 of glibc's (each of glibc's three roundings of
 * the tmp chain and of r, mirrored by ours, plus the smaller polynomial terms;
 * 10.2*2^-53*|r| plus the xtail error with a tail). The final fused
 * scale + scale*tmp is computed exactly with that tmp; if rounding it gives
 * the same double at both ends of the error interval (12 and 14*2^-53*|r|,
 * about 1.4 times the bound; the largest difference seen in 3 million
 * random arguments was 2.0*2^-53*|r|), that is glibc's result. About 2% of
 * inputs fall through.
 */
export function expFast(x: number, xtail: number, dtail: number): number {
  const z = InvLn2N * x;
  const kd = (z + Shift) - Shift;
  // glibc rounds the exact product x*InvLn2N, which is within 2^-37 of z.
  if (!(Math.abs(z - kd) < 0.4999)) return NaN;
  const r = ((x + kd * NegLn2hiN) + kd * NegLn2loN) + xtail;
  const k = kd | 0;
  const i = k & 127;
  const r2 = r * r;
  const tmp = ((r + EXP_TAIL[i]!) + (C2 + C3 * r) * r2) + (r2 * r2) * (C4 + C5 * r);
  const p2 = POW2[((k - i) >> 7) + 1074]!;
  const sh = EXP_HH[i]! * p2;
  const sl = EXP_HL[i]! * p2;
  const scale = EXP_H[i]! * p2;
  const p = scale * tmp;
  const tt = 134217729 * tmp;
  const th = tt - (tt - tmp);
  const tl = tmp - th;
  const e = (((sh * th - p) + sh * tl) + sl * th) + sl * tl;
  const y = scale + p;
  const rho = (p - (y - scale)) + e;
  const d = Math.abs(r) * (dtail === 0 ? EPS12 : EPS14) + 1.01 * dtail + 3.308722450212111e-24; // + 2^-78
  const m = scale * d;
  const lo = y + (rho - m);
  return lo === y + (rho + m) ? lo : NaN;
}

/** glibc's exp(x): e^x. */
export function exp(x: number): number {
  const abstop = (hiWord(x) >>> 20) & 0x7ff;
  if (abstop - 0x3c9 >>> 0 >= 0x3f) {
    if (abstop < 0x3c9) return 1.0 + x; // |x| < 2^-54, including 0
    if (abstop >= 0x409) {
      if (x === -Infinity) return 0;
      if (abstop >= 0x7ff) return 1.0 + x;
      return x < 0 ? 0 : Infinity;
    }
    return expLarge(x, 0);
  }
  const y = expFast(x, 0, 0);
  return y === y ? y : expCore(x, 0, abstop);
}
