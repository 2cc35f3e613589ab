import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GraphColumns } from '../../src/graph/columns';
import type { CellGraph } from '../../src/graph/model';
import { evaluate } from '../../src/lang';

// CellResult.columns: the output's whole graph in typed arrays. For a graph small
// enough to keep as objects it says exactly what `graph` says.

const KINDS = ['leaf', 'constant', 'result'];

function assertSameGraph(columns: GraphColumns, graph: CellGraph): void {
  assert.equal(columns.size, graph.nodes.length);
  assert.equal(columns.id[columns.output], graph.output);
  graph.nodes.forEach((node, r) => {
    assert.equal(columns.id[r], node.id);
    assert.ok(Object.is(columns.data[r], node.data), `data of ${node.label}`);
    assert.ok(Object.is(columns.grad[r], node.grad), `grad of ${node.label}`);
    assert.equal(columns.labels[columns.label[r]], node.label);
    assert.equal(columns.op[r] < 0 ? null : columns.ops[columns.op[r]], node.op);
    assert.equal(KINDS[columns.kind[r]], node.kind);
    const inputs = [columns.input0[r], columns.input1[r]].filter((i) => i >= 0).map((i) => columns.id[i]);
    assert.deepEqual(inputs, node.inputs);
    const site = columns.site[r] < 0 ? null : columns.sites[columns.site[r]];
    assert.deepEqual(site, node.definedAt);
    assert.deepEqual(columns.names.find((n) => n.row === r)?.names ?? [], node.names);
  });
}

for (const example of ['01-expression.grad', '02-manual-gradients.grad', '04-neuron.grad', '05-a-plus-a-bug.grad', '07-neuron-classes.grad']) {
  test(`columns of ${example} say what its graphs say`, () => {
    const text = readFileSync(join(__dirname, '..', '..', 'examples', example), 'utf8');
    const result = evaluate(text);
    let compared = 0;
    for (const cell of result.cells) {
      if (cell.graph === null) {
        assert.equal(cell.columns === null, cell.output === null || cell.outputNode === null);
        continue;
      }
      assert.ok(cell.columns);
      assertSameGraph(cell.columns, cell.graph);
      compared++;
    }
    assert.ok(compared > 0);
  });
}

test('columns are not limited by maxGraphNodes, and a cell without an output has none', () => {
  const result = evaluate('x = Value(1.0)\nfor i in range(3000):\n    x = x + 1.0\n\n# %%\nprint(1)\n');
  const [chain, none] = result.cells;
  assert.equal(chain.graph, null, 'too large to keep as objects');
  assert.equal(chain.columns?.size, chain.graphSize);
  assert.equal(chain.columns?.size, 6001);
  assert.equal(chain.columns?.data[chain.columns.output], 3001);
  assert.equal(none.columns, null);
});

test('a cell that never calls backward() shows d(output)/d(row); one that does, the grads', () => {
  const [fresh, own] = evaluate('a = Value(2.0)\nb = a * a\n\n# %%\nc = b * 3.0\nc.backward()\n').cells;
  assert.deepEqual([...fresh.columns!.grad], [4, 1]);
  assert.deepEqual([...own.columns!.grad], [12, 3, 4, 1]);
  assert.equal(own.columns!.names.find((n) => n.row === 0)?.names[0], 'a');
});

test('the columns cross a worker boundary: structuredClone keeps them whole', () => {
  const text = readFileSync(join(__dirname, '..', '..', 'examples', '08-moons.grad'), 'utf8').replace('for k in range(100):', 'for k in range(1):');
  const result = evaluate(text, { timeBudgetMs: 60_000 });
  const cell = result.cells[2];
  assert.ok(cell.columns && cell.columns.size > 60_000);
  const copy = structuredClone(cell);
  assert.deepEqual(copy.columns, cell.columns);
  assert.ok(copy.columns!.scope instanceof Int32Array);
  assert.ok(copy.columns!.scopes.parent instanceof Int32Array);
});

test('a chain carried through many cells is kept as columns up to twice maxNodes rows in all', () => {
  // 40 cells, each adding 10 nodes to one chain: cell k's graph has about 10k rows, so the
  // cells together would keep about 8,000; the bound (2 × 1,000) stops them early.
  const cells = ['x = Value(1.0)'];
  for (let k = 0; k < 40; k++) cells.push('# %%\n' + Array.from({ length: 5 }, () => 'x = x * 1.0 + 1.0').join('\n'));
  const result = evaluate(cells.join('\n'), { maxNodes: 1_000 });
  const kept = result.cells.filter((c) => c.columns !== null);
  const rows = kept.reduce((n, c) => n + c.columns!.size, 0);
  assert.ok(rows <= 2_000, `${rows} rows kept`);
  assert.ok(kept.length > 5 && kept.length < result.cells.length, `${kept.length} of ${result.cells.length} cells kept columns`);
  assert.ok(result.cells.at(-1)!.graphSize > 0, 'a cell past the bound still says how big its graph is');
});
