import { Op, opFromLabel } from '../engine/ops';
import { RowKind, ScopeKind, type GraphColumns, type GraphSite, type ScopeColumns } from './columns';
import type { CellGraph, NodeKind } from './model';

// A CellGraph (the objects the CLI and hovers read) as GraphColumns, so one summary and
// one DOT writer serve both. A CellGraph carries no scopes: unless the caller gives them,
// every row is at the cell's top level.

const KIND: Record<NodeKind, RowKind> = { leaf: RowKind.Leaf, constant: RowKind.Constant, result: RowKind.Result };

/** The cell's top level alone: a scope table with only the root. */
export function rootScopes(): ScopeColumns {
  return {
    size: 1,
    parent: Int32Array.of(-1),
    kind: Uint8Array.of(ScopeKind.Cell),
    name: Int32Array.of(0),
    index: Int32Array.of(0),
    site: Int32Array.of(-1),
    names: ['<cell>'],
  };
}

/**
 * Columns of a graph whose nodes are in topological order (as CellGraph promises).
 * `scopeOf[i]`, when given, is node i's scope in `scopes`.
 */
export function columnsFromGraph(graph: CellGraph, scopes: ScopeColumns = rootScopes(), scopeOf?: ArrayLike<number>): GraphColumns {
  const n = graph.nodes.length;
  const rowOf = new Map<number, number>();
  graph.nodes.forEach((node, row) => rowOf.set(node.id, row));
  const intern = <T>(table: T[], index: Map<string, number>, key: string, value: T): number => {
    let i = index.get(key);
    if (i === undefined) {
      i = table.length;
      table.push(value);
      index.set(key, i);
    }
    return i;
  };
  const ops: string[] = [];
  const opCodes: number[] = [];
  const labels: string[] = [];
  const sites: GraphSite[] = [];
  const opIndex = new Map<string, number>();
  const labelIndex = new Map<string, number>();
  const siteIndex = new Map<string, number>();
  const columns: GraphColumns = {
    size: n,
    output: rowOf.get(graph.output) ?? -1,
    id: new Float64Array(n),
    data: new Float64Array(n),
    grad: new Float64Array(n),
    input0: new Int32Array(n).fill(-1),
    input1: new Int32Array(n).fill(-1),
    op: new Int32Array(n).fill(-1),
    kind: new Uint8Array(n),
    label: new Int32Array(n),
    site: new Int32Array(n).fill(-1),
    scope: new Int32Array(n),
    ops,
    opCodes,
    labels,
    sites,
    names: [],
    scopes,
  };
  graph.nodes.forEach((node, row) => {
    columns.id[row] = node.id;
    columns.data[row] = node.data;
    columns.grad[row] = node.grad;
    const [a, b] = node.inputs;
    if (a !== undefined) columns.input0[row] = rowOf.get(a) ?? -1;
    if (b !== undefined) columns.input1[row] = rowOf.get(b) ?? -1;
    if (node.op !== null) {
      columns.op[row] = intern(ops, opIndex, node.op, node.op);
      // The model keeps only the drawn label; reading it back is exact but for `/`, taken as Value division.
      if (opCodes.length < ops.length) opCodes.push(opFromLabel(node.op)?.op ?? Op.Leaf);
    }
    columns.kind[row] = KIND[node.kind];
    columns.label[row] = intern(labels, labelIndex, node.label, node.label);
    if (node.definedAt) {
      const { start, end } = node.definedAt;
      columns.site[row] = intern(sites, siteIndex, `${start}:${end}`, { start, end });
    }
    if (scopeOf) columns.scope[row] = scopeOf[row];
    if (node.names.length > 0) columns.names.push({ row, names: [...node.names] });
  });
  return columns;
}
