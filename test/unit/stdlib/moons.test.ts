import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RandomState } from '../../../src/lang/stdlib/numpyRandom';
import {
  checkRandomState,
  makeMoons,
  makeMoonsParameterError,
} from '../../../src/lang/stdlib/moons';
import { PyError } from '../../../src/lang/runtime/errors';

// Written by scripts/fixtures/moons.py (numpy 2.4.6, glibc 2.36) and
// scripts/fixtures/moons_demo.py (micrograd's demo.ipynb under CPython 3.11).
const FIXTURES = join(__dirname, '..', '..', 'fixtures');

interface Call {
  method: 'random_sample' | 'standard_normal' | 'normal' | 'permutation';
  arg: number | [number, number, number];
  out: number[];
}
interface MoonsCase {
  n_samples: number | [number, number];
  shuffle: boolean;
  noise: number | null;
  random_state: number;
  X: number[][];
  y: number[];
}
const fixture = JSON.parse(readFileSync(join(FIXTURES, 'moons.json'), 'utf8')) as {
  randomState: { seed: number; calls: Call[] }[];
  moons: MoonsCase[];
};

/** How many doubles lie between a and b: 0 only for the same bits (and -0 vs 0 is 1). */
function ulps(a: number, b: number): number {
  const bits = new BigInt64Array(new Float64Array([a, b]).buffer);
  const ordered = (n: bigint) => (n < 0n ? -(n & 0x7fffffffffffffffn) - 1n : n);
  const d = ordered(bits[0]) - ordered(bits[1]);
  return Number(d < 0n ? -d : d);
}

/** Every mismatch, as `where: got vs want (n ulp)`, so a failure says how far off. */
function mismatches(got: number[], want: number[], where: string): string[] {
  const out: string[] = [];
  if (got.length !== want.length) out.push(`${where}: ${got.length} values, want ${want.length}`);
  want.forEach((w, i) => {
    if (!Object.is(got[i], w)) out.push(`${where}[${i}]: ${got[i]} vs ${w} (${ulps(got[i], w)} ulp)`);
  });
  return out;
}

function run(rs: RandomState, call: Call): number[] {
  const out: number[] = [];
  switch (call.method) {
    case 'random_sample':
      for (let i = 0; i < (call.arg as number); i++) out.push(rs.randomSample());
      return out;
    case 'standard_normal':
      for (let i = 0; i < (call.arg as number); i++) out.push(rs.standardNormal());
      return out;
    case 'normal': {
      const [loc, scale, n] = call.arg as [number, number, number];
      return rs.normals(n, loc, scale);
    }
    case 'permutation':
      return rs.permutation(call.arg as number);
  }
}

for (const { seed, calls } of fixture.randomState) {
  test(`RandomState(${seed}) gives numpy's stream, bit for bit`, () => {
    const rs = new RandomState(seed);
    const bad = calls.flatMap((c, k) => mismatches(run(rs, c), c.out, `${k}:${c.method}`));
    assert.deepEqual(bad, []);
  });
}

test('seed() restarts the stream and forgets a cached normal, as np.random.seed does', () => {
  const [first] = fixture.randomState;
  const rs = new RandomState(7);
  rs.standardNormal(); // leaves the pair's second value cached
  rs.seed(first.seed);
  assert.deepEqual(mismatches(run(rs, first.calls[0]), first.calls[0].out, 'after seed'), []);
  assert.deepEqual(mismatches(run(rs, first.calls[1]), first.calls[1].out, 'normal after seed'), []);
});

test('normal() is loc + scale * the standard normal, and normals(n) the same draws', () => {
  const a = new RandomState(3), b = new RandomState(3), c = new RandomState(3);
  const one = [a.normal(1.5, 0.25), a.normal(1.5, 0.25), a.normal(1.5, 0.25)];
  const std = [b.standardNormal(), b.standardNormal(), b.standardNormal()];
  assert.deepEqual(one, std.map((g) => 1.5 + 0.25 * g));
  assert.deepEqual(c.normals(3, 1.5, 0.25), one);
});

