import { toDot } from '../src/graph/dot';
import type { CellGraph } from '../src/graph/model';
import {
  decodeGraph,
  hostMessageProblem,
  isHostToWebviewMessage,
  type EvaluationErrorMessage,
  type ExportFormat,
  type GraphSettings,
  type Rankdir,
  type UpdateMessage,
  type WebviewState,
} from '../src/shared/protocol';
import { firstView, type Box } from './firstView';
import { Freshness } from './freshness';
import { applyHighlight, decorate, nodeAt } from './graph';
import { banner, element, setView, stage, viewport } from './page';
import { PanZoom, type Size, type View, type ViewCause } from './panzoom';
import { LatestOnly, renderSvgElement, renderSvgText } from './render';
import { Toolbar } from './toolbar';
import { post, restoredState, saveState } from './vscode';

// The graph panel's script: takes the host's messages, draws the newest graph with
// Graphviz, and keeps the user's zoom, pan and layout across updates and reloads.

/** What is on screen now: the last graph drawn (kept while an error is shown). */
interface Shown {
  uri: string;
  version: number;
  cell: number;
  graph: CellGraph | null;
  settings: GraphSettings;
  dot: string | null;
  svg: SVGSVGElement | null;
  size: Size | null;
  /** Where the output node is on the graph, for a first view. */
  output: Box | null;
}

/** An update with its graph decoded from the wire: what the page draws. */
type Drawable = Omit<UpdateMessage, 'graph'> & { graph: CellGraph | null };

let shown: Shown | null = null;
/** Which messages are stale: a late message about an older version is dropped. */
const freshness = new Freshness();
let highlight: number[] = [];
/** The newest update received, to redraw locally when the layout is switched. */
let lastUpdate: Drawable | null = null;
/** Who placed the view on screen: whether placeAgain() may move it. */
let placedBy: ViewCause = 'user';
/** Zoom, pan and layout from before a reload, applied when that same graph comes back. */
let pendingRestore: WebviewState | undefined = restoredState();
let rankdirOverride: Rankdir | null = pendingRestore?.rankdir ?? null;

const panZoom = new PanZoom(viewport, stage, () => shown?.size ?? null, (_view, cause) => {
  placedBy = cause;
  scheduleSave();
});

new ResizeObserver(() => placeAgain()).observe(viewport);

const toolbar = new Toolbar(element('toolbar'), {
  selectCell: (index) => post({ type: 'selectCell', index }),
  fit: () => panZoom.fit(),
  zoomIn: () => panZoom.zoomIn(),
  zoomOut: () => panZoom.zoomOut(),
  toggleRankdir,
  exportSvg: () => void exportAs('svg', false),
  exportDot: () => void exportAs('dot', false),
  copySvg: () => void exportAs('svg', true),
});
if (rankdirOverride !== null) toolbar.setRankdir(rankdirOverride);

const renderer = new LatestOnly<Drawable>(draw, (e) => {
  banner.show(['The graph could not be drawn.', errorText(e)]);
  reportError(e);
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostToWebviewMessage(message)) {
    rejected(hostMessageProblem(message) ?? 'unknown');
    return;
  }
  switch (message.type) {
    case 'update':
      onUpdate(message);
      break;
    case 'highlight':
      highlight = message.ids;
      applyHighlight(shown?.svg ?? null, highlight);
      break;
    case 'error':
      onEvaluationError(message);
      break;
  }
});

viewport.addEventListener('click', (e) => reveal(nodeAt(e.target)));
viewport.addEventListener('keydown', (e) => {
  if ((e.key === 'Enter' || e.key === ' ') && e.target !== viewport) {
    e.preventDefault();
    reveal(nodeAt(e.target));
  }
});

