import type { Call } from '../ast';
import { callMethod, callValue, MethodCache } from '../runtime/calls';
import { at, PyError, typeError } from '../runtime/errors';
import { toArray } from '../runtime/iteration';
import {
  BoundMethod, Builtin, Instance, PyClass, PyDict, PyFunction, Super,
  type ExprFn, type Frame, type Kwargs, type Py,
} from '../runtime/objects';
import { repr } from '../runtime/repr';
import { callSite, CompileError, recording, type Ctx } from './context';
import { compileExpr } from './expressions';
import { compileSumOfGenerator } from './generators';

// Calls: their arguments compiled once into closures, the method each call site found
// remembered, and the frame marked waiting while a Python callee runs.

/**
 * A call's arguments as two closures, positional values (`*xs` spread) and keywords
 * (`**d` spread; null when there are none), so a call allocates only its array.
 */
interface ArgsFns {
  positional: (f: Frame) => Py[];
  keywords: ((f: Frame) => Kwargs | null) | null;
}

function compileArguments(ctx: Ctx, call: Call): ArgsFns {
  const rt = ctx.rt;
  const values = call.args.map((a) => compileExpr(ctx, a.kind === 'starred' ? a.value : a));
  const starred = call.args.map((a) => a.kind === 'starred');
  let positional: (f: Frame) => Py[];
  if (starred.some((x) => x)) {
    positional = (f) => {
      const args: Py[] = [];
      values.forEach((p, i) => {
        if (starred[i]) for (const x of toArray(rt, p(f))) args.push(x);
        else args.push(p(f));
      });
      return args;
    };
  } else if (values.length === 0) {
    positional = () => [];
  } else if (values.length === 1) {
    const only = values[0];
    positional = (f) => [only(f)];
  } else if (values.length === 2) {
    const [a, b] = values;
    positional = (f) => [a(f), b(f)];
  } else {
    positional = (f) => values.map((p) => p(f));
  }
  if (call.keywords.length === 0) return { positional, keywords: null };
  const keywordValues = call.keywords.map((k) => compileExpr(ctx, k.value));
  const keywordNames = call.keywords.map((k) => k.name);
  if (keywordNames.every((n) => n !== null)) {
    const names = keywordNames as string[];
    return { positional, keywords: (f) => ({ names, values: keywordValues.map((k) => k(f)) }) };
  }
  return {
    positional,
    keywords: (f) => {
      const kw: Kwargs = { names: [], values: [] };
      keywordValues.forEach((k, i) => {
        const name = keywordNames[i];
        if (name !== null) {
          kw.names.push(name);
          kw.values.push(k(f));
          return;
        }
        const d = k(f);
        if (!(d instanceof PyDict)) throw typeError(`argument after ** must be a mapping, not ${repr(rt, d)}`);
        for (const [key, v] of d.entries.values()) {
          if (typeof key !== 'string') throw typeError('keywords must be strings');
          kw.names.push(key);
          kw.values.push(v);
        }
      });
      return kw.names.length > 0 ? kw : null;
    },
  };
}

/**
 * A call. `whole` marks a call that is a whole statement (`f(x)`, `y = f(x)`): while
 * it runs a Python function, this frame holds nothing half-evaluated, so it is marked
 * waiting and the callee may reclaim tape nodes at its loops.
 */
export function compileCall(ctx: Ctx, e: Call, whole: boolean): ExprFn {
  const call = compileAnyCall(ctx, e, whole);
  if (isParametersCall(ctx, e)) return recordParameters(ctx, e, call);
  if (e.callee.kind !== 'name' || e.callee.name !== 'sum') return call;
  return compileSumOfGenerator(ctx, e, call) ?? call;
}

function compileAnyCall(ctx: Ctx, e: Call, whole: boolean): ExprFn {
  const { rt, library } = ctx;
  const site = callSite(ctx, e.range);
  const range = e.range;
  if (e.callee.kind === 'name' && e.callee.name === 'super' && e.args.length === 0) return compileSuper(ctx, e);
  const { positional, keywords } = compileArguments(ctx, e);
  const cache = new MethodCache();
  if (e.callee.kind === 'attribute') {
    const object = compileExpr(ctx, e.callee.object);
    const name = e.callee.name;
    return (f) => {
      const o = object(f);
      const args = positional(f);
      const kw = keywords === null ? null : keywords(f);
      const waits = whole && isPythonMethod(o, name);
      if (waits) f.waiting = true;
      try {
        return callMethod(rt, o, name, args, kw, site, cache);
      } catch (err) {
        throw at(err, range, library);
      } finally {
        if (waits) f.waiting = false;
      }
    };
  }
  const callee = compileExpr(ctx, e.callee);
  return (f) => {
    const fn = callee(f);
    const args = positional(f);
    const kw = keywords === null ? null : keywords(f);
    const waits = whole && isPythonCallable(fn);
    if (waits) f.waiting = true;
    try {
      return callValue(rt, fn, args, kw, site, cache);
    } catch (err) {
      throw at(err, range, library);
    } finally {
      if (waits) f.waiting = false;
    }
  };
}

/** `model.parameters()` in the module's code (not in a def): the panel's heat strip shows its list. */
function isParametersCall(ctx: Ctx, e: Call): boolean {
  return e.callee.kind === 'attribute' && e.callee.name === 'parameters' && e.args.length === 0 &&
    e.keywords.length === 0 && recording(ctx) && ctx.scope.kind === 'module';
}

function recordParameters(ctx: Ctx, e: Call, call: ExprFn): ExprFn {
  const rt = ctx.rt, range = e.range;
  const label = ctx.text.slice(range.start, range.end).replace(/\s+/g, ' ');
  return (f) => {
    const v = call(f);
    // By reference: the strip shows the data and grads at the cell's end, after the last update.
    if (Array.isArray(v)) rt.activity.parameters = { list: v, label, range };
    return v;
  };
}

/** Calls that run Python code without a built-in in between holding values in JS. */
function isPythonCallable(fn: Py): boolean {
  return fn instanceof PyFunction || (fn instanceof BoundMethod && fn.fn instanceof PyFunction) ||
    (fn instanceof PyClass && !fn.builtin) || fn instanceof Instance || (fn instanceof Builtin && fn.reclaims);
}

function isPythonMethod(o: Py, name: string): boolean {
  return o instanceof Instance && !o.dict.has(name) && o.cls.lookup(name) instanceof PyFunction;
}

/** `super()` inside a method: its class and its first argument, as Python finds them. */
function compileSuper(ctx: Ctx, e: Call): ExprFn {
  const scope = ctx.scope;
  if (scope.kind !== 'function' || scope.parent?.kind !== 'class' || scope.slotNames.length === 0) {
    throw new CompileError('super() without arguments works only inside a method of a class', e.range);
  }
  return (f) => {
    const cls = f.definingClass;
    const self = f.slots[0];
    if (!cls || self === undefined) throw at(new PyError('RuntimeError', 'super(): no arguments'), e.range);
    return new Super(cls, self);
  };
}
