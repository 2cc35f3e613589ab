import { NodeFlag, Op, opLabel, type NodeId } from '../engine';
import { RowKind, ScopeKind, type GraphColumns, type GraphSite, type ScopeColumns } from '../graph/columns';
import type { SourceRange } from './source';
import type { Runtime } from './runtime/runtime';
import { labelOf, labelOrigin } from './snapshot';

// A cell's whole output graph as columns (src/graph/columns.ts), read off the tape at
// the cell's end like the rest of its snapshot. A training step of micrograd's demo is
// 66,000 rows, and a chain can be a million: every per-row step here is array reads
// and writes, with the strings (labels, ops, sites) interned once per distinct value.

/**
 * The columns of `rows` (every node the output depends on, ascending: a topological
 * order, output last), with the scopes they were made in. `grad` is the gradient the
 * cell shows; `namesOf` the module's variables by node.
 */
export function buildColumns(
  rt: Runtime, rows: readonly NodeId[], grad: (id: NodeId) => number, namesOf: ReadonlyMap<NodeId, readonly string[]>,
): GraphColumns {
  const { tape } = rt;
  const size = rows.length;
  // Tables by node and by origin span only the ids the rows use, not the whole tape or
  // program: a file of many small cells builds one small graph's columns per cell, and
  // tables over everything so far made that quadratic.
  const rowOf = new RowIndex(rows);

  const id = new Float64Array(size), data = new Float64Array(size), grads = new Float64Array(size);
  const input0 = new Int32Array(size), input1 = new Int32Array(size);
  const op = new Int32Array(size), label = new Int32Array(size), site = new Int32Array(size), scope = new Int32Array(size);
  const kind = new Uint8Array(size);

  const labels = new Interned();
  const ops = new OpTable();
  const sites = new Sites();
  const opOf = new Int32Array(OP_CODES).fill(-1);
  const originCount = rt.origins.length;
  let firstOrigin = originCount, lastOrigin = -1;
  for (let r = 0; r < size; r++) {
    const o = tape.origin(rows[r]);
    if (o >= 0 && o < originCount) {
      if (o < firstOrigin) firstOrigin = o;
      if (o > lastOrigin) lastOrigin = o;
    }
  }
  // labelOrigin may name an origin the row's own is not (a call's): indexed by that too.
  const originSpan = Math.max(0, lastOrigin - firstOrigin + 1);
  const labelOfOrigin = new Map<number, number>();
  const siteOfOrigin = new Int32Array(originSpan).fill(-2);

  for (let r = 0; r < size; r++) {
    const node = rows[r];
    id[r] = tape.serial(node);
    data[r] = tape.data(node);
    grads[r] = grad(node);
    const a = tape.input0(node), b = tape.input1(node);
    input0[r] = a < 0 ? -1 : rowOf.of(a);
    input1[r] = b < 0 ? -1 : rowOf.of(b);
    const code = tape.op(node);
    const flags = tape.flags(node);
    if (code === Op.Leaf) {
      op[r] = -1;
      kind[r] = (flags & NodeFlag.Constant) !== 0 ? RowKind.Constant : RowKind.Leaf;
    } else {
      kind[r] = RowKind.Result;
      if (code === Op.PowConst) op[r] = ops.of(code, opLabel(code, tape.param(node)));
      else op[r] = opOf[code] >= 0 ? opOf[code] : (opOf[code] = ops.of(code, opLabel(code, 0)));
    }
    const origin = tape.origin(node);
    if ((flags & LABELLED) !== 0) {
      label[r] = -1; // a label the program gave: filled in below
    } else {
      // Most rows are labelled by the source text that made them: one string per origin.
      const from = labelOrigin(rt, node);
      if (from < 0) label[r] = labels.of(labelOf(rt, node));
      else {
        let l = labelOfOrigin.get(from);
        if (l === undefined) labelOfOrigin.set(from, (l = labels.of(rt.originLabel(from))));
        label[r] = l;
      }
    }
    if (origin < 0 || origin >= originCount) {
      site[r] = -1;
    } else {
      let s = siteOfOrigin[origin - firstOrigin];
      if (s === -2) {
        const o = rt.origins[origin];
        s = siteOfOrigin[origin - firstOrigin] = o.library ? -1 : sites.of(o.range);
      }
      site[r] = s;
    }
    scope[r] = tape.scope(node);
  }

  givenLabels(rt, rows, rowOf, label, labels);
  const scopes = scopeColumns(rt, scope, sites);
  const names: GraphColumns['names'] = [];
  for (const [node, list] of namesOf) {
    const row = rowOf.of(node);
    if (row >= 0 && list.length > 0) names.push({ row, names: [...list] });
  }
  names.sort((x, y) => x.row - y.row);

  return {
    size, output: size - 1, id, data, grad: grads, input0, input1, op, kind, label, site, scope,
    ops: ops.labels, opCodes: ops.codes, labels: labels.list, sites: sites.list, names, scopes,
  };
}

