import type { GraphColumns } from '../../graph/columns';
import type { ParameterStrip, Plot, Series } from '../../lang/result';

// The messages between the extension host and the graph webview, and the state the
// webview persists: types only. Both sides import them, so a change of shape is a
// compile error on both sides rather than a silent mismatch at run time. Everything here
// must survive VS Code's transport: it serialises a message with JSON.stringify, which
// turns NaN and ±Infinity into null, except typed arrays and ArrayBuffers, which it
// transfers as they are (VS Code >= 1.57). So a graph crosses as GraphColumns (typed
// arrays: a NaN stays a NaN, and a million rows cost a copy, not a JSON text), while
// the charts' plain number arrays arrive with null where a number was not finite
// (a gap in the chart: see ChartNumbers).

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
  /**
   * Most nodes the panel lays out at once (`gradlens.graph.summaryThreshold`): a graph
   * that would draw more is summarised (src/graph/summary.ts).
   */
  summaryBudget: number;
  /**
   * Label each operand edge with its local derivative (`∂e/∂a = b = -3`), as
   * `gradlens.graph.edgeDerivatives` says; the toolbar's toggle can override it on the page.
   * Absent reads as off (the host always sends it).
   */
  edgeDerivatives?: boolean;
}

/** Which pass a step-through replays. */
export type StepMode = 'backward' | 'forward';

/**
 * What the charts get. Series, plots and parameter strips cross as JSON, so a value that
 * was NaN or infinite arrives as null; the page draws it as a gap.
 */
export type ChartNumbers = (number | null)[];

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
  /**
   * The shown cell's whole output graph in typed arrays (see src/graph/columns.ts), or
   * null when the cell has no output (or, before the interpreter fills columns for every
   * size, when it is larger than maxGraphNodes). The page summarises what does not fit.
   */
  columns: GraphColumns | null;
  /**
   * How many Values the cell's output graph has, drawn or not: with `columns` null and
   * this above 0, the graph was too large to keep.
   */
  graphSize: number;
  /** Numbers assigned or printed at every iteration of the cell's loops: one chart each. */
  series: Series[];
  /** plot(), scatter() and plot_boundary() of the cell, in order. */
  plots: Plot[];
  /** The cell's `model.parameters()`: data and grad, for the heat strip. */
  parameters: ParameterStrip | null;
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

/**
 * A cell's loop is running (the evaluation of `version` is not finished): "step k of N"
 * and the series so far, which the charts draw while the graph waits for the end.
 */
export interface ProgressMessage {
  type: 'progress';
  uri: string;
  version: number;
  cell: number;
  step: number;
  /** The loop's length when known (a range, a list), else null. */
  total: number | null;
  series: Series[];
}

/**
 * The document changed after the results on screen (now at `version`): the panel keeps
 * them, marked stale, until the next update.
 */
export interface StaleMessage {
  type: 'stale';
  uri: string;
  version: number;
}

/**
 * "Step through backward" (the command or the CodeLens): the page starts stepping
 * through the shown cell's pass, once its graph is drawn.
 */
export interface StepThroughMessage {
  type: 'stepThrough';
  mode: StepMode;
}

export type HostToWebviewMessage = UpdateMessage | HighlightMessage | EvaluationErrorMessage | ProgressMessage | StaleMessage | StepThroughMessage;

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
  /** The clicked Value's node id (`GraphColumns.id`). */
  nodeId: number;
}

/**
 * A step-through is on the Value `nodeId` of the graph of `uri` at `version`: the host
 * marks the source that made it in the editor. Null: the step-through ended (or its step
 * has no Value, as a summary's group), and the mark goes.
 */
export interface StepAtMessage {
  type: 'stepAt';
  uri: string;
  version: number;
  nodeId: number | null;
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

export type ExportFormat = 'svg' | 'dot' | 'png';

/** Export: the host asks where to save and writes `content` there. */
export interface SaveMessage {
  type: 'save';
  format: ExportFormat;
  /** The file's text, or for 'png' its bytes in base64. */
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
  | StepAtMessage
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
  /** Keys of the summary's groups the user opened, most recent last (survive re-evaluation and reload). */
  expanded?: string[];
  /** Keys of groups the user closed: never opened automatically. */
  collapsed?: string[];
  /** Summary of the whole graph, or the neighbourhood of the selected Value. */
  view?: 'summary' | 'neighbourhood';
  /** The edge-derivatives toggle, when the user flipped it on the page. */
  edgeDerivatives?: boolean;
  /** A step-through in progress: which pass, where, and whether the wrong walk is beside it. */
  step?: SavedStep;
}

export interface SavedStep {
  mode: StepMode;
  /** The step shown, from 0. */
  index: number;
  /** The `=` instead of `+=` walk is shown beside the correct one. */
  compare: boolean;
}
