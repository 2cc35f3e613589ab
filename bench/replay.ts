// The step-through's own cost (issue 9), on the graph a learner is most likely to step
// through when it is big: one training step of micrograd's demo, evaluated from
// examples/08-moons.grad with its loop cut to one step. Beside it, as the reference in
// the same run (a loaded machine slows both alike), the evaluation of that file, which
// the learner has already waited for when the step-through starts.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { GraphColumns } from '../src/graph/columns';
import { backwardReplay, groupWalk, type BackwardReplay } from '../src/graph/replay';
import { summarize, type SummaryView } from '../src/graph/summary';
import { evaluate } from '../src/lang';

export interface ReplayTimes {
  rows: number;
  /** backwardReplay, the add walk: build_topo, the seed and every `_backward`. */
  backwardMs: number;
  /** The same with micrograd's early bug (`=`), which the panel computes beside it. */
  assignMs: number;
  /** groupWalk over the first view's summary: the steps a big graph is walked in. */
  groupWalkMs: number;
  /** The reference: evaluating the one-step file that made the graph. */
  evaluateMs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function biggestColumns(text: string): GraphColumns {
  const result = evaluate(text, { timeBudgetMs: 120_000 });
  let biggest: GraphColumns | null = null;
  for (const cell of result.cells) if (cell.columns && (biggest === null || cell.columns.size > biggest.size)) biggest = cell.columns;
  if (biggest === null) throw new Error('08-moons.grad made no graph');
  return biggest;
}

/** Medians of `runs` runs, each timing all four in turn, after one untimed warm-up. */
export function measureReplay(runs = 5): ReplayTimes {
  const file = path.join(__dirname, '..', 'examples', '08-moons.grad');
  const text = readFileSync(file, 'utf8').replace(/range\(100\)/, 'range(1)');
  const times = { backward: [] as number[], assign: [] as number[], walk: [] as number[], evaluate: [] as number[] };
  const time = <T>(into: number[] | null, fn: () => T): T => {
    const t0 = performance.now();
    const value = fn();
    if (into) into.push(performance.now() - t0);
    return value;
  };
  let rows = 0;
  for (let r = -1; r < runs; r++) {
    const keep = r < 0 ? null : times;
    const columns = time(keep?.evaluate ?? null, () => biggestColumns(text));
    rows = columns.size;
    const view: SummaryView = summarize(columns);
    const replay: BackwardReplay = time(keep?.backward ?? null, () => backwardReplay(columns, { rule: 'add' }));
    time(keep?.assign ?? null, () => backwardReplay(columns, { rule: 'assign' }));
    time(keep?.walk ?? null, () => groupWalk(columns, view, replay));
  }
  return {
    rows,
    backwardMs: median(times.backward),
    assignMs: median(times.assign),
    groupWalkMs: median(times.walk),
    evaluateMs: median(times.evaluate),
  };
}
