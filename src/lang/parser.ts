import type { AssignOp, Attribute, Call, Cell, Expr, Keyword, Program, Stmt } from './ast';
import { findCells } from './cells';
import type { Diagnostic } from './diagnostics';
import { lex, numberValue, type Token } from './lexer';
import { range, type SourceRange } from './source';

// A recursive-descent parser with one rule for errors: the first problem in a statement
// is its only diagnostic, the statement is left out of the AST, and parsing resumes at the
// next statement. A missing thing is reported as an empty range right after the last token
// read; an unexpected thing at the token itself.

export interface ParseResult {
  program: Program;
  diagnostics: Diagnostic[];
}

/** Parses a whole .grad file. Never throws; problems are diagnostics. */
export function parse(text: string): ParseResult {
  const diagnostics: Diagnostic[] = [];
  const cells: Cell[] = findCells(text).map((span) => {
    const tokens = lex(text, span.body.start, span.body.end);
    const parser = new CellParser(tokens, span.index, diagnostics);
    const statements = parser.parseCell();
    const cell: Cell = { index: span.index, title: span.title, range: span.range, statements, dropped: parser.dropped };
    if (span.markerRange) cell.markerRange = span.markerRange;
    return cell;
  });
  return { program: { cells }, diagnostics };
}

const ASSIGN_OPS: ReadonlySet<string> = new Set<AssignOp>(['=', '+=', '-=', '*=', '/=']);
const OPENERS: ReadonlySet<string> = new Set(['(', '[', '{']);
const CLOSERS: ReadonlySet<string> = new Set([')', ']', '}']);

/** Python statements with a body: their indented lines are skipped with them. */
const BLOCK_KEYWORDS: ReadonlySet<string> = new Set([
  'def', 'class', 'for', 'while', 'if', 'elif', 'else', 'with', 'try', 'except', 'finally', 'async',
]);
/** Clauses that continue a block at its own indentation (`else:` after `if ...:`). */
const CLAUSE_KEYWORDS: ReadonlySet<string> = new Set(['elif', 'else', 'except', 'finally']);
const LATER_KEYWORDS: ReadonlySet<string> = new Set([
  ...BLOCK_KEYWORDS,
  'return', 'lambda', 'pass', 'break', 'continue', 'yield', 'global', 'nonlocal', 'del', 'assert',
  'raise', 'await',
]);
const IMPORT_KEYWORDS: ReadonlySet<string> = new Set(['import', 'from']);
const RESERVED: ReadonlySet<string> = new Set([
  ...LATER_KEYWORDS, ...IMPORT_KEYWORDS, 'and', 'or', 'not', 'in', 'is', 'as',
]);

const NO_TUPLES = "unexpected ',': .grad has no tuples, write one value per statement";
const IMPORT_WARNING = "'import' is not needed: Value, tanh, exp, log, relu, sigmoid and draw_dot are built in";
const MAX_NESTING = 100;

const LOGIC = '.grad has no true/false logic';
const COMPARISON = '.grad has no comparisons';
const BITWISE = '.grad has no bitwise operators';
const AUGMENTED = "use '+=', '-=', '*=' or '/=', or write it out as x = x ** 2";

/** Python operators and brackets .grad does not support, each with what to do instead. */
const UNSUPPORTED: ReadonlyMap<string, string> = new Map([
  ['//', "'//' (floor division) is not supported: use '/'"],
  ['%', "'%' (remainder) is not supported"],
  ['@', "'@' (matrix multiplication) is not supported: .grad values are scalars, use '*'"],
  ...['==', '!=', '<', '>', '<=', '>='].map((op): [string, string] => [op, `'${op}' is not supported: ${COMPARISON}`]),
  ...['<<', '>>', '&', '|', '^', '~'].map((op): [string, string] => [op, `'${op}' is not supported: ${BITWISE}`]),
  ...['**=', '//=', '%=', '@=', '&=', '|=', '^=', '<<=', '>>='].map(
    (op): [string, string] => [op, `'${op}' is not supported: ${AUGMENTED}`],
  ),
  [':=', "':=' is not supported: assign with '=' in a statement of its own"],
  ['[', "'[' is not supported yet: lists and indexing are planned"],
  ['{', "'{' is not supported yet: dicts and sets are planned"],
  ['and', `'and' is not supported: ${LOGIC}`],
  ['or', `'or' is not supported: ${LOGIC}`],
  ['not', `'not' is not supported: ${LOGIC}`],
  ['in', `'in' is not supported: ${COMPARISON}`],
  ['is', `'is' is not supported: ${COMPARISON}`],
]);

