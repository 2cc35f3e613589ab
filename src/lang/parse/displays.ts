import type { ComprehensionFor, Expr, FormattedValue, Keyword } from '../ast';
import type { Token } from '../lexer';
import { range } from '../source';
import { isKeyword, isOp, type Expected } from './cursor';
import { ExpressionParser, startsExpression } from './expressions';
import { fstringParts } from './fstring';
import { assignmentProblem } from './targets';
import { CONSTANT_KEYWORDS } from './vocabulary';

// Everything in brackets: parenthesized groups, tuples, lists, dicts, sets, their
// comprehensions, generator expressions, call arguments and subscripts; and strings.
// A tuple, list or other display covers its brackets; a parenthesized expression alone
// does not (see expressions.ts).

export abstract class DisplayParser extends ExpressionParser {
  /** A `*x` or an expression: an element of a display. */
  protected element(expected: Expected): Expr {
    return this.starExpression(expected);
  }

  /** The elements after the first, up to (not including) `closer`, comma-separated, a trailing comma allowed. */
  private rest(closer: string, first: Expr, firstStart: number): Expr[] {
    const elements = [first];
    let last = first;
    let lastStart = firstStart;
    for (;;) {
      const t = this.peek();
      if (isOp(t, closer)) return elements;
      if (!isOp(t, ',')) throw this.unexpectedAfter(last, lastStart, t, null);
      this.advance();
      if (this.atOp(closer)) return elements;
      lastStart = this.peek().range.start;
      last = this.element(null);
      elements.push(last);
    }
  }

  private startsComprehension(): boolean {
    return this.atKeyword('for') || this.atKeyword('async');
  }

  protected group(): Expr {
    const open = this.openBracket();
    if (this.atOp(')')) return this.closedTuple([], open.range.start, this.closeBracket());
    const firstStart = this.peek().range.start;
    const first = this.element(open);
    if (this.startsComprehension() && first.kind !== 'starred') {
      const generators = this.generators();
      this.expectClose(')', first, firstStart);
      return { kind: 'genexp', element: first, generators, range: range(open.range.start, this.prevEnd) };
    }
    if (this.atOp(',')) {
      const elements = this.rest(')', first, firstStart);
      return this.closedTuple(elements, open.range.start, this.closeBracket());
    }
    this.expectClose(')', first, firstStart);
    if (first.kind === 'starred') throw this.failWith("cannot use starred expression here", first.range);
    return first;
  }

  private closedTuple(elements: Expr[], start: number, close: Token): Expr {
    return { kind: 'tuple', elements, parenthesized: true, range: range(start, close.range.end) };
  }

  private expectClose(closer: string, last: Expr, lastStart: number): Token {
    const t = this.peek();
    if (isOp(t, closer)) return this.closeBracket();
    throw this.unexpectedAfter(last, lastStart, t, null);
  }

  protected list(): Expr {
    const open = this.openBracket();
    if (this.atOp(']')) return { kind: 'list', elements: [], range: range(open.range.start, this.closeBracket().range.end) };
    const firstStart = this.peek().range.start;
    const first = this.element(open);
    if (this.startsComprehension() && first.kind !== 'starred') {
      const generators = this.generators();
      const close = this.expectClose(']', first, firstStart);
      return { kind: 'listcomp', element: first, generators, range: range(open.range.start, close.range.end) };
    }
    const elements = this.rest(']', first, firstStart);
    return { kind: 'list', elements, range: range(open.range.start, this.closeBracket().range.end) };
  }

  /** `{}` and dicts, `{a, b}` sets, and their comprehensions. */
  protected braces(): Expr {
    const open = this.openBracket();
    const start = open.range.start;
    if (this.atOp('}')) return { kind: 'dict', entries: [], range: range(start, this.closeBracket().range.end) };
    if (this.atOp('**')) return this.dict(start, []);
    const firstStart = this.peek().range.start;
    const first = this.element(open);
    if (first.kind !== 'starred' && this.atOp(':')) {
      const colon = this.advance();
      const value = this.expression(colon);
      if (this.startsComprehension()) {
        const generators = this.generators();
        const close = this.expectClose('}', value, firstStart);
        return { kind: 'dictcomp', key: first, value, generators, range: range(start, close.range.end) };
      }
      return this.dict(start, [{ key: first, value }]);
    }
    if (this.startsComprehension() && first.kind !== 'starred') {
      const generators = this.generators();
      const close = this.expectClose('}', first, firstStart);
      return { kind: 'setcomp', element: first, generators, range: range(start, close.range.end) };
    }
    const elements = this.rest('}', first, firstStart);
    return { kind: 'set', elements, range: range(start, this.closeBracket().range.end) };
  }

