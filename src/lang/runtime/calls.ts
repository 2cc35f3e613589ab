import { NodeRef } from '../../engine/tape';
import type { SourceRange } from '../source';
import { getAttr } from './attributes';
import { PyError, typeError } from './errors';
import {
  BoundMethod, Builtin, Frame, Instance, PyClass, PyDict, PyFunction, PyObject, Super, Tuple,
  type CallSite, type Code, type Kwargs, type Py,
} from './objects';
import { nativeMethod } from './methods';
import type { Runtime } from './runtime';
import { BASE_EXCEPTION, typeName } from './types';
import { valueMethod } from './valueClass';

// Calling: functions written in Python (a new frame, arguments bound to slots by
// Python's rules), built-ins, classes (a new instance and its __init__), bound
// methods and objects with __call__. Errors are CPython's, word for word.

/** Python's default recursion limit. */
export const MAX_DEPTH = 1000;

/** Returned by callDunder when the object's class has no such method. */
export const NOT_FOUND: Py = new (class NotFound extends PyObject {
  trace(): void { /* holds nothing */ }
})();

/**
 * A call site's memory of the method it last found on a class (micrograd's
 * `neuron(x)` finds Neuron.__call__ 3,300 times a training step): looked up again only
 * when the class differs or some class changed since.
 */
export class MethodCache {
  private cls: PyClass | null = null;
  private fn: PyFunction | null = null;
  private version = -1;
  lookup(cls: PyClass, name: string): Py | undefined {
    if (cls === this.cls && this.version === PyClass.version) return this.fn!;
    const found = cls.lookup(name);
    if (found instanceof PyFunction) {
      this.cls = cls;
      this.fn = found;
      this.version = PyClass.version;
    }
    return found;
  }
}

export function callValue(rt: Runtime, callee: Py, args: Py[], kw: Kwargs | null, site: CallSite | null, cache?: MethodCache): Py {
  if (callee instanceof PyFunction) return invoke(rt, callee, undefined, args, kw, site);
  if (callee instanceof Builtin) return callee.call(args, kw, site);
  if (callee instanceof BoundMethod) {
    const fn = callee.fn;
    if (fn instanceof PyFunction) return invoke(rt, fn, callee.self, args, kw, site);
    return fn.call([callee.self, ...args], kw, site);
  }
  if (callee instanceof PyClass) return construct(rt, callee, args, kw, site);
  if (callee instanceof Instance) {
    const call = cache ? cache.lookup(callee.cls, '__call__') : callee.cls.lookup('__call__');
    if (call instanceof PyFunction) return invoke(rt, call, callee, args, kw, site);
  }
  throw typeError(`'${typeName(callee)}' object is not callable`);
}

/** `obj.name(args)` without making a bound method on the way. */
export function callMethod(rt: Runtime, obj: Py, name: string, args: Py[], kw: Kwargs | null, site: CallSite, cache?: MethodCache): Py {
  if (obj instanceof Instance) {
    const own = obj.dict.get(name);
    if (own !== undefined) return callValue(rt, own, args, kw, site);
    const attr = cache ? cache.lookup(obj.cls, name) : obj.cls.lookup(name);
    if (attr instanceof PyFunction) return invoke(rt, attr, obj, args, kw, site);
  } else if (obj instanceof NodeRef) {
    return valueMethod(rt, obj, name, args, kw, site);
  } else {
    const method = nativeMethod(obj, name);
    if (method !== undefined) return method(rt, obj, args, kw, site);
  }
  return callValue(rt, getAttr(rt, obj, name), args, kw, site);
}

/**
 * Calls a dunder method of an instance of the program's classes (`__add__`,
 * `__len__`, ...), or returns NOT_FOUND if its class has none.
 */
export function callDunder(rt: Runtime, obj: Instance, name: string, args: Py[], range: SourceRange | null): Py {
  const fn = obj.cls.lookup(name);
  if (fn === undefined) return NOT_FOUND;
  const site = range ? { range, origin: -1, library: false } : null;
  if (fn instanceof PyFunction) return invoke(rt, fn, obj, args, null, site);
  return callValue(rt, fn, args, null, site);
}

/**
 * Runs a Python function: a frame of its own, the arguments in its slots. `self` is
 * the bound instance of a method call, undefined otherwise.
 */
export function invoke(rt: Runtime, fn: PyFunction, self: Py | undefined, args: Py[], kw: Kwargs | null, site: CallSite | null): Py {
  const code = fn.code;
  const frame = new Frame(code, code.slotCount, fn.parent, site ? site.range : null);
  frame.definingClass = fn.definingClass;
  bindArguments(fn, frame.slots, self, args, kw);
  const stack = rt.stack;
  if (stack.length >= MAX_DEPTH) throw new PyError('RecursionError', 'maximum recursion depth exceeded');
  rt.tick(code.range);
  const scopes = rt.scopes, depth = scopes.depth;
  scopes.enterCall(scopes.callSite(code, site));
  stack.push(frame);
  try {
    code.body(frame);
  } catch (e) {
    throw leavingCall(e, code, site);
  } finally {
    stack.pop();
    scopes.leaveTo(depth);
  }
  return frame.ret;
}

/**
 * An error leaving a function at a call: the call joins its traceback if it was
 * written in the user's file, and an error from inside GradLens's library moves to
 * the user's call that led into it.
 */
