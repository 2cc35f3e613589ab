import uPlot from 'uplot';
import type { ParameterStrip, Plot, Series } from '../src/lang/result';
import type { ChartNumbers, ProgressMessage, UpdateMessage } from '../src/shared/protocol';
import { icon } from './icons';
import { chartSvg, type ChartPicture, type ChartTheme } from './chartSvg';
import { heatColour, stripSvg } from './heatStrip';

// The charts under the graph (uPlot: small and fast): one per series (the loss, growing
// while the loop runs), one per plot()/scatter()/plot_boundary(), and the parameters'
// heat strip. Colours come from the theme's variables, read again when the theme
// changes. Each chart exports a PNG (its canvas) and an SVG (written here from the data
// and the scales uPlot chose), through the host's save message.

export type SaveChart = (format: 'png' | 'svg', content: string, name: string) => void;

/** Numbers from the wire: a null was a NaN or an infinity, drawn as a gap. */
type Wire = ChartNumbers | number[];

type Theme = ChartTheme;

interface Card {
  key: string;
  element: HTMLElement;
  body: HTMLElement;
  plot: uPlot | null;
  picture: () => ChartPicture;
  png: () => string;
  /** New data for the same chart; false when it must be made again. */
  setData?: (source: Series | Plot) => boolean;
}

const HEIGHT = 170;

export class Charts {
  private cards = new Map<string, Card>();
  private theme: Theme = readTheme();
  private last: { series: Series[]; plots: Plot[]; parameters: ParameterStrip | null } = { series: [], plots: [], parameters: null };

