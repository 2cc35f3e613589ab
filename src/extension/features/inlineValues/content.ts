import { fixed, type EvalResult, type LineIndex } from '../../../lang';

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
      if (binding.count === 0) continue;
      const end = trimEnd(lines.text, binding.range.start, binding.range.end);
      const key = `${lines.positionAt(end).line} ${binding.name} ${binding.node}`;
      if (shown.has(key)) continue;
      shown.add(key);
      if (!inside(end)) continue;
      const node = binding.node === null ? undefined : byId.get(binding.node);
      let value: string;
      if (node) {
        value = broken ? fixed(binding.data, precision) : `${fixed(binding.data, precision)}  ∇ ${fixed(node.grad, precision)}`;
        // A NaN or an infinity stands out from the numbers around it.
        if (!Number.isFinite(binding.data) || (!broken && !Number.isFinite(node.grad))) value += '  ⚠';
      } else if (binding.display !== null) {
        value = binding.display;
      } else {
        continue;
      }
      const text = binding.kind === 'name' ? `= ${value}` : `→ ${binding.name} = ${value}`;
      cellValues.push({ offset: end, text: text + times(binding.count), name: binding.name, kind: 'value' });
    }
    for (const call of cell.backwardCalls) {
      if (!inside(call.range.end)) continue;
      const text = call.accumulated
        ? `→ ∇ from ${call.root}, added to the grads already there`
        : `→ ∇ from ${call.root}`;
      cellValues.push({ offset: call.range.end, text: text + times(call.count), name: call.root, kind: 'backward' });
    }
    // A print inside a loop shows its last line and how many it wrote.
    const printedBy = new Map<number, { text: string; count: number }>();
    for (const line of cell.printed) {
      const seen = printedBy.get(line.range.end);
      printedBy.set(line.range.end, { text: line.text, count: (seen?.count ?? 0) + 1 });
    }
    for (const [end, { text, count }] of printedBy) {
      if (inside(end)) cellValues.push({ offset: end, text: `→ ${shorten(text)}${times(count)}`, name: 'print', kind: 'printed' });
    }
    values.push(...cellValues.sort((a, b) => a.offset - b.offset));
  }
  return values;
}

/** How many times a line ran, when more than once: ` ×100`. */
function times(count: number): string {
  return count > 1 ? `  ×${count.toLocaleString('en-US')}` : '';
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
