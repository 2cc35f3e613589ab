import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockFolds, cellFolds } from '../../../src/extension/features/folding/content';

test('each # %% cell folds from its marker to its last line', () => {
  const text = 'import math\na = 1.0\n# %% one\nb = a * 2\nc = b + 1\n# %% empty\n# %% two\r\nd = c\r\n';
  assert.deepEqual(cellFolds(text), [
    { start: 2, end: 4 },
    { start: 6, end: 7 },
  ]);
});

test('a half-typed file still folds: folds come from markers, not from parsing', () => {
  assert.deepEqual(cellFolds('# %% broken\ne = a *\no = tanh(\n'), [{ start: 0, end: 2 }]);
});

test('each indented block folds from its header to its last line, nested ones too', () => {
  const text = [
    'class Neuron:',          // 0
    '    def __init__(self):', // 1
    '        self.w = 1',      // 2
    '',                        // 3
    '        # a comment',     // 4
    '        self.b = 0',      // 5
    '    def f(self):',        // 6
    '        return 1',        // 7
    'x = 1',                   // 8
    'for k in range(3):',      // 9
    '\tprint(k)',              // 10
    '',
  ].join('\n');
  assert.deepEqual(blockFolds(text), [
    { start: 0, end: 7 },
    { start: 1, end: 5 },
    { start: 6, end: 7 },
    { start: 9, end: 10 },
  ]);
});
