import uPlot from 'uplot';
import type { Plot, Series } from '../src/lang/result';
import { chartSvg, type ChartPicture, type ChartTheme } from './chartSvg';
import { icon } from './icons';

// One chart's card: the <figure> with its title and PNG/SVG buttons, and a uPlot chart
// mounted in it. The buttons hand the file to the host's save message (SaveChart): a
// webview cannot write files.

export type SaveChart = (format: 'png' | 'svg', content: string, name: string) => void;

/** What every card needs from the chart manager. */
export interface CardContext {
  readonly root: HTMLElement;
  /** Read at each use: the theme can change while a card is on screen. */
  theme(): ChartTheme;
  readonly save: SaveChart;
}

export interface Card {
  key: string;
  element: HTMLElement;
  body: HTMLElement;
  plot: uPlot | null;
  picture: () => ChartPicture;
  png: () => string;
  /** New data for the same chart; false when it must be made again. */
  setData?: (source: Series | Plot) => boolean;
}

export const HEIGHT = 170;

export function frame(key: string, title: string, name: string): { element: HTMLElement; body: HTMLElement; buttons: HTMLElement } {
  const element = document.createElement('figure');
  element.className = 'chart';
  element.dataset.chart = key;
  const head = document.createElement('div');
  head.className = 'chart-head';
  const h = document.createElement('figcaption');
  h.className = 'chart-title';
  h.textContent = title;
  h.title = title;
  const buttons = document.createElement('div');
  head.append(h, buttons);
  const body = document.createElement('div');
  body.className = 'chart-body';
  element.append(head, body);
  element.dataset.name = name;
  return { element, body, buttons };
}

/** The PNG and SVG buttons; `what` names the card in their tooltips ("this chart"). */
export function exportButtons(buttons: HTMLElement, what: string, content: (format: 'png' | 'svg') => string, name: string, save: SaveChart): void {
  const make = (format: 'png' | 'svg'): HTMLElement => {
    const b = document.createElement('vscode-button');
    b.className = `export-${format} labelled`;
    b.setAttribute('appearance', 'icon');
    b.append(icon('export'), format.toUpperCase());
    const title = `Save ${what} as ${format.toUpperCase()}`;
    b.title = title;
    b.setAttribute('aria-label', title);
    b.addEventListener('click', () => save(format, content(format), name));
    return b;
  };
  buttons.className = 'chart-buttons';
  buttons.append(make('png'), make('svg'));
}

/** A uPlot chart in a new card, appended to the root (uPlot measures it there). */
export function mount(
  context: CardContext,
  key: string,
  title: string,
  options: uPlot.Options,
  data: uPlot.AlignedData,
  picture: (u: uPlot) => ChartPicture,
  setData?: Card['setData'],
): Card {
  const { root } = context;
  const name = safeName(title);
  const { element, body, buttons } = frame(key, title, name);
  // Appended before uPlot measures: a detached body has no width.
  root.append(element);
  root.hidden = false;
  const width = Math.max(200, body.clientWidth || root.clientWidth - 32);
  const plot = new uPlot({ ...options, width, height: HEIGHT }, data, body);
  const card: Card = {
    key,
    element,
    body,
    plot,
    picture: () => picture(plot),
    png: () => canvasPng(plot.ctx.canvas, context.theme().bg),
    ...(setData ? { setData } : {}),
  };
  exportButtons(buttons, 'this chart', (format) => (format === 'png' ? card.png() : chartSvg(card.picture(), context.theme())), name, context.save);
  return card;
}

/** The canvas as a PNG in base64, on the theme's background (a canvas is transparent). */
export function canvasPng(canvas: HTMLCanvasElement, bg: string): string {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const ctx = out.getContext('2d');
  if (ctx) {
    ctx.fillStyle = bg;
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(canvas, 0, 0);
  }
  return out.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

/** A title as a file name part: word characters, dots and dashes, at most 40. */
export function safeName(title: string): string {
  return title.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'chart';
}
