import type { CellGraph, GraphNode } from '../graph/model';
import type { Diagnostic } from './diagnostics';
import type { SourceRange } from './source';

/** A number pair as it stood at the end of a cell. */
export interface ValueSnapshot {
  data: number;
  grad: number;
}

/** An identifier in the source and the node it meant at that point of the run. */
export interface NameReference {
  name: string;
  range: SourceRange;
  node: number;
}

/** A statement that bound or changed a variable, for inline values. */
export interface Binding {
  name: string;
  /** The whole statement. */
  range: SourceRange;
  node: number;
  /** `x = ...` binds a name; `x.data = ...`, `x.grad = ...`, `x.label = ...` change a Value. */
  kind: 'name' | 'attribute';
}

/** One line that print(...) wrote, and the call that wrote it. */
export interface PrintedLine {
  text: string;
  range: SourceRange;
}

export interface CellResult {
  index: number;
  title: string;
  range: SourceRange;
  markerRange: SourceRange | null;
  /** The output's variable name, else its label; null when the cell has no output. */
  output: string | null;
  /** The output's node id, or null. */
  outputNode: number | null;
  /**
   * Whether the cell handles gradients itself (calls backward() or _backward(), or
   * sets a grad). If so, grads are the nodes' own, micrograd-style; if not, they are
   * d(output)/d(node) computed fresh for this cell.
   */
  ownsGradients: boolean;
  /**
   * Whether an error diagnostic belongs to this cell. Its output is then whatever ran
   * last, not what is being written, so views show no gradients and keep the last
   * good graph.
   */
  hasError: boolean;
  /** Every variable the cell binds or changes, and the output, in first-seen order. */
  values: Record<string, ValueSnapshot>;
  /** Each print(...) line, in order. */
  printed: PrintedLine[];
  /** The output's graph at the end of the cell, or null when there is no output. */
  graph: CellGraph | null;
  /**
   * Every node the cell's output or variables depend on, at the end of the cell:
   * what hovers and inline values read. A superset of graph.nodes.
   */
  nodes: GraphNode[];
  references: NameReference[];
  bindings: Binding[];
  /**
   * In a cell that leaves gradients to GradLens (ownsGradients false), the nodes whose
   * own .grad field, what `x.grad` reads, is not the gradient shown: an earlier cell's
   * backward() set it. Hovers show both, since `a.data += 0.01 * a.grad` reads the field.
   */
  gradFields: { node: number; grad: number }[];
  /** Each leaf's analytic gradient beside a numerical one, when EvalOptions.checkGradients asked. */
  check: CellCheck | null;
}

export interface EvalResult {
  cells: CellResult[];
  /** Parse and evaluation diagnostics, in source order. */
  diagnostics: Diagnostic[];
  /** Whether evaluation stopped early on a bound (node count or time). */
  stoppedByBound: 'nodes' | 'time' | null;
}

export interface EvalOptions {
  /** Largest number of graph nodes one evaluation may create (default 200,000). */
  maxNodes?: number;
  /** Longest time one evaluation may run, in milliseconds (default 2,000). */
  timeBudgetMs?: number;
  /** Check every cell's gradients against central differences (what `gradlens check` does). */
  checkGradients?: boolean;
}

/** One leaf's gradient, as the cell shows it, beside a central-difference estimate. */
export interface LeafCheck {
  node: number;
  label: string;
  /**
   * The gradient the cell shows: d(output)/d(leaf) by backpropagation, or the leaf's
   * own .grad where the cell handles gradients itself (backward(), grads set by hand).
   */
  analytic: number;
  numeric: number;
  /** |analytic - numeric| within the check's tolerance. */
  ok: boolean;
}

export interface CellCheck {
  cell: number;
  /** A leaf passes when |analytic − numeric| ≤ tolerance · max(1, |analytic|, |numeric|). */
  tolerance: number;
  leaves: LeafCheck[];
}
