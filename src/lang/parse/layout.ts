import type { LineOf, Token } from '../lexer';
import { range } from '../source';
import { isOp } from './cursor';
import {
  CLOSING_BRACKET, CLOSING_BRACKETS, CONSTANT_KEYWORDS, HEADER_OR_EXPRESSION_KEYWORDS, isAssignmentOperator, STATEMENT_ONLY_KEYWORDS,
} from './vocabulary';

// Turns physical lines into Python's logical lines: a line break inside brackets does
// not end a statement, and the indentation of each statement's first line opens and
// closes blocks ('indent' and 'dedent' tokens, as Python's tokenizer makes). Bracket
// errors that Python's tokenizer reports become 'invalid' tokens here, and indentation
// errors an `indentError` on the line's first token; the parser reports either when it
// gets there.
//
// One guess keeps a forgotten ')' from swallowing the rest of a cell: inside brackets, a
// line that clearly starts a new statement (`y = 2`, `return x`, `for i in xs:`) ends the
// statement before it, which the parser then reports as "'(' was never closed".

/** Python's limit on nested blocks. */
export const MAX_INDENT_LEVELS = 100;

export function isOpener(t: Token): boolean {
  return t.kind === 'op' && CLOSING_BRACKET.has(t.text);
}

export function isCloser(t: Token): boolean {
  return t.kind === 'op' && CLOSING_BRACKETS.has(t.text);
}

/** Tokens that begin an operand: two in a row mean an operator or a comma is missing, or a new statement. */
export function startsOperand(t: Token): boolean {
  return t.kind === 'name' || t.kind === 'number' || t.kind === 'string' || (t.kind === 'keyword' && CONSTANT_KEYWORDS.has(t.text));
}

function endsOperand(t: Token): boolean {
  return startsOperand(t) || isCloser(t) || (t.kind === 'op' && t.text === '...');
}

interface Level {
  indent: number;
  altIndent: number;
}

/** The parser's token stream for one cell's tokens from lex(). */
export function layout(raw: Token[], lineOf: LineOf): Token[] {
  return new Layout(raw, lineOf).run();
}

class Layout {
  private readonly out: Token[] = [];
  /** Brackets of the current statement not yet closed. */
  private brackets: Token[] = [];
  private readonly levels: Level[] = [{ indent: 0, altIndent: 0 }];
  /** First token of the current logical line; null between lines. */
  private lineFirst: Token | null = null;
  private lastRealEnd = 0;
  /** Whether the last logical line ended with ':', so that a block should follow. */
  private afterHeader = false;
  /** Whether the lines are indented past MAX_INDENT_LEVELS (and that was reported). */
  private tooDeep = false;

  constructor(private readonly raw: Token[], private readonly lineOf: LineOf) {}

  run(): Token[] {
    for (let i = 0; i < this.raw.length; i++) {
      const t = this.raw[i];
      if (t.kind === 'newline') {
        if (this.lineFirst !== null && (this.brackets.length === 0 || this.startsNewStatement(i))) this.endLine(t);
      } else if (t.kind === 'eof') {
        this.finish(t);
      } else {
        if (this.lineFirst === null) this.startLine(t, i);
        this.track(t, i);
        this.out.push(t);
        this.lastRealEnd = t.range.end;
      }
    }
    return this.out;
  }

  private endLine(newline: Token): void {
    const last = this.out[this.out.length - 1];
    this.afterHeader = last !== undefined && isOp(last, ':');
    this.out.push(newline);
    this.brackets = [];
    this.lineFirst = null;
  }

  private finish(eof: Token): void {
    if (this.lineFirst !== null) this.endLine(synthetic('newline', eof, this.lastRealEnd));
    for (let i = this.levels.length - 1; i > 0; i--) this.out.push(synthetic('dedent', eof, eof.range.start));
    this.levels.length = 1;
    this.out.push(eof);
  }

  /** Python's indentation rules for the first token of a logical line. */
  private startLine(first: Token, at: number): void {
    this.lineFirst = first;
    const top = this.levels[this.levels.length - 1];
    if (first.indent > top.indent) {
      if (this.levels.length > MAX_INDENT_LEVELS) {
        // Deeper lines join the deepest block; only the first of them is reported.
        if (!this.tooDeep) first.indentError = 'too many levels of indentation';
        this.tooDeep = true;
        return;
      }
      if (first.altIndent <= top.altIndent) first.indentError = TAB_ERROR;
      this.openLevel(first, first.indent, first.altIndent);
      return;
    }
    this.tooDeep = false;
    let match = this.levels.length - 1;
    while (match >= 0 && this.levels[match].indent !== first.indent) match--;
    if (match >= 0) {
      if (first.altIndent !== this.levels[match].altIndent) first.indentError = TAB_ERROR;
      this.dedentTo(match, first);
      return;
    }
    first.indentError = 'unindent does not match any outer indentation level';
    this.misindented(first, at);
  }

