import type { BinaryOp, CompareOp, Expr, Name, Tuple, UnaryOp } from '../ast';
import type { Token } from '../lexer';
import { range, type SourceRange } from '../source';
import { Cursor, endsStatement, isKeyword, isOp, SyntaxFailure, type Expected } from './cursor';
import { startsOperand } from './layout';
import {
  BINARY_PRECEDENCE, COMPARISON_OPERATORS, CONSTANT_KEYWORDS, EXPRESSION_KEYWORDS, EXPRESSION_START_OPERATORS, UNARY_OPERATORS,
} from './vocabulary';
import { numberValue } from './literals';
import { exprName } from './targets';

// Expressions by Python's precedence, loosest first: lambda and `x if c else y`; or; and;
// not; comparisons; | ^ & << >> + - * / // % @ (one table, read by precedence climbing so
// that a 50,000-term sum is a loop, not 50,000 nested calls); unary + - ~; ** (binds
// tighter than a unary operator on its left, looser than one on its right, groups to the
// right); calls, subscripts and attributes; atoms. Brackets, strings and lambda's
// parameters are read in the modules that extend this class.
//
// Every node's range runs from its first token to its last, so `(2*x).exp()` starts at
// '('; a parenthesized expression alone is the inner node, whose range leaves the
// parentheses out.

/** Tokens that can begin an expression. */
export function startsExpression(t: Token): boolean {
  if (startsOperand(t)) return true;
  if (t.kind === 'op') return EXPRESSION_START_OPERATORS.has(t.text);
  return t.kind === 'keyword' && EXPRESSION_KEYWORDS.has(t.text);
}

export abstract class ExpressionParser extends Cursor {
  /** Set while a parse is only measuring how far an expression reaches, for an error's range. */
  protected speculating = false;
  /** Set in an f-string's field, which Python reads as if in parentheses. */
  protected implicitBrackets = false;

  protected abstract group(): Expr;
  protected abstract list(): Expr;
  protected abstract braces(): Expr;
  protected abstract strings(): Expr;
  protected abstract call(callee: Expr, start: number): Expr;
  protected abstract subscript(object: Expr, start: number): Expr;
  protected abstract lambda(): Expr;

  /** `a, b, *c` (a Tuple written without parentheses) or a single expression: `star_expressions`. */
  protected starExpressions(expected: Expected): Expr {
    const start = this.peek().range.start;
    const first = this.starExpression(expected);
    if (!this.atOp(',')) return first;
    const elements = [first];
    while (this.eatOp(',')) {
      if (!startsExpression(this.peek()) && !this.atOp('*')) break;
      elements.push(this.starExpression(null));
    }
    return this.tuple(elements, start, false);
  }

  /** `star_expressions` where a value is needed: a lone `*xs` is not one. */
  protected values(expected: Expected): Expr {
    const value = this.starExpressions(expected);
    if (value.kind === 'starred') throw this.failWith("can't use starred expression here", value.range);
    return value;
  }

  protected tuple(elements: Expr[], start: number, parenthesized: boolean): Tuple {
    return { kind: 'tuple', elements, parenthesized, range: range(start, this.prevEnd) };
  }

  /** `*xs` or an expression. */
  protected starExpression(expected: Expected): Expr {
    const star = this.eatOp('*');
    if (star === null) return this.expression(expected);
    this.enter();
    const value = this.bitwiseOr(star);
    this.leave();
    return { kind: 'starred', value, range: range(star.range.start, this.prevEnd) };
  }

  /** Lambda, a conditional expression, or anything tighter. */
  protected expression(expected: Expected): Expr {
    if (this.atKeyword('lambda')) return this.lambda();
    const start = this.peek().range.start;
    const body = this.disjunction(expected);
    const ifToken = this.peek();
    if (!isKeyword(ifToken, 'if')) return body;
    this.advance();
    const test = this.disjunction(ifToken);
    const elseToken = this.peek();
    if (!isKeyword(elseToken, 'else')) {
      const unrelated = elseToken.kind === 'invalid' || isOp(elseToken, ':') || (endsStatement(elseToken) && this.open.length > 0);
      if (unrelated || this.speculating) throw this.fail(elseToken, null);
      throw this.failWith("expected 'else' after 'if' expression", range(start, this.prevEnd));
    }
    this.advance();
    this.enter();
    const orelse = this.expression(elseToken);
    this.leave();
    return { kind: 'ifexp', test, body, orelse, range: range(start, this.prevEnd) };
  }

