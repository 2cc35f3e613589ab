import type { GraphColumns } from '../src/graph/columns';
import {
  hostMessageProblem,
  isHostToWebviewMessage,
  type EvaluationErrorMessage,
  type ExportFormat,
  type GraphSettings,
  type ProgressMessage,
  type Rankdir,
  type UpdateMessage,
  type WebviewState,
} from '../src/shared/protocol';
import { Charts } from './charts';
import { firstView, type Box } from './firstView';
import { Freshness } from './freshness';
import { applyHighlight, decorate, describe, fitGroupTexts, hitAt, markDotIds, patchNumbers, type Hit } from './graph';
import { LayoutClient } from './layout';
import type { DrawingFacts, DrawnItem, GraphViewKind, WorkerAnswer } from './layoutMessages';
import { banner, element, setView, stage, viewport } from './page';
import { PanZoom, type Size, type View, type ViewCause } from './panzoom';
import { Toolbar } from './toolbar';
import { post, restoredState, saveState } from './vscode';

// The graph panel's script: takes the host's messages, has the layout worker summarise
// and draw the newest graph, shows it, and keeps the user's zoom, pan, layout and open
// groups across updates and reloads. Charts of the cell's series and plots sit below.

/** What is on screen now: the last graph drawn (kept while an error is shown). */
interface Shown {
  uri: string;
  version: number;
  cell: number;
  settings: GraphSettings;
  dot: string | null;
  svg: SVGSVGElement | null;
  size: Size | null;
  /** Where the output node is on the graph, for a first view. */
  output: Box | null;
  facts: DrawingFacts | null;
  items: DrawnItem[];
}

/** Which update a layout request was made for. */
interface Context {
  update: UpdateMessage;
  settings: GraphSettings;
}

let shown: Shown | null = null;
const freshness = new Freshness();
let highlight: number[] = [];
/** The newest update received, to lay out again locally (direction, groups, view). */
let lastUpdate: UpdateMessage | null = null;
let placedBy: ViewCause = 'user';
let pendingRestore: WebviewState | undefined = restoredState();
let rankdirOverride: Rankdir | null = pendingRestore?.rankdir ?? null;
/** The summary's open and closed groups, by key: they survive re-evaluation and reload. */
let expanded: string[] = pendingRestore?.expanded ?? [];
let collapsed: string[] = pendingRestore?.collapsed ?? [];
let viewKind: GraphViewKind = pendingRestore?.view ?? 'summary';
/** The Value the neighbourhood is around (the last one clicked or highlighted). */
let focus: number | null = null;
let neighbourhoodK = 2;
const contexts = new WeakMap<object, Context>();
/** Open and closed group keys kept at most: a budget of 300 nodes opens far fewer groups. */
const MAX_KEPT_KEYS = 200;
/** Drawings shown, for tests and the bench: each answer put on screen counts. */
let drawings = 0;

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
  setView: (kind) => {
    viewKind = kind;
    relayout(false);
    scheduleSave();
  },
  setK: (k) => {
    neighbourhoodK = k;
    if (viewKind === 'neighbourhood') relayout(false);
  },
  expandAll,
  collapseAll,
});
if (rankdirOverride !== null) toolbar.setRankdir(rankdirOverride);
toolbar.setViewKind(viewKind);

const progressBar = element('layout-progress');
let busyTimer: ReturnType<typeof setTimeout> | undefined;
const layout = new LayoutClient({
  answered: (answer, request) => {
    const context = contexts.get(request);
    if (context !== undefined) show(answer, context);
  },
  busy: (running) => {
    // Quiet: a layout that ends within 150 ms shows nothing at all.
    clearTimeout(busyTimer);
    if (running) busyTimer = setTimeout(() => (progressBar.hidden = false), 150);
    else progressBar.hidden = true;
  },
});

const charts = new Charts(element('charts'), (format, content, name) => {
  const base = shown ?? lastUpdate;
  post({ type: 'save', format, content, suggestedName: `${base ? baseName(base.uri) : 'chart'}-${name}.${format}` });
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
      if (message.ids.length > 0) focus = message.ids[0];
      applyHighlight(shown?.svg ?? null, highlight);
      break;
    case 'error':
      onEvaluationError(message);
      break;
    case 'progress':
      onProgress(message);
      break;
    case 'stale':
      if (shown !== null && message.uri === shown.uri && message.version > shown.version) setStale(true);
      break;
  }
});

