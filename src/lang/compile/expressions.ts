import type {
  Attribute, Binary, BoolOp, Compare, Dict, Expr, FString, FormattedValue, Subscript,
} from '../ast';
import { asciiEscape, formatStr } from '../stdlib/formatSpec';
import { getAttr } from '../runtime/attributes';
import { at } from '../runtime/errors';
import { toArray } from '../runtime/iteration';
import { PyDict, PySet, Slice, Tuple, type ExprFn, type Frame, type Py } from '../runtime/objects';
import { compareOp, hashKey } from '../runtime/comparison';
import { binaryOp, truthy, unaryOp, type OpSite } from '../runtime/operators';
import { repr, str } from '../runtime/repr';
import { getItem } from '../runtime/sequences';
import { formatValue } from '../runtime/strings';
import { updateDict } from '../runtime/methods';
import { compileCall } from './calls';
import { CompileError, loadName, origin, type Ctx } from './context';
import { compileLambda } from './functions';
import { compileComprehension } from './generators';
import { watching } from './series';

// Expressions become closures `(frame) => value`. Each closure that can fail catches
// on its way out only to say where (`at`): the innermost expression names the error's
// range, which costs nothing while nothing fails.

export function compileExpr(ctx: Ctx, e: Expr): ExprFn {
  const site = ctx.watched?.get(e);
  return site ? watching(ctx, site, compileAny(ctx, e)) : compileAny(ctx, e);
}

function compileAny(ctx: Ctx, e: Expr): ExprFn {
  switch (e.kind) {
    case 'number': {
      const v = e.value;
      return () => v;
    }
    case 'string': {
      const v = e.value;
      return () => v;
    }
    case 'constant': {
      if (e.value === 'ellipsis') throw new CompileError("'...' (Ellipsis) is not supported", e.range);
      const v = e.value;
      return () => v;
    }
    case 'fstring': return compileFString(ctx, e);
    case 'name': return loadName(ctx, e.name, e.range);
    case 'attribute': return compileAttribute(ctx, e);
    case 'subscript': return compileSubscript(ctx, e);
    case 'slice': return compileSlice(ctx, e.lower, e.upper, e.step);
    case 'call': return compileCall(ctx, e, false);
    case 'unary': return compileUnary(ctx, e.op, compileExpr(ctx, e.operand), opSite(ctx, e.range, e.operand, e.operand), e.range);
    case 'binary': return compileBinary(ctx, e);
    case 'boolop': return compileBoolOp(ctx, e);
    case 'compare': return compileCompare(ctx, e);
    case 'ifexp': {
      const test = compileExpr(ctx, e.test), body = compileExpr(ctx, e.body), orelse = compileExpr(ctx, e.orelse);
      const rt = ctx.rt;
      return (f) => (truthy(rt, test(f)) ? body(f) : orelse(f));
    }
    case 'lambda': return compileLambda(ctx, e);
    case 'tuple': {
      const items = compileItems(ctx, e.elements);
      return (f) => new Tuple(items(f));
    }
    case 'list': return compileItems(ctx, e.elements);
    case 'set': {
      const items = compileItems(ctx, e.elements);
      return (f) => {
        const set = new PySet();
        for (const v of items(f)) set.entries.set(hashKey(v), v);
        return set;
      };
    }
    case 'dict': return compileDict(ctx, e);
    case 'listcomp': case 'setcomp': case 'genexp': case 'dictcomp': return compileComprehension(ctx, e);
    case 'starred': throw new CompileError("can't use starred expression here", e.range);
  }
}

/** Where an operator's nodes come from: the whole expression, and each operand for a constant it may become. */
export function opSite(ctx: Ctx, range: Expr['range'], left: Expr, right: Expr): OpSite {
  return { range, origin: origin(ctx, range), left: origin(ctx, left.range), right: origin(ctx, right.range) };
}

/**
 * `a + b + c + ...` is a tree as deep as it is long, leaning left. It is compiled as a
 * loop over its left spine, so a 50,000-term sum needs no deeper JS stack than one
 * term: the operations still run left to right, each with its own range and origin.
 */
function compileBinary(ctx: Ctx, e: Binary): ExprFn {
  const spine: Binary[] = [];
  let first: Expr = e;
  while (first.kind === 'binary') {
    spine.push(first);
    first = first.left;
  }
  spine.reverse();
  const start = compileExpr(ctx, first);
  const steps = spine.map((b) => ({
    op: b.op, right: compileExpr(ctx, b.right), site: opSite(ctx, b.range, b.left, b.right), range: b.range,
  }));
  const { rt, library } = ctx;
  if (steps.length === 1) {
    const { op, right, site, range } = steps[0];
    return (f) => {
      const l = start(f), r = right(f);
      try {
        return binaryOp(rt, op, l, r, site);
      } catch (err) {
        throw at(err, range, library);
      }
    };
  }
  return (f) => {
    let v = start(f);
    for (const step of steps) {
      const r = step.right(f);
      try {
        v = binaryOp(rt, step.op, v, r, step.site);
      } catch (err) {
        throw at(err, step.range, library);
      }
    }
    return v;
  };
}

export function compileUnary(ctx: Ctx, op: '-' | '+' | '~' | 'not', operand: ExprFn, site: OpSite, range: Expr['range']): ExprFn {
  const { rt, library } = ctx;
  if (op === 'not') return (f) => !truthy(rt, operand(f));
  return (f) => {
    const v = operand(f);
    try {
      return unaryOp(rt, op, v, site);
    } catch (err) {
      throw at(err, range, library);
    }
  };
}

