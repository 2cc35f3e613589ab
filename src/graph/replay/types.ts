import type { GraphColumns } from '../columns';

// The shapes of a replay. A replay of a 66,000-row training step (or a 1,000,000-row
// chain) is kept as typed arrays, built in one pass; a step's objects, with their
// formulas, are made only when the panel asks for that step (steps.ts).

/** How backward() combines a contribution with the grad already there. */
export type GradRule =
  /** micrograd's `self.grad += ...`: contributions add up. */
  | 'add'
  /** The lecture's first, wrong, `self.grad = ...`: each contribution replaces the last. */
  | 'assign';

export interface BackwardOptions {
  rule?: GradRule;
}

/**
 * micrograd's `backward()` on a graph, recorded. Its steps, numbered from 0:
 *
 * - `0 .. topo.length - 1`: build_topo appends `topo[k]` at position k;
 * - `topo.length`: the seed, `self.grad = 1` on the output;
 * - `topo.length + 1 + j`: `_backward()` of `topo[topo.length - 1 - j]`, the j-th node
 *   of `reversed(topo)`. Every node gets its step, leaves too: micrograd calls each
 *   node's `_backward`, and a leaf's does nothing (its step has no terms), which is when
 *   a learner sees that its grad is final.
 *
 * Every grad change is a "change": change 0 is the seed, change t + 1 is term t. Terms
 * of backward step j are `termStart[j] .. termStart[j + 1]`, in operand order (for
 * `a + a`, two terms to the same row).
 */
export interface BackwardReplay {
  columns: GraphColumns;
  rule: GradRule;
  /** Rows in build_topo's order, output last. */
  topo: Int32Array;
  /** Per row: its index in `topo`, or -1 when the output does not depend on it. */
  topoIndex: Int32Array;
  /** 2 · topo.length + 1 (none for an empty graph). */
  stepCount: number;
  /** Per backward step j: the node's grad when its `_backward` ran (the upstream grad). */
  nodeGrad: Float64Array;
  /** Per backward step j, length topo.length + 1: where its terms start. */
  termStart: Int32Array;
  /** Per term: the input row that receives it, and which operand (0, 1) that is. */
  termRow: Int32Array;
  termWhich: Uint8Array;
  /** Per term: the local derivative ∂node/∂input (ops.localGrads). */
  termLocal: Float64Array;
  /**
   * Per term: what accumulateGrad adds (or, with `assign`, sets), computed by
   * accumulateGrad itself, so it is bit for bit the engine's term: for `/` the second is
   * `-pow(y,-2) * (x*g)`, not local·g.
   */
  termValue: Float64Array;
  /** Per change (0: the seed, t + 1: term t): its row's grad before and after. */
  changeRow: Int32Array;
  changeBefore: Float64Array;
  changeAfter: Float64Array;
  /** Terms (indices) that overwrote a nonzero grad: the lost contributions (`assign` only). */
  lost: Int32Array;
  /** Every row's grad at the end of the walk. */
  grad: Float64Array;
}

/** One term of the chain rule: `∂L/∂a += ∂L/∂e · ∂e/∂a`. */
export interface ChainTerm {
  /** Index of the term in the replay's term arrays. */
  index: number;
  /** The input row that receives it. */
  row: number;
  /** Which operand of the node the input is (0 or 1). */
  which: 0 | 1;
  /** ∂node/∂input over the operands' names (ops.localGradFormula): `b`, `1 - o²`. */
  formula: string;
  /** ∂node/∂input's value. */
  local: number;
  /** The node's grad, ∂L/∂node. */
  upstream: number;
  /** What the term adds (or sets). */
  value: number;
  gradBefore: number;
  gradAfter: number;
  /** `assign` only: this term overwrote a nonzero grad, and that contribution is lost. */
  lost: boolean;
}

export type ReplayStep =
  | { kind: 'topo'; index: number; row: number; position: number }
  | { kind: 'seed'; index: number; row: number; gradBefore: number; gradAfter: number }
  | {
      kind: 'backward';
      index: number;
      row: number;
      /** Position in reversed(topo): 0 is the output. */
      position: number;
      /** The node's grad as its `_backward` runs. */
      grad: number;
      /** Empty for a leaf or a constant: its `_backward` does nothing. */
      terms: ChainTerm[];
    };

/** micrograd's forward pass, one step per row, in the order the Values were made. */
export interface ForwardStep {
  index: number;
  row: number;
  /** The op's label (`+`, `tanh`, `**2`), or null for a leaf or constant. */
  op: string | null;
  /** Input rows in operand order (empty for a leaf). */
  inputs: number[];
  /** The inputs' data, in the same order. */
  inputData: number[];
  /** The row's data, as computed. */
  data: number;
}
