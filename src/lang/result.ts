import type { GraphColumns } from '../graph/columns';
import type { CellGraph, GraphNode } from '../graph/model';
import type { Diagnostic } from './diagnostics';
import type { SourceRange } from './source';

/** A number pair as it stood at the end of a cell. */
export interface ValueSnapshot {
  data: number;
  grad: number;
}

/**
 * An identifier in the module's code and what it held there: a Value's node, or for
 * any other value (a number, a list, a model) a short description of it.
 */
export interface NameReference {
  name: string;
  range: SourceRange;
  /** The Value's node id, or null when the name held something else. */
  node: number | null;
  /** What a non-Value held, as a short text (`list of 4: [1.0, -1.0, …]`); null for a Value. */
  display: string | null;
}

/** A statement that bound or changed a variable, for inline values. */
export interface Binding {
  name: string;
  /** The whole statement (for a loop's variable, the loop's header). */
  range: SourceRange;
  /** The Value it bound last, or null when it bound something else (see display) or never ran. */
  node: number | null;
  /** What it bound last if not a Value, as a short text; null for a Value or when it never ran. */
  display: string | null;
  /** `x = ...` binds a name; `x.data = ...`, `x.grad = ...`, `x.label = ...` change a Value. */
  kind: 'name' | 'attribute';
  /**
   * The Value's data just after this statement last ran: in the optimisation step a
   * leaf's data changes later in the same cell, and a line should show what it made.
   */
  data: number;
  /** How many times the statement ran: more than once inside a loop or a function. */
  count: number;
  /** Inside a def: its numbers are the last call's, from anywhere in the file. */
  inFunction: boolean;
  /** The def or lambda whose local it binds (a hover on the name inside it shows this); null at the module level. */
  scope: SourceRange | null;
  /** The numbers it bound (a Value's data), for a site that bound two or more; else null. */
  history: ValueHistory | null;
}

/** What one assignment site bound over its runs: in a loop, the loss falling. */
export interface ValueHistory {
  first: number;
  last: number;
  min: number;
  max: number;
  /** How many numbers it bound. */
  count: number;
  /** At most 200 values, evenly sampled, first and last included. */
  samples: number[];
}

/** A number assigned or printed at the iterations of a cell's top-level loop. */
export interface Series {
  /** `total_loss.data`, `loss`, `acc`: the name assigned or the printed expression's source. */
  label: string;
  /** The assignment or print argument. */
  range: SourceRange;
  /** The loop's header. */
  loop: SourceRange;
  /** One per iteration, at most 10,000 (then evenly sampled; steps says which). */
  values: number[];
  /** The iteration (from 0) each value is from. */
  steps: number[];
}

export type Plot =
  | { kind: 'line'; title: string; range: SourceRange; xs: number[] | null; ys: number[] }
  | { kind: 'scatter'; title: string; range: SourceRange; xs: number[]; ys: number[]; classes: number[] | null }
  | {
    kind: 'boundary'; title: string; range: SourceRange; xs: number[]; ys: number[]; classes: number[];
    grid: {
      xMin: number; xMax: number; yMin: number; yMax: number; columns: number; rows: number;
      /** The model's output at each grid point, row-major from (xMin, yMin). */
      values: number[];
    };
  };

/** The last `.parameters()` list a cell's top level made: its Values' data and grads at the cell's end. */
export interface ParameterStrip {
  /** The call's source, `model.parameters()`. */
  label: string;
  range: SourceRange;
  data: number[];
  grad: number[];
}

/** What EvalOptions.onProgress receives while a cell's top-level loop runs. */
export interface EvalProgress {
  cell: number;
  /** The outermost running loop's header. */
  loop: SourceRange | null;
  /** Iterations done. */
  step: number;
  /** The loop's length when known (a range, a list, a tuple), else null. */
  total: number | null;
  /** The cell's series so far (fresh arrays: the callback may post them to another thread). */
  series: Series[];
}

/** A def or class for the Outline, with its methods. */
export interface DefinitionSymbol {
  kind: 'function' | 'class' | 'method';
  name: string;
  /** The whole definition. */
  range: SourceRange;
  /** The name after `def` or `class`. */
  selectionRange: SourceRange;
  children: DefinitionSymbol[];
}

