import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDot } from '../../src/graph/dot';
import type { CellGraph, GraphNode, NodeKind } from '../../src/graph/model';

function node(id: number, label: string, kind: NodeKind, data: number, grad: number, op: string | null = null, inputs: number[] = []): GraphNode {
  return { id, label, data, grad, kind, op, inputs, names: kind === 'leaf' ? [label] : [], definedAt: null };
}

/** The lecture's L = (a*b + c) * f, with the gradients the lecture finds by hand. */
function lectureGraph(): CellGraph {
  return {
    output: 6,
    nodes: [
      node(0, 'a', 'leaf', 2, 6),
      node(1, 'b', 'leaf', -3, -4),
      node(2, 'a * b', 'result', -6, -2, '*', [0, 1]),
      node(3, 'c', 'leaf', 10, -2),
      node(4, 'e + c', 'result', 4, -2, '+', [2, 3]),
      node(5, 'f', 'leaf', -2, 4),
      node(6, 'L', 'result', -8, 1, '*', [4, 5]),
    ],
  };
}

/** Every node statement of a DOT text, by DOT id, with its attributes. */
function nodesOf(dot: string): Map<string, Record<string, string>> {
  const nodes = new Map<string, Record<string, string>>();
  for (const m of dot.matchAll(/^\s*(n\d+(?:_op)?) \[(.*)\];$/gm)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2].matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|[^,\s]+)/g)) {
      attrs[a[1]] = a[2].startsWith('"') ? a[2].slice(1, -1) : a[2];
    }
    nodes.set(m[1], attrs);
  }
  return nodes;
}

function edgesOf(dot: string): string[] {
  return [...dot.matchAll(/^\s*(\S+) -> (\S+);$/gm)].map((m) => `${m[1]}->${m[2]}`);
}

test('each value is a record { label | data | grad } with id n<id>', () => {
  const nodes = nodesOf(toDot(lectureGraph()));
  assert.equal(nodes.get('n0')?.shape, 'record');
  assert.equal(nodes.get('n0')?.label, '{ a | data 2.0000 | grad 6.0000 }');
  assert.equal(nodes.get('n1')?.label, '{ b | data -3.0000 | grad -4.0000 }');
  assert.equal(nodes.get('n6')?.label, '{ L | data -8.0000 | grad 1.0000 }');
});

test('each operation result has an op node n<id>_op labelled with the op, and only results do', () => {
  const nodes = nodesOf(toDot(lectureGraph()));
  assert.deepEqual([...nodes.keys()].sort(), ['n0', 'n1', 'n2', 'n2_op', 'n3', 'n4', 'n4_op', 'n5', 'n6', 'n6_op']);
  assert.equal(nodes.get('n2_op')?.label, '*');
  assert.equal(nodes.get('n4_op')?.label, '+');
  assert.notEqual(nodes.get('n2_op')?.shape, 'record');
});

test('edges run op -> value and from each input to the op', () => {
  assert.deepEqual(edgesOf(toDot(lectureGraph())).sort(), [
    'n0->n2_op', 'n1->n2_op', 'n2->n4_op', 'n2_op->n2', 'n3->n4_op', 'n4->n6_op', 'n4_op->n4', 'n5->n6_op', 'n6_op->n6',
  ].sort());
});

test('a value used twice (b = a + a) gets one edge per use', () => {
  const graph: CellGraph = { output: 1, nodes: [node(0, 'a', 'leaf', 3, 2), node(1, 'b', 'result', 6, 1, '+', [0, 0])] };
  assert.deepEqual(edgesOf(toDot(graph)).filter((e) => e === 'n0->n1_op').length, 2);
});

test('classes tell leaves, constants, results, the output and ops apart, plus highlight', () => {
  const graph: CellGraph = {
    output: 3,
    nodes: [
      node(0, 'x', 'leaf', 1, 2),
      node(1, '2', 'constant', 2, 1),
      node(2, '2*x', 'result', 2, 1, '*', [1, 0]),
      node(3, 'y', 'result', 4, 1, '**2', [2]),
    ],
  };
  const nodes = nodesOf(toDot(graph, { highlight: [0, 3] }));
  assert.equal(nodes.get('n0')?.class, 'value leaf highlight');
  assert.equal(nodes.get('n1')?.class, 'value constant');
  assert.equal(nodes.get('n2')?.class, 'value result');
  assert.equal(nodes.get('n2_op')?.class, 'op');
  assert.equal(nodes.get('n3')?.class, 'value result output highlight');
  assert.equal(nodes.get('n3_op')?.class, 'op highlight');
  assert.equal(nodes.get('n3_op')?.label, '**2');
  // The standalone colours differ by kind, so a plain SVG tells them apart too.
  const fills = new Set(['n0', 'n1', 'n2', 'n2_op'].map((id) => nodes.get(id)?.fillcolor));
  assert.equal(fills.size, 4);
  assert.notEqual(nodes.get('n3')?.fillcolor, nodes.get('n2')?.fillcolor);
});

