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
    // Walking backwards, a statement whose line already showed its node is the repeat.
    const shown = new Set<string>();
    const cellValues: InlineValue[] = [];
    for (let i = cell.bindings.length - 1; i >= 0; i--) {
      const binding = cell.bindings[i];
      const end = trimEnd(lines.text, binding.range.start, binding.range.end);
      const key = `${lines.positionAt(end).line} ${binding.name} ${binding.node}`;
      if (shown.has(key)) continue;
      shown.add(key);
      const node = byId.get(binding.node);
      if (!node || (within && (end < within.start || end > within.end))) continue;
      cellValues.push({ offset: end, text: `= ${fixed(node.data, precision)}  ∇ ${fixed(node.grad, precision)}`, name: binding.name });
    }
    values.push(...cellValues.reverse());
  }
  return values;
}

/** The end of a statement without trailing blanks, so the hint sits right after its text. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
