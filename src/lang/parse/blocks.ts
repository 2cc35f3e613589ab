import type { Broken, Stmt } from '../ast';
import type { Token } from '../lexer';
import { range } from '../source';
import { endsStatement, isOp, SyntaxFailure } from './cursor';
import { CLAUSE_KEYWORDS, NOTEBOOK_PROMPT_NAMES, NOTEBOOK_PROMPT_PLACEHOLDERS, blockDescription } from './vocabulary';
import { boundNames, namesInTokens, unique } from './names';
import { SimpleStatementParser } from './statements';

// Blocks of statements and the recovery rule: the first problem in a simple statement
// is its only diagnostic, the statement becomes a Broken node, and parsing resumes at
// the next statement. The layout has already decided where every statement and block
// ends, so skipping a statement is skipping to its end token, and indentation stays in
// step whatever went wrong inside a statement.

/** What a compound statement's body came to. */
export interface Body {
  statements: Stmt[];
  /** False when the body is missing (already reported) or its header was broken. */
  ok: boolean;
  /**
   * The body was missing and the rest of the block was read in its place (lost
   * indentation): its names may be the enclosing scope's, not a function's locals.
   */
  absorbed?: boolean;
}

export abstract class BlockParser extends SimpleStatementParser {
  /** Whether the next token begins a compound statement (or a clause of one, or a decorator). */
  protected abstract startsCompound(): boolean;
  protected abstract compound(): Stmt;

  /** Statements up to the end of the current block (a dedent, left for the caller) or of the cell. */
  protected statements(): Stmt[] {
    const out: Stmt[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof' || t.kind === 'dedent') return out;
      const before = this.pos;
      if (t.kind === 'newline') this.advance();
      else if (t.kind === 'indent') out.push(this.unexpectedIndent());
      else this.statement(out);
      // Every rule consumes at least one token; this keeps a slip in one from looping forever.
      if (this.pos === before) this.advance();
    }
  }

  private statement(out: Stmt[]): void {
    const first = this.peek();
    const before = out[out.length - 1];
    if (first.indentError !== undefined) out.push(this.misindented(first));
    else if (before?.kind === 'broken' && (this.isClauseKeyword(first) || this.isUnmatchedCloser(first))) this.restOfBroken(before);
    else this.statementAfterIndentation(out);
  }

  private isUnmatchedCloser(t: Token): boolean {
    return t.kind === 'invalid' && t.message?.startsWith('unmatched') === true;
  }

  /**
   * Right after a statement that did not parse, an `else:` is most likely its clause
   * (the `if` line had the typo), and a line starting with an unmatched ')' the end of
   * its bracket (the '(' was the typo): read with it, quietly.
   */
  private restOfBroken(broken: Broken): void {
    const rest: Stmt[] = [];
    this.quietly(() => this.statementAfterIndentation(rest));
    this.extendBroken(broken, rest);
  }

  /** Makes `broken` take in `statements`, just read with it: their names, and the text up to here. */
  private extendBroken(broken: Broken, statements: Stmt[]): void {
    broken.names = unique([...broken.names, ...boundNames(statements)]);
    broken.range = range(broken.range.start, Math.max(broken.range.end, this.prevEnd));
  }

  private statementAfterIndentation(out: Stmt[]): void {
    if (this.notebookPrompt()) return;
    if (this.startsCompound()) out.push(this.compound());
    else this.simpleLine(out);
  }

  /** A line whose indentation is wrong: that is its one error, and the statement is Broken. */
  private misindented(first: Token): Stmt {
    this.report('error', first.indentError as string, range(first.range.start - first.altIndent, first.range.start));
    const startPos = this.pos;
    const inner: Stmt[] = [];
    this.quietly(() => this.statementAfterIndentation(inner));
    return this.broken(startPos, first.range.start, boundNames(inner));
  }

  /**
   * An indented block where no block may start: one error, and the block's statements
   * are read as one Broken, as if in a function and a loop (the line above may have been
   * meant as its header).
   */
  private unexpectedIndent(): Stmt {
    const indent = this.advance();
    // Python's tokenizer finds a tab problem before its parser finds the indent unexpected: one error, the first.
    const first = this.peek();
    this.report('error', first.indentError ?? 'unexpected indent', indent.range);
    first.indentError = undefined;
    const startPos = this.pos;
    const inner = this.asUnknownHeadersBody(() => this.statements());
    if (this.peek().kind === 'dedent') this.advance();
    return this.broken(startPos, first.range.start, boundNames(inner));
  }

