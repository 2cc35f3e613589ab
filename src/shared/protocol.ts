import type { CellGraph, GraphNode, NodeKind } from '../graph/model';

// The messages between the extension host and the graph webview, and the state the
// webview persists. Both sides import this module, so a change of shape is a compile
// error on both sides rather than a silent mismatch at run time. Everything here is
// plain JSON: postMessage clones it, and getState/setState store it.

export type Rankdir = 'LR' | 'TB';

export interface CellInfo {
  /** 0-based position of the cell in the document. */
  index: number;
  /** What the cell picker shows: the `# %%` marker's title or a fallback like "Cell 2". */
  title: string;
  /** Whether the cell ends in an expression that has a graph. */
  hasOutput: boolean;
}

export interface GraphSettings {
  /** Digits after the decimal point for data and grad. */
  precision: number;
  rankdir: Rankdir;
}

// ---- host → webview -------------------------------------------------------------------

/** A new evaluation, a different cell, or new settings: everything the panel draws. */
export interface UpdateMessage {
  type: 'update';
  /** The document's URI as a string (`uri.toString()`). */
  uri: string;
  /** The document version the graph was evaluated from; older versions are dropped. */
  version: number;
  cells: CellInfo[];
  /** Index of the shown cell (one of `cells`). */
  cell: number;
  /** The shown cell's graph, or null when the cell has no output. */
  graph: CellGraph | null;
  /** Node ids to emphasise: the variable under the cursor. */
  highlight: number[];
  settings: GraphSettings;
}

/** The cursor moved: emphasise other nodes of the graph already shown, without a re-render. */
export interface HighlightMessage {
  type: 'highlight';
  ids: number[];
}

/**
 * The last evaluation failed. The panel shows the messages and keeps the last good
 * graph visible; the next `update` clears them.
 */
export interface EvaluationErrorMessage {
  type: 'error';
  uri: string;
  version: number;
  messages: string[];
}

export type HostToWebviewMessage = UpdateMessage | HighlightMessage | EvaluationErrorMessage;

// ---- webview → host -------------------------------------------------------------------

/** The webview's script is listening; the host answers with an `update`. */
export interface ReadyMessage {
  type: 'ready';
}

/** A node was clicked: the host moves the editor to the node's `definedAt` range. */
export interface RevealMessage {
  type: 'reveal';
  /** The graph the click happened in, so the host can ignore a click on a stale graph. */
  uri: string;
  version: number;
  nodeId: number;
}

/** The user picked another cell in the cell picker. */
export interface SelectCellMessage {
  type: 'selectCell';
  index: number;
}

/** The user switched the layout direction. */
export interface SetRankdirMessage {
  type: 'setRankdir';
  rankdir: Rankdir;
}

export type ExportFormat = 'svg' | 'dot';

/** Export: the host asks where to save and writes `content` there. */
export interface SaveMessage {
  type: 'save';
  format: ExportFormat;
  content: string;
  /** A file name to propose, without a folder (e.g. `loss-cell-1.svg`). */
  suggestedName: string;
}

/** The host writes `text` to the clipboard (a webview cannot always do so itself). */
export interface CopyMessage {
  type: 'copy';
  text: string;
}

/** An uncaught error inside the webview, for the host to log. */
export interface WebviewErrorMessage {
  type: 'error';
  message: string;
  stack?: string;
}

export type WebviewToHostMessage =
  | ReadyMessage
  | RevealMessage
  | SelectCellMessage
  | SetRankdirMessage
  | SaveMessage
  | CopyMessage
  | WebviewErrorMessage;

// ---- persisted state --------------------------------------------------------------------

/**
 * What `vscode.setState` keeps across a hidden panel or a window reload, and what the
 * host's `WebviewPanelSerializer` receives to reopen the panel on the same file and cell.
 */
export interface WebviewState {
  uri: string;
  cell: number;
  /** Scale of the graph; 1 is Graphviz's natural size. */
  zoom: number;
  /** Offset of the graph's top-left corner from the panel's, in CSS pixels. */
  pan: { x: number; y: number };
  rankdir: Rankdir;
}