function laterMessage(keyword: string): string {
  return `'${keyword}' is not supported yet: a .grad cell holds straight-line statements (functions, loops and classes are planned)`;
}

function isOp(t: Token, text: string): boolean {
  return t.kind === 'op' && t.text === text;
}

function isPlainName(t: Token): boolean {
  return t.kind === 'name' && !RESERVED.has(t.text);
}

/** Tokens that begin an operand: two of them in a row mean an operator is missing. */
function startsOperand(t: Token): boolean {
  return isPlainName(t) || t.kind === 'number' || t.kind === 'string';
}

function endsOperand(t: Token): boolean {
  return startsOperand(t) || (t.kind === 'op' && CLOSERS.has(t.text));
}

/** The message a token brings with it wherever it shows up, if any. */
function ownMessage(t: Token): string | undefined {
  if (t.kind === 'invalid') return t.message;
  if (t.kind === 'op') return UNSUPPORTED.get(t.text);
  if (t.kind === 'name') return UNSUPPORTED.get(t.text) ?? (LATER_KEYWORDS.has(t.text) ? laterMessage(t.text) : undefined);
  return undefined;
}

function describe(t: Token): string {
  if (t.kind === 'string') return 'string';
  const text = t.text.length > 20 ? `${t.text.slice(0, 20)}…` : t.text;
  return `'${text}'`;
}

/**
 * What to say when no expression starts at a token: a message, the operator the missing
 * operand belongs to (built lazily: most operators are fine), or null for "unexpected X".
 */
type Expected = string | Token | null;

function expectedMessage(expected: Expected, found: Token): string {
  if (expected === null) return `unexpected ${describe(found)}`;
  if (typeof expected === 'string') return expected;
  return `expected an expression after '${expected.text}'`;
}

function missingOperator(t: Token): string {
  return `unexpected ${describe(t)}: is an operator missing before it?`;
}

function cannotAssign(target: Expr, op: string): string {
  const what: Record<Expr['kind'], string> = {
    number: 'a number', string: 'a string', call: 'a function call',
    unary: 'an expression', binary: 'an expression', name: 'a name', attribute: 'an attribute',
  };
  return `cannot assign to ${what[target.kind]}: the left of '${op}' must be a name like x or an attribute like x.data`;
}

/** Thrown to unwind to the statement loop; never leaves this module. */
class SyntaxFailure {
  constructor(readonly message: string, readonly range: SourceRange) {}
}

class CellParser {
  private pos = 0;
  /** End of the last token consumed: where a missing thing should go. */
  private prevEnd = 0;
  /** The '(' tokens of the current statement that are not closed yet. */
  private open: Token[] = [];
  private nesting = 0;
  private stmtStart: Token;
  private readonly newStatementAt = new Map<number, boolean>();
  /** See Cell.dropped. */
  readonly dropped: { name: string; start: number }[] = [];

  constructor(
    private readonly tokens: Token[],
    private readonly cell: number,
    private readonly diagnostics: Diagnostic[],
  ) {
    this.stmtStart = tokens[0];
    this.prevEnd = tokens[0].range.start;
  }

