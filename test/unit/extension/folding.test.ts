import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellFolds } from '../../../src/extension/content/folding';

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
