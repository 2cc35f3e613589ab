// A chart as a standalone SVG file, written from its data and the scales uPlot chose
// (uPlot draws on a canvas, which has no vector form). Plain text: user titles are
// escaped for XML, and the numbers are the chart's own.

export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  bg: string;
  line: string;
  classes: string[];
  positive: string;
  negative: string;
}

export interface ChartPicture {
  title: string;
  x: { min: number; max: number };
  y: { min: number; max: number };
  /** Polylines; a null breaks the line (a NaN). */
  lines: { x: number | null; y: number | null }[][];
  points: { x: number | null; y: number | null; colour: string }[];
  /** Raster cells under the points (a decision boundary). */
  cells: { x0: number; x1: number; y0: number; y1: number; colour: string }[];
}

const WIDTH = 640;
const HEIGHT = 360;
const M = { left: 64, right: 16, top: 32, bottom: 36 };

export function chartSvg(p: ChartPicture, t: ChartTheme): string {
  const w = WIDTH - M.left - M.right;
  const h = HEIGHT - M.top - M.bottom;
  const spanX = p.x.max - p.x.min || 1;
  const spanY = p.y.max - p.y.min || 1;
  const sx = (x: number): number => M.left + ((x - p.x.min) / spanX) * w;
  const sy = (y: number): number => M.top + h - ((y - p.y.min) / spanY) * h;
  const n = (v: number): string => (Math.round(v * 100) / 100).toString();
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="${attr(t.bg)}"/>`,
    `<text x="${M.left}" y="20" fill="${attr(t.fg)}" font-size="13" font-weight="600">${xml(p.title)}</text>`,
    `<defs><clipPath id="plot"><rect x="${M.left}" y="${M.top}" width="${w}" height="${h}"/></clipPath></defs>`,
  ];
  for (const c of p.cells) {
    const [x0, x1] = [sx(c.x0), sx(c.x1)].sort((a, b) => a - b);
    const [y0, y1] = [sy(c.y0), sy(c.y1)].sort((a, b) => a - b);
    out.push(`<rect clip-path="url(#plot)" x="${n(x0)}" y="${n(y0)}" width="${n(x1 - x0 + 0.3)}" height="${n(y1 - y0 + 0.3)}" fill="${attr(c.colour)}" fill-opacity="0.28"/>`);
  }
  for (const tick of ticks(p.x.min, p.x.max)) {
    const x = n(sx(tick));
    out.push(`<line x1="${x}" x2="${x}" y1="${M.top}" y2="${M.top + h}" stroke="${attr(t.grid)}"/>`);
    out.push(`<text x="${x}" y="${M.top + h + 16}" fill="${attr(t.muted)}" text-anchor="middle">${label(tick)}</text>`);
  }
  for (const tick of ticks(p.y.min, p.y.max)) {
    const y = n(sy(tick));
    out.push(`<line x1="${M.left}" x2="${M.left + w}" y1="${y}" y2="${y}" stroke="${attr(t.grid)}"/>`);
    out.push(`<text x="${M.left - 6}" y="${y}" dy="0.35em" fill="${attr(t.muted)}" text-anchor="end">${label(tick)}</text>`);
  }
  for (const line of p.lines) {
    let run: string[] = [];
    const flush = (): void => {
      if (run.length > 1) out.push(`<polyline clip-path="url(#plot)" fill="none" stroke="${attr(t.line)}" stroke-width="1.5" points="${run.join(' ')}"/>`);
      run = [];
    };
    for (const { x, y } of line) {
      if (x === null || y === null) flush();
      else run.push(`${n(sx(x))},${n(sy(y))}`);
    }
    flush();
  }
  for (const { x, y, colour } of p.points) {
    if (x === null || y === null) continue;
    out.push(`<circle cx="${n(sx(x))}" cy="${n(sy(y))}" r="3" fill="${attr(colour)}" stroke="${attr(t.bg)}" stroke-width="0.8"/>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${w}" height="${h}" fill="none" stroke="${attr(t.grid)}"/>`, '</svg>', '');
  return out.join('\n');
}

/** About five round ticks between lo and hi. */
export function ticks(lo: number, hi: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / 5;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

function label(v: number): string {
  return Math.abs(v) >= 1e5 || (v !== 0 && Math.abs(v) < 1e-3) ? v.toExponential(1) : String(v);
}

export function xml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function attr(text: string): string {
  return xml(text);
}
