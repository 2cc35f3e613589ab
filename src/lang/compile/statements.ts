import { NodeRef } from '../../engine/tape';
import type { AugAssign, Expr, Stmt } from '../ast';
import type { SourceRange } from '../source';
import { getAttr, setAttr, deleteAttr } from '../runtime/attributes';
import { at, PyError, SilentAbort } from '../runtime/errors';
import { Signal, type Frame, type Py, type StmtFn } from '../runtime/objects';
import { inplaceOp, truthy } from '../runtime/operators';
import { str } from '../runtime/repr';
import { deleteItem, getItem, setItem } from '../runtime/sequences';
import { compileImport, compileImportFrom } from './imports';
import { compileRaise, compileTry } from './exceptions';
import { CompileError, deleteName, loadName, origin, recording, storeName, type Ctx } from './context';
import { compileCall } from './calls';
import { compileExpr, opSite } from './expressions';
import { compileClass, compileDef } from './functions';
import { attributeRecorder, compileTarget } from './targets';
import { compileFor, compileWhile } from './loops';
import { watchPrint } from './series';

// Statements become closures `(frame) => Signal`: Normal, or Break/Continue/Return for
// the enclosing loop or function to act on. Loops are compiled in loops.ts, raise
// and try in exceptions.ts.

export function compileBlock(ctx: Ctx, body: Stmt[]): StmtFn {
  const stmts = body.map((s) => compileStmt(ctx, s));
  if (stmts.length === 0) return () => Signal.Normal;
  if (stmts.length === 1) return stmts[0];
  const n = stmts.length;
  return (f) => {
    for (let i = 0; i < n; i++) {
      const s = stmts[i](f);
      if (s !== Signal.Normal) return s;
    }
    return Signal.Normal;
  };
}

export function compileStmt(ctx: Ctx, s: Stmt): StmtFn {
  switch (s.kind) {
    case 'expr': return compileExprStmt(ctx, s.expr);
    case 'assign': return compileAssign(ctx, s.targets, s.value, s.range);
    case 'augassign': return compileAugAssign(ctx, s);
    case 'if': {
      const test = compileExpr(ctx, s.test);
      const body = compileBlock(inner(ctx), s.body), orelse = compileBlock(inner(ctx), s.orelse);
      const rt = ctx.rt;
      return (f) => (truthy(rt, test(f)) ? body(f) : orelse(f));
    }
    case 'while': return compileWhile(ctx, s);
    case 'for': return compileFor(ctx, s);
    case 'def': return compileDef(ctx, s);
    case 'class': return compileClass(ctx, s);
    case 'return': {
      if (ctx.scope.kind !== 'function') throw new CompileError("'return' outside function", s.range);
      const value = s.value ? compileExpr(ctx, s.value) : () => null;
      return (f) => {
        f.ret = value(f);
        return Signal.Return;
      };
    }
    case 'pass': return () => Signal.Normal;
    case 'break': return () => Signal.Break;
    case 'continue': return () => Signal.Continue;
    case 'import': return compileImport(ctx, s);
    case 'importfrom': return compileImportFrom(ctx, s);
    case 'global': return () => Signal.Normal;
    case 'nonlocal':
      if (ctx.scope.kind === 'module') throw new CompileError('nonlocal declaration not allowed at module level', s.range);
      return () => Signal.Normal;
    case 'del': return compileDel(ctx, s.targets);
    case 'assert': {
      const test = compileExpr(ctx, s.test), msg = s.msg ? compileExpr(ctx, s.msg) : null;
      const rt = ctx.rt, range = s.range;
      return (f) => {
        if (truthy(rt, test(f))) return Signal.Normal;
        throw at(new PyError('AssertionError', msg ? str(rt, msg(f)) : ''), range, ctx.library);
      };
    }
    case 'raise': return compileRaise(ctx, s.exc, s.range);
    case 'try': return compileTry(ctx, s);
    case 'broken': return () => { throw new SilentAbort(); };
  }
}

/** Statements inside a block are no longer "directly in the cell": the short form stops there. */
export function inner(ctx: Ctx): Ctx {
  return ctx.topLevel ? { ...ctx, topLevel: false } : ctx;
}

function compileExprStmt(ctx: Ctx, e: Expr): StmtFn {
  const value = e.kind === 'call' ? compileCall(watchPrint(ctx, e), e, true) : compileExpr(ctx, e);
  if (ctx.scope.kind !== 'module' || !recording(ctx)) return (f) => { value(f); return Signal.Normal; };
  const rt = ctx.rt;
  const name = e.kind === 'name' ? e.name : null;
  return (f) => {
    const v = value(f);
    if (v instanceof NodeRef) rt.activity.lastStatement = { serial: rt.tape.serial(v.id), name };
    return Signal.Normal;
  };
}

