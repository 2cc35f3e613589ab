import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ScopeKind, type GraphColumns } from '../../src/graph/columns';
import { columnsFromGraph } from '../../src/graph/columnsFromGraph';
import { toDot } from '../../src/graph/dot';
import type { CellGraph, GraphNode, NodeKind } from '../../src/graph/model';
import { neighbourhood } from '../../src/graph/neighbourhood';
import { structureView, summarize, type SummaryView } from '../../src/graph/summary';
import { viewToDot } from '../../src/graph/viewDot';
import { ColumnsBuilder, randomColumns, trainingColumns } from './columnsBuilder';

function node(id: number, label: string, kind: NodeKind, data: number, grad: number, op: string | null = null, inputs: number[] = []): GraphNode {
  return { id, label, data, grad, kind, op, inputs, names: [], definedAt: null };
}

/** The lecture's L = (a*b + c) * f, with a hostile label and a value used twice. */
function lectureGraph(): CellGraph {
  return {
    output: 8,
    nodes: [
      node(0, 'a', 'leaf', 2, 6),
      node(1, 'b|{x}"<&', 'leaf', -3, -4),
      node(2, 'a * b', 'result', -6, -2, '*', [0, 1]),
      node(3, 'c', 'leaf', 10, -2),
      node(4, 'e + c', 'result', 4, -2, '+', [2, 3]),
      node(5, '2', 'constant', 2, 4),
      node(6, 'f', 'result', -2, 4, '*', [5, 5]),
      node(8, 'L', 'result', -8, 1, '*', [4, 6]),
    ],
  };
}

function rowCosts(columns: GraphColumns, view: SummaryView): number {
  return view.rows.reduce((sum, r) => sum + (columns.op[r] >= 0 ? 2 : 1), 0) + view.groups.length + view.clusters.length;
}

/** Operand edges of the whole graph, as (input row, consumer row) pairs. */
function allEdges(columns: GraphColumns): string[] {
  const edges: string[] = [];
  for (let r = 0; r < columns.size; r++) {
    if (columns.input0[r] >= 0) edges.push(`${columns.input0[r]}->${r}`);
    if (columns.input1[r] >= 0) edges.push(`${columns.input1[r]}->${r}`);
  }
  return edges.sort();
}

function allKeys(view: SummaryView): string[] {
  return [...view.groups.map((g) => g.key), ...view.clusters.map((c) => c.key)];
}

test('a graph within the budget is drawn whole, and its DOT is exactly toDot\'s', () => {
  const graph = lectureGraph();
  const columns = columnsFromGraph(graph);
  const view = summarize(columns);
  assert.equal(view.whole, true);
  assert.deepEqual(view.rows, [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.equal(view.groups.length, 0);
  assert.equal(viewToDot(columns, view).dot, toDot(graph));
  assert.equal(viewToDot(columns, view, { highlight: [2, 8], precision: 2, rankdir: 'TB' }).dot, toDot(graph, { highlight: [2, 8], precision: 2, rankdir: 'TB' }));
});

test('random graphs within the budget give toDot\'s text, whatever their scopes', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 1, max: 60 }), (seed, size) => {
      const columns = randomColumns(seed, size);
      const graph: CellGraph = {
        output: columns.id[columns.output],
        nodes: Array.from({ length: columns.size }, (_, r) =>
          node(columns.id[r], columns.labels[columns.label[r]], (['leaf', 'constant', 'result'] as const)[columns.kind[r]], columns.data[r], columns.grad[r], columns.op[r] >= 0 ? columns.ops[columns.op[r]] : null, [columns.input0[r], columns.input1[r]].filter((i) => i >= 0).map((i) => columns.id[i])),
        ),
      };
      const view = summarize(columns, { budget: 1000 });
      assert.equal(view.whole, true);
      assert.equal(viewToDot(columns, view).dot, toDot(graph));
    }),
    { numRuns: 50 },
  );
});

test('every group open gives back the whole graph: all rows, all edges, each group a box', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 4, max: 60 }), (seed, size, budget) => {
      const columns = randomColumns(seed, size);
      const view = structureView(columns, budget);
      assert.deepEqual(view.rows, Array.from({ length: columns.size }, (_, r) => r));
      assert.equal(view.groups.length, 0);
      assert.deepEqual(view.edges.map((e) => `${e.from}->${e.to}`).sort(), allEdges(columns));
      assert.ok(view.edges.every((e) => e.count === 1));
      // Each box's key is found again as a distinct key.
      assert.equal(new Set(view.clusters.map((c) => c.key)).size, view.clusters.length);
    }),
    { numRuns: 100 },
  );
});

