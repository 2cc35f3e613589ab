import type { GraphColumns } from '../columns';
import type { SummaryView } from '../summary';
import { NOT_SHOWN, placeRows } from './placement';
import type { BackwardReplay } from './types';

// The backward walk at the scale of a summary: one step per drawn item (a row, or a
// closed group of thousands), never one per hidden row. Items come in the order the
// replay first reaches them in reversed(topo): an item's step is where its first row's
// `_backward` runs. A group's step says what gradient arrives at it (the grads of its
// rows that rows outside it use, or the output's) and what it sends on (the terms its
// rows give rows outside it, summed per receiving row); everything inside it is left
// inside, to be seen by expanding it (its key).

export interface GroupFlowIn {
  row: number;
  /** The row's grad when its `_backward` runs (in the add walk, its final grad). */
  grad: number;
}

export interface GroupFlowOut {
  /** A row outside the item that receives terms from rows inside it. */
  row: number;
  /** Those terms summed, in the walk's order. */
  value: number;
  /** How many terms. */
  terms: number;
}

export interface GroupWalkStep {
  index: number;
  /** A drawn row (>= 0) or ~i for view.groups[i]. */
  item: number;
  kind: 'row' | 'group';
  /** The group's key, for expanding it; null for a row. */
  key: string | null;
  /** The replay's backward steps the item spans: its first row's and its last row's. */
  fromStep: number;
  toStep: number;
  /** Rows of the group used outside it (or the output), with their grads; a row: itself. */
  inflow: GroupFlowIn[];
  /** Per row outside the item, the terms it receives from the item. */
  outflow: GroupFlowOut[];
}

export interface GroupWalk {
  steps: GroupWalkStep[];
  /** Per row: the item it is drawn as (itself or ~i), or NOT_SHOWN (placement.ts). */
  place: Int32Array;
}

export function groupWalk(columns: GraphColumns, view: SummaryView, replay: BackwardReplay): GroupWalk {
  if (replay.columns !== columns) throw new Error('the replay is of another graph');
  const place = placeRows(columns, view);
  const { topo, termStart, termRow, termValue, nodeGrad } = replay;
  const t = topo.length;
  const stepOfItem = new Map<number, GroupWalkStep>();
  const steps: GroupWalkStep[] = [];
  // Rows that reach their item's boundary: used by a row outside it, or the output.
  const crossing = new Uint8Array(columns.size);
  const outflowAt = new Map<number, Map<number, number>>();

  if (t > 0) crossing[topo[t - 1]] = 1;
  for (let j = 0; j < t; j++) {
    const row = topo[t - 1 - j];
    const item = place[row];
    if (item === NOT_SHOWN) continue;
    let step = stepOfItem.get(item);
    if (!step) {
      const isRow = item >= 0;
      step = {
        index: steps.length,
        item,
        kind: isRow ? 'row' : 'group',
        key: isRow ? null : view.groups[~item].key,
        fromStep: t + 1 + j,
        toStep: t + 1 + j,
        inflow: [],
        outflow: [],
      };
      stepOfItem.set(item, step);
      steps.push(step);
    }
    step.toStep = t + 1 + j;
    // Every user of a row runs before it in reversed(topo): whether it crosses is known.
    if (item >= 0 || crossing[row]) step.inflow.push({ row, grad: nodeGrad[j] });
    for (let i = termStart[j]; i < termStart[j + 1]; i++) {
      const target = termRow[i];
      if (place[target] === item) continue;
      crossing[target] = 1;
      let at = outflowAt.get(item);
      if (!at) outflowAt.set(item, (at = new Map()));
      const k = at.get(target);
      if (k === undefined) {
        at.set(target, step.outflow.length);
        step.outflow.push({ row: target, value: termValue[i], terms: 1 });
      } else {
        step.outflow[k].value += termValue[i];
        step.outflow[k].terms++;
      }
    }
  }
  return { steps, place };
}

/** The index of the group-walk step of the item `row` is drawn as, or -1 (a row not shown). */
export function groupWalkStepOf(walk: GroupWalk, row: number): number {
  const item = row >= 0 && row < walk.place.length ? walk.place[row] : NOT_SHOWN;
  if (item === NOT_SHOWN) return -1;
  return walk.steps.findIndex((s) => s.item === item);
}
