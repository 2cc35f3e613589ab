import type { StepMode } from '../src/shared/protocol';

// What the layout worker answers when the page asks to step through the drawing on
// screen: the replay (src/graph/replay/) turned into what the page shows at each step,
// in the drawing's own terms (DOT ids), with every text already written, so the page
// only places it. Plain data: it crosses from the worker by structured clone.

/** One chain-rule term a step adds into an input's grad, under both rules. */
export interface StepTerm {
  /** The input's record (`n12`) and its node id. */
  dotId: string;
  nodeId: number;
  /** `∂L/∂a += ∂L/∂e · ∂e/∂a = -2 · -3 = 6`. */
  text: string;
  /** The local derivative's formula, `∂e/∂a = b`. */
  formula: string;
  /** The input's grad before and after the term, as micrograd's `+=` leaves it. */
  before: number;
  after: number;
  /** The same under `=` (micrograd's early bug): what the grad was and became. */
  wrongBefore: number;
  wrongAfter: number;
  /** Under `=`, this assignment overwrote a contribution already there. */
  lost: boolean;
}

/** Numbers a step writes into a drawn record (or a closed group's first output). */
export interface StepWrite {
  dotId: string;
  /** The data now known (a forward step); null shows it blank (not yet computed). */
  data?: number | null;
  /** The grad under `+=`, and under `=`. */
  grad?: number;
  wrong?: number;
}

export type StepKind = 'topo' | 'seed' | 'node' | 'leaf' | 'forward' | 'group' | 'done';

export interface ReplayStep {
  kind: StepKind;
  /** One line: `o = tanh(n): its _backward`. */
  title: string;
  /** Why, in a sentence or two. */
  detail: string[];
  /** The DOT id drawn as the current node (a record or a closed group's node). */
  dotId: string | null;
  /** The Value whose source the editor marks; null for a group. */
  nodeId: number | null;
  /** A closed group's key: the card offers to open it. */
  groupKey: string | null;
  /** Keys of the open groups the current node is drawn inside, innermost first. */
  within: string[];
  /** DOT ids of the current node's inputs (marked in the drawing). */
  inputs: string[];
  terms: StepTerm[];
  writes: StepWrite[];
  /** A topological-order step: the number its node gets (1 for the first appended). */
  order: number | null;
  /**
   * A summary's step under `=`: how many contributions to the Values of this item
   * micrograd's early bug overwrote, over the whole walk. Shown when the walks are compared.
   */
  lostInside?: number;
}

export interface ReplayRequest {
  type: 'replay';
  id: number;
  mode: StepMode;
  /** The answer whose drawing is on screen: the walk is of that very view. */
  drawing: number;
  precision: number;
}

export interface ReplayAnswer {
  type: 'replayed';
  id: number;
  mode: StepMode;
  /** The drawing walked: every Value drawn (else a summary's groups). */
  whole: boolean;
  /** What every record shows before the first step. */
  initial: StepWrite[];
  steps: ReplayStep[];
}

export interface ReplayFailed {
  type: 'replayFailed';
  id: number;
  message: string;
}
