// Bit-exact ports of the glibc 2.36 libm functions CPython's math module and
// float ** call on x86_64 Linux, so that pasted Python prints the same digits
// as CPython. See libmCore.ts for why the ports need an exact FMA.
export { exp } from './libmExp';
export { pow } from './libmPow';
export { log } from './libmLog';
export { sin, cos } from './libmSinCos';
export { expm1, tanh } from './libmHyp';
export { cosh, log10, log1p, log2, sinh } from './libmExtra';
export { atan, atan2 } from './libmAtan';
export { acos, asin } from './libmAsin';