  constructor(
    private readonly root: HTMLElement,
    private readonly save: SaveChart,
  ) {
    // VS Code sets the theme's kind as a class on <body>: the colours change with it.
    // The page's own classes (stale, has-error) come and go without a new theme.
    let kind = themeKind();
    new MutationObserver(() => {
      if (themeKind() === kind) return;
      kind = themeKind();
      this.theme = readTheme();
      this.rebuild();
    }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
    new ResizeObserver(() => this.resize()).observe(root);
  }

  update(message: UpdateMessage): void {
    this.last = { series: message.series, plots: message.plots, parameters: message.parameters };
    this.render();
  }

  /** Series so far from a running loop: the charts grow. */
  progress(message: ProgressMessage): void {
    this.last = { ...this.last, series: message.series };
    this.render();
  }

  private rebuild(): void {
    for (const card of this.cards.values()) card.plot?.destroy();
    this.cards.clear();
    this.root.replaceChildren();
    this.render();
  }

  private render(): void {
    const wanted: [string, () => Card, Series | Plot | null][] = [];
    this.last.series.forEach((s, i) => wanted.push([`series:${i}:${s.label}`, () => this.seriesCard(`series:${i}:${s.label}`, s), s]));
    this.last.plots.forEach((p, i) => wanted.push([`plot:${i}:${p.kind}:${p.title}`, () => this.plotCard(`plot:${i}:${p.kind}:${p.title}`, p), p]));
    const strip = this.last.parameters;
    if (strip !== null && strip.data.length > 0) wanted.push([`strip:${strip.label}:${strip.data.length}`, () => this.stripCard(`strip:${strip.label}`, strip), null]);
    const keep = new Set(wanted.map(([key]) => key));
    for (const [key, card] of this.cards) {
      if (keep.has(key)) continue;
      card.plot?.destroy();
      card.element.remove();
      this.cards.delete(key);
    }
    const order: HTMLElement[] = [];
    for (const [key, make, source] of wanted) {
      let card = this.cards.get(key);
      if (card !== undefined && source !== null && card.setData?.(source) !== true) {
        card.plot?.destroy();
        card = undefined;
      } else if (card !== undefined && source === null) {
        // A strip is a few hundred pixels: drawn again whole.
        card.element.remove();
        card = undefined;
      }
      if (card === undefined) {
        card = make();
        this.cards.set(key, card);
      }
      order.push(card.element);
    }
    this.root.replaceChildren(...order);
    this.root.hidden = order.length === 0;
  }

  private resize(): void {
    for (const card of this.cards.values()) {
      const width = card.body.clientWidth;
      if (card.plot && width > 0 && Math.abs(card.plot.width - width) > 1) card.plot.setSize({ width, height: HEIGHT });
    }
  }

  private frame(key: string, title: string, name: string): { element: HTMLElement; body: HTMLElement; buttons: HTMLElement } {
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

  private exportButtons(buttons: HTMLElement, card: () => Card, name: string): void {
    const make = (format: 'png' | 'svg'): HTMLElement => {
      const b = document.createElement('vscode-button');
      b.className = `export-${format} labelled`;
      b.setAttribute('appearance', 'icon');
      b.append(icon('export'), format.toUpperCase());
      const title = `Save this chart as ${format.toUpperCase()}`;
      b.title = title;
      b.setAttribute('aria-label', title);
      b.addEventListener('click', () => {
        const c = card();
        this.save(format, format === 'png' ? c.png() : chartSvg(c.picture(), this.theme), name);
      });
      return b;
    };
    buttons.className = 'chart-buttons';
    buttons.append(make('png'), make('svg'));
  }

  private mount(key: string, title: string, options: uPlot.Options, data: uPlot.AlignedData, picture: (u: uPlot) => ChartPicture, setData?: Card['setData']): Card {
    const name = safeName(title);
    const { element, body, buttons } = this.frame(key, title, name);
    // Appended before uPlot measures: a detached body has no width.
    this.root.append(element);
    this.root.hidden = false;
    const width = Math.max(200, body.clientWidth || this.root.clientWidth - 32);
    const plot = new uPlot({ ...options, width, height: HEIGHT }, data, body);
    const card: Card = {
      key,
      element,
      body,
      plot,
      picture: () => picture(plot),
      png: () => canvasPng(plot.ctx.canvas, this.theme.bg),
      ...(setData ? { setData } : {}),
    };
    this.exportButtons(buttons, () => card, name);
    return card;
  }

  private axes(): uPlot.Axis[] {
    const t = this.theme;
    const axis = (): uPlot.Axis => ({
      stroke: t.muted,
      grid: { stroke: t.grid, width: 1 },
      ticks: { stroke: t.grid, width: 1 },
      font: `11px ${fontFamily()}`,
    });
    return [axis(), { ...axis(), size: 56 }];
  }

  private seriesCard(key: string, series: Series): Card {
    const t = this.theme;
    const data = (s: Series): uPlot.AlignedData => [s.steps, gaps(s.values)];
    let current = series;
    const options: uPlot.Options = {
      width: 0,
      height: HEIGHT,
      scales: { x: { time: false } },
      axes: this.axes(),
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      series: [{ label: 'step' }, { label: series.label, stroke: t.line, width: 1.5, points: { show: false }, spanGaps: false }],
    };
    const card = this.mount(key, `${series.label} (${series.values.length.toLocaleString('en-US')} steps)`, options, data(series), (u) => linePicture(u, current.label, current.steps, gaps(current.values)), (source) => {
      if (!('steps' in source)) return false;
      current = source;
      card.plot?.setData(data(source));
      const title = card.element.querySelector('.chart-title');
      if (title) title.textContent = `${source.label} (${source.values.length.toLocaleString('en-US')} steps)`;
      return true;
    });
    return card;
  }

  private plotCard(key: string, plot: Plot): Card {
    const t = this.theme;
    const title = plot.title || (plot.kind === 'line' ? 'plot' : plot.kind === 'scatter' ? 'scatter' : 'decision boundary');
    if (plot.kind === 'line') {
      const xs = plot.xs ?? plot.ys.map((_, i) => i);
      const options: uPlot.Options = {
        width: 0,
        height: HEIGHT,
        scales: { x: { time: false } },
        axes: this.axes(),
        legend: { show: false },
        series: [{}, { stroke: t.line, width: 1.5, points: { show: xs.length <= 40, size: 4, fill: t.line } }],
      };
      return this.mount(key, title, options, [gaps(xs).map((x) => x ?? NaN), gaps(plot.ys)], (u) => linePicture(u, title, xs, gaps(plot.ys)));
    }
    // Points (and the boundary's raster) are drawn in uPlot's hooks over scales set to
    // the data's bounds: uPlot gives the axes, the grid and the pixel mapping.
    const xs = gaps(plot.xs);
    const ys = gaps(plot.ys);
    const grid = plot.kind === 'boundary' ? plot.grid : null;
    const [xMin, xMax] = grid ? [grid.xMin, grid.xMax] : bounds(xs);
    const [yMin, yMax] = grid ? [grid.yMin, grid.yMax] : bounds(ys);
    const classes = plot.classes === null ? null : gaps(plot.classes);
    const palette = classPalette(classes, t);
    const options: uPlot.Options = {
      width: 0,
      height: HEIGHT,
      scales: { x: { time: false, range: [xMin, xMax] }, y: { range: [yMin, yMax] } },
      axes: this.axes(),
      legend: { show: false },
      cursor: { show: false },
      series: [{}, { stroke: 'transparent', points: { show: false } }],
      hooks: {
        drawClear: [
          (u) => {
            if (grid === null) return;
            const ctx = u.ctx;
            const { columns, rows, values } = grid;
            const dx = columns > 1 ? (grid.xMax - grid.xMin) / (columns - 1) : grid.xMax - grid.xMin;
            const dy = rows > 1 ? (grid.yMax - grid.yMin) / (rows - 1) : grid.yMax - grid.yMin;
            ctx.save();
            ctx.beginPath();
            ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
            ctx.clip();
            for (let r = 0; r < rows; r++) {
              for (let c = 0; c < columns; c++) {
                const v = values[r * columns + c];
                if (v === null || v === undefined) continue;
                const x0 = u.valToPos(grid.xMin + (c - 0.5) * dx, 'x', true);
                const x1 = u.valToPos(grid.xMin + (c + 0.5) * dx, 'x', true);
                const y0 = u.valToPos(grid.yMin + (r - 0.5) * dy, 'y', true);
                const y1 = u.valToPos(grid.yMin + (r + 0.5) * dy, 'y', true);
                ctx.fillStyle = v > 0 ? t.positive : t.negative;
                ctx.globalAlpha = 0.28;
                ctx.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0) + 0.5, Math.abs(y1 - y0) + 0.5);
              }
            }
            ctx.restore();
          },
        ],
        draw: [
          (u) => {
            const ctx = u.ctx;
            const radius = 3 * devicePixelRatio;
            ctx.save();
            for (let i = 0; i < xs.length; i++) {
              const x = xs[i];
              const y = ys[i];
              if (x === null || y === null) continue;
              ctx.beginPath();
              ctx.arc(u.valToPos(x, 'x', true), u.valToPos(y, 'y', true), radius, 0, 2 * Math.PI);
              ctx.fillStyle = palette(classes?.[i] ?? null);
              ctx.fill();
              ctx.strokeStyle = t.bg;
              ctx.lineWidth = devicePixelRatio;
              ctx.stroke();
            }
            ctx.restore();
          },
        ],
      },
    };
    return this.mount(key, title, options, [[xMin, xMax], [yMin, yMax]], (u) => ({
      title,
      x: { min: u.scales.x.min ?? xMin, max: u.scales.x.max ?? xMax },
      y: { min: u.scales.y.min ?? yMin, max: u.scales.y.max ?? yMax },
      lines: [],
      points: xs.map((x, i) => ({ x, y: ys[i], colour: palette(classes?.[i] ?? null) })),
      cells: grid === null ? [] : gridCells(grid, t),
    }));
  }

