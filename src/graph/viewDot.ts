import { fixed } from '../lang/format';
import { RowKind, type GraphColumns } from './columns';
import { dotHeader, edgeAttributes, opStatement, plainText, quoted, valueStatement, type DotOptions, type DotValue } from './dot';
import { edgeDerivativeText } from './replay/derivativeText';
import type { NodeKind } from './model';
import type { SummaryView, ViewEdge, ViewGroup } from './summary';

// DOT for a summary or a neighbourhood: value records and op nodes written by dot.ts
// exactly as toDot writes them (same ids, so a whole view's text is toDot's), a node per
// closed group (class `group`, id `g<key made safe>`), a box per open group, and a map
// from every DOT id back to what it stands for, so the page can resolve a click.

export type DotTarget =
  | { kind: 'row'; row: number }
  | { kind: 'group'; group: number; key: string }
  | { kind: 'cluster'; cluster: number; key: string };

export interface ViewDot {
  dot: string;
  targets: Map<string, DotTarget>;
}

const GROUP_STYLE = { fill: '#ede9fe', stroke: '#7c3aed', cut: '#f8fafc', cluster: '#a78bfa' } as const;
const KINDS: readonly NodeKind[] = ['leaf', 'constant', 'result'];

/** A group key as a DOT id: letters and digits kept, every other character `_<code>_`, so distinct keys stay distinct. */
export function safeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, (c) => `_${c.charCodeAt(0).toString(36)}_`);
}

export function rowValue(columns: GraphColumns, row: number): DotValue {
  return {
    id: columns.id[row],
    label: columns.labels[columns.label[row]] ?? '',
    data: columns.data[row],
    grad: columns.grad[row],
    kind: KINDS[columns.kind[row] as RowKind] ?? 'result',
  };
}

export function viewToDot(columns: GraphColumns, view: SummaryView, options: DotOptions = {}): ViewDot {
  const precision = options.precision ?? 4;
  const highlighted = new Set(options.highlight ?? []);
  const targets = new Map<string, DotTarget>();
  const groupIds = view.groups.map((g) => `g${safeKey(g.key)}`);
  const endpoint = (item: number, target: boolean): string => {
    if (item < 0) return groupIds[~item];
    const id = `n${columns.id[item]}`;
    return target && columns.op[item] >= 0 ? `${id}_op` : id;
  };
  // Statements by the box they are drawn in (index 0: the top level, c + 1: cluster c).
  const blocks: string[][] = [[], ...view.clusters.map(() => [])];
  const edges: string[] = [];
  const incoming = new Map<number, ViewEdge[]>();
  const others: ViewEdge[] = [];
  for (const e of view.edges) {
    if (e.to >= 0) {
      const list = incoming.get(e.to);
      if (list) list.push(e);
      else incoming.set(e.to, [e]);
    } else others.push(e);
  }
  const edgeStatement = (e: ViewEdge): string => {
    const attrs = e.count > 1 ? ` [label="×${e.count}", penwidth=${Math.min(4, 1 + Math.log2(e.count)).toFixed(1)}, fontsize=9]` : '';
    return `  ${endpoint(e.from, false)} -> ${endpoint(e.to, true)}${attrs};`;
  };
  // As toDot: each value, its op, the op's edge to it and its operands' edges, in row order.
  view.rows.forEach((row, i) => {
    const value = rowValue(columns, row);
    const isHighlighted = highlighted.has(value.id);
    const block = blocks[view.rowCluster[i] + 1];
    block.push(`  ${valueStatement(value, row === columns.output, isHighlighted, precision)}`);
    targets.set(`n${value.id}`, { kind: 'row', row });
    const op = columns.op[row];
    if (op >= 0) {
      const opId = `n${value.id}_op`;
      block.push(`  ${opStatement(opId, columns.ops[op] ?? '?', isHighlighted)}`);
      targets.set(opId, { kind: 'row', row });
      edges.push(`  ${opId} -> n${value.id};`);
    }
    // Operand edges between rows come in operand order (summary.ts): the first edge
    // from input0 is operand 0, so `a + a`'s two edges get a label each.
    let firstTaken = false;
    for (const e of incoming.get(row) ?? []) {
      if (!options.edgeDerivatives || e.from < 0) {
        edges.push(edgeStatement(e));
        continue;
      }
      const which: 0 | 1 = e.from === columns.input0[row] && !firstTaken ? 0 : 1;
      if (which === 0) firstTaken = true;
      edges.push(`  ${endpoint(e.from, false)} -> ${endpoint(e.to, true)}${edgeAttributes(rowEdgeText(columns, row, which, precision))};`);
    }
  });
  view.groups.forEach((group, i) => {
    blocks[group.cluster + 1].push(`  ${groupStatement(columns, group, groupIds[i], precision)}`);
    targets.set(groupIds[i], { kind: 'group', group: i, key: group.key });
  });
  for (const e of others) edges.push(edgeStatement(e));

  const out = dotHeader(options.rankdir ?? 'LR');
  out.push(...blocks[0]);
  // Clusters nest as the open groups do; parents come before their children in the list.
  const children: number[][] = view.clusters.map(() => []);
  const top: number[] = [];
  view.clusters.forEach((c, i) => (c.cluster < 0 ? top : children[c.cluster]).push(i));
  const writeCluster = (c: number, indent: string): void => {
    const cluster = view.clusters[c];
    const id = `cluster_g${safeKey(cluster.key)}`;
    targets.set(id, { kind: 'cluster', cluster: c, key: cluster.key });
    out.push(`${indent}subgraph ${id} {`);
    out.push(
      `${indent}  graph [label="${quoted(plainText(cluster.title).replace(/\\/g, '\\\\'))}", class="group ${cluster.kind} open", style="rounded,dashed", color="${GROUP_STYLE.cluster}", fontsize=10];`,
    );
    for (const line of blocks[c + 1]) out.push(`${indent}${line}`);
    for (const child of children[c]) writeCluster(child, `${indent}  `);
    out.push(`${indent}}`);
  };
  for (const c of top) writeCluster(c, '  ');
  out.push(...edges, '}');
  return { dot: out.join('\n') + '\n', targets };
}

