// Fast paths for sin and cos that return exactly what glibc 2.36's FMA build
// returns, deferring to the exact port (libmTrig.ts) when they cannot tell.
//
// The exact port emulates each of glibc's fused multiply-adds. Here the
// polynomial parts are evaluated with plain, twice-rounded arithmetic and
// carry a bound on their distance from glibc's values (each bound counts
// glibc's rounding and ours at every step, as 2^-52 times the magnitudes
// involved, plus what flows in from earlier steps). The steps whose rounding
// reaches the result -- s, the final fused step of cor, the Taylor sum -- are
// computed from an exact product and sum and accepted only if they round to
// the same double across the whole error interval; then they are glibc's
// values, and the rest follows. About 1 to 4% of arguments fall through.

import { SINCOS_TAB as T } from './libmDataIbm';
import { hiWord, mulErr, SPLIT } from './libmCore';
import {
  big, branred, cosExact, cs2, cs4, cs6, hp0, hp1, hpinv, mp1, mp2, pp3, pp4, red,
  s1, s2, s3, s4, s5, sinExact, sn3, sn5, toint,
} from './libmTrig';

const EPS = 1.1102230246251565e-16; // 2^-53, one rounding's relative bound
// 2^-51: twice the bound on two roundings (2 * 2^-53), for slack where the
// bound does not decide how often the check fails.
const EPS2 = 4.440892098500626e-16;
const TWO_M50 = 8.881784197001252e-16; // slack for rounding the residual itself
const pp4h = (() => {
  const t = SPLIT * pp4;
  return t - (t - pp4);
})();
const pp4l = pp4 - pp4h;

// io[0], io[1]: the argument a + da; io[2]: how far da may be from glibc's.
// The result goes back in io[0], NaN when undecided. Passing doubles through
// memory keeps V8 from boxing them on calls it does not inline.
const io = new Float64Array(3);

// sin(a + da) as glibc's do_sin.
function sinIo(): void {
  const x = io[0]!;
  let dx = io[1]!;
  const ddx = io[2]!;
  let s0: number;
  let u: number;
  let m: number;
  if (Math.abs(x) < 0.126) {
    // TAYLOR_SIN: x + (xx*(poly*x - dx/2) + dx)
    const xx = x * x;
    const poly = xx * (xx * (xx * (xx * s5 + s4) + s3) + s2) + s1;
    const dpoly = EPS2 * (Math.abs(poly) + xx * 0.01);
    const pv = poly * x;
    const v = pv - dx * 0.5;
    const dv = Math.abs(x) * dpoly + EPS2 * (Math.abs(v) + Math.abs(pv)) + 0.5 * ddx;
    const pt = xx * v;
    const t = pt + dx;
    const dt = xx * dv + EPS2 * (Math.abs(t) + Math.abs(pt)) + ddx;
    s0 = x + t;
    const sb = s0 - x;
    u = (x - (s0 - sb)) + (t - sb);
    m = dt + TWO_M50 * Math.abs(u);
    const r = s0 + (u - m);
    io[0] = r === s0 + (u + m) ? r : NaN;
    return;
  }
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const ub = (big + ax) - big;
  const k = ub * 512;
  const xr = ax - ub;
  const xx = xr * xr;
  const x3 = xr * xx;
  // s = xr + fused(x3*P + dx)
  const P = xx * sn5 + sn3;
  const pA = x3 * P;
  const A = pA + dx;
  const dA = Math.abs(x3) * EPS2 * (Math.abs(P) + xx) + EPS2 * (Math.abs(A) + Math.abs(pA)) + ddx;
  s0 = xr + A;
  let sb = s0 - xr;
  u = (xr - (s0 - sb)) + (A - sb);
  m = dA + TWO_M50 * Math.abs(u);
  const s = s0 + (u - m);
  if (s !== s0 + (u + m)) {
    io[0] = NaN;
    return;
  }
  // c = fused(xr*dx + xx*Q), small: only its error bound matters. Q is just
  // below 0.5, where a rounding errs by at most 2^-55, so Q is within
  // (0.5 + 0.1*xx)*2^-53 of glibc's.
  const xxQ = xx * ((xx * cs6 + cs4) * xx + cs2);
  const xd = xr * dx;
  const c = xd + xxQ;
  const dc = EPS * (xx * (0.5 + 0.1 * xx) + 2.02 * Math.abs(c) + Math.abs(xd) + Math.abs(xxQ)) + Math.abs(xr) * ddx;
  const sn = T[k]!;
  const ssn = T[k + 1]!;
  const cs = T[k + 2]!;
  const ccs = T[k + 3]!;
  // cor = fused(s*cs + fused(fused(s*ccs + ssn) - c*sn))
  const m1 = s * ccs + ssn;
  const m2 = m1 - c * sn;
  const dm2 = 1.25 * (1.01 * EPS * (Math.abs(m1) + Math.abs(s * ccs) + Math.abs(m2) + Math.abs(c * sn)) + sn * dc);
  const p = s * cs;
  const pe = mulErr(s, cs, p);
  s0 = p + m2;
  sb = s0 - p;
  u = ((p - (s0 - sb)) + (m2 - sb)) + pe;
  m = dm2 + TWO_M50 * Math.abs(u);
  const cor = s0 + (u - m);
  if (cor !== s0 + (u + m)) {
    io[0] = NaN;
    return;
  }
  const r = sn + cor;
  io[0] = x < 0 ? -r : r;
}

