// exp, log and pow as glibc 2.36 computes them on x86_64 with FMA.
//
// The algorithms are Arm's optimized-routines (math/exp.c, log.c, pow.c by
// Szabolcs Nagy, Copyright (c) 2018 Arm Limited, SPDX-License-Identifier:
// MIT OR Apache-2.0 WITH LLVM-exception), which glibc carries as
// sysdeps/ieee754/dbl-64/e_exp.c, e_log.c, e_pow.c. This is a TypeScript
// rewrite of those algorithms, not a copy of glibc's (LGPL) source. Each
// fma() call stands where GCC 12 fused a multiply and an add when it built
// glibc's __exp_fma/__log_fma/__pow_fma (-O2 -mfma -mavx2, fp-contract=fast);
// the placement was read off GCC's optimized GIMPLE for those files and
// checked against the system libm. Plain JS arithmetic stands where the build
// rounds twice.

import { EXP_H, EXP_TAIL, LOG_INVC, LOG_LOGC, POW_INVC, POW_LOGC, POW_LOGCTAIL } from './libmData';
import { POW2, fma, hiWord, mulErr } from './libmCore';

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
  const e = (k - i) / 128;
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
function expCore(x: number, xtail: number, abstop: number): number {
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
  const scale = EXP_H[i]! * POW2[(k - i) / 128 + 1074]!;
  return fma(tmp, scale, scale);
}

// Above 512, kd reaches 2^17 and kd*NegLn2hiN can be inexact, so the large
// range takes the fully fused path.
function expLarge(x: number, xtail: number): number {
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

/**
 * glibc's exp(x): e^x.
 *
 * The exact port (expCore) needs eight emulated FMAs. The fast path instead
 * evaluates glibc's polynomial with plain, twice-rounded arithmetic, which
 * puts its tmp within 8.2*2^-53*|r| + 2^-82 of glibc's (each of glibc's three
 * roundings of the tmp chain and of r, mirrored by ours, plus the smaller
 * polynomial terms). The final fused scale + scale*tmp is computed exactly
 * with that tmp; if rounding it gives the same double at both ends of the
 * error interval (taken twice as wide as the bound), that is glibc's result.
 * Otherwise (about 3% of inputs) the exact port decides.
 */
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
  const z = InvLn2N * x;
  const kd = (z + Shift) - Shift;
  // glibc rounds the exact product x*InvLn2N, which is within 2^-37 of z.
  if (!(Math.abs(z - kd) < 0.4999)) return expCore(x, 0, abstop);
  const r = (x + kd * NegLn2hiN) + kd * NegLn2loN;
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
  const m = scale * (Math.abs(r) * 1.7763568394002505e-15 + 3.308722450212111e-24); // 2^-49, 2^-78
  const lo = y + (rho - m);
  if (lo === y + (rho + m)) return lo;
  return expCore(x, 0, abstop);
}

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