function leavingCall(e: unknown, code: Code, site: CallSite | null): unknown {
  if (!(e instanceof PyError) || site === null || site.library) return e;
  if (e.inLibrary || e.range === null) {
    e.range = site.range;
    e.inLibrary = false;
    if (code.library) e.libraryFunction = code.qualname;
  } else {
    e.trace.unshift(site.range);
  }
  return e;
}

function construct(rt: Runtime, cls: PyClass, args: Py[], kw: Kwargs | null, site: CallSite | null): Py {
  if (cls.construct) return cls.construct(args, kw, site);
  const instance = new Instance(cls);
  // BaseException.__new__ keeps the arguments, whatever __init__ does with them.
  const isException = cls.isSubclassOf(BASE_EXCEPTION);
  if (isException) instance.dict.set('args', new Tuple(args));
  const init = cls.lookup('__init__');
  if (init instanceof PyFunction) {
    const result = invoke(rt, init, instance, args, kw, site);
    if (result !== null) throw typeError(`__init__() should return None, not '${typeName(result)}'`);
  } else if (init !== undefined) {
    callValue(rt, init, [instance, ...args], kw, site);
  } else if (!isException && (args.length > 0 || (kw && kw.names.length > 0))) {
    throw typeError(`${cls.name}() takes no arguments`);
  }
  return instance;
}

/** `super()` in a method: attribute lookups continue after the defining class in self's order. */
export function superLookup(sup: Super, name: string): Py {
  const mro = sup.self instanceof Instance ? sup.self.cls.mro : [];
  const start = mro.indexOf(sup.cls);
  for (let i = start + 1; i < mro.length; i++) {
    const v = mro[i].ns.get(name);
    if (v !== undefined) return v instanceof PyFunction || v instanceof Builtin ? new BoundMethod(sup.self, v) : v;
  }
  if (name === '__init__') return new Builtin('__init__', () => null);
  throw new PyError('AttributeError', `'super' object has no attribute '${name}'`);
}

// ---- binding arguments -----------------------------------------------------------------

/**
 * Puts a call's arguments into the callee's slots by Python's rules: positional ones
 * in order, then keywords by name, then defaults; extras into *args and **kwargs.
 */
function bindArguments(fn: PyFunction, slots: (Py | undefined)[], self: Py | undefined, args: Py[], kw: Kwargs | null): void {
  const code = fn.code;
  const params = code.params;
  const given = args.length + (self === undefined ? 0 : 1);
  if (kw === null && given === code.positional && params.length === code.positional) {
    let i = 0;
    if (self !== undefined) slots[params[i++].slot] = self;
    for (const a of args) slots[params[i++].slot] = a;
    return;
  }
  const positional = self === undefined ? args : [self, ...args];
  const varargs = params.find((p) => p.kind === 'varargs');
  const varkw = params.find((p) => p.kind === 'varkw');
  if (positional.length > code.positional && !varargs) throw tooManyPositional(fn, positional.length);
  for (let i = 0; i < Math.min(positional.length, code.positional); i++) slots[params[i].slot] = positional[i];
  if (varargs) slots[varargs.slot] = new Tuple(positional.slice(code.positional));
  const extra = varkw ? new PyDict() : null;
  if (kw) {
    for (let k = 0; k < kw.names.length; k++) {
      const name = kw.names[k];
      const param = params.find((p) => p.name === name && (p.kind === 'positional' || p.kind === 'keyword'));
      if (param === undefined) {
        if (extra === null) throw typeError(`${code.qualname}() got an unexpected keyword argument '${name}'`);
        extra.entries.set(name, [name, kw.values[k]]);
        continue;
      }
      if (slots[param.slot] !== undefined) throw typeError(`${code.qualname}() got multiple values for argument '${name}'`);
      slots[param.slot] = kw.values[k];
    }
  }
  if (varkw) slots[varkw.slot] = extra;
  fillDefaults(fn, slots);
}

function fillDefaults(fn: PyFunction, slots: (Py | undefined)[]): void {
  const code = fn.code;
  const firstDefault = code.positional - fn.defaults.length;
  const missing: string[] = [];
  for (let i = 0; i < code.positional; i++) {
    const p = code.params[i];
    if (slots[p.slot] !== undefined) continue;
    if (i >= firstDefault) slots[p.slot] = fn.defaults[i - firstDefault];
    else missing.push(p.name);
  }
  if (missing.length > 0) throw missingArguments(code.qualname, missing, 'positional');
  const missingKeywords: string[] = [];
  for (const p of code.params) {
    if (p.kind !== 'keyword' || slots[p.slot] !== undefined) continue;
    const d = fn.kwDefaults.get(p.name);
    if (d !== undefined) slots[p.slot] = d;
    else missingKeywords.push(p.name);
  }
  if (missingKeywords.length > 0) throw missingArguments(code.qualname, missingKeywords, 'keyword-only');
}

function tooManyPositional(fn: PyFunction, given: number): PyError {
  const most = fn.code.positional;
  const least = most - fn.defaults.length;
  const takes = least === most ? `${most} positional argument${most === 1 ? '' : 's'}` : `from ${least} to ${most} positional arguments`;
  return typeError(`${fn.code.qualname}() takes ${takes} but ${given} ${given === 1 ? 'was' : 'were'} given`);
}

function missingArguments(qualname: string, names: string[], kind: string): PyError {
  const quoted = names.map((n) => `'${n}'`);
  const list = quoted.length === 1 ? quoted[0]
    : quoted.length === 2 ? `${quoted[0]} and ${quoted[1]}`
    : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
  const s = names.length === 1 ? '' : 's';
  return typeError(`${qualname}() missing ${names.length} required ${kind} argument${s}: ${list}`);
}
