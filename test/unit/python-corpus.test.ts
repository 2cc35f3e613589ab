import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { evaluate, LineIndex, type EvalResult } from '../../src/lang';

// Differential test against CPython: each program in test/fixtures/python/ runs through
// GradLens, and what it prints must be what CPython 3.11 printed for the same text
// (test/fixtures/python/expected.json, written by scripts/fixtures/python_corpus.py with
// micrograd on the path). Issue 7: pasted lecture code must behave as CPython with
// micrograd does and print the same numbers.

const DIR = join(__dirname, '..', 'fixtures', 'python');
const expected = JSON.parse(readFileSync(join(DIR, 'expected.json'), 'utf8')) as Record<string, string>;
const programs = readdirSync(DIR).filter((f) => f.endsWith('.py')).sort();

// The programs are small, but the time bound is wall-clock: a loaded machine must not
// turn a slow run into a failure that says nothing about Python's meaning.
const OPTIONS = { timeBudgetMs: 30_000 };

/** Everything the program printed, as one text: every cell's lines joined by newlines. */
function printed(result: EvalResult): string {
  return result.cells.flatMap((cell) => cell.printed.map((line) => line.text)).join('\n');
}

/** The error diagnostics, each as `line:col message`, 1-based. */
function errors(text: string, result: EvalResult): string[] {
  const lines = new LineIndex(text);
  return result.diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => {
      const at = lines.positionAt(d.range.start);
      return `${at.line + 1}:${at.column + 1} ${d.message}`;
    });
}

describe('python corpus: GradLens prints what CPython prints', () => {
  test('every program has an expected output and every expected output a program', () => {
    assert.deepEqual(Object.keys(expected).sort(), programs);
  });

  for (const file of programs) {
    test(file, () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const stdout = expected[file];
      assert.ok(stdout !== undefined, `${file} is missing from expected.json: run python3 scripts/fixtures/python_corpus.py`);
      const result = evaluate(text, OPTIONS);
      const problems = errors(text, result);
      const note = problems.length > 0 ? `\nerrors:\n  ${problems.join('\n  ')}` : '';
      // print() ends every line with a newline; GradLens keeps lines without one.
      const want = stdout.endsWith('\n') ? stdout.slice(0, -1) : stdout;
      assert.equal(result.cells.reduce((n, cell) => n + cell.printedDropped, 0), 0, 'no printed line was dropped');
      assert.equal(printed(result), want, `${file}: output differs from CPython's${note}`);
      assert.deepEqual(problems, [], `${file}: no error diagnostics`);
      assert.equal(result.stoppedByBound, null);
    });
  }
});