  protected disjunction(expected: Expected): Expr {
    return this.boolOp('or', () => this.conjunction(expected));
  }

  private conjunction(expected: Expected): Expr {
    return this.boolOp('and', () => this.inversion(expected));
  }

  private boolOp(op: 'and' | 'or', operand: () => Expr): Expr {
    const start = this.peek().range.start;
    const first = operand();
    if (!this.atKeyword(op)) return first;
    const values = [first];
    while (this.atKeyword(op)) {
      const t = this.advance();
      values.push(op === 'or' ? this.conjunction(t) : this.inversion(t));
    }
    return { kind: 'boolop', op, values, range: range(start, this.prevEnd) };
  }

  /** `not` binds looser than comparisons: `not a == b` is `not (a == b)`. */
  private inversion(expected: Expected): Expr {
    const nots: Token[] = [];
    while (this.atKeyword('not')) {
      this.enter();
      nots.push(this.advance());
    }
    let expr = this.comparison(nots.length > 0 ? nots[nots.length - 1] : expected);
    for (let i = nots.length - 1; i >= 0; i--) {
      expr = { kind: 'unary', op: 'not', operand: expr, range: range(nots[i].range.start, this.prevEnd) };
      this.leave();
    }
    return expr;
  }

  private comparison(expected: Expected): Expr {
    const start = this.peek().range.start;
    const left = this.bitwiseOr(expected);
    let op = this.comparisonOperator();
    if (op === null) return left;
    const ops: CompareOp[] = [];
    const opRanges: SourceRange[] = [];
    const comparators: Expr[] = [];
    while (op !== null) {
      ops.push(op.op);
      opRanges.push(op.range);
      comparators.push(this.bitwiseOr(op.last));
      op = this.comparisonOperator();
    }
    return { kind: 'compare', left, ops, opRanges, comparators, range: range(start, this.prevEnd) };
  }

  /** Consumes a comparison operator (`not in` and `is not` are two tokens); null when none is next. */
  private comparisonOperator(): { op: CompareOp; range: SourceRange; last: Token } | null {
    const t = this.peek();
    if (t.kind === 'op' && COMPARISON_OPERATORS.has(t.text)) {
      this.advance();
      return { op: t.text as CompareOp, range: t.range, last: t };
    }
    if (isKeyword(t, 'in')) {
      this.advance();
      return { op: 'in', range: t.range, last: t };
    }
    if (isKeyword(t, 'is')) {
      this.advance();
      const not = this.atKeyword('not') ? this.advance() : null;
      return { op: not ? 'is not' : 'is', range: range(t.range.start, (not ?? t).range.end), last: not ?? t };
    }
    if (isKeyword(t, 'not') && isKeyword(this.peekAt(1), 'in')) {
      this.advance();
      const inToken = this.advance();
      return { op: 'not in', range: range(t.range.start, inToken.range.end), last: inToken };
    }
    return null;
  }

  /** The binary operators by precedence climbing: a loop for each level, a call only for a tighter one. */
  protected bitwiseOr(expected: Expected): Expr {
    return this.binary(1, expected);
  }

  private binary(minPrecedence: number, expected: Expected): Expr {
    const start = this.peek().range.start;
    let left = this.factor(expected);
    for (;;) {
      const t = this.peek();
      const precedence = t.kind === 'op' ? BINARY_PRECEDENCE.get(t.text) : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.advance();
      const right = this.binary(precedence + 1, t);
      left = { kind: 'binary', op: t.text as BinaryOp, left, right, opRange: t.range, range: range(start, this.prevEnd) };
    }
  }

  /** Prefix `+ - ~`, read in a loop: each still counts as a level of the tree. */
  private factor(expected: Expected): Expr {
    const signs: Token[] = [];
    for (let t = this.peek(); t.kind === 'op' && UNARY_OPERATORS.has(t.text); t = this.peek()) {
      this.enter();
      signs.push(this.advance());
    }
    let expr = this.power(signs.length > 0 ? signs[signs.length - 1] : expected);
    for (let i = signs.length - 1; i >= 0; i--) {
      expr = { kind: 'unary', op: signs[i].text as UnaryOp, operand: expr, range: range(signs[i].range.start, this.prevEnd) };
      this.leave();
    }
    return expr;
  }

