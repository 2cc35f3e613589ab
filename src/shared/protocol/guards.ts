import type { NodeKind } from '../../graph/model';
import type {
  CellInfo,
  GraphSettings,
  HostToWebviewMessage,
  Rankdir,
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