// ---- guards -----------------------------------------------------------------------------
// A message crosses a process boundary untyped; these check its shape before either
// side trusts it. The host's guard matters most: a webview is a web page.

type Fields = Record<string, unknown>;

function isObject(x: unknown): x is Fields {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x);
}

function isIndex(x: unknown): x is number {
  return isInt(x) && x >= 0;
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** data and grad may be NaN or ±Infinity, which a structured clone keeps. */
function isNumber(x: unknown): x is number {
  return typeof x === 'number';
}

function isString(x: unknown): x is string {
  return typeof x === 'string';
}

function isArrayOf<T>(x: unknown, item: (v: unknown) => v is T): x is T[] {
  return Array.isArray(x) && x.every(item);
}

export function isRankdir(x: unknown): x is Rankdir {
  return x === 'LR' || x === 'TB';
}

function isNodeKind(x: unknown): x is NodeKind {
  return x === 'leaf' || x === 'constant' || x === 'result';
}

function isRange(x: unknown): boolean {
  return isObject(x) && isIndex(x.start) && isIndex(x.end) && x.start <= x.end;
}

function isGraphNode(x: unknown): x is GraphNode {
  return (
    isObject(x) &&
    isIndex(x.id) &&
    isString(x.label) &&
    isNumber(x.data) &&
    isNumber(x.grad) &&
    isNodeKind(x.kind) &&
    (x.op === null || isString(x.op)) &&
    isArrayOf(x.inputs, isIndex) &&
    isArrayOf(x.names, isString) &&
    (x.definedAt === null || isRange(x.definedAt))
  );
}

export function isCellGraph(x: unknown): x is CellGraph {
  if (!isObject(x) || !isIndex(x.output) || !isArrayOf(x.nodes, isGraphNode)) return false;
  const ids = new Set(x.nodes.map((n) => n.id));
  // Every edge must point at a node that is there, or the drawing would invent nodes.
  return ids.has(x.output) && x.nodes.every((n) => n.inputs.every((i) => ids.has(i)));
}

function isCellInfo(x: unknown): x is CellInfo {
  return isObject(x) && isIndex(x.index) && isString(x.title) && typeof x.hasOutput === 'boolean';
}

function isSettings(x: unknown): x is GraphSettings {
  return isObject(x) && isFiniteNumber(x.precision) && isRankdir(x.rankdir);
}

export function isHostToWebviewMessage(x: unknown): x is HostToWebviewMessage {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'update':
      return (
        isString(x.uri) &&
        isInt(x.version) &&
        isArrayOf(x.cells, isCellInfo) &&
        isIndex(x.cell) &&
        (x.graph === null || isCellGraph(x.graph)) &&
        isArrayOf(x.highlight, isIndex) &&
        isSettings(x.settings)
      );
    case 'highlight':
      return isArrayOf(x.ids, isIndex);
    case 'error':
      return isString(x.uri) && isInt(x.version) && isArrayOf(x.messages, isString);
    default:
      return false;
  }
}

export function isWebviewToHostMessage(x: unknown): x is WebviewToHostMessage {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'ready':
      return true;
    case 'reveal':
      return isString(x.uri) && isInt(x.version) && isIndex(x.nodeId);
    case 'selectCell':
      return isIndex(x.index);
    case 'setRankdir':
      return isRankdir(x.rankdir);
    case 'save':
      return (x.format === 'svg' || x.format === 'dot') && isString(x.content) && isString(x.suggestedName);
    case 'copy':
      return isString(x.text);
    case 'error':
      return isString(x.message) && (x.stack === undefined || isString(x.stack));
    default:
      return false;
  }
}

export function isWebviewState(x: unknown): x is WebviewState {
  return (
    isObject(x) &&
    isString(x.uri) &&
    isIndex(x.cell) &&
    isFiniteNumber(x.zoom) &&
    x.zoom > 0 &&
    isObject(x.pan) &&
    isFiniteNumber(x.pan.x) &&
    isFiniteNumber(x.pan.y) &&
    isRankdir(x.rankdir)
  );
}
