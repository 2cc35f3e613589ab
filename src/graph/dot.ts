import { fixed } from '../lang/format';
import type { CellGraph, GraphNode, NodeKind } from './model';
import { edgeDerivativeText } from './replay/derivativeText';

// A cell's graph as Graphviz DOT, drawn the way the lecture's draw_dot draws it: a
// record `{ label | data | grad }` per value, a small node per operation, left to right.
// Node ids are `n<id>` and `n<id>_op` exactly: the webview maps the SVG's
// `<title>n12</title>` back to node 12, so they must not change.

export interface DotOptions {
  rankdir?: 'LR' | 'TB';
  /** Digits after the decimal point for data and grad (draw_dot's `%.4f`). */
  precision?: number;
  /** Node ids to emphasise. */
  highlight?: readonly number[];
  /**
   * Label each operand's edge (value → op) with its local derivative, `∂e/∂a = b = -3.0000`
   * (ops.ts's formula and value). Off by default, and then the text is unchanged.
   */
  edgeDerivatives?: boolean;
}

/** Fill and stroke of each kind of node in a standalone SVG; a webview restyles by class. */
export const STYLE = {
  leaf: { fill: '#dbeafe', stroke: '#2563eb' },
  constant: { fill: '#f1f5f9', stroke: '#94a3b8' },
  result: { fill: '#ffffff', stroke: '#475569' },
  output: { fill: '#dcfce7', stroke: '#16a34a' },
  op: { fill: '#fef3c7', stroke: '#b45309' },
  highlight: { stroke: '#ea580c' },
  nonFinite: { stroke: '#dc2626' },
} as const;

/** What a value record shows; a GraphNode is one, and so is a row of GraphColumns. */
export interface DotValue {
  id: number;
  label: string;
  data: number;
  grad: number;
  kind: NodeKind;
}

/** The lines every DOT text of the panel starts with (toDot's and a summary's alike). */
export function dotHeader(rankdir: 'LR' | 'TB'): string[] {
  return [
    'digraph G {',
    // Tighter than Graphviz's defaults (0.5 and 0.25 inch) so a lecture-sized graph
    // fits a side panel at a zoom where its numbers can still be read.
    `  graph [rankdir=${rankdir}, fontname="Helvetica", bgcolor="white", ranksep=0.3, nodesep=0.15];`,
    '  node [fontname="Helvetica", fontsize=11, style=filled];',
    '  edge [color="#64748b", arrowsize=0.7, fontname="Helvetica"];',
  ];
}

export function toDot(graph: CellGraph, options: DotOptions = {}): string {
  const precision = options.precision ?? 4;
  const highlighted = new Set(options.highlight ?? []);
  const out = dotHeader(options.rankdir ?? 'LR');
  const edges: string[] = [];
  const byId = options.edgeDerivatives ? new Map(graph.nodes.map((n) => [n.id, n])) : null;
  for (const node of graph.nodes) {
    const isOutput = node.id === graph.output;
    const isHighlighted = highlighted.has(node.id);
    out.push(`  ${valueStatement(node, isOutput, isHighlighted, precision)}`);
    if (node.op === null) continue;
    const opId = `n${node.id}_op`;
    out.push(`  ${opStatement(opId, node.op, isHighlighted)}`);
    edges.push(`  ${opId} -> n${node.id};`);
    // One edge per operand, so `a + a` shows both of a's contributions.
    node.inputs.forEach((input, which) => {
      const text = byId ? nodeEdgeText(byId, node, which as 0 | 1, precision) : null;
      edges.push(`  n${input} -> ${opId}${edgeAttributes(text)};`);
    });
  }
  out.push(...edges, '}');
  return out.join('\n') + '\n';
}