test('shuffle() permutes any array with the draws permutation() uses', () => {
  const words = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  new RandomState(11).shuffle(words);
  const order = new RandomState(11).permutation(7);
  assert.deepEqual(words, order.map((i) => 'abcdefg'[i]));
  assert.deepEqual(new RandomState(11).permutation(0), []);
  assert.deepEqual(new RandomState(11).permutation(1), [0]);
});

for (const c of fixture.moons) {
  const label =
    `make_moons(${JSON.stringify(c.n_samples)}, shuffle=${c.shuffle}, ` +
    `noise=${c.noise}, random_state=${c.random_state})`;
  test(`${label} gives scikit-learn's points, bit for bit`, () => {
    const { X, y } = makeMoons(c.n_samples, c.shuffle, c.noise, new RandomState(c.random_state));
    assert.deepEqual(y, c.y.map(BigInt));
    assert.equal(X.length, c.X.length);
    const bad = c.X.flatMap((row, i) => mismatches(X[i], row, `X[${i}]`));
    assert.deepEqual(bad, []);
  });
}

test('an int random_state is a fresh generator; None is the global one, as np.random.seed sets it', () => {
  const global = new RandomState(0);
  global.seed(1337);
  const viaGlobal = makeMoons(100, true, 0.1, checkRandomState(null, global));
  const viaInt = makeMoons(100, true, 0.1, checkRandomState(1337, new RandomState(0)));
  assert.deepEqual(viaGlobal, viaInt);
  const rs = new RandomState(5);
  assert.equal(checkRandomState(rs, global), rs);
  assert.deepEqual(checkRandomState(2n ** 32n - 1n, global).permutation(5), new RandomState(4294967295).permutation(5));
});

test('without shuffle the outer moon comes first, and an odd count gives the inner moon the extra point', () => {
  const { X, y } = makeMoons(5, false, null, new RandomState(0));
  assert.deepEqual(y, [0n, 0n, 1n, 1n, 1n]);
  assert.deepEqual(X[0], [1, 0]);
  assert.deepEqual(X[2], [0, 0.5]);
  assert.deepEqual(X[4], [2, 1 - Math.sin(Math.PI) - 0.5]);
  const tuple = makeMoons([3, 0], true, null, new RandomState(0));
  assert.deepEqual(tuple.y, [0n, 0n, 0n]);
  const empty = makeMoons([0, 0], true, 0.1, new RandomState(0));
  assert.deepEqual(empty, { X: [], y: [] });
});

function throwsPy(f: () => unknown, type: string, message: string): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof PyError, `not a PyError: ${String(e)}`);
    assert.equal(e.toString(), `${type}: ${message}`);
    return true;
  });
}

const rs = () => new RandomState(0);
const nSamplesMessage = (got: string) =>
  `The 'n_samples' parameter of make_moons must be an int in the range [1, inf) ` +
  `or an instance of 'tuple'. Got ${got} instead.`;
const noiseMessage = (got: string) =>
  `The 'noise' parameter of make_moons must be a float in the range [0.0, inf) or None. ` +
  `Got ${got} instead.`;

test("n_samples below 1 or not an int is refused with scikit-learn's message", () => {
  throwsPy(() => makeMoons(0, true, null, rs()), 'ValueError', nSamplesMessage('0'));
  throwsPy(() => makeMoons(-3, true, null, rs()), 'ValueError', nSamplesMessage('-3'));
  throwsPy(() => makeMoons(2.5, true, null, rs()), 'ValueError', nSamplesMessage('2.5'));
});

