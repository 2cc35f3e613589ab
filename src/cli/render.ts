import type { Limits } from './args';
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

/** Largest graph `render` draws: Graphviz takes about 10 s at 3,400 values and grows faster than linearly. */
export const RENDER_MAX_GRAPH_NODES = 10_000;

export interface RenderArgs {
  file: string;
  cell: number | null;
  format: 'svg' | 'dot';
  out: string | null;
  limits: Limits;
}

export async function runRender(args: RenderArgs, io: Io): Promise<number> {
  const text = readSource(args.file);
  // Larger than the editor's limit: one drawing asked for by name may take a while.
  const result = evaluate(text, { ...args.limits, maxGraphNodes: RENDER_MAX_GRAPH_NODES });
  const index = new LineIndex(text);
  for (const d of result.diagnostics) io.err(formatDiagnostic(args.file, index, d) + '\n');

  const cell = chooseCell(result.cells, args.cell, args.file);
  if (cell.graph === null) {
    throw new CliError(cell.graphSize > 0
      ? `cell ${cell.index} of ${args.file} has a graph of ${cell.graphSize.toLocaleString('en-US')} values; render draws up to ${RENDER_MAX_GRAPH_NODES.toLocaleString('en-US')} (Graphviz would take minutes beyond)`
      : `cell ${cell.index} of ${args.file} has no output to draw`, EXIT_PROBLEMS);
  }
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
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i].graphSize > 0) return cells[i];
  throw new CliError(`${file} has no cell with an output to draw`, EXIT_PROBLEMS);
}