  /**
   * Where a line whose indentation matches no open block belongs. Its error is reported
   * once; guessed well, nothing after it cascades. After a header it is the header's
   * body. Else it joins the block its next line is in (a line one space off in the
   * middle of a block stays in the block), or the nearer of the two it falls between;
   * and when the block's next line is indented like this one, the block takes that
   * indentation as its own: then it was an earlier line that was off.
   */
  private misindented(first: Token, at: number): void {
    const top = this.levels[this.levels.length - 1];
    const next = this.nextLineFirst(at);
    if (this.afterHeader) {
      const body = next !== undefined && next.indent > top.indent ? next : undefined;
      this.openLevel(first, body?.indent ?? top.indent + 1, body?.altIndent ?? top.altIndent + 1);
      return;
    }
    // A header's next line is its body, not its neighbour: it cannot guide.
    const header = isOp(this.scanLine(at).last, ':');
    const guide = next !== undefined && next.indent <= top.indent && !header ? next : first;
    let upper = this.levels.length - 1;
    while (upper > 0 && this.levels[upper - 1].indent >= guide.indent) upper--;
    // upper 0 is the cell's own level, with none outside it to fall between (the cell's
    // level can have taken a misindented line's indentation, below).
    if (this.levels[upper].indent === guide.indent || upper === 0) {
      this.dedentTo(upper, first);
      return;
    }
    const lower = this.levels[upper - 1];
    const nearer = this.levels[upper].indent - guide.indent <= guide.indent - lower.indent ? upper : upper - 1;
    this.dedentTo(nearer, first);
    const level = this.levels[nearer];
    if (this.nextSibling(at, Math.max(level.indent, first.indent))?.indent === first.indent) {
      Object.assign(level, { indent: first.indent, altIndent: first.altIndent });
    }
  }

  /**
   * The first token of the first line after raw[at]'s that is indented no deeper than
   * `indent`: the next line of the same block or an outer one. Looked for over a few
   * hundred tokens only, so that many misindented lines cannot make the layout quadratic.
   */
  private nextSibling(at: number, indent: number): Token | undefined {
    for (let i = at + 1, seen = 0; i < this.raw.length && seen < SIBLING_LOOKAHEAD; i++, seen++) {
      const t = this.raw[i];
      if (t.lineStart && t.indent <= indent) return t;
    }
    return undefined;
  }

  private openLevel(first: Token, indent: number, altIndent: number): void {
    this.levels.push({ indent, altIndent });
    const whitespace = range(first.range.start - first.altIndent, first.range.start);
    this.out.push({ ...synthetic('indent', first, whitespace.start), range: whitespace, text: ' '.repeat(first.altIndent) });
  }

  private dedentTo(level: number, first: Token): void {
    for (let i = this.levels.length - 1; i > level; i--) this.out.push(synthetic('dedent', first, first.range.start));
    this.levels.length = level + 1;
  }

  /** The first token of the physical line after the one raw[at] is on. */
  private nextLineFirst(at: number): Token | undefined {
    let i = at;
    while (this.raw[i].kind !== 'newline' && this.raw[i].kind !== 'eof') i++;
    const next = this.raw[i].kind === 'newline' ? this.raw[i + 1] : undefined;
    return next !== undefined && next.kind !== 'eof' ? next : undefined;
  }

  private track(t: Token, at: number): void {
    if (t.kind !== 'op') return;
    if (isOpener(t)) {
      this.brackets.push(t);
    } else if (isCloser(t)) {
      this.close(t);
    } else if (t.text === ';' && this.brackets.length > 0) {
      // ';' is never valid inside brackets: either a ')' was forgotten before a new
      // statement, or ',' was meant.
      if (this.startsStatement(at + 1)) this.brackets = [];
      else invalidate(t, "';' cannot appear inside brackets: did you mean ','?");
    }
  }

