// expm1 and tanh as glibc 2.36 computes them on x86_64 with FMA.
//
// Both are Sun's fdlibm algorithms (s_expm1.c, s_tanh.c: "Copyright (C) 1993
// by Sun Microsystems, Inc. Permission to use, copy, modify, and distribute
// this software is freely granted, provided that this notice is preserved."),
// as glibc carries them. On FMA CPUs glibc's expm1 is a copy built with
// -mfma, so the port rounds once wherever GCC fused a multiply-add there (read
// off GCC's optimized GIMPLE for s_expm1.c); tanh itself is built without FMA
// and calls that expm1.

import { POW2, fma, fmaTail, hiWord } from './libmCore';

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

// Q1, Q3, Q5 split into 26-bit halves for exact products with hxs.
const SPLIT = 134217729;
function hiHalf(a: number): number {
  const t = SPLIT * a;
  return t - (t - a);
}
const Q1h = hiHalf(Q1);
const Q1l = Q1 - Q1h;
const Q3h = hiHalf(Q3);
const Q3l = Q3 - Q3h;
const Q5h = hiHalf(Q5);
const Q5l = Q5 - Q5h;

/** glibc's expm1(x): e^x - 1, accurate near 0. */
export function expm1(x: number): number {
  let hx = hiWord(x);
  const neg = hx >>> 31 !== 0;
  hx &= 0x7fffffff;
  if (hx >= 0x4043687a) {
    // |x| >= 56*ln2
    if (hx >= 0x40862e42) {
      if (hx >= 0x7ff00000) {
        if (x !== x) return x + x;
        return neg ? -1.0 : x;
      }
      if (x > o_threshold) return Infinity;
    }
    if (neg) return -1.0;
  }
  let k = 0;
  let c = 0;
  if (hx > 0x3fd62e42) {
    // |x| > 0.5*ln2: reduce to x - k*ln2 in hi - lo.
    let hi: number;
    let lo: number;
    if (hx < 0x3ff0a2b2) {
      k = neg ? -1 : 1;
      hi = neg ? x + ln2_hi : x - ln2_hi;
      lo = neg ? -ln2_lo : ln2_lo;
    } else {
      k = Math.trunc(invln2 * x + (neg ? -0.5 : 0.5));
      hi = x - k * ln2_hi; // k*ln2_hi is exact
      lo = k * ln2_lo;
    }
    x = hi - lo;
    c = (hi - x) - lo;
  } else if (hx < 0x3c900000) {
    return x; // |x| < 2^-54
  }
  // Every fused operation of glibc's build is reproduced as an exact product
  // (p + pe) rounded once with its addend, the way fma() in libmCore.ts does
  // it, but written out: V8 inlines only a few calls per function, and each
  // call left out boxes its double arguments.
  const hfx = 0.5 * x;
  const hxs = x * hfx;
  let sp = SPLIT * hxs;
  const hh = sp - (sp - hxs);
  const hl = hxs - hh;
  let p = hxs * Q1;
  const R1 = fmaTail(p, hl * Q1l - (((p - hh * Q1h) - hl * Q1h) - hh * Q1l), 1.0);
  p = hxs * Q3;
  const R2 = fmaTail(p, hl * Q3l - (((p - hh * Q3h) - hl * Q3h) - hh * Q3l), Q2);
  p = hxs * Q5;
  const R3 = fmaTail(p, hl * Q5l - (((p - hh * Q5h) - hl * Q5h) - hh * Q5l), Q4);
  const h2 = hxs * hxs;
  const h4 = h2 * h2;
  let ah: number, al: number, bh: number, bl: number, q: number, sb: number, v: number, z: number, zb: number;
  // r13 = fused h2*R2 + R1
  sp = SPLIT * h2; ah = sp - (sp - h2); al = h2 - ah;
  sp = SPLIT * R2; bh = sp - (sp - R2); bl = R2 - bh;
  p = h2 * R2;
  q = p + R1; sb = q - p;
  v = ((p - (q - sb)) + (R1 - sb)) + (al * bl - (((p - ah * bh) - al * bh) - ah * bl));
  z = q + v; zb = z - q;
  const r13 = tieFix(z, (q - (z - zb)) + (v - zb), h2, R2, R1);
  // r1 = fused h4*R3 + r13
  sp = SPLIT * h4; ah = sp - (sp - h4); al = h4 - ah;
  sp = SPLIT * R3; bh = sp - (sp - R3); bl = R3 - bh;
  p = h4 * R3;
  q = p + r13; sb = q - p;
  v = ((p - (q - sb)) + (r13 - sb)) + (al * bl - (((p - ah * bh) - al * bh) - ah * bl));
  z = q + v; zb = z - q;
  const r1 = tieFix(z, (q - (z - zb)) + (v - zb), h4, R3, r13);
  // t = fused 3 - hfx*r1
  sp = SPLIT * hfx; ah = sp - (sp - hfx); al = hfx - ah;
  sp = SPLIT * r1; bh = sp - (sp - r1); bl = r1 - bh;
  p = -(hfx * r1);
  q = p + 3.0; sb = q - p;
  v = ((p - (q - sb)) + (3.0 - sb)) - (al * bl - (((-p - ah * bh) - al * bh) - ah * bl));
  z = q + v; zb = z - q;
  const t = tieFix(z, (q - (z - zb)) + (v - zb), -hfx, r1, 3.0);
  // den = fused 6 - x*t
  sp = SPLIT * x; const xh = sp - (sp - x); const xl = x - xh;
  sp = SPLIT * t; bh = sp - (sp - t); bl = t - bh;
  p = -(x * t);
  q = p + 6.0; sb = q - p;
  v = ((p - (q - sb)) + (6.0 - sb)) - (xl * bl - (((-p - xh * bh) - xl * bh) - xh * bl));
  z = q + v; zb = z - q;
  const den = tieFix(z, (q - (z - zb)) + (v - zb), -x, t, 6.0);
  const e = ((r1 - t) / den) * hxs;
  // k == 0: x - (fused x*e - hxs); otherwise e3 = (fused (e - c)*x - c) - hxs.
  const f = k === 0 ? e : e - c;
  const cc = k === 0 ? -hxs : -c;
  sp = SPLIT * f; bh = sp - (sp - f); bl = f - bh;
  p = x * f;
  q = p + cc; sb = q - p;
  v = ((p - (q - sb)) + (cc - sb)) + (xl * bl - (((p - xh * bh) - xl * bh) - xh * bl));
  z = q + v; zb = z - q;
  const w = tieFix(z, (q - (z - zb)) + (v - zb), x, f, cc);
  return k === 0 ? x - w : expm1Finish(x, w - hxs, k);
}

// z = RN(s + v) and rr = (s + v) - z from an inlined fused multiply-add;
// only when s + v is exactly halfway between two doubles (rr is half the
// gap) can z be wrong, and then the exact fma settles it.
function tieFix(z: number, rr: number, a: number, b: number, c: number): number {
  if (rr === 0 || (z + 2 * rr) - z !== 2 * rr) return z;
  return fma(a, b, c);
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
      const t = expm1(2.0 * Math.abs(x));
      z = 1.0 - 2.0 / (t + 2.0);
    } else {
      const t = expm1(-2.0 * Math.abs(x));
      z = -t / (t + 2.0);
    }
  } else {
    z = 1.0; // 1 - 1e-300 rounds to 1
  }
  return jx >>> 31 ? -z : z;
}
