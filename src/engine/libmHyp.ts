// expm1 and tanh as glibc 2.36 computes them on x86_64 with FMA.
//
// Both are Sun's fdlibm algorithms (s_expm1.c, s_tanh.c: "Copyright (C) 1993
// by Sun Microsystems, Inc. Permission to use, copy, modify, and distribute
// this software is freely granted, provided that this notice is preserved."),
// as glibc carries them. On FMA CPUs glibc's expm1 is a copy built with
// -mfma, so the port rounds once wherever GCC fused a multiply-add there (read
// off GCC's optimized GIMPLE for s_expm1.c); tanh itself is built without FMA
// and calls that expm1.

import { fma, hiWord, POW2, SPLIT } from './libmCore';

const ln2_hi = 0.6931471803691238; // 0x3fe62e42 fee00000
const ln2_lo = 1.9082149292705877e-10; // 0x3dea39ef 35793c76
const invln2 = 1.4426950408889634; // 0x3ff71547 652b82fe
const Q1 = -0.03333333333333313; // BFA11111 111110F4
const Q2 = 0.0015873015872548146; // 3F5A01A0 19FE5585
const Q3 = -7.93650757867488e-5; // BF14CE19 9EAADBB7
const Q4 = 4.008217827329362e-6; // 3ED0CFCA 86E65239
const Q5 = -2.0109921818362437e-7; // BE8AFDB7 6E09C32D
const o_threshold = 709.782712893384; // 0x40862E42 FEFA39EF

// y * 2^k for the normal y and k in [-60, 1024] expm1 produces, where
// fdlibm adds k to the exponent field directly.
function scalePow2(y: number, k: number): number {
  return k > 1023 ? y * 2 * POW2[1023 + 1074]! : y * POW2[k + 1074]!;
}

const EPS = 1.1213252548714082e-16; // 1.01 * 2^-53: a rounding's relative bound, with slack
const TWO_M50 = 8.881784197001252e-16;

/**
 * RN(a + p) for p a rounded product within `slack` of the exact one, when that
 * error cannot change the rounding; NaN when it might. |a| > |p|, so Fast2Sum
 * gives the sum's exact error u.
 */
function provenFusedSum(a: number, p: number, slack: number): number {
  const s = a + p;
  const u = p - (s - a);
  const m = slack + EPS * Math.abs(p) + TWO_M50 * Math.abs(u);
  const r = s + (u - m);
  return r === s + (u + m) ? r : NaN;
}

/**
 * glibc's expm1(x): e^x - 1, accurate near 0.
 *
 * glibc's build fuses nine multiply-adds here. The three whose products are
 * small next to their addends (R1 = 1 + hxs*Q1, then + h2*R2, then + h4*R3)
 * are evaluated from rounded products, and the result is accepted only if it
 * rounds the same across the interval the product's error (and the error of
 * the plainly computed R2, R3) allows. The other fused steps are computed
 * exactly: the product split in Dekker's way, the sum with its rounding
 * error, rounded once (t and den skip the split when the sum's error is too
 * far from a midpoint for the product's error to matter); only an exact tie
 * needs more, and then, like any failed check, expm1Exact decides. The exact
 * steps are written out, since V8 inlines only a few calls per function and
 * boxes the doubles of the others.
 */
export function expm1(x: number): number {
  io[0] = x;
  expm1Io();
  return io[0]!;
}

// Argument and result of expm1Io, passed through memory: a call taking or
// returning a double that V8 does not inline boxes it on the heap, and
// expm1Io is too large to inline into tanh.
const io = new Float64Array(1);