  private close(closer: Token): void {
    const opener = this.brackets[this.brackets.length - 1];
    if (opener === undefined) {
      invalidate(closer, `unmatched '${closer.text}'`);
      return;
    }
    if (CLOSING_BRACKET.get(opener.text) === closer.text) {
      this.brackets.pop();
      return;
    }
    const openLine = this.lineOf(opener.range.start);
    const onLine = openLine === this.lineOf(closer.range.start) ? '' : ` on line ${openLine}`;
    invalidate(closer, `closing parenthesis '${closer.text}' does not match opening parenthesis '${opener.text}'${onLine}`);
    // Resume as if the brackets inside the one it does match had been closed.
    let match = this.brackets.length - 1;
    while (match >= 0 && CLOSING_BRACKET.get(this.brackets[match].text) !== closer.text) match--;
    this.brackets.length = match >= 0 ? match : this.brackets.length - 1;
  }

  /** Whether the line after the line break raw[newline], inside brackets, is clearly a new statement. */
  private startsNewStatement(newline: number): boolean {
    const first = this.raw[newline + 1];
    const before = this.raw[newline - 1];
    if (first.kind === 'eof' || this.lineFirst === null) return false;
    if (first.kind === 'keyword' && STATEMENT_ONLY_KEYWORDS.has(first.text)) return true;
    const line = this.scanLine(newline + 1);
    const header = isOp(line.last, ':') && line.depth === 0;
    if (first.kind === 'keyword' && HEADER_OR_EXPRESSION_KEYWORDS.has(first.text) && header) return true;
    // A line that closes the bracket is its end (`label='x')`), whatever else it holds.
    if (line.closes) return false;
    if (first.indent < this.lineFirst.indent && (first.kind === 'name' || first.kind === 'keyword')) return true;
    // Two operands in a row never continue an expression, but two strings are one (`'a'\n'b'`).
    if (endsOperand(before) && startsOperand(first) && !(before.kind === 'string' && first.kind === 'string')) return true;
    const shape = this.assignmentShape(newline + 1);
    if (shape === null) return false;
    // `x.data =` and `x +=` are never arguments; `label=` after '(' or ',' may be one.
    if (shape !== 'plain' || !(isOp(before, '(') || isOp(before, ','))) return true;
    return first.indent <= this.lineFirst.indent && !isOp(line.last, ',');
  }

  /** Whether raw[at], after a ';' inside brackets, ends the line or begins something that can only be a statement. */
  private startsStatement(at: number): boolean {
    const t = this.raw[at];
    if (t.kind === 'newline' || t.kind === 'eof') return true;
    return (t.kind === 'keyword' && STATEMENT_ONLY_KEYWORDS.has(t.text)) || this.assignmentShape(at) !== null;
  }

  /** The physical line from raw[at]: its last token, its bracket depth at the end, whether it closes one opened before. */
  private scanLine(at: number): { last: Token; depth: number; closes: boolean } {
    let depth = 0;
    let closes = false;
    let i = at;
    for (; this.raw[i].kind !== 'newline' && this.raw[i].kind !== 'eof'; i++) {
      const t = this.raw[i];
      if (isOpener(t)) depth++;
      else if (isCloser(t) && --depth < 0) closes = true;
    }
    return { last: this.raw[i - 1], depth, closes };
  }

  /** 'plain' for `name =`, 'other' for `name op=` or `name.attr... =`, else null. */
  private assignmentShape(at: number): 'plain' | 'other' | null {
    if (this.raw[at].kind !== 'name') return null;
    let i = at + 1;
    while (isOp(this.raw[i], '.') && this.raw[i + 1].kind === 'name') i += 2;
    const op = this.raw[i];
    if (!(op.kind === 'op' && isAssignmentOperator(op.text))) return null;
    return i === at + 1 && op.text === '=' ? 'plain' : 'other';
  }
}

const TAB_ERROR = 'inconsistent use of tabs and spaces in indentation';

/** How many tokens ahead nextSibling looks. */
const SIBLING_LOOKAHEAD = 500;

function invalidate(t: Token, message: string): void {
  t.kind = 'invalid';
  t.message = message;
}

/** A token the layout adds: empty, at `offset`, on the line of `near`. */
function synthetic(kind: 'newline' | 'dedent' | 'indent', near: Token, offset: number): Token {
  return {
    kind, text: '', range: range(offset, offset), lineStart: false, indent: near.indent, altIndent: near.altIndent,
  };
}
