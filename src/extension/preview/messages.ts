import type { EvalResult } from '../../lang/result';
import type { LineIndex } from '../../lang/source';
import { encodeGraph, type CellInfo, type EvaluationErrorMessage, type GraphSettings, type UpdateMessage } from '../../shared/protocol';
import { cellName } from '../cells';

// The host's messages built from an evaluation. Pure data in, pure data out: the graph
// is passed through as the evaluator made it (in wire form only where a NaN or an
// infinity needs it), because the webview lays it out and the host's main thread must
// stay free while the user types.

/** One evaluated version of a document, as the panel needs it (the URI as a string). */
export interface EvaluatedDocument {
  uri: string;
  version: number;
  result: EvalResult;
  lines: LineIndex;
}

/** A banner is for reading at a glance; the Problems view has the full list. */
export const MAX_ERROR_LINES = 8;

export function cellInfos(result: EvalResult): CellInfo[] {
  return result.cells.map((cell) => ({ index: cell.index, title: cellName(cell), hasOutput: cell.graphSize > 0 }));
}

export function buildUpdate(doc: EvaluatedDocument, cell: number, highlight: number[], settings: GraphSettings): UpdateMessage {
  const graph = doc.result.cells[cell]?.graph ?? null;
  const graphSize = doc.result.cells[cell]?.graphSize ?? 0;
  return {
    type: 'update',
    uri: doc.uri,
    version: doc.version,
    cells: cellInfos(doc.result),
    cell,
    graph: graph === null ? null : encodeGraph(graph),
    graphSize,
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
