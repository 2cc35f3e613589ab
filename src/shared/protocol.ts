import type { CellGraph, GraphNode, NodeKind } from '../graph/model';

// The messages between the extension host and the graph webview, and the state the
// webview persists. Both sides import this module, so a change of shape is a compile
// error on both sides rather than a silent mismatch at run time. Everything here must
// survive JSON: VS Code serialises webview messages with JSON.stringify, which turns
// NaN and ±Infinity into null, so those cross as strings (see WireNumber).

export type Rankdir = 'LR' | 'TB';

export interface CellInfo {
  /** 0-based position of the cell in the document. */
  index: number;
  /** What the cell picker shows: the `# %%` marker's title or a fallback like "Cell 2". */
  title: string;
  /**
   * Whether the cell has an output, and so a graph. The output is what the cell's last
   * backward() was called on; without one, what its last draw_dot() drew; without
   * that, the Value of its last `name = ...` or expression statement; failing all
   * three, of the Values whose data, grad or label it set, the one made last.
   */
  hasOutput: boolean;
}

export interface GraphSettings {
  /** Digits after the decimal point for data and grad. */
  precision: number;
  rankdir: Rankdir;
}

// ---- numbers on the wire --------------------------------------------------------------

/**
 * A number as it crosses to the webview. A NaN from log(-2) or an overflow to Infinity
 * is a value the learner must see, and JSON has no spelling for it.
 */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** A graph node with data and grad in their wire form. */
export type WireGraphNode = Omit<GraphNode, 'data' | 'grad'> & { data: WireNumber; grad: WireNumber };

export interface WireCellGraph {
  output: number;
  nodes: WireGraphNode[];
}

export function encodeNumber(x: number): WireNumber {
  if (Number.isFinite(x)) return x;
  return Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity';
}

export function decodeNumber(x: WireNumber): number {
  return typeof x === 'number' ? x : Number(x);
}

/** The graph in wire form. Almost every graph is all finite and goes as it is, uncopied. */
export function encodeGraph(graph: CellGraph): WireCellGraph {
  const finite = (n: GraphNode): boolean => Number.isFinite(n.data) && Number.isFinite(n.grad);
  if (graph.nodes.every(finite)) return graph;
  return {
    output: graph.output,
    nodes: graph.nodes.map((n) => (finite(n) ? n : { ...n, data: encodeNumber(n.data), grad: encodeNumber(n.grad) })),
  };
}