  /** A dict from its first entry (read already, or not) to its '}'. */
  private dict(start: number, entries: { key: Expr | null; value: Expr }[]): Expr {
    const readEntry = () => {
      const stars = this.eatOp('**');
      if (stars !== null) {
        entries.push({ key: null, value: this.bitwiseOr(stars) });
        return;
      }
      const key = this.expression(null);
      const colon = this.peek();
      if (!isOp(colon, ':')) {
        if (isOp(colon, ',') || isOp(colon, '}')) throw this.failWith("':' expected after dictionary key", this.missingAt());
        throw this.unexpectedAfter(key, key.range.start, colon, null);
      }
      this.advance();
      entries.push({ key, value: this.expression(colon) });
    };
    if (entries.length === 0) readEntry();
    while (this.eatOp(',')) {
      if (this.atOp('}')) break;
      readEntry();
    }
    const last = entries[entries.length - 1].value;
    const close = this.expectClose('}', last, last.range.start);
    return { kind: 'dict', entries, range: range(start, close.range.end) };
  }

  /** `for target in iter if cond ...`, one or more, in a comprehension. */
  protected generators(): ComprehensionFor[] {
    const generators: ComprehensionFor[] = [];
    while (this.startsComprehension()) {
      const forToken = this.peek();
      if (!isKeyword(forToken, 'for')) throw this.fail(forToken, null);
      this.advance();
      const target = this.targetList(forToken);
      const inToken = this.peek();
      if (!isKeyword(inToken, 'in')) throw this.fail(inToken, "expected 'in'");
      const problem = assignmentProblem(target);
      if (problem !== null) throw this.failWith(problem.message, problem.node.range);
      this.advance();
      const iter = this.disjunction(inToken);
      const ifs: Expr[] = [];
      for (let t = this.peek(); isKeyword(t, 'if'); t = this.peek()) {
        this.advance();
        ifs.push(this.disjunction(t));
      }
      generators.push({ target, iter, ifs, range: range(forToken.range.start, this.prevEnd) });
    }
    return generators;
  }

  /**
   * Assignment targets as Python's `star_targets` reads them: elements at the level of
   * `|` so that `for x in xs` stops before `in`. Whether they can be assigned to is
   * checked by the caller.
   */
  protected targetList(expected: Expected): Expr {
    const start = this.peek().range.start;
    const first = this.targetElement(expected);
    if (!this.atOp(',')) return first;
    const elements = [first];
    while (this.eatOp(',')) {
      if (!startsExpression(this.peek()) && !this.atOp('*')) break;
      elements.push(this.targetElement(null));
    }
    return { kind: 'tuple', elements, parenthesized: false, range: range(start, this.prevEnd) };
  }

  private targetElement(expected: Expected): Expr {
    const star = this.eatOp('*');
    if (star === null) return this.bitwiseOr(expected);
    const value = this.bitwiseOr(star);
    return { kind: 'starred', value, range: range(star.range.start, this.prevEnd) };
  }

  protected call(callee: Expr, start: number): Expr {
    this.openBracket();
    const args: Expr[] = [];
    const keywords: Keyword[] = [];
    let afterKeyword = false;
    let afterUnpacking = false;
    while (!this.atOp(')')) {
      const argStart = this.peek().range.start;
      const t = this.peek();
      let last: Expr;
      if (isOp(t, '*')) {
        this.advance();
        last = { kind: 'starred', value: this.expression(t), range: range(argStart, this.prevEnd) };
        if (afterUnpacking) throw this.failWith('iterable argument unpacking follows keyword argument unpacking', last.range);
        args.push(last);
      } else if (isOp(t, '**')) {
        this.advance();
        last = this.expression(t);
        keywords.push({ name: null, nameRange: t.range, value: last, range: range(argStart, this.prevEnd) });
        afterUnpacking = true;
      } else if ((t.kind === 'name' || t.kind === 'keyword') && isOp(this.peekAt(1), '=')) {
        if (t.kind === 'keyword') {
          if (CONSTANT_KEYWORDS.has(t.text)) {
            throw this.failWith(`cannot assign to ${t.text}`, range(t.range.start, this.peekAt(1).range.end));
          }
          throw this.fail(t, null);
        }
        this.advance();
        this.advance();
        last = this.expression(`expected a value after '${t.text}='`);
        if (keywords.some((k) => k.name === t.text)) throw this.failWith(`keyword argument repeated: ${t.text}`, t.range);
        keywords.push({ name: t.text, nameRange: t.range, value: last, range: range(argStart, this.prevEnd) });
        afterKeyword = true;
      } else {
        last = this.positionalArgument(argStart, args.length + keywords.length === 0);
        if (afterUnpacking) throw this.failWith('positional argument follows keyword argument unpacking', last.range);
        if (afterKeyword) throw this.failWith('positional argument follows keyword argument', last.range);
        args.push(last);
      }
      if (this.eatOp(',')) continue;
      if (!this.atOp(')')) throw this.unexpectedAfter(last, argStart, this.peek(), null);
    }
    const close = this.closeBracket();
    return { kind: 'call', callee, args, keywords, range: range(start, close.range.end) };
  }

