import type { ParameterStrip } from '../src/lang/result';
import { canvasPng, exportButtons, frame, safeName, type Card, type CardContext } from './chartCard';
import { format, gaps, maxAbs } from './chartData';
import { xml, type ChartTheme } from './chartSvg';
import { mix } from './colour';

// The parameters' heat strip: one column per parameter, data on top and grad below,
// each row scaled by its own largest magnitude, on a diverging scale (blue positive,
// red negative, the background at zero), so a layer whose gradients vanish shows as a
// pale band.

export function heatColour(v: number | null, scale: number, t: ChartTheme): string {
  if (v === null) return t.muted;
  const amount = scale > 0 ? Math.min(1, Math.abs(v) / scale) : 0;
  return mix(v >= 0 ? t.positive : t.negative, t.bg, amount);
}

export function stripSvg(title: string, data: (number | null)[], grad: (number | null)[], t: ChartTheme): string {
  const cell = Math.max(1, Math.min(24, Math.floor(600 / Math.max(1, data.length))));
  const width = cell * data.length + 60;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="96" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="${xml(t.bg)}"/>`,
    `<text x="4" y="16" fill="${xml(t.fg)}" font-size="13" font-weight="600">${xml(title)}</text>`,
    `<text x="4" y="44" fill="${xml(t.muted)}">data</text>`,
    `<text x="4" y="76" fill="${xml(t.muted)}">grad</text>`,
  ];
  [data, grad].forEach((row, r) => {
    let scale = 0;
    for (const v of row) if (v !== null) scale = Math.max(scale, Math.abs(v));
    row.forEach((v, i) => out.push(`<rect x="${56 + i * cell}" y="${28 + r * 32}" width="${cell}" height="28" fill="${xml(heatColour(v, scale, t))}"/>`));
  });
  out.push('</svg>', '');
  return out.join('\n');
}

/** The strip's card: a canvas of one pixel a parameter, stretched by CSS, and its scales. */
export function stripCard(context: CardContext, key: string, strip: ParameterStrip): Card {
  const title = `${strip.label}: ${strip.data.length.toLocaleString('en-US')} parameters`;
  const name = safeName(strip.label || 'parameters');
  const { element, body, buttons } = frame(key, title, name);
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
        ctx.fillStyle = heatColour(v, scale, context.theme());
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
      // The exported PNG is drawn again larger: a one-pixel-a-parameter image is unreadable.
      const big = document.createElement('canvas');
      const cellW = Math.max(1, Math.ceil(600 / Math.max(1, data.length)));
      big.width = cellW * data.length;
      big.height = 48;
      draw(big, cellW, 24);
      return canvasPng(big, context.theme().bg);
    },
  };
  exportButtons(buttons, 'the heat strip', (fmt) => (fmt === 'png' ? card.png() : stripSvg(title, data, grad, context.theme())), name, context.save);
  return card;
}
