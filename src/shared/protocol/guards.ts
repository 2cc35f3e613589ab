import { LAST_OP } from '../../engine/ops';
import type { GraphColumns } from '../../graph/columns';
import type { NodeKind } from '../../graph/model';
import type {
  CellInfo,
  GraphSettings,
  HostToWebviewMessage,
  Rankdir,
  SavedStep,
  StepMode,
  WebviewState,
  WebviewToHostMessage,
} from './messages';
import type { WireCellGraph, WireNumber } from './wire';

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

export function isStepMode(x: unknown): x is StepMode {
  return x === 'backward' || x === 'forward';
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
  return (
    isObject(x) &&
    isFiniteNumber(x.precision) &&
    isRankdir(x.rankdir) &&
    isIndex(x.summaryBudget) &&
    x.summaryBudget > 0 &&
    (x.edgeDerivatives === undefined || typeof x.edgeDerivatives === 'boolean')
  );
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

// ---- columns: typed arrays, checked by type and length, and every row index in range,
// so neither the summary nor Graphviz meets a graph that points outside itself. Linear
// in the rows, a few milliseconds for a million.

type TypedArrayClass = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

function typed(kind: TypedArrayClass, length: number): Check {
  return (x) => {
    if (!(x instanceof kind)) return { at: '', why: `is ${preview(x)}, not a ${kind.name}` };
    return x.length === length ? null : { at: '', why: `has ${x.length} items, not ${length}` };
  };
}

/** Each item an index below `limit` (or -1 where `missing` allows it). */
function indices(x: Int32Array, limit: (i: number) => number, missing: boolean): Flaw | null {
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if ((v < 0 && !(missing && v === -1)) || v >= limit(i)) return { at: `[${i}]`, why: `is ${v}, out of range` };
  }
  return null;
}

function within(check: Check, rest: (x: Fields) => Flaw | null): Check {
  return (x) => check(x) ?? rest(x as Fields);
}

function scopeColumns(x: unknown): Flaw | null {
  if (!isObject(x) || !isIndex(x.size) || x.size < 1) return { at: '.size', why: `is ${preview(isObject(x) ? x.size : x)}` };
  const n = x.size;
  const shape = fields({
    parent: typed(Int32Array, n),
    kind: typed(Uint8Array, n),
    name: typed(Int32Array, n),
    index: typed(Int32Array, n),
    site: typed(Int32Array, n),
    names: must((v) => isArrayOf(v, isString)),
  })(x);
  if (shape !== null) return shape;
  const s = x as unknown as GraphColumns['scopes'];
  const flaw =
    tag('.parent', indices(s.parent, (i) => (i === 0 ? 0 : n), true)) ??
    tag('.name', indices(s.name, () => s.names.length, false));
  return flaw;
}

function tag(at: string, flaw: Flaw | null): Flaw | null {
  return flaw === null ? null : { at: at + flaw.at, why: flaw.why };
}

const isOpCode = (c: unknown): c is number => isInt(c) && c >= 0 && c <= LAST_OP;

export const graphColumns: Check = (x) => {
  if (!isObject(x) || !isIndex(x.size)) return { at: '.size', why: `is ${preview(isObject(x) ? x.size : x)}` };
  const n = x.size;
  const shape = fields({
    output: must((v) => isInt(v) && v >= -1 && v < n),
    id: typed(Float64Array, n),
    data: typed(Float64Array, n),
    grad: typed(Float64Array, n),
    input0: typed(Int32Array, n),
    input1: typed(Int32Array, n),
    op: typed(Int32Array, n),
    kind: typed(Uint8Array, n),
    label: typed(Int32Array, n),
    site: typed(Int32Array, n),
    scope: typed(Int32Array, n),
    ops: must((v) => isArrayOf(v, isString)),
    opCodes: must((v) => isArrayOf(v, isOpCode) && Array.isArray(x.ops) && v.length === x.ops.length),
    labels: must((v) => isArrayOf(v, isString)),
    sites: must((v) => isArrayOf(v, (e): e is unknown => isRange(e))),
    names: must((v) => isArrayOf(v, (e): e is unknown => isObject(e) && isIndex(e.row) && e.row < n && isArrayOf(e.names, isString))),
    scopes: scopeColumns,
  })(x);
  if (shape !== null) return shape;
  const c = x as unknown as GraphColumns;
  // Inputs come before their row: the order every consumer relies on.
  return (
    tag('.input0', indices(c.input0, (i) => i, true)) ??
    tag('.input1', indices(c.input1, (i) => i, true)) ??
    tag('.op', indices(c.op, () => c.ops.length, true)) ??
    tag('.label', indices(c.label, () => c.labels.length, false)) ??
    tag('.site', indices(c.site, () => c.sites.length, true)) ??
    tag('.scope', indices(c.scope, () => c.scopes.size, false))
  );
};

