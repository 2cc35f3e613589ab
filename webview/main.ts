import {
  hostMessageProblem,
  isHostToWebviewMessage,
  type EvaluationErrorMessage,
  type ProgressMessage,
  type UpdateMessage,
} from '../src/shared/protocol';
import { Charts } from './charts';
import { Choices } from './choices';
import { Drawing, type Context } from './drawing';
import { exportGraph, saveChart } from './exports';
import { Freshness } from './freshness';
import { hitAt, type Hit } from './graph';
import { LayoutClient } from './layout';
import { banner, element, stage, viewport } from './page';
import { PanZoom } from './panzoom';
import { reportError } from './report';
import { SavedState, webviewState } from './savedState';
import { setStale } from './stale';
import { StepCard } from './stepCard';
import { Stepper } from './stepper';
import { Toolbar } from './toolbar';
import { post, restoredState } from './vscode';

// The graph panel's script: takes the host's messages, has the layout worker summarise
// and draw the newest graph, shows it, and keeps the user's zoom, pan, layout and open
// groups across updates and reloads. Charts of the cell's series and plots sit below.
// This module wires the parts together and dispatches the messages; drawing.ts puts
// the answers on screen, choices.ts and savedState.ts keep what the user chose.

const freshness = new Freshness();
/** The newest update received, to lay out again locally (direction, groups, view). */
let lastUpdate: UpdateMessage | null = null;
const restored = restoredState();
const choices = new Choices(restored);
const saved = new SavedState(restored, () => (drawing.shown === null ? null : webviewState(drawing.shown, panZoom.view, choices, stepper.saved())));
const contexts = new WeakMap<object, Context>();

const panZoom: PanZoom = new PanZoom(viewport, stage, () => drawing.shown?.size ?? null, (_view, cause) => {
  drawing.placedBy = cause;
  saved.schedule();
});

new ResizeObserver(() => drawing.placeAgain()).observe(viewport);

const toolbar = new Toolbar(element('toolbar'), {
  selectCell: (index) => post({ type: 'selectCell', index }),
  fit: () => panZoom.fit(),
  zoomIn: () => panZoom.zoomIn(),
  zoomOut: () => panZoom.zoomOut(),
  toggleRankdir,
  exportSvg: () => void exportGraph(drawing.shown, layout, 'svg', false),
  exportDot: () => void exportGraph(drawing.shown, layout, 'dot', false),
  copySvg: () => void exportGraph(drawing.shown, layout, 'svg', true),
  setView: (kind) => {
    choices.viewKind = kind;
    relayout(false);
    saved.schedule();
  },
  setK: (k) => {
    choices.neighbourhoodK = k;
    if (choices.viewKind === 'neighbourhood') relayout(false);
  },
  expandAll,
  collapseAll,
  stepThrough: () => (stepper.isActive ? stepper.stop() : stepper.start('backward')),
  toggleEdgeDerivatives,
});
if (choices.rankdirOverride !== null) toolbar.setRankdir(choices.rankdirOverride);
if (choices.edgeDerivativesOverride !== null) toolbar.setEdgeDerivatives(choices.edgeDerivativesOverride);
toolbar.setViewKind(choices.viewKind);

const progressBar = element('layout-progress');
let busyTimer: ReturnType<typeof setTimeout> | undefined;
const layout = new LayoutClient({
  answered: (answer, request) => {
    const context = contexts.get(request);
    if (context !== undefined) drawing.show(answer, context);
  },
  busy: (running) => {
    // Quiet: a layout that ends within 150 ms shows nothing at all.
    clearTimeout(busyTimer);
    if (running) busyTimer = setTimeout(() => (progressBar.hidden = false), 150);
    else progressBar.hidden = true;
  },
});

const drawing: Drawing = new Drawing({ panZoom, toolbar, layout, choices, saved, relayout, onShown: () => stepper.drawn() });

/** The last step position told to the host, so a repaint does not repeat it. */
let stepPosted = '';
const stepper: Stepper = new Stepper({
  card: new StepCard(element('step-card'), {
    prev: () => stepper.prev(),
    next: () => stepper.next(),
    togglePlay: () => stepper.togglePlay(),
    restart: () => stepper.restart(),
    close: () => stepper.stop(),
    setMode: (mode) => stepper.setMode(mode),
    setCompare: (on) => stepper.setCompare(on),
    setSpeed: (ms) => stepper.setSpeed(ms),
    openGroup: (key) => stepper.openGroup(key),
  }),
  shown: () => drawing.shown,
  replay: (mode, precision) => layout.replay(mode, precision),
  stepAt: (shown, nodeId) => {
    const key = `${shown.version} ${nodeId} ${shown.uri}`;
    if (key === stepPosted) return;
    stepPosted = key;
    post({ type: 'stepAt', uri: shown.uri, version: shown.version, nodeId });
  },
  openGroup: (key) => {
    choices.openGroup(key);
    relayout(false);
    saved.schedule();
  },
  bringIntoView: (node) => {
    // A wide graph's current node may be off screen: centred, at the zoom the user chose.
    const r = node.getBoundingClientRect();
    const v = viewport.getBoundingClientRect();
    if (r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom) return;
    const view = panZoom.view;
    panZoom.set({ zoom: view.zoom, x: view.x + v.left + v.width / 2 - (r.left + r.width / 2), y: view.y + v.top + v.height / 2 - (r.top + r.height / 2) });
    // Placed for the step, as a user would: a resize (the card opening) must not undo it.
    drawing.placedBy = 'user';
  },
  changed: () => {
    toolbar.setStepping(stepper.isActive);
    if (!stepper.isActive) stepPosted = '';
    saved.schedule();
  },
});
if (restored?.step !== undefined) stepper.start(restored.step.mode, restored.step.index, restored.step.compare, { uri: restored.uri, cell: restored.cell });

