import { log } from '../../engine/libm';
import { PyError } from '../runtime/errors';
import { MersenneTwister } from './mersenne';

/**
 * The part of numpy's legacy `np.random.RandomState` that scikit-learn's `make_moons`
 * and micrograd's demo draw from, bit for bit: the same seed gives the same floats
 * and the same permutations as numpy does, so a pasted notebook gets the notebook's
 * data set. The stream is numpy's frozen "legacy" one (MT19937 with Knuth's integer
 * seeding, 53-bit doubles, polar Box-Muller with a cached second value, masked
 * rejection for bounded integers); numpy promises never to change it, which is what
 * makes matching it worthwhile.
 */

const MAX_SEED = 0xffffffff;

export class RandomState {
  /** The same MT19937 as CPython's random; numpy differs in seeding and in what it draws. */
  private readonly mt = new MersenneTwister();
  private hasGauss = false;
  private gauss = 0;

  /** `np.random.RandomState(seed)` for an int seed in [0, 2**32 - 1]. */
  constructor(seed: number | bigint) {
    this.seed(seed);
  }

  /**
   * `rs.seed(seed)` / `np.random.seed(seed)`: numpy's legacy seeding of an int, which
   * is MT19937's `init_genrand`, not the `init_by_array` CPython's `random` uses.
   * Forgets a cached normal, as numpy does.
   */
  seed(seed: number | bigint): void {
    if (typeof seed === 'number' && !Number.isInteger(seed)) {
      // numpy falls back to reading a non-int as an array of seeds, and a float
      // array will not cast to int64
      throw new PyError(
        'TypeError',
        "Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'",
      );
    }
    if (seed < 0 || seed > MAX_SEED) {
      throw new PyError('ValueError', 'Seed must be between 0 and 2**32 - 1');
    }
    this.mt.initGenrand(Number(seed) >>> 0);
    this.hasGauss = false;
    this.gauss = 0;
  }

  /** The next raw 32-bit output, as an unsigned number. */
  nextUint32(): number {
    return this.mt.nextUint32();
  }

  /** `rs.random_sample()`: a double in [0, 1) from two outputs, 53 bits, as CPython's random(). */
  randomSample(): number {
    return this.mt.nextFloat();
  }

  /**
   * `rs.standard_normal()`: numpy's legacy polar method. Each accepted pair gives two
   * normals; the second is kept and returned by the next call, so a count of draws
   * that is odd shifts every later one, as in numpy.
   */
  standardNormal(): number {
    if (this.hasGauss) {
      const cached = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return cached;
    }
    let x1: number, x2: number, r2: number;
    do {
      x1 = 2.0 * this.randomSample() - 1.0;
      x2 = 2.0 * this.randomSample() - 1.0;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 === 0.0);
    // numpy's C calls the C library's log (glibc's here), hence libm's port: not
    // Math.log, nor np.log's own SIMD log, which differ from it in the last bit
    const f = Math.sqrt((-2.0 * log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /**
   * `rs.normal(loc, scale)`. numpy checks the sign bit, not `< 0`, so `-0.0` is
   * refused too, and NaN is let through.
   */
  normal(loc = 0.0, scale = 1.0): number {
    checkScale(scale);
    return loc + scale * this.standardNormal();
  }

  /** `rs.normal(loc, scale, size=n)`: the check once, then n draws in order. */
  normals(n: number, loc = 0.0, scale = 1.0): number[] {
    checkScale(scale);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) out[i] = loc + scale * this.standardNormal();
    return out;
  }

  /**
   * An int in [0, max] by numpy's masked rejection: draw 32 bits, keep those under
   * the smallest all-ones mask covering max, retry while above max. Only 32-bit
   * bounds: nothing in a JS array needs more.
   */
  randomInterval(max: number): number {
    if (max === 0) return 0;
    if (!(max > 0 && max <= 0xffffffff && Number.isInteger(max))) {
      throw new RangeError(`randomInterval: ${max} is not a 32-bit bound`);
    }
    let mask = max >>> 0;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** `rs.shuffle(x)` in place: Fisher-Yates from the end, as numpy walks it. */
  shuffle<T>(items: T[]): void {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.randomInterval(i);
      const held = items[j];
      items[j] = items[i];
      items[i] = held;
    }
  }

  /** `rs.permutation(n)`: a shuffled `arange(n)`; a negative n gives `[]` as numpy's does. */
  permutation(n: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(i);
    this.shuffle(out);
    return out;
  }
}

function checkScale(scale: number): void {
  if (!Number.isNaN(scale) && (scale < 0 || Object.is(scale, -0))) {
    throw new PyError('ValueError', 'scale < 0');
  }
}