viewport.addEventListener('click', (e) => act(hitAt(e.target)));
viewport.addEventListener('keydown', (e) => {
  if ((e.key === 'Enter' || e.key === ' ') && e.target !== viewport) {
    e.preventDefault();
    act(hitAt(e.target));
  }
});

window.addEventListener('error', (e) => reportError(e.error ?? e.message));
window.addEventListener('unhandledrejection', (e) => reportError(e.reason));

function rejected(problem: string): void {
  banner.show(['The graph could not be shown: the extension sent a message this panel cannot read.', problem]);
  post({ type: 'error', message: `The panel ignored a message from the extension: ${problem}` });
}

function onUpdate(message: UpdateMessage): void {
  if (!freshness.take(message)) return;
  const previous = lastUpdate;
  lastUpdate = message;
  highlight = message.highlight;
  if (message.highlight.length > 0) focus = message.highlight[0];
  if (!message.kept) banner.hideFor(evaluationKey(message));
  if (rankdirOverride === message.settings.rankdir) rankdirOverride = null;
  toolbar.setCells(message.cells, message.cell);
  toolbar.setStep(null);
  setStale(false);
  charts.update(message);
  // Another file or cell: its groups are other groups.
  if (previous !== null && (previous.uri !== message.uri || previous.cell !== message.cell) && pendingRestore === undefined) {
    expanded = [];
    collapsed = [];
    focus = message.highlight[0] ?? null;
  }
  relayout(false);
}

function currentSettings(message: UpdateMessage): GraphSettings {
  return { ...message.settings, rankdir: rankdirOverride ?? message.settings.rankdir };
}

/** Asks the worker for the newest update's drawing as the page's choices say. */
function relayout(force: boolean): void {
  const message = lastUpdate;
  if (message === null) return;
  const settings = currentSettings(message);
  toolbar.setRankdir(settings.rankdir);
  const columns: GraphColumns | null = message.columns;
  if (columns === null) {
    layout.setColumns(null);
    stage.replaceChildren();
    shown = { uri: message.uri, version: message.version, cell: message.cell, settings, dot: null, svg: null, size: null, output: null, facts: null, items: [] };
    setNote(null);
    const charted = message.plots.length > 0 || message.series.length > 0 || message.parameters !== null;
    setView('empty', message.graphSize, charted);
    toolbar.setHasGraph(false);
    scheduleSave();
    drawings++;
    document.body.dataset.drawings = String(drawings);
    return;
  }
  layout.setColumns(columns);
  const request = {
    view: viewKind,
    focus,
    k: neighbourhoodK,
    budget: settings.summaryBudget,
    expanded,
    collapsed,
    rankdir: settings.rankdir,
    precision: settings.precision,
    force,
  };
  contexts.set(request, { update: message, settings });
  layout.submit(request);
}

