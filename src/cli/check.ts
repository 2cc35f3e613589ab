import { evaluate, skippedReason } from '../lang';
import { fixed } from '../lang/format';
import type { CellCheck } from '../lang/result';
import { LineIndex } from '../lang/source';
import { EXIT_OK, EXIT_PROBLEMS } from './errors';
import type { Limits } from './args';
import type { Io } from './io';
import { readSource } from './input';
import { alignedTable, cellErrorNote, cellHeading } from './format';
import { formatDiagnostic, hasErrors } from './report';

// `gradlens check FILE`: per cell, each Value's gradient as the cell shows it (by
// backpropagation, or as the cell's own code set it) beside a central-difference
// estimate, as the lecture checks by nudging h by hand.

export function runCheck(file: string, limits: Limits, io: Io): number {
  const text = readSource(file);
  const result = evaluate(text, { ...limits, checkGradients: true });
  const index = new LineIndex(text);
  for (const d of result.diagnostics) io.err(formatDiagnostic(file, index, d) + '\n');

  const tolerance = result.cells.find((c) => c.check !== null)?.check?.tolerance;
  if (tolerance !== undefined) {
    io.out(`Each value's gradient as its cell shows it, against a central difference of the\n` +
      `cell's output; a value passes when |shown - numeric| <= ${tolerance} * max(1, |shown|, |numeric|).\n\n`);
  }
  let checked = 0;
  let failed = 0;
  const unchecked: number[] = [];
  const blocks: string[] = [];
  for (const cell of result.cells) {
    const lines = [cellHeading(cell, index)];
    // As in the editor, a cell with an error has no gradients to compare: its output is
    // whatever ran last, not what is being written.
    const error = cellErrorNote(cell, result.diagnostics, index);
    if (error !== null) {
      lines.push(`  not checked: ${error}`);
      unchecked.push(cell.index);
      blocks.push(lines.join('\n') + '\n');
      continue;
    }
    if (cell.check === null) lines.push('  nothing to check: the cell has no output');
    else if (cell.check.skipped) lines.push(`  not checked: ${skippedReason(cell.check.skipped)}`);
    else if (cell.check.values.length === 0) lines.push('  nothing to check: the output is a constant');
    else lines.push(...valueTable(cell.check, index).map((l) => `  ${l}`));
    for (const value of cell.check?.values ?? []) {
      checked++;
      if (!value.ok) failed++;
    }
    blocks.push(lines.join('\n') + '\n');
  }
  io.out(blocks.join('\n'));
  io.out(`\n${summary(checked, failed, unchecked, hasErrors(result.diagnostics))}\n`);
  return failed > 0 || hasErrors(result.diagnostics) ? EXIT_PROBLEMS : EXIT_OK;
}

/** The last line: it says what the exit status says (1 for a failed value or an error, else 0). */
export function summary(checked: number, failed: number, unchecked: readonly number[], errors: boolean): string {
  const gradients = failed > 0
    ? `${failed} of ${checked} gradients differ from the estimate beyond the tolerance`
    : checked === 0 ? 'no gradients to check' : `all ${checked} gradients agree with the estimate`;
  if (!errors) return gradients;
  const cells = unchecked.length === 0 ? ''
    : unchecked.length === 1 ? `: cell ${unchecked[0]} not checked` : `: cells ${unchecked.join(', ')} not checked`;
  const rest = failed > 0 ? gradients : checked === 0 ? 'no other gradients to check' : `the other ${checked} gradients agree with the estimate`;
  return `the file has errors${cells}; ${rest}`;
}

function valueTable(check: CellCheck, index: LineIndex): string[] {
  const rows = check.values.map((v) => [
    v.label,
    v.definedAt === null ? '' : String(index.positionAt(v.definedAt.start).line + 1),
    fixed(v.shown, 6), fixed(v.numeric, 6), v.ok ? 'ok' : 'FAIL',
  ]);
  return alignedTable(['value', 'line', 'shown', 'numeric', ''], rows, 'lrrrl');
}
