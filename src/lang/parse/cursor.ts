import type { Expr } from '../ast';
import type { Diagnostic, Severity } from '../diagnostics';
import type { LineOf, Token } from '../lexer';
import { range, type SourceRange } from '../source';
import { UNSUPPORTED } from './vocabulary';

// The parser's position in its token stream, and its one way of failing: a SyntaxFailure
// thrown at the first problem of a statement and caught where the statement began, which
// reports it and skips to the statement's end. Messages are chosen here so that every
// rule fails the same way: a missing thing is an empty range right after the last token
// read, an unexpected token is its own range.

/** Python's limit on nesting (brackets, operators, f-strings): deeper input is an error, not a stack overflow. */
export const MAX_NESTING = 200;

/** Thrown to unwind to the start of the statement; never leaves the parser. */
export class SyntaxFailure {
  constructor(readonly message: string, readonly range: SourceRange) {}
}

/** What a cell's parsers share. */
export interface ParseContext {
  text: string;
  cell: number;
  diagnostics: Diagnostic[];
  lineOf: LineOf;
  /**
   * Parses the expression of an f-string field, text[start, end), `nesting` levels deep;
   * throws a SyntaxFailure for a problem in it.
   */
  parseField(start: number, end: number, nesting: number): Expr;
}

/**
 * What to say when the token at hand cannot start what is needed: a message, the
 * operator or bracket whose operand is missing, or null for Python's "invalid syntax".
 */
export type Expected = string | Token | null;

/** Tokens that end a statement: running into one means something is missing. */
export function endsStatement(t: Token): boolean {
  return t.kind === 'newline' || t.kind === 'eof' || t.kind === 'dedent' || t.kind === 'indent' || isOp(t, ';');
}

export function isOp(t: Token | undefined, text: string): boolean {
  return t !== undefined && t.kind === 'op' && t.text === text;
}

export function isKeyword(t: Token, text: string): boolean {
  return t.kind === 'keyword' && t.text === text;
}

export function unsupportedMessage(t: Token): string | undefined {
  return t.kind === 'keyword' || t.kind === 'op' ? UNSUPPORTED.get(t.text) : undefined;
}

/** The message a token brings with it wherever it shows up, if any. */
function ownMessage(t: Token): string | undefined {
  if (t.kind === 'invalid') return t.message;
  return unsupportedMessage(t);
}

function expectedMessage(expected: Expected): string {
  if (expected === null) return 'invalid syntax';
  if (typeof expected === 'string') return expected;
  return `expected an expression after '${expected.text}'`;
}

export class Cursor {
  protected pos = 0;
  /** End of the last token consumed: where a missing thing goes. */
  protected prevEnd: number;
  /** The brackets the current statement has opened and not closed. */
  protected open: Token[] = [];
  protected nesting = 0;
  /** While above 0, diagnostics are dropped: they follow from one already reported. */
  protected muted = 0;

  constructor(protected readonly tokens: Token[], protected readonly ctx: ParseContext) {
    this.prevEnd = tokens[0].range.start;
  }

  protected peek(): Token {
    return this.tokens[this.pos];
  }

  protected peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
  }

  protected advance(): Token {
    const t = this.tokens[this.pos];
    if (t.kind === 'eof') return t;
    this.pos++;
    // Line breaks and block tokens are not read as things: a missing thing goes after the last real token.
    if (t.kind !== 'newline' && t.kind !== 'dedent' && t.kind !== 'indent') this.prevEnd = t.range.end;
    return t;
  }

  protected atOp(text: string): boolean {
    return isOp(this.peek(), text);
  }

  protected atKeyword(text: string): boolean {
    return isKeyword(this.peek(), text);
  }

  protected eatOp(text: string): Token | null {
    return this.atOp(text) ? this.advance() : null;
  }

  protected report(severity: Severity, message: string, at: SourceRange): void {
    if (this.muted > 0) return;
    this.ctx.diagnostics.push({ severity, message, range: at, cell: this.ctx.cell });
  }

  /** The failure for finding `t` where `expected` was needed. */
  protected fail(t: Token, expected: Expected): SyntaxFailure {
    if (endsStatement(t)) {
      const bracket = this.open[this.open.length - 1];
      if (bracket !== undefined) return new SyntaxFailure(`'${bracket.text}' was never closed`, bracket.range);
      return new SyntaxFailure(expectedMessage(expected), this.missingAt());
    }
    return new SyntaxFailure(ownMessage(t) ?? expectedMessage(expected), t.range);
  }

  /** A failure with a message of its own at a range of its own. */
  protected failWith(message: string, at: SourceRange): SyntaxFailure {
    return new SyntaxFailure(message, at);
  }

  /** The empty range right after the last token read. */
  protected missingAt(): SourceRange {
    return range(this.prevEnd, this.prevEnd);
  }

  /** Consumes the operator `text` or fails with `expected` (default: "expected 'text'"). */
  protected expectOp(text: string, expected?: Expected): Token {
    const t = this.peek();
    if (isOp(t, text)) return this.advance();
    throw this.fail(t, expected === undefined ? `expected '${text}'` : expected);
  }

  protected expectKeyword(text: string): Token {
    const t = this.peek();
    if (isKeyword(t, text)) return this.advance();
    throw this.fail(t, `expected '${text}'`);
  }

  /** One level deeper into the tree; see MAX_NESTING. */
  protected enter(): void {
    if (++this.nesting > MAX_NESTING) {
      throw this.fail(this.peek(), `this expression is nested too deeply (more than ${MAX_NESTING} levels)`);
    }
  }

  protected leave(): void {
    this.nesting--;
  }

  /** Opens a bracket: consumes it and counts it as a level. */
  protected openBracket(): Token {
    this.enter();
    const t = this.advance();
    this.open.push(t);
    return t;
  }

  /** Consumes the bracket closing the innermost open one. */
  protected closeBracket(): Token {
    const t = this.advance();
    this.open.pop();
    this.leave();
    return t;
  }
}
