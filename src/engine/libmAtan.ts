// atan and atan2 as glibc 2.36 computes them on x86_64 with FMA.
//
// The algorithm is the IBM Accurate Mathematical Library's (glibc's
// sysdeps/ieee754/dbl-64/s_atan.c, e_atan2.c and uatan.tbl, LGPL-2.1-or-later,
// by IBM and the Free Software Foundation); this is a TypeScript rewrite of
// it, kept operation for operation so the results are bit-identical. On FMA
// CPUs glibc runs copies built with -mfma: fma() stands where GCC 12 fused a
// multiply-add there (read off its optimized GIMPLE). These are exact ports
// without fast paths: each fma() costs an emulation.

import { ATAN_TAB as cij } from './libmDataIbm';
import { fma, hiWord, mulErr } from './libmCore';

const d3 = -0.3333333333333333; // bfd5555555555555
const d5 = 0.19999999999998855; // 3fc99999999997fd
const d7 = -0.14285714283953163; // bfc24924923f7603
const d9 = 0.11111109821886427; // 3fbc71c6e5129a3b
const d11 = -0.09090424391727987; // bfb7458022b13c25
const d13 = 0.07601836584380736; // 3fb375f08b31cbce
const A = 1.2904777690891933e-8; // 3e4bb67a00000000
const E = 5805361265115136; // 43349ff200000000
const hpi = 1.5707963267948966; // pi/2, 3ff921fb54442d18
const hpi1 = 6.123233995736766e-17; // pi/2 - hpi
const opi = 3.141592653589793; // pi
const opi1 = 1.2246467991473532e-16; // pi - opi
const qpi = 0.7853981633974483; // pi/4
const tqpi = 2.356194490192345; // 3pi/4, 4002d97c7f3321d2
const TWO52 = 4503599627370496;
const two500 = 3.273390607896142e150;
const twom500 = 3.054936363499605e-151;

function copysign(v: number, s: number): number {
  const a = Math.abs(v);
  return s < 0 || Object.is(s, -0) ? -a : a;
}

// atan's odd polynomial d3 + v*(d5 + ...), as glibc fuses it.
function polyD(v: number): number {
  return fma(fma(fma(fma(fma(d13, v, d11), v, d9), v, d7), v, d5), v, d3);
}

// Index of the table entry nearest u in [1/16, 1): round(256*u) - 16.
function index(u: number): number {
  return 7 * (((TWO52 + 256 * u) - TWO52) - 16);
}

// c2 + v*(c3 + v*(c4 + v*(c5 + v*c6))) of entry i, as glibc fuses it.
function polyC(i: number, v: number): number {
  return fma(fma(fma(fma(cij[i + 6]!, v, cij[i + 5]!), v, cij[i + 4]!), v, cij[i + 3]!), v, cij[i + 2]!);
}

/** glibc's atan(x). */
export function atan(x: number): number {
  if (x !== x) return x + x;
  const u = Math.abs(x);
  if (u < 1) {
    if (u < 0.0625) {
      if (u < A) return x;
      const v = x * x;
      return fma(x * v, polyD(v), x);
    }
    const i = index(u);
    const z = u - cij[i]!;
    return copysign(fma(z, polyC(i, z), cij[i + 1]!), x);
  }
  if (u < 16) {
    const w = 1 / u;
    const t1 = u * w;
    const t2 = mulErr(u, w, t1);
    const i = index(w);
    const z = fma((1 - t1) - t2, w, w - cij[i]!);
    const yy = fma(-z, polyC(i, z), hpi1);
    return copysign(yy + (hpi - cij[i + 1]!), x);
  }
  if (u < E) {
    const w = 1 / u;
    const v = w * w;
    const t1 = u * w;
    const t2 = mulErr(u, w, t1);
    const yy = (w * v) * polyD(v);
    const ww = ((1 - t1) - t2) * w;
    const t3 = hpi - w;
    const cor = Math.abs(w) < hpi ? (hpi - t3) - w : hpi - (w + t3);
    return copysign(t3 + (((cor + hpi1) - ww) - yy), x);
  }
  return x > 0 ? hpi : -hpi;
}

