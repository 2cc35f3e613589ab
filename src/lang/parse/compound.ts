import type { ClassDef, ExceptHandler, Expr, FunctionDef, Param, Stmt } from '../ast';
import type { ParseContext } from './cursor';
import type { Token } from '../lexer';
import { range, type SourceRange } from '../source';
import { BlockParser, type Body } from './blocks';
import { isKeyword, isOp, unsupportedMessage } from './cursor';
import { isCloser, isOpener } from './layout';
import { boundNames, namesInTokens } from './names';
import {
  COMPOUND_KEYWORDS, EXPRESSION_START_OPERATORS, IF_CLAUSES, LOOP_CLAUSES, NO_CLAUSES, TRY_CLAUSES,
} from './vocabulary';
import { assignmentProblem } from './targets';

// Compound statements: if/elif/else, while, for, try, def and class (with decorators),
// and the ones GradLens does not run (with, async, match), each one error and its block
// read as one Broken. A compound statement with a broken header, or a missing body,
// becomes a Broken whose names are what its header and body bind; its body is still
// parsed as its body, with its own errors.

const MATCH_MESSAGE = "'match' statements are not supported: use if/elif/else";

/** A cell's parser: its statements, or the expression of one f-string field. */
export class Parser extends BlockParser {
  constructor(tokens: Token[], ctx: ParseContext, nesting = 0) {
    super(tokens, ctx);
    this.nesting = nesting;
  }

  parseCell(): Stmt[] {
    const statements: Stmt[] = [];
    while (this.peek().kind !== 'eof') {
      // Not push(...): a 200,000-line cell would overflow the stack with arguments.
      for (const s of this.statements()) statements.push(s);
      // A dedent at the top level cannot happen; skipping one keeps a slip from looping.
      if (this.peek().kind === 'dedent') this.advance();
    }
    return statements;
  }

  /** The expression of an f-string field, read as if in parentheses. */
  fieldExpression(): Expr {
    this.implicitBrackets = true;
    const start = this.peek().range.start;
    const expr = this.starExpressions(null);
    if (expr.kind === 'starred') throw this.failWith("cannot use starred expression here", expr.range);
    const t = this.peek();
    if (t.kind !== 'eof') throw this.unexpectedAfter(expr, start, t, null);
    return expr;
  }

  protected startsCompound(): boolean {
    const t = this.peek();
    if (t.kind === 'keyword') return COMPOUND_KEYWORDS.has(t.text);
    return isOp(t, '@') || this.atMatchStatement();
  }

  /** `match subject:` at the end of its line (`match` is a name anywhere else). */
  private atMatchStatement(): boolean {
    const t = this.peek();
    if (t.kind !== 'name' || t.text !== 'match') return false;
    const next = this.peekAt(1);
    if (next.kind === 'op' && !EXPRESSION_START_OPERATORS.has(next.text) && next.text !== '*') return false;
    let depth = 0;
    let last = t;
    for (let i = this.pos; this.tokens[i].kind !== 'newline' && this.tokens[i].kind !== 'eof'; i++) {
      last = this.tokens[i];
      if (isOpener(last)) depth++;
      if (isCloser(last)) depth--;
    }
    return isOp(last, ':') && depth === 0 && last !== next;
  }

  protected compound(): Stmt {
    const t = this.peek();
    if (isOp(t, '@')) return this.decorated();
    if (t.kind === 'name') return this.unsupportedBlock(MATCH_MESSAGE, t, () => this.caseBlocks());
    switch (t.text) {
      case 'if': return this.ifStatement();
      case 'while': return this.whileStatement();
      case 'for': return this.forStatement();
      case 'try': return this.tryStatement();
      case 'def': return this.functionDef(t.range.start, []);
      case 'class': return this.classDef(t.range.start, []);
      case 'with': return this.unsupportedBlock(unsupportedMessage(t) ?? 'invalid syntax', t);
      // `async def` and `async for` are one construct with the `await`s in them: one error.
      case 'async': return this.unsupportedBlock(unsupportedMessage(t) ?? 'invalid syntax', t, () => this.quietly(() => this.indentedBlock(true).statements));
      default: return this.orphanClause();
    }
  }