/** `a = 2.0` or `f = -2.0` directly in a cell: the short form, a leaf Value labelled with the name. */
function shortFormLiteral(value: Expr): number | bigint | null {
  if (value.kind === 'number') return value.value;
  if (value.kind === 'unary' && value.op === '-' && value.operand.kind === 'number') return -value.operand.value;
  return null;
}

function compileAssign(ctx: Ctx, targets: Expr[], valueExpr: Expr, range: SourceRange): StmtFn {
  const literal = shortFormLiteral(valueExpr);
  if (ctx.topLevel && ctx.scope.kind === 'module' && targets.length === 1 && targets[0].kind === 'name' && literal !== null) {
    const name = targets[0].name;
    const store = storeName(ctx, name, range, true, targets[0].range);
    const o = origin(ctx, valueExpr.range);
    const rt = ctx.rt;
    return (f) => {
      store(f, rt.leaf(literal, o, name, false, true));
      return Signal.Normal;
    };
  }
  const value = valueExpr.kind === 'call' ? compileCall(ctx, valueExpr, true) : compileExpr(ctx, valueExpr);
  const stores = targets.map((t) => compileTarget(ctx, t, range, true));
  if (stores.length === 1) {
    const store = stores[0];
    return (f) => {
      store(f, value(f));
      return Signal.Normal;
    };
  }
  return (f) => {
    const v = value(f);
    for (const store of stores) store(f, v);
    return Signal.Normal;
  };
}

function compileAugAssign(ctx: Ctx, s: AugAssign): StmtFn {
  const { rt, library } = ctx;
  const value = compileExpr(ctx, s.value);
  const site = opSite(ctx, s.range, s.target, s.value);
  const op = s.op, range = s.range;
  const apply = (current: Py, v: Py): Py => {
    try {
      return inplaceOp(rt, op, current, v, site);
    } catch (err) {
      throw at(err, range, library);
    }
  };
  const t = s.target;
  if (t.kind === 'name') {
    const load = loadName(ctx, t.name, t.range);
    const store = storeName(ctx, t.name, s.range, true, t.range);
    return (f) => {
      const current = load(f);
      store(f, apply(current, value(f)));
      return Signal.Normal;
    };
  }
  if (t.kind === 'attribute') {
    const object = compileExpr(ctx, t.object);
    const recordSet = attributeRecorder(ctx, t, s.range);
    const name = t.name, nameRange = t.nameRange;
    // The object is evaluated once, as Python does.
    return (f) => {
      const o = object(f);
      try {
        setAttr(rt, o, name, apply(getAttr(rt, o, name), value(f)));
      } catch (err) {
        throw at(err, nameRange, library);
      }
      recordSet(o);
      return Signal.Normal;
    };
  }
  const object = compileExpr(ctx, t.object), index = compileExpr(ctx, t.index);
  return (f) => {
    const o = object(f), i = index(f);
    try {
      const next = apply(getItem(rt, o, i), value(f));
      setItem(rt, o, i, next);
    } catch (err) {
      throw at(err, t.range, library);
    }
    return Signal.Normal;
  };
}

function compileDel(ctx: Ctx, targets: Expr[]): StmtFn {
  const { rt, library } = ctx;
  const deletes = targets.flatMap((t): ((f: Frame) => void)[] => {
    switch (t.kind) {
      case 'name': return [deleteName(ctx, t.name, t.range)];
      case 'subscript': {
        const object = compileExpr(ctx, t.object), index = compileExpr(ctx, t.index);
        return [(f) => {
          const o = object(f), i = index(f);
          try { deleteItem(rt, o, i); } catch (err) { throw at(err, t.range, library); }
        }];
      }
      case 'attribute': {
        const object = compileExpr(ctx, t.object);
        return [(f) => {
          const o = object(f);
          try { deleteAttr(o, t.name); } catch (err) { throw at(err, t.range, library); }
        }];
      }
      case 'tuple': case 'list': return [compileDel(ctx, t.elements) as unknown as (f: Frame) => void];
      default: throw new CompileError('cannot delete this', t.range);
    }
  });
  return (f) => {
    for (const d of deletes) d(f);
    return Signal.Normal;
  };
}