function show(answer: Exclude<WorkerAnswer, { type: 'exported' }>, { update, settings }: Context): void {
  if (answer.type === 'failed') {
    banner.show(['The graph could not be drawn.', answer.message]);
    reportError(new Error(answer.message));
    return;
  }
  const previous = shown;
  const sameView = previous !== null && previous.uri === update.uri && previous.cell === update.cell;
  let svg = previous?.svg ?? null;
  let size = previous?.size ?? null;
  let output = previous?.output ?? null;
  if (answer.type === 'patched') {
    // Only the numbers changed: they go into the drawing on screen, with no Graphviz run.
    if (svg === null || !patchNumbers(svg, answer.patches)) {
      relayout(true);
      return;
    }
    describe(svg, answer.items, settings.precision, false);
  } else {
    const parsed = new DOMParser().parseFromString(answer.svg, 'image/svg+xml').documentElement;
    if (!(parsed instanceof SVGSVGElement)) {
      banner.show(['The graph could not be drawn.', 'Graphviz returned no SVG.']);
      return;
    }
    const fresh = document.importNode(parsed, true);
    markDotIds(fresh);
    size = decorate(fresh, answer.items, settings.precision);
    stage.replaceChildren(fresh);
    svg = fresh;
    output = null;
  }
  layout.onScreen = answer.id;
  applyHighlight(svg, highlight);
  setView('graph');
  // Measured once the graph is visible (a hidden viewport has no layout), and before
  // anything below changes the SVG, so the page is laid out once for all the reading.
  if (answer.type === 'drawn') output = answer.facts.output === null ? null : outputBox(svg, answer.facts.output);
  toolbar.setHasGraph(true);
  toolbar.setSummary(!answer.facts.whole || answer.facts.view === 'neighbourhood');
  setNote(answer.facts);
  const structureChanged = previous?.facts?.whole !== answer.facts.whole || previous?.facts?.view !== answer.facts.view;
  shown = { uri: update.uri, version: update.version, cell: update.cell, settings, dot: answer.dot, svg, size, output, facts: answer.facts, items: answer.items };
  drawings++;
  document.body.dataset.drawings = String(drawings);
  document.body.dataset.layouts = String(answer.facts.layouts);
  const { view: viewMs, dot: dotMs, graphviz: graphvizMs } = answer.facts.ms;
  document.body.dataset.workerMs = `${viewMs.toFixed(0)} ${dotMs.toFixed(0)} ${graphvizMs.toFixed(0)}`;

  const restore = pendingRestore;
  pendingRestore = undefined;
  if (restore && restore.uri === update.uri && restore.cell === update.cell) {
    panZoom.set({ zoom: restore.zoom, x: restore.pan.x, y: restore.pan.y });
    placedBy = 'user';
  } else if (!sameView || previous?.settings.rankdir !== settings.rankdir || previous.svg === null || structureChanged) {
    showFirstView();
  } else {
    placeAgain();
  }
  // Last: it reads the texts' widths (one layout, with the view placed) and then writes.
  fitGroupTexts(svg);
  scheduleSave();
}

/** "Summary of 65,236 values: click a group to open it", or nothing for a whole graph. */
function setNote(facts: DrawingFacts | null): void {
  const note = element('summary-note');
  if (facts === null || (facts.whole && facts.view === 'summary')) {
    note.hidden = true;
    note.textContent = '';
    return;
  }
  const total = facts.total.toLocaleString('en-US');
  let text =
    facts.view === 'neighbourhood'
      ? `Neighbourhood: ${(facts.total - facts.hidden).toLocaleString('en-US')} of ${total} values, ${neighbourhoodK} steps around the selected value`
      : `Summary of ${total} values: click a group to open it`;
  if (facts.refused.length > 0) text += ` (${facts.refused.length} opened ${facts.refused.length === 1 ? 'group does' : 'groups do'} not fit in ${facts.budget} nodes)`;
  note.textContent = text;
  note.hidden = false;
}

function act(hit: Hit | null): void {
  if (hit === null || shown === null) return;
  switch (hit.kind) {
    case 'value':
      focus = hit.id;
      post({ type: 'reveal', uri: shown.uri, version: shown.version, nodeId: hit.id });
      break;
    case 'group':
      // The most recent last; the oldest forgotten past MAX_KEPT_KEYS (the state is saved on every click).
      expanded = [...expanded.filter((k) => k !== hit.key), hit.key].slice(-MAX_KEPT_KEYS);
      collapsed = collapsed.filter((k) => k !== hit.key);
      relayout(false);
      scheduleSave();
      break;
    case 'cluster':
      expanded = expanded.filter((k) => k !== hit.key);
      collapsed = [...collapsed.filter((k) => k !== hit.key), hit.key].slice(-MAX_KEPT_KEYS);
      relayout(false);
      scheduleSave();
      break;
  }
}

function expandAll(): void {
  const facts = shown?.facts;
  if (!facts) return;
  if (!facts.whole) {
    // A summary is shown because the whole graph does not fit: opening every group would.
    banner.show([
      `Expand all would lay out all ${facts.total.toLocaleString('en-US')} values, more than the ${facts.budget} nodes the panel draws at once.`,
      'Click a group to open it, or raise the setting gradlens.graph.summaryThreshold.',
    ]);
    return;
  }
  expanded = [];
  collapsed = [];
  relayout(false);
}

