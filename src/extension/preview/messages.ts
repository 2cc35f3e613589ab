import { columnsFromGraph } from '../../graph/columnsFromGraph';
import type { GraphColumns } from '../../graph/columns';
import type { CellGraph } from '../../graph/model';
import type { CellResult, EvalResult } from '../../lang/result';
import type { LineIndex } from '../../lang/source';
import type { CellInfo, EvaluationErrorMessage, GraphSettings, UpdateMessage } from '../../shared/protocol';
import { cellName } from '../cells';

// The host's messages built from an evaluation. Pure data in, pure data out: the graph
// goes as the evaluator's columns (typed arrays, which VS Code hands to the webview
// without JSON), because the webview summarises and lays it out and the host's main
// thread must stay free while the user types: nothing here walks the graph's nodes.

/** One evaluated version of a document, as the panel needs it (the URI as a string). */
export interface EvaluatedDocument {
  uri: string;
  version: number;
  result: EvalResult;
  lines: LineIndex;
}

/** A banner is for reading at a glance; the Problems view has the full list. */
export const MAX_ERROR_LINES = 8;

/**
 * The cell's output graph as columns: the interpreter's whole graph, with the scopes the
 * summary groups by. A cell past the evaluation's column budget (src/lang snapshot) has
 * none; its small graph, when kept, is converted instead, so it is still drawn.
 */
export function columnsOf(cell: CellResult | undefined): GraphColumns | null {
  if (cell === undefined) return null;
  if (cell.columns !== null) return cell.columns;
  const graph = cell.graph;
  if (graph === null) return null;
  let columns = converted.get(graph);
  if (columns === undefined) converted.set(graph, (columns = columnsFromGraph(graph)));
  return columns;
}

const converted = new WeakMap<CellGraph, GraphColumns>();

/** The row of node `id` in `columns`, or -1. Ids ascend with the rows, so a binary search finds it. */
export function rowOfId(columns: GraphColumns, id: number): number {
  const ids = columns.id;
  let lo = 0;
  let hi = columns.size - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid] === id) return mid;
    if (ids[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  // Not sorted after all (a graph from elsewhere): a scan, once per click.
  return ids.indexOf(id);
}

export function cellInfos(result: EvalResult): CellInfo[] {
  return result.cells.map((cell) => ({ index: cell.index, title: cellName(cell), hasOutput: cell.graphSize > 0 }));
}

export function buildUpdate(doc: EvaluatedDocument, cell: number, highlight: number[], settings: GraphSettings): UpdateMessage {
  const result = doc.result.cells[cell];
  return {
    type: 'update',
    uri: doc.uri,
    version: doc.version,
    cells: cellInfos(doc.result),
    cell,
    columns: columnsOf(result),
    graphSize: result?.graphSize ?? 0,
    series: result?.series ?? [],
    plots: result?.plots ?? [],
    parameters: result?.parameters ?? null,
    highlight,
    settings,
    kept: false,
  };
}

/** The evaluation's errors with 1-based line numbers, or null when it has none. */
export function buildError(doc: EvaluatedDocument): EvaluationErrorMessage | null {
  const errors = doc.result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return null;
  const messages = errors.slice(0, MAX_ERROR_LINES).map((d) => `Line ${doc.lines.positionAt(d.range.start).line + 1}: ${d.message}`);
  const more = errors.length - MAX_ERROR_LINES;
  if (more > 0) messages.push(`${more} more ${more === 1 ? 'error' : 'errors'} in the Problems view.`);
  return { type: 'error', uri: doc.uri, version: doc.version, messages };
}
