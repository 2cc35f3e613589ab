import { fixed, type EvalResult, type LineIndex } from '../../lang';

/** One inline value: the text to show right after the statement that ends at `offset`. */
export interface InlineValue {
  offset: number;
  text: string;
  /** The variable the statement bound or changed (`print` for printed text), for the tooltip. */
  name: string;
  kind: 'value' | 'printed' | 'backward';
}

/**
 * `= data  ∇ grad` after each statement that bound a name, `→ a = data  ∇ grad` after
 * one that set a Value's data, grad or label (so `a.grad = -2.0 * -3.0` is not read as
 * arithmetic), `→ text` after each print(...), and after `L.backward()` whether it
 * added to grads an earlier call left (why a second call doubles them). The data is the Value's just after
 * that statement (the optimisation step changes a leaf later in the same cell); the
 * gradient is the one the cell shows, at its end. On a line like `e = a*b; e.label = 'e'` only the last
 * statement touching that node shows it: both would show the same numbers. In a cell
 * with an error the gradient is left out: the output is then whatever ran last, not
 * what the user is writing. `within` limits the result to statements ending inside an
 * offset range (the part of the editor VS Code asks about).
 */
export function inlineValues(
  result: EvalResult, lines: LineIndex, precision: number, within?: { start: number; end: number },
): InlineValue[] {
  const values: InlineValue[] = [];
  const inside = (offset: number) => !within || (offset >= within.start && offset <= within.end);
  for (const cell of result.cells) {
    const byId = new Map(cell.nodes.map((n) => [n.id, n]));
    const broken = cell.hasError;
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
      if (!node || !inside(end)) continue;
      const numbers = broken
        ? fixed(binding.data, precision)
        : `${fixed(binding.data, precision)}  ∇ ${fixed(node.grad, precision)}`;
      const text = binding.kind === 'name' ? `= ${numbers}` : `→ ${binding.name} = ${numbers}`;
      cellValues.push({ offset: end, text, name: binding.name, kind: 'value' });
    }
    for (const call of cell.backwardCalls) {
      if (!inside(call.range.end)) continue;
      const text = call.accumulated
        ? `→ ∇ from ${call.root}, added to the grads already there`
        : `→ ∇ from ${call.root}`;
      cellValues.push({ offset: call.range.end, text, name: call.root, kind: 'backward' });
    }
    for (const line of cell.printed) {
      if (inside(line.range.end)) cellValues.push({ offset: line.range.end, text: `→ ${shorten(line.text)}`, name: 'print', kind: 'printed' });
    }
    values.push(...cellValues.sort((a, b) => a.offset - b.offset));
  }
  return values;
}

/** A printed line as an inline hint: one line, and short enough to leave the code readable. */
function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_PRINTED_HINT ? `${flat.slice(0, MAX_PRINTED_HINT - 1)}…` : flat;
}

const MAX_PRINTED_HINT = 80;

/** The end of a statement without trailing blanks, so the hint sits right after its text. */
function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1])) end--;
  return end;
}
