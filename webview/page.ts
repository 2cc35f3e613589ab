import { Banner } from './banner';

// The page's fixed parts, as html.ts writes them, and what it shows besides a graph:
// the error banner over it and the empty state instead of it. Everything is built with
// DOM calls and textContent, so no message text can become markup.

export function element(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`The page has no #${id}`);
  return el;
}

export const viewport = element('viewport');
export const stage = element('stage');
const bannerElement = element('banner');
const empty = element('empty');

/**
 * Shows the graph, or instead of it why there is none: the cell has no output yet (or
 * draws charts only), or its graph (`graphSize` Values) was not kept to draw.
 */
export function setView(view: 'graph' | 'empty', graphSize = 0, charted = false): void {
  document.body.dataset.view = view;
  viewport.hidden = view !== 'graph';
  empty.hidden = view !== 'empty';
  if (view !== 'empty') return;
  const title = document.createElement('p');
  title.className = 'empty-title';
  const hint = document.createElement('p');
  hint.className = 'empty-hint';
  if (graphSize > 0) {
    // Any size is summarised: a graph arrives without its columns only when the file's
    // earlier cells kept as many values as an evaluation holds (twice gradlens.maxNodes).
    title.textContent = `This cell's graph has ${graphSize.toLocaleString('en-US')} values, more than the cells before it left room to keep.`;
    hint.textContent = 'Raise gradlens.maxNodes, draw a smaller part with draw_dot(x) on a value inside it, or hover a variable to read its gradient.';
  } else if (charted) {
    // A cell of plots (plot_boundary(model, X, y)) is not waiting for anything.
    title.textContent = 'This cell draws no graph: its charts are below.';
    hint.textContent = 'End it with an expression, such as the name of a value, to draw that value\u2019s graph too.';
  } else {
    title.textContent = 'This cell has no output yet\u2026';
    hint.textContent = 'End the cell with an expression, such as the name of the value to differentiate, to draw its graph.';
  }
  empty.replaceChildren(title, hint);
}

/** The error banner; see banner.ts for when it changes. */
export const banner = new Banner({
  get visible() {
    return !bannerElement.hidden;
  },
  show: showBanner,
  hide: hideBanner,
});

function showBanner(lines: readonly string[]): void {
  const items = lines.map((line) => {
    const p = document.createElement('p');
    p.textContent = line;
    return p;
  });
  bannerElement.replaceChildren(...items);
  bannerElement.hidden = false;
  document.body.classList.add('has-error');
}

function hideBanner(): void {
  bannerElement.hidden = true;
  bannerElement.replaceChildren();
  document.body.classList.remove('has-error');
}
