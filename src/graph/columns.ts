// A cell's whole output graph, whatever its size, in columns: what the panel summarises
// and lays out. A training step of micrograd's demo makes about 66,000 Values; as
// objects (model.ts) that is megabytes of JSON and seconds of garbage, as typed arrays it
// is a few copies that cross to the webview without serialising each number.
//
// Rows are Values in topological order (every row's inputs come before it). Scopes say
// where the program was when it made each row: which call of which function or method,
// which iteration of which loop. They are what the summary groups by, so the groups are
// named by the code itself (`MLP.__call__` holds `Layer.__call__` holds `Neuron.__call__`).

export const enum RowKind {
  /** A Value the user made: `a = 2.0`, `Value(2.0, label='a')`. */
  Leaf = 0,
  /** A number written inside an expression: the `2` of `2 * x`. */
  Constant = 1,
  /** The result of an operation. */
  Result = 2,
}

export const enum ScopeKind {
  /** The cell's top level: scope 0, the root, and only it. */
  Cell = 0,
  /** One call of a function, method or lambda the program defines (`Neuron.__call__`). */
  Call = 1,
  /** One iteration of a `for` or `while` loop (a comprehension is not a scope: its caller's). */
  Iteration = 2,
}

export interface ScopeColumns {
  size: number;
  /** The enclosing scope's index; -1 for the root (index 0, the cell). */
  parent: Int32Array;
  kind: Uint8Array;
  /** Index into `names`: `MLP.__call__`, `loss`, `for k in range(100)`. */
  name: Int32Array;
  /** Which call or iteration this is among its parent's scopes of the same site, from 0. */
  index: Int32Array;
  /** Index into `GraphColumns.sites` of the call expression or the loop header; -1 for none. */
  site: Int32Array;
  names: string[];
}

/** A source range the graph points at: an expression that made Values, a call, a loop. */
export interface GraphSite {
  start: number;
  end: number;
}

export interface GraphColumns {
  /** Number of rows (Values). */
  size: number;
  /** The output's row (the graph is everything it depends on). */
  output: number;
  /** Each row's node id: the serial hovers, highlights and reveals name Values by. */
  id: Float64Array;
  data: Float64Array;
  grad: Float64Array;
  /** Rows of the first and second inputs; -1 where there is none. Operand order, so `a + a` has a twice. */
  input0: Int32Array;
  input1: Int32Array;
  /** Index into `ops` (`+`, `*`, `tanh`, `**2`); -1 for a leaf or constant. */
  op: Int32Array;
  /** A RowKind. */
  kind: Uint8Array;
  /** Index into `labels`: the lecture's label (a name, `label='...'`, a constant's text, the source text). */
  label: Int32Array;
  /** Index into `sites` of the expression that made the row; -1 for none (library code, no source). */
  site: Int32Array;
  /**
   * Index into `scopes` of the scope the row was made in; 0 is the cell's top level.
   * Rows an earlier cell made (a model's parameters, made in `Neuron.__init__`) keep
   * their scopes, whose outermost hangs from the root.
   */
  scope: Int32Array;
  ops: string[];
  /**
   * The engine's Op of each entry of `ops`. A label does not say it alone: `/` is
   * micrograd's Value division (Op.Div, `a * b**-1`) and also the short form's division
   * of plain numbers (Op.TrueDiv), whose derivatives round differently.
   */
  opCodes: number[];
  labels: string[];
  sites: GraphSite[];
  /** Variable names bound to rows at the end of the cell (few: the module's variables). */
  names: { row: number; names: string[] }[];
  scopes: ScopeColumns;
}
