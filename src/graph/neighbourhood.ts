import type { GraphColumns } from './columns';
import { rowCost } from './groups';
import { DEFAULT_BUDGET, MIN_BUDGET, type SummaryView, type ViewEdge, type ViewGroup } from './summary';

// The second view of a big graph: the Values within k steps of one Value, towards its
// inputs and towards the output, in the shape of a summary (so the same DOT writer and
// the same click handling serve both). What is left out is drawn as at most two marker
// nodes, one for the inputs cut at the boundary and one for the uses, with edges counting
// how many each drawn row lost.

export interface NeighbourhoodOptions {
  /** Most nodes drawn, the markers included. Default 300. */
  budget?: number;
}

const users = new WeakMap<GraphColumns, { start: Int32Array; list: Int32Array }>();

/** Each row's users (the rows it is an input of, once per operand), built once per graph. */
export function usersOf(columns: GraphColumns): { start: Int32Array; list: Int32Array } {
  let index = users.get(columns);
  if (index) return index;
  const n = columns.size;
  const start = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) {
    if (columns.input0[r] >= 0) start[columns.input0[r] + 1]++;
    if (columns.input1[r] >= 0) start[columns.input1[r] + 1]++;
  }
  for (let r = 0; r < n; r++) start[r + 1] += start[r];
  const list = new Int32Array(start[n]);
  const fill = start.slice(0, n);
  for (let r = 0; r < n; r++) {
    if (columns.input0[r] >= 0) list[fill[columns.input0[r]]++] = r;
    if (columns.input1[r] >= 0) list[fill[columns.input1[r]]++] = r;
  }
  index = { start, list };
  users.set(columns, index);
  return index;
}

export function neighbourhood(columns: GraphColumns, row: number, k: number, options: NeighbourhoodOptions = {}): SummaryView {
  const budget = Math.max(MIN_BUDGET, Math.floor(options.budget ?? DEFAULT_BUDGET));
  const n = columns.size;
  if (row < 0 || row >= n) throw new RangeError(`no row ${row} in a graph of ${n}`);
  const { start, list } = usersOf(columns);
  const shown = new Uint8Array(n);
  // Two marker nodes are kept in reserve, so rows fill at most budget - 2.
  let drawn = rowCost(columns, row) + 2;
  shown[row] = 1;
  let back = [row];
  let forward = [row];
  /** Adds the next level of one direction; false once the budget stops it. */
  const grow = (level: number[], next: (r: number, visit: (s: number) => boolean) => boolean): { level: number[]; full: boolean } => {
    const found: number[] = [];
    for (const r of level) {
      const full = next(r, (s) => {
        if (shown[s]) return true;
        const cost = rowCost(columns, s);
        if (drawn + cost > budget) return false;
        drawn += cost;
        shown[s] = 1;
        found.push(s);
        return true;
      });
      if (!full) return { level: found, full: true };
    }
    return { level: found, full: false };
  };
  const inputs = (r: number, visit: (s: number) => boolean): boolean =>
    (columns.input0[r] < 0 || visit(columns.input0[r])) && (columns.input1[r] < 0 || visit(columns.input1[r]));
  const uses = (r: number, visit: (s: number) => boolean): boolean => {
    for (let i = start[r]; i < start[r + 1]; i++) if (!visit(list[i])) return false;
    return true;
  };
  // A level at a time in each direction, alternately, so neither side takes the whole budget.
  for (let step = 0; step < k && (back.length > 0 || forward.length > 0); step++) {
    const b = grow(back, inputs);
    back = b.full ? [] : b.level;
    const f = grow(forward, uses);
    forward = f.full ? [] : f.level;
    if (b.full || f.full) break;
  }

  const rows: number[] = [];
  for (let r = 0; r < n; r++) if (shown[r]) rows.push(r);
  const cutInputs = new Uint8Array(n);
  const cutUses = new Uint8Array(n);
  const markers: ViewGroup[] = [];
  const inMarker: ViewEdge[] = [];
  const outMarker: ViewEdge[] = [];
  const edges: ViewEdge[] = [];
  let cutIn = 0;
  let cutOut = 0;
  for (const r of rows) {
    let lost = 0;
    for (let q = 0; q < 2; q++) {
      const input = q === 0 ? columns.input0[r] : columns.input1[r];
      if (input < 0) continue;
      if (shown[input]) edges.push({ from: input, to: r, count: 1 });
      else {
        lost++;
        if (!cutInputs[input]) {
          cutInputs[input] = 1;
          cutIn++;
        }
      }
    }
    if (lost > 0) inMarker.push({ from: ~0, to: r, count: lost });
    lost = 0;
    for (let i = start[r]; i < start[r + 1]; i++) {
      const user = list[i];
      if (shown[user]) continue;
      lost++;
      if (!cutUses[user]) {
        cutUses[user] = 1;
        cutOut++;
      }
    }
    if (lost > 0) outMarker.push({ from: r, to: ~0, count: lost });
  }
  const marker = (key: string, title: string, values: number): ViewGroup => ({
    key,
    kind: 'cut',
    title,
    values,
    outputs: { count: 0, rows: [] },
    maxGrad: null,
    cluster: -1,
  });
  if (cutIn > 0) {
    const at = ~markers.length;
    markers.push(marker('~inputs', `… ${cutIn} more input${cutIn === 1 ? '' : 's'}`, cutIn));
    for (const e of inMarker) edges.push({ ...e, from: at });
  }
  if (cutOut > 0) {
    const at = ~markers.length;
    markers.push(marker('~uses', `… ${cutOut} more use${cutOut === 1 ? '' : 's'}`, cutOut));
    for (const e of outMarker) edges.push({ ...e, to: at });
  }
  drawn = drawn - 2 + markers.length;
  return {
    whole: false,
    budget,
    drawn,
    output: columns.output,
    rows,
    rowCluster: rows.map(() => -1),
    groups: markers,
    clusters: [],
    edges,
    refused: [],
    hidden: n - rows.length,
  };
}
