import type { ParameterStrip, Plot, Series } from '../src/lang/result';
import type { ProgressMessage, UpdateMessage } from '../src/shared/protocol';
import { HEIGHT, type Card, type CardContext, type SaveChart } from './chartCard';
import type { ChartTheme } from './chartSvg';
import { readTheme, themeKind } from './chartTheme';
import { stripCard } from './heatStrip';
import { lineCard, seriesCard } from './lineCharts';
import { pointCard } from './pointCharts';

// The charts under the graph (uPlot: small and fast): one per series (the loss, growing
// while the loop runs), one per plot()/scatter()/plot_boundary(), and the parameters'
// heat strip. This keeps the cards in step with the host's messages: a card is kept and
// fed new data while its key stays, made again when the theme changes, resized with the
// panel. The cards themselves are built in chartCard.ts, lineCharts.ts, pointCharts.ts
// and heatStrip.ts.

export class Charts {
  private cards = new Map<string, Card>();
  private readonly context: CardContext;
  private theme: ChartTheme = readTheme();
  private last: { series: Series[]; plots: Plot[]; parameters: ParameterStrip | null } = { series: [], plots: [], parameters: null };

  constructor(
    private readonly root: HTMLElement,
    save: SaveChart,
  ) {
    this.context = { root, theme: () => this.theme, save };
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
    this.last.series.forEach((s, i) => wanted.push([`series:${i}:${s.label}`, () => seriesCard(this.context, `series:${i}:${s.label}`, s), s]));
    this.last.plots.forEach((p, i) => wanted.push([`plot:${i}:${p.kind}:${p.title}`, () => this.plotCard(`plot:${i}:${p.kind}:${p.title}`, p), p]));
    const strip = this.last.parameters;
    if (strip !== null && strip.data.length > 0) wanted.push([`strip:${strip.label}:${strip.data.length}`, () => stripCard(this.context, `strip:${strip.label}`, strip), null]);
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

  private plotCard(key: string, plot: Plot): Card {
    const title = plot.title || (plot.kind === 'line' ? 'plot' : plot.kind === 'scatter' ? 'scatter' : 'decision boundary');
    return plot.kind === 'line' ? lineCard(this.context, key, title, plot) : pointCard(this.context, key, title, plot);
  }
}