  /** An argument that is an expression, or a generator expression written bare as the only one: `sum(x*x for x in xs)`. */
  private positionalArgument(argStart: number, first: boolean): Expr {
    const value = this.expression("expected an argument or ')'");
    if (isOp(this.peek(), '=')) {
      throw this.failWith('expression cannot contain assignment, perhaps you meant "=="?', range(argStart, this.peek().range.end));
    }
    if (!this.startsComprehension()) return value;
    const generators = this.generators();
    // The genexp's range leaves out the call's parentheses: they belong to the call.
    const genexp: Expr = { kind: 'genexp', element: value, generators, range: range(argStart, this.prevEnd) };
    if (!first || !this.atOp(')')) throw this.failWith('Generator expression must be parenthesized', genexp.range);
    return genexp;
  }

  protected subscript(object: Expr, start: number): Expr {
    const open = this.openBracket();
    const firstStart = this.peek().range.start;
    let index = this.sliceItem(open);
    if (this.atOp(',')) {
      const items = [index];
      while (this.eatOp(',')) {
        if (this.atOp(']')) break;
        items.push(this.sliceItem(null));
      }
      index = { kind: 'tuple', elements: items, parenthesized: false, range: range(firstStart, this.prevEnd) };
    }
    // `x[()]` indexes with an empty tuple: it has no last element, the tuple is the index.
    const last = index.kind === 'tuple' && index.elements.length > 0 ? index.elements[index.elements.length - 1]! : index;
    const close = this.expectClose(']', last, last.range.start);
    return { kind: 'subscript', object, index, range: range(start, close.range.end) };
  }

  /** An index, `*xs`, or a slice `lower:upper:step` with any part left out. */
  private sliceItem(expected: Expected): Expr {
    const start = this.peek().range.start;
    if (this.atOp('*')) return this.element(expected);
    let lower: Expr | null = null;
    if (!this.atOp(':')) {
      lower = this.expression(expected);
      if (!this.atOp(':')) return lower;
    }
    this.advance();
    const upper = startsExpression(this.peek()) ? this.expression(null) : null;
    let step: Expr | null = null;
    if (this.eatOp(':')) step = startsExpression(this.peek()) ? this.expression(null) : null;
    return { kind: 'slice', lower, upper, step, range: range(start, this.prevEnd) };
  }

  /** Adjacent string literals are one: a StringLit, or an FString when any of them is an f-string. */
  protected strings(): Expr {
    const start = this.peek().range.start;
    const parts: (string | FormattedValue)[] = [];
    let formatted = false;
    while (this.peek().kind === 'string') {
      const t = this.advance();
      if (t.prefix?.includes('f')) {
        formatted = true;
        const nesting = this.nesting;
        parts.push(...fstringParts(this.ctx.text, t, (from, to) => this.ctx.parseField(from, to, nesting + 1)));
      } else {
        parts.push(t.stringValue ?? '');
      }
    }
    const at = range(start, this.prevEnd);
    if (!formatted) return { kind: 'string', value: parts.join(''), range: at };
    const merged: (string | FormattedValue)[] = [];
    for (const part of parts) {
      const last = merged[merged.length - 1];
      if (typeof part === 'string' && typeof last === 'string') merged[merged.length - 1] = last + part;
      else if (part !== '') merged.push(part);
    }
    return { kind: 'fstring', parts: merged, range: at };
  }
}
