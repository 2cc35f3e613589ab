import type { Diagnostic } from './diagnostics';
import { Interpreter } from './interpreter';
import { parse } from './parser';
import type { CellResult, EvalOptions, EvalResult } from './result';
import { BoundReached } from './runtime';
import { emptyCell, snapshotCell } from './snapshot';

export const DEFAULT_MAX_NODES = 200_000;
export const DEFAULT_TIME_BUDGET_MS = 2_000;

/**
 * Parses and runs a whole .grad file, cell by cell, in one shared scope. Never
 * throws: every problem, even a bug of ours, comes back as a diagnostic.
 */
export function evaluate(text: string, options: EvalOptions = {}): EvalResult {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const timeBudgetMs = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const { program, diagnostics: parsed } = parse(text);
  const diagnostics: Diagnostic[] = [...parsed];
  const interp = new Interpreter(text, { maxNodes, timeBudgetMs, deadline: performance.now() + timeBudgetMs }, diagnostics);
  interp.markBroken(program.cells.flatMap((cell) => cell.dropped.map((d) => ({ name: d.name, offset: d.start }))));

  const cells: CellResult[] = [];
  let stoppedByBound: EvalResult['stoppedByBound'] = null;
  for (const cell of program.cells) {
    if (stoppedByBound) {
      cells.push(emptyCell(cell));
      continue;
    }
    const activity = interp.startCell(cell.index);
    for (const stmt of cell.statements) {
      try {
        interp.run(stmt);
      } catch (e) {
        if (e instanceof BoundReached) {
          interp.error(e.message, e.range);
          stoppedByBound = e.bound;
        } else {
          interp.error(`internal error in GradLens (please report it): ${e instanceof Error ? e.message : String(e)}`, stmt.range);
        }
        if (stoppedByBound) break;
      }
    }
    cells.push(snapshotCell(interp, cell, activity, options));
  }
  diagnostics.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end);
  for (const d of diagnostics) if (d.severity === 'error' && cells[d.cell]) cells[d.cell].hasError = true;
  return { cells, diagnostics, stoppedByBound };
}
