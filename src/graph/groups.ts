import type { GraphColumns } from './columns';

// The groups a summary folds a graph into, built once per graph: a tree whose leaves are
// rows. One group per scope (a call, a loop iteration), nested as the scopes nest; many
// sibling scopes of one site (100 calls of `MLP.__call__`) gathered under a "×N" group;
// rows one expression made many times in one container (the links of `sum(...)`)
// gathered under an expression group; and, where a container would still hold more than
// `fan` items, "range" groups of consecutive items, so that opening any one group never
// draws more than `fan` items. The tree is pure structure: which groups are open is the
// summary's business (summary.ts).

export const enum GroupKind {
  /** The cell's top level (group 0 only); always open, never drawn. */
  Root = 0,
  /** One scope: a call or a loop iteration. */
  Scope = 1,
  /** Sibling scopes of one site, many of them: `×16 Neuron.__call__`. */
  Repeat = 2,
  /** Rows one expression made many times in one container: `relu(...) ×100`. */
  Expression = 3,
  /** Consecutive items of a container with more items than `fan`. */
  Range = 4,
}

/** Sibling scopes of one site, or rows of one expression, form a group from this many. */
export const REPEAT_MIN = 3;

export interface GroupTree {
  columns: GraphColumns;
  /** Most items any group holds directly. */
  fan: number;
  count: number;
  /** Every group once, each after its parent (group 0, the root, first). */
  order: Int32Array;
  /** Per group (group 0 is the root). */
  kind: Uint8Array;
  parent: Int32Array;
  /** Scope: its scope. Expression: the row whose label and op name it. Repeat: its first member scope. */
  subject: Int32Array;
  /** Scope and Repeat: which of the parent's sites of the same name; Expression: which of its same-text expressions; Range: which range. */
  ordinal: Int32Array;
  /** Values the group holds, at any depth. */
  size: Int32Array;
  /** Its first row in topological order (the order items are listed and chunked in). */
  firstRow: Int32Array;
  /** Items of group g are items[itemStart[g] .. itemStart[g + 1]): a row r >= 0, or ~h for group h. */
  itemStart: Int32Array;
  items: Int32Array;
  /** The group that lists each row among its items. */
  rowGroup: Int32Array;
}

/** Drawn nodes of a row when shown: its record, and its op node if it has an op. */
export function rowCost(columns: GraphColumns, row: number): number {
  return columns.op[row] >= 0 ? 2 : 1;
}