  parseCell(): Stmt[] {
    const statements: Stmt[] = [];
    for (;;) {
      const t = this.tokens[this.pos];
      if (t.kind === 'eof') return statements;
      if (t.kind === 'newline' || isOp(t, ';')) {
        this.pos++;
        continue;
      }
      const stmt = this.statementOrRecover(t);
      if (stmt !== null) statements.push(stmt);
    }
  }

  private report(severity: Diagnostic['severity'], message: string, at: SourceRange): void {
    this.diagnostics.push({ severity, message, range: at, cell: this.cell });
  }

  /** Parses one statement starting at `first`; on an error reports it and skips the statement. */
  private statementOrRecover(first: Token): Stmt | null {
    const startPos = this.pos;
    this.open = [];
    this.nesting = 0;
    this.stmtStart = first;
    const promptEnd = this.notebookPromptEnd(first);
    if (promptEnd !== null) {
      // `In [7]:` and `Out[7]: ...` come with a pasted notebook: say once per line what
      // they are, and skip the line (an Out line is an echo, not code).
      const prompt = this.tokens.slice(this.pos, this.tokens.indexOf(promptEnd, this.pos) + 1).map((t) => t.text);
      const shown = `${prompt[0]} ${prompt.slice(1).join('')}`;
      const end = this.synchronize(true);
      this.report('warning', `'${shown}' is a notebook prompt, skipped: start a cell with '# %%' to split a pasted notebook`, range(first.range.start, end));
      return null;
    }
    if (first.kind === 'name' && IMPORT_KEYWORDS.has(first.text)) {
      const end = this.synchronize(true);
      this.report('warning', IMPORT_WARNING, range(first.range.start, end));
      return null;
    }
    if (first.kind === 'name' && LATER_KEYWORDS.has(first.text)) {
      this.report('error', laterMessage(first.text), first.range);
      this.synchronize(!BLOCK_KEYWORDS.has(first.text));
      if (BLOCK_KEYWORDS.has(first.text)) this.skipBlockBody(first.indent);
      return null;
    }
    try {
      const stmt = this.statement(first);
      this.expectStatementEnd();
      return stmt;
    } catch (e) {
      if (!(e instanceof SyntaxFailure)) throw e;
      this.report('error', e.message, e.range);
      const target = this.tokens[startPos + 1];
      if (first.kind === 'name' && target !== undefined && target.kind === 'op' && ASSIGN_OPS.has(target.text)) {
        this.dropped.push({ name: first.text, start: first.range.start });
      }
      this.synchronize(true);
      return null;
    }
  }

  /** The `:` ending an `In [7]:` or `Out[7]:` prompt that starts at `first`, or null. */
  private notebookPromptEnd(first: Token): Token | null {
    if (first.kind !== 'name' || (first.text !== 'In' && first.text !== 'Out')) return null;
    // `first` is the token at this.pos: statementOrRecover is called on it.
    const next = this.tokens.slice(this.pos + 1, this.pos + 5);
    if (!isOp(next[0], '[')) return null;
    // `In [7]:`, `In [ ]:`, and `In [None]:` / `In [*]:` for cells never run or running.
    const inside = next[1];
    const filled = inside !== undefined && (inside.kind === 'number' || inside.kind === 'name' || isOp(inside, '*'));
    const close = filled ? 2 : 1;
    return isOp(next[close], ']') && isOp(next[close + 1], ':') ? next[close + 1] : null;
  }

  private statement(first: Token): Stmt {
    if (first.kind === 'op' && ASSIGN_OPS.has(first.text)) {
      throw this.failAt(first, `expected a name to assign to before '${first.text}'`);
    }
    const start = first.range.start;
    const target = this.expression(null);
    const opToken = this.peek();
    if (!(opToken.kind === 'op' && ASSIGN_OPS.has(opToken.text))) {
      return { kind: 'expr', expr: target, range: range(start, this.prevEnd) };
    }
    if (target.kind !== 'name' && target.kind !== 'attribute') {
      // The written target, parentheses included, is what the learner has to change.
      throw new SyntaxFailure(cannotAssign(target, opToken.text), range(start, this.prevEnd));
    }
    this.advance();
    const value = this.expression(opToken);
    const op = opToken.text as AssignOp;
    return { kind: 'assign', target, op, opRange: opToken.range, value, range: range(start, this.prevEnd) };
  }