test('opening the groups one click at a time reaches every row, and no view passes its budget', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 50, max: 600 }), fc.integer({ min: 4, max: 80 }), fc.array(fc.nat(), { maxLength: 8 }), (seed, size, budget, picks) => {
      const columns = randomColumns(seed, size);
      const expanded: string[] = [];
      let view = summarize(columns, { budget });
      const check = (v: SummaryView): void => {
        assert.ok(v.drawn <= budget || v.whole, `drew ${v.drawn} over ${budget}`);
        assert.equal(rowCosts(columns, v), v.drawn);
        // The drawn rows and the closed groups' values partition the graph.
        assert.equal(v.rows.length + v.groups.reduce((sum, g) => sum + g.values, 0), columns.size);
        assert.equal(v.hidden, columns.size - v.rows.length);
        // Every operand edge is drawn, or inside one closed group, and counted once.
        const drawnEdges = v.edges.reduce((sum, e) => sum + e.count, 0);
        assert.ok(drawnEdges <= allEdges(columns).length);
      };
      check(view);
      for (const pick of picks) {
        if (view.groups.length === 0) break;
        expanded.push(view.groups[pick % view.groups.length].key);
        view = summarize(columns, { budget, expanded });
        check(view);
      }
      // With room for it, a click is honoured: the group is open in the next view.
      if (view.groups.length > 0) {
        const key = view.groups[0].key;
        const big = summarize(columns, { budget: budget * 4, expanded: [key] });
        check2(big, key, budget * 4);
      }
      function check2(v: SummaryView, key: string, b: number): void {
        assert.ok(v.drawn <= b || v.whole);
        if (!v.whole && !v.refused.includes(key)) assert.ok(v.clusters.some((c) => c.key === key));
      }
    }),
    { numRuns: 100 },
  );
});

test('a closed group counts its values and outputs and finds its largest gradient', () => {
  const columns = trainingColumns(1, 100);
  const view = summarize(columns, { budget: 300 });
  assert.equal(view.whole, false);
  assert.ok(view.drawn <= 300);
  const key = '/for k in range(1)#0/MLP.__call__*';
  const repeat = [...view.groups, ...view.clusters].find((g) => g.key === key);
  assert.equal(repeat?.title, '×100 MLP.__call__', `titles: ${view.groups.map((g) => g.title).join(', ')}`);
  assert.equal(repeat.kind, 'repeat');
  assert.equal(repeat.values, 64100);
  const sum = [...view.groups, ...view.clusters].find((g) => g.title.startsWith('sum(losses) ×'));
  assert.ok(sum, 'the sum() chain is one expression group');
  const closed = summarize(columns, { budget: 300, collapsed: [key] });
  const mlp = closed.groups.find((g) => g.key === key);
  assert.ok(mlp);
  // 100 scores leave the MLP's calls, one per call, the latest listed first.
  assert.equal(mlp.outputs.count, 100);
  assert.equal(mlp.outputs.rows.length, 3);
  assert.ok(mlp.outputs.rows[0] > mlp.outputs.rows[1] && mlp.outputs.rows[1] > mlp.outputs.rows[2]);
  // The activations carry grad 0.1 in this synthetic graph, the largest inside.
  assert.equal(mlp.maxGrad?.grad, 0.1);
  assert.equal(columns.labels[columns.label[mlp.maxGrad.row]], 'act');
  // Opening the MLP's calls shows them twenty at a time, in ranges; a range, each call,
  // titled with its index.
  const open = summarize(columns, { budget: 300, expanded: [mlp.key] });
  assert.ok(open.clusters.some((c) => c.key === mlp.key));
  const ranges = open.groups.filter((g) => g.kind === 'range');
  assert.deepEqual(ranges.map((g) => g.title), ['×100 MLP.__call__ 1–20', '×100 MLP.__call__ 21–40', '×100 MLP.__call__ 41–60', '×100 MLP.__call__ 61–80', '×100 MLP.__call__ 81–100']);
  const first = summarize(columns, { budget: 300, expanded: [mlp.key, ranges[0].key] });
  const calls = [...first.groups, ...first.clusters].filter((g) => g.title.startsWith('MLP.__call__ #'));
  assert.equal(calls.length, 20);
  assert.equal(calls[7].key, '/for k in range(1)#0/MLP.__call__#7');
  // Into one call: its layers, down to a neuron.
  const neuronPath = '/for k in range(1)#0/MLP.__call__#7/for layer in self.layers#1/Layer.__call__#0/<listcomp>#3/Neuron.__call__#0';
  const deep = summarize(columns, { budget: 300, expanded: [mlp.key, neuronPath] });
  assert.deepEqual(deep.refused, []);
  assert.ok(deep.clusters.some((c) => c.key === neuronPath));
  assert.ok(deep.drawn <= 300);
});

