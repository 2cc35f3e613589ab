import type { ChartTheme } from './chartSvg';
import { mix } from './colour';

// The charts' colours, from the VS Code theme's variables: uPlot draws on a canvas and
// the exports write SVG, so neither can follow CSS variables on its own.

/** The theme's kind as VS Code sets it on <body> (`vscode-dark` and the like). */
export function themeKind(): string {
  return Array.from(document.body.classList).filter((c) => c.startsWith('vscode-')).sort().join(' ');
}

export function readTheme(): ChartTheme {
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
