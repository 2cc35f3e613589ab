import { RowKind, ScopeKind } from './columns';
import { expressionText, GroupKind, type GroupTree } from './groups';

// The names of the groups of groups.ts: keys the page remembers opened groups by, and
// the titles group nodes show.
//
// A key is a path of segments from the root, each naming a group by what the program
// calls it rather than by where it is in the file, so that a group the user opened is
// found again after an edit above it: `MLP.__call__#0/for layer in self.layers#2/Layer.__call__#0`.
// Repeat and Range groups are transparent to their members' keys (a call is
// `Neuron.__call__#3` whether or not its siblings are gathered under `×16`).
//   scope      <name>[@<k>]#<index>   k: which of the parent's sites with that name (omitted for 0)
//   repeat     <name>[@<k>]*
//   expression =<text>[@<k>]         text: the rows' label and op (long ones shortened with a hash)
//   range      ~<k>                   appended to the range's parent's own key
// `%` and `/` inside names are written %25 and %2F.

export function groupKey(tree: GroupTree, g: number): string {
  if (g === 0) return '';
  const k = tree.kind[g] as GroupKind;
  if (k === GroupKind.Range) return `${groupKey(tree, tree.parent[g])}/~${tree.ordinal[g]}`;
  return `${containerKey(tree, tree.parent[g])}/${segment(tree, g)}`;
}

/** The key a group's members hang from: Repeat and Range groups add nothing. */
function containerKey(tree: GroupTree, g: number): string {
  while (g > 0 && (tree.kind[g] === GroupKind.Repeat || tree.kind[g] === GroupKind.Range)) g = tree.parent[g];
  return groupKey(tree, g);
}

function segment(tree: GroupTree, g: number): string {
  const { scopes } = tree.columns;
  const ord = tree.ordinal[g] > 0 ? `@${tree.ordinal[g]}` : '';
  switch (tree.kind[g] as GroupKind) {
    case GroupKind.Scope:
      return `${escapeSegment(scopes.names[scopes.name[tree.subject[g]]] ?? '')}${ord}#${scopes.index[tree.subject[g]]}`;
    case GroupKind.Repeat:
      return `${escapeSegment(scopes.names[scopes.name[tree.subject[g]]] ?? '')}${ord}*`;
    case GroupKind.Expression:
      return `=${escapeSegment(shortened(expressionText(tree.columns, tree.subject[g])))}${ord}`;
    default:
      return `~${tree.ordinal[g]}`;
  }
}

function escapeSegment(text: string): string {
  return text.replace(/%/g, '%25').replace(/\//g, '%2F');
}

/** Long source text keeps its start and a hash of the whole, so keys stay short and distinct. */
function shortened(text: string): string {
  if (text.length <= 32) return text;
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return `${text.slice(0, 24)}~${(h >>> 0).toString(36)}`;
}

/** The group with this key, or -1. Walks down from the root, through Repeat and Range groups. */
export function findGroup(tree: GroupTree, key: string): number {
  if (key === '') return 0;
  if (!key.startsWith('/')) return -1;
  let g = 0;
  const parts = key.slice(1).split('/');
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p];
    let found = -1;
    if (part.startsWith('~')) {
      for (let i = tree.itemStart[g]; i < tree.itemStart[g + 1] && found < 0; i++) {
        const item = tree.items[i];
        if (item < 0 && tree.kind[~item] === GroupKind.Range && `~${tree.ordinal[~item]}` === part) found = ~item;
      }
    } else {
      // Members of transparent groups are searched as if they were g's own items.
      const stack = [g];
      while (stack.length > 0 && found < 0) {
        const h = stack.pop()!;
        for (let i = tree.itemStart[h]; i < tree.itemStart[h + 1] && found < 0; i++) {
          const item = tree.items[i];
          if (item >= 0) continue;
          const c = ~item;
          const k = tree.kind[c] as GroupKind;
          if (k === GroupKind.Range) stack.push(c);
          else if (segment(tree, c) === part) found = c;
          else if (k === GroupKind.Repeat) stack.push(c);
        }
      }
    }
    if (found < 0) return -1;
    g = found;
  }
  return g;
}

export type GroupKindName = 'call' | 'iteration' | 'repeat' | 'expression' | 'range';

export function groupKindName(tree: GroupTree, g: number): GroupKindName {
  switch (tree.kind[g] as GroupKind) {
    case GroupKind.Scope:
      return tree.columns.scopes.kind[tree.subject[g]] === ScopeKind.Iteration ? 'iteration' : 'call';
    case GroupKind.Repeat:
      return 'repeat';
    case GroupKind.Expression:
      return 'expression';
    default:
      return 'range';
  }
}

/** `Neuron.__call__`, `for k in range(100) #99`, `×16 Neuron.__call__`, `relu(...) ×100`, `×100 MLP.__call__ 1–50`. */
export function groupTitle(tree: GroupTree, g: number): string {
  const { columns } = tree;
  const { scopes } = columns;
  switch (tree.kind[g] as GroupKind) {
    case GroupKind.Root:
      return '';
    case GroupKind.Scope: {
      const s = tree.subject[g];
      const name = scopes.names[scopes.name[s]] ?? '';
      const inRepeat = tree.kind[tree.parent[g]] === GroupKind.Repeat || tree.kind[tree.parent[g]] === GroupKind.Range;
      return scopes.kind[s] === ScopeKind.Iteration || inRepeat ? `${name} #${scopes.index[s]}` : name;
    }
    case GroupKind.Repeat:
      return `×${memberCount(tree, g)} ${scopes.names[scopes.name[tree.subject[g]]] ?? ''}`;
    case GroupKind.Expression: {
      const r = tree.subject[g];
      const op = columns.op[r] >= 0 ? columns.ops[columns.op[r]] : '';
      const label = (columns.labels[columns.label[r]] ?? '').replace(/\s+/g, ' ').trim();
      const name = /^[A-Za-z_]\w*$/.test(op) && !label.startsWith(`${op}(`) && columns.kind[r] === RowKind.Result ? `${op}(...)` : label.length > 24 ? `${label.slice(0, 23)}…` : label || op || 'Value(...)';
      return `${name} ×${tree.size[g]}`;
    }
    default: {
      // Which of the container's items this range holds, counted from 1 through nested ranges.
      let before = 0;
      let h = g;
      let p = tree.parent[h];
      for (;;) {
        for (let i = tree.itemStart[p]; i < tree.itemStart[p + 1]; i++) {
          const item = tree.items[i];
          if (item === ~h) break;
          before += item < 0 && tree.kind[~item] === GroupKind.Range ? memberCount(tree, ~item) : 1;
        }
        if (tree.kind[p] !== GroupKind.Range) break;
        h = p;
        p = tree.parent[h];
      }
      return `${groupTitle(tree, p)} ${before + 1}–${before + memberCount(tree, g)}`;
    }
  }
}

/** Items a group stands for, counting through its ranges. */
function memberCount(tree: GroupTree, g: number): number {
  let count = 0;
  for (let i = tree.itemStart[g]; i < tree.itemStart[g + 1]; i++) {
    const item = tree.items[i];
    count += item < 0 && tree.kind[~item] === GroupKind.Range ? memberCount(tree, ~item) : 1;
  }
  return count;
}