  /** Reads a block whose header is unknown: 'return', 'break' and 'continue' are all allowed in it. */
  private asUnknownHeadersBody<T>(read: () => T): T {
    return this.withScope({ inFunction: true, inLoop: true, functionDepth: this.scope.functionDepth + 1 }, read);
  }

  /**
   * `In [7]:` and `Out[7]: ...` come with a pasted notebook: a warning each. An In
   * prompt is skipped (code may follow it on its line), an Out line whole (it is output).
   */
  private notebookPrompt(): boolean {
    const first = this.peek();
    if (first.kind !== 'name' || !NOTEBOOK_PROMPT_NAMES.has(first.text) || !isOp(this.peekAt(1), '[')) return false;
    // `In [7]:`, `In [ ]:`, `In [None]:`, `In [*]:`.
    const inside = this.peekAt(2);
    const filled = inside.kind === 'number' || NOTEBOOK_PROMPT_PLACEHOLDERS.has(inside.text);
    const close = filled ? 3 : 2;
    if (!isOp(this.peekAt(close), ']') || !isOp(this.peekAt(close + 1), ':')) return false;
    const prompt = this.tokens.slice(this.pos, this.pos + close + 2).map((t) => t.text);
    const shown = `${prompt[0]} ${prompt.slice(1).join('')}`;
    for (let i = 0; i <= close + 1; i++) this.advance();
    if (first.text === 'Out') this.skipLine();
    this.report(
      'warning',
      `'${shown}' is a notebook prompt, skipped: start a cell with '# %%' to split a pasted notebook`,
      range(first.range.start, this.prevEnd),
    );
    if (this.peek().kind === 'newline') this.advance();
    return true;
  }

  /** Simple statements separated by ';', to the end of the line. */
  protected simpleLine(out: Stmt[]): void {
    let last: Stmt;
    for (;;) {
      last = this.simpleOrBroken();
      out.push(last);
      if (!this.atOp(';')) break;
      this.advance();
      if (this.peek().kind === 'newline' || this.peek().kind === 'eof') break;
    }
    if (this.peek().kind === 'newline') this.advance();
    if (last.kind === 'broken' && this.peek().kind === 'indent') this.presumedBody(last);
  }

  /**
   * A broken line followed by an indented block was most likely meant as the header of
   * that block (`d)f f(x):`): the block is read as its body, with its own errors but
   * without "unexpected indent", and as if in a function and a loop, since which kind of
   * header it was is unknown.
   */
  private presumedBody(header: Broken): void {
    this.advance();
    this.extendBroken(header, this.asUnknownHeadersBody(() => this.statements()));
    if (this.peek().kind === 'dedent') this.advance();
  }

  private simpleOrBroken(): Stmt {
    const startPos = this.pos;
    const start = this.peek().range.start;
    const stmt = this.attempt(() => this.simpleStatement(), () => this.skipStatement());
    return stmt ?? this.broken(startPos, start, namesInTokens(this.tokens, startPos, this.pos));
  }

  /**
   * Reads a statement, or a compound statement's header, with `read`: its first problem
   * is reported and the rest skipped with `skip`; null then.
   */
  private attempt<T>(read: () => T, skip: () => void): T | null {
    this.open = [];
    this.nesting = 0;
    try {
      return read();
    } catch (e) {
      if (!(e instanceof SyntaxFailure)) throw e;
      this.report('error', e.message, e.range);
      skip();
      return null;
    }
  }

  /** A Broken from `start` (at tokens[startPos]) to the last token read, if any. */
  protected broken(startPos: number, start: number, names: string[]): Broken {
    const end = this.pos > startPos ? this.prevEnd : start;
    return { kind: 'broken', names: unique(names), range: range(start, Math.max(start, end)) };
  }

  /** A compound statement that did not parse: Broken, binding what its header and blocks bind. */
  protected brokenCompound(startPos: number, start: number, headerEnd: number, blocks: Stmt[][]): Broken {
    return this.broken(startPos, start, [...namesInTokens(this.tokens, startPos, headerEnd), ...blocks.flatMap((b) => boundNames(b))]);
  }

  /** Skips to the end of the statement: a ';' or the end of the line. */
  private skipStatement(): void {
    while (!endsStatement(this.peek())) this.advance();
  }

  /** Skips to the end of the line, past any ';'. */
  protected skipLine(): void {
    for (let t = this.peek(); !endsStatement(t) || isOp(t, ';'); t = this.peek()) this.advance();
  }

  /**
   * Reads a compound statement's header with `read`, which ends with its ':'. A problem
   * in it is reported and the rest of the line skipped; false then.
   */
  protected header(read: () => void): boolean {
    return this.attempt(() => {
      read();
      return true;
    }, () => this.skipLine()) ?? false;
  }

