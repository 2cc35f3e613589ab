import type { Cell, Expr, Program, Stmt } from './ast';
import { findCells, type CellSpan } from './cells';
import type { Diagnostic } from './diagnostics';
import { lazyLineOf, lex, type LineOf } from './lexer';
import { Parser } from './parse/compound';
import type { ParseContext } from './parse/cursor';
import { layout } from './parse/layout';
import { range } from './source';

// The parser of .grad files: each cell is lexed and parsed on its own, so no bracket,
// string or block crosses a cell boundary. The work is split over src/lang/parse/:
//   layout.ts       logical lines, brackets, indentation (indent/dedent tokens)
//   cursor.ts       the token cursor and how a rule fails
//   expressions.ts  operators by precedence, atoms         displays.ts  brackets, calls, strings
//   fstring.ts      f-string fields                        params.ts    def and lambda parameters
//   statements.ts   simple statements                      blocks.ts    blocks and recovery
//   compound.ts     compound statements (the Parser)       names.ts     what a Broken statement binds
//   targets.ts      what may be assigned or deleted        literals.ts  numbers and strings
//   vocabulary.ts   keywords, brackets and operators, grouped

export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
}

/** Parses a whole .grad file. Never throws; problems are diagnostics. */
export function parse(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const lineOf = lazyLineOf(text);
  const cells: Cell[] = findCells(text).map((span) => {
    const cell: Cell = { index: span.index, title: span.title, range: span.range, statements: parseCell(text, span, diagnostics, lineOf) };
    if (span.markerRange) cell.markerRange = span.markerRange;
    return cell;
  });
  return { program: { cells }, diagnostics };
}

function parseCell(text: string, span: CellSpan, diagnostics: Diagnostic[], lineOf: LineOf): Stmt[] {
  const ctx: ParseContext = {
    text, cell: span.index, diagnostics, lineOf,
    parseField: (start, end, nesting) => parseField(ctx, start, end, nesting),
  };
  try {
    const tokens = layout(lex(text, span.body.start, span.body.end, lineOf), lineOf);
    return new Parser(tokens, ctx).parseCell();
  } catch (e) {
    // A bug of ours (or an input deeper than the stack, which the nesting limits should
    // rule out) must not take the editor's diagnostics down with it.
    const reason = e instanceof Error ? e.message : String(e);
    diagnostics.push({
      severity: 'error',
      message: `internal error in the GradLens parser (${reason}): please report it`,
      range: range(span.body.start, span.body.start),
      cell: span.index,
    });
    return [];
  }
}

/** An f-string field's expression, parsed from its own text (fstring.ts says its errors are in an f-string). */
function parseField(ctx: ParseContext, start: number, end: number, nesting: number): Expr {
  // Python reads a field as if in parentheses: line breaks inside it end nothing.
  const tokens = lex(ctx.text, start, end, ctx.lineOf).filter((t) => t.kind !== 'newline');
  return new Parser(tokens, ctx, nesting).fieldExpression();
}
