import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowKind, type GraphColumns } from '../../src/graph/columns';
import { summarize } from '../../src/graph/summary';
import { backwardReplay, GradCursor, gradsAt, groupWalk, groupWalkStepOf, NOT_SHOWN, placeRows } from '../../src/graph/replay';
import { ColumnsBuilder, trainingColumns } from './columnsBuilder';

// The backward walk over a summary's items, on a moons-like training step (an MLP
// 2-16-16-1 over a batch, hinge losses, their sum): a step per drawn row or closed
// group, never per hidden row, with what flows into and out of each group.

const columns = trainingColumns(1, 20);

test('placeRows: a closed group holds exactly its values, drawn rows are themselves', () => {
  const view = summarize(columns, { budget: 120 });
  assert.ok(view.groups.length > 0 && view.hidden > 0, 'the view folds the graph');
  const place = placeRows(columns, view);
  const counts = new Map<number, number>();
  for (let r = 0; r < columns.size; r++) {
    assert.notEqual(place[r], NOT_SHOWN, 'a summary shows every row somewhere');
    if (place[r] >= 0) assert.equal(place[r], r);
    else counts.set(place[r], (counts.get(place[r]) ?? 0) + 1);
  }
  assert.deepEqual(view.rows, Array.from({ length: columns.size }, (_, r) => r).filter((r) => place[r] === r));
  view.groups.forEach((g, i) => assert.equal(counts.get(~i), g.values, g.title));
});

test('groupWalk: one step per item reached, in reversed-topo order, with flows that add up', () => {
  const view = summarize(columns, { budget: 120 });
  const replay = backwardReplay(columns);
  const walk = groupWalk(columns, view, replay);
  const items = walk.steps.map((s) => s.item);
  assert.equal(new Set(items).size, items.length, 'each item once');
  assert.equal(items.length, view.rows.length + view.groups.length, 'every drawn item, nothing hidden');
  for (const s of walk.steps) {
    if (s.kind === 'row') assert.ok(view.rows.includes(s.item) && s.key === null);
    else assert.equal(s.key, view.groups[~s.item].key);
  }
  for (let i = 1; i < walk.steps.length; i++) assert.ok(walk.steps[i].fromStep > walk.steps[i - 1].fromStep);
  // The output's item comes first and receives the seed.
  assert.equal(walk.steps[0].item, walk.place[columns.output]);
  assert.deepEqual(walk.steps[0].inflow[0], { row: columns.output, grad: 1 });
  // A group's inflow: its rows used outside it (or the output) — the summary's outputs.
  for (const s of walk.steps) {
    if (s.kind !== 'group') continue;
    const group = view.groups[~s.item];
    assert.equal(s.inflow.length, group.outputs.count, group.title);
    for (const flow of s.inflow) {
      assert.equal(walk.place[flow.row], s.item);
      assert.ok(Object.is(flow.grad, replay.grad[flow.row]), 'in the add walk, the grad it arrives with is final');
    }
    for (const flow of s.outflow) assert.notEqual(walk.place[flow.row], s.item, 'only what leaves the group');
  }
  // What every item sends a row adds up to that row's grad (to rounding: summed per item).
  const received = new Float64Array(columns.size);
  for (const s of walk.steps) for (const flow of s.outflow) received[flow.row] += flow.value;
  for (const row of view.rows) {
    if (row === columns.output) continue;
    assert.ok(Math.abs(received[row] - replay.grad[row]) <= 1e-9 * (1 + Math.abs(replay.grad[row])), `row ${row}`);
  }
  // A hidden row's walk step is its group's.
  const hidden = Array.from({ length: columns.size }, (_, r) => r).find((r) => walk.place[r] < 0)!;
  assert.equal(walk.steps[groupWalkStepOf(walk, hidden)].item, walk.place[hidden]);
});

test('groupWalk: expanding a group replaces its step by its items\' steps', () => {
  const view = summarize(columns, { budget: 120 });
  const replay = backwardReplay(columns);
  const before = groupWalk(columns, view, replay);
  const big = before.steps.filter((s) => s.kind === 'group').sort((a, b) => view.groups[~b.item].values - view.groups[~a.item].values)[0];
  const opened = summarize(columns, { budget: 300, expanded: [big.key!] });
  assert.deepEqual(opened.refused, []);
  const after = groupWalk(columns, opened, replay);
  assert.ok(!after.steps.some((s) => s.key === big.key));
  assert.ok(after.steps.length > before.steps.length);
  assert.throws(() => groupWalk(trainingColumns(1, 2), view, replay));
});

/** A chain of `rows` rows: x = x*w + c, the graph of a long Python loop. */
function chainColumns(rows: number): GraphColumns {
  const b = new ColumnsBuilder();
  const w = b.leaf('w', 0, 0.999999, 0);
  let x = b.leaf('x', 0, 1, 0);
  const c = b.value(RowKind.Constant, '0.001', 0, -1, null, -1, -1, 0.001, 0);
  let v = 1;
  while (b.size < rows - 1) {
    const m = b.result('*', x, w, 0, -1, 'x*w', (v *= 0.999999));
    x = b.result('+', m, c, 0, -1, 'x*w + c', (v += 0.001));
  }
  return b.build();
}

test('the replay is linear: a 66,000-row training step and a 1,000,000-row chain', (t) => {
  const sizes: [string, GraphColumns][] = [['training step', trainingColumns(1, 100)], ['chain', chainColumns(1_000_000)]];
  for (const [name, c] of sizes) {
    const start = performance.now();
    const replay = backwardReplay(c);
    const ms = performance.now() - start;
    const cursor = new GradCursor(replay);
    const seekStart = performance.now();
    for (let k = replay.stepCount - 1; k > replay.stepCount - 300; k--) cursor.seek(k);
    const seekMs = performance.now() - seekStart;
    t.diagnostic(`${name}: ${c.size} rows, backwardReplay ${ms.toFixed(0)} ms, 300 cursor steps ${seekMs.toFixed(1)} ms`);
    assert.equal(replay.topo.length, c.size);
    assert.ok(ms < 20_000, `${name}: ${ms} ms`);
    assert.deepEqual(cursor.grads, gradsAt(replay, replay.stepCount - 300 + 1));
  }
  assert.ok(sizes[0][1].size > 60_000 && sizes[0][1].size < 80_000, `${sizes[0][1].size} rows`);
});
