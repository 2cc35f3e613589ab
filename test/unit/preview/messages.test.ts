import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildError, buildUpdate, cellInfos, MAX_ERROR_LINES, type EvaluatedDocument } from '../../../src/extension/preview/messages';
import { evaluate, LineIndex } from '../../../src/lang';
import { hostMessageProblem, isHostToWebviewMessage, type UpdateMessage } from '../../../src/shared/protocol';
import { nodesOf, throughVsCode } from './nodes';

function doc(text: string, version = 1): EvaluatedDocument {
  return { uri: 'file:///w/x.grad', version, result: evaluate(text), lines: new LineIndex(text) };
}

const SETTINGS = { precision: 4, rankdir: 'LR' as const, summaryBudget: 300 };

describe('buildUpdate', () => {
  const d = doc('# %% first\na = 2.0\nb = a * 3\nb\n# %%\nc = 1\n', 7);

  test("carries the shown cell's graph, the cell list with titles, and passes the protocol's guard", () => {
    const update = buildUpdate(d, 0, [0], SETTINGS);
    assert.ok(isHostToWebviewMessage(update));
    assert.equal(update.uri, 'file:///w/x.grad');
    assert.equal(update.version, 7);
    assert.equal(update.cell, 0);
    assert.deepEqual(
      nodesOf(update.columns).map((n) => [n.id, n.label, n.data, n.grad]),
      d.result.cells[0].graph?.nodes.map((n) => [n.id, n.label, n.data, n.grad]),
    );
    // The same result asked again gives the same columns, not a second conversion.
    assert.equal(buildUpdate(d, 0, [], SETTINGS).columns, update.columns);
    assert.deepEqual(update.highlight, [0]);
    assert.deepEqual(update.cells, [
      { index: 0, title: 'first', hasOutput: true },
      { index: 1, title: 'Cell 2', hasOutput: true },
    ]);
  });

  test('a cell without an output has a null graph', () => {
    const e = doc('print(1)\n');
    assert.equal(e.result.cells[0].graph, null);
    const update = buildUpdate(e, 0, [], SETTINGS);
    assert.equal(update.columns, null);
    assert.deepEqual(cellInfos(e.result), [{ index: 0, title: 'Cell 1', hasOutput: false }]);
    assert.ok(isHostToWebviewMessage(update));
  });

  test('NaN and ±Infinity survive the way VS Code sends webview messages (typed arrays cross as they are)', () => {
    // log of a negative number is NaN, log(0) is -inf, exp(1000) overflows to inf: warnings, and still drawn.
    const e = doc('a = Value(-2.0)\nb = log(a)\nz = Value(0.0)\nc = log(z)\nx = Value(1000.0)\ny = exp(x)\nd = b + c + y\n');
    const graph = e.result.cells[0].graph;
    assert.ok(graph);
    const data = (name: string) => graph.nodes.find((n) => n.names.includes(name))?.data;
    assert.deepEqual([data('b'), data('c'), data('y'), data('d')], [NaN, -Infinity, Infinity, NaN]);
    const grads = graph.nodes.map((n) => n.grad);
    assert.ok(grads.some((g) => !Number.isFinite(g)), `no non-finite grad in ${JSON.stringify(grads)}`);

    const wire = throughVsCode(buildUpdate(e, 0, [], SETTINGS));
    assert.equal(hostMessageProblem(wire), null);
    const received = wire as UpdateMessage;
    assert.deepEqual(nodesOf(received.columns).map((n) => [n.id, n.data, n.grad]), graph.nodes.map((n) => [n.id, n.data, n.grad]));
    // Plain JSON (no typed arrays) is a message the guard refuses, and says where.
    assert.match(hostMessageProblem(JSON.parse(JSON.stringify(buildUpdate(e, 0, [], SETTINGS)))) ?? '', /^update: columns\.id is .*not a Float64Array/);
  });

  test('an empty document is an update with no cells', () => {
    const update = buildUpdate(doc(''), 0, [], SETTINGS);
    assert.deepEqual(update.cells, []);
    assert.equal(update.columns, null);
    assert.ok(isHostToWebviewMessage(update));
  });
});

describe('buildError', () => {
  test('is null without errors', () => {
    assert.equal(buildError(doc('a = 2.0\na\n')), null);
  });

  test('names each error with its 1-based line', () => {
    const error = buildError(doc('a = 2.0\nb = a *\nb\n', 3));
    assert.ok(error);
    assert.ok(isHostToWebviewMessage(error));
    assert.equal(error.version, 3);
    assert.equal(error.messages.length, 1);
    assert.match(error.messages[0], /^Line 2: /);
  });

  test('keeps the banner short and counts the rest', () => {
    const text = Array.from({ length: MAX_ERROR_LINES + 3 }, (_, i) => `v${i} = nope${i}`).join('\n') + '\n';
    const error = buildError(doc(text));
    assert.ok(error);
    assert.equal(error.messages.length, MAX_ERROR_LINES + 1);
    assert.match(error.messages[MAX_ERROR_LINES - 1], new RegExp(`^Line ${MAX_ERROR_LINES}: `));
    assert.equal(error.messages[MAX_ERROR_LINES], '3 more errors in the Problems view.');
  });
});
