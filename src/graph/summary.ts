import type { GraphColumns } from './columns';
import { findGroup, groupKey, groupKindName, groupTitle, type GroupKindName } from './groupNames';
import { buildGroups, GroupKind, openCost, rowCost, type GroupTree } from './groups';

// What the panel lays out for a graph of any size: the whole graph when it fits the
// budget of drawn nodes (a lecture-sized cell looks exactly as it always has), otherwise
// the graph folded by the code that made it (groups.ts), opened from the top as far as
// the budget allows: first the groups the user opened, then the groups on the way to the
// output, then the biggest. Graphviz's cost grows with the nodes it lays out, so the
// budget counts drawn nodes: a value's record, its op node, a closed group's node, and an
// open group's box (a cluster costs Graphviz about as much as a node, and counting it
// keeps a chain of one-item groups from opening for free).

export const DEFAULT_BUDGET = 300;
/** Smallest budget honoured: the root's items must fit. */
export const MIN_BUDGET = 4;
/** Output rows a group node lists by name; the rest are counted. */
export const SHOWN_OUTPUTS = 3;

export interface SummaryOptions {
  /** Most nodes drawn (records, op nodes and group nodes). Default 300. */
  budget?: number;
  /** Keys of groups the user opened; the most recently added first when not all fit. */
  expanded?: ReadonlySet<string> | readonly string[];
  /** Keys of groups the user closed: never opened automatically. */
  collapsed?: ReadonlySet<string> | readonly string[];
}

export type ViewGroupKind = GroupKindName | 'cut';

/** A group drawn as one node (closed), or a neighbourhood's marker of rows left out. */
export interface ViewGroup {
  /** Stable across evaluations of an edited file (see groups.ts); what `expanded` names. */
  key: string;
  kind: ViewGroupKind;
  /** `Neuron.__call__`, `×16 Neuron.__call__`, `for k in range(100) #99`, `relu(...) ×100`. */
  title: string;
  /** Values inside, at any depth. */
  values: number;
  /** Rows inside used outside the group, or the output: how many, and the latest few. */
  outputs: { count: number; rows: number[] };
  /** The largest |grad| inside and its row (a NaN grad counts as largest); null when empty. */
  maxGrad: { row: number; grad: number } | null;
  /** Index in `clusters` of the open group it is drawn inside; -1 at the top level. */
  cluster: number;
}

/** An open group, drawn as a box around its items (none in a whole view). */
export interface ViewCluster {
  key: string;
  kind: GroupKindName;
  title: string;
  values: number;
  /** Index of the enclosing cluster; -1 at the top level. Parents come first. */
  cluster: number;
}

/**
 * An edge between drawn items. An endpoint is a row (>= 0), drawn as its record (a
 * source) or its op node (a target), or ~i for `groups[i]`. Edges between two rows are
 * one per operand, as toDot draws them (`a + a` twice); edges touching a group are merged
 * and counted.
 */
export interface ViewEdge {
  from: number;
  to: number;
  count: number;
}

export interface SummaryView {
  /** Every row is drawn and no group: the DOT is exactly toDot's. */
  whole: boolean;
  budget: number;
  /** Nodes drawn, open groups' boxes included; never more than the budget. */
  drawn: number;
  /** The output's row. */
  output: number;
  /** Rows drawn, ascending (a topological order). */
  rows: number[];
  /** Per drawn row, the index in `clusters` it is drawn in, or -1. */
  rowCluster: number[];
  groups: ViewGroup[];
  clusters: ViewCluster[];
  edges: ViewEdge[];
  /** Keys in `expanded` that could not be honoured (unknown, or too big with their enclosing groups). */
  refused: string[];
  /** Rows not drawn (inside closed groups, or left out of a neighbourhood). */
  hidden: number;
}

const trees = new WeakMap<GraphColumns, Map<number, GroupTree>>();

/** The group tree for a graph and fan, built once and kept while the graph is alive. */
export function groupTree(columns: GraphColumns, fan: number): GroupTree {
  let byFan = trees.get(columns);
  if (!byFan) trees.set(columns, (byFan = new Map()));
  let tree = byFan.get(fan);
  if (!tree) byFan.set(fan, (tree = buildGroups(columns, fan)));
  return tree;
}

/**
 * Items one group may hold, for a budget: room for a level below the root's items, and
 * never more than a reader takes in at once. Graphviz stacks a container's parallel items
 * in one column, so a hundred calls opened side by side are a strip too thin to read at
 * any zoom that shows them all; twenty at a time, in ranges, are not.
 */
export function fanFor(budget: number): number {
  return Math.max(2, Math.min(MAX_FAN, Math.floor(budget / 3)));
}

