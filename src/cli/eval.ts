import { evaluate } from '../lang';
import type { CellResult, EvalResult } from '../lang/result';
import { LineIndex } from '../lang/source';
import { fixed } from '../lang/format';
import { EXIT_OK, EXIT_PROBLEMS } from './errors';
import type { Limits } from './args';
import type { Io } from './io';
import { readSource } from './input';
import { formatDiagnostic, hasErrors, lineSpan } from './report';
import { alignedTable, cellErrorNote, cellHeading, cellLines } from './format';

// `gradlens eval FILE [--json]`: every cell's values as a table, or as the JSON
// document of a fixed shape (1-based positions, NaN and infinities as null), for scripts.

export function runEval(file: string, json: boolean, limits: Limits, io: Io): number {
  const text = readSource(file);
  const result = evaluate(text, limits);
  const index = new LineIndex(text);
  if (json) {
    io.out(JSON.stringify(toJson(result, index), null, 2) + '\n');
  } else {
    io.out(result.cells.map((cell) => cellTable(cell, result, index)).join('\n'));
    for (const d of result.diagnostics) io.err(formatDiagnostic(file, index, d) + '\n');
  }
  return hasErrors(result.diagnostics) ? EXIT_PROBLEMS : EXIT_OK;
}

function toJson(result: EvalResult, index: LineIndex): unknown {
  return {
    cells: result.cells.map((cell) => ({
      index: cell.index,
      title: cell.title,
      ...cellLines(cell, index),
      output: cell.output,
      // As in the editor, a cell with an error has no gradients: each grad is null.
      hasError: cell.hasError,
      values: Object.fromEntries(Object.entries(cell.values).map(([name, v]) => [name, { data: finite(v.data), grad: cell.hasError ? null : finite(v.grad) }])),
      printed: cell.printed.map((p) => p.text),
    })),
    diagnostics: result.diagnostics.map((d) => ({
      severity: d.severity,
      message: d.message,
      cell: d.cell,
      ...lineSpan(index, d.range),
      // The calls that led to an error inside a function, outermost first.
      related: (d.related ?? []).map((r) => ({ message: r.message, ...lineSpan(index, r.range) })),
    })),
  };
}

/** JSON has no NaN or Infinity: null stands in their place. */
function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function cellTable(cell: CellResult, result: EvalResult, index: LineIndex): string {
  // A cell with an error shows its data but no gradients, as the editor's inline values do.
  const error = cellErrorNote(cell, result.diagnostics, index);
  const rows = Object.entries(cell.values).map(([name, v]) => [name, fixed(v.data, 4), error === null ? fixed(v.grad, 4) : '-']);
  const lines = [cellHeading(cell, index)];
  if (error !== null) lines.push(`  no gradients: ${error}, so its output is whatever ran last`);
  if (rows.length > 0) lines.push(...alignedTable(['name', 'data', 'grad'], rows, 'lrr').map((l) => `  ${l}`));
  if (cell.printed.length > 0) {
    lines.push('  printed:');
    for (const p of cell.printed) lines.push(`    ${p.text}`);
  }
  return lines.join('\n') + '\n';
}