  /** Consumes the ':' ending a header, after which there must be a body. */
  protected colon(): void {
    this.expectOp(':', "expected ':'");
  }

  /**
   * The body after a header's ':' (`keyword` starts the header): an indented block, or
   * simple statements on the header's line. A missing body is one error at the end of
   * the header; when the lines that follow are at the header's own indentation, their
   * indentation was most likely lost (a paste), so the rest of the block is taken as the
   * body, read for the names it binds but not reported again.
   */
  protected body(keyword: Token, headerOk: boolean, clauses: ReadonlySet<string>): Body {
    if (headerOk && !endsStatement(this.peek())) {
      if (this.startsCompound()) {
        this.report('error', 'invalid syntax', this.peek().range);
        this.skipLine();
        return this.indentedBlock(false);
      }
      const statements: Stmt[] = [];
      this.simpleLine(statements);
      return { statements, ok: true };
    }
    const headerEnd = this.prevEnd;
    if (this.peek().kind === 'newline') this.advance();
    // A line indented too deeply has its own error, reported where it is read.
    if (this.peek().kind === 'indent' || !headerOk || this.peek().indentError !== undefined) return this.indentedBlock(headerOk);
    const line = this.ctx.lineOf(keyword.range.start);
    this.report('error', `expected an indented block after ${blockDescription(keyword.text)} on line ${line}`, range(headerEnd, headerEnd));
    const next = this.peek();
    if (next.kind === 'eof' || next.kind === 'dedent' || (next.kind === 'keyword' && clauses.has(next.text))) {
      return { statements: [], ok: false };
    }
    return { statements: this.quietly(() => this.statements()), ok: false, absorbed: true };
  }

  /** Runs `read` with its diagnostics dropped: they follow from one already reported. */
  protected quietly<T>(read: () => T): T {
    this.muted++;
    try {
      return read();
    } finally {
      this.muted--;
    }
  }

  /** An indented block if one comes next (its dedent consumed); else none. */
  protected indentedBlock(ok: boolean): Body {
    if (this.peek().kind === 'newline') this.advance();
    if (this.peek().kind !== 'indent') return { statements: [], ok: false };
    this.advance();
    const statements = this.statements();
    if (this.peek().kind === 'dedent') this.advance();
    return { statements, ok };
  }

  /**
   * Consumes the clause keyword `keyword` (`else`, `elif`, ...) if it comes next. A
   * clause on a wrongly indented line reports that, and breaks the statement.
   */
  protected clause(keyword: string, state: { ok: boolean }): Token | null {
    const t = this.peek();
    if (t.kind !== 'keyword' || t.text !== keyword) return null;
    if (t.indentError !== undefined) {
      this.report('error', t.indentError, range(t.range.start - t.altIndent, t.range.start));
      state.ok = false;
    }
    return this.advance();
  }

  /**
   * A clause keyword with no statement before it to belong to, or a construct GradLens
   * does not run: one error at `at`, and its header line and block are read as one Broken.
   */
  protected unsupportedBlock(message: string, at: Token, readBlock: () => Stmt[] = () => this.indentedBlock(true).statements): Stmt {
    const startPos = this.pos;
    this.report('error', message, at.range);
    this.skipLine();
    const headerEnd = this.pos;
    return this.brokenCompound(startPos, at.range.start, headerEnd, [readBlock()]);
  }

  protected orphanClause(): Stmt {
    const t = this.peek();
    const after = t.text === 'elif' ? "an 'if'" : t.text === 'else' ? "an 'if', 'for', 'while' or 'try'" : "a 'try'";
    return this.unsupportedBlock(`'${t.text}' does not follow ${after} block at the same indentation`, t);
  }

  protected isClauseKeyword(t: Token): boolean {
    return t.kind === 'keyword' && CLAUSE_KEYWORDS.has(t.text);
  }

  /** The block of a `match` statement: `case ...:` lines, each with a block of statements. */
  protected caseBlocks(): Stmt[] {
    if (this.peek().kind === 'newline') this.advance();
    if (this.peek().kind !== 'indent') return [];
    this.advance();
    const out: Stmt[] = [];
    for (let t = this.peek(); t.kind !== 'dedent' && t.kind !== 'eof'; t = this.peek()) {
      const before = this.pos;
      if (t.kind === 'name' && t.text === 'case') {
        this.skipLine();
        for (const s of this.indentedBlock(true).statements) out.push(s);
      } else {
        this.statement(out);
      }
      if (this.pos === before) this.advance();
    }
    if (this.peek().kind === 'dedent') this.advance();
    return out;
  }
}
