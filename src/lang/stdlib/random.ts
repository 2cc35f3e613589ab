// CPython 3.11's random.Random, so a pasted program that seeds `random` draws the same
// numbers as it does under CPython (issue 7). Each method follows Lib/random.py step by
// step, with the same number of draws in the same order, the same int/float arithmetic and
// the same exceptions; the generator itself is in ./mersenne.

import { cos, exp, log, sin } from '../../engine/libm';
import { PyError } from '../runtime/errors';
import { hashFloat } from '../runtime/numbers';
import { MersenneTwister, wordsOf } from './mersenne';
import {
  accumulate, asInt, bisectRight, bitLength, compare, floorDivide, indexValue, integerArgument, numeric,
  pyIntRepr, repeatCount, squareRoot, subtract, toFloat, trueDivide, type PyInt, type PyNumber,
} from './randomArithmetic';
import { sha512 } from './sha512';

export type { PyInt, PyNumber };
/** What `random.seed` accepts besides None: int, bool, float, str, bytes. */
export type PySeed = PyNumber | string | Uint8Array;

/** math.tau. */
const TWOPI = 6.283185307179586;
/** `4 * exp(-0.5) / sqrt(2.0)` as CPython computes it at import, written out so it does not
 * depend on our exp. */
const NV_MAGICCONST = 1.7155277699214135;

export class PyRandom {
  private readonly generator = new MersenneTwister();
  /** gauss() makes two values at a time and hands out the second on the next call. */
  private gaussNext: number | null = null;

  /** `random.Random(seed)`; for `Random()` or `seed(None)` the caller picks the int. */
  constructor(seed: PySeed) {
    this.seed(seed);
  }

  /** `seed(a)` with version 2, the default. */
  seed(a: PySeed): void {
    this.generator.seedWords(wordsOf(seedInteger(a)));
    this.gaussNext = null;
  }

  random(): number {
    return this.generator.nextFloat();
  }

  getrandbits(k: PyNumber): bigint {
    const bits = indexValue(k);
    if (bits > 2147483647n || bits < -2147483648n) {
      throw new PyError('OverflowError', 'Python int too large to convert to C int');
    }
    if (bits < 0n) throw new PyError('ValueError', 'number of bits must be non-negative');
    return this.generator.nextBits(Number(bits));
  }

  /** `_randbelow_with_getrandbits`: 0 <= result < n, for n > 0. */
  private randbelow(n: bigint): bigint {
    if (n <= 0xffffffffn) return BigInt(this.randbelowIndex(Number(n)));
    const k = Number(bitLength(n));
    let r = this.generator.nextBits(k);
    while (r >= n) r = this.generator.nextBits(k);
    return r;
  }

  /** randbelow for a sequence length: always under 2**32, so it stays in numbers, which
   * matters for shuffle's one call per element. */
  private randbelowIndex(n: number): number {
    const k = 32 - Math.clz32(n);
    let r = this.generator.nextBits32(k);
    while (r >= n) r = this.generator.nextBits32(k);
    return r;
  }

  randrange(start: PyNumber, stop: PyNumber | null = null, step?: PyNumber): bigint {
    const istart = integerArgument(start, 'non-integer arg 1 for randrange()');
    if (stop === null) {
      // CPython tests `step is not _ONE`: only the int 1 (cached, so identical) passes.
      if (step !== undefined && step !== 1n) throw new PyError('TypeError', 'Missing a non-None stop argument');
      if (istart > 0n) return this.randbelow(istart);
      throw new PyError('ValueError', 'empty range for randrange()');
    }
    const istop = integerArgument(stop, 'non-integer stop for randrange()');
    const width = istop - istart;
    const istep = step === undefined ? 1n : integerArgument(step, 'non-integer step for randrange()');
    if (istep === 1n) {
      if (width > 0n) return istart + this.randbelow(width);
      throw new PyError('ValueError', `empty range for randrange() (${istart}, ${istop}, ${width})`);
    }
    let n: bigint;
    if (istep > 0n) n = floorDivide(width + istep - 1n, istep);
    else if (istep < 0n) n = floorDivide(width + istep + 1n, istep);
    else throw new PyError('ValueError', 'zero step for randrange()');
    if (n <= 0n) throw new PyError('ValueError', 'empty range for randrange()');
    return istart + istep * this.randbelow(n);
  }