/** The local derivative on the edge bringing operand `which` of `row`. */
function rowEdgeText(columns: GraphColumns, row: number, which: 0 | 1, precision: number): string | null {
  const op = columns.op[row], x = columns.input0[row], y = columns.input1[row];
  if (op < 0 || x < 0) return null;
  const label = (r: number): string => columns.labels[columns.label[r]] ?? '';
  return edgeDerivativeText({
    op: columns.ops[op] ?? '', which, x: label(x), y: y < 0 ? '' : label(y), out: label(row),
    xData: columns.data[x], yData: y < 0 ? 0 : columns.data[y], outData: columns.data[row],
  }, precision);
}

/** A closed group as a box of lines: its title, its size, its outputs, its largest gradient. */
function groupStatement(columns: GraphColumns, group: ViewGroup, id: string, precision: number): string {
  const line = (text: string): string => quoted(plainText(text).replace(/\\/g, '\\\\'));
  const lines = [line(group.title)];
  if (group.kind !== 'cut') {
    const count = `${group.values.toLocaleString('en-US')} value${group.values === 1 ? '' : 's'}`;
    const outputs = group.outputs.count > 0 ? ` · ${group.outputs.count.toLocaleString('en-US')} out` : '';
    lines.push(line(count + outputs));
    for (const row of group.outputs.rows) {
      const label = shortLabel(columns.labels[columns.label[row]] ?? '');
      lines.push(line(`${label}: data ${fixed(columns.data[row], precision)} · grad ${fixed(columns.grad[row], precision)}`));
    }
    if (group.outputs.count > group.outputs.rows.length) lines.push(line(`… ${group.outputs.count - group.outputs.rows.length} more`));
    if (group.maxGrad !== null) {
      const label = shortLabel(columns.labels[columns.label[group.maxGrad.row]] ?? '');
      lines.push(line(`max |grad| ${fixed(Math.abs(group.maxGrad.grad), precision)} at ${label}`));
    }
  }
  const isCut = group.kind === 'cut';
  const attrs = [
    'shape=box',
    // Room for a browser font a little wider than the metrics Graphviz lays out with.
    'margin="0.2,0.06"',
    'style="filled,rounded"',
    `class="group ${group.kind}"`,
    `label="${lines.join('\\n')}"`,
    `fillcolor="${isCut ? GROUP_STYLE.cut : GROUP_STYLE.fill}"`,
    `color="${GROUP_STYLE.stroke}"`,
    isCut ? 'fontsize=9' : 'penwidth=1',
  ];
  return `${id} [${attrs.join(', ')}];`;
}

/** A row's label cut to fit a group's line; a Value() made without one reads `Value`, as its repr begins. */
function shortLabel(label: string): string {
  const text = label.replace(/\s+/g, ' ').trim() || 'Value';
  return text.length > 28 ? `${text.slice(0, 27)}…` : text;
}
