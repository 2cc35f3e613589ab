import type uPlot from 'uplot';
import type { Plot } from '../src/lang/result';
import { mount, type Card, type CardContext } from './chartCard';
import { bounds, gaps } from './chartData';
import { baseOptions } from './chartOptions';
import type { ChartPicture, ChartTheme } from './chartSvg';

// The point charts: scatter(xs, ys, classes) and plot_boundary's decision boundary (the
// same points over a raster of the model's sign). Points (and the raster) are drawn in
// uPlot's hooks over scales set to the data's bounds: uPlot gives the axes, the grid and
// the pixel mapping.

type PointPlot = Exclude<Plot, { kind: 'line' }>;
type Grid = Extract<Plot, { kind: 'boundary' }>['grid'];

export function pointCard(context: CardContext, key: string, title: string, plot: PointPlot): Card {
  const t = context.theme();
  const xs = gaps(plot.xs);
  const ys = gaps(plot.ys);
  const grid = plot.kind === 'boundary' ? plot.grid : null;
  const [xMin, xMax] = grid ? [grid.xMin, grid.xMax] : bounds(xs);
  const [yMin, yMax] = grid ? [grid.yMin, grid.yMax] : bounds(ys);
  const classes = plot.classes === null ? null : gaps(plot.classes);
  const palette = classPalette(classes, t);
  const options: uPlot.Options = {
    ...baseOptions(t),
    scales: { x: { time: false, range: [xMin, xMax] }, y: { range: [yMin, yMax] } },
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
  return mount(context, key, title, options, [[xMin, xMax], [yMin, yMax]], (u) => ({
    title,
    x: { min: u.scales.x.min ?? xMin, max: u.scales.x.max ?? xMax },
    y: { min: u.scales.y.min ?? yMin, max: u.scales.y.max ?? yMax },
    lines: [],
    points: xs.map((x, i) => ({ x, y: ys[i], colour: palette(classes?.[i] ?? null) })),
    cells: grid === null ? [] : gridCells(grid, t),
  }));
}

/** Each distinct class its own colour, in sorted order (`-1` red and `1` blue, as micrograd's demo). */
function classPalette(classes: (number | null)[] | null, t: ChartTheme): (c: number | null) => string {
  if (classes === null) return () => t.line;
  const distinct = [...new Set(classes.filter((c): c is number => c !== null))].sort((a, b) => a - b);
  return (c) => (c === null ? t.muted : t.classes[distinct.indexOf(c) % t.classes.length]);
}

function gridCells(grid: Grid, t: ChartTheme): ChartPicture['cells'] {
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
