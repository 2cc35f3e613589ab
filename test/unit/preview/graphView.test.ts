import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { nodesOf } from './nodes';
import { GraphView } from '../../../src/extension/preview/graphView';
import type { EvaluatedDocument } from '../../../src/extension/preview/messages';
import { evaluate, LineIndex, type Position } from '../../../src/lang';
import {
  isHostToWebviewMessage,
  type GraphSettings,
  type HostToWebviewMessage,
  type UpdateMessage,
} from '../../../src/shared/protocol';
import { Freshness } from '../../../webview/freshness';
import { THREE_CELLS } from '../../fixtures/lecture';

const URI = 'file:///w/lecture.grad';
const OTHER = 'file:///w/other.grad';
const SETTINGS: GraphSettings = { precision: 4, rankdir: 'LR', summaryBudget: 300 };

const TEXT = THREE_CELLS;

function evaluated(text: string, version: number, uri = URI): EvaluatedDocument {
  return { uri, version, result: evaluate(text), lines: new LineIndex(text) };
}

/** The position of `needle`'s first occurrence in `text`, plus `delta` columns. */
function pos(needle: string, delta = 0, text = TEXT): Position {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return new LineIndex(text).positionAt(i + delta);
}

function types(messages: HostToWebviewMessage[]): string[] {
  return messages.map((m) => m.type);
}

function only<T extends HostToWebviewMessage['type']>(messages: HostToWebviewMessage[], type: T): Extract<HostToWebviewMessage, { type: T }> {
  const found = messages.filter((m) => m.type === type);
  assert.equal(found.length, 1, `one ${type} in ${types(messages).join(', ')}`);
  return found[0] as Extract<HostToWebviewMessage, { type: T }>;
}

function nodeId(update: UpdateMessage, name: string): number {
  const node = nodesOf(update.columns).find((n) => n.names.includes(name));
  assert.ok(node, name);
  return node.id;
}

/** A view on URI with its cursor at `cursor`, after one evaluation; returns the first update too. */
function opened(cursor: Position | null, text = TEXT): { view: GraphView; first: UpdateMessage; doc: EvaluatedDocument } {
  const view = new GraphView({ uri: URI, settings: SETTINGS });
  if (cursor !== null) assert.deepEqual(view.showDocument(URI, cursor), []);
  const doc = evaluated(text, 1);
  const messages = view.evaluated(doc);
  for (const m of messages) assert.ok(isHostToWebviewMessage(m), `valid ${m.type}`);
  return { view, first: only(messages, 'update'), doc };
}

describe('GraphView: following the cursor', () => {
  test("shows the cell under the cursor and highlights the variable it's on", () => {
    const { first } = opened(pos('e = a * b', 4));
    assert.equal(first.cell, 0);
    assert.equal(first.cells.length, 3);
    assert.deepEqual(first.highlight, [nodeId(first, 'a')]);
  });

  test('without a cursor it shows the first cell, unhighlighted', () => {
    const { first } = opened(null);
    assert.equal(first.cell, 0);
    assert.deepEqual(first.highlight, []);
  });

  test('a move within the cell posts only a highlight, and only when it changes', () => {
    const { view, first } = opened(pos('e = a * b', 4));
    const moved = view.moveCursor(pos('e = a * b', 8));
    assert.deepEqual(moved, [{ type: 'highlight', ids: [nodeId(first, 'b')] }]);
    assert.deepEqual(view.moveCursor(pos('e = a * b', 9)), []);
    assert.deepEqual(view.moveCursor(pos('e = a * b', 6)), [{ type: 'highlight', ids: [] }]);
  });

  test('a move to another cell posts an update of that cell', () => {
    const { view } = opened(pos('e = a * b'));
    const update = only(view.moveCursor(pos('y = x.tanh()', 4)), 'update');
    assert.equal(update.cell, 1);
    assert.deepEqual(update.highlight, [nodeId(update, 'x')]);
  });

  test('the cell picker pins a cell until the cursor moves to another cell', () => {
    const { view } = opened(pos('e = a * b'));
    const picked = only(view.selectCell(2), 'update');
    assert.equal(picked.cell, 2);
    // Still in cell one: the pin holds, and `a` is in cell three's graph too.
    assert.deepEqual(view.moveCursor(pos('e = a * b', 4)), [{ type: 'highlight', ids: [nodeId(picked, 'a')] }]);
    assert.equal(view.cell, 2);
    const moved = only(view.moveCursor(pos('y = x.tanh()')), 'update');
    assert.equal(moved.cell, 1);
  });

  test('a cell the document does not have is not picked', () => {
    const { view } = opened(pos('e = a * b'));
    assert.deepEqual(view.selectCell(3), []);
    assert.equal(view.cell, 0);
  });
});