/** glibc's log(x): natural logarithm. */
export function log(x: number): number {
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

const P0 = -0.5;
const P1 = -0.6666666666666679; // -0x1.5555555555560p-1
const P2 = 0.5000000000000007; // 0x1.0000000000006p-1
const P3 = 0.7999999995323976; // 0x1.999999959554ep-1
const P4 = -0.6666666663487739; // -0x1.555555529a47ap-1
const P5 = -1.142909628459501; // -0x1.2495b9b4845e9p0
const P6 = 1.0000415263675542; // 0x1.0002b8b263fc3p0
let logTail = 0;

// pow's log(x) in double-double: returns hi, leaves lo in logTail. xs is |x|
// scaled into the normal range, kAdj the exponent correction for that.
function powLog(xs: number, hw: number, kAdj: number): number {
  const k = ((hw - 0x3fe69555) | 0) >> 20;
  const i = ((hw - 0x3fe69555) >>> 13) & 127;
  const z = xs * POW2[1074 - k]!;
  const kd = k + kAdj;
  const invc = POW_INVC[i]!;
  // z*invc - 1 is exactly representable here (invc has few bits), and
  // z*invc - 1 is exact for p = RN(z*invc), so only the product error adds.
  const pz = z * invc;
  const r = (pz - 1.0) + mulErr(z, invc, pz);
  // kd*Ln2hi is exact, so the fused form is a plain add.
  const t1 = kd * Ln2hi + POW_LOGC[i]!;
  const t2 = r + t1;
  const lo1 = fma(kd, Ln2lo, POW_LOGCTAIL[i]!);
  const lo2 = r + (t1 - t2);
  const ar = r * P0;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const hi = t2 + ar2;
  const lo3 = mulErr(r, ar, ar2);
  const lo4 = ar2 + (t2 - hi);
  const q = fma(ar2, fma(ar2, fma(r, P6, P5), fma(r, P4, P3)), fma(r, P2, P1));
  const lo = fma(ar3, q, lo4 + (lo3 + (lo1 + lo2)));
  const y = hi + lo;
  logTail = lo + (hi - y);
  return y;
}

// 0 if y is not an integer, 1 if odd, 2 if even (y finite, non-zero).
function checkint(y: number): number {
  if (!Number.isInteger(y)) return 0;
  return Math.abs(y) < 9007199254740992 && Math.abs(y % 2) === 1 ? 1 : 2;
}

/** glibc's pow(x, y): C's IEEE results, including its special cases. */
export function pow(x: number, y: number): number {
  let hx = hiWord(x);
  const hy = hiWord(y);
  const topy = (hy >>> 20) & 0x7ff;
  let ax = x;
  let neg = false;
  let kAdj = 0;
  if (!(Math.abs(x) >= 2.2250738585072014e-308 && Math.abs(x) < Infinity) || x < 0 || topy - 0x3be >>> 0 >= 0x80) {
    if (y === 0 || y !== y || Math.abs(y) === Infinity) {
      if (y === 0) return 1.0; // pow(x, ±0) = 1 even for NaN x
      if (x === 1) return 1.0;
      if (x !== x || y !== y) return x + y;
      if (Math.abs(x) === 1) return 1.0;
      return (Math.abs(x) < 1) === (y > 0) ? 0.0 : y * y;
    }
    if (x === 0 || x !== x || Math.abs(x) === Infinity) {
      let x2 = x * x;
      if ((x < 0 || Object.is(x, -0)) && checkint(y) === 1) x2 = -x2;
      return y < 0 ? 1 / x2 : x2;
    }
    if (x < 0) {
      const yint = checkint(y);
      if (yint === 0) return NaN;
      neg = yint === 1;
      ax = -x;
      hx &= 0x7fffffff;
    }
    if (topy - 0x3be >>> 0 >= 0x80) {
      if (ax === 1) return 1.0;
      // |y| < 2^-65: x^y ~= 1 + y*log(x), which rounds to 1 +- y.
      if (topy < 0x3be) return ax > 1 ? 1.0 + y : 1.0 - y;
      return (ax > 1) === (y > 0) ? (neg ? -Infinity : Infinity) : neg ? -0 : 0;
    }
    if (ax < 2.2250738585072014e-308) {
      ax *= TWO52;
      hx = hiWord(ax);
      kAdj = -52;
    }
  }
  const lhi = powLog(ax, hx, kAdj);
  const llo = logTail;
  const ehi = y * lhi;
  const elo = fma(y, llo, mulErr(y, lhi, ehi));
  const r = expInline(ehi, elo);
  return neg ? -r : r;
}

function expInline(x: number, xtail: number): number {
  let abstop = (hiWord(x) >>> 20) & 0x7ff;
  if (abstop - 0x3c9 >>> 0 >= 0x3f) {
    if (abstop < 0x3c9) return 1.0 + x;
    if (abstop >= 0x409) return x < 0 ? 0 : Infinity;
    return expLarge(x, xtail);
  }
  return expCore(x, xtail, abstop);
}

