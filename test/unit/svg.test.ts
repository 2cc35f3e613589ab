import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toDot } from '../../src/graph/dot';
import { renderSvg } from '../../src/graph/svg';
import type { CellGraph, GraphNode, NodeKind } from '../../src/graph/model';

function node(id: number, label: string, kind: NodeKind, op: string | null = null, inputs: number[] = []): GraphNode {
  return { id, label, data: 1, grad: 2, kind, op, inputs, names: [], definedAt: null };
}

const HOSTILE = '<img src=x onerror=alert(1)>';
const RECORD_BREAKER = 'a|b{c}"<>\\';

const graph: CellGraph = {
  output: 3,
  nodes: [
    node(0, HOSTILE, 'leaf'),
    node(1, RECORD_BREAKER, 'leaf'),
    node(2, '2', 'constant'),
    node(3, 'out & <b>', 'result', '*', [0, 1]),
  ],
};

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#45;/g, '-').replace(/&amp;/g, '&');
}

test('one <g class="node ..."> per DOT node, titled with its DOT id and carrying its classes', async () => {
  const svg = await renderSvg(toDot(graph));
  assert.match(svg, /<svg[\s>]/);
  const groups = [...svg.matchAll(/<g id="node\d+" class="node ([^"]*)">\s*<title>([^<]*)<\/title>/g)]
    .map((m) => `${m[2]}:${m[1]}`)
    .sort();
  assert.deepEqual(groups, [
    'n0:value leaf',
    'n1:value leaf',
    'n2:value constant',
    'n3:value result output',
    'n3_op:op',
  ]);
});

test('hostile labels appear only as escaped text', async () => {
  const svg = await renderSvg(toDot(graph));
  assert.ok(!svg.includes('<img'), 'no <img element');
  assert.ok(!svg.includes('<b>'), 'no <b> element');
  const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => unescapeXml(m[1]));
  // Each label is drawn whole, as one text, exactly as the user wrote it.
  assert.ok(texts.includes(HOSTILE), `texts: ${JSON.stringify(texts)}`);
  assert.ok(texts.includes(RECORD_BREAKER), `texts: ${JSON.stringify(texts)}`);
  assert.ok(texts.includes('out & <b>'), `texts: ${JSON.stringify(texts)}`);
  assert.ok(texts.includes('data 1.0000') && texts.includes('grad 2.0000'));
  // Element names in the document are only SVG's own.
  const elements = new Set([...svg.matchAll(/<([a-zA-Z][\w:-]*)/g)].map((m) => m[1]));
  for (const name of elements) assert.ok(['svg', 'g', 'title', 'polygon', 'polyline', 'ellipse', 'text', 'path'].includes(name), name);
});

test('a second render reuses the instance and gives the same SVG', async () => {
  const dot = toDot(graph);
  assert.equal(await renderSvg(dot), await renderSvg(dot));
});

test('malformed DOT rejects with a clear Error, and rendering still works afterwards', async () => {
  await assert.rejects(renderSvg('digraph { a -> '), (e: unknown) => {
    assert.ok(e instanceof Error);
    assert.match(e.message, /^Graphviz could not render the graph: .*syntax error/);
    return true;
  });
  assert.match(await renderSvg('digraph { a -> b }'), /<title>a&#45;&gt;b<\/title>/);
});
