import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { columnsOf } from '../../../src/extension/preview/messages';
import { highlightAt } from '../../../src/extension/preview/cells';
import { evaluate } from '../../../src/lang';
import { nodesOf } from './nodes';

const TEXT = `a = 2.0
b = a * 3
b
# %% second
x = Value(1.0)
y = x.tanh()
y + x

# %%
z = 1
`;

const at = (needle: string, from = 0): number => {
  const i = TEXT.indexOf(needle, from);
  assert.ok(i >= 0, needle);
  return i;
};

describe('highlightAt', () => {
  const result = evaluate(TEXT);
  const { cells } = result;
  const first = columnsOf(cells[0]);
  const second = columnsOf(cells[1]);
  const id = (columns: typeof first, label: string): number => {
    const node = nodesOf(columns).find((n) => n.label === label);
    assert.ok(node, label);
    return node.id;
  };

  test('a cursor on, or just after, a name highlights its node', () => {
    const use = at('a * 3');
    assert.deepEqual(highlightAt(result, use, first), [id(first, 'a')]);
    assert.deepEqual(highlightAt(result, use + 1, first), [id(first, 'a')]);
    assert.deepEqual(highlightAt(result, at('b = a'), first), [id(first, 'b')]);
  });

  test('off any name, nothing is highlighted', () => {
    assert.deepEqual(highlightAt(result, at('2.0') + 1, first), []);
    assert.deepEqual(highlightAt(result, at('# %% second') + 2, second), []);
  });

  test('a name whose node is not in the shown graph highlights nothing', () => {
    assert.deepEqual(highlightAt(result, at('a * 3'), second), []);
    assert.deepEqual(highlightAt(result, at('a * 3'), null), []);
  });

  test('around an operator, each side highlights its own name', () => {
    const text = 'p = Value(1.0)\nq = Value(2.0)\nr = p+q\nr\n';
    const result = evaluate(text);
    const graph = columnsOf(result.cells[0]);
    const q = nodesOf(graph).find((n) => n.names.includes('q'));
    assert.ok(q);
    assert.deepEqual(highlightAt(result, text.indexOf('p+q') + 2, graph), [q.id]);
    const p = nodesOf(graph).find((n) => n.names.includes('p'));
    assert.ok(p);
    assert.deepEqual(highlightAt(result, text.indexOf('p+q') + 1, graph), [p.id]);
  });
});
