import { NodeRef } from '../../engine/tape';
import { PyError, typeError, valueError } from './errors';
import { iterate, toArray } from './iteration';
import { updateDict } from './methods';
import { Builtin, ExceptionObject, Instance, PyDict, PySet, Tuple, type Kwargs, type Py } from './objects';
import { asBig, isNum, plain, toFloat } from './numbers';
import { hashKey } from './comparison';
import { truthy } from './operators';
import { str } from './repr';
import { Runtime } from './runtime';
import { parseFloat } from './strings';
import { callDunder, NOT_FOUND } from './calls';
import {
  BASE_EXCEPTION, BOOL, DICT, EXCEPTION_CLASSES, FLOAT, FROZENSET, INT, LIST, OBJECT, SET, STR, TUPLE, typeName,
} from './types';

// What calling a built-in type makes: int('7'), float(x), str(v), list(it), dict(pairs),
// an exception object. The types are shared by every evaluation; the few conversions
// that need one (str of an object with __str__) use the evaluation running now.

function rt(): Runtime {
  return Runtime.active!;
}

function single(name: string, args: Py[], kw: Kwargs | null, allowKeywords = false): Py | undefined {
  if (kw && kw.names.length > 0 && !allowKeywords) throw typeError(`${name}() takes no keyword arguments`);
  if (args.length > 1) throw typeError(`${name} expected at most 1 argument, got ${args.length}`);
  return args[0];
}

function toInt(v: Py, base: Py | undefined): bigint {
  v = plain(v);
  if (base !== undefined) {
    if (typeof v !== 'string') throw typeError("int() can't convert non-string with explicit base");
    return parseInt(v, Number(base as bigint));
  }
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return asBig(v);
  if (typeof v === 'number') {
    if (Number.isNaN(v)) throw valueError('cannot convert float NaN to integer');
    if (!Number.isFinite(v)) throw new PyError('OverflowError', 'cannot convert float infinity to integer');
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') return parseInt(v, 10);
  if (v instanceof Instance) {
    const r = callDunder(rt(), v, '__int__', [], null);
    if (r !== NOT_FOUND) return toInt(r, undefined);
  }
  throw typeError(`int() argument must be a string, a bytes-like object or a real number, not '${typeName(v)}'`);
}

function parseInt(s: string, base: number): bigint {
  const t = s.trim().replace(/_/g, '').toLowerCase();
  const m = /^([+-]?)(0[xob])?([0-9a-z]+)$/.exec(t);
  const prefixBase = m?.[2] ? { '0x': 16, '0o': 8, '0b': 2 }[m[2]]! : undefined;
  const radix = base === 0 ? prefixBase ?? 10 : base;
  const digits = m?.[3] ?? '';
  const valid = m !== null && (prefixBase === undefined || prefixBase === radix) && digits.length > 0 &&
    [...digits].every((ch) => { const d = Number.parseInt(ch, 36); return d < radix; });
  if (!valid) throw valueError(`invalid literal for int() with base ${base}: '${s}'`);
  let n = 0n;
  for (const ch of digits) n = n * BigInt(radix) + BigInt(Number.parseInt(ch, 36));
  return m![1] === '-' ? -n : n;
}

function toFloatValue(v: Py): number {
  v = plain(v);
  if (isNum(v)) return toFloat(v);
  if (typeof v === 'string') return parseFloat(v);
  if (v instanceof Instance) {
    const r = callDunder(rt(), v, '__float__', [], null);
    if (r !== NOT_FOUND) return toFloatValue(r);
  }
  const hint = v instanceof NodeRef ? " (a Value's number is x.data)" : '';
  throw typeError(`float() argument must be a string or a real number, not '${typeName(v)}'${hint}`);
}

let installed = false;

/** Attaches the constructors to the built-in types, once per process. */
export function installConstructors(): void {
  if (installed) return;
  installed = true;
  INT.construct = (args, kw) => {
    const base = kw?.names.includes('base') ? kw.values[kw.names.indexOf('base')] : args[1];
    if (args.length === 0) return 0n;
    return toInt(args[0], base);
  };
  FLOAT.construct = (args, kw) => {
    const v = single('float', args, kw);
    return v === undefined ? 0 : toFloatValue(v);
  };
  STR.construct = (args, kw) => {
    const v = single('str', args, kw);
    return v === undefined ? '' : str(rt(), v);
  };
  BOOL.construct = (args, kw) => {
    const v = single('bool', args, kw);
    return v === undefined ? false : truthy(rt(), v);
  };
  LIST.construct = (args, kw) => {
    const v = single('list', args, kw);
    return v === undefined ? [] : toArray(rt(), v);
  };
  TUPLE.construct = (args, kw) => {
    const v = single('tuple', args, kw);
    return v === undefined ? new Tuple([]) : v instanceof Tuple ? v : new Tuple(toArray(rt(), v));
  };
  const makeSet = (frozen: boolean) => (args: Py[], kw: Kwargs | null): Py => {
    const v = single(frozen ? 'frozenset' : 'set', args, kw);
    const out = new PySet(frozen);
    if (v !== undefined) iterate(rt(), v, (item) => { out.entries.set(hashKey(item), item); });
    return out;
  };
  SET.construct = makeSet(false);
  FROZENSET.construct = makeSet(true);
  DICT.construct = (args, kw) => {
    if (args.length > 1) throw typeError(`dict expected at most 1 argument, got ${args.length}`);
    const out = new PyDict();
    if (args.length === 1) updateDict(rt(), out, args[0]);
    if (kw) kw.names.forEach((n, i) => out.put(n, n, kw.values[i]));
    return out;
  };
  OBJECT.construct = (args) => {
    if (args.length > 0) throw typeError('object() takes no arguments');
    return new Instance(OBJECT);
  };
  // `super().__init__(message)` in an exception class of the program's.
  BASE_EXCEPTION.ns.set('__init__', new Builtin('__init__', (args) => {
    const self = args[0];
    if (self instanceof Instance) self.dict.set('args', new Tuple(args.slice(1)));
    return null;
  }));
  for (const cls of EXCEPTION_CLASSES.values()) {
    cls.construct = (args, kw) => {
      if (kw && kw.names.length > 0) throw typeError(`${cls.name}() takes no keyword arguments`);
      return new ExceptionObject(cls, args);
    };
  }
}
