import type { GraphSettings, UpdateMessage } from '../src/shared/protocol';
import type { Choices } from './choices';
import { firstView, type Box } from './firstView';
import { applyHighlight, decorate, describe, fitTexts, markDotIds, patchNumbers } from './graph';
import type { LayoutClient } from './layout';
import type { DrawingFacts, DrawnItem, LayoutAnswer } from './layoutMessages';
import { banner, setView, stage } from './page';
import type { PanZoom, Size, ViewCause } from './panzoom';
import { reportError } from './report';
import type { SavedState } from './savedState';
import { unpaint } from './stepDrawing';
import { setNote } from './summaryNote';
import type { Toolbar } from './toolbar';

// The graph on screen: puts the layout worker's answers into the page (a new drawing,
// or new numbers patched into the one shown), or the empty state for a cell with no
// graph, and places the view: restored after a reload, a first view on a new graph,
// else kept where the user or the fit left it.

/** What is on screen now: the last graph drawn (kept while an error is shown). */
export interface Shown {
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
export interface Context {
  update: UpdateMessage;
  settings: GraphSettings;
}

export interface DrawingParts {
  panZoom: PanZoom;
  toolbar: Toolbar;
  layout: LayoutClient;
  choices: Choices;
  saved: SavedState;
  /** Lays the newest update out again; `force` even if its structure is the one shown. */
  relayout: (force: boolean) => void;
  /** A drawing is on screen, new or with new numbers (the step-through paints it again). */
  onShown: () => void;
}

export class Drawing {
  shown: Shown | null = null;
  /** The Values the editor's selection is on, marked in every drawing. */
  highlight: number[] = [];
  /** Who placed the view last: a resize keeps a page-placed or fitted view so. */
  placedBy: ViewCause = 'user';
  /** Drawings shown, for tests and the bench: each answer put on screen counts. */
  private drawings = 0;

  constructor(private readonly parts: DrawingParts) {}

  setHighlight(ids: number[]): void {
    this.highlight = ids;
    applyHighlight(this.shown?.svg ?? null, ids);
  }

  /** A cell with no graph: the empty state, which says why. */
  showEmpty(message: UpdateMessage, settings: GraphSettings): void {
    const { toolbar, saved } = this.parts;
    stage.replaceChildren();
    this.shown = { uri: message.uri, version: message.version, cell: message.cell, settings, dot: null, svg: null, size: null, output: null, facts: null, items: [] };
    setNote(null, this.parts.choices.neighbourhoodK);
    const charted = message.plots.length > 0 || message.series.length > 0 || message.parameters !== null;
    setView('empty', message.graphSize, charted);
    toolbar.setHasGraph(false);
    saved.schedule();
    this.count();
    this.parts.onShown();
  }

  show(answer: LayoutAnswer, { update, settings }: Context): void {
    const { panZoom, toolbar, layout, saved } = this.parts;
    if (answer.type === 'failed') {
      banner.show(['The graph could not be drawn.', answer.message]);
      reportError(new Error(answer.message));
      return;
    }
    const previous = this.shown;
    const sameView = previous !== null && previous.uri === update.uri && previous.cell === update.cell;
    let svg = previous?.svg ?? null;
    let size = previous?.size ?? null;
    let output = previous?.output ?? null;
    if (answer.type === 'patched') {
      // Only the numbers changed: they go into the drawing on screen, with no Graphviz run.
      // A step-through's numbers come out first, so the patch meets Graphviz's texts.
      if (svg !== null) unpaint(svg);
      if (svg === null || !patchNumbers(svg, answer.patches)) {
        this.parts.relayout(true);
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
    applyHighlight(svg, this.highlight);
    setView('graph');
    // Measured once the graph is visible (a hidden viewport has no layout), and before
    // anything below changes the SVG, so the page is laid out once for all the reading.
    if (answer.type === 'drawn') output = answer.facts.output === null ? null : this.outputBox(svg, answer.facts.output);
    toolbar.setHasGraph(true);
    toolbar.setSummary(!answer.facts.whole || answer.facts.view === 'neighbourhood');
    setNote(answer.facts, this.parts.choices.neighbourhoodK);
    const structureChanged = previous?.facts?.whole !== answer.facts.whole || previous?.facts?.view !== answer.facts.view;
    this.shown = { uri: update.uri, version: update.version, cell: update.cell, settings, dot: answer.dot, svg, size, output, facts: answer.facts, items: answer.items };
    this.count();
    document.body.dataset.layouts = String(answer.facts.layouts);
    document.body.dataset.layoutRestarts = String(this.parts.layout.restarts);
    const { view: viewMs, dot: dotMs, graphviz: graphvizMs } = answer.facts.ms;
    document.body.dataset.workerMs = `${viewMs.toFixed(0)} ${dotMs.toFixed(0)} ${graphvizMs.toFixed(0)}`;

    const restore = saved.take();
    if (restore && restore.uri === update.uri && restore.cell === update.cell) {
      panZoom.set({ zoom: restore.zoom, x: restore.pan.x, y: restore.pan.y });
      this.placedBy = 'user';
    } else if (!sameView || previous?.settings.rankdir !== settings.rankdir || previous.svg === null || structureChanged) {
      this.showFirstView();
    } else {
      this.placeAgain();
    }
    // Last: it reads the texts' widths (one layout, with the view placed) and then writes.
    fitTexts(svg);
    saved.schedule();
    this.parts.onShown();
  }

  /** After a resize: a view the page placed is placed again, a fitted one fitted again. */
  placeAgain(): void {
    if (this.placedBy === 'page') this.showFirstView();
    else if (this.placedBy === 'fit') this.parts.panZoom.fit();
  }

  private showFirstView(): void {
    const { panZoom } = this.parts;
    const shown = this.shown;
    const viewportSize = panZoom.viewportSize;
    const size = shown?.size ?? null;
    if (shown === null || size === null || viewportSize.width <= 0 || viewportSize.height <= 0) return;
    const summary = shown.facts !== null && (!shown.facts.whole || shown.facts.view === 'neighbourhood');
    panZoom.set(firstView(viewportSize, size, shown.output, shown.settings.rankdir, summary));
  }

  private outputBox(svg: SVGSVGElement, dotId: string): Box | null {
    const { panZoom } = this.parts;
    const title = Array.from(svg.querySelectorAll('g.node > title')).find((t) => t.getAttribute('data-dot-id') === dotId);
    const g = title?.parentElement;
    if (!g) return null;
    const r = g.getBoundingClientRect();
    const topLeft = panZoom.toContent(r.left, r.top);
    const bottomRight = panZoom.toContent(r.right, r.bottom);
    return { left: topLeft.x, top: topLeft.y, right: bottomRight.x, bottom: bottomRight.y };
  }

  private count(): void {
    this.drawings++;
    document.body.dataset.drawings = String(this.drawings);
  }
}