  private expectStatementEnd(): void {
    const t = this.peek();
    if (t.kind === 'newline' || t.kind === 'eof' || isOp(t, ';')) return;
    if (startsOperand(t)) throw this.failAt(t, missingOperator(t));
    if (isOp(t, '=')) throw this.failAt(t, "unexpected '=': assign one name per statement");
    if (isOp(t, ',')) throw this.failAt(t, NO_TUPLES);
    throw this.failAt(t, `unexpected ${describe(t)}`);
  }

  // ---- expressions, loosest first ----

  private expression(expected: Expected): Expr {
    this.enter(1);
    const expr = this.additive(expected);
    this.nesting--;
    return expr;
  }

  /**
   * Bounds the depth of the tree, so that deeply nested input is an error rather than a
   * stack overflow here or in whatever walks the tree. A failure unwinds to the statement,
   * which resets the count.
   */
  private enter(levels: number): void {
    this.nesting += levels;
    if (this.nesting > MAX_NESTING) {
      throw this.failAt(this.peek(), `this expression is nested too deeply (more than ${MAX_NESTING} levels)`);
    }
  }

  private additive(expected: Expected): Expr {
    const start = this.peek().range.start;
    let left = this.multiplicative(expected);
    for (let t = this.peek(); isOp(t, '+') || isOp(t, '-'); t = this.peek()) {
      this.advance();
      const right = this.multiplicative(t);
      left = { kind: 'binary', op: t.text as '+' | '-', left, right, range: range(start, this.prevEnd) };
    }
    return left;
  }

  private multiplicative(expected: Expected): Expr {
    const start = this.peek().range.start;
    let left = this.unary(expected);
    for (let t = this.peek(); isOp(t, '*') || isOp(t, '/'); t = this.peek()) {
      this.advance();
      const right = this.unary(t);
      left = { kind: 'binary', op: t.text as '*' | '/', left, right, range: range(start, this.prevEnd) };
    }
    return left;
  }

  /** Prefix signs, read in a loop: each still counts as a level of the tree. */
  private unary(expected: Expected): Expr {
    const signs: Token[] = [];
    for (let t = this.peek(); isOp(t, '-') || isOp(t, '+'); t = this.peek()) {
      this.enter(1);
      signs.push(this.advance());
    }
    let expr = this.power(signs.length > 0 ? signs[signs.length - 1] : expected);
    this.nesting -= signs.length;
    for (let i = signs.length - 1; i >= 0; i--) {
      const op = signs[i].text as '-' | '+';
      expr = { kind: 'unary', op, operand: expr, range: range(signs[i].range.start, this.prevEnd) };
    }
    return expr;
  }

  /** `**` binds tighter than a sign on its left and is right-associative: -x**2 is -(x**2). */
  private power(expected: Expected): Expr {
    const start = this.peek().range.start;
    const base = this.postfix(expected);
    const op = this.peek();
    if (!isOp(op, '**')) return base;
    this.advance();
    this.enter(1);
    const exponent = this.unary(op);
    this.nesting--;
    return { kind: 'binary', op: '**', left: base, right: exponent, range: range(start, this.prevEnd) };
  }

  private postfix(expected: Expected): Expr {
    // Ranges start at the first token, so `(2*x).exp()` keeps its parenthesis.
    const start = this.peek().range.start;
    let expr = this.primary(expected);
    for (;;) {
      const t = this.peek();
      if (isOp(t, '(')) expr = this.call(expr, start);
      else if (isOp(t, '.')) expr = this.attribute(expr, start);
      else return expr;
    }
  }

