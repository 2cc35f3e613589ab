import type { SourceRange } from '../lang/source';

// The drawable graph of one cell, as plain data: what the command line renders, what
// the extension posts to the webview, and what hovers read. No Tape, no functions.

export type NodeKind =
  /** A Value the user made: `a = 2.0`, `Value(2.0, label='a')`. */
  | 'leaf'
  /** A number written inside an expression: the `2` of `2 * x`. */
  | 'constant'
  /** The result of an operation. */
  | 'result';

export interface GraphNode {
  /** The node's id on the evaluation's tape; unique within one evaluation. */
  id: number;
  /** The lecture's label: the variable's name, `label='...'`, a constant's text, or an expression's source text. */
  label: string;
  /** data and grad as they stood at the end of the cell (may be NaN or ±Infinity). */
  data: number;
  grad: number;
  kind: NodeKind;
  /** The operation's label (`+`, `*`, `tanh`, `**2`), null for leaves and constants. */
  op: string | null;
  /** Ids of the operation's inputs, in operand order. */
  inputs: number[];
  /** The variable names bound to this node at the end of the cell. */
  names: string[];
  /** The source text that created the node (for clicking a node to reveal it). */
  definedAt: SourceRange | null;
}

export interface CellGraph {
  /** Id of the output node; its graph is everything it depends on. */
  output: number;
  /** The output and every node it depends on, inputs before the nodes that use them. */
  nodes: GraphNode[];
}
