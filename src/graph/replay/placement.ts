import type { GraphColumns } from '../columns';
import { findGroup } from '../groupNames';
import { fanFor, groupTree, type SummaryView } from '../summary';

// Where each row of a graph is drawn in a summary view: as itself, inside one of the
// view's closed groups (~i for view.groups[i]), or nowhere (NOT_SHOWN: left out of a
// neighbourhood). The view lists its drawn rows and its closed groups by key; the rows a
// closed group hides are the rows under that group in the group tree the summary was
// cut from, the tree summarize() builds for the view's budget (and keeps).

export const NOT_SHOWN = 0x7fffffff;

export function placeRows(columns: GraphColumns, view: SummaryView): Int32Array {
  const n = columns.size;
  const place = new Int32Array(n).fill(NOT_SHOWN);
  for (const row of view.rows) place[row] = row;
  const real = view.groups.some((g) => g.kind !== 'cut');
  if (!real) return place;
  const tree = groupTree(columns, fanFor(view.budget));
  // The closed group covering each tree group: its own, or its nearest ancestor's
  // among the view's groups (a closed group hides everything under it, so at most one).
  const closed = new Int32Array(tree.count).fill(-1);
  view.groups.forEach((group, i) => {
    if (group.kind === 'cut') return;
    const g = findGroup(tree, group.key);
    if (g >= 0) closed[g] = i;
  });
  const cover = new Int32Array(tree.count).fill(-1);
  for (let i = 0; i < tree.count; i++) {
    const g = tree.order[i];
    const p = tree.parent[g];
    cover[g] = p >= 0 && cover[p] >= 0 ? cover[p] : closed[g];
  }
  for (let r = 0; r < n; r++) {
    const c = cover[tree.rowGroup[r]];
    if (c >= 0 && place[r] === NOT_SHOWN) place[r] = ~c;
  }
  return place;
}
