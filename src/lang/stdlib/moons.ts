import { cos, sin } from '../../engine/libm';
import { pythonFloat } from '../format';
import { PyError } from '../runtime/errors';
import { RandomState } from './numpyRandom';

/**
 * scikit-learn's `make_moons`, step for step, so that an integer `random_state` gives
 * the very points scikit-learn gives (and micrograd's demo trains on): numpy's
 * `linspace`, `cos`/`sin` through the C library's functions (numpy 2 sends float64
 * sin/cos to libm, not to SIMD code), the rows stacked outer moon first, the rows
 * shuffled with the generator, and only then the noise drawn, x before y in each row.
 * Any change of that order changes every point.
 */

export interface Moons {
  /** One `[x, y]` row per sample, in scikit-learn's order. */
  X: number[][];
  /** 0 for the outer moon, 1 for the inner one: Python ints. */
  y: bigint[];
}

/** The parameters scikit-learn's `@validate_params` checks, in the order it checks them. */
export type MoonsParameter = 'n_samples' | 'shuffle' | 'noise' | 'random_state';

const CONSTRAINTS: Record<MoonsParameter, string> = {
  n_samples: "an int in the range [1, inf) or an instance of 'tuple'",
  shuffle: "an instance of 'bool' or an instance of 'numpy.bool'",
  noise: 'a float in the range [0.0, inf) or None',
  random_state:
    "an int in the range [0, 4294967295], an instance of 'numpy.random.mtrand.RandomState' or None",
};

/**
 * scikit-learn's message for an argument of the wrong type or range, given the Python
 * `repr` of what was passed. Exported for the interpreter, which alone sees Python
 * types: a float `100.0` for `n_samples` or `random_state`, a float `-1.0` for `noise`.
 * (scikit-learn raises `InvalidParameterError`, a subclass of `ValueError`.)
 */
export function makeMoonsParameterError(param: MoonsParameter, got: string): PyError {
  return new PyError(
    'ValueError',
    `The '${param}' parameter of make_moons must be ${CONSTRAINTS[param]}. Got ${got} instead.`,
  );
}

/**
 * scikit-learn's `check_random_state` after its validation: `None` is numpy's global
 * generator (what `np.random.seed` seeds), an int a new generator seeded with it, a
 * generator itself.
 */
export function checkRandomState(
  randomState: RandomState | number | bigint | null,
  globalState: RandomState,
): RandomState {
  if (randomState === null) return globalState;
  if (randomState instanceof RandomState) return randomState;
  if (
    (typeof randomState === 'number' && !Number.isInteger(randomState)) ||
    randomState < 0 ||
    randomState > 0xffffffff
  ) {
    throw makeMoonsParameterError('random_state', pyNumberRepr(randomState));
  }
  return new RandomState(randomState);
}

/**
 * `make_moons(n_samples, shuffle=shuffle, noise=noise, random_state=<generator>)`.
 * Numbers stand for Python ints where scikit-learn wants ints: the caller turns away
 * Python floats first (with `makeMoonsParameterError`, or for a tuple's items numpy's
 * `TypeError`), since `100` and `100.0` are one JS number.
 */
export function makeMoons(
  nSamples: number | [number, number],
  shuffle: boolean,
  noise: number | null,
  randomState: RandomState,
): Moons {
  if (typeof nSamples === 'number') {
    if (!Number.isInteger(nSamples) || nSamples < 1) {
      throw makeMoonsParameterError('n_samples', pyNumberRepr(nSamples));
    }
  }
  if (noise !== null && !(noise >= 0 && noise < Infinity)) {
    throw makeMoonsParameterError('noise', pyNumberRepr(noise));
  }
  let nOut: number, nIn: number;
  if (typeof nSamples === 'number') {
    nOut = Math.floor(nSamples / 2);
    nIn = nSamples - nOut;
  } else {
    if ((nSamples as readonly number[]).length !== 2) {
      throw new PyError('ValueError', '`n_samples` can be either an int or a two-element tuple.');
    }
    [nOut, nIn] = nSamples;
  }

  const tOut = linspacePi(nOut);
  const tIn = linspacePi(nIn);
  let X: number[][] = [];
  let y: bigint[] = [];
  for (const t of tOut) {
    X.push([cos(t), sin(t)]);
    y.push(0n);
  }
  for (const t of tIn) {
    // `1 - sin(t) - 0.5` as written: (1 - s) - 0.5 rounds differently from 0.5 - s
    X.push([1 - cos(t), 1 - sin(t) - 0.5]);
    y.push(1n);
  }

  if (shuffle) {
    // sklearn.utils.shuffle: one shuffled arange(n) indexes X and y alike
    const order = X.map((_, i) => i);
    randomState.shuffle(order);
    X = order.map((i) => X[i]);
    y = order.map((i) => y[i]);
  }

  if (noise !== null) {
    // `X += normal(scale=noise, size=(n, 2))`: one draw per coordinate, row-major
    const g = randomState.normals(2 * X.length, 0.0, noise);
    X.forEach((row, i) => {
      row[0] += g[2 * i];
      row[1] += g[2 * i + 1];
    });
  }
  return { X, y };
}

/**
 * `np.linspace(0, np.pi, num)`: numpy multiplies i by the step (not `i * pi / div`)
 * and then pins the last point to `pi` exactly.
 */
function linspacePi(num: number): number[] {
  if (!Number.isInteger(num)) {
    throw new PyError('TypeError', `'float' object cannot be interpreted as an integer`);
  }
  if (num < 0) {
    throw new PyError('ValueError', `Number of samples, ${num}, must be non-negative.`);
  }
  const div = num - 1;
  const out: number[] = [];
  if (div > 0) {
    const step = Math.PI / div;
    for (let i = 0; i < num; i++) out.push(i * step + 0);
    out[div] = Math.PI;
  } else {
    for (let i = 0; i < num; i++) out.push(i * Math.PI + 0);
  }
  return out;
}

/**
 * Python's `repr` of a parameter, for scikit-learn's "Got ... instead.": a whole
 * number stands for a Python int here (see makeMoons), any other for a float.
 */
function pyNumberRepr(x: number | bigint): string {
  if (typeof x === 'bigint') return x.toString();
  return Number.isInteger(x) && !Object.is(x, -0) && Math.abs(x) < 2 ** 53 ? String(x) : pythonFloat(x);
}