function expm1Io(): void {
  const x0 = io[0]!;
  let hx = hiWord(x0);
  const neg = hx >>> 31 !== 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| >= 56*ln2
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) {
        if (x0 !== x0) {
          io[0] = x0 + x0;
          return;
        }
        io[0] = neg ? -1.0 : x0;
        return;
      }
      if (x0 > o_threshold) {
        io[0] = Infinity;
        return;
      }
    }
    if (neg) {
      io[0] = -1.0;
      return;
    }
  }
  let k = 0;
  let c = 0;
  let x = x0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5*ln2: reduce to x - k*ln2 in hi - lo.
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      k = neg ? -1 : 1;
      hi = neg ? x + ln2_hi : x - ln2_hi;
      lo = neg ? -ln2_lo : ln2_lo;
    } else {
      k = (invln2 * x + (neg ? -0.5 : 0.5)) | 0; // truncates, as C's (int) does
      hi = x - k * ln2_hi; // k*ln2_hi is exact
      lo = k * ln2_lo;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) {
    io[0] = x; // |x| < 2^-54
    return;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const h2 = hxs * hxs;
  const h4 = h2 * h2;
  // R2, R3 as glibc fuses them are within dR2, dR3 of these: two roundings
  // of values below 0.00161 and 4.03e-6 (hxs <= 0.0601).
  const R2 = hxs * Q3 + Q2;
  const R3 = hxs * Q5 + Q4;
  const dR2 = 2 * EPS * 0.00161;
  const dR3 = 2 * EPS * 4.03e-6;
  // R1, r13, r1: each a fused a + product, rounded the same as glibc's when proven.
  const R1 = provenFusedSum(1.0, hxs * Q1, 0);
  const r13 = provenFusedSum(R1, h2 * R2, h2 * dR2);
  const r1 = provenFusedSum(r13, h4 * R3, h4 * dR3);
  if (Number.isNaN(R1) || Number.isNaN(r13) || Number.isNaN(r1)) {
    io[0] = expm1Exact(x0);
    return;
  }
  // t = fused 3 - hfx*r1. t lies in [2.8, 3], where doubles are 2^-51 apart,
  // so 3 - p rounds to the fused result whenever its exact error u stays
  // clear of the midpoint by more than p's own rounding error; otherwise the
  // product is split exactly. Likewise den = fused 6 - x*t in [4.9, 7.1].
  let p = hfx * r1;
  let s = 3.0 - p;
  let u = (3.0 - s) - p;
  let sp = 0;
  let bh = 0;
  let bl = 0;
  let pe = 0;
  let v = 0;
  let z = s;
  let rr = 0;
  sp = SPLIT * x;
  const xh = sp - (sp - x);
  const xl = x - xh;
  if (!(Math.abs(u) < 2.220446049250313e-16 - EPS * Math.abs(p))) {
    sp = SPLIT * r1;
    bh = sp - (sp - r1);
    bl = r1 - bh;
    // hfx = x/2 exactly, so its halves are x's halved.
    pe = (xl * 0.5) * bl - (((p - (xh * 0.5) * bh) - (xl * 0.5) * bh) - (xh * 0.5) * bl);
    v = u - pe;
    z = s + v;
    rr = v - (z - s);
    if (rr !== 0 && (z + 2 * rr) - z === 2 * rr) {
      io[0] = expm1Exact(x0);
      return;
    }
  }
  const t = z;
  p = x * t;
  s = 6.0 - p;
  u = (6.0 - s) - p;
  z = s;
  if (!(Math.abs(u) < 4.440892098500626e-16 - EPS * Math.abs(p))) {
    sp = SPLIT * t;
    bh = sp - (sp - t);
    bl = t - bh;
    pe = xl * bl - (((p - xh * bh) - xl * bh) - xh * bl);
    v = u - pe;
    z = s + v;
    rr = v - (z - s);
    if (rr !== 0 && (z + 2 * rr) - z === 2 * rr) {
      io[0] = expm1Exact(x0);
      return;
    }
  }
  const e = ((r1 - t) / z) * hxs;
  // k == 0: x - (fused x*e - hxs); otherwise e3 = (fused (e - c)*x - c) - hxs.
  const f = k === 0 ? e : e - c;
  const cc = k === 0 ? -hxs : -c;
  sp = SPLIT * f;
  bh = sp - (sp - f);
  bl = f - bh;
  p = x * f;
  pe = xl * bl - (((p - xh * bh) - xl * bh) - xh * bl);
  s = p + cc;
  const sb = s - p;
  v = ((p - (s - sb)) + (cc - sb)) + pe;
  z = s + v;
  const zb = z - s;
  rr = (s - (z - zb)) + (v - zb);
  if (rr !== 0 && (z + 2 * rr) - z === 2 * rr) {
    io[0] = expm1Exact(x0);
    return;
  }
  io[0] = k === 0 ? x - z : expm1Finish(x, z - hxs, k);
}

// The exact port, operation for operation with fma() where glibc fuses.
function expm1Exact(x: number): number {
  const hx = hiWord(x) & 0x7fffffff;
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    const neg = x < 0;
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      k = neg ? -1 : 1;
      hi = neg ? x + ln2_hi : x - ln2_hi;
      lo = neg ? -ln2_lo : ln2_lo;
    } else {
      k = Math.trunc(invln2 * x + (neg ? -0.5 : 0.5));
      hi = x - k * ln2_hi;
      lo = k * ln2_lo;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  }
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  const R1 = fma(hxs, Q1, 1.0);
  const h2 = hxs * hxs;
  const R2 = fma(hxs, Q3, Q2);
  const h4 = h2 * h2;
  const R3 = fma(hxs, Q5, Q4);
  const r1 = fma(h4, R3, fma(h2, R2, R1));
  const t = fma(-hfx, r1, 3.0);
  const e = ((r1 - t) / fma(-x, t, 6.0)) * hxs;
  if (k === 0) return x - fma(x, e, -hxs);
  return expm1Finish(x, fma(e - c, x, -c) - hxs, k);
}

// The last steps of expm1 once e has been combined with c (e3 in fdlibm).
function expm1Finish(x: number, e: number, k: number): number {
  if (k === -1) return (x - e) * 0.5 - 0.5;
  if (k === 1) {
    if (x < -0.25) return (e - (x + 0.5)) * -2.0;
    return 1.0 + (x - e) * 2.0;
  }
  if (k <= -2 || k > 56) return scalePow2(1.0 - (e - x), k) - 1.0;
  if (k < 20) return scalePow2((1.0 - POW2[-k + 1074]!) - (e - x), k);
  return scalePow2((x - (e + POW2[-k + 1074]!)) + 1.0, k);
}

/** glibc's tanh(x). */
export function tanh(x: number): number {
  const jx = hiWord(x);
  const ix = jx & 0x7fffffff;
  if (ix >= 0x7ff00000) {
    if (x !== x) return x + x;
    return x > 0 ? 1.0 : -1.0;
  }
  let z: number;
  if (ix < 0x40360000) {
    // |x| < 22
    if (x === 0) return x;
    if (ix < 0x3c800000) return x * (1.0 + x); // |x| < 2^-55
    if (ix >= 0x3ff00000) {
      io[0] = 2.0 * Math.abs(x);
      expm1Io();
      z = 1.0 - 2.0 / (io[0]! + 2.0);
    } else {
      io[0] = -2.0 * Math.abs(x);
      expm1Io();
      const t = io[0]!;
      z = -t / (t + 2.0);
    }
  } else {
    z = 1.0; // 1 - 1e-300 rounds to 1
  }
  return jx >>> 31 ? -z : z;
}