  randint(a: PyNumber, b: PyNumber): bigint {
    return this.randrange(a, typeof b === 'number' ? b + 1 : asInt(b) + 1n);
  }

  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) throw new PyError('IndexError', 'Cannot choose from an empty sequence');
    return seq[this.randbelowIndex(seq.length)];
  }

  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelowIndex(i + 1);
      [x[i], x[j]] = [x[j], x[i]];
    }
  }

  /** `sample(population, k, counts=None)`: the population must already be a sequence. */
  sample<T>(population: readonly T[], k: PyNumber, counts: readonly PyNumber[] | null = null): T[] {
    const n = population.length;
    if (counts !== null) {
      const cumCounts = accumulate(counts);
      if (cumCounts.length !== n) {
        throw new PyError('ValueError', 'The number of counts does not match the population');
      }
      const total = cumCounts.pop();
      if (total === undefined) throw new PyError('IndexError', 'pop from empty list');
      if (typeof total !== 'bigint') throw new PyError('TypeError', 'Counts must be integers');
      if (total <= 0n) throw new PyError('ValueError', 'Total of counts must be greater than zero');
      // A float can only come after another float in the running sums, so an int total
      // means every cumulative count is an int.
      const cumulative = cumCounts as bigint[];
      return this.sampleRange(total, k).map((s) => population[bisectRight(cumulative, s, 0, cumulative.length)]);
    }
    return this.sampleRange(BigInt(n), k).map((i) => population[Number(i)]);
  }

  /** `sample(range(n), k)`, which is what sample does with indices. */
  private sampleRange(n: bigint, k: PyNumber): bigint[] {
    const size = typeof k === 'number' ? k : asInt(k);
    if (!(compare(0n, size) <= 0 && compare(size, n) <= 0)) {
      throw new PyError('ValueError', 'Sample larger than population or is negative');
    }
    if (typeof size === 'number') {
      throw new PyError('TypeError', "can't multiply sequence by non-int of type 'float'");
    }
    const count = Number(size);
    // Which of the two methods runs decides which draws are made, so the threshold must be
    // CPython's to the bit, log and all.
    let setsize = 21;
    if (count > 5) setsize += 4 ** Math.ceil(log(count * 3) / log(4));
    const result: bigint[] = [];
    if (n <= BigInt(setsize)) {
      const pool = Array.from({ length: Number(n) }, (_, i) => BigInt(i));
      for (let i = 0; i < count; i++) {
        const j = Number(this.randbelow(n - BigInt(i)));
        result.push(pool[j]);
        pool[j] = pool[Number(n) - i - 1];
      }
    } else {
      const selected = new Set<bigint>();
      for (let i = 0; i < count; i++) {
        let j = this.randbelow(n);
        while (selected.has(j)) j = this.randbelow(n);
        selected.add(j);
        result.push(j);
      }
    }
    return result;
  }

  /**
   * `choices(population, weights=None, *, cum_weights=None, k=1)`. An int `weights` is the
   * common slip `choices(pop, 5)`, which CPython answers with its own message.
   */
  choices<T>(
    population: readonly T[],
    weights: readonly PyNumber[] | PyInt | null = null,
    cumWeights: readonly PyNumber[] | null = null,
    k: PyNumber = 1n,
  ): T[] {
    const n = population.length;
    const pick = (index: number): T => {
      if (index >= n) throw new PyError('IndexError', 'list index out of range');
      return population[index];
    };
    let cumulative: (number | bigint)[];
    if (cumWeights === null) {
      if (weights === null) {
        const count = repeatCount(k);
        return Array.from({ length: count }, () => pick(Math.floor(this.random() * n)));
      }
      if (typeof weights === 'bigint' || typeof weights === 'boolean') {
        throw new PyError('TypeError', `The number of choices must be a keyword argument: k=${pyIntRepr(weights)}`);
      }
      cumulative = accumulate(weights);
    } else {
      if (weights !== null) throw new PyError('TypeError', 'Cannot specify both weights and cumulative weights');
      cumulative = cumWeights.map(numeric);
    }
    if (cumulative.length !== n) {
      throw new PyError('ValueError', 'The number of weights does not match the population');
    }
    if (n === 0) throw new PyError('IndexError', 'list index out of range');
    const total = toFloat(cumulative[n - 1]) + 0.0;
    if (total <= 0.0) throw new PyError('ValueError', 'Total of weights must be greater than zero');
    if (!Number.isFinite(total)) throw new PyError('ValueError', 'Total of weights must be finite');
    const count = repeatCount(k);
    return Array.from({ length: count }, () => pick(bisectRight(cumulative, this.random() * total, 0, n - 1)));
  }

  uniform(a: PyNumber, b: PyNumber): number {
    const width = subtract(numeric(b), numeric(a));
    const scaled = toFloat(width) * this.random();
    return toFloat(a) + scaled;
  }

  /** With a mode and high == low, returns `low` itself (int or bool included), as CPython does. */
  triangular(low: PyNumber = 0.0, high: PyNumber = 1.0, mode: PyNumber | null = null): PyNumber {
    let u = this.random();
    let c: number;
    if (mode === null) {
      c = 0.5;
    } else {
      try {
        c = trueDivide(subtract(numeric(mode), numeric(low)), subtract(numeric(high), numeric(low)));
      } catch (error) {
        if (error instanceof PyError && error.type === 'ZeroDivisionError') return low;
        throw error;
      }
    }
    let [from, to] = [numeric(low), numeric(high)];
    if (u > c) {
      u = 1.0 - u;
      c = 1.0 - c;
      [from, to] = [to, from];
    }
    const spread = toFloat(subtract(to, from)) * squareRoot(u * c);
    return toFloat(from) + spread;
  }

  normalvariate(mu: PyNumber = 0.0, sigma: PyNumber = 1.0): number {
    let z: number;
    for (;;) {
      const u1 = this.random();
      const u2 = 1.0 - this.random();
      z = (NV_MAGICCONST * (u1 - 0.5)) / u2;
      const zz = (z * z) / 4.0;
      if (zz <= -log(u2)) break;
    }
    const scaled = z * toFloat(sigma);
    return toFloat(mu) + scaled;
  }

  gauss(mu: PyNumber = 0.0, sigma: PyNumber = 1.0): number {
    let z = this.gaussNext;
    this.gaussNext = null;
    if (z === null) {
      const x2pi = this.random() * TWOPI;
      const g2rad = Math.sqrt(-2.0 * log(1.0 - this.random()));
      z = cos(x2pi) * g2rad;
      this.gaussNext = sin(x2pi) * g2rad;
    }
    const scaled = z * toFloat(sigma);
    return toFloat(mu) + scaled;
  }

  lognormvariate(mu: PyNumber, sigma: PyNumber): number {
    const x = this.normalvariate(mu, sigma);
    const result = exp(x);
    if (result === Infinity && Number.isFinite(x)) throw new PyError('OverflowError', 'math range error');
    return result;
  }

  expovariate(lambd: PyNumber): number {
    const numerator = -log(1.0 - this.random());
    const rate = toFloat(lambd);
    if (rate === 0) throw new PyError('ZeroDivisionError', 'float division by zero');
    return numerator / rate;
  }
}