describe('GraphView: evaluations', () => {
  test('each evaluation posts an update; an older version or another document is ignored', () => {
    const { view } = opened(pos('e = a * b'));
    const edited = TEXT.replace('2.0', '4.0');
    const update = only(view.evaluated(evaluated(edited, 3)), 'update');
    assert.equal(update.version, 3);
    assert.equal(nodesOf(update.columns).find((n) => n.names.includes('a'))?.data, 4);
    assert.deepEqual(view.evaluated(evaluated(TEXT, 2)), []);
    assert.deepEqual(view.evaluated(evaluated(TEXT, 9, OTHER)), []);
  });

  test('an error in the shown cell keeps its last good graph on screen and posts the errors', () => {
    const { view, first } = opened(pos('e = a * b'));
    // Half-typed: `e` no longer evaluates, so what ran would make `b` the output.
    const broken = TEXT.replace('e = a * b', 'e = a * b *');
    const after = evaluated(broken, 2);
    assert.notEqual(after.result.cells[0].graph, null);
    const messages = view.evaluated(after);
    assert.ok(!types(messages).includes('update'), types(messages).join(', '));
    const error = only(messages, 'error');
    assert.equal(error.version, 2);
    assert.match(error.messages[0], /^Line 4: /);
    const kept = only(view.ready(), 'update');
    assert.deepEqual(kept.columns, first.columns);
    assert.deepEqual(kept.highlight, []);
  });

  test("while a graph is kept, the cursor highlights nothing: the new evaluation's ids name other nodes in it", () => {
    const good = 'x = 1.0\ny = 2.0\nz = x * y\n';
    const { view, first } = opened(pos('z = x', 4, good), good);
    // A line above shifts every id by one (x becomes 1, which is y in the kept graph); the last line breaks.
    const broken = 'w = 5.0\n' + good.replace('z = x * y', 'z = x * y *');
    view.evaluated(evaluated(broken, 2));
    const moved = view.moveCursor(pos('x = 1.0', 0, broken));
    assert.ok(!moved.some((m) => m.type === 'highlight' && m.ids.length > 0), JSON.stringify(moved));
    assert.equal(nodeId(first, 'y'), 1);
  });

  test('an error in another cell still updates the shown cell, and posts the errors', () => {
    const { view } = opened(pos('e = a * b'));
    const broken = TEXT.replace('y = x.tanh()', 'y = x.tanh() *').replace('2.0', '4.0');
    const messages = view.evaluated(evaluated(broken, 2));
    assert.deepEqual(types(messages), ['update', 'error']);
    const update = only(messages, 'update');
    assert.equal(update.version, 2);
    assert.equal(nodesOf(update.columns).find((n) => n.names.includes('a'))?.data, 4);
  });

  test('a page that (re)loads gets the last good graph and then the error', () => {
    const text = 'print(1)\n# %% two\nx = Value(1.0)\ny = x * 2\n';
    const { view } = opened(pos('y = x', 0, text), text);
    // The last line no longer parses and nothing is bound: the cell has no graph.
    const broken = text.replace('x = Value(1.0)\ny = x * 2\n', 'x = (\n');
    const after = evaluated(broken, 2);
    assert.equal(after.result.cells[1].graph, null);
    // Only the error (and the cursor's line, now empty, highlights nothing): no update.
    assert.deepEqual(types(view.evaluated(after)), ['highlight', 'error']);
    const reloaded = view.ready();
    assert.deepEqual(types(reloaded), ['update', 'error']);
    const kept = only(reloaded, 'update');
    assert.equal(kept.version, 1);
    assert.equal(kept.cell, 1);
    assert.notEqual(kept.columns, null);
    // Fixed again: a fresh update replaces it.
    const fixed = only(view.evaluated(evaluated(text, 3)), 'update');
    assert.equal(fixed.version, 3);
  });

  test('an error in a cell never shown before still posts the update, so the picker and title are right', () => {
    const view = new GraphView({ uri: URI, settings: SETTINGS });
    const messages = view.evaluated(evaluated('x = (\n', 1));
    assert.deepEqual(types(messages), ['update', 'error']);
    assert.equal(only(messages, 'update').columns, null);
  });
});