function compileBoolOp(ctx: Ctx, e: BoolOp): ExprFn {
  const values = e.values.map((v) => compileExpr(ctx, v));
  const rt = ctx.rt;
  const last = values.length - 1;
  if (e.op === 'and') {
    return (f) => {
      let v: Py = null;
      for (let i = 0; i <= last; i++) {
        v = values[i](f);
        if (i < last && !truthy(rt, v)) return v;
      }
      return v;
    };
  }
  return (f) => {
    let v: Py = null;
    for (let i = 0; i <= last; i++) {
      v = values[i](f);
      if (i < last && truthy(rt, v)) return v;
    }
    return v;
  };
}

function compileCompare(ctx: Ctx, e: Compare): ExprFn {
  const left = compileExpr(ctx, e.left);
  const rights = e.comparators.map((c) => compileExpr(ctx, c));
  const { rt, library } = ctx;
  const ops = e.ops, ranges = e.comparators.map((c, i) => ({ start: i === 0 ? e.left.range.start : e.comparators[i - 1].range.start, end: c.range.end }));
  if (ops.length === 1) {
    const op = ops[0], right = rights[0], range = e.range;
    return (f) => {
      const a = left(f), b = right(f);
      try {
        return compareOp(rt, op, a, b, range);
      } catch (err) {
        throw at(err, range, library);
      }
    };
  }
  return (f) => {
    let a = left(f);
    for (let i = 0; i < ops.length; i++) {
      const b = rights[i](f);
      let ok: boolean;
      try {
        ok = compareOp(rt, ops[i], a, b, ranges[i]);
      } catch (err) {
        throw at(err, ranges[i], library);
      }
      if (!ok) return false;
      a = b;
    }
    return true;
  };
}

function compileAttribute(ctx: Ctx, e: Attribute): ExprFn {
  const object = compileExpr(ctx, e.object);
  const { rt, library } = ctx;
  const name = e.name, range = e.nameRange;
  return (f) => {
    const o = object(f);
    try {
      return getAttr(rt, o, name);
    } catch (err) {
      throw at(err, range, library);
    }
  };
}

function compileSubscript(ctx: Ctx, e: Subscript): ExprFn {
  const object = compileExpr(ctx, e.object), index = compileExpr(ctx, e.index);
  const { rt, library } = ctx;
  const range = e.range;
  return (f) => {
    const o = object(f), i = index(f);
    try {
      return getItem(rt, o, i);
    } catch (err) {
      throw at(err, range, library);
    }
  };
}

export function compileSlice(ctx: Ctx, lower: Expr | null, upper: Expr | null, step: Expr | null): ExprFn {
  const none: ExprFn = () => null;
  const [a, b, c] = [lower, upper, step].map((x) => (x ? compileExpr(ctx, x) : none));
  return (f) => new Slice(a(f), b(f), c(f));
}

/** A list of items, `*xs` spread in place: the list display itself, and a tuple's or set's items. */
function compileItems(ctx: Ctx, elements: Expr[]): (f: Frame) => Py[] {
  const rt = ctx.rt;
  const parts = elements.map((el) => el.kind === 'starred'
    ? { spread: true, fn: compileExpr(ctx, el.value) }
    : { spread: false, fn: compileExpr(ctx, el) });
  if (parts.every((p) => !p.spread)) {
    const fns = parts.map((p) => p.fn);
    return (f) => fns.map((fn) => fn(f));
  }
  return (f) => {
    const out: Py[] = [];
    for (const p of parts) {
      if (p.spread) for (const x of toArray(rt, p.fn(f))) out.push(x);
      else out.push(p.fn(f));
    }
    return out;
  };
}

function compileDict(ctx: Ctx, e: Dict): ExprFn {
  const rt = ctx.rt;
  const entries = e.entries.map((en) => ({ key: en.key ? compileExpr(ctx, en.key) : null, value: compileExpr(ctx, en.value) }));
  return (f) => {
    const dict = new PyDict();
    for (const en of entries) {
      if (en.key === null) {
        updateDict(rt, dict, en.value(f));
        continue;
      }
      const k = en.key(f);
      dict.put(hashKey(k), k, en.value(f));
    }
    return dict;
  };
}

// ---- calls -------------------------------------------------------------------------------

// ---- f-strings ----------------------------------------------------------------------------

export function compileFString(ctx: Ctx, e: FString): ExprFn {
  const rt = ctx.rt;
  const parts = e.parts.map((p) => (typeof p === 'string' ? p : compileField(ctx, p)));
  return (f) => {
    let out = '';
    for (const p of parts) out += typeof p === 'string' ? p : p(f);
    return out;
  };
  function compileField(c: Ctx, field: FormattedValue): (f: Frame) => string {
    const value = compileExpr(c, field.value);
    const spec = field.spec ? compileFString(c, field.spec) : null;
    const conversion = field.conversion ?? (field.debugText !== null && field.spec === null ? 'r' : null);
    const lead = field.debugText ?? '';
    const { library } = c;
    const range = field.range;
    return (f) => {
      const v = value(f);
      const s = spec ? (spec(f) as string) : '';
      try {
        if (conversion === null) return lead + formatValue(rt, v, s);
        const text = conversion === 'r' ? repr(rt, v) : conversion === 's' ? str(rt, v) : asciiEscape(repr(rt, v));
        return lead + formatStr(text, s);
      } catch (err) {
        throw at(err, range, library);
      }
    };
  }
}