function collapseAll(): void {
  const open = (shown?.items ?? []).filter((i) => i.kind === 'cluster').map((i) => i.key);
  expanded = [];
  collapsed = [...new Set([...collapsed, ...open])];
  relayout(false);
  scheduleSave();
}

function onProgress(message: ProgressMessage): void {
  const update = lastUpdate;
  const sameDocument = update !== null && message.uri === update.uri;
  if (sameDocument && message.version < update.version) return;
  toolbar.setStep(message);
  // The host sends progress only for the document the panel follows: of another document
  // than the one drawn, it is a file just opened, whose first results are still running.
  // What is drawn is then not its, and shows so.
  if (!sameDocument && update !== null) setStale(true);
  if (update === null || (sameDocument && message.cell === update.cell)) charts.progress(message);
}

/**
 * Results older than the document: kept on screen, dimmed, until the next update. Only
 * after STALE_AFTER_MS: a lecture-sized cell is evaluated and drawn again well within it,
 * and dimming it on every keystroke would only flicker.
 */
const STALE_AFTER_MS = 250;
let staleTimer: ReturnType<typeof setTimeout> | undefined;

function setStale(stale: boolean): void {
  clearTimeout(staleTimer);
  const apply = (on: boolean): void => {
    document.body.classList.toggle('stale', on);
    element('stale-note').hidden = !on;
  };
  if (stale) staleTimer = setTimeout(() => apply(true), STALE_AFTER_MS);
  else apply(false);
}

function placeAgain(): void {
  if (placedBy === 'page') showFirstView();
  else if (placedBy === 'fit') panZoom.fit();
}

function showFirstView(): void {
  const viewportSize = panZoom.viewportSize;
  const size = shown?.size ?? null;
  if (shown === null || size === null || viewportSize.width <= 0 || viewportSize.height <= 0) return;
  const summary = shown.facts !== null && (!shown.facts.whole || shown.facts.view === 'neighbourhood');
  panZoom.set(firstView(viewportSize, size, shown.output, shown.settings.rankdir, summary));
}

function outputBox(svg: SVGSVGElement, dotId: string): Box | null {
  const title = Array.from(svg.querySelectorAll('g.node > title')).find((t) => t.getAttribute('data-dot-id') === dotId);
  const g = title?.parentElement;
  if (!g) return null;
  const r = g.getBoundingClientRect();
  const topLeft = panZoom.toContent(r.left, r.top);
  const bottomRight = panZoom.toContent(r.right, r.bottom);
  return { left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y };
}

function onEvaluationError(message: EvaluationErrorMessage): void {
  if (!freshness.take(message)) return;
  setStale(false);
  toolbar.setStep(null);
  banner.showFor(message.messages.length > 0 ? message.messages : ['The file could not be evaluated.'], evaluationKey(message));
}

function evaluationKey(message: { uri: string; version: number }): string {
  return `${message.version} ${message.uri}`;
}

function toggleRankdir(): void {
  const current = rankdirOverride ?? lastUpdate?.settings.rankdir ?? 'LR';
  const next: Rankdir = current === 'LR' ? 'TB' : 'LR';
  rankdirOverride = next;
  post({ type: 'setRankdir', rankdir: next });
  relayout(false);
  toolbar.setRankdir(next);
}

async function exportAs(format: ExportFormat, copy: boolean): Promise<void> {
  const current = shown;
  if (current === null || current.dot === null) return;
  try {
    const content = format === 'dot' ? current.dot : await layout.exportSvg(current.dot);
    if (copy) post({ type: 'copy', text: content });
    else post({ type: 'save', format, content, suggestedName: `${baseName(current.uri)}-cell-${current.cell + 1}.${format}` });
  } catch (e) {
    banner.show(['The graph could not be exported.', errorText(e)]);
    reportError(e);
  }
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;

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
      expanded,
      collapsed,
      view: viewKind,
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