describe('GraphView: settings and direction', () => {
  test("setRankdir re-posts everything in the panel's new direction", () => {
    const { view } = opened(pos('e = a * b'));
    const update = only(view.setRankdir('TB'), 'update');
    assert.equal(update.settings.rankdir, 'TB');
    assert.equal(view.settings.rankdir, 'TB');
    // A later evaluation keeps the panel's direction.
    assert.equal(only(view.evaluated(evaluated(TEXT, 2)), 'update').settings.rankdir, 'TB');
  });

  test("configuration changes re-post; the panel's own direction outlives a precision change", () => {
    const { view } = opened(pos('e = a * b'));
    view.setRankdir('TB');
    assert.deepEqual(view.setSettings({ ...SETTINGS }), []);
    const update = only(view.setSettings({ precision: 2, rankdir: 'LR', summaryBudget: 300 }), 'update');
    assert.deepEqual(update.settings, { precision: 2, rankdir: 'TB', summaryBudget: 300 });
  });

  test('while the shown cell has an error, new settings, a new direction and a reloaded page redraw its kept graph, and the page takes it', () => {
    const { view, first } = opened(pos('e = a * b'));
    // The page's own rule for stale messages, fed what the host posts, in order.
    const page = new Freshness();
    const deliver = (messages: HostToWebviewMessage[]): boolean[] =>
      messages.flatMap((m) => (m.type === 'update' || m.type === 'error' ? [page.take(m)] : []));
    assert.deepEqual(deliver([first]), [true]);
    // Two keystrokes into a half-typed line: the page has seen the errors of versions 2 and 3.
    for (const [version, text] of [[2, TEXT.replace('e = a * b', 'e = a * b *')], [3, TEXT.replace('e = a * b', 'e = a * b * (')]] as const) {
      const messages = view.evaluated(evaluated(text, version));
      assert.ok(!types(messages).includes('update'));
      assert.deepEqual(deliver(messages), [true]);
    }

    const precise = view.setSettings({ precision: 2, rankdir: 'LR', summaryBudget: 300 });
    assert.deepEqual(types(precise), ['update', 'error']);
    const kept = only(precise, 'update');
    assert.equal(kept.version, 1, "still version 1's graph: a click on it is checked against that version");
    assert.equal(kept.kept, true);
    assert.deepEqual(kept.columns, first.columns);
    assert.deepEqual(kept.settings, { precision: 2, rankdir: 'LR', summaryBudget: 300 });
    assert.equal(only(precise, 'error').version, 3);
    assert.deepEqual(deliver(precise), [true, true], 'the page takes the kept graph although it has seen the error of version 3');

    const turned = view.setRankdir('TB');
    assert.deepEqual(only(turned, 'update').settings, { precision: 2, rankdir: 'TB', summaryBudget: 300 });
    assert.deepEqual(deliver(turned), [true, true]);

    const reloaded = new Freshness();
    const again = view.ready();
    assert.deepEqual(again.map((m) => (m.type === 'update' || m.type === 'error') && reloaded.take(m)), [true, true]);
    assert.equal(only(again, 'update').kept, true);

    // Fixed: a fresh graph, not kept; after it, the kept one would be stale, and is dropped.
    const fixed = only(view.evaluated(evaluated(TEXT, 4)), 'update');
    assert.equal(fixed.kept, false);
    assert.deepEqual(deliver([fixed]), [true]);
    assert.deepEqual(deliver([kept, { ...first, version: 3 }]), [false, false]);
  });

  test('a restored direction that matches the configuration follows later configuration changes', () => {
    const view = new GraphView({ uri: URI, settings: SETTINGS, rankdir: 'LR' });
    view.evaluated(evaluated(TEXT, 1));
    assert.equal(only(view.setSettings({ precision: 4, rankdir: 'TB', summaryBudget: 300 }), 'update').settings.rankdir, 'TB');
  });
});