/** The flags of a node whose label the program gave (a name bound, `label=`): the runtime sets one whenever it sets a label. */
const LABELLED = NodeFlag.LabelName | NodeFlag.LabelExplicit;

/**
 * Fills the rows marked -1 with the labels the program gave. A chain rebinding `x`
 * labels every node, and one lookup per row in the tape's map of a million labels
 * costs more than walking the map once; a small graph on a big tape looks its few up.
 */
function givenLabels(rt: Runtime, rows: readonly NodeId[], rowOf: RowIndex, label: Int32Array, labels: Interned): void {
  const { tape } = rt;
  if (tape.labelCount <= 4 * rows.length) {
    for (const [node, text] of tape.labelEntries()) {
      const row = rowOf.of(node);
      if (row >= 0 && label[row] === -1) label[row] = labels.of(text);
    }
  }
  for (let r = 0; r < rows.length; r++) if (label[r] === -1) label[r] = labels.of(labelOf(rt, rows[r]));
}

/** How many Op codes there are, for a table by code (ops.ts numbers them from 0). */
const OP_CODES = 256;

/**
 * The scopes the rows were made in and their ancestors, renumbered in the runtime's
 * order (a parent before its children) so the root is 0; rewrites `scope` from runtime
 * numbers to column numbers. The runtime's root is the module's top level, which for
 * the cell shown is its own: scopes of an earlier cell's calls hang from it.
 */
function scopeColumns(rt: Runtime, scope: Int32Array, sites: Sites): ScopeColumns {
  const table = rt.scopes;
  const total = table.size;
  const parentOf = table.parent;
  // -2: not needed; -1: needed, not numbered yet; then the column number.
  const column = new Int32Array(total).fill(-2);
  column[0] = -1;
  for (let r = 0; r < scope.length; r++) {
    for (let s = scope[r]; s > 0 && column[s] === -2; s = parentOf[s]) column[s] = -1;
  }
  let count = 0;
  for (let s = 0; s < total; s++) if (column[s] === -1) column[s] = count++;
  const parent = new Int32Array(count), kind = new Uint8Array(count), name = new Int32Array(count);
  const index = new Int32Array(count), site = new Int32Array(count);
  const names = new Interned();
  parent[0] = -1;
  kind[0] = ScopeKind.Cell;
  name[0] = names.of('<module>');
  site[0] = -1;
  // Per runtime site, its name's and its range's numbers: worked out once.
  const siteName = new Int32Array(table.sites.length).fill(-1), siteRange = new Int32Array(table.sites.length);
  for (let s = 1; s < total; s++) {
    const c = column[s];
    if (c < 0) continue;
    parent[c] = column[parentOf[s]];
    index[c] = table.index[s];
    const at = table.site[s];
    const info = table.sites[at];
    if (siteName[at] < 0) {
      siteName[at] = names.of(info.name);
      siteRange[at] = info.range === null || info.library ? -1 : sites.of(info.range);
    }
    kind[c] = info.kind;
    name[c] = siteName[at];
    site[c] = siteRange[at];
  }
  for (let r = 0; r < scope.length; r++) scope[r] = column[scope[r]];
  return { size: count, parent, kind, name, index, site, names: names.list };
}

/** Strings numbered in order of first use. */
class Interned {
  readonly list: string[] = [];
  private readonly byText = new Map<string, number>();
  of(text: string): number {
    let i = this.byText.get(text);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(text);
      this.byText.set(text, i);
    }
    return i;
  }
}

/** Each node's row, over the span of ids the rows cover; -1 for a node not among them. */
class RowIndex {
  private readonly first: number;
  private readonly table: Int32Array;
  constructor(rows: readonly NodeId[]) {
    const n = rows.length;
    this.first = n > 0 ? rows[0] : 0;
    this.table = new Int32Array(n > 0 ? rows[n - 1] - this.first + 1 : 0).fill(-1);
    for (let r = 0; r < n; r++) this.table[rows[r] - this.first] = r;
  }
  of(node: NodeId): number {
    const i = node - this.first;
    return i >= 0 && i < this.table.length ? this.table[i] : -1;
  }
}

/** The ops drawn, one entry per op code and label (Div and TrueDiv both draw `/`). */
class OpTable {
  readonly labels: string[] = [];
  readonly codes: number[] = [];
  private readonly byKey = new Map<string, number>();
  of(code: Op, label: string): number {
    const key = `${code} ${label}`;
    let i = this.byKey.get(key);
    if (i === undefined) {
      i = this.labels.length;
      this.labels.push(label);
      this.codes.push(code);
      this.byKey.set(key, i);
    }
    return i;
  }
}

/** Source ranges numbered in order of first use, one number per distinct range. */
class Sites {
  readonly list: GraphSite[] = [];
  private readonly byRange = new Map<string, number>();
  of(range: SourceRange): number {
    const key = `${range.start}:${range.end}`;
    let i = this.byRange.get(key);
    if (i === undefined) {
      i = this.list.length;
      this.list.push({ start: range.start, end: range.end });
      this.byRange.set(key, i);
    }
    return i;
  }
}
