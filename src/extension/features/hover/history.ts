import { fixed, type Binding, type CellResult, type ValueHistory } from '../../../lang';

// What a hover adds for a line that ran many times: the first, last, smallest and
// largest number it bound, and the samples for a sparkline (the loss falling, right
// where it is computed).

/**
 * The site's history, when it is one thing changing over time. Some sites bind a
 * different object each run, and their numbers are a jumble of unrelated values, so
 * they get none:
 * - a `for` loop's target (`for p in model.parameters():` binds each parameter in turn;
 *   `for k in range(100)` counts, which the header already says);
 * - a statement that changes an attribute of such a target after its header
 *   (`p.data -= learning_rate * p.grad`: each run moves another parameter).
 * A name bound by an ordinary assignment in a loop or a function (`total_loss = ...`)
 * keeps its history, even if it is a new Value each run: it means the same thing each time.
 */
export function meaningfulHistory(cell: CellResult, binding: Binding, text: string): ValueHistory | null {
  const history = binding.history;
  if (history === null || history.count < 2) return null;
  if (isLoopTarget(binding, text)) return null;
  if (binding.kind === 'attribute' && cell.bindings.some((b) =>
    b.name === binding.name && b.range.start < binding.range.start && isLoopTarget(b, text))) return null;
  return history;
}

function isLoopTarget(binding: Binding, text: string): boolean {
  return /^(async\s+)?for\b/.test(text.slice(binding.range.start, binding.range.end));
}

/** `first 0.8958, last 0.0110, min 0.0110, max 1.7236`, or `always 0.0001` when it never changed. */
export function historyLine(history: ValueHistory, precision: number): string {
  const num = (x: number) => fixed(x, precision);
  if (history.min === history.max) return `always ${num(history.first)}`;
  return `first ${num(history.first)}, last ${num(history.last)}, min ${num(history.min)}, max ${num(history.max)}`;
}

/** Samples worth drawing: a history that changed. */
export function sparklineSamples(history: ValueHistory): number[] | undefined {
  return history.min === history.max && Number.isFinite(history.min) ? undefined : history.samples;
}
