import type uPlot from 'uplot';
import type { Plot, Series } from '../src/lang/result';
import { mount, type Card, type CardContext } from './chartCard';
import { gaps, type Wire } from './chartData';
import { baseOptions } from './chartOptions';
import type { ChartPicture } from './chartSvg';

// The line charts: a series by step (the loss while the loop runs, fed new data in
// place as it grows) and a plot(xs, ys).

export function seriesCard(context: CardContext, key: string, series: Series): Card {
  const t = context.theme();
  const data = (s: Series): uPlot.AlignedData => [s.steps, gaps(s.values)];
  let current = series;
  const options: uPlot.Options = {
    ...baseOptions(t),
    cursor: { drag: { x: false, y: false } },
    series: [{ label: 'step' }, { label: series.label, stroke: t.line, width: 1.5, points: { show: false }, spanGaps: false }],
  };
  const card = mount(context, key, `${series.label} (${series.values.length.toLocaleString('en-US')} steps)`, options, data(series), (u) => linePicture(u, current.label, current.steps, gaps(current.values)), (source) => {
    if (!('steps' in source)) return false;
    current = source;
    card.plot?.setData(data(source));
    const title = card.element.querySelector('.chart-title');
    if (title) title.textContent = `${source.label} (${source.values.length.toLocaleString('en-US')} steps)`;
    return true;
  });
  return card;
}

/** A plot(): points joined in order, each marked while there are few enough to see. */
export function lineCard(context: CardContext, key: string, title: string, plot: Extract<Plot, { kind: 'line' }>): Card {
  const t = context.theme();
  const xs = plot.xs ?? plot.ys.map((_, i) => i);
  const options: uPlot.Options = {
    ...baseOptions(t),
    series: [{}, { stroke: t.line, width: 1.5, points: { show: xs.length <= 40, size: 4, fill: t.line } }],
  };
  return mount(context, key, title, options, [gaps(xs).map((x) => x ?? NaN), gaps(plot.ys)], (u) => linePicture(u, title, xs, gaps(plot.ys)));
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