  /** A header that is `keyword test:`; the test, or null when the header did not parse. */
  private testHeader(keyword: Token): { test: Expr | null; ok: boolean; headerRange: SourceRange } {
    const parsed: { test: Expr | null } = { test: null };
    const ok = this.header(() => {
      const start = this.peek().range.start;
      const test = this.expression(keyword);
      if (!this.atOp(':')) throw this.unexpectedAfter(test, start, this.peek(), "expected ':'");
      this.colon();
      parsed.test = test;
    });
    return { test: parsed.test, ok, headerRange: range(keyword.range.start, this.prevEnd) };
  }

  /** An `else:` clause's header and body, if one comes next. */
  private elseClause(state: { ok: boolean }): Stmt[] {
    const keyword = this.clause('else', state);
    if (keyword === null) return [];
    const body = this.body(keyword, this.header(() => this.colon()), NO_CLAUSES);
    state.ok &&= body.ok;
    return body.statements;
  }

  private ifStatement(): Stmt {
    const startPos = this.pos;
    const start = this.peek().range.start;
    const state = { ok: true };
    const branches: { test: Expr | null; body: Stmt[]; headerRange: SourceRange }[] = [];
    let headerEnd = startPos;
    for (let keyword: Token | null = this.advance(); keyword !== null; keyword = this.clause('elif', state)) {
      const header = this.testHeader(keyword);
      if (branches.length === 0) headerEnd = this.pos;
      const body = this.body(keyword, header.ok, IF_CLAUSES);
      state.ok &&= header.ok && body.ok;
      branches.push({ test: header.test, body: body.statements, headerRange: header.headerRange });
    }
    let orelse = this.elseClause(state);
    if (!state.ok) return this.brokenCompound(startPos, start, headerEnd, [...branches.map((b) => b.body), orelse]);
    const end = this.prevEnd;
    for (let i = branches.length - 1; i >= 0; i--) {
      const { test, body, headerRange } = branches[i];
      orelse = [{ kind: 'if', test: test as Expr, body, orelse, headerRange, range: range(headerRange.start, end) }];
    }
    return orelse[0];
  }

  /** A loop's body, where 'break' and 'continue' are allowed. */
  private loopBody(keyword: Token, headerOk: boolean): Body {
    return this.withScope({ ...this.scope, inLoop: true }, () => this.body(keyword, headerOk, LOOP_CLAUSES));
  }

  private whileStatement(): Stmt {
    const startPos = this.pos;
    const keyword = this.advance();
    const header = this.testHeader(keyword);
    const headerEnd = this.pos;
    const body = this.loopBody(keyword, header.ok);
    const state = { ok: header.ok && body.ok };
    const orelse = this.elseClause(state);
    if (!state.ok || header.test === null) {
      return this.brokenCompound(startPos, keyword.range.start, headerEnd, [body.statements, orelse]);
    }
    const { test, headerRange } = header;
    return { kind: 'while', test, body: body.statements, orelse, headerRange, range: range(keyword.range.start, this.prevEnd) };
  }

  private forStatement(): Stmt {
    const startPos = this.pos;
    const keyword = this.advance();
    const parsed: { target?: Expr; iter?: Expr } = {};
    const ok = this.header(() => {
      const target = this.targetList(keyword);
      const inToken = this.peek();
      if (!isKeyword(inToken, 'in')) throw this.fail(inToken, "expected 'in'");
      const problem = assignmentProblem(target);
      if (problem !== null) throw this.failWith(problem.message, problem.node.range);
      this.advance();
      const iterStart = this.peek().range.start;
      const iter = this.values(inToken);
      if (!this.atOp(':')) throw this.unexpectedAfter(iter, iterStart, this.peek(), "expected ':'");
      this.colon();
      Object.assign(parsed, { target, iter });
    });
    const headerRange = range(keyword.range.start, this.prevEnd);
    const headerEnd = this.pos;
    const body = this.loopBody(keyword, ok);
    const state = { ok: ok && body.ok };
    const orelse = this.elseClause(state);
    const { target, iter } = parsed;
    if (!state.ok || target === undefined || iter === undefined) {
      return this.brokenCompound(startPos, keyword.range.start, headerEnd, [body.statements, orelse]);
    }
    return { kind: 'for', target, iter, body: body.statements, orelse, headerRange, range: range(keyword.range.start, this.prevEnd) };
  }

