// How the step-through writes a number inside its arithmetic (`-2 · -3 = 6`): at most
// the panel's precision, without the padding zeros the records show (`6.0000`), so a
// term reads as the lecture writes it on the board.

export function compact(x: number, precision: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const text = x.toFixed(Math.min(precision, 20)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  return text === '-0' ? '0' : text;
}