const charts = new Charts(element('charts'), (format, content, name) => {
  const base = drawing.shown ?? lastUpdate;
  saveChart(base ? base.uri : null, format, content, name);
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
      if (message.ids.length > 0) choices.focus = message.ids[0];
      drawing.setHighlight(message.ids);
      break;
    case 'error':
      onEvaluationError(message);
      break;
    case 'progress':
      onProgress(message);
      break;
    case 'stepThrough':
      stepper.start(message.mode);
      break;
    case 'stale': {
      const shown = drawing.shown;
      if (shown !== null && message.uri === shown.uri && message.version > shown.version) setStale(true);
      break;
    }
  }
});

viewport.addEventListener('click', (e) => act(hitAt(e.target)));
// The step-through's keys, before the viewport's (whose arrows pan): ← → step, Space
// plays, Home restarts, End goes to the last step, Esc leaves. A control that takes the
// key itself (a button's Space, a picker's arrows) keeps it.
window.addEventListener(
  'keydown',
  (e) => {
    const control = e.target instanceof Element ? e.target.closest('vscode-button, vscode-dropdown, vscode-option, input, select') : null;
    // Esc in an open picker closes the picker, not the step-through.
    if (control !== null && (e.key !== 'Escape' || control.hasAttribute('open') || control.closest('vscode-dropdown[open]') !== null)) return;
    if (stepper.key(e)) {
      e.preventDefault();
      e.stopPropagation();
    }
  },
  true,
);
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
  drawing.highlight = message.highlight;
  if (message.highlight.length > 0) choices.focus = message.highlight[0];
  if (!message.kept) banner.hideFor(evaluationKey(message));
  if (choices.rankdirOverride === message.settings.rankdir) choices.rankdirOverride = null;
  toolbar.setCells(message.cells, message.cell);
  toolbar.setStep(null);
  setStale(false);
  charts.update(message);
  // Another file or cell: its groups are other groups.
  if (previous !== null && (previous.uri !== message.uri || previous.cell !== message.cell) && !saved.restoring) {
    // Another graph: a walk of the old one means nothing on it.
    stepper.stop();
    choices.forgetGroups();
    choices.focus = message.highlight[0] ?? null;
  }
  relayout(false);
}

/** Asks the worker for the newest update's drawing as the page's choices say. */
function relayout(force: boolean): void {
  const message = lastUpdate;
  if (message === null) return;
  const settings = choices.settings(message);
  toolbar.setRankdir(settings.rankdir);
  toolbar.setEdgeDerivatives(settings.edgeDerivatives ?? false);
  const columns = message.columns;
  if (columns === null) {
    layout.setColumns(null);
    drawing.showEmpty(message, settings);
    return;
  }
  layout.setColumns(columns);
  const request = choices.request(settings, force);
  contexts.set(request, { update: message, settings });
  layout.submit(request);
}

function act(hit: Hit | null): void {
  const shown = drawing.shown;
  if (hit === null || shown === null) return;
  switch (hit.kind) {
    case 'value':
      // While stepping, a click goes to that Value's step (which marks its line in the editor).
      if (stepper.jumpToNode(hit.id)) break;
      choices.focus = hit.id;
      post({ type: 'reveal', uri: shown.uri, version: shown.version, nodeId: hit.id });
      break;
    case 'group':
      choices.openGroup(hit.key);
      relayout(false);
      saved.schedule();
      break;
    case 'cluster':
      choices.closeGroup(hit.key);
      relayout(false);
      saved.schedule();
      break;
  }
}

function expandAll(): void {
  const facts = drawing.shown?.facts;
  if (!facts) return;
  if (!facts.whole) {
    // A summary is shown because the whole graph does not fit: opening every group would.
    banner.show([
      `Expand all would lay out all ${facts.total.toLocaleString('en-US')} values, more than the ${facts.budget} nodes the panel draws at once.`,
      'Click a group to open it, or raise the setting gradlens.graph.summaryThreshold.',
    ]);
    return;
  }
  choices.forgetGroups();
  relayout(false);
}

function collapseAll(): void {
  const open = (drawing.shown?.items ?? []).filter((i) => i.kind === 'cluster').map((i) => i.key);
  choices.collapseAll(open);
  relayout(false);
  saved.schedule();
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

function onEvaluationError(message: EvaluationErrorMessage): void {
  if (!freshness.take(message)) return;
  setStale(false);
  toolbar.setStep(null);
  banner.showFor(message.messages.length > 0 ? message.messages : ['The file could not be evaluated.'], evaluationKey(message));
}

function evaluationKey(message: { uri: string; version: number }): string {
  return `${message.version} ${message.uri}`;
}

function toggleEdgeDerivatives(): void {
  if (lastUpdate === null) return;
  const on = !(choices.settings(lastUpdate).edgeDerivatives ?? false);
  choices.edgeDerivativesOverride = on === (lastUpdate.settings.edgeDerivatives ?? false) ? null : on;
  toolbar.setEdgeDerivatives(on);
  relayout(false);
  saved.schedule();
}

function toggleRankdir(): void {
  const next = choices.toggleRankdir(lastUpdate?.settings.rankdir);
  post({ type: 'setRankdir', rankdir: next });
  relayout(false);
  toolbar.setRankdir(next);
}

post({ type: 'ready' });
