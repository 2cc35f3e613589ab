// pow as glibc 2.36 computes it on x86_64 with FMA.
//
// The algorithm is Arm's optimized-routines math/pow.c (Szabolcs Nagy,
// Copyright (c) 2018 Arm Limited, SPDX-License-Identifier: MIT OR Apache-2.0
// WITH LLVM-exception), which glibc carries as sysdeps/ieee754/dbl-64/e_pow.c;
// this is a TypeScript rewrite of it. The exact path (powLog, then
// expInline) mirrors glibc's __pow_fma operation for operation, calling fma()
// where GCC 12 fused a multiply-add (read off its optimized GIMPLE for the
// -mfma build); powFast settles most arguments without it.

import { POW_INVC, POW_LOGC, POW_LOGCTAIL } from './libmData';
import { fma, hiWord, mulErr, POW2, SPLIT } from './libmCore';
import { expCore, expFast, expLarge } from './libmExp';

const Ln2hi = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const Ln2lo = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
const TWO52 = 4503599627370496;

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

const TWO_M48 = 3.552713678800501e-15;
const TWO_M50 = 8.881784197001252e-16;
const TWO_M52 = 2.220446049250313e-16;

/**
 * x^y for positive normal x (xs, its high word hw, exponent correction kAdj)
 * as glibc computes it, or NaN when the fast evaluation cannot tell.
 *
 * glibc's log_inline is evaluated with plain arithmetic where it fuses
 * (lo1, the polynomial q and lo), which leaves lo within 10*2^-53 of the sum
 * S below of glibc's lo. If hi + lo rounds to the same double across twice
 * that interval (and more), the log's high part is glibc's exactly, so is
 * ehi = y*log, and the remaining differences (the log's tail, then elo) are
 * bounded and handed to expFast, which checks its own final rounding.
 */
function powFast(xs: number, hw: number, kAdj: number, y: number): number {
  const k = ((hw - 0x3fe69555) | 0) >> 20;
  const i = ((hw - 0x3fe69555) >>> 13) & 127;
  const z = xs * POW2[1074 - k]!;
  const kd = k + kAdj;
  const invc = POW_INVC[i]!;
  // r = z*invc - 1 exactly, as glibc's fused form gives it.
  const pz = z * invc;
  const r = (pz - 1.0) + mulErr(z, invc, pz);
  const t1 = kd * Ln2hi + POW_LOGC[i]!;
  const t2 = r + t1;
  const kl = kd * Ln2lo;
  const lo1 = kl + POW_LOGCTAIL[i]!;
  const lo2 = r + (t1 - t2);
  const ar = r * P0;
  const ar2 = r * ar;
  const ar3 = r * ar2;
  const hi = t2 + ar2;
  // The exact error of r*ar; ar = -r/2 splits as minus half r's split.
  const sp = SPLIT * r;
  const rh = sp - (sp - r);
  const rl = r - rh;
  const lo3 = (rl * -0.5) * rl - (((ar2 - rh * (rh * -0.5)) - rl * (rh * -0.5)) - rh * (rl * -0.5));
  const lo4 = ar2 + (t2 - hi);
  const q = ar2 * (ar2 * (r * P6 + P5) + (r * P4 + P3)) + (r * P2 + P1);
  const S = lo4 + (lo3 + (lo1 + lo2));
  const lo = ar3 * q + S;
  const dlo =
    TWO_M48 *
    (Math.abs(lo) + Math.abs(ar3) + Math.abs(lo1) + Math.abs(lo2) + Math.abs(lo3) + Math.abs(kl) + Math.abs(S));
  // glibc's log high part: RN(hi + lo).
  const yl = hi + lo;
  const ylb = yl - hi;
  const yu = (hi - (yl - ylb)) + (lo - ylb);
  const m1 = dlo + Math.abs(yu) * TWO_M50;
  const ylog = yl + (yu - m1);
  if (ylog !== yl + (yu + m1)) return NaN;
  const tail = lo + (hi - ylog);
  const ehi = y * ylog;
  const abstop = (hiWord(ehi) >>> 20) & 0x7ff;
  if (abstop - 0x3c9 >>> 0 >= 0x3f) {
    if (abstop < 0x3c9) return 1.0 + ehi;
    if (abstop >= 0x409) return ehi < 0 ? 0 : Infinity;
    return NaN;
  }
  // elo = RN(y*tail + (y*ylog - ehi)), the last term exact.
  const err = mulErr(y, ylog, ehi);
  const ytail = y * tail;
  const elo = ytail + err;
  const dElo = Math.abs(y) * (dlo + TWO_M52 * Math.abs(tail)) + TWO_M52 * (Math.abs(elo) + Math.abs(ytail));
  return expFast(ehi, elo, dElo);
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
  let r = powFast(ax, hx, kAdj, y);
  if (r !== r) {
    const lhi = powLog(ax, hx, kAdj);
    const llo = logTail;
    const ehi = y * lhi;
    r = expInline(ehi, fma(y, llo, mulErr(y, lhi, ehi)));
  }
  return neg ? -r : r;
}

function expInline(x: number, xtail: number): number {
  const abstop = (hiWord(x) >>> 20) & 0x7ff;
  if (abstop - 0x3c9 >>> 0 >= 0x3f) {
    if (abstop < 0x3c9) return 1.0 + x;
    if (abstop >= 0x409) return x < 0 ? 0 : Infinity;
    return expLarge(x, xtail);
  }
  return expCore(x, xtail, abstop);
}