test('a user-closed group is never opened automatically', () => {
  const columns = trainingColumns(1, 20);
  const first = summarize(columns, { budget: 300 });
  const opened = first.clusters[0];
  assert.ok(opened);
  const closed = summarize(columns, { budget: 300, collapsed: [opened.key] });
  assert.ok(closed.groups.some((g) => g.key === opened.key));
  assert.ok(!closed.clusters.some((c) => c.key === opened.key));
});

test('group keys survive an edit above: new rows, new scopes and shifted sites', () => {
  const before = trainingColumns(3, 30);
  // The same program with a line added at the top: a Value and a call before the model.
  const b = new ColumnsBuilder();
  for (let i = 0; i < 7; i++) b.newSite();
  const helper = b.openScope(0, ScopeKind.Call, 'helper', b.newSite());
  b.leaf('z', helper);
  const after = trainingColumnsWith(b, 3, 30);
  const key = '/for k in range(3)#2/MLP.__call__#11';
  for (const columns of [before, after]) {
    const view = summarize(columns, { budget: 300, expanded: [key] });
    assert.deepEqual(view.refused, []);
    assert.ok(view.clusters.some((c) => c.key === key), allKeys(view).join('\n'));
  }
  const keysOf = (columns: GraphColumns): string[] => structureView(columns).clusters.map((c) => c.key).filter((k) => !k.startsWith('/helper'));
  assert.deepEqual(keysOf(after), keysOf(before));
});

/** trainingColumns, on a builder that already holds other code. */
function trainingColumnsWith(b: ColumnsBuilder, iterations: number, batch: number): GraphColumns {
  return trainingColumns(iterations, batch, [16, 16, 1], b);
}

test('neighbourhood: exactly the rows within k steps either way, and the cuts counted', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 1 << 30 }), fc.integer({ min: 2, max: 200 }), fc.nat(), fc.integer({ min: 0, max: 4 }), (seed, size, pick, k) => {
      const columns = randomColumns(seed, size);
      const row = pick % columns.size;
      const view = neighbourhood(columns, row, k, { budget: 100000 });
      // Brute force: k rounds of inputs from the row, k rounds of users from it.
      let back = new Set([row]);
      for (let step = 0; step < k; step++) {
        const next = new Set(back);
        for (const r of back) for (const i of [columns.input0[r], columns.input1[r]]) if (i >= 0) next.add(i);
        back = next;
      }
      const expected = new Set([...back, ...forwardWithin(columns, row, k)]);
      assert.deepEqual(view.rows, [...expected].sort((a, b) => a - b));
      const shown = new Set(view.rows);
      let cutIn = 0;
      const seen = new Set<number>();
      for (const r of view.rows) for (const i of [columns.input0[r], columns.input1[r]]) if (i >= 0 && !shown.has(i) && !seen.has(i)) (seen.add(i), cutIn++);
      const inputs = view.groups.find((g) => g.key === '~inputs');
      assert.equal(inputs?.values ?? 0, cutIn);
      assert.ok(view.drawn === rowCosts(columns, view));
    }),
    { numRuns: 100 },
  );
});

function forwardWithin(columns: GraphColumns, row: number, k: number): number[] {
  let level = [row];
  const found = new Set([row]);
  for (let step = 0; step < k; step++) {
    const next: number[] = [];
    for (let r = 0; r < columns.size; r++) {
      if (found.has(r)) continue;
      if (level.includes(columns.input0[r]) || level.includes(columns.input1[r])) {
        found.add(r);
        next.push(r);
      }
    }
    level = next;
  }
  return [...found];
}