// cos(a + da) as glibc's do_cos.
function cosIo(): void {
  const x = io[0]!;
  let dx = io[1]!;
  const ddx = io[2]!;
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const ub = (big + ax) - big;
  const k = ub * 512;
  const xr0 = ax - ub;
  const xr = xr0 + dx;
  if (ddx !== 0) {
    const w = ddx * 1.01 + TWO_M50 * Math.abs(dx);
    if (xr0 + (dx - w) !== xr0 + (dx + w)) {
      io[0] = NaN;
      return;
    }
  }
  const xx = xr * xr;
  const x3 = xr * xx;
  // s = fused(x3*P + xr); |xr| > |x3*P|, so Fast2Sum gives the exact error.
  const P = xx * sn5 + sn3;
  const pA = x3 * P;
  let s0 = xr + pA;
  let u = pA - (s0 - xr);
  let m = Math.abs(x3) * EPS2 * (Math.abs(P) + xx) + 0.5 * EPS2 * Math.abs(pA) + TWO_M50 * Math.abs(u);
  const s = s0 + (u - m);
  if (s !== s0 + (u + m)) {
    io[0] = NaN;
    return;
  }
  const Q = (xx * cs6 + cs4) * xx + cs2;
  const c = xx * Q;
  const dc = EPS * (xx * (0.5 + 0.1 * xx) + 2.02 * Math.abs(c));
  const sn = T[k]!;
  const ssn = T[k + 1]!;
  const cs = T[k + 2]!;
  const ccs = T[k + 3]!;
  // cor = fused(fused(fused(ccs - s*ssn) - c*cs) - s*sn)
  const m1 = ccs - s * ssn;
  const m2 = m1 - c * cs;
  const dm2 = 1.25 * (1.01 * EPS * (Math.abs(m1) + Math.abs(s * ssn) + Math.abs(m2) + Math.abs(c * cs)) + cs * dc);
  const p = s * sn;
  const pe = mulErr(s, sn, p);
  s0 = m2 - p;
  const sb = s0 - m2;
  u = ((m2 - (s0 - sb)) - (p + sb)) - pe;
  m = dm2 + TWO_M50 * Math.abs(u);
  const cor = s0 + (u - m);
  if (cor !== s0 + (u + m)) {
    io[0] = NaN;
    return;
  }
  io[0] = cs + cor;
}

// reduce_sincos for 2.426265 <= |x| < 105414350: x = n*pi/2 + (io[0] + io[1]),
// returns n mod 4, or -1 when the fast evaluation cannot match glibc's.
function reduceIo(x: number): number {
  const z = x * hpinv;
  const xn = (z + toint) - toint;
  // glibc rounds the exact x*hpinv, within 2^-27 of z.
  if (!(Math.abs(z - xn) < 0.4999)) return -1;
  const y = (x - xn * mp1) - xn * mp2;
  const t1 = xn * pp3;
  const t2 = y - t1;
  const db = (y - t2) - t1;
  // b = fused t2 - xn*pp4, exactly (xn has at most 27 bits, pp4 is split).
  const p = xn * pp4;
  const pe = (xn * pp4h - p) + xn * pp4l;
  const s = t2 - p;
  const sb = s - t2;
  const v = ((t2 - (s - sb)) - (p + sb)) - pe;
  const b = s + v;
  const rr = v - (b - s);
  if (rr !== 0 && (b + 2 * rr) - b === 2 * rr) return -1;
  // db += fused (t2 - b) - xn*pp4, here within io[2] of glibc's.
  const d2 = (t2 - b) - p;
  const db2 = db + d2;
  io[0] = b;
  io[1] = db2;
  io[2] = Math.abs(pe) + 1.05 * EPS2 * (Math.abs(d2) + Math.abs(db2));
  return (xn | 0) & 3;
}

function sincosIo(n: number): void {
  if (n & 1) cosIo();
  else sinIo();
  if (n & 2) io[0] = -io[0]!;
}

/** glibc's sin(x). */
export function sin(x: number): number {
  const k = hiWord(x) & 0x7fffffff;
  if (k < 0x3e500000) return x; // |x| < 2^-26
  if (k < 0x3feb6000) {
    // |x| < 0.855469
    io[0] = x;
    io[1] = 0;
    io[2] = 0;
    sinIo();
  } else if (k < 0x400368fd) {
    // |x| < 2.426265: cos(pi/2 - |x|)
    io[0] = hp0 - Math.abs(x);
    io[1] = hp1;
    io[2] = 0;
    cosIo();
    if (x < 0) io[0] = -io[0]!;
  } else if (k < 0x419921fb) {
    const n = reduceIo(x);
    if (n < 0) return sinExact(x);
    sincosIo(n);
  } else if (k < 0x7ff00000) {
    const n = branred(x);
    io[0] = red[0]!;
    io[1] = red[1]!;
    io[2] = 0;
    sincosIo(n);
  } else {
    return x / x;
  }
  const r = io[0]!;
  return r === r ? r : sinExact(x);
}

/** glibc's cos(x). */
export function cos(x: number): number {
  const k = hiWord(x) & 0x7fffffff;
  if (k < 0x3e400000) return 1.0; // |x| < 2^-27
  if (k < 0x3feb6000) {
    io[0] = x;
    io[1] = 0;
    io[2] = 0;
    cosIo();
  } else if (k < 0x400368fd) {
    // sin(pi/2 - |x|) with pi/2 - |x| in a + da
    const y = hp0 - Math.abs(x);
    const a = y + hp1;
    io[0] = a;
    io[1] = (y - a) + hp1;
    io[2] = 0;
    sinIo();
  } else if (k < 0x419921fb) {
    const n = reduceIo(x);
    if (n < 0) return cosExact(x);
    sincosIo(n + 1);
  } else if (k < 0x7ff00000) {
    const n = branred(x);
    io[0] = red[0]!;
    io[1] = red[1]!;
    io[2] = 0;
    sincosIo(n + 1);
  } else {
    return x / x;
  }
  const r = io[0]!;
  return r === r ? r : cosExact(x);
}