// ---- Seeding, as _randommodule.c's random_seed and Lib/random.py's seed() ----

/** The non-negative int whose 32-bit words seed the generator. */
function seedInteger(a: PySeed): bigint {
  if (typeof a === 'string') return integerFromBytes(withDigest(utf8(a)));
  if (a instanceof Uint8Array) return integerFromBytes(withDigest(a));
  if (typeof a === 'number') {
    // CPython seeds a float with hash(a) cast to size_t, so negative hashes wrap.
    const hash = hashFloat(a);
    return hash < 0n ? hash + (1n << 64n) : hash;
  }
  const n = asInt(a);
  return n < 0n ? -n : n;
}

function withDigest(bytes: Uint8Array): Uint8Array {
  const joined = new Uint8Array(bytes.length + 64);
  joined.set(bytes);
  joined.set(sha512(bytes), bytes.length);
  return joined;
}

function integerFromBytes(bytes: Uint8Array): bigint {
  let hex = '0x0';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return BigInt(hex);
}

/** `str.encode()`: strict UTF-8, which refuses lone surrogates. */
function utf8(text: string): Uint8Array {
  const lone = /\p{Surrogate}/u.exec(text);
  if (lone !== null) {
    const position = [...text.slice(0, lone.index)].length;
    const escape = `\\u${lone[0].charCodeAt(0).toString(16)}`;
    throw new PyError('UnicodeEncodeError', `'utf-8' codec can't encode character '${escape}' in position ${position}: surrogates not allowed`);
  }
  return new TextEncoder().encode(text);
}

