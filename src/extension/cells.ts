import type { CellResult, EvalResult, NameReference } from '../lang';

/** What the Outline, the CodeLens and messages call a cell: its marker's title, else "Cell N". */
export function cellName(cell: Pick<CellResult, 'index' | 'title'>): string {
  const title = cell.title.trim();
  return title !== '' ? title : `Cell ${cell.index + 1}`;
}

/**
 * The cell an offset belongs to, for everything that asks "which cell is the cursor
 * in" (the graph panel, Check gradients): undefined only when the file has no cell.
 *
 * A cell's range runs from its marker to the end of its last line, so three kinds of
 * place lie outside every range: the comment header above the first marker (not a cell
 * of its own), the line break before the next marker, and an empty last line. Each
 * belongs to the nearest cell: the header to the first, the others to the cell above,
 * the one the user is typing at the end of.
 */
export function cellAt<C extends Pick<CellResult, 'range'>>(result: { readonly cells: readonly C[] }, offset: number): C | undefined {
  let found = result.cells[0];
  for (const cell of result.cells) {
    if (cell.range.start <= offset) found = cell;
    else break;
  }
  return found;
}

/**
 * The identifier occurrence at the cursor: one that holds it, or one that ends there,
 * since after typing a name (`e = a*b|`) the cursor sits just past it. Should an
 * identifier end where another starts, the one starting there wins: the cursor is
 * before its first character, and a hover at that character is over it.
 */
export function referenceAt(result: EvalResult, offset: number): { cell: CellResult; reference: NameReference } | undefined {
  let ending: { cell: CellResult; reference: NameReference } | undefined;
  for (const cell of result.cells) {
    if (offset < cell.range.start || offset > cell.range.end) continue;
    for (const reference of cell.references) {
      const { start, end } = reference.range;
      if (start <= offset && offset < end) return { cell, reference };
      if (end === offset) ending ??= { cell, reference };
    }
  }
  return ending;
}

/** The identifier under (or just before) the cursor, from the text itself. */
export function identifierAt(text: string, offset: number): { name: string; range: { start: number; end: number } } | undefined {
  const isWord = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);
  let start = offset, end = offset;
  while (start > 0 && isWord(text[start - 1])) start--;
  while (end < text.length && isWord(text[end])) end++;
  if (start === end || /^\d/.test(text[start])) return undefined;
  return { name: text.slice(start, end), range: { start, end } };
}