test('left to right by default, top to bottom on request', () => {
  assert.match(toDot(lectureGraph()), /rankdir=LR/);
  assert.match(toDot(lectureGraph(), { rankdir: 'TB' }), /rankdir=TB/);
  assert.doesNotMatch(toDot(lectureGraph(), { rankdir: 'TB' }), /rankdir=LR/);
});

test('precision sets the digits after the point', () => {
  const graph: CellGraph = { output: 0, nodes: [node(0, 'b', 'leaf', 6.8813735870195432, 0.5)] };
  assert.equal(nodesOf(toDot(graph, { precision: 2 })).get('n0')?.label, '{ b | data 6.88 | grad 0.50 }');
  // As Python's '%.0f' % 0.5: an exact tie rounds to even.
  assert.equal(nodesOf(toDot(graph, { precision: 0 })).get('n0')?.label, '{ b | data 7 | grad 0 }');
  assert.equal(nodesOf(toDot(graph)).get('n0')?.label, '{ b | data 6.8814 | grad 0.5000 }');
});

test('NaN and infinities are written nan, inf, -inf', () => {
  const graph: CellGraph = {
    output: 1,
    nodes: [node(0, 'x', 'leaf', -2, NaN), node(1, 'y', 'result', NaN, Infinity, 'log', [0]), node(2, 'z', 'result', -Infinity, 0, 'neg', [1])],
  };
  const nodes = nodesOf(toDot(graph));
  assert.equal(nodes.get('n0')?.label, '{ x | data -2.0000 | grad nan }');
  assert.equal(nodes.get('n1')?.label, '{ y | data nan | grad inf }');
  assert.equal(nodes.get('n2')?.label, '{ z | data -inf | grad 0.0000 }');
});

test('hostile labels are escaped for DOT record labels', () => {
  const graph: CellGraph = {
    output: 1,
    nodes: [
      node(0, 'a|b{c}"<>\\', 'leaf', 1, 1),
      node(1, '<img src=x onerror=alert(1)>', 'result', 1, 1, 'tanh', [0]),
    ],
  };
  const dot = toDot(graph);
  const nodes = nodesOf(dot);
  // Every record metacharacter is backslash-escaped, so the label stays one field.
  assert.equal(nodes.get('n0')?.label, '{ a\\|b\\{c\\}\\"\\<\\>\\\\ | data 1.0000 | grad 1.0000 }');
  assert.equal(nodes.get('n1')?.label, '{ \\<img src=x onerror=alert(1)\\> | data 1.0000 | grad 1.0000 }');
  // No statement was broken open: still exactly the nodes and edges drawn.
  assert.deepEqual([...nodes.keys()], ['n0', 'n1', 'n1_op']);
  assert.deepEqual(edgesOf(dot), ['n1_op->n1', 'n0->n1_op']);
});

test('Graphviz escapes (\\N, \\l), entities and newlines in labels stay literal text', () => {
  const graph: CellGraph = {
    output: 1,
    nodes: [node(0, 'x\\N &lt;\n  + y', 'leaf', 0, 0), node(1, 'y', 'result', 0, 0, '\\G"op', [0])],
  };
  const nodes = nodesOf(toDot(graph));
  assert.equal(nodes.get('n0')?.label, '{ x\\\\N &amp;lt; + y | data 0.0000 | grad 0.0000 }');
  assert.equal(nodes.get('n1_op')?.label, '\\\\G\\"op');
});

test('the same graph always gives the same text', () => {
  const first = toDot(lectureGraph(), { highlight: [2] });
  assert.equal(toDot(lectureGraph(), { highlight: [2] }), first);
  assert.match(first, /^digraph G \{\n/);
  assert.match(first, /\}\n$/);
});

test('a value whose data or grad is NaN or infinite is framed apart: class nonfinite, a red border', () => {
  const graph = lectureGraph();
  graph.nodes[2] = node(2, 'a * b', 'result', Number.NaN, -2, '*', [0, 1]);
  graph.nodes[5] = node(5, 'f', 'leaf', -2, Number.POSITIVE_INFINITY);
  const nodes = nodesOf(toDot(graph));
  assert.equal(nodes.get('n2')!.class, 'value result nonfinite');
  assert.equal(nodes.get('n5')!.class, 'value leaf nonfinite');
  assert.equal(nodes.get('n2')!.color, '#dc2626');
  assert.equal(nodes.get('n0')!.class, 'value leaf', 'a finite value is not marked');
  assert.match(nodes.get('n2')!.label, /data nan/);
});
