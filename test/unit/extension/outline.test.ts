import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluate } from '../../../src/lang';
import { outline } from '../../../src/extension/features/outline/content';
import { cellAt, cellName } from '../../../src/extension/cells';

const TEXT = `x = 1.0
# %% The forward pass
a = 2.0
b = a * x
b = b + 1
# %%
c = b.tanh()
`;

describe('outline', () => {
  test('the preamble and each cell, named by title or number, with its variables once each', () => {
    const items = outline(evaluate(TEXT), 2);
    assert.deepEqual(items.map((i) => [i.name, i.detail, i.kind]), [
      ['Cell 1', 'output x', 'cell'],
      ['The forward pass', 'output b', 'cell'],
      ['Cell 3', 'output c', 'cell'],
    ]);
    assert.deepEqual(items.map((i) => i.children.map((c) => `${c.name} ${c.detail}`)), [
      ['x = 1.00'],
      ['a = 2.00', 'b = 3.00'],
      [`c = ${Math.tanh(3).toFixed(2)}`],
    ]);
  });

  test('ranges: a cell covers its text, its selection is its marker, a variable is its first binding', () => {
    const [, forward] = outline(evaluate(TEXT), 4);
    assert.equal(TEXT.slice(forward.selectionRange.start, forward.selectionRange.end), '# %% The forward pass');
    assert.ok(forward.range.start <= forward.selectionRange.start && forward.selectionRange.end <= forward.range.end);
    const b = forward.children[1];
    assert.equal(TEXT.slice(b.range.start, b.range.end), 'b = a * x');
    for (const child of forward.children) {
      assert.ok(forward.range.start <= child.range.start && child.range.end <= forward.range.end);
    }
  });

  test('cellAt and cellName agree with the outline', () => {
    const result = evaluate(TEXT);
    assert.equal(cellName(cellAt(result, TEXT.indexOf('a = 2.0'))!), 'The forward pass');
    assert.equal(cellAt(result, TEXT.indexOf('c = '))!.index, 2);
    assert.equal(cellAt(result, 0)!.index, 0);
  });

  test('functions and classes, with their methods, beside the variables; a function\'s locals stay inside it', () => {
    const text = 'class Neuron:\n    def __init__(self):\n        self.w = 1\n    def __call__(self, x):\n        return x\ndef f(x):\n    y = x\n    return y\nn = Neuron()\n';
    const [cell] = outline(evaluate(text), 2);
    assert.deepEqual(cell.children.map((c) => [c.name, c.kind, c.children.map((m) => `${m.name} ${m.kind}`)]), [
      ['Neuron', 'class', ['__init__ method', '__call__ method']],
      ['f', 'function', []],
      ['n', 'variable', []],
    ]);
  });
});
