import { evaluate } from '../lang';
import type { CellResult } from '../lang/result';
import { LineIndex } from '../lang/source';
import { toDot } from '../graph/dot';
import { renderSvg } from '../graph/svg';
import { CliError, EXIT_OK, EXIT_PROBLEMS } from './errors';
import { writeOutput, type Io } from './io';
import { readSource } from './input';
import { formatDiagnostic, hasErrors } from './report';

// `gradlens render FILE [--cell N] [--format svg|dot] [-o OUT]`: one cell's graph as
// the lecture's draw_dot draws it. The file's diagnostics still go to stderr, and
// still decide the exit status, so a broken file is never drawn silently.

export interface RenderArgs {
  file: string;
  cell: number | null;
  format: 'svg' | 'dot';
  out: string | null;
}

export async function runRender(args: RenderArgs, io: Io): Promise<number> {
  const text = readSource(args.file);
  const result = evaluate(text);
  const index = new LineIndex(text);
  for (const d of result.diagnostics) io.err(formatDiagnostic(args.file, index, d) + '\n');

  const cell = chooseCell(result.cells, args.cell, args.file);
  if (cell.graph === null) throw new CliError(`cell ${cell.index} of ${args.file} has no output to draw`, EXIT_PROBLEMS);
  const dot = toDot(cell.graph);
  let drawing: string;
  try {
    drawing = args.format === 'dot' ? dot : await renderSvg(dot);
  } catch (e) {
    throw new CliError(e instanceof Error ? e.message : String(e), EXIT_PROBLEMS);
  }
  if (args.out === null) io.out(drawing);
  else writeOutput(args.out, drawing);
  return hasErrors(result.diagnostics) ? EXIT_PROBLEMS : EXIT_OK;
}

/** The asked-for cell, else the last one with an output, as draw_dot(L) at the end of a notebook would show. */
function chooseCell(cells: readonly CellResult[], wanted: number | null, file: string): CellResult {
  if (wanted !== null) {
    if (cells.length === 0) throw new CliError(`--cell ${wanted}: ${file} has no cells`);
    if (wanted >= cells.length) {
      const valid = cells.length === 1 ? 'the only cell is 0' : `valid cells are 0 to ${cells.length - 1}`;
      throw new CliError(`--cell ${wanted} is out of range: ${valid}`);
    }
    return cells[wanted];
  }
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i].graph !== null) return cells[i];
  throw new CliError(`${file} has no cell with an output to draw`, EXIT_PROBLEMS);
}
