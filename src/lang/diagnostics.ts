import type { SourceRange } from './source';

export type Severity = 'error' | 'warning';

/** A problem found in a .grad file: data, never an exception. */
export interface Diagnostic {
  severity: Severity;
  message: string;
  range: SourceRange;
  /** Index of the cell it belongs to. */
  cell: number;
  /**
   * For an error raised inside a function: the calls that led there, outermost first
   * (a traceback the editor can click).
   */
  related?: RelatedLocation[];
}

export interface RelatedLocation {
  message: string;
  range: SourceRange;
}
