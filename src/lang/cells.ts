import { range, type SourceRange } from './source';

/** Where one cell lies in the file; its statements are parsed from `body` alone. */
export interface CellSpan {
  index: number;
  title: string;
  /** From the start of the marker line (or of the file) to the end of the cell's last line. */
  range: SourceRange;
  /** The whole `# %%` line, without its line break; absent for text before the first marker. */
  markerRange?: SourceRange;
  /** The lines after the marker line, up to the end of the cell. */
  body: SourceRange;
}

interface Marker {
  lineStart: number;
  lineEnd: number;
  /** Start of the following line (equals lineEnd when the marker is the last line). */
  next: number;
  title: string;
}

const MARKER = '# %%';

/**
 * Splits a file into cells at its `# %%` lines. Markers are found line by line, before
 * any lexing: a `# %%` line inside a triple-quoted string still starts a cell, as it
 * does in Jupyter and VS Code, so the string is then unterminated in its own cell.
 */
export function findCells(text: string): CellSpan[] {
  const markers = findMarkers(text);
  const spans: CellSpan[] = [];
  const preambleEnd = markers.length > 0 ? markers[0].lineStart : text.length;
  if (preambleEnd > 0) {
    const end = endOfLastLine(text, preambleEnd);
    // A header of comments above the first marker is not a cell of its own.
    if (hasCode(text, 0, end)) spans.push({ index: 0, title: '', range: range(0, end), body: range(0, end) });
  }
  markers.forEach((marker, i) => {
    const cellEnd = endOfLastLine(text, i + 1 < markers.length ? markers[i + 1].lineStart : text.length);
    spans.push({
      index: spans.length,
      title: marker.title,
      range: range(marker.lineStart, cellEnd),
      markerRange: range(marker.lineStart, marker.lineEnd),
      body: range(Math.min(marker.next, cellEnd), cellEnd),
    });
  });
  return spans;
}

function findMarkers(text: string): Marker[] {
  const markers: Marker[] = [];
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = lineStart;
    while (lineEnd < text.length && text[lineEnd] !== '\n' && text[lineEnd] !== '\r') lineEnd++;
    const next = lineEnd + (text.startsWith('\r\n', lineEnd) ? 2 : lineEnd < text.length ? 1 : 0);
    let first = lineStart;
    while (first < lineEnd && (text[first] === ' ' || text[first] === '\t')) first++;
    if (text.startsWith(MARKER, first) && first + MARKER.length <= lineEnd) {
      markers.push({ lineStart, lineEnd, next, title: text.slice(first + MARKER.length, lineEnd).trim() });
    }
    lineStart = next;
  }
  return markers;
}

/**
 * The end of the line before `offset`, where offset is the start of a line or the end of
 * the text: a cell's range leaves out the line break that separates it from what follows.
 */
function endOfLastLine(text: string, offset: number): number {
  if (text[offset - 1] === '\n') return text[offset - 2] === '\r' ? offset - 2 : offset - 1;
  if (text[offset - 1] === '\r') return offset - 1;
  return offset;
}

/**
 * Whether text[start, end) holds anything but blanks and comments, told from its lines
 * without lexing: the line a token starts on begins with that token or an earlier one,
 * so a line that starts with something other than '#' holds code. A lone `\` only joins
 * the next line (Python accepts one before a blank line), except on the last line, where
 * it is an error to report.
 */
function hasCode(text: string, start: number, end: number): boolean {
  const lines = text.slice(start, end).split(/\r\n?|\n/);
  return lines.some((line, i) => {
    const content = line.trim();
    if (content === '\\') return i === lines.length - 1;
    return content !== '' && !content.startsWith('#');
  });
}