  private primary(expected: Expected): Expr {
    const t = this.peek();
    if (t.kind === 'number') {
      this.advance();
      return { kind: 'number', value: numberValue(t.text), range: t.range };
    }
    if (t.kind === 'string') {
      this.advance();
      return { kind: 'string', value: t.stringValue ?? '', range: t.range };
    }
    if (isPlainName(t)) {
      this.advance();
      return { kind: 'name', name: t.text, range: t.range };
    }
    if (isOp(t, '(')) return this.parenthesized();
    throw this.failAt(t, expected);
  }

  /** `( expr )` gives the inner expression itself, whose range leaves out the parentheses. */
  private parenthesized(): Expr {
    this.open.push(this.advance());
    const inner = this.expression(this.open[this.open.length - 1]);
    const t = this.peek();
    if (!isOp(t, ')')) {
      const message = startsOperand(t) ? missingOperator(t) : isOp(t, ',') ? NO_TUPLES : "expected ')' to close '('";
      throw this.failAt(t, message);
    }
    this.advance();
    this.open.pop();
    return inner;
  }

  private attribute(object: Expr, start: number): Attribute {
    this.advance();
    const t = this.peek();
    if (t.kind !== 'name') throw this.failAt(t, "expected an attribute name after '.'");
    this.advance();
    return { kind: 'attribute', object, name: t.text, nameRange: t.range, range: range(start, t.range.end) };
  }

  private call(callee: Expr, start: number): Call {
    this.open.push(this.advance());
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    while (!isOp(this.peek(), ')')) {
      this.argument(args, keywords);
      const t = this.peek();
      if (isOp(t, ',')) this.advance();
      else if (!isOp(t, ')')) {
        throw this.failAt(t, startsOperand(t) ? "expected ',' between arguments" : "expected ')' to close the call");
      }
    }
    const close = this.advance();
    this.open.pop();
    return { kind: 'call', callee, args, keywords, range: range(start, close.range.end) };
  }

  private argument(args: Expr[], keywords: Keyword[]): void {
    const t = this.peek();
    if (t.kind === 'name' && isOp(this.tokens[this.pos + 1], '=')) {
      this.advance();
      this.advance();
      const value = this.expression(`expected a value after '${t.text}='`);
      keywords.push({ name: t.text, nameRange: t.range, value, range: range(t.range.start, this.prevEnd) });
      return;
    }
    const first = args.length + keywords.length === 0;
    const value = this.expression(first ? "expected an argument or ')'" : "expected an argument after ','");
    if (keywords.length > 0) {
      throw new SyntaxFailure('a positional argument cannot follow a keyword argument', range(t.range.start, this.prevEnd));
    }
    args.push(value);
  }

  // ---- tokens ----

  /**
   * The next significant token. Inside brackets a line break is insignificant, unless the
   * next line is clearly a new statement: then the line break is returned, and it ends the
   * statement with "'(' was never closed".
   */
  private peek(): Token {
    let t = this.tokens[this.pos];
    while (t.kind === 'newline' && this.open.length > 0 && !this.startsNewStatement(this.pos)) {
      t = this.tokens[++this.pos];
    }
    return t;
  }

  private advance(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    this.prevEnd = t.range.end;
    return t;
  }

  private failAt(t: Token, expected: Expected): SyntaxFailure {
    // ';' cannot continue anything, even inside brackets: it ends the statement.
    if (t.kind === 'newline' || t.kind === 'eof' || isOp(t, ';')) {
      const bracket = this.open[this.open.length - 1];
      if (bracket !== undefined) return new SyntaxFailure(`'${bracket.text}' was never closed`, bracket.range);
      return new SyntaxFailure(expectedMessage(expected, t), range(this.prevEnd, this.prevEnd));
    }
    return new SyntaxFailure(ownMessage(t) ?? expectedMessage(expected, t), t.range);
  }

