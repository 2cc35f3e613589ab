import type { ChartNumbers } from '../src/shared/protocol';

// The charts' numbers as they come from the host, and the few sums the charts take of them.

/** Numbers from the wire: a null was a NaN or an infinity, drawn as a gap. */
export type Wire = ChartNumbers | number[];

/** Every value not finite as null: uPlot and the SVG export both break a line there. */
export function gaps(values: Wire): (number | null)[] {
  return values.map((v) => (v === null || !Number.isFinite(v) ? null : v));
}

/** The values' range with 5% to spare, so no point sits on the frame; [0, 1] for none. */
export function bounds(values: (number | null)[]): [number, number] {
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

export function maxAbs(values: (number | null)[]): number {
  let m = 0;
  for (const v of values) if (v !== null) m = Math.max(m, Math.abs(v));
  return m;
}

/** Four significant digits, or an exponent when that would hide the number. */
export function format(x: number): string {
  return Math.abs(x) >= 1e4 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}
