import type { Diagnostic } from './diagnostics';
import { Interpreter } from './interpreter';
import { parse } from './parser';
import type { CellResult, EvalOptions, EvalResult } from './result';
import { BoundReached } from './runtime';
import { emptyCell, snapshotCell } from './snapshot';
import { LineIndex } from './source';

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
  interp.markBroken(namesBrokenBySyntaxErrors(text, parsed));

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

/**
 * The names that statements with syntax errors were assigning (`e = a *` assigns
 * e), with where, so that the statements after them using those names are skipped
 * without a second diagnostic.
 */
function namesBrokenBySyntaxErrors(text: string, diagnostics: Diagnostic[]): { name: string; offset: number }[] {
  const lines = new LineIndex(text);
  const names: { name: string; offset: number }[] = [];
  for (const d of diagnostics) {
    if (d.severity !== 'error') continue;
    const start = lines.lineStart(lines.positionAt(d.range.start).line);
    const line = text.slice(start, text.indexOf('\n', start) === -1 ? undefined : text.indexOf('\n', start));
    for (const statement of line.split(';')) {
      const m = /^\s*([A-Za-z_]\w*)\s*(?:[-+*/]?=)(?!=)/.exec(statement);
      if (m) names.push({ name: m[1], offset: d.range.start });
    }
  }
  return names;
}