  // ---- recovery ----

  /**
   * Skips to the end of the statement: the next line break outside brackets, the next ';'
   * (when `atSemicolon`), or a line that clearly starts a new statement. Returns the end of
   * the last token skipped.
   */
  private synchronize(atSemicolon: boolean): number {
    let depth = this.open.length;
    let lastEnd = this.prevEnd;
    for (;;) {
      const t = this.tokens[this.pos];
      if (t.kind === 'eof') return lastEnd;
      if (t.kind === 'newline') {
        if (depth === 0 || this.startsNewStatement(this.pos)) return lastEnd;
      } else {
        if (atSemicolon && isOp(t, ';')) return lastEnd;
        if (t.kind === 'op' && OPENERS.has(t.text)) depth++;
        if (t.kind === 'op' && CLOSERS.has(t.text)) depth = Math.max(0, depth - 1);
        lastEnd = t.range.end;
      }
      this.pos++;
    }
  }

  /** Skips the lines indented under a block header, and its `else:`-like clauses. */
  private skipBlockBody(headerIndent: number): void {
    for (;;) {
      const next = this.tokens[this.pos + 1];
      if (this.tokens[this.pos].kind !== 'newline' || next.kind === 'eof') return;
      const clause = next.indent === headerIndent && next.kind === 'name' && CLAUSE_KEYWORDS.has(next.text);
      if (next.indent <= headerIndent && !clause) return;
      this.pos++;
      this.open = [];
      this.synchronize(false);
    }
  }

  /** Whether the line after the line break at `newline` is clearly a new statement. */
  private startsNewStatement(newline: number): boolean {
    let known = this.newStatementAt.get(newline);
    if (known === undefined) {
      known = this.looksLikeNewStatement(newline);
      this.newStatementAt.set(newline, known);
    }
    return known;
  }

  private looksLikeNewStatement(newline: number): boolean {
    const first = this.tokens[newline + 1];
    const before = this.tokens[newline - 1];
    if (first.kind === 'name' && (LATER_KEYWORDS.has(first.text) || IMPORT_KEYWORDS.has(first.text))) return true;
    // Two operands in a row never continue an expression.
    if (before !== undefined && endsOperand(before) && startsOperand(first)) return true;
    const shape = this.assignmentShape(newline + 1);
    if (shape === null) return false;
    // `x.data =` and `x +=` are never arguments; `label=` after '(' or ',' may be one.
    if (shape !== 'plain' || before === undefined || !(isOp(before, '(') || isOp(before, ','))) return true;
    return first.indent <= this.stmtStart.indent && !this.lineContinuesArguments(newline + 1);
  }

  /** 'plain' for `name =`, 'other' for `name op=` or `name.attr... =`, else null. */
  private assignmentShape(at: number): 'plain' | 'other' | null {
    if (!isPlainName(this.tokens[at])) return null;
    let i = at + 1;
    while (isOp(this.tokens[i], '.') && this.tokens[i + 1].kind === 'name') i += 2;
    const op = this.tokens[i];
    if (!(op.kind === 'op' && ASSIGN_OPS.has(op.text))) return null;
    return i === at + 1 && op.text === '=' ? 'plain' : 'other';
  }

  /**
   * Whether the line from token `at` reads as more arguments: it closes the bracket
   * (`label='x')`) or ends with a comma (`label='x',`).
   */
  private lineContinuesArguments(at: number): boolean {
    let depth = 0;
    let i = at;
    for (; this.tokens[i].kind !== 'newline' && this.tokens[i].kind !== 'eof'; i++) {
      const t = this.tokens[i];
      if (t.kind === 'op' && OPENERS.has(t.text)) depth++;
      if (t.kind === 'op' && CLOSERS.has(t.text) && --depth < 0) return true;
    }
    return isOp(this.tokens[i - 1], ',');
  }
}