describe('GraphView: restoring and switching documents', () => {
  test('a restored panel comes back on its cell, and leaves it when the cursor changes cell', () => {
    const view = new GraphView({ uri: URI, settings: SETTINGS, cell: 2, rankdir: 'TB' });
    assert.deepEqual(view.showDocument(URI, pos('e = a * b')), []);
    const update = only(view.evaluated(evaluated(TEXT, 1)), 'update');
    assert.equal(update.cell, 2);
    assert.equal(update.settings.rankdir, 'TB');
    assert.deepEqual(types(view.moveCursor(pos('e = a * b', 1))), []);
    assert.equal(only(view.moveCursor(pos('x = Value')), 'update').cell, 1);
  });

  test('another document starts over at its own cursor and drops evaluations of the old one', () => {
    const { view } = opened(pos('e = a * b'));
    view.selectCell(2);
    const other = 'k = Value(1.0)\nk\n# %% second\nm = k * 3\nm\n';
    assert.deepEqual(view.showDocument(OTHER, pos('m = k', 0, other)), []);
    assert.deepEqual(view.evaluated(evaluated(TEXT, 5)), []);
    const update = only(view.evaluated(evaluated(other, 1, OTHER)), 'update');
    assert.equal(update.uri, OTHER);
    assert.equal(update.cell, 1);
  });

  test('showCell opens a document on a pinned cell', () => {
    const view = new GraphView({ uri: null, settings: SETTINGS });
    assert.deepEqual(view.showCell(URI, 1, pos('e = a')), []);
    assert.equal(only(view.evaluated(evaluated(TEXT, 1)), 'update').cell, 1);
    assert.deepEqual(view.moveCursor(pos('e = a', 4)), []);
    assert.equal(view.cell, 1);
  });
});

describe('GraphView: reveal', () => {
  test('a click on the current graph reveals where the node was defined, pins the cell, highlights the node', () => {
    const { view, first } = opened(pos('y = x', 2));
    assert.equal(first.cell, 1);
    assert.deepEqual(first.highlight, []);
    const y = nodesOf(first.columns).find((n) => n.names.includes('y'));
    assert.ok(y?.definedAt);
    const revealed = view.reveal({ type: 'reveal', uri: URI, version: 1, nodeId: y.id }, 1);
    assert.ok(revealed);
    const lines = new LineIndex(TEXT);
    assert.deepEqual(revealed.target, { start: lines.positionAt(y.definedAt.start), end: lines.positionAt(y.definedAt.end) });
    assert.deepEqual(revealed.messages, [{ type: 'highlight', ids: [y.id] }]);
    // The editor's selection lands at the target's end: the clicked node stays highlighted.
    assert.deepEqual(view.moveCursor(revealed.target.end), []);
  });

  test('a node defined in another cell is revealed without leaving the clicked graph', () => {
    const { view } = opened(pos('z = a'));
    const shown = only(view.ready(), 'update');
    assert.equal(shown.cell, 2);
    const a = nodeId(shown, 'a');
    const revealed = view.reveal({ type: 'reveal', uri: URI, version: 1, nodeId: a }, 1);
    assert.ok(revealed);
    assert.equal(revealed.target.start.line, 1);
    assert.deepEqual(view.moveCursor(revealed.target.end), []);
    assert.equal(view.cell, 2);
    // Moving on within cell one keeps the pin; cell two ends it.
    assert.deepEqual(types(view.moveCursor(pos('b = Value'))), ['highlight']);
    assert.equal(only(view.moveCursor(pos('y = x')), 'update').cell, 1);
  });

  test('a click on a stale graph, or while the document is ahead of it, is dropped', () => {
    const { view, first } = opened(pos('e = a'));
    const e = nodeId(first, 'e');
    assert.equal(view.reveal({ type: 'reveal', uri: URI, version: 1, nodeId: e }, 2), null);
    view.evaluated(evaluated(TEXT, 2));
    assert.equal(view.reveal({ type: 'reveal', uri: URI, version: 1, nodeId: e }, 2), null);
    assert.equal(view.reveal({ type: 'reveal', uri: OTHER, version: 2, nodeId: e }, 2), null);
    assert.equal(view.reveal({ type: 'reveal', uri: URI, version: 2, nodeId: 9999 }, 2), null);
    assert.ok(view.reveal({ type: 'reveal', uri: URI, version: 2, nodeId: e }, 2));
  });

  test('an edit after the shown results marks them stale; progress of an older version is late', () => {
    const { view, first } = opened(pos('e = a * b'));
    assert.deepEqual(view.documentChanged(URI, 1), [], 'the version shown is not stale');
    assert.deepEqual(view.documentChanged('file:///other.grad', 5), []);
    assert.deepEqual(view.documentChanged(URI, 2), [{ type: 'stale', uri: URI, version: 2 }]);
    const progress = { cell: 0, loop: null, step: 4, total: null, series: [] };
    assert.deepEqual(view.progress(URI, 2, progress), [{ type: 'progress', uri: URI, version: 2, cell: 0, step: 4, total: null, series: [] }]);
    assert.deepEqual(view.progress(URI, first.version - 1, progress), []);
  });
});