  private tryStatement(): Stmt {
    const startPos = this.pos;
    const keyword = this.advance();
    const headerOk = this.header(() => this.colon());
    const headerRange = range(keyword.range.start, this.prevEnd);
    const body = this.body(keyword, headerOk, TRY_CLAUSES);
    const state = { ok: headerOk && body.ok };
    const handlers: ExceptHandler[] = [];
    for (let except = this.clause('except', state); except !== null; except = this.clause('except', state)) {
      handlers.push(this.exceptHandler(except, state));
    }
    const bare = handlers.findIndex((h) => h.type === null);
    if (bare >= 0 && bare < handlers.length - 1) {
      this.report('error', "default 'except:' must be last", handlers[bare].headerRange);
      state.ok = false;
    }
    const finallyNext = isKeyword(this.peek(), 'finally');
    if (handlers.length === 0 && !finallyNext && headerOk && body.ok) {
      this.report('error', "expected 'except' or 'finally' block", this.missingAt());
      state.ok = false;
    }
    const orelse = handlers.length > 0 || !finallyNext ? this.elseClause(state) : [];
    let finalbody: Stmt[] = [];
    const finallyKeyword = this.clause('finally', state);
    if (finallyKeyword !== null) {
      const finallyBody = this.body(finallyKeyword, this.header(() => this.colon()), NO_CLAUSES);
      state.ok &&= finallyBody.ok;
      finalbody = finallyBody.statements;
    }
    if (!state.ok) {
      const blocks = [body.statements, ...handlers.map((h) => h.body), orelse, finalbody];
      const names = handlers.flatMap((h) => (h.name === null ? [] : [h.name]));
      return this.broken(startPos, keyword.range.start, [...names, ...blocks.flatMap((b) => boundNames(b))]);
    }
    return { kind: 'try', body: body.statements, handlers, orelse, finalbody, headerRange, range: range(keyword.range.start, this.prevEnd) };
  }

  private exceptHandler(keyword: Token, state: { ok: boolean }): ExceptHandler {
    const parsed: { type: Expr | null; name: string | null } = { type: null, name: null };
    const ok = this.header(() => {
      if (this.atOp('*')) throw this.failWith("'except*' is not supported", this.peek().range);
      if (!this.atOp(':')) {
        const start = this.peek().range.start;
        const type = this.expression(keyword);
        parsed.type = type;
        if (this.atOp(',')) {
          throw this.failWith('multiple exception types must be parenthesized', range(start, this.reach(() => this.starExpressions(null))));
        }
        if (this.atKeyword('as')) {
          this.advance();
          const t = this.peek();
          if (t.kind !== 'name') throw this.fail(t, "expected a name after 'as'");
          parsed.name = this.advance().text;
        } else if (!this.atOp(':')) {
          throw this.unexpectedAfter(type, start, this.peek(), "expected ':'");
        }
      }
      this.colon();
    });
    const { type, name } = parsed;
    const headerRange = range(keyword.range.start, this.prevEnd);
    const body = this.body(keyword, ok, TRY_CLAUSES);
    state.ok &&= ok && body.ok;
    return { type, name, body: body.statements, headerRange, range: range(keyword.range.start, this.prevEnd) };
  }