  /** `-x**2` is `-(x**2)` and `2**-1` is `2**(-1)`: the exponent is a factor. */
  private power(expected: Expected): Expr {
    const start = this.peek().range.start;
    const base = this.primary(expected);
    const op = this.peek();
    if (!isOp(op, '**')) return base;
    this.advance();
    this.enter();
    const exponent = this.factor(op);
    this.leave();
    return { kind: 'binary', op: '**', left: base, right: exponent, opRange: op.range, range: range(start, this.prevEnd) };
  }

  protected primary(expected: Expected): Expr {
    const start = this.peek().range.start;
    let expr = this.atom(expected);
    for (;;) {
      const t = this.peek();
      if (isOp(t, '(')) expr = this.call(expr, start);
      else if (isOp(t, '[')) expr = this.subscript(expr, start);
      else if (isOp(t, '.')) expr = this.attribute(expr, start);
      else return expr;
    }
  }

  private attribute(object: Expr, start: number): Expr {
    this.advance();
    const t = this.peek();
    if (t.kind !== 'name') throw this.fail(t, "expected an attribute name after '.'");
    this.advance();
    return { kind: 'attribute', object, name: t.text, nameRange: t.range, range: range(start, t.range.end) };
  }

  private atom(expected: Expected): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'name':
        this.advance();
        return { kind: 'name', name: t.text, range: t.range } satisfies Name;
      case 'number':
        this.advance();
        return { kind: 'number', value: numberValue(t.text), range: t.range };
      case 'string':
        return this.strings();
      case 'keyword': {
        const constant = CONSTANT_KEYWORDS.get(t.text);
        if (constant === undefined) break;
        this.advance();
        return { kind: 'constant', value: constant, range: t.range };
      }
      case 'op':
        if (t.text === '(') return this.group();
        if (t.text === '[') return this.list();
        if (t.text === '{') return this.braces();
        if (t.text === '...') {
          this.advance();
          return { kind: 'constant', value: 'ellipsis', range: t.range };
        }
        break;
      default:
        break;
    }
    throw this.fail(t, expected);
  }

  // ---- errors after a complete expression --------------------------------------------

  /**
   * The failure for token `t` found right after the complete expression `expr` (which
   * began at `start`) where something else was wanted: Python's suggestions for a
   * forgotten comma or a '=' meant as '==', or `expected`.
   */
  protected unexpectedAfter(expr: Expr, start: number, t: Token, expected: Expected): SyntaxFailure {
    if (this.speculating) return this.fail(t, expected);
    if (isOp(t, '=')) return this.misplacedAssignment(expr, start);
    if ((this.open.length > 0 || this.implicitBrackets) && (startsOperand(t) || isOp(t, '{') || isKeyword(t, 'lambda'))) {
      return this.failWith('invalid syntax. Perhaps you forgot a comma?', range(start, this.reach(() => this.expression(null))));
    }
    return this.fail(t, expected);
  }

  /** `if x = 1:` or `(y = 2)`: a '=' where only an expression can be. */
  protected misplacedAssignment(target: Expr, start: number): SyntaxFailure {
    const end = this.reach(() => {
      this.advance();
      this.bitwiseOr(null);
    });
    const message = target.kind === 'name'
      ? "invalid syntax. Maybe you meant '==' or ':=' instead of '='?"
      : `cannot assign to ${exprName(target)} here. Maybe you meant '==' instead of '='?`;
    return this.failWith(message, range(start, end));
  }

  /**
   * How far `parse` would read from here (for the range of an error that spans what
   * follows), leaving the position as it was. Where it fails, the token it failed at ends it.
   */
  protected reach(parse: () => void): number {
    const saved = { pos: this.pos, prevEnd: this.prevEnd, open: this.open.length, nesting: this.nesting };
    const first = this.peek();
    const wasSpeculating = this.speculating;
    this.speculating = true;
    let end: number;
    try {
      parse();
      end = this.prevEnd;
    } catch (e) {
      if (!(e instanceof SyntaxFailure)) throw e;
      end = Math.max(this.prevEnd, first.range.end);
    } finally {
      this.speculating = wasSpeculating;
    }
    this.pos = saved.pos;
    this.prevEnd = saved.prevEnd;
    this.open.length = saved.open;
    this.nesting = saved.nesting;
    return end;
  }
}