test('a neighbourhood keeps to its budget and marks the rest', () => {
  const columns = trainingColumns(1, 100);
  const loss = columns.output;
  const view = neighbourhood(columns, loss, 50, { budget: 120 });
  assert.ok(view.drawn <= 120, `drew ${view.drawn}`);
  assert.ok(view.groups.some((g) => g.key === '~inputs' && g.values > 0));
  const dot = viewToDot(columns, view);
  assert.ok(dot.targets.has('g_3i_inputs'));
});

test('DOT of a summary: group nodes with class group, ids g<safe key>, every id mapped back', () => {
  const columns = trainingColumns(1, 100);
  const view = summarize(columns, { budget: 300 });
  const { dot, targets } = viewToDot(columns, view);
  const ids = [...dot.matchAll(/^\s*((?:n\d+(?:_op)?|g_\w+)) \[/gm)].map((m) => m[1]);
  assert.equal(ids.length, view.drawn - view.clusters.length);
  for (const id of ids) assert.ok(targets.has(id), id);
  const mlp = view.groups.findIndex((g) => g.title === '×100 <listcomp>');
  const target = [...targets].find(([, t]) => t.kind === 'group' && t.group === mlp);
  assert.ok(target);
  assert.match(dot, new RegExp(`${target[0]} \\[shape=box, margin="0.2,0.06", style="filled,rounded", class="group repeat", label="×100 <listcomp>\\\\n500 values · 100 out`));
  // Edges reference only drawn ids.
  for (const m of dot.matchAll(/^\s*(\S+) -> (\S+?)[ ;]/gm)) {
    assert.ok(targets.has(m[1]), m[1]);
    assert.ok(targets.has(m[2]), m[2]);
  }
  // A hostile scope name stays one DOT id and one label.
  const b = new ColumnsBuilder();
  const s = b.openScope(0, ScopeKind.Call, 'f"] -> x; /*', b.newSite());
  for (let i = 0; i < 400; i++) b.leaf('a"b', s);
  const hostile = b.build();
  const hv = summarize(hostile, { budget: 10 });
  const hd = viewToDot(hostile, hv).dot;
  assert.doesNotMatch(hd, /^\s*\S+ -> x;/m);
  assert.match(hd, /label="a\\"b ×399\\n/, 'the expression group (the output, the last leaf, drawn apart), closed (a summary never opens an expression group itself), its label escaped');
  assert.match(hd, /g_1b_f_y_/);
});

test('1,000,000 rows of training are summarised well under a second', () => {
  const columns = trainingColumns(100, 16);
  assert.ok(columns.size > 1_000_000);
  let start = performance.now();
  const view = summarize(columns, { budget: 300 });
  const first = performance.now() - start;
  start = performance.now();
  const again = summarize(columns, { budget: 300, expanded: [view.groups[view.groups.length - 1].key] });
  const click = performance.now() - start;
  start = performance.now();
  viewToDot(columns, again);
  const dot = performance.now() - start;
  const small = trainingColumns(1, 100);
  start = performance.now();
  summarize(small, { budget: 300 });
  const moons = performance.now() - start;
  console.log(`summary: ${columns.size} rows ${first.toFixed(0)} ms (a click after ${click.toFixed(0)} ms, DOT ${dot.toFixed(0)} ms); ${small.size} rows ${moons.toFixed(0)} ms`);
  assert.ok(view.drawn <= 300 && again.drawn <= 300);
  assert.ok(first < 2000, `took ${first} ms`);
});

test('left to itself, a summary opens the calls and iterations around the output, never a ×N or an expression group', () => {
  const columns = trainingColumns(1, 100);
  const view = summarize(columns, { budget: 300 });
  assert.ok(view.clusters.every((c) => c.kind === 'call' || c.kind === 'iteration'), JSON.stringify(view.clusters.map((c) => c.title)));
  assert.ok(view.groups.some((g) => g.kind === 'repeat' && g.title.startsWith('×100')), 'the hundred calls stay one group');
  assert.ok(view.drawn < 100, `a first view to read at a glance: ${view.drawn} drawn`);
  assert.ok(view.rows.includes(columns.output), 'the output is drawn as its own record, never inside a group');
  // One click opens the ×100 group: its members appear, still within the budget.
  const repeat = view.groups.find((g) => g.kind === 'repeat' && g.title.startsWith('×100'))!;
  const opened = summarize(columns, { budget: 300, expanded: [repeat.key] });
  assert.ok(opened.clusters.some((c) => c.key === repeat.key));
  assert.ok(opened.drawn <= 300);
});