/** A number or null (a NaN or infinity after JSON): see ChartNumbers. */
function isChartNumber(x: unknown): boolean {
  return x === null || isFiniteNumber(x);
}

const chartNumbers = must((x) => isArrayOf(x, (v): v is unknown => isChartNumber(v)));
const indexList = must((x) => isArrayOf(x, isIndex));

const series = fields({ label: must(isString), range: must(isRange), loop: must(isRange), values: chartNumbers, steps: indexList });

const plot: Check = (x) => {
  if (!isObject(x)) return { at: '', why: `is ${preview(x)}, not an object` };
  const common = { title: must(isString), range: must(isRange), ys: chartNumbers };
  switch (x.kind) {
    case 'line':
      return fields({ ...common, xs: (v) => (v === null ? null : chartNumbers(v)) })(x);
    case 'scatter':
      return fields({ ...common, xs: chartNumbers, classes: (v) => (v === null ? null : chartNumbers(v)) })(x);
    case 'boundary':
      return fields({
        ...common,
        xs: chartNumbers,
        classes: chartNumbers,
        grid: within(
          fields({
            xMin: must(isFiniteNumber),
            xMax: must(isFiniteNumber),
            yMin: must(isFiniteNumber),
            yMax: must(isFiniteNumber),
            columns: must(isIndex),
            rows: must(isIndex),
            values: chartNumbers,
          }),
          (g) =>
            (g.values as unknown[]).length === (g.columns as number) * (g.rows as number)
              ? null
              : { at: '.values', why: `has ${(g.values as unknown[]).length} items, not columns × rows` },
        ),
      })(x);
    default:
      return { at: '.kind', why: `is ${preview(x.kind)}` };
  }
};

const parameterStrip = within(
  fields({ label: must(isString), range: must(isRange), data: chartNumbers, grad: chartNumbers }),
  (p) => ((p.data as unknown[]).length === (p.grad as unknown[]).length ? null : { at: '.grad', why: 'is not as long as data' }),
);

