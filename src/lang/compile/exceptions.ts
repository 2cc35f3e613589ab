import type { Expr, Try } from '../ast';
import type { SourceRange } from '../source';
import { at, PyError, typeError } from '../runtime/errors';
import { ExceptionObject, Instance, PyClass, Signal, Tuple, type ExprFn, type Frame, type Py, type StmtFn } from '../runtime/objects';
import { str } from '../runtime/repr';
import { exceptionClass, typeName } from '../runtime/types';
import { storeName, type Ctx } from './context';
import { compileExpr } from './expressions';
import { compileBlock, inner } from './statements';

// `raise` and `try`: Python's exceptions are PyErrors thrown through the compiled
// closures; a handler matches by the raised object's class, and a bare `raise`
// re-raises the error being handled (Runtime.handling).

/** The Python error a `raise` of this value makes. */
function errorFromValue(rt: Ctx['rt'], v: Py): PyError {
  if (v instanceof PyClass && v.mro.some((c) => c.name === 'BaseException')) {
    v = v.construct ? v.construct([], null, null) : new Instance(v);
  }
  if (v instanceof ExceptionObject) {
    const e = new PyError(v.cls.name, v.args.length === 1 ? str(rt, v.args[0]) : v.args.length === 0 ? '' : str(rt, new Tuple(v.args)));
    e.value = v;
    return e;
  }
  if (v instanceof Instance && v.cls.mro.some((c) => c.name === 'BaseException')) {
    const e = new PyError(v.cls.name, str(rt, v));
    e.value = v;
    return e;
  }
  return typeError('exceptions must derive from BaseException');
}

export function compileRaise(ctx: Ctx, exc: Expr | null, range: SourceRange): StmtFn {
  const { rt, library } = ctx;
  if (exc === null) {
    return () => {
      const current = rt.handling[rt.handling.length - 1];
      if (current === undefined) throw at(new PyError('RuntimeError', 'No active exception to reraise'), range, library);
      throw current;
    };
  }
  const value = compileExpr(ctx, exc);
  return (f) => {
    const e = errorFromValue(rt, value(f));
    throw at(e, range, library);
  };
}

/** The exception object `except ... as e` binds: the one raised, or one made for a built-in error. */
function exceptionValue(e: PyError): Py {
  if (e.value === null) e.value = new ExceptionObject(exceptionClass(e.type), e.message === '' ? [] : [e.message]);
  return e.value as Py;
}

function errorClass(e: PyError): PyClass {
  const v = e.value;
  if (v instanceof Instance) return v.cls;
  if (v instanceof ExceptionObject) return v.cls;
  return exceptionClass(e.type);
}

export function compileTry(ctx: Ctx, s: Try): StmtFn {
  const { rt, library } = ctx;
  const body = compileBlock(inner(ctx), s.body);
  const handlers = s.handlers.map((h) => ({
    type: h.type ? compileExpr(ctx, h.type) : null,
    store: h.name ? storeName(ctx, h.name, h.headerRange, false) : null,
    body: compileBlock(inner(ctx), h.body),
    range: h.type?.range ?? h.headerRange,
  }));
  const orelse = compileBlock(inner(ctx), s.orelse);
  const finalbody = s.finalbody.length > 0 ? compileBlock(inner(ctx), s.finalbody) : null;
  const matches = (f: Frame, type: ExprFn | null, range: SourceRange, e: PyError): boolean => {
    if (type === null) return true;
    const t = type(f);
    const classes = t instanceof Tuple ? t.items : [t];
    const cls = errorClass(e);
    return classes.some((c) => {
      if (!(c instanceof PyClass)) throw at(typeError(`catching classes that do not inherit from BaseException is not allowed (got ${typeName(c)})`), range, library);
      return cls.isSubclassOf(c);
    });
  };
  return (f) => {
    const depth = rt.stack.length;
    try {
      let signal: Signal;
      try {
        signal = body(f);
      } catch (e) {
        if (!(e instanceof PyError)) throw e;
        rt.stack.length = depth;
        const handler = handlers.find((h) => matches(f, h.type, h.range, e));
        if (handler === undefined) throw e;
        if (handler.store) handler.store(f, exceptionValue(e));
        rt.handling.push(e);
        try {
          return handler.body(f);
        } finally {
          rt.handling.pop();
        }
      }
      if (signal !== Signal.Normal) return signal;
      return orelse(f);
    } finally {
      if (finalbody) {
        const signal = finalbody(f);
        if (signal !== Signal.Normal) return signal; // eslint-disable-line no-unsafe-finally
      }
    }
  };
}