  /** `@decorator` lines, then the def or class they decorate. */
  private decorated(): Stmt {
    const startPos = this.pos;
    const start = this.peek().range.start;
    const decorators: Expr[] = [];
    let ok = true;
    while (this.atOp('@')) {
      const at = this.advance();
      ok = this.header(() => {
        decorators.push(this.expression(at));
        if (this.peek().kind !== 'newline') throw this.fail(this.peek(), null);
      }) && ok;
      if (this.peek().kind === 'newline') this.advance();
    }
    let stmt: Stmt;
    if (this.atKeyword('def')) stmt = this.functionDef(start, decorators);
    else if (this.atKeyword('class')) stmt = this.classDef(start, decorators);
    else {
      if (ok) this.report('error', "a decorator must be followed by 'def' or 'class'", range(start, this.prevEnd));
      return this.broken(startPos, start, []);
    }
    if (ok || (stmt.kind !== 'def' && stmt.kind !== 'class')) return stmt;
    return this.broken(startPos, start, [stmt.name]);
  }

  private functionDef(start: number, decorators: Expr[]): Stmt {
    const startPos = this.pos;
    const keyword = this.advance();
    const parsed: { name?: Token; params: Param[] } = { params: [] };
    const ok = this.header(() => {
      parsed.name = this.defName(keyword);
      if (!this.atOp('(')) throw this.fail(this.peek(), "expected '('");
      this.openBracket();
      parsed.params = this.parameters(')', true);
      if (!this.atOp(')')) throw this.fail(this.peek(), null);
      this.closeBracket();
      const arrow = this.eatOp('->');
      if (arrow !== null) this.expression(arrow);
      this.colon();
    });
    const headerRange = range(keyword.range.start, this.prevEnd);
    const scope = { inFunction: true, inLoop: false, functionDepth: this.scope.functionDepth + 1 };
    const body = this.withScope(scope, () => this.body(keyword, ok, NO_CLAUSES));
    const { name, params } = parsed;
    if (!ok || !body.ok || name === undefined) return this.brokenDefinition(startPos, start, body);
    return {
      kind: 'def', name: name.text, nameRange: name.range, params, body: body.statements, decorators, headerRange,
      range: range(start, this.prevEnd),
    } satisfies FunctionDef;
  }

  /**
   * A def or class that did not parse binds its name; its body's names are its own,
   * unless the body was missing and the lines after it were read in its place.
   */
  private brokenDefinition(startPos: number, start: number, body: Body): Stmt {
    const names = namesInTokens(this.tokens, startPos, startPos + 2);
    return this.broken(startPos, start, body.absorbed === true ? [...names, ...boundNames(body.statements)] : names);
  }

  private defName(keyword: Token): Token {
    const t = this.peek();
    if (t.kind !== 'name') throw this.fail(t, `expected a name after '${keyword.text}'`);
    return this.advance();
  }

  private classDef(start: number, decorators: Expr[]): Stmt {
    const startPos = this.pos;
    const keyword = this.advance();
    const parsed: { name?: Token; bases: Expr[] } = { bases: [] };
    const ok = this.header(() => {
      const nameToken = this.defName(keyword);
      parsed.name = nameToken;
      if (this.atOp('(')) {
        const call = this.call({ kind: 'name', name: nameToken.text, range: nameToken.range }, nameToken.range.start);
        if (call.kind === 'call' && call.keywords.length > 0) {
          throw this.failWith('keyword arguments in a class definition (such as metaclass=...) are not supported', call.keywords[0].range);
        }
        if (call.kind === 'call') parsed.bases = call.args;
      }
      this.colon();
    });
    const headerRange = range(keyword.range.start, this.prevEnd);
    const body = this.withScope({ ...this.scope, inFunction: false, inLoop: false }, () => this.body(keyword, ok, NO_CLAUSES));
    const { name, bases } = parsed;
    if (!ok || !body.ok || name === undefined) return this.brokenDefinition(startPos, start, body);
    return {
      kind: 'class', name: name.text, nameRange: name.range, bases, body: body.statements, decorators, headerRange,
      range: range(start, this.prevEnd),
    } satisfies ClassDef;
  }
}
