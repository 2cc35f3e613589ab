// Colour arithmetic for the charts: the theme gives #rrggbb or rgb() strings, and both
// the canvas and an exported SVG take the rgb() this writes back.

/** `a` over `b` at `amount`; `a` unchanged when either is not a colour this can read. */
export function mix(a: string, b: string, amount: number): string {
  const pa = parseColour(a);
  const pb = parseColour(b);
  if (pa === null || pb === null) return a;
  const c = pa.map((x, i) => Math.round(x * amount + pb[i] * (1 - amount)));
  return `rgb(${c[0]}, ${c[1]}, ${c[2]})`;
}

function parseColour(colour: string): [number, number, number] | null {
  const hex = /^#([0-9a-f]{6})([0-9a-f]{2})?$/i.exec(colour);
  if (hex) {
    const n = parseInt(hex[1], 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(colour);
  if (short) return [parseInt(short[1] + short[1], 16), parseInt(short[2] + short[2], 16), parseInt(short[3] + short[3], 16)];
  const rgb = /^rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(colour);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : null;
}
