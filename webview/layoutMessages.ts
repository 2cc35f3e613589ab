import type { GraphColumns } from '../src/graph/columns';
import type { Rankdir } from '../src/shared/protocol';
import type { ReplayAnswer, ReplayFailed, ReplayRequest } from './stepMessages';

// What the page and its layout worker (graphWorker.ts) say to each other. The worker
// holds the graph's columns and Graphviz; the page holds the DOM.

export type GraphViewKind = 'summary' | 'neighbourhood';

export interface LayoutRequest {
  type: 'layout';
  id: number;
  /** Sent only when the graph is new to this worker (a new update, or a restarted worker). */
  columns?: GraphColumns;
  view: GraphViewKind;
  /** The Value the neighbourhood is around (a node id); the output when null or absent. */
  focus: number | null;
  k: number;
  budget: number;
  expanded: string[];
  collapsed: string[];
  rankdir: Rankdir;
  precision: number;
  /** Label each operand edge with its local derivative. */
  edgeDerivatives: boolean;
  /** Lay out again even if the drawing's structure is the one on screen. */
  force: boolean;
  /**
   * The id of the answer whose drawing the page shows, or null: numbers are patched only
   * into that drawing (the page may have ignored a later, abandoned one).
   */
  onScreen: number | null;
}

/** Warms Graphviz up before the first graph arrives. */
export interface WarmRequest {
  type: 'warm';
}

/** A standalone SVG document of `dot` (for export). */
export interface ExportRequest {
  type: 'export';
  id: number;
  dot: string;
}

export type WorkerRequest = LayoutRequest | WarmRequest | ExportRequest | ReplayRequest;

/** What a DOT node of the drawing stands for, with what the page shows about it. */
export type DrawnItem =
  | { dotId: string; kind: 'value'; id: number; label: string; name: string; data: number; grad: number; op: string | null; isOp: boolean; leaf: boolean; hasSource: boolean }
  | { dotId: string; kind: 'group'; key: string; title: string; values: number }
  | { dotId: string; kind: 'cluster'; key: string; title: string; values: number };

export interface DrawingFacts {
  /** Every row drawn, no group: the lecture's picture. */
  whole: boolean;
  view: GraphViewKind;
  /** Values in the graph. */
  total: number;
  /** Nodes drawn (records, op nodes, groups, boxes). */
  drawn: number;
  /** Values not drawn (inside closed groups, or outside the neighbourhood). */
  hidden: number;
  budget: number;
  /** Expanded keys that could not be honoured. */
  refused: string[];
  /** The output's DOT id when it is drawn. */
  output: string | null;
  /** Graphviz runs this worker has made, for tests: a numbers-only edit makes none. */
  layouts: number;
  /** Where the worker's time went, in ms: the view (summary), its DOT, Graphviz (0 when patched). */
  ms: { view: number; dot: number; graphviz: number };
}

/** A new drawing. */
export interface DrawnAnswer {
  type: 'drawn';
  id: number;
  svg: string;
  dot: string;
  items: DrawnItem[];
  facts: DrawingFacts;
}

/**
 * The same drawing with other numbers: for each DOT node whose numbers changed, its new
 * numbers in the order they appear in its text ("data", "grad", "|grad|" fields).
 */
export interface PatchedAnswer {
  type: 'patched';
  id: number;
  dot: string;
  patches: { dotId: string; numbers: string[] }[];
  items: DrawnItem[];
  facts: DrawingFacts;
}

export interface FailedAnswer {
  type: 'failed';
  id: number;
  message: string;
}

export interface ExportAnswer {
  type: 'exported';
  id: number;
  svg: string;
}

export type WorkerAnswer = DrawnAnswer | PatchedAnswer | FailedAnswer | ExportAnswer | ReplayAnswer | ReplayFailed;

/** The answers to a layout request (the others answer an export or a replay). */
export type LayoutAnswer = DrawnAnswer | PatchedAnswer | FailedAnswer;

/**
 * A number in a drawn label, after "data ", "grad " or "|grad| ": what a numbers-only
 * edit changes. Python's spelling of non-finite numbers (`nan`, `inf`) included.
 */
export const NUMBER_FIELD = /(data |grad |\|grad\| )(-?(?:\d+(?:\.\d+)?(?:e[+-]?\d+)?|inf|nan))/g;
