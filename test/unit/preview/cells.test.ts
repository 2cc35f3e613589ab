import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cellAt, highlightAt } from '../../../src/extension/preview/cells';
import { evaluate } from '../../../src/lang';

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

describe('cellAt', () => {
  const { cells } = evaluate(TEXT);

  test('finds the cell whose range holds the offset, markers included', () => {
    assert.equal(cells.length, 3);
    assert.equal(cellAt(cells, 0), 0);
    assert.equal(cellAt(cells, at('b\n#')), 0);
    assert.equal(cellAt(cells, at('# %% second')), 1);
    assert.equal(cellAt(cells, at('y + x')), 1);
    assert.equal(cellAt(cells, at('z = 1')), 2);
    assert.equal(cellAt(cells, TEXT.length), 2);
  });

  test('gives the line break after a cell to that cell, not the next', () => {
    const endOfFirst = cells[0].range.end;
    assert.equal(TEXT[endOfFirst], '\n');
    assert.equal(cellAt(cells, endOfFirst), 0);
    assert.equal(cellAt(cells, at('\n\n# %%') + 1), 1);
  });

  test('is 0 for a document without cells', () => {
    assert.equal(cellAt([], 5), 0);
  });
});

describe('highlightAt', () => {
  const result = evaluate(TEXT);
  const { cells } = result;
  const first = cells[0].graph;
  const second = cells[1].graph;
  const id = (graph: typeof first, label: string): number => {
    const node = graph?.nodes.find((n) => n.label === label);
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
    const graph = result.cells[0].graph;
    const q = graph?.nodes.find((n) => n.names.includes('q'));
    assert.ok(q);
    assert.deepEqual(highlightAt(result, text.indexOf('p+q') + 2, graph), [q.id]);
    const p = graph?.nodes.find((n) => n.names.includes('p'));
    assert.ok(p);
    assert.deepEqual(highlightAt(result, text.indexOf('p+q') + 1, graph), [p.id]);
  });
});
