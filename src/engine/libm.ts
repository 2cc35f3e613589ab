// Bit-exact ports of the glibc libm functions that CPython's math module and
// float ** call on x86_64 Linux, so that pasted Python prints the same digits
// as CPython.
//
// Which libm: glibc 2.36 as Debian 12 ships it (2.36-9+deb12u14, which adds
// the FMA variants of expm1, log1p and log2 from the 2.36 release branch), on
// a CPU with FMA and AVX2, where glibc's ifuncs select the copies built with
// -mfma. GCC contracted many a*b + c there into fused operations, so the
// ports reproduce each of those exactly (libmCore.ts). Each function returns
// C's IEEE result; Python's own errors (OverflowError, ValueError, 0.0 ** -1,
// negative ** fractional) are the interpreter's to raise.
//
// Where the code comes from (each file says more): exp, log, pow, log2 are
// rewrites of Arm's optimized-routines (MIT OR Apache-2.0 WITH LLVM-exception);
// expm1, tanh, sinh, cosh, log10, log1p of Sun's fdlibm (a permissive notice);
// sin, cos, atan, atan2, asin, acos of the IBM Accurate Mathematical Library,
// which is LGPL-2.1-or-later in glibc: those ports follow the algorithm
// operation for operation, and libmDataIbm.ts carries its tables as data.
//
// The hot functions (exp, log, pow, sin, cos, expm1, tanh) first try a fast
// path that evaluates with plain arithmetic plus a rigorous error bound and
// accepts the result only when the bound cannot change glibc's rounding; the
// rest (about 0.1 to 3% of arguments) go to an exact port.
//
// Tests: test/unit/libm.test.ts against test/fixtures/libm.json (made by
// scripts/fixtures/libm.py), and scripts/libm-compare.ts against CPython.
export { exp } from './libmExp';
export { pow } from './libmPow';
export { log } from './libmLog';
export { sin, cos } from './libmSinCos';
export { expm1, tanh } from './libmHyp';
export { cosh, log10, log1p, log2, sinh } from './libmExtra';
export { atan, atan2 } from './libmAtan';
export { acos, asin } from './libmAsin';
