// A line's history as a picture for the hover: an SVG (a data URI, which Markdown
// hovers render as an image) and the same samples as Unicode blocks, its alt text, for
// a reader or renderer that shows no images.

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * `▇▆▅▃▂▁`: at most `width` blocks, each the mean of its share of the samples (finite
 * ones), the lowest ▁ and the highest █; a gap where a share has no finite sample.
 */
export function blockSparkline(samples: number[], width = 24): string {
  const points = buckets(samples, width);
  const { lo, hi } = finiteRange(points);
  return points.map((x) => {
    if (!Number.isFinite(x)) return ' ';
    if (hi === lo) return BLOCKS[3];
    return BLOCKS[Math.min(BLOCKS.length - 1, Math.floor(((x - lo) / (hi - lo)) * BLOCKS.length))];
  }).join('');
}

export interface SparklineStyle {
  width: number;
  height: number;
  /**
   * An image cannot read the editor's theme, so one mid-tone blue, legible on light and
   * dark backgrounds alike (VS Code's own #3794ff is 3.2:1 on white, 6:1 on #1e1e1e).
   */
  colour: string;
}

export const SPARKLINE_STYLE: SparklineStyle = { width: 240, height: 40, colour: '#3794ff' };

/**
 * The samples as a polyline, first on the left, the largest at the top, with the last
 * point marked; non-finite samples break the line. ASCII only, numbers rounded to a
 * tenth of a pixel: a small SVG whose base64 fits a hover easily.
 */
export function sparklineSvg(samples: number[], style: SparklineStyle = SPARKLINE_STYLE): string {
  const { width, height, colour } = style;
  const pad = 3;
  const { lo, hi } = finiteRange(samples);
  const n = samples.length;
  const x = (i: number) => round(n === 1 ? width / 2 : pad + (i * (width - 2 * pad)) / (n - 1));
  const y = (v: number) => round(hi === lo ? height / 2 : pad + ((hi - v) * (height - 2 * pad)) / (hi - lo));
  const runs: string[] = [];
  let run: string[] = [];
  samples.forEach((v, i) => {
    if (Number.isFinite(v)) {
      run.push(`${x(i)},${y(v)}`);
    } else if (run.length > 0) {
      runs.push(run.join(' '));
      run = [];
    }
  });
  if (run.length > 0) runs.push(run.join(' '));
  const lines = runs.map((points) =>
    `<polyline points="${points}" fill="none" stroke="${colour}" stroke-width="1.5" stroke-linejoin="round" stroke-linecap="round"/>`);
  const lastIndex = lastFiniteIndex(samples);
  const dot = lastIndex < 0 ? '' : `<circle cx="${x(lastIndex)}" cy="${y(samples[lastIndex])}" r="2.5" fill="${colour}"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${lines.join('')}${dot}</svg>`;
}

/** An SVG as a `data:` URI. The SVG is ASCII, so btoa needs no encoding step. */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${btoa(svg)}`;
}

/** The samples in `count` consecutive shares, each as its finite samples' mean (all of them when there are fewer). */
function buckets(samples: number[], count: number): number[] {
  if (samples.length <= count) return samples;
  return Array.from({ length: count }, (_, i) => {
    let sum = 0, n = 0;
    for (let j = Math.floor((i * samples.length) / count); j < Math.floor(((i + 1) * samples.length) / count); j++) {
      if (Number.isFinite(samples[j])) {
        sum += samples[j];
        n++;
      }
    }
    return n === 0 ? NaN : sum / n;
  });
}

function finiteRange(samples: number[]): { lo: number; hi: number } {
  let lo = Infinity, hi = -Infinity;
  for (const v of samples) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return lo <= hi ? { lo, hi } : { lo: 0, hi: 0 };
}

function lastFiniteIndex(samples: number[]): number {
  for (let i = samples.length - 1; i >= 0; i--) if (Number.isFinite(samples[i])) return i;
  return -1;
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}
