import assert from 'node:assert/strict';
import { test } from 'node:test';
import { columnsOf } from '../../src/extension/preview/messages';
import { summarize } from '../../src/graph/summary';
import { viewToDot } from '../../src/graph/viewDot';
import { evaluate } from '../../src/lang';
import { replayAnswer, type WalkedView } from '../../webview/stepWalk';
import { trainingColumns } from './columnsBuilder';

// The layout worker's side of the step-through: the replay core's walks turned into the
// page's steps (webview/stepWalk.ts, stepGroups.ts), checked without a browser.

function walked(columns: ReturnType<typeof trainingColumns>, budget = 300): WalkedView {
  const view = summarize(columns, { budget });
  const { targets } = viewToDot(columns, view);
  const groupIds: string[] = [];
  for (const [dotId, t] of targets) if (t.kind === 'group') groupIds[t.group] = dotId;
  return { view, groupIds };
}

function cellColumns(text: string) {
  const c = columnsOf(evaluate(text).cells[0]);
  assert.ok(c);
  return c;
}

test('a + a: the order, the seed, both terms under += and =, the lost one marked; the writes end at a.grad 2 and 1', () => {
  const c = cellColumns("a = Value(3.0, label='a')\nb = a + a; b.label = 'b'\nb.backward()\n");
  const answer = replayAnswer(1, 'backward', c, walked(c), 4);
  assert.deepEqual(answer.steps.map((s) => s.kind), ['topo', 'topo', 'seed', 'node', 'leaf']);
  assert.deepEqual(answer.steps.map((s) => s.order), [1, 2, null, null, null]);
  const b = answer.steps[3];
  assert.deepEqual(b.terms.map((t) => [t.before, t.after, t.wrongBefore, t.wrongAfter, t.lost]), [[0, 1, 0, 1, false], [1, 2, 1, 1, true]]);
  assert.deepEqual(b.writes.at(-1), { dotId: b.terms[0].dotId, grad: 2, wrong: 1 });
  assert.deepEqual(b.inputs, [b.terms[0].dotId], 'a marked once though used twice');
  assert.match(b.detail.join(' '), /a is used twice: its two contributions add up/);
  assert.deepEqual(answer.initial.map((w) => w.grad), [0, 0], 'nothing reached: every grad 0');
});

test('forward: a step per Value in evaluation order, every data blank before it', () => {
  const c = cellColumns("x = Value(0.5, label='x')\ny = x.tanh(); y.label = 'y'\nz = y * 2; z.label = 'z'\n");
  const answer = replayAnswer(2, 'forward', c, walked(c), 4);
  assert.deepEqual(answer.initial.map((w) => w.data), [null, null, null, null]);
  assert.deepEqual(answer.steps.map((s) => s.title), ['x = 0.5', 'y = tanh(x) = tanh(0.5) = 0.4621', '2: a constant', 'z = y * 2 = 0.4621 * 2 = 0.9242']);
  assert.deepEqual(answer.steps[1].inputs, [answer.steps[0].dotId]);
});

test('a 65,000-Value summary walks its drawn items, never its Values one by one; groups carry their keys', () => {
  const big = trainingColumns(1, 100);
  const drawn = walked(big);
  const answer = replayAnswer(3, 'backward', big, drawn, 4);
  assert.equal(answer.whole, false);
  assert.ok(answer.steps.length <= drawn.view.rows.length + drawn.view.groups.length, `${answer.steps.length} steps`);
  const groups = answer.steps.filter((s) => s.kind === 'group');
  assert.ok(groups.length > 0);
  assert.ok(groups.every((s) => s.groupKey !== null && drawn.groupIds.includes(s.dotId ?? '')));
  assert.match(groups[0].detail[0], /^The gradient flowing in: /);
  const forward = replayAnswer(4, 'forward', big, drawn, 4);
  assert.ok(forward.steps.length <= drawn.view.rows.length + drawn.view.groups.length);
});