/** A `x.backward()` call, for inline values. */
export interface BackwardCall {
  /** The call, `L.backward()`. */
  range: SourceRange;
  /** The root's name, else its label. */
  root: string;
  /** How many times the call ran. */
  count: number;
  /**
   * Whether some node below the root already had a grad: the call added to it, as
   * micrograd does, rather than starting from zero (the lecture's reason for zero_grad).
   */
  accumulated: boolean;
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
  /** Each line print(...) wrote, in order (at most 10,000; see printedDropped). */
  printed: PrintedLine[];
  /** Lines printed past the limit, counted but not kept. */
  printedDropped: number;
  backwardCalls: BackwardCall[];
  /** The output's graph at the end of the cell; null when there is no output or it is larger than maxGraphNodes. */
  graph: CellGraph | null;
  /** How many Values the output's graph has (0 without an output), kept or not. */
  graphSize: number;
  /**
   * The output's whole graph in columns, with the calls and loop iterations that made
   * each Value, whatever its size (maxNodes bounds it, not maxGraphNodes): what the
   * panel summarises. Typed arrays, so it crosses to a worker or webview by structured
   * clone without a copy per number. Null when the cell has no output, or when the
   * cells before it already kept twice maxNodes rows between them (a chain carried
   * through many cells would otherwise be copied whole once per cell).
   */
  columns: GraphColumns | null;
  /**
   * The nodes hovers and inline values read, at the end of the cell: the output's
   * graph (when kept), every Value the cell bound or read, and those Values' inputs.
   */
  nodes: GraphNode[];
  references: NameReference[];
  bindings: Binding[];
  /** The functions and classes the cell defines, in order. */
  definitions: DefinitionSymbol[];
  /**
   * In a cell that leaves gradients to GradLens (ownsGradients false), the nodes whose
   * own .grad field, what `x.grad` reads, is not the gradient shown: an earlier cell's
   * backward() set it. Hovers show both, since `a.data += 0.01 * a.grad` reads the field.
   */
  gradFields: { node: number; grad: number }[];
  /** Each leaf's analytic gradient beside a numerical one, when EvalOptions.checkGradients asked. */
  check: CellCheck | null;
  /** Numbers assigned or printed at every iteration of the cell's top-level loops. */
  series: Series[];
  /** What plot(), scatter() and plot_boundary() recorded, in order. */
  plots: Plot[];
  /** The last `.parameters()` list the cell's top-level code made, or null. */
  parameters: ParameterStrip | null;
}

export interface EvalResult {
  cells: CellResult[];
  /** Parse and evaluation diagnostics, in source order. */
  diagnostics: Diagnostic[];
  /** Whether evaluation stopped early on a bound (node count, time, or memory: MAX_HEAP_GROWTH_MB). */
  stoppedByBound: 'nodes' | 'time' | 'memory' | null;
}

export interface EvalOptions {
  /** Largest number of graph nodes one evaluation may create (default 200,000). */
  maxNodes?: number;
  /** Most the JS heap may grow in one evaluation, in MB (default MAX_HEAP_GROWTH_MB, 1,024; Node only). */
  maxMemoryMb?: number;
  /** Longest time one evaluation may run, in milliseconds (default 2,000). */
  timeBudgetMs?: number;
  /**
   * Check gradients against central differences: `true` for every cell (what
   * `gradlens check` does), a cell index for that cell only (the CodeLens).
   */
  checkGradients?: boolean | number;
  /**
   * Largest output graph a cell keeps for drawing (default 2,000 values). Graphviz needs
   * seconds beyond it, and keeping every cell's graph would make a long chain carried
   * through many cells quadratic; graphSize still says how big it is.
   */
  maxGraphNodes?: number;
  /**
   * Called while a cell's top-level loop runs, at an iteration's end (never inside an
   * expression), at most every progressIntervalMs.
   */
  onProgress?: (p: EvalProgress) => void;
  /** Least time between two onProgress calls, in milliseconds (default 100). */
  progressIntervalMs?: number;
}

/** One Value's gradient, as the cell shows it, beside a central-difference estimate. */
export interface ValueCheck {
  node: number;
  label: string;
  /** The source that made the Value: a label can repeat when a name is rebound (`h = h * h`). */
  definedAt: SourceRange | null;
  /**
   * The gradient the cell shows: d(output)/d(value) by backpropagation, or the Value's
   * own .grad where the cell handles gradients itself (backward(), grads set by hand).
   */
  shown: number;
  /** d(output)/d(value) by nudging the value up and down by a small step. */
  numeric: number;
  /** |shown − numeric| within the check's tolerance. */
  ok: boolean;
}

export interface CellCheck {
  cell: number;
  /**
   * Why nothing was checked, when so: the graph is too large to nudge value by value
   * (each nudge recomputes the graph), or its data changed after backward() (an
   * optimisation step) so the gradients shown belong to the data before the step.
   */
  skipped: { reason: 'too-large' | 'stale'; size: number } | null;
  /** A value passes when |shown − numeric| ≤ tolerance · max(1, |shown|, |numeric|). */
  tolerance: number;
  /**
   * Every Value of the output's graph but the constants, inputs first: the leaves and
   * the intermediate results too, whose grads the lecture sets by hand.
   */
  values: ValueCheck[];
}
