import type { GraphColumns } from '../src/graph/columns';
import { backwardReplay, GradCursor, groupWalk, NOT_SHOWN, operandName } from '../src/graph/replay';
import type { ReplayStep, StepTerm, StepWrite } from './stepMessages';
import { dotIdOf, expression, isLeafLike, type WalkedView, type Within } from './stepWalk';

// In the layout worker: the backward walk of a summary, one step per drawn item (a
// Value drawn, or a closed group of thousands as one step), from the replay core's group
// walk. A group's step says what gradient flows into it and what it sends on; the grads
// of the Values drawn are written as they stand after it, under += and under =.

/** A summary's backward walk: one step per drawn row or closed group, gradients in and out. */
export function groupSteps(columns: GraphColumns, drawn: WalkedView, within: Within, num: (x: number) => string): ReplayStep[] {
  const { view } = drawn;
  const add = backwardReplay(columns, { rule: 'add' });
  const wrong = backwardReplay(columns, { rule: 'assign' });
  const walk = groupWalk(columns, view, add);
  // Under =, each overwritten contribution counted at the item drawing the Value that
  // lost it: a model's parameters, each used by every sample, lose all but one.
  const lostAt = new Map<number, number>();
  for (const term of wrong.lost) {
    const item = walk.place[wrong.termRow[term]];
    if (item !== NOT_SHOWN) lostAt.set(item, (lostAt.get(item) ?? 0) + 1);
  }
  const t = add.topo.length;
  const out = t > 0 ? operandName(columns, add.topo[t - 1]) : 'L';
  const addCursor = new GradCursor(add);
  const wrongCursor = new GradCursor(wrong);
  const drawnRows = view.rows;
  const last = new Map<number, number>(drawnRows.map((r) => [r, 0]));
  const lastWrong = new Map<number, number>(drawnRows.map((r) => [r, 0]));
  const steps: ReplayStep[] = [];
  for (const s of walk.steps) {
    addCursor.seek(s.toStep);
    wrongCursor.seek(s.toStep);
    const writes: StepWrite[] = [];
    const terms: StepTerm[] = [];
    for (const r of drawnRows) {
      const g = addCursor.grads[r], w = wrongCursor.grads[r];
      if (!Object.is(g, last.get(r)) || !Object.is(w, lastWrong.get(r))) {
        writes.push({ dotId: dotIdOf(columns, r), grad: g, wrong: w });
        const flow = s.outflow.find((f) => f.row === r);
        if (flow !== undefined) {
          terms.push({
            dotId: dotIdOf(columns, r),
            nodeId: columns.id[r],
            text: `∂${out}/∂${operandName(columns, r)} += ${num(flow.value)}${flow.terms > 1 ? ` (${flow.terms} terms)` : ''}`,
            formula: '',
            before: last.get(r) ?? 0,
            after: g,
            wrongBefore: lastWrong.get(r) ?? 0,
            wrongAfter: w,
            lost: false,
          });
        }
        last.set(r, g);
        lastWrong.set(r, w);
      }
    }
    const inflow = byName(columns, s.inflow.map((f) => ({ row: f.row, value: f.grad })), num, '.grad = ');
    const outflow = byName(columns, s.outflow.filter((f) => !terms.some((x) => x.nodeId === columns.id[f.row])).map((f) => ({ row: f.row, value: f.value })), num, ' receives ')
      .map((line) => `→ ${line}`);
    if (s.kind === 'group') {
      const g = ~s.item;
      const group = view.groups[g];
      steps.push({
        kind: 'group',
        title: `${group.title}: ${group.values.toLocaleString('en-US')} values' _backward`,
        detail: [
          `The gradient flowing in: ${inflow.join('; ') || 'none'}.`,
          ...(outflow.length > 0 ? [`Flowing out to Values outside the group:`, ...outflow] : []),
          'Open the group to walk through it Value by Value.',
        ],
        dotId: drawn.groupIds[g],
        nodeId: null,
        groupKey: group.key,
        within: within.groups[g],
        inputs: terms.map((x) => x.dotId),
        terms,
        writes,
        order: null,
        lostInside: lostAt.get(s.item) ?? 0,
      });
    } else {
      const row = s.item;
      steps.push({
        kind: s.outflow.length === 0 ? 'leaf' : 'node',
        title: `${operandName(columns, row)}._backward()${isLeafLike(columns, row) ? '' : ` (${expression(columns, row)})`}`,
        detail: [`∂${out}/∂${operandName(columns, row)} = ${num(s.inflow[0]?.grad ?? 0)}.`, ...outflow],
        dotId: dotIdOf(columns, row),
        nodeId: columns.id[row],
        groupKey: null,
        within: within.rows.get(row) ?? [],
        inputs: terms.map((x) => x.dotId),
        terms,
        writes,
        order: null,
        lostInside: lostAt.get(s.item) ?? 0,
      });
    }
  }
  return steps;
}


/**
 * Flows named by their Values' labels, one line per label (a group's hundred `act`s are
 * one line): `act receives 0.1 (×100)`, or the range when they differ. At most 4 lines.
 */
function byName(columns: GraphColumns, flows: { row: number; value: number }[], num: (x: number) => string, verb: string): string[] {
  const named = new Map<string, number[]>();
  for (const f of flows) {
    const name = operandName(columns, f.row);
    const list = named.get(name);
    if (list) list.push(f.value);
    else named.set(name, [f.value]);
  }
  const lines = [...named].slice(0, 4).map(([name, values]) => {
    const lo = Math.min(...values), hi = Math.max(...values);
    const value = lo === hi || values.some(Number.isNaN) ? num(values[0]) : `${num(lo)} … ${num(hi)}`;
    return `${name}${verb}${value}${values.length > 1 ? ` (×${values.length})` : ''}`;
  });
  if (named.size > 4) lines.push(`… ${named.size - 4} more`);
  return lines;
}