const MAX_FAN = 20;

export function summarize(columns: GraphColumns, options: SummaryOptions = {}): SummaryView {
  const budget = Math.max(MIN_BUDGET, Math.floor(options.budget ?? DEFAULT_BUDGET));
  let total = 0;
  for (let r = 0; r < columns.size; r++) total += rowCost(columns, r);
  const tree = groupTree(columns, fanFor(budget));
  const open = new Uint8Array(tree.count);
  if (total <= budget) {
    open.fill(1);
    return buildView(tree, open, budget, true, []);
  }
  const collapsed = new Set(options.collapsed ?? []);
  const isCollapsed = (g: number): boolean => collapsed.size > 0 && collapsed.has(groupKey(tree, g));
  open[0] = 1;
  let drawn = openCost(tree, 0);
  /** Opens g and the closed groups around it if they fit; true if it is open now. */
  const tryOpen = (g: number): boolean => {
    const path: number[] = [];
    for (let h = g; h > 0 && !open[h]; h = tree.parent[h]) path.push(h);
    let more = 0;
    for (const h of path) {
      if (isCollapsed(h)) return false;
      more += openCost(tree, h);
    }
    if (drawn + more > budget) return false;
    for (const h of path) open[h] = 1;
    drawn += more;
    return true;
  };

  const refused: string[] = [];
  const expanded = [...(options.expanded ?? [])].reverse();
  for (const key of expanded) {
    const g = findGroup(tree, key);
    if (g < 0 || !tryOpen(g)) refused.push(key);
  }
  // The calls and iterations around the output, from the outside in, as far as they fit.
  // Not its expression group: the output is often the end of a long sum() chain, which
  // would take the budget from the structure around it; that one waits its turn by size.
  const path: number[] = [];
  if (columns.output >= 0 && columns.output < columns.size) {
    for (let g = tree.rowGroup[columns.output]; g > 0; g = tree.parent[g]) {
      if ((tree.kind[g] as GroupKind) === GroupKind.Scope) path.push(g);
    }
  }
  for (let i = path.length - 1; i >= 0; i--) if (!tryOpen(path[i])) break;

  // Then the biggest closed calls and iterations in sight, while they fit. Not a ×N group
  // nor an expression's: opened, they fill the view with copies of one thing (a hundred
  // `MLP.__call__`s, each showing its layers), which one click shows when wanted.
  const heap = new GroupHeap(tree.size);
  for (let g = 0; g < tree.count; g++) {
    if (!open[g] || (g > 0 && !open[tree.parent[g]])) continue;
    for (let i = tree.itemStart[g]; i < tree.itemStart[g + 1]; i++) {
      const item = tree.items[i];
      if (item < 0 && !open[~item]) heap.push(~item);
    }
  }
  while (heap.length > 0) {
    const g = heap.pop();
    if (isCollapsed(g) || (tree.kind[g] as GroupKind) !== GroupKind.Scope) continue;
    const more = openCost(tree, g);
    if (drawn + more > budget) continue;
    open[g] = 1;
    drawn += more;
    for (let i = tree.itemStart[g]; i < tree.itemStart[g + 1]; i++) {
      const item = tree.items[i];
      if (item < 0) heap.push(~item);
    }
  }
  return buildView(tree, open, budget, false, refused);
}

/**
 * Every group open, drawn as nested boxes around every row: the structure of a graph
 * small enough to draw whole. Not bounded by a budget.
 */
export function structureView(columns: GraphColumns, budget = DEFAULT_BUDGET): SummaryView {
  const tree = groupTree(columns, fanFor(Math.max(MIN_BUDGET, Math.floor(budget))));
  return buildView(tree, new Uint8Array(tree.count).fill(1), Infinity, false, []);
}

