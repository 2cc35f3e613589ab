// Compares the libm ports (src/engine/libm*.ts) with CPython live on many
// random inputs per function and prints the mismatch counts. Not part of the
// test suite: it takes about a minute and needs python3 on a glibc x86_64
// machine, the platform the ports reproduce.
//
//   node --import tsx scripts/libm-compare.ts [count per function] [seed] [names,...]
//
// Python computes math.<f>(x) (x ** y for pow, math.atan2(y, x) for atan2 with
// the first input as y). Where CPython raises instead
// (overflow, domain errors) it reports the C library's value through ctypes,
// which is what the port must return there; those cases are counted apart.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as libm from '../src/engine/libm';

const count = Number(process.argv[2] ?? 1_000_000);
let seed = BigInt(process.argv[3] ?? 12345);
const names = (process.argv[4] ?? 'exp,log,pow,sin,cos,tanh,expm1,sinh,cosh,log10,log2,log1p,atan,atan2,asin,acos').split(',');

// xorshift64*: reproducible inputs for a given seed.
const M64 = (1n << 64n) - 1n;
seed = (seed * 0x9e3779b97f4a7c15n + 1n) & M64;
const buf = new Float64Array(1);
const u64 = new BigUint64Array(buf.buffer);
function next64(): bigint {
  seed ^= seed >> 12n;
  seed ^= (seed << 25n) & M64;
  seed ^= seed >> 27n;
  return (seed * 0x2545f4914f6cdd1dn) & M64;
}
const uniform01 = () => Number(next64() >> 11n) * 2 ** -53;
const uniform = (lo: number, hi: number) => lo + (hi - lo) * uniform01();
const randomBits = () => {
  u64[0] = next64();
  return buf[0]!;
};
const logUniform = (lo: number, hi: number, signed: boolean) => {
  const x = 2 ** uniform(lo, hi) * (1 + uniform01());
  return signed && uniform01() < 0.5 ? -x : x;
};

// One input by a mixture of ranges: ordinary values most, then magnitudes
// across the exponent range, then arbitrary bit patterns (NaNs, infinities,
// subnormals included).
function input(name: string): number {
  const u = uniform01();
  switch (name) {
    case 'exp':
    case 'expm1':
      return u < 0.4 ? uniform(-10, 10) : u < 0.7 ? uniform(-745, 710) : u < 0.9 ? logUniform(-60, 10, true) : randomBits();
    case 'log':
      return u < 0.4 ? uniform(0, 10) : u < 0.6 ? uniform(0.9, 1.1) : u < 0.9 ? logUniform(-1074, 1024, false) : randomBits();
    case 'sin':
    case 'cos':
      return u < 0.4 ? uniform(-10, 10) : u < 0.7 ? logUniform(-30, 30, true) : u < 0.8 ? logUniform(30, 1023, true) : randomBits();
    case 'tanh':
      return u < 0.5 ? uniform(-10, 10) : u < 0.8 ? logUniform(-60, 5, true) : randomBits();
    case 'sinh':
    case 'cosh':
      return u < 0.5 ? uniform(-10, 10) : u < 0.7 ? uniform(-720, 720) : u < 0.9 ? logUniform(-60, 5, true) : randomBits();
    case 'log10':
    case 'log2':
      return u < 0.4 ? uniform(0, 10) : u < 0.6 ? uniform(0.9, 1.1) : u < 0.9 ? logUniform(-1074, 1024, false) : randomBits();
    case 'atan':
      return u < 0.5 ? uniform(-20, 20) : u < 0.7 ? uniform(-1, 1) : u < 0.9 ? logUniform(-60, 60, true) : randomBits();
    case 'asin':
    case 'acos':
      return u < 0.5 ? uniform(-1, 1) : u < 0.7 ? uniform(0.96, 1) : u < 0.9 ? logUniform(-60, 0, true) : randomBits();
    case 'log1p':
      return u < 0.4 ? uniform(-1, 10) : u < 0.6 ? uniform(-0.3, 0.42) : u < 0.9 ? logUniform(-60, 1024, true) : randomBits();
    default:
      throw new Error(`no input mix for ${name}`);
  }
}

