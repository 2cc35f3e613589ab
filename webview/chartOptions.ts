import type uPlot from 'uplot';
import { HEIGHT } from './chartCard';
import type { ChartTheme } from './chartSvg';

// The uPlot options every chart shares: numbers (not times) along x, the theme's axes
// and grid, no legend (the card's title names the one series).

export function baseOptions(t: ChartTheme): uPlot.Options {
  return {
    width: 0,
    height: HEIGHT,
    scales: { x: { time: false } },
    axes: axes(t),
    legend: { show: false },
    series: [],
  };
}

function axes(t: ChartTheme): uPlot.Axis[] {
  const axis = (): uPlot.Axis => ({
    stroke: t.muted,
    grid: { stroke: t.grid, width: 1 },
    ticks: { stroke: t.grid, width: 1 },
    font: `11px ${fontFamily()}`,
  });
  // The y axis wider: its labels are numbers such as -0.0012.
  return [axis(), { ...axis(), size: 56 }];
}

function fontFamily(): string {
  return getComputedStyle(document.body).fontFamily || 'sans-serif';
}
