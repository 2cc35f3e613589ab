import type { Expr, Param } from '../ast';
import type { Token } from '../lexer';
import { range } from '../source';
import { endsStatement, isOp } from './cursor';
import { DisplayParser } from './displays';

// Parameters of `def` and `lambda`, in the order Python allows them and with its messages
// for the wrong orders. Annotations (`x: float`, `-> Value`) are read and dropped.

export abstract class ParamParser extends DisplayParser {
  protected lambda(): Expr {
    const keyword = this.advance();
    this.enter();
    const params = this.parameters(':', false);
    const colon = this.expectOp(':');
    const body = this.expression(colon);
    this.leave();
    return { kind: 'lambda', params, body, range: range(keyword.range.start, this.prevEnd) };
  }

  /** Parameters up to (not including) `closer`: ')' for a def, ':' for a lambda. */
  protected parameters(closer: string, annotated: boolean): Param[] {
    const params: Param[] = [];
    const seen = new Set<string>();
    let star: Token | null = null;
    /** A bare `*` still waiting for the keyword-only parameter it requires. */
    let bareStar: Token | null = null;
    let varkw = false;
    let slash = false;
    let defaulted = false;
    while (!this.atOp(closer)) {
      const t = this.peek();
      let param: Param | null = null;
      if (varkw && (t.kind === 'name' || isOp(t, '*') || isOp(t, '**'))) {
        throw this.failWith('arguments cannot follow var-keyword argument', t.range);
      }
      if (isOp(t, '/')) {
        if (slash) throw this.failWith('/ may appear only once', t.range);
        if (star !== null) throw this.failWith('/ must be ahead of *', t.range);
        if (params.length === 0) throw this.failWith('at least one argument must precede /', t.range);
        this.advance();
        slash = true;
      } else if (isOp(t, '*')) {
        if (star !== null) throw this.failWith('* argument may appear only once', t.range);
        this.advance();
        star = t;
        if (this.peek().kind === 'name') param = this.param('varargs', t, annotated);
        else bareStar = t;
      } else if (isOp(t, '**')) {
        this.advance();
        if (this.peek().kind !== 'name') throw this.fail(this.peek(), t);
        param = this.param('varkw', t, annotated);
        varkw = true;
      } else if (t.kind === 'name') {
        param = this.param(star === null ? 'positional' : 'keyword', t, annotated);
        bareStar = null;
      } else if (endsStatement(t)) {
        break;
      } else {
        throw this.fail(t, null);
      }
      if (param !== null) {
        if (seen.has(param.name)) throw this.failWith(`duplicate argument '${param.name}' in function definition`, param.range);
        seen.add(param.name);
        if (param.kind === 'positional') {
          if (param.default !== null) defaulted = true;
          else if (defaulted) throw this.failWith('non-default argument follows default argument', param.range);
        }
        params.push(param);
      }
      if (this.eatOp(',') === null) break;
    }
    if (bareStar !== null) throw this.failWith('named arguments must follow bare *', bareStar.range);
    return params;
  }

  /** One parameter whose name is the next token; `first` is its first token (the name, `*` or `**`). */
  private param(kind: Param['kind'], first: Token, annotated: boolean): Param {
    const name = this.advance();
    const colon = annotated ? this.eatOp(':') : null;
    if (colon !== null) this.expression(colon);
    let defaultValue: Expr | null = null;
    const equals = this.eatOp('=');
    if (equals !== null) {
      if (kind === 'varargs') throw this.failWith('var-positional argument cannot have default value', equals.range);
      if (kind === 'varkw') throw this.failWith('var-keyword argument cannot have default value', equals.range);
      defaultValue = this.expression('expected default value expression');
    }
    return { name: name.text, kind, default: defaultValue, range: range(first.range.start, this.prevEnd) };
  }
}
