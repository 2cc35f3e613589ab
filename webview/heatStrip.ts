import { xml, type ChartTheme } from './chartSvg';

// The parameters' heat strip: one column per parameter, data on top and grad below,
// each row scaled by its own largest magnitude, on a diverging scale (blue positive,
// red negative, the background at zero), so a layer whose gradients vanish shows as a
// pale band.

export function heatColour(v: number | null, scale: number, t: ChartTheme): string {
  if (v === null) return t.muted;
  const amount = scale > 0 ? Math.min(1, Math.abs(v) / scale) : 0;
  return blend(v >= 0 ? t.positive : t.negative, t.bg, amount);
}

function blend(a: string, b: string, amount: number): string {
  const pa = rgb(a);
  const pb = rgb(b);
  if (pa === null || pb === null) return a;
  const c = pa.map((x, i) => Math.round(x * amount + pb[i] * (1 - amount)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

function rgb(colour: string): [number, number, number] | null {
  const hex = /^#([0-9a-f]{6})/i.exec(colour);
  if (hex) {
    const n = parseInt(hex[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(colour);
  if (short) return [parseInt(short[1] + short[1], 16), parseInt(short[2] + short[2], 16), parseInt(short[3] + short[3], 16)];
  const m = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
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