window.addEventListener('error', (e) => reportError(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => reportError(e.reason));

/**
 * Only VS Code's host frame posts to this page, so a message that fails the guard is a
 * host message this page cannot read (an encoding missed, a version skew). Dropping it
 * quietly would leave an old graph on screen as if it were current.
 */
function rejected(problem: string): void {
  banner.show(['The graph could not be shown: the extension sent a message this panel cannot read.', problem]);
  post({ type: 'error', message: `The panel ignored a message from the extension: ${problem}` });
}

function onUpdate(message: UpdateMessage): void {
  if (!freshness.take(message)) return;
  lastUpdate = { ...message, graph: message.graph === null ? null : decodeGraph(message.graph) };
  highlight = message.highlight;
  // A good evaluation clears the last one's error, shown or still waiting, even before
  // its graph is drawn. A kept graph comes with its error, whose banner stays.
  if (!message.kept) banner.hideFor(evaluationKey(message));
  // The host's setting wins once it reflects a choice; until then the restored one does.
  if (rankdirOverride === message.settings.rankdir) rankdirOverride = null;
  toolbar.setCells(message.cells, message.cell);
  renderer.submit(lastUpdate);
}

async function draw(message: Drawable, superseded: () => boolean): Promise<void> {
  const settings: GraphSettings = { ...message.settings, rankdir: rankdirOverride ?? message.settings.rankdir };
  const previous = shown;
  const sameView = previous !== null && previous.uri === message.uri && previous.cell === message.cell;
  toolbar.setRankdir(settings.rankdir);

  if (message.graph === null) {
    stage.replaceChildren();
    shown = { uri: message.uri, version: message.version, cell: message.cell, graph: null, settings, dot: null, svg: null, size: null, output: null };
    setView('empty', message.graphSize);
    toolbar.setHasGraph(false);
    scheduleSave();
    return;
  }

  const dot = toDot(message.graph, { rankdir: settings.rankdir, precision: settings.precision });
  let svg = previous?.svg ?? null;
  let size = previous?.size ?? null;
  let output = previous?.output ?? null;
  // The same drawing (a cursor move, an edit of a comment) keeps the SVG already there.
  if (dot !== previous?.dot || svg === null) {
    const rendered = await renderSvgElement(dot);
    if (superseded()) return;
    size = decorate(rendered, message.graph, settings.precision);
    stage.replaceChildren(rendered);
    svg = rendered;
    output = null;
  }
  applyHighlight(svg, highlight);
  setView('graph');
  toolbar.setHasGraph(true);
  // Measured once the graph is visible: a hidden viewport has no layout.
  output ??= outputBox(svg, message.graph.output);
  shown = { uri: message.uri, version: message.version, cell: message.cell, graph: message.graph, settings, dot, svg, size, output };

  const restore = pendingRestore;
  pendingRestore = undefined;
  if (restore && restore.uri === message.uri && restore.cell === message.cell) {
    panZoom.set({ zoom: restore.zoom, x: restore.pan.x, y: restore.pan.y });
    // Saved from the user's session: theirs, whoever placed it then.
    placedBy = 'user';
  } else if (!sameView || previous?.settings.rankdir !== settings.rankdir || previous.graph === null) {
    // A different graph (another file, another cell, the other direction) gets a first view.
    showFirstView();
  } else {
    // The same cell after an edit: typing the lecture line by line grows its graph from
    // one node to seven, out of a view placed for the first. A view the page placed
    // follows the graph; one the user zoomed or panned to stays theirs.
    placeAgain();
  }
  scheduleSave();
}

/**
 * A view the page placed, placed again for the graph and the panel as they are now: a
 * first view, or a Fit after Fit. Called on every update of the same cell and every
 * resize of the panel (the side bar opening, a sash dragged), since the view placed for
 * the old graph or size may cut the new one off or leave it tiny. A view the user
 * zoomed or panned to stays theirs.
 */
function placeAgain(): void {
  if (placedBy === 'page') showFirstView();
  else if (placedBy === 'fit') panZoom.fit();
}

function showFirstView(): void {
  const viewportSize = panZoom.viewportSize;
  const size = shown?.size ?? null;
  // A hidden viewport (the empty state) measures 0: nothing to place until a graph is back.
  if (shown === null || size === null || viewportSize.width <= 0 || viewportSize.height <= 0) return;
  panZoom.set(firstView(viewportSize, size, shown.output, shown.settings.rankdir));
}

/** The output node's box on the unzoomed graph. */
function outputBox(svg: SVGSVGElement, output: number): Box | null {
  const g = svg.querySelector(`g.node.value[data-node-id="${output}"]`);
  if (g === null) return null;
  const r = g.getBoundingClientRect();
  const topLeft = panZoom.toContent(r.left, r.top);
  const bottomRight = panZoom.toContent(r.right, r.bottom);
  return { left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y };
}

function onEvaluationError(message: EvaluationErrorMessage): void {
  if (!freshness.take(message)) return;
  banner.showFor(message.messages.length > 0 ? message.messages : ['The file could not be evaluated.'], evaluationKey(message));
}

/** One evaluation of one document: an update and the errors that follow it share it. */
function evaluationKey(message: { uri: string; version: number }): string {
  return `${message.version} ${message.uri}`;
}

function toggleRankdir(): void {
  const current = rankdirOverride ?? lastUpdate?.settings.rankdir ?? 'LR';
  const next: Rankdir = current === 'LR' ? 'TB' : 'LR';
  rankdirOverride = next;
  post({ type: 'setRankdir', rankdir: next });
  // Redraw now rather than wait for the host's round trip.
  if (lastUpdate !== null) renderer.submit(lastUpdate);
  toolbar.setRankdir(next);
}

async function exportAs(format: ExportFormat, copy: boolean): Promise<void> {
  const current = shown;
  if (current === null || current.dot === null) return;
  try {
    const content = format === 'dot' ? current.dot : await renderSvgText(current.dot);
    if (copy) post({ type: 'copy', text: content });
    else post({ type: 'save', format, content, suggestedName: `${baseName(current.uri)}-cell-${current.cell + 1}.${format}` });
  } catch (e) {
    banner.show(['The graph could not be exported.', errorText(e)]);
    reportError(e);
  }
}

function reveal(nodeId: number | null): void {
  if (nodeId === null || shown === null) return;
  post({ type: 'reveal', uri: shown.uri, version: shown.version, nodeId });
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

/** Zoom and pan change on every wheel tick; the state is written once they settle. */
function scheduleSave(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => {
    if (shown === null) return;
    const view: View = panZoom.view;
    saveState({
      uri: shown.uri,
      cell: shown.cell,
      zoom: view.zoom,
      pan: { x: view.x, y: view.y },
      rankdir: rankdirOverride ?? shown.settings.rankdir,
    });
  }, 100);
}

function baseName(uri: string): string {
  const last = uri.split(/[/\\]/).pop() ?? '';
  let name: string;
  try {
    name = decodeURIComponent(last);
  } catch {
    name = last;
  }
  return name.replace(/\.grad$/i, '').replace(/[^\w.-]+/g, '_') || 'graph';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function reportError(e: unknown): void {
  const error = e instanceof Error ? e : new Error(String(e));
  post({ type: 'error', message: error.message, ...(error.stack ? { stack: error.stack } : {}) });
}

post({ type: 'ready' });