  private stripCard(key: string, strip: ParameterStrip): Card {
    const title = `${strip.label}: ${strip.data.length.toLocaleString('en-US')} parameters`;
    const name = safeName(strip.label || 'parameters');
    const { element, body, buttons } = this.frame(key, title, name);
    const data = gaps(strip.data);
    const grad = gaps(strip.grad);
    const canvas = document.createElement('canvas');
    canvas.className = 'strip';
    canvas.width = data.length;
    canvas.height = 2;
    const draw = (target: HTMLCanvasElement, cellW: number, cellH: number): void => {
      const ctx = target.getContext('2d');
      if (!ctx) return;
      const rows = [data, grad];
      rows.forEach((row, r) => {
        const scale = maxAbs(row);
        row.forEach((v, i) => {
          ctx.fillStyle = heatColour(v, scale, this.theme);
          ctx.fillRect(i * cellW, r * cellH, cellW, cellH);
        });
      });
    };
    draw(canvas, 1, 1);
    const note = document.createElement('p');
    note.className = 'chart-note';
    note.textContent = `top: data (max |data| ${format(maxAbs(data))}), bottom: grad (max |grad| ${format(maxAbs(grad))}); ${'blue'} positive, ${'red'} negative`;
    body.append(canvas, note);
    const card: Card = {
      key,
      element,
      body,
      plot: null,
      picture: () => ({ title, x: { min: 0, max: 1 }, y: { min: 0, max: 1 }, lines: [], points: [], cells: [] }),
      png: () => {
        const big = document.createElement('canvas');
        const cellW = Math.max(1, Math.ceil(600 / Math.max(1, data.length)));
        big.width = cellW * data.length;
        big.height = 48;
        draw(big, cellW, 24);
        return canvasPng(big, this.theme.bg);
      },
    };
    buttons.className = 'chart-buttons';
    const makeButton = (fmt: 'png' | 'svg'): HTMLElement => {
      const b = document.createElement('vscode-button');
      b.className = `export-${fmt} labelled`;
      b.setAttribute('appearance', 'icon');
      b.append(icon('export'), fmt.toUpperCase());
      b.title = `Save the heat strip as ${fmt.toUpperCase()}`;
      b.setAttribute('aria-label', b.title);
      b.addEventListener('click', () => this.save(fmt, fmt === 'png' ? card.png() : stripSvg(title, data, grad, this.theme), name));
      return b;
    };
    buttons.append(makeButton('png'), makeButton('svg'));
    return card;
  }
}

