import { toDot } from '../graph/dot';
import type { CellGraph } from '../graph/model';
import {
  isHostToWebviewMessage,
  type EvaluationErrorMessage,
  type ExportFormat,
  type GraphSettings,
  type Rankdir,
  type UpdateMessage,
  type WebviewState,
} from '../shared/protocol';
import { applyHighlight, decorate, nodeAt } from './graph';
import { PanZoom, type Size, type View } from './panzoom';
import { LatestOnly, renderSvgElement, renderSvgText } from './render';
import { Toolbar } from './toolbar';
import { post, restoredState, saveState } from './vscode';

// The graph panel's script: takes the host's messages, draws the newest graph with
// Graphviz, and keeps the user's zoom, pan and layout across updates and reloads.

function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`The page has no #${id}`);
  return el;
}

const viewport = element('viewport');
const stage = element('stage');
const banner = element('banner');
const empty = element('empty');

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
}

let shown: Shown | null = null;
/** Newest version seen per document, so a late message about an older one is dropped. */
let latest: { uri: string; version: number } | null = null;
let highlight: number[] = [];
/** The newest update received, to redraw locally when the layout is switched. */
let lastUpdate: UpdateMessage | null = null;
/** Zoom, pan and layout from before a reload, applied when that same graph comes back. */
let pendingRestore: WebviewState | undefined = restoredState();
let rankdirOverride: Rankdir | null = pendingRestore?.rankdir ?? null;

const panZoom = new PanZoom(viewport, stage, () => shown?.size ?? null, () => scheduleSave());

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

const renderer = new LatestOnly<UpdateMessage>(draw, (e) => {
  showBanner(['The graph could not be drawn.', errorText(e)]);
  reportError(e);
});

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data;
  if (!isHostToWebviewMessage(message)) return;
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

function isStale(uri: string, version: number): boolean {
  return latest !== null && latest.uri === uri && version < latest.version;
}

function onUpdate(message: UpdateMessage): void {
  if (isStale(message.uri, message.version)) return;
  latest = { uri: message.uri, version: message.version };
  lastUpdate = message;
  highlight = message.highlight;
  // A good evaluation clears the last one's error, even before its graph is drawn.
  hideBanner();
  // The host's setting wins once it reflects a choice; until then the restored one does.
  if (rankdirOverride === message.settings.rankdir) rankdirOverride = null;
  toolbar.setCells(message.cells, message.cell);
  renderer.submit(message);
}

async function draw(message: UpdateMessage, superseded: () => boolean): Promise<void> {
  const settings: GraphSettings = { ...message.settings, rankdir: rankdirOverride ?? message.settings.rankdir };
  const previous = shown;
  const sameView = previous !== null && previous.uri === message.uri && previous.cell === message.cell;
  toolbar.setRankdir(settings.rankdir);

  if (message.graph === null) {
    stage.replaceChildren();
    shown = { uri: message.uri, version: message.version, cell: message.cell, graph: null, settings, dot: null, svg: null, size: null };
    setView('empty');
    toolbar.setHasGraph(false);
    scheduleSave();
    return;
  }

  const dot = toDot(message.graph, { rankdir: settings.rankdir, precision: settings.precision });
  let svg = previous?.svg ?? null;
  let size = previous?.size ?? null;
  // The same drawing (a cursor move, an edit of a comment) keeps the SVG already there.
  if (dot !== previous?.dot || svg === null) {
    const rendered = await renderSvgElement(dot);
    if (superseded()) return;
    size = decorate(rendered, message.graph, settings.precision);
    stage.replaceChildren(rendered);
    svg = rendered;
  }
  shown = { uri: message.uri, version: message.version, cell: message.cell, graph: message.graph, settings, dot, svg, size };
  applyHighlight(svg, highlight);
  setView('graph');
  toolbar.setHasGraph(true);

  const restore = pendingRestore;
  pendingRestore = undefined;
  if (restore && restore.uri === message.uri && restore.cell === message.cell) {
    panZoom.set({ zoom: restore.zoom, x: restore.pan.x, y: restore.pan.y });
  } else if (!sameView || previous?.settings.rankdir !== settings.rankdir || previous.graph === null) {
    // A different graph (another file, another cell, the other direction) starts fitted;
    // the same graph after an edit stays where the user put it.
    panZoom.fit({ minZoom: READABLE_ZOOM, focus: outputCenter(svg, message.graph.output) });
  }
  scheduleSave();
}

/**
 * A first view fits the whole graph, as a user opening the panel expects, unless that
 * would shrink it below this zoom, where records become specks; then it shows the
 * output at this zoom and Fit shows everything.
 */
const READABLE_ZOOM = 0.25;

/** The output node's centre on the unzoomed graph: where a large graph is first shown. */
function outputCenter(svg: SVGSVGElement, output: number): { x: number; y: number } | null {
  const g = svg.querySelector(`g.node.value[data-node-id="${output}"]`);
  if (g === null) return null;
  const r = g.getBoundingClientRect();
  return panZoom.toContent(r.left + r.width / 2, r.top + r.height / 2);
}

function onEvaluationError(message: EvaluationErrorMessage): void {
  if (isStale(message.uri, message.version)) return;
  latest = { uri: message.uri, version: message.version };
  showBanner(message.messages.length > 0 ? message.messages : ['The file could not be evaluated.']);
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
    showBanner(['The graph could not be exported.', errorText(e)]);
    reportError(e);
  }
}

function reveal(nodeId: number | null): void {
  if (nodeId === null || shown === null) return;
  post({ type: 'reveal', uri: shown.uri, version: shown.version, nodeId });
}

function setView(view: 'graph' | 'empty'): void {
  document.body.dataset.view = view;
  viewport.hidden = view !== 'graph';
  empty.hidden = view !== 'empty';
  if (view === 'empty' && empty.childElementCount === 0) {
    const title = document.createElement('p');
    title.className = 'empty-title';
    title.textContent = 'This cell has no output yet\u2026';
    const hint = document.createElement('p');
    hint.className = 'empty-hint';
    hint.textContent = 'End the cell with an expression, such as the name of the value to differentiate, to draw its graph.';
    empty.append(title, hint);
  }
}

function showBanner(lines: readonly string[]): void {
  const items = lines.map((line) => {
    const p = document.createElement('p');
    p.textContent = line;
    return p;
  });
  banner.replaceChildren(...items);
  banner.hidden = false;
  document.body.classList.add('has-error');
}

function hideBanner(): void {
  banner.hidden = true;
  banner.replaceChildren();
  document.body.classList.remove('has-error');
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