test("noise below 0, NaN or infinite is refused with scikit-learn's message", () => {
  throwsPy(() => makeMoons(10, true, -0.1, rs()), 'ValueError', noiseMessage('-0.1'));
  throwsPy(() => makeMoons(10, true, -1e-5, rs()), 'ValueError', noiseMessage('-1e-05'));
  throwsPy(() => makeMoons(10, true, NaN, rs()), 'ValueError', noiseMessage('nan'));
  throwsPy(() => makeMoons(10, true, Infinity, rs()), 'ValueError', noiseMessage('inf'));
  throwsPy(() => makeMoons(10, true, -2e16, rs()), 'ValueError', noiseMessage('-2e+16'));
  throwsPy(() => makeMoons(10, true, -123.25, rs()), 'ValueError', noiseMessage('-123.25'));
  // n_samples is checked first, as scikit-learn validates in signature order
  throwsPy(() => makeMoons(0, true, -1, rs()), 'ValueError', nSamplesMessage('0'));
});

test('noise=-0.0 passes the range check but numpy refuses it as a scale', () => {
  throwsPy(() => makeMoons(10, true, -0, rs()), 'ValueError', 'scale < 0');
  throwsPy(() => rs().normal(0, -1), 'ValueError', 'scale < 0');
  assert.ok(Number.isNaN(rs().normal(0, NaN)));
});

test("a tuple n_samples needs two non-negative ints, with scikit-learn's and numpy's messages", () => {
  const three = [10, 10, 10] as unknown as [number, number];
  throwsPy(
    () => makeMoons(three, true, null, rs()),
    'ValueError',
    '`n_samples` can be either an int or a two-element tuple.',
  );
  throwsPy(() => makeMoons([-1, 5], true, null, rs()), 'ValueError', 'Number of samples, -1, must be non-negative.');
  throwsPy(() => makeMoons([5, -2], true, null, rs()), 'ValueError', 'Number of samples, -2, must be non-negative.');
  throwsPy(
    () => makeMoons([5, 2.5], true, null, rs()),
    'TypeError',
    "'float' object cannot be interpreted as an integer",
  );
});

test("random_state and seeds out of range get scikit-learn's and numpy's messages", () => {
  const message =
    "The 'random_state' parameter of make_moons must be an int in the range [0, 4294967295], " +
    "an instance of 'numpy.random.mtrand.RandomState' or None. Got -1 instead.";
  throwsPy(() => checkRandomState(-1, rs()), 'ValueError', message);
  throwsPy(() => checkRandomState(2n ** 32n, rs()), 'ValueError', message.replace('-1', '4294967296'));
  throwsPy(() => new RandomState(-1), 'ValueError', 'Seed must be between 0 and 2**32 - 1');
  throwsPy(() => new RandomState(2 ** 32), 'ValueError', 'Seed must be between 0 and 2**32 - 1');
  throwsPy(
    () => new RandomState(1.5),
    'TypeError',
    "Cannot cast scalar from dtype('float64') to dtype('int64') according to the rule 'safe'",
  );
  throwsPy(
    () => {
      throw makeMoonsParameterError('shuffle', "'yes'");
    },
    'ValueError',
    "The 'shuffle' parameter of make_moons must be an instance of 'bool' or an instance of " +
      "'numpy.bool'. Got 'yes' instead.",
  );
});

test("the demo fixture's first losses are micrograd's, within 1e-9 relative", () => {
  const text = readFileSync(join(FIXTURES, 'moons-demo.txt'), 'utf8');
  const losses = [...text.matchAll(/^step (\d+) loss (\S+), accuracy (\S+)%$/gm)];
  assert.equal(losses.length, 100);
  const micrograd = [0.8958441028683222, 1.7235905336972022, 0.7429006313851131];
  micrograd.forEach((want, k) => {
    const got = Number(losses[k][2]);
    assert.ok(Math.abs(got - want) <= 1e-9 * Math.abs(want), `step ${k}: ${got} vs ${want}`);
  });
  assert.match(text, /^number of parameters 337$/m);
  assert.match(text, /^Value\(data=0\.8958441028683222, grad=0\) 0\.5$/m);
});