const HOST_MESSAGES: Record<HostToWebviewMessage['type'], Check> = {
  update: fields({
    uri: must(isString),
    version: must(isInt),
    cells: must((x) => isArrayOf(x, isCellInfo)),
    cell: must(isIndex),
    columns: (x) => (x === null ? null : graphColumns(x)),
    graphSize: must(isIndex),
    series: arrayOf(series),
    plots: arrayOf(plot),
    parameters: (x) => (x === null ? null : parameterStrip(x)),
    highlight: must((x) => isArrayOf(x, isIndex)),
    settings: must(isSettings),
    kept: must((x) => typeof x === 'boolean'),
  }),
  highlight: fields({ ids: must((x) => isArrayOf(x, isIndex)) }),
  error: fields({ uri: must(isString), version: must(isInt), messages: must((x) => isArrayOf(x, isString)) }),
  progress: fields({
    uri: must(isString),
    version: must(isInt),
    cell: must(isIndex),
    step: must(isIndex),
    total: must((x) => x === null || isIndex(x)),
    series: arrayOf(series),
  }),
  stale: fields({ uri: must(isString), version: must(isInt) }),
  stepThrough: fields({ mode: must(isStepMode) }),
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
  if (ArrayBuffer.isView(x)) return `${x.constructor.name}(${(x as unknown as ArrayLike<unknown>).length})`;
  let text: string;
  try {
    text = JSON.stringify(x) ?? String(x);
  } catch {
    text = String(x);
  }
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/**
 * The most characters a webview message may carry in one string (an export's content,
 * a copied text): 50 MB, far past any graph GradLens draws (a 20,000-node SVG is a few
 * MB), short of what would strain the host to hold, encode and write.
 */
export const MAX_WEBVIEW_TEXT = 50 * 1024 * 1024;
/** The most characters of a document URI, a proposed file name or a page error's text. */
export const MAX_WEBVIEW_NAME = 4096;

function isText(x: unknown, max: number): x is string {
  return isString(x) && x.length <= max;
}

function size(x: unknown): string {
  return isString(x) ? `${x.length} characters` : preview(x);
}

/**
 * Why a message from the webview is refused, in one short line for the log (never its
 * content, which may be huge or hostile), or null when the host may act on it.
 */
export function webviewMessageProblem(x: unknown): string | null {
  if (!isObject(x)) return `not a message object: ${preview(x)}`;
  switch (x.type) {
    case 'ready':
      return null;
    case 'reveal':
      if (!isText(x.uri, MAX_WEBVIEW_NAME)) return `reveal: uri is ${size(x.uri)}`;
      if (!isInt(x.version)) return `reveal: version is ${preview(x.version)}`;
      return isIndex(x.nodeId) ? null : `reveal: nodeId is ${preview(x.nodeId)}`;
    case 'stepAt':
      // As a reveal: the host checks the node against the graph it sent before it marks any line.
      if (!isText(x.uri, MAX_WEBVIEW_NAME)) return `stepAt: uri is ${size(x.uri)}`;
      if (!isInt(x.version)) return `stepAt: version is ${preview(x.version)}`;
      return x.nodeId === null || isIndex(x.nodeId) ? null : `stepAt: nodeId is ${preview(x.nodeId)}`;
    case 'selectCell':
      return isIndex(x.index) ? null : `selectCell: index is ${preview(x.index)}`;
    case 'setRankdir':
      return isRankdir(x.rankdir) ? null : `setRankdir: rankdir is ${preview(x.rankdir)}`;
    case 'save':
      if (!(x.format === 'svg' || x.format === 'dot' || x.format === 'png')) return `save: format is ${preview(x.format)}`;
      if (!isString(x.content)) return `save: content is ${preview(x.content)}, not text`;
      if (x.content.length > MAX_WEBVIEW_TEXT) return `save: content is ${x.content.length} characters, over the ${MAX_WEBVIEW_TEXT} allowed`;
      return isText(x.suggestedName, MAX_WEBVIEW_NAME) ? null : `save: suggestedName is ${size(x.suggestedName)}`;
    case 'copy':
      if (!isString(x.text)) return `copy: text is ${preview(x.text)}, not text`;
      return x.text.length > MAX_WEBVIEW_TEXT ? `copy: text is ${x.text.length} characters, over the ${MAX_WEBVIEW_TEXT} allowed` : null;
    case 'error':
      // A page's error is logged, so it is held to a log line's size; a longer one is cut there, not refused.
      if (!isString(x.message)) return `error: message is ${preview(x.message)}`;
      return x.stack === undefined || isString(x.stack) ? null : `error: stack is ${preview(x.stack)}`;
    default:
      return `unknown message type ${preview(x.type)}`;
  }
}

export function isWebviewToHostMessage(x: unknown): x is WebviewToHostMessage {
  return webviewMessageProblem(x) === null;
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
    isRankdir(x.rankdir) &&
    (x.expanded === undefined || isArrayOf(x.expanded, isString)) &&
    (x.collapsed === undefined || isArrayOf(x.collapsed, isString)) &&
    (x.view === undefined || x.view === 'summary' || x.view === 'neighbourhood') &&
    (x.edgeDerivatives === undefined || typeof x.edgeDerivatives === 'boolean') &&
    (x.step === undefined || isSavedStep(x.step))
  );
}

function isSavedStep(x: unknown): x is SavedStep {
  return isObject(x) && isStepMode(x.mode) && isIndex(x.index) && typeof x.compare === 'boolean';
}