/** glibc's atan2(y, x). */
export function atan2(y: number, x: number): number {
  if (x !== x) return x + y;
  if (y !== y) return y + y;
  const ux = hiWord(x) | 0;
  const uy = hiWord(y) | 0;
  const xneg = ux < 0;
  if (y === 0) return xneg ? copysign(opi, y) : copysign(0, y);
  if (x === 0) return y > 0 ? hpi : -hpi;
  if (x === Infinity) {
    if (Math.abs(y) === Infinity) return y > 0 ? qpi : -qpi;
    return y > 0 ? 0 : -0;
  }
  if (x === -Infinity) {
    if (Math.abs(y) === Infinity) return y > 0 ? tqpi : -tqpi;
    return y > 0 ? opi : -opi;
  }
  if (Math.abs(y) === Infinity) return y > 0 ? hpi : -hpi;
  let ax = Math.abs(x);
  let ay = Math.abs(y);
  const de = (uy & 0x7ff00000) - (ux & 0x7ff00000);
  if (de >= 59768832) return y > 0 ? hpi : -hpi; // exponents 57 apart
  if (de <= -59768832) {
    if (x > 0) return copysign(ay / ax, y);
    return y > 0 ? opi : -opi;
  }
  if (ax < twom500 || ay < twom500) {
    ax *= two500;
    ay *= two500;
  }
  if (ax > two500 || ay > two500) {
    ax *= twom500;
    ay *= twom500;
  }
  // u + du = the smaller over the larger, to double-double precision.
  let u: number;
  let du: number;
  if (ay < ax) {
    u = ay / ax;
    const v = ax * u;
    du = ((ay - v) - mulErr(ax, u, v)) / ax;
  } else {
    u = ax / ay;
    const v = ay * u;
    du = ((ax - v) - mulErr(ay, u, v)) / ay;
  }
  let z: number;
  if (x > 0) {
    if (ay < ax) {
      // (i) atan(ay/ax)
      if (u < 0.0625) {
        const v = u * u;
        z = u + fma(u * v, polyD(v), du);
      } else {
        const i = index(u);
        const t3 = u - cij[i]!;
        const v = du + t3;
        const dv = Math.abs(t3) > Math.abs(du) ? (t3 - v) + du : (du - v) + t3;
        const t2 = cij[i + 2]!;
        const q = fma(fma(fma(cij[i + 6]!, v, cij[i + 5]!), v, cij[i + 4]!), v, cij[i + 3]!);
        z = cij[i + 1]! + fma(v, t2, fma(dv, t2, (v * v) * q));
      }
    } else if (u < 0.0625) {
      // (ii) pi/2 - atan(ax/ay)
      const v = u * u;
      const zz = (u * v) * polyD(v);
      const t2 = hpi - u;
      const cor = Math.abs(u) < hpi ? (hpi - t2) - u : hpi - (u + t2);
      z = t2 + (((cor + hpi1) - du) - zz);
    } else {
      const i = index(u);
      const v = (u - cij[i]!) + du;
      z = fma(-polyC(i, v), v, hpi1) + (hpi - cij[i + 1]!);
    }
  } else if (ax < ay) {
    // (iii) pi/2 + atan(ax/ay)
    if (u < 0.0625) {
      const v = u * u;
      const zz = (v * u) * polyD(v);
      const t2 = u + hpi;
      const cor = Math.abs(u) < hpi ? (hpi - t2) + u : (u - t2) + hpi;
      z = t2 + (((cor + hpi1) + du) + zz);
    } else {
      const i = index(u);
      const v = (u - cij[i]!) + du;
      z = fma(polyC(i, v), v, hpi1) + (cij[i + 1]! + hpi);
    }
  } else if (u < 0.0625) {
    // (iv) pi - atan(ay/ax)
    const v = u * u;
    const zz = (v * u) * polyD(v);
    const t2 = opi - u;
    const cor = Math.abs(u) < opi ? (opi - t2) - u : opi - (t2 + u);
    z = t2 + (((cor + opi1) - du) - zz);
  } else {
    const i = index(u);
    const v = (u - cij[i]!) + du;
    z = fma(-polyC(i, v), v, opi1) + (opi - cij[i + 1]!);
  }
  return copysign(z, y);
}