/** The local derivative on the edge bringing operand `which` of `node`, or null. */
function nodeEdgeText(byId: Map<number, GraphNode>, node: GraphNode, which: 0 | 1, precision: number): string | null {
  const x = byId.get(node.inputs[0]), y = node.inputs.length > 1 ? byId.get(node.inputs[1]) : undefined;
  if (node.op === null || x === undefined || (node.inputs.length > 1 && y === undefined)) return null;
  return edgeDerivativeText({
    op: node.op, which, x: x.label, y: y?.label ?? '', out: node.label,
    xData: x.data, yData: y?.data ?? 0, outData: node.data,
  }, precision);
}

/**
 * An operand edge's attribute list: empty without a label (the default drawing, byte for
 * byte), else the derivative as escaped plain text, small, in the edges' colour. Courier:
 * Graphviz sizes a label from its font's metrics, and the page draws these labels in the
 * editor's monospace font, which is about as wide as Courier on every system; a
 * proportional font there can be wider than Graphviz's Helvetica and overlap its neighbour.
 */
export function edgeAttributes(text: string | null): string {
  if (text === null) return '';
  return ` [label="${quoted(plainText(text).replace(/\\/g, '\\\\'))}", class="derivative", fontname="Courier", fontsize=10, fontcolor="#475569"]`;
}

export function valueStatement(node: DotValue, isOutput: boolean, isHighlighted: boolean, precision: number): string {
  const style = isOutput ? STYLE.output : STYLE[node.kind];
  const classes = ['value', node.kind];
  if (isOutput) classes.push('output');
  if (isHighlighted) classes.push('highlight');
  // A NaN or an infinity must not pass for a number among the others: framed apart.
  const nonFinite = !Number.isFinite(node.data) || !Number.isFinite(node.grad);
  if (nonFinite) classes.push('nonfinite');
  const label = `{ ${recordText(node.label)} | data ${fixed(node.data, precision)} | grad ${fixed(node.grad, precision)} }`;
  const attrs = [
    'shape=record',
    `class="${classes.join(' ')}"`,
    `label="${quoted(label)}"`,
    `fillcolor="${style.fill}"`,
    `color="${isHighlighted ? STYLE.highlight.stroke : nonFinite ? STYLE.nonFinite.stroke : style.stroke}"`,
    `penwidth=${isHighlighted ? 3 : isOutput ? 2 : 1}`,
  ];
  return `n${node.id} [${attrs.join(', ')}];`;
}

export function opStatement(opId: string, op: string, isHighlighted: boolean): string {
  const attrs = [
    'shape=ellipse',
    'margin="0.02,0.02"',
    'width=0.3',
    'height=0.3',
    `class="op${isHighlighted ? ' highlight' : ''}"`,
    `label="${quoted(plainText(op).replace(/\\/g, '\\\\'))}"`,
    `fillcolor="${STYLE.op.fill}"`,
    `color="${isHighlighted ? STYLE.highlight.stroke : STYLE.op.stroke}"`,
    `penwidth=${isHighlighted ? 3 : 1}`,
  ];
  return `${opId} [${attrs.join(', ')}];`;
}

/**
 * User text for a record field: record syntax characters are backslash-escaped so a
 * label like `a|b{c}` stays one field. Graphviz then escapes XML itself on output.
 */
export function recordText(text: string): string {
  return plainText(text).replace(/[\\{}|<>"]/g, (c) => (c === '"' ? c : `\\${c}`));
}

/**
 * Text for any label: whitespace (a label copied from source may span lines) becomes
 * single spaces, and `&` an entity so that `&lt;` shows as typed rather than as `<`.
 * Callers double `\` so that `\N`, `\G`, `\l` stay literal, not Graphviz escapes.
 */
export function plainText(text: string): string {
  return text
    .replace(/[\s\u0000-\u001f\u007f]+/g, ' ')
    .trim()
    .replace(/&/g, '&amp;');
}

/** Makes text safe inside a DOT double-quoted string. */
export function quoted(text: string): string {
  return text.replace(/"/g, '\\"');
}
