// MT19937 exactly as CPython's Modules/_randommodule.c runs it: the reference
// init_genrand/init_by_array seeding, the tempered 32-bit output, and getrandbits filling
// words from the least significant end. Seeds and outputs must match CPython's bit for
// bit, so nothing here is "an equivalent" Mersenne Twister: the order of every step counts.

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;

export class MersenneTwister {
  private readonly state = new Uint32Array(N);
  /** Next word of `state` to temper; N means the state must be regenerated first. */
  private index = N;

  /** CPython's init_by_array: the seed is a list of 32-bit words, least significant first. */
  seedWords(key: readonly number[]): void {
    const mt = this.state;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      // Math.imul keeps the low 32 bits of the product, as C's uint32_t arithmetic does;
      // the sums stay exact in a double and `>>> 0` reduces them modulo 2**32.
      mt[i] = (mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      mt[i] = (mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    // Assures a non-zero initial state, as the reference code does.
    mt[0] = 0x80000000;
  }

  /** The reference init_genrand: seeds from one 32-bit word (numpy's legacy seeding of an int). */
  initGenrand(seed: number): void {
    const mt = this.state;
    mt[0] = seed;
    for (let i = 1; i < N; i++) mt[i] = Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    this.index = N;
  }

  /** The next tempered 32-bit output, as an unsigned number. */
  nextUint32(): number {
    const mt = this.state;
    if (this.index >= N) {
      let kk = 0;
      for (; kk < N - M; kk++) {
        const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      for (; kk < N - 1; kk++) {
        const y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
        mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      }
      const y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
      mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
      this.index = 0;
    }
    let y = mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** CPython's random_random: 53 random bits, from a 27-bit and a 26-bit draw. */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864.0 + low) * (1.0 / 9007199254740992.0);
  }

  /** CPython's getrandbits for 0 <= k <= 32, as a number. */
  nextBits32(k: number): number {
    return k === 0 ? 0 : this.nextUint32() >>> (32 - k);
  }

  /**
   * CPython's getrandbits for any k >= 0: words fill from the least significant end and the
   * last (most significant) word keeps its top bits only.
   */
  nextBits(k: number): bigint {
    if (k <= 32) return BigInt(this.nextBits32(k));
    const wordCount = Math.ceil(k / 32);
    const hexWords: string[] = new Array<string>(wordCount);
    // Drawn least significant first; the hex string is written most significant first.
    for (let drawn = 0, bitsLeft = k; drawn < wordCount; drawn++, bitsLeft -= 32) {
      const word = bitsLeft < 32 ? this.nextUint32() >>> (32 - bitsLeft) : this.nextUint32();
      hexWords[wordCount - 1 - drawn] = word.toString(16).padStart(8, '0');
    }
    return BigInt(`0x${hexWords.join('')}`);
  }
}

/** The 32-bit words of a non-negative int, least significant first; [0] for zero. */
export function wordsOf(n: bigint): number[] {
  const words: number[] = [];
  do {
    words.push(Number(n & 0xffffffffn));
    n >>= 32n;
  } while (n > 0n);
  return words;
}
