import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDot } from '../../src/graph/dot';
import type { CellGraph, GraphNode, NodeKind } from '../../src/graph/model';
import { summarize } from '../../src/graph/summary';
import { viewToDot } from '../../src/graph/viewDot';
import { columnsFromGraph } from '../../src/graph/columnsFromGraph';
import { columnsOf } from './replayHelpers';

// Local derivatives on the drawing's edges: one label per operand edge, the formula and
// number of ops.ts, escaped like every other label; without the option, not a byte changes.

function node(id: number, label: string, kind: NodeKind, data: number, op: string | null = null, inputs: number[] = []): GraphNode {
  return { id, label, data, grad: 0, kind, op, inputs, names: [], definedAt: null };
}

const lecture: CellGraph = {
  output: 6,
  nodes: [
    node(0, 'a', 'leaf', 2), node(1, 'b', 'leaf', -3), node(2, 'e', 'result', -6, '*', [0, 1]),
    node(3, 'c', 'leaf', 10), node(4, 'd', 'result', 4, '+', [2, 3]), node(5, 'f', 'leaf', -2),
    node(6, 'L', 'result', -8, '*', [4, 5]),
  ],
};

/** Edge label texts by `from->to`, unescaped from DOT's quoting. */
function edgeLabels(dot: string): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  for (const m of dot.matchAll(/^\s*(\S+) -> (\S+) \[label="((?:[^"\\]|\\.)*)"/gm)) {
    const key = `${m[1]}->${m[2]}`;
    labels.set(key, [...(labels.get(key) ?? []), m[3].replace(/\\(.)/g, '$1')]);
  }
  return labels;
}

test('toDot: each operand edge carries ∂out/∂operand = formula = value', () => {
  const dot = toDot(lecture, { edgeDerivatives: true });
  const labels = edgeLabels(dot);
  assert.deepEqual(labels.get('n0->n2_op'), ['∂e/∂a = b = -3.0000']);
  assert.deepEqual(labels.get('n1->n2_op'), ['∂e/∂b = a = 2.0000']);
  assert.deepEqual(labels.get('n2->n4_op'), ['∂d/∂e = 1.0000']);
  assert.deepEqual(labels.get('n5->n6_op'), ['∂L/∂f = d = 4.0000']);
  assert.equal(labels.size, 6, 'operand edges only, not op → value');
  assert.deepEqual(edgeLabels(toDot(lecture, { edgeDerivatives: true, precision: 1 })).get('n0->n2_op'), ['∂e/∂a = b = -3.0']);
});

test('without edgeDerivatives the DOT text is exactly as before', () => {
  const plain = toDot(lecture);
  assert.equal(toDot(lecture, { edgeDerivatives: false }), plain);
  assert.doesNotMatch(plain, /∂/);
  // Taking the labels back out gives the default text: they only add attributes.
  assert.equal(toDot(lecture, { edgeDerivatives: true }).replace(/ \[label="∂[^\]]*\]/g, ''), plain);
  const c = columnsFromGraph(lecture);
  const view = summarize(c);
  assert.equal(viewToDot(c, view, { edgeDerivatives: false }).dot, viewToDot(c, view).dot);
  assert.equal(viewToDot(c, view).dot, plain, 'a whole view is toDot');
  assert.equal(viewToDot(c, view, { edgeDerivatives: true }).dot, toDot(lecture, { edgeDerivatives: true }));
});

test('a + a: both edges labelled; tanh names its output; a long label is parenthesised', () => {
  const c = columnsOf("a = Value(3.0, label='a')\nb = a + a; b.label = 'b'\nt = (b * a).tanh(); t.label = 'o'\nt\n");
  const { dot } = viewToDot(c, summarize(c), { edgeDerivatives: true });
  const labels = edgeLabels(dot);
  const [a, b] = [0, 1].map((r) => `n${c.id[r]}`);
  assert.deepEqual(labels.get(`${a}->${b}_op`), ['∂b/∂a = 1.0000', '∂b/∂a = 1.0000']);
  const tanh = [...labels.entries()].find(([, v]) => v[0].includes('²'));
  assert.ok(tanh);
  assert.equal(tanh[1][0], `∂o/∂(b * a) = 1 - o² = ${(1 - Math.tanh(18) ** 2).toFixed(4)}`);
});

test('labels with DOT and HTML in them stay text on the edges', () => {
  const hostile = 'x" ]; n9 [label="<b>pwn</b>\\N & &lt;';
  const graph: CellGraph = { output: 2, nodes: [node(0, hostile, 'leaf', 1), node(1, 'y{|}', 'leaf', 2), node(2, 'z', 'result', 2, '*', [0, 1])] };
  const dot = toDot(graph, { edgeDerivatives: true });
  const edges = dot.split('\n').filter((l) => l.includes('->') && l.includes('label'));
  assert.equal(edges.length, 2);
  for (const line of edges) {
    // One statement per line, the label one quoted string: no quote left unescaped.
    assert.match(line, /^ {2}n\d+ -> n2_op \[label="(?:[^"\\]|\\.)*", class="derivative", fontname="Courier", fontsize=10, fontcolor="#475569"\];$/);
    assert.doesNotMatch(line, /&lt;b|[^\\]\\N/);
  }
  assert.ok(dot.includes('&amp;lt;'), 'an entity typed in a label shows as typed');
  assert.doesNotMatch(dot, /^\s*n9 \[/m, 'no statement injected');
});
