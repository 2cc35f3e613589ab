import { fixed, type EvalResult, type LineIndex } from '../../lang';

/** One inline value: the text to show right after the statement that ends at `offset`. */
export interface InlineValue {
  offset: number;
  text: string;
  /** The variable the statement bound or changed, for the tooltip. */
  name: string;
}

/**
 * `= data  ∇ grad` after each statement that bound or changed a variable, with the
 * numbers its node has at the end of the cell. On a line like `e = a*b; e.label = 'e'`
 * only the last statement touching that node shows it: both would show the same numbers.
 * `within` limits the result to statements ending inside an offset range (the part of
 * the editor VS Code asks about).
 */
export function inlineValues(
  result: EvalResult, lines: LineIndex, precision: number, within?: { start: number; end: number },
): InlineValue[] {
  const values: InlineValue[] = [];
  for (const cell of result.cells) {
    const byId = new Map(cell.nodes.map((n) => [n.id, n]));
    cell.bindings.forEach((binding, i) => {
      const end = trimEnd(lines.text, binding.range.start, binding.range.end);
      if (within && (end < within.start || end > within.end)) return;
      const node = byId.get(binding.node);
      if (!node) return;
      const line = lines.positionAt(end).line;
      const repeated = cell.bindings.slice(i + 1).some((b) =>
        b.name === binding.name && b.node === binding.node && lines.positionAt(trimEnd(lines.text, b.range.start, b.range.end)).line === line);
      if (repeated) return;
      values.push({ offset: end, text: `= ${fixed(node.data, precision)}  ∇ ${fixed(node.grad, precision)}`, name: binding.name });
    });
  }
  return values;
}

/** The end of a statement without trailing blanks, so the hint sits right after its text. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