export function decodeGraph(graph: WireCellGraph): CellGraph {
  return {
    output: graph.output,
    nodes: graph.nodes.map((n) => ({ ...n, data: decodeNumber(n.data), grad: decodeNumber(n.grad) })),
  };
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
  /** The shown cell's graph (wire form: see `decodeGraph`), or null when the cell has no output or it is too large. */
  graph: WireCellGraph | null;
  /**
   * How many Values the cell's output graph has, drawn or not: with `graph` null and
   * this above 0, the graph is too large to lay out (src/lang's maxGraphNodes).
   */
  graphSize: number;
  /** Node ids to emphasise: the variable under the cursor. */
  highlight: number[];
  settings: GraphSettings;
  /**
   * The cell's last good graph sent again (new settings, a page that reloaded) while
   * the document's newer version has an error, which an `error` message repeats next.
   * Its `version` is then older than that error's: the page must take it all the same,
   * and keep the error's banner up.
   */
  kept: boolean;
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

function isWireNumber(x: unknown): x is WireNumber {
  return isFiniteNumber(x) || x === 'NaN' || x === 'Infinity' || x === '-Infinity';
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

function isCellInfo(x: unknown): x is CellInfo {
  return isObject(x) && isIndex(x.index) && isString(x.title) && typeof x.hasOutput === 'boolean';
}

function isSettings(x: unknown): x is GraphSettings {
  return isObject(x) && isFiniteNumber(x.precision) && isRankdir(x.rankdir);
}

// The host-to-webview checks say what is wrong, not only that something is: a rejected
// update leaves the panel on an old graph, and the log must tell why.

/** Where a value is wrong (`.nodes[3].data`, from the value checked) and how. */
interface Flaw {
  at: string;
  why: string;
}

type Check = (x: unknown) => Flaw | null;

function must(ok: (x: unknown) => boolean): Check {
  return (x) => (ok(x) ? null : { at: '', why: `is ${preview(x)}` });
}

/** Checks each named field; the first that fails is the flaw. */
function fields(checks: Record<string, Check>): Check {
  return (x) => {
    if (!isObject(x)) return { at: '', why: `is ${preview(x)}, not an object` };
    for (const [name, check] of Object.entries(checks)) {
      const flaw = check(x[name]);
      if (flaw !== null) return { at: `.${name}${flaw.at}`, why: flaw.why };
    }
    return null;
  };
}

function arrayOf(item: Check): Check {
  return (x) => {
    if (!Array.isArray(x)) return { at: '', why: `is ${preview(x)}, not an array` };
    for (let i = 0; i < x.length; i++) {
      const flaw = item(x[i]);
      if (flaw !== null) return { at: `[${i}]${flaw.at}`, why: flaw.why };
    }
    return null;
  };
}

const graphShape = fields({
  output: must(isIndex),
  nodes: arrayOf(
    fields({
      id: must(isIndex),
      label: must(isString),
      data: must(isWireNumber),
      grad: must(isWireNumber),
      kind: must(isNodeKind),
      op: must((x) => x === null || isString(x)),
      inputs: must((x) => isArrayOf(x, isIndex)),
      names: must((x) => isArrayOf(x, isString)),
      definedAt: must((x) => x === null || isRange(x)),
    }),
  ),
});

const cellGraph: Check = (x) => {
  const flaw = graphShape(x);
  if (flaw !== null) return flaw;
  const { output, nodes } = x as WireCellGraph;
  const ids = new Set(nodes.map((n) => n.id));
  // Every edge must point at a node that is there, or the drawing would invent nodes.
  if (!ids.has(output)) return { at: '.output', why: `${output} is not among the nodes` };
  const open = nodes.findIndex((n) => !n.inputs.every((i) => ids.has(i)));
  return open < 0 ? null : { at: `.nodes[${open}].inputs`, why: 'names a node that is not among the nodes' };
};

const HOST_MESSAGES: Record<HostToWebviewMessage['type'], Check> = {
  update: fields({
    uri: must(isString),
    version: must(isInt),
    cells: must((x) => isArrayOf(x, isCellInfo)),
    cell: must(isIndex),
    graph: (x) => (x === null ? null : cellGraph(x)),
    graphSize: must(isIndex),
    highlight: must((x) => isArrayOf(x, isIndex)),
    settings: must(isSettings),
    kept: must((x) => typeof x === 'boolean'),
  }),
  highlight: fields({ ids: must((x) => isArrayOf(x, isIndex)) }),
  error: fields({ uri: must(isString), version: must(isInt), messages: must((x) => isArrayOf(x, isString)) }),
};

/**
 * Why `x` is not a message the host may send, as `update: graph.nodes[1].data is null`,
 * or null when it is one.
 */
export function hostMessageProblem(x: unknown): string | null {
  if (!isObject(x)) return `the message is ${preview(x)}, not an object`;
  if (typeof x.type !== 'string' || !Object.hasOwn(HOST_MESSAGES, x.type)) return `the message's type is ${preview(x.type)}`;
  const flaw = HOST_MESSAGES[x.type as HostToWebviewMessage['type']](x);
  return flaw === null ? null : `${x.type}: ${flaw.at.replace(/^\./, '')} ${flaw.why}`;
}

export function isHostToWebviewMessage(x: unknown): x is HostToWebviewMessage {
  return hostMessageProblem(x) === null;
}

export function isWireCellGraph(x: unknown): x is WireCellGraph {
  return cellGraph(x) === null;
}

/** A value as a log line can show it: short, whatever it is. */
function preview(x: unknown): string {
  if (x === undefined) return 'missing';
  // JSON would spell NaN as null, the very confusion this module exists to prevent.
  if (typeof x === 'number') return String(x);
  let text: string;
  try {
    text = JSON.stringify(x) ?? String(x);
  } catch {
    text = String(x);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
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
