import { instance, type Viz } from '@viz-js/viz';
import type { GraphColumns } from '../src/graph/columns';
import { neighbourhood } from '../src/graph/neighbourhood';
import { summarize, type SummaryView } from '../src/graph/summary';
import { viewToDot, type DotTarget } from '../src/graph/viewDot';
import { replayAnswer, type WalkedView } from './stepWalk';
import { NUMBER_FIELD, type DrawingFacts, type DrawnItem, type LayoutRequest, type WorkerAnswer, type WorkerRequest } from './layoutMessages';

// The panel's layout worker: it holds the shown graph's columns and Graphviz, and turns
// a request (which view, which groups open, the budget) into a summary, its DOT and
// Graphviz's SVG text, off the page's thread, so pan, zoom and the toolbar stay
// responsive however long a layout takes. Bundled on its own and started from a Blob
// URL (see layout.ts): a Worker from the extension's own URL is cross-origin in a webview.

const scope = self as unknown as {
  postMessage(message: WorkerAnswer): void;
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
};

let viz: Promise<Viz> | null = null;
let columns: GraphColumns | null = null;
let layouts = 0;
/** The last drawing: its DOT with the numbers taken out, and its DOT lines. */
let last: { id: number; structure: string; lines: string[] } | null = null;
/** The views of the last few answers, by id: a step-through walks the one on screen. */
const views = new Map<number, WalkedView>();
const KEPT_VIEWS = 4;

function graphviz(): Promise<Viz> {
  viz ??= instance();
  return viz;
}

scope.onmessage = (event) => {
  const request = event.data;
  void handle(request).then(
    (answer) => answer && scope.postMessage(answer),
    (e: unknown) => {
      if (!('id' in request)) return;
      const message = e instanceof Error ? e.message : String(e);
      scope.postMessage(request.type === 'replay' ? { type: 'replayFailed', id: request.id, message } : { type: 'failed', id: request.id, message });
    },
  );
};

async function handle(request: WorkerRequest): Promise<WorkerAnswer | null> {
  switch (request.type) {
    case 'warm':
      await graphviz();
      return null;
    case 'export':
      return { type: 'exported', id: request.id, svg: (await graphviz()).renderString(request.dot, { format: 'svg', engine: 'dot' }) };
    case 'layout':
      return layout(request);
    case 'replay': {
      const drawn = views.get(request.drawing);
      if (columns === null || drawn === undefined) return { type: 'replayFailed', id: request.id, message: 'the drawing on screen is no longer the worker\'s' };
      return replayAnswer(request.id, request.mode, columns, drawn, request.precision);
    }
  }
}

async function layout(request: LayoutRequest): Promise<WorkerAnswer> {
  if (request.columns !== undefined) {
    columns = request.columns;
    views.clear();
  }
  if (columns === null) throw new Error('the layout worker has no graph');
  const c = columns;
  const t0 = performance.now();
  const view = chooseView(c, request);
  const t1 = performance.now();
  const { dot, targets } = viewToDot(c, view, { rankdir: request.rankdir, precision: request.precision, edgeDerivatives: request.edgeDerivatives });
  keepView(request.id, view, targets);
  const ms = { view: t1 - t0, dot: performance.now() - t1, graphviz: 0 };
  const items = drawnItems(c, view, targets);
  const lines = dot.split('\n');
  const structure = dot.replace(NUMBER_FIELD, '$1#');
  const facts = (): DrawingFacts => ({
    whole: view.whole,
    view: request.view,
    total: c.size,
    drawn: view.drawn,
    hidden: view.hidden,
    budget: view.budget,
    refused: view.refused,
    output: outputItem(c, view, targets),
    layouts,
    ms,
  });
  if (!request.force && last !== null && last.id === request.onScreen && last.structure === structure && last.lines.length === lines.length) {
    const patches: { dotId: string; numbers: string[] }[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] === last.lines[i]) continue;
      const dotId = /^\s*(\S+) \[/.exec(lines[i])?.[1];
      if (dotId === undefined) continue;
      patches.push({ dotId, numbers: Array.from(lines[i].matchAll(NUMBER_FIELD), (m) => m[2]) });
    }
    last = { id: request.id, structure, lines };
    return { type: 'patched', id: request.id, dot, patches, items, facts: facts() };
  }
  const t2 = performance.now();
  const svg = (await graphviz()).renderString(dot, { format: 'svg', engine: 'dot' });
  ms.graphviz = performance.now() - t2;
  layouts++;
  last = { id: request.id, structure, lines };
  return { type: 'drawn', id: request.id, svg, dot, items, facts: facts() };
}

function keepView(id: number, view: SummaryView, targets: Map<string, DotTarget>): void {
  const groupIds: string[] = [];
  for (const [dotId, target] of targets) if (target.kind === 'group') groupIds[target.group] = dotId;
  views.set(id, { view, groupIds });
  for (const key of views.keys()) if (views.size > KEPT_VIEWS) views.delete(key);
}

function chooseView(c: GraphColumns, request: LayoutRequest): SummaryView {
  if (request.view === 'neighbourhood') {
    let row = c.output;
    if (request.focus !== null) {
      for (let r = 0; r < c.size; r++) {
        if (c.id[r] === request.focus) {
          row = r;
          break;
        }
      }
    }
    if (row >= 0) return neighbourhood(c, row, request.k, { budget: request.budget });
  }
  return summarize(c, { budget: request.budget, expanded: request.expanded, collapsed: request.collapsed });
}

/**
 * The DOT id of what shows the output: its record when drawn, else the closed group
 * that holds it (the first view opens there), else null.
 */
function outputItem(c: GraphColumns, view: SummaryView, targets: Map<string, DotTarget>): string | null {
  const id = `n${c.id[c.output]}`;
  if (targets.get(id)?.kind === 'row') return id;
  const holder = view.groups.findIndex((g) => g.outputs.rows.includes(c.output));
  if (holder < 0) return null;
  for (const [dotId, target] of targets) if (target.kind === 'group' && target.group === holder) return dotId;
  return null;
}

/** What the page needs to know about each drawn node, and nothing about the rest. */
function drawnItems(c: GraphColumns, view: SummaryView, targets: Map<string, DotTarget>): DrawnItem[] {
  const names = new Map(c.names.map((n) => [n.row, n.names[0] ?? '']));
  const items: DrawnItem[] = [];
  for (const [dotId, target] of targets) {
    if (target.kind === 'row') {
      const row = target.row;
      const op = c.op[row] >= 0 ? (c.ops[c.op[row]] ?? null) : null;
      items.push({
        dotId,
        kind: 'value',
        id: c.id[row],
        label: c.labels[c.label[row]] ?? '',
        name: names.get(row) ?? '',
        data: c.data[row],
        grad: c.grad[row],
        op,
        isOp: dotId.endsWith('_op'),
        leaf: c.kind[row] === 0,
        hasSource: c.site[row] >= 0,
      });
    } else if (target.kind === 'group') {
      const g = view.groups[target.group];
      items.push({ dotId, kind: 'group', key: g.key, title: g.title, values: g.values });
    } else {
      const cl = view.clusters[target.cluster];
      items.push({ dotId, kind: 'cluster', key: cl.key, title: cl.title, values: cl.values });
    }
  }
  return items;
}
