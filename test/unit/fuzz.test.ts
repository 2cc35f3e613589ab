import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { editedProgram, gradProgram, pythonProgram, randomText, tokenStream } from './fuzz/generators';
import { checkText, havePython, runGradLens, runPython } from './fuzz/properties';

// Fuzzing evaluate() (issue 10, item 1). `npm test` runs small counts with a fixed seed;
// `npm run fuzz` runs the same properties longer:
//   FUZZ_RUNS    runs per property (default: the small counts below)
//   FUZZ_SECONDS stop each property after this many seconds (default: no limit)
//   FUZZ_SEED    the seed (default 20261130; `random` picks one and prints it)
// A failure prints fast-check's seed and path: FUZZ_SEED=<seed> reproduces it.

const RUNS = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : null;
const SECONDS = process.env.FUZZ_SECONDS ? Number(process.env.FUZZ_SECONDS) : null;
const SEED = process.env.FUZZ_SEED === 'random' ? (Date.now() ^ (Math.random() * 0x7fffffff)) | 0
  : process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261130;
if (process.env.FUZZ_SEED === 'random') console.log(`fuzz seed ${SEED}`);

function params(runs: number): fc.Parameters<[string]> {
  return {
    seed: SEED,
    numRuns: RUNS ?? runs,
    ...(SECONDS !== null ? { interruptAfterTimeLimit: SECONDS * 1000, markInterruptAsFailure: false } : {}),
  };
}

function holds(arb: fc.Arbitrary<string>, runs: number): void {
  fc.assert(fc.property(arb, (text) => { checkText(text); }), params(runs));
}

// The test runner's own timeout: a long run must be bounded by FUZZ_SECONDS, not by this.
const timeout = SECONDS !== null ? SECONDS * 1000 * 3 + 60_000 : 60_000;

describe('fuzz: evaluate() never throws, keeps ranges in the document, ends in its budget, and repeats itself', () => {
  test('random characters', { timeout }, () => holds(randomText, 300));
  test('random token streams', { timeout }, () => holds(tokenStream, 300));
  test('well-formed programs (functions, classes, loops, comprehensions, Values)', { timeout }, () => holds(gradProgram, 60));
  test('the same programs, edited as a person types', { timeout }, () => holds(editedProgram, 100));
});

describe('fuzz: generated Python programs print what python3 prints', () => {
  const python = havePython();
  test('differential against CPython', { timeout, skip: python ? false : 'python3 is not on PATH: the differential fuzz test needs it' }, () => {
    const count = RUNS ?? 80;
    const deadline = SECONDS !== null ? Date.now() + SECONDS * 1000 : Infinity;
    let checked = 0;
    const failures: { text: string; want: string; got: string }[] = [];
    // Batches of programs, each batch one python3 process.
    for (let batch = 0; checked < count && Date.now() < deadline; batch++) {
      const programs = fc.sample(pythonProgram, { seed: SEED + batch, numRuns: Math.min(200, count - checked) });
      const outcomes = runPython(programs);
      programs.forEach((text, i) => {
        const want = outcomes[i]!;
        const got = runGradLens(text);
        if (got.stopped === 'time') return; // a loaded machine, not a difference in meaning
        // GradLens goes on after an error (the next statements still run, as a learner's
        // editor wants); CPython stops. Up to the error they must agree.
        const same = want.error === null ? got.out === want.out && got.error === null
          : got.out.startsWith(want.out) && got.error === want.error;
        if (!same) {
          failures.push({ text, want: `${want.out}${want.error ? `! ${want.error}` : ''}`, got: `${got.out}${got.message ? `! ${got.message}` : ''}` });
        }
      });
      checked += programs.length;
    }
    if (failures.length > 0) {
      // The shortest is the easiest to read.
      failures.sort((x, y) => x.text.length - y.text.length);
      const f = failures[0]!;
      assert.fail(`${failures.length} of ${checked} programs differ from CPython; the shortest:\n${f.text}\n--- python3:\n${f.want}\n--- GradLens:\n${f.got}`);
    }
  });
});

// What the fuzzer found, shrunk: each was an "internal error in the GradLens parser".
describe('fuzz: regressions', () => {
  test('an empty tuple as an index, unclosed: `data [ () `', () => {
    checkText('data [ () ');
    checkText('d = {(): 1}\nprint(d[()])\n');
  });
  test('a misindented line after the cell level took a deeper indentation', () => {
    checkText('for i in range(0):\n         w1 = 0\n    while w1 < 0:\n        a = 1\n        w1 += 1\n    if a:\n        a += 1\na += 0\n');
  });
});
