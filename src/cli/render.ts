import type { Limits } from './args';
import { evaluate } from '../lang';
import type { CellResult } from '../lang/result';
import { LineIndex } from '../lang/source';
import { summarize } from '../graph/summary';
import { renderSvg } from '../graph/svg';
import { viewToDot } from '../graph/viewDot';
import { CliError, EXIT_OK, EXIT_PROBLEMS } from './errors';
import { writeOutput, type Io } from './io';
import { readSource } from './input';
import { formatDiagnostic, hasErrors } from './report';
import { cellErrorNote } from './format';

// `gradlens render FILE [--cell N] [--format svg|dot] [-o OUT] [--budget N]`: one cell's
// graph as the lecture's draw_dot draws it, or, above the budget, the summary the graph
// panel first shows (src/graph/summary.ts). The file's diagnostics still go to stderr,
// and still decide the exit status, so a broken file is never drawn silently. A cell
// with an error is not drawn at all: what ran of it is not what is being written, and
// where the editor keeps the last good graph, the command line has none to keep.
// Nothing to draw (no cell with an output) is not an error: a note, nothing written,
// and the status the diagnostics decide, as the README's exit statuses say.

export interface RenderArgs {
  file: string;
  cell: number | null;
  format: 'svg' | 'dot';
  out: string | null;
  /** Most nodes drawn: a larger graph is drawn as a summary. */
  budget: number;
  /** Each operand edge labelled with its local derivative. */
  edgeDerivatives: boolean;
  limits: Limits;
}

export async function runRender(args: RenderArgs, io: Io): Promise<number> {
  const text = readSource(args.file);
  const result = evaluate(text, args.limits);
  const index = new LineIndex(text);
  for (const d of result.diagnostics) io.err(formatDiagnostic(args.file, index, d) + '\n');

  const status = hasErrors(result.diagnostics) ? EXIT_PROBLEMS : EXIT_OK;
  const cell = chooseCell(result.cells, args.cell, args.file);
  const nothing = args.out === null ? '' : `; ${args.out} not written`;
  if (cell === null) {
    io.err(`note: nothing to draw: ${args.file} has no cell with an output${nothing}\n`);
    return status;
  }
  const error = cellErrorNote(cell, result.diagnostics, index);
  if (error !== null) {
    throw new CliError(`${error}: not drawn, since what ran of it is not what is written (fix the error, or draw another cell with --cell)`, EXIT_PROBLEMS);
  }
  if (cell.graphSize === 0) {
    io.err(`note: nothing to draw: cell ${cell.index} of ${args.file} has no output${nothing}\n`);
    return status;
  }
  if (cell.columns === null) {
    throw new CliError(`cell ${cell.index} of ${args.file} has a graph of ${cell.graphSize.toLocaleString('en-US')} values, more than the earlier cells left room to keep (twice --max-nodes in all)`, EXIT_PROBLEMS);
  }
  const view = summarize(cell.columns, { budget: args.budget });
  if (!view.whole) {
    io.err(`note: cell ${cell.index}'s graph has ${cell.graphSize.toLocaleString('en-US')} values: drawn as a summary of ${view.drawn} nodes (--budget ${args.budget})\n`);
  }
  const { dot } = viewToDot(cell.columns, view, { edgeDerivatives: args.edgeDerivatives });
  let drawing: string;
  try {
    drawing = args.format === 'dot' ? dot : await renderSvg(dot);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT_PROBLEMS);
  }
  if (args.out === null) io.out(drawing);
  else writeOutput(args.out, drawing);
  if (status !== EXIT_OK) io.err(`note: cell ${cell.index} drawn, since it has no error; the file has errors in other cells\n`);
  return status;
}

/**
 * The asked-for cell, else the last one with an output, as draw_dot(L) at the end of a
 * notebook would show; null when no cell has an output.
 */
function chooseCell(cells: readonly CellResult[], wanted: number | null, file: string): CellResult | null {
  if (wanted !== null) {
    if (cells.length === 0) throw new CliError(`--cell ${wanted}: ${file} has no cells`);
    if (wanted >= cells.length) {
      const valid = cells.length === 1 ? 'the only cell is 0' : `valid cells are 0 to ${cells.length - 1}`;
      throw new CliError(`--cell ${wanted} is out of range: ${valid}`);
    }
    return cells[wanted];
  }
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i].graphSize > 0) return cells[i];
  return null;
}