/** Builds the group tree of a graph; `fan` bounds the items of any one group (at least 2). */
export function buildGroups(columns: GraphColumns, fan: number): GroupTree {
  fan = Math.max(2, Math.floor(fan));
  const n = columns.size;
  const scopes = columns.scopes;
  const ns = Math.max(1, scopes.size);
  const parentOf = (s: number): number => (s <= 0 || s >= ns ? -1 : scopes.parent[s] < 0 || scopes.parent[s] >= ns ? 0 : scopes.parent[s]);
  const rowScope = (r: number): number => {
    const s = columns.scope[r];
    return s >= 0 && s < ns ? s : 0;
  };

  // Scopes that hold rows, at any depth; the others are left out of the tree.
  const live = new Uint8Array(ns);
  live[0] = 1;
  for (let r = 0; r < n; r++) {
    for (let s = rowScope(r); s > 0 && !live[s]; s = parentOf(s)) live[s] = 1;
  }
  // Children of each live scope in table order, and rows directly in each scope in row order.
  const childStart = new Int32Array(ns + 1);
  for (let s = 1; s < ns; s++) if (live[s]) childStart[parentOf(s) + 1]++;
  for (let s = 0; s < ns; s++) childStart[s + 1] += childStart[s];
  const children = new Int32Array(childStart[ns]);
  const fill = childStart.slice(0, ns);
  for (let s = 1; s < ns; s++) if (live[s]) children[fill[parentOf(s)]++] = s;
  const rowStart = new Int32Array(ns + 1);
  for (let r = 0; r < n; r++) rowStart[rowScope(r) + 1]++;
  for (let s = 0; s < ns; s++) rowStart[s + 1] += rowStart[s];
  const scopeRows = new Int32Array(n);
  const rowFill = rowStart.slice(0, ns);
  for (let r = 0; r < n; r++) scopeRows[rowFill[rowScope(r)]++] = r;
  // Each scope's first row, at any depth: children always come after their parent in a
  // breadth-first order, so one backward pass over that order aggregates.
  const scopeOrder = new Int32Array(ns);
  let orderLength = 1;
  for (let i = 0; i < orderLength; i++) {
    const s = scopeOrder[i];
    for (let c = childStart[s]; c < childStart[s + 1]; c++) scopeOrder[orderLength++] = children[c];
  }
  const scopeFirst = new Int32Array(ns).fill(n);
  for (let s = 0; s < ns; s++) if (rowStart[s] < rowStart[s + 1]) scopeFirst[s] = scopeRows[rowStart[s]];
  for (let i = orderLength - 1; i > 0; i--) {
    const s = scopeOrder[i];
    const p = parentOf(s);
    if (scopeFirst[s] < scopeFirst[p]) scopeFirst[p] = scopeFirst[s];
  }

  const kind: number[] = [];
  const parent: number[] = [];
  const subject: number[] = [];
  const ordinal: number[] = [];
  const firstRow: number[] = [];
  /** What a group not yet listed will hold: scopes for Repeat, rows for Expression, items for Range. */
  const pending: (number[] | null)[] = [];
  const add = (k: GroupKind, p: number, subj: number, ord: number, first: number, held: number[] | null): number => {
    kind.push(k);
    parent.push(p);
    subject.push(subj);
    ordinal.push(ord);
    firstRow.push(first);
    pending.push(held);
    return kind.length - 1;
  };
  add(GroupKind.Root, -1, 0, 0, n > 0 ? 0 : -1, null);

  const itemStart: number[] = [];
  const items = new Int32Array(Math.max(16, n + 16));
  let itemLength = 0;
  let itemBuffer = items;
  const rowGroup = new Int32Array(n);
  const push = (item: number): void => {
    if (itemLength === itemBuffer.length) {
      const bigger = new Int32Array(itemBuffer.length * 2);
      bigger.set(itemBuffer);
      itemBuffer = bigger;
    }
    itemBuffer[itemLength++] = item;
  };
  const itemFirst = (item: number): number => (item >= 0 ? item : firstRow[~item]);

  /** Lists a group's items, in ranges of at most `fan` when there are more. */
  const list = (g: number, held: number[]): void => {
    itemStart[g] = itemLength;
    if (held.length > fan) {
      held.sort((a, b) => itemFirst(a) - itemFirst(b));
      let chunk = fan;
      while (Math.ceil(held.length / chunk) > fan) chunk *= fan;
      for (let i = 0, k = 0; i < held.length; i += chunk, k++) {
        const part = held.slice(i, i + chunk);
        push(~add(GroupKind.Range, g, subject[g], k, itemFirst(part[0]), part));
      }
      return;
    }
    for (const item of held) {
      push(item);
      if (item >= 0) rowGroup[item] = g;
    }
  };

  // Per-container tallies of expression keys, reset after each container.
  const siteCount = new Int32Array(columns.sites.length + columns.ops.length + 2);
  const siteGroup = new Int32Array(siteCount.length).fill(-1);
  const expressionKey = (r: number): number => {
    const site = columns.site[r];
    return site >= 0 ? site : columns.sites.length + 1 + columns.op[r];
  };

  /** The items of one scope's group: its child scopes (alone, or under ×N) and its rows (alone, or by expression). */
  const scopeItems = (g: number, s: number): number[] => {
    const held: number[] = [];
    // Sibling scopes by site (by name where there is no site), in order of first appearance.
    // Most scopes have no child scope or one (an iteration holding one call): no tallies then.
    if (childStart[s + 1] - childStart[s] === 1) {
      const only = children[childStart[s]];
      held.push(~add(GroupKind.Scope, g, only, 0, scopeFirst[only], null));
    }
    const buckets = new Map<number, number[]>();
    const nameCount = new Map<number, number>();
    for (let c = childStart[s]; c < childStart[s + 1] && childStart[s + 1] - childStart[s] > 1; c++) {
      const child = children[c];
      const key = (scopes.site[child] + 1) * (scopes.names.length + 1) + scopes.name[child];
      const bucket = buckets.get(key);
      if (bucket) bucket.push(child);
      else buckets.set(key, [child]);
    }
    for (const bucket of buckets.values()) {
      const name = scopes.name[bucket[0]];
      const ord = nameCount.get(name) ?? 0;
      nameCount.set(name, ord + 1);
      if (bucket.length >= REPEAT_MIN) {
        let first = n;
        for (const m of bucket) first = Math.min(first, scopeFirst[m]);
        held.push(~add(GroupKind.Repeat, g, bucket[0], ord, first, bucket));
      } else {
        for (const m of bucket) held.push(~add(GroupKind.Scope, g, m, ord, scopeFirst[m], null));
      }
    }
    // Rows directly in the scope, by expression.
    const from = rowStart[s];
    const to = rowStart[s + 1];
    for (let i = from; i < to; i++) siteCount[expressionKey(scopeRows[i])]++;
    let textCount: Map<string, number> | null = null;
    for (let i = from; i < to; i++) {
      const r = scopeRows[i];
      const key = expressionKey(r);
      // The output is always its own record, whatever made it: it is what the cell is about
      // (the end of a sum() chain would otherwise hide in `sum(...) ×4`).
      if (siteCount[key] < REPEAT_MIN || r === columns.output) {
        held.push(r);
        continue;
      }
      let e = siteGroup[key];
      if (e < 0) {
        const text = expressionText(columns, r);
        textCount ??= new Map();
        const ord = textCount.get(text) ?? 0;
        textCount.set(text, ord + 1);
        e = add(GroupKind.Expression, g, r, ord, r, []);
        siteGroup[key] = e;
        held.push(~e);
      }
      pending[e]!.push(r);
    }
    for (let i = from; i < to; i++) {
      const key = expressionKey(scopeRows[i]);
      siteCount[key] = 0;
      siteGroup[key] = -1;
    }
    return held;
  };

  // In the order groups are made, so that items are listed group by group (the items of
  // g are contiguous).
  for (let g = 0; g < kind.length; g++) {
    const held = pending[g];
    pending[g] = null;
    switch (kind[g] as GroupKind) {
      case GroupKind.Root:
        list(g, scopeItems(g, 0));
        break;
      case GroupKind.Scope:
        list(g, scopeItems(g, subject[g]));
        break;
      case GroupKind.Repeat:
        list(g, held!.map((m) => ~add(GroupKind.Scope, g, m, ordinal[g], scopeFirst[m], null)));
        break;
      case GroupKind.Expression:
      case GroupKind.Range:
        list(g, held!);
        break;
    }
  }
  const count = kind.length;
  itemStart[count] = itemLength;
  // A group gathered into a range was made before the range, as its container's item:
  // its parent is the range that lists it, and the order parents-first is the listing's.
  const order = new Int32Array(count);
  let ordered = 1;
  for (let i = 0; i < ordered; i++) {
    const g = order[i];
    for (let j = itemStart[g]; j < itemStart[g + 1]; j++) {
      const item = itemBuffer[j];
      if (item >= 0) continue;
      parent[~item] = g;
      order[ordered++] = ~item;
    }
  }

  const size = new Int32Array(count);
  for (let r = 0; r < n; r++) size[rowGroup[r]]++;
  for (let i = count - 1; i > 0; i--) size[parent[order[i]]] += size[order[i]];
  return {
    columns,
    fan,
    count,
    order,
    kind: Uint8Array.from(kind),
    parent: Int32Array.from(parent),
    subject: Int32Array.from(subject),
    ordinal: Int32Array.from(ordinal),
    size,
    firstRow: Int32Array.from(firstRow),
    itemStart: Int32Array.from(itemStart),
    items: itemBuffer.subarray(0, itemLength),
    rowGroup,
  };
}

/** What an expression group is named by: the label of its rows and their op. */
export function expressionText(columns: GraphColumns, row: number): string {
  const op = columns.op[row];
  const label = columns.labels[columns.label[row]] ?? '';
  return op >= 0 ? `${label}\u0000${columns.ops[op]}` : label;
}

/** Drawn nodes when group g is open: each item group is one node, each row its record and op. */
export function openCost(tree: GroupTree, g: number): number {
  let cost = 0;
  for (let i = tree.itemStart[g]; i < tree.itemStart[g + 1]; i++) {
    const item = tree.items[i];
    cost += item >= 0 ? rowCost(tree.columns, item) : 1;
  }
  return cost;
}
