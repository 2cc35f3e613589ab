import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate, LineIndex } from '../../../src/lang';
import { inlineValues } from '../../../src/extension/features/inlineValues/content';

function hints(text: string, precision = 4, within?: { start: number; end: number }) {
  const lines = new LineIndex(text);
  return inlineValues(evaluate(text), lines, precision, within).map((v) => {
    const p = lines.positionAt(v.offset);
    return `${p.line}:${p.column} ${v.name} ${v.text}`;
  });
}

describe('inline values', () => {
  test("after each assignment of the lecture's expression, = data  ∇ grad at the end of its text", () => {
    const text = `# %% L\na = 2.0\nb = -3.0\ne = a * b   \nL = e * 2  # the output\n`;
    assert.deepEqual(hints(text), [
      '1:7 a = 2.0000  ∇ -6.0000',
      '2:8 b = -3.0000  ∇ 4.0000',
      '3:9 e = -6.0000  ∇ 2.0000',
      '4:9 L = -12.0000  ∇ 1.0000',
    ]);
  });

  test('precision comes from the caller', () => {
    assert.deepEqual(hints('a = 2.0\nL = a * 3\n', 1), ['0:7 a = 2.0  ∇ 3.0', '1:9 L = 6.0  ∇ 1.0']);
  });

  test('a line that binds and then relabels a Value shows it once, after the last statement', () => {
    const text = `a = Value(2.0, label='a')\ne = a*2; e.label = 'e'\n`;
    assert.deepEqual(hints(text), [
      `0:25 a = 2.0000  ∇ 2.0000`,
      `1:22 e → e = 4.0000  ∇ 1.0000`,
    ]);
  });

  test('two variables on one line each get their value; a rebinding on another line gets its own node', () => {
    const text = `a = 1.0; b = 2.0\nc = a * b\nc = c + a\n`;
    assert.deepEqual(hints(text), [
      '0:7 a = 1.0000  ∇ 3.0000',
      '0:16 b = 2.0000  ∇ 1.0000',
      '1:9 c = 2.0000  ∇ 1.0000',
      '2:9 c = 3.0000  ∇ 1.0000',
    ]);
  });

  test('data as each line left it, the gradient as the cell shows it at its end', () => {
    // The optimisation step: `a.data += 1` changes a after L was computed from a = 2.
    const text = `a = 2.0\nL = a * 3\na.data += 1\n`;
    assert.deepEqual(hints(text), ['0:7 a = 2.0000  ∇ 3.0000', '1:9 L = 6.0000  ∇ 1.0000', '2:11 a → a = 3.0000  ∇ 3.0000']);
  });

  test('only statements ending inside the requested range', () => {
    const text = `a = 2.0\nb = 3.0\nc = a * b\n`;
    const start = text.indexOf('b = 3.0');
    assert.deepEqual(hints(text, 4, { start, end: start + 'b = 3.0'.length }), ['1:7 b = 3.0000  ∇ 2.0000']);
  });

  test('no hint for a statement that failed, and no gradients in its cell', () => {
    // The output of a cell with an error is whatever ran last: its gradients would mislead.
    assert.deepEqual(hints('a = 2.0\nb = a * zz\n# %% fine\nc = a * 2\n'), ['0:7 a = 2.0000', '3:9 c = 4.0000  ∇ 1.0000']);
  });

  test('a grad set by hand names its Value, so it does not read as the arithmetic before it', () => {
    const text = `a = 2.0\nb = -3.0\nL = a * b\nL.grad = 1.0\na.grad = -3.0 * 1.0\n`;
    assert.deepEqual(hints(text).slice(-2), ['3:12 L → L = -6.0000  ∇ 1.0000', '4:19 a → a = 2.0000  ∇ -3.0000']);
  });

  test('backward() says where the gradients come from, and when it added to earlier ones', () => {
    const text = `a = 3.0\nb = a * 2\nb.backward()\nb.backward()\n`;
    assert.deepEqual(hints(text).slice(-2), [
      '2:12 b → ∇ from b',
      '3:12 b → ∇ from b, added to the grads already there',
    ]);
  });

  test('print(...) shows what it printed, one line, cut short when long', () => {
    const text = `a = 2.0\nprint(a.data, 'is a')\nprint('${'x'.repeat(100)}')\n`;
    const shown = hints(text);
    assert.equal(shown[1], '1:21 print → 2.0 is a');
    assert.equal(shown[2], `2:109 print → ${'x'.repeat(79)}…`);
  });

  test('a line inside a loop shows its last value and how many times it ran; a list its length and first items', () => {
    const text = 'xs = [2.0, 3.0, -1.0, 0.5, 7.0]\ntotal = 0\nfor x in xs:\n    total = total + x\n    print(total)\n';
    assert.deepEqual(hints(text), [
      '0:31 xs = list of 5: [2.0, 3.0, -1.0, 0.5, …]',
      // The short form total = 0 is the cell's last Value, its output; the loop's sums are plain numbers.
      '1:9 total = 0.0000  ∇ 1.0000',
      '2:12 x = 7.0  ×5',
      '3:21 total = 11.5  ×5',
      '4:16 print → 11.5  ×5',
    ]);
  });

  test("a function's lines show its last call's values, after the whole file ran", () => {
    const text = 'def f(x):\n    y = x * 2.0\n    return y\n\nf(Value(1.0))\nf(Value(5.0))\n';
    assert.deepEqual(hints(text).filter((h) => h.includes(' y ')), ['1:15 y = 10.0000  ∇ 1.0000  ×2']);
  });
});

describe('inline values: a NaN or an infinity is marked', () => {
  test('log of a negative number: the value and every gradient it spoils carry ⚠', () => {
    const text = 'a = Value(-2.0)\nb = a.log()\nc = b * 3.0\nc.backward()\nd = Value(1.0) * 2.0\n';
    const shown = hints(text);
    assert.ok(shown.some((h) => /^1:\d+ b = nan  ∇ 3\.0000  ⚠$/.test(h)), JSON.stringify(shown));
    assert.ok(shown.some((h) => /^2:\d+ c = nan  ∇ 1\.0000  ⚠$/.test(h)), JSON.stringify(shown));
    assert.ok(shown.some((h) => /^4:\d+ d = 2\.0000  ∇ 0\.0000$/.test(h)), `a finite value is not marked: ${JSON.stringify(shown)}`);
  });
});