function atan2Input(out: Float64Array, i: number): void {
  const u = uniform01();
  if (u < 0.5) {
    out[i] = uniform(-10, 10);
    out[i + 1] = uniform(-10, 10);
  } else if (u < 0.8) {
    out[i] = logUniform(-1074, 1024, true);
    out[i + 1] = logUniform(-1074, 1024, true);
  } else {
    out[i] = randomBits();
    out[i + 1] = randomBits();
  }
}

function powInput(out: Float64Array, i: number): void {
  const u = uniform01();
  if (u < 0.4) {
    out[i] = uniform(0, 10);
    out[i + 1] = uniform(-5, 5);
  } else if (u < 0.6) {
    out[i] = uniform(-10, 10);
    out[i + 1] = Math.round(uniform(-10.5, 10.5));
  } else if (u < 0.8) {
    out[i] = logUniform(-1074, 1024, false);
    out[i + 1] = uniform(-2, 2);
  } else {
    out[i] = randomBits();
    out[i + 1] = u < 0.9 ? randomBits() : uniform(-3, 3);
  }
}

const PYTHON = String.raw`
import array, ctypes, ctypes.util, math, sys
name, src, dst = sys.argv[1:4]
libm = ctypes.CDLL(ctypes.util.find_library('m'))
a = array.array('d'); a.frombytes(open(src, 'rb').read())
out = array.array('d'); raised = array.array('b')
if name in ('pow', 'atan2'):
    cf = getattr(libm, name); cf.restype = ctypes.c_double; cf.argtypes = [ctypes.c_double, ctypes.c_double]
    for i in range(0, len(a), 2):
        x, y = a[i], a[i + 1]
        try:
            r = x ** y if name == 'pow' else math.atan2(x, y)
            if not isinstance(r, float): raise ValueError
            out.append(r); raised.append(0)
        except (OverflowError, ValueError, ZeroDivisionError):
            out.append(cf(x, y)); raised.append(1)
else:
    f = getattr(math, name); cf = getattr(libm, name); cf.restype = ctypes.c_double; cf.argtypes = [ctypes.c_double]
    for x in a:
        try:
            out.append(f(x)); raised.append(0)
        except (OverflowError, ValueError):
            out.append(cf(x)); raised.append(1)
open(dst, 'wb').write(out.tobytes() + raised.tobytes())
`;

const dir = mkdtempSync(join(tmpdir(), 'libm-compare-'));
const fns = libm as unknown as Record<string, (...a: number[]) => number>;
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
let total = 0;
try {
  for (const name of names) {
    const arity = name === 'pow' || name === 'atan2' ? 2 : 1;
    const inputs = new Float64Array(count * arity);
    if (arity === 2) for (let i = 0; i < inputs.length; i += 2) (name === 'pow' ? powInput : atan2Input)(inputs, i);
    else for (let i = 0; i < count; i++) inputs[i] = input(name);
    writeFileSync(join(dir, 'in'), inputs);
    execFileSync('python3', ['-c', PYTHON, name, join(dir, 'in'), join(dir, 'out')], { stdio: 'inherit' });
    const raw = readFileSync(join(dir, 'out'));
    const want = new Float64Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + count * 8));
    const raised = raw.subarray(count * 8);
    const f = fns[name]!;
    let bad = 0;
    let badRaised = 0;
    let nRaised = 0;
    const examples: string[] = [];
    for (let i = 0; i < count; i++) {
      const got = arity === 2 ? f(inputs[2 * i]!, inputs[2 * i + 1]!) : f(inputs[i]!);
      if (raised[i]) nRaised++;
      if (!same(got, want[i]!)) {
        if (raised[i]) badRaised++;
        else bad++;
        if (examples.length < 5) {
          const args = arity === 2 ? `${inputs[2 * i]}, ${inputs[2 * i + 1]}` : `${inputs[i]}`;
          examples.push(`  ${name}(${args}) = ${got}, CPython ${want[i]}`);
        }
      }
    }
    total += bad + badRaised;
    console.log(
      `${name.padEnd(6)} ${bad} mismatches of ${count - nRaised} CPython results` +
        `, ${badRaised} of ${nRaised} where CPython raises (libm's value compared)`,
    );
    for (const e of examples) console.log(e);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = total === 0 ? 0 : 1;