function themeKind(): string {
  return Array.from(document.body.classList).filter((c) => c.startsWith('vscode-')).sort().join(' ');
}

function readTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string): string => style.getPropertyValue(name).trim() || fallback;
  const fg = v('--vscode-editor-foreground', '#cccccc');
  const bg = v('--vscode-editor-background', '#1f1f1f');
  const blue = v('--vscode-charts-blue', '#3794ff');
  const red = v('--vscode-charts-red', '#f14c4c');
  return {
    fg,
    bg,
    muted: v('--vscode-descriptionForeground', fg),
    grid: mix(fg, bg, 0.14),
    line: blue,
    classes: [red, blue, v('--vscode-charts-green', '#89d185'), v('--vscode-charts-orange', '#d18616'), v('--vscode-charts-purple', '#b180d7'), v('--vscode-charts-yellow', '#cca700')],
    positive: blue,
    negative: red,
  };
}

/** `a` over `b` at `amount`, for colours canvas and SVG both take (#rrggbb or rgb()). */
function mix(a: string, b: string, amount: number): string {
  const pa = parseColour(a);
  const pb = parseColour(b);
  if (pa === null || pb === null) return a;
  const c = pa.map((x, i) => Math.round(x * amount + pb[i] * (1 - amount)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

function parseColour(colour: string): [number, number, number] | null {
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(colour);
  if (hex) {
    const n = parseInt(hex[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(colour);
  if (short) return [parseInt(short[1] + short[1], 16), parseInt(short[2] + short[2], 16), parseInt(short[3] + short[3], 16)];
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
}

function fontFamily(): string {
  return getComputedStyle(document.body).fontFamily || 'sans-serif';
}

function gaps(values: Wire): (number | null)[] {
  return values.map((v) => (v === null || !Number.isFinite(v) ? null : v));
}

function bounds(values: (number | null)[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v === null) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (!Number.isFinite(lo)) return [0, 1];
  const pad = (hi - lo) * 0.05 || 1;
  return [lo - pad, hi + pad];
}

function maxAbs(values: (number | null)[]): number {
  let m = 0;
  for (const v of values) if (v !== null) m = Math.max(m, Math.abs(v));
  return m;
}

function format(x: number): string {
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}

/** Each distinct class its own colour, in sorted order (`-1` red and `1` blue, as micrograd's demo). */
function classPalette(classes: (number | null)[] | null, t: Theme): (c: number | null) => string {
  if (classes === null) return () => t.line;
  const distinct = [...new Set(classes.filter((c): c is number => c !== null))].sort((a, b) => a - b);
  return (c) => (c === null ? t.muted : t.classes[distinct.indexOf(c) % t.classes.length]);
}

function gridCells(grid: Extract<Plot, { kind: 'boundary' }>['grid'], t: Theme): ChartPicture['cells'] {
  const { columns, rows, values } = grid;
  const dx = columns > 1 ? (grid.xMax - grid.xMin) / (columns - 1) : 1;
  const dy = rows > 1 ? (grid.yMax - grid.yMin) / (rows - 1) : 1;
  const cells: ChartPicture['cells'] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const v = (values as (number | null)[])[r * columns + c];
      if (v === null || v === undefined) continue;
      cells.push({ x0: grid.xMin + (c - 0.5) * dx, x1: grid.xMin + (c + 0.5) * dx, y0: grid.yMin + (r - 0.5) * dy, y1: grid.yMin + (r + 0.5) * dy, colour: v > 0 ? t.positive : t.negative });
    }
  }
  return cells;
}

function linePicture(u: uPlot, title: string, xs: Wire, ys: (number | null)[]): ChartPicture {
  const points = gaps(xs).map((x, i) => ({ x, y: ys[i] ?? null }));
  return {
    title,
    x: { min: u.scales.x.min ?? 0, max: u.scales.x.max ?? 1 },
    y: { min: u.scales.y.min ?? 0, max: u.scales.y.max ?? 1 },
    lines: [points],
    points: [],
    cells: [],
  };
}

/** The canvas as a PNG in base64, on the theme's background (a canvas is transparent). */
function canvasPng(canvas: HTMLCanvasElement, bg: string): string {
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

function safeName(title: string): string {
  return title.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 40) || 'chart';
}