/** The drawn items, edges and group facts for the open groups (open[0] is always set). */
function buildView(tree: GroupTree, open: Uint8Array, budget: number, whole: boolean, refused: string[]): SummaryView {
  const { columns } = tree;
  const n = columns.size;
  // Which closed group hides each group: -1 if the group is open and so are all around it.
  const cover = new Int32Array(tree.count);
  cover[0] = -1;
  const groupIndex = new Int32Array(tree.count).fill(-1);
  const clusterIndex = new Int32Array(tree.count).fill(-1);
  const groups: ViewGroup[] = [];
  const clusters: ViewCluster[] = [];
  for (let i = 1; i < tree.count; i++) {
    const g = tree.order[i];
    const p = tree.parent[g];
    if (cover[p] >= 0) {
      cover[g] = cover[p];
      continue;
    }
    const inside = clusterIndex[p];
    if (open[g]) {
      cover[g] = -1;
      if (!whole) {
        clusterIndex[g] = clusters.length;
        clusters.push({ key: groupKey(tree, g), kind: groupKindName(tree, g), title: groupTitle(tree, g), values: tree.size[g], cluster: inside });
      }
    } else {
      cover[g] = g;
      groupIndex[g] = groups.length;
      groups.push({
        key: groupKey(tree, g),
        kind: groupKindName(tree, g),
        title: groupTitle(tree, g),
        values: tree.size[g],
        outputs: { count: 0, rows: [] },
        maxGrad: null,
        cluster: inside,
      });
    }
  }

  // One pass over the rows: where each is drawn, the edges between drawn items, and the
  // outputs and largest gradient of each closed group.
  const place = new Int32Array(n);
  const rows: number[] = [];
  const rowCluster: number[] = [];
  const maxRow = new Int32Array(groups.length).fill(-1);
  const maxAbs = new Float64Array(groups.length);
  const isOutput = new Uint8Array(n);
  const edges: ViewEdge[] = [];
  const merged = new Map<number, number>();
  const span = n + groups.length + 1;
  let drawn = groups.length;
  const markOutput = (row: number, at: number): void => {
    if (isOutput[row]) return;
    isOutput[row] = 1;
    const out = groups[~at].outputs;
    out.count++;
    insertLatest(out.rows, row);
  };
  for (let r = 0; r < n; r++) {
    const g = tree.rowGroup[r];
    const c = cover[g];
    let at: number;
    if (c < 0) {
      at = r;
      rows.push(r);
      rowCluster.push(clusterIndex[g]);
      drawn += rowCost(columns, r);
    } else {
      at = ~groupIndex[c];
      const i = groupIndex[c];
      const abs = Math.abs(columns.grad[r]);
      if (maxRow[i] < 0 || abs > maxAbs[i] || (Number.isNaN(abs) && !Number.isNaN(maxAbs[i]))) {
        maxRow[i] = r;
        maxAbs[i] = abs;
      }
    }
    place[r] = at;
    for (let k = 0; k < 2; k++) {
      const input = k === 0 ? columns.input0[r] : columns.input1[r];
      if (input < 0) continue;
      const from = place[input];
      if (from === at) continue;
      if (from < 0) markOutput(input, from);
      if (from >= 0 && at >= 0) {
        edges.push({ from, to: at, count: 1 });
        continue;
      }
      const id = (from + groups.length + 1) * span + (at + groups.length + 1);
      const e = merged.get(id);
      if (e === undefined) {
        merged.set(id, edges.length);
        edges.push({ from, to: at, count: 1 });
      } else edges[e].count++;
    }
  }
  if (columns.output >= 0 && columns.output < n && place[columns.output] < 0) markOutput(columns.output, place[columns.output]);
  drawn += clusters.length;
  for (let i = 0; i < groups.length; i++) {
    if (maxRow[i] >= 0) groups[i].maxGrad = { row: maxRow[i], grad: columns.grad[maxRow[i]] };
  }
  return { whole, budget, drawn, output: columns.output, rows, rowCluster, groups, clusters, edges, refused, hidden: n - rows.length };
}

/** Keeps the SHOWN_OUTPUTS largest rows, largest first: a group's last results come last. */
function insertLatest(list: number[], row: number): void {
  if (list.length === SHOWN_OUTPUTS && row < list[SHOWN_OUTPUTS - 1]) return;
  let i = list.length;
  while (i > 0 && list[i - 1] < row) i--;
  list.splice(i, 0, row);
  if (list.length > SHOWN_OUTPUTS) list.pop();
}

/** A max-heap of group ids by size (values held); ties by smaller id, so the order is fixed. */
class GroupHeap {
  private readonly ids: number[] = [];
  constructor(private readonly size: Int32Array) {}
  get length(): number {
    return this.ids.length;
  }
  private before(a: number, b: number): boolean {
    return this.size[a] > this.size[b] || (this.size[a] === this.size[b] && a < b);
  }
  push(g: number): void {
    const ids = this.ids;
    let i = ids.length;
    ids.push(g);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(g, ids[p])) break;
      ids[i] = ids[p];
      i = p;
    }
    ids[i] = g;
  }
  pop(): number {
    const ids = this.ids;
    const top = ids[0];
    const last = ids.pop()!;
    if (ids.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= ids.length) break;
        const c = l + 1 < ids.length && this.before(ids[l + 1], ids[l]) ? l + 1 : l;
        if (!this.before(ids[c], last)) break;
        ids[i] = ids[c];
        i = c;
      }
      ids[i] = last;
    }
    return top;
  }
}
