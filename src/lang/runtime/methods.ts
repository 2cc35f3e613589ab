import { callValue } from './calls';
import { PyError, indexError, typeError, valueError } from './errors';
import { iterate, toArray } from './iteration';
import { Builtin, PyDict, PyObject, PySet, Tuple, type CallSite, type Kwargs, type Py, type PyClass } from './objects';
import { DICT, LIST, SET, STR, TUPLE, typeName, typeOf } from './types';
import { hashKey, lessThan, pyEquals } from './comparison';
import { keyError, repr } from './repr';
import type { Runtime } from './runtime';
import { plain } from './numbers';
import { strMethod } from './strings';
import { checkLength } from './operators';

// The methods of the built-in containers: list, tuple, dict and set (str's are in
// strings.ts). Each takes the receiver and the call's arguments.

export type NativeMethod = (rt: Runtime, self: Py, args: Py[], kw: Kwargs | null, site: CallSite | null) => Py;

/** The built-in method `name` of a list, tuple, dict, set or str, if it has one. */
export function nativeMethod(obj: Py, name: string): NativeMethod | undefined {
  if (Array.isArray(obj)) return LIST_METHODS[name];
  if (typeof obj === 'string') return strMethod(name);
  if (obj instanceof PyDict) return DICT_METHODS[name];
  if (obj instanceof PySet) return SET_METHODS[name];
  if (obj instanceof Tuple) return TUPLE_METHODS[name];
  return undefined;
}

function arity(name: string, args: Py[], min: number, max: number): void {
  if (args.length < min || args.length > max) {
    const expected = min === max ? `exactly ${min} argument${min === 1 ? '' : 's'}` : `at most ${max} arguments`;
    throw typeError(`${name}() takes ${min === 0 && max === 0 ? 'no arguments' : expected} (${args.length} given)`);
  }
}

function intArg(given: Py, what: string): number {
  const v = plain(given);
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw typeError(`'${what}' must be an integer, not ${typeof v === 'number' ? 'float' : 'another type'}`);
}

/** The keyword arguments `names` of a call, by name; any other name is an error. */
export function keywords(fn: string, kw: Kwargs | null, names: readonly string[]): Record<string, Py | undefined> {
  if (kw === null) return NO_KEYWORDS;
  const out: Record<string, Py | undefined> = {};
  kw.names.forEach((n, i) => {
    if (!names.includes(n)) throw typeError(`${fn}() got an unexpected keyword argument '${n}'`);
    out[n] = kw.values[i];
  });
  return out;
}

const NO_KEYWORDS: Record<string, Py | undefined> = Object.freeze({});

/** Sorts in place by Python's `<`, stably, with an optional key function. */
export function sortItems(rt: Runtime, items: Py[], key: Py | undefined, reverse: boolean): void {
  const keys = key === undefined || key === null ? items : items.map((v) => callValue(rt, key, [v], null, null));
  const order = items.map((_, i) => i);
  order.sort((a, b) => {
    if (lessThan(rt, '<', keys[a], keys[b], null)) return reverse ? 1 : -1;
    if (lessThan(rt, '<', keys[b], keys[a], null)) return reverse ? -1 : 1;
    return 0;
  });
  const sorted = order.map((i) => items[i]);
  for (let i = 0; i < items.length; i++) items[i] = sorted[i];
}

const LIST_METHODS: Record<string, NativeMethod> = {
  append: (_rt, self, args) => { arity('append', args, 1, 1); checkLength((self as Py[]).length + 1); (self as Py[]).push(args[0]); return null; },
  extend: (rt, self, args) => {
    arity('extend', args, 1, 1);
    const list = self as Py[];
    const items = toArray(rt, args[0]);
    checkLength(list.length + items.length);
    for (const v of items) list.push(v);
    return null;
  },
  insert: (_rt, self, args) => {
    arity('insert', args, 2, 2);
    const list = self as Py[];
    let i = intArg(args[0], 'index');
    if (i < 0) i = Math.max(0, i + list.length);
    list.splice(Math.min(i, list.length), 0, args[1]);
    return null;
  },
  pop: (_rt, self, args) => {
    arity('pop', args, 0, 1);
    const list = self as Py[];
    if (list.length === 0) throw indexError('pop from empty list');
    let i = args.length === 0 ? list.length - 1 : intArg(args[0], 'index');
    if (i < 0) i += list.length;
    if (i < 0 || i >= list.length) throw indexError('pop index out of range');
    return list.splice(i, 1)[0];
  },
  remove: (rt, self, args) => {
    arity('remove', args, 1, 1);
    const list = self as Py[];
    const i = list.findIndex((v) => pyEquals(rt, v, args[0]));
    if (i < 0) throw valueError('list.remove(x): x not in list');
    list.splice(i, 1);
    return null;
  },
  index: (rt, self, args) => {
    arity('index', args, 1, 1);
    const i = (self as Py[]).findIndex((v) => pyEquals(rt, v, args[0]));
    if (i < 0) throw valueError(`${repr(rt, args[0])} is not in list`);
    return BigInt(i);
  },
  count: (rt, self, args) => { arity('count', args, 1, 1); return BigInt((self as Py[]).filter((v) => pyEquals(rt, v, args[0])).length); },
  sort: (rt, self, args, kw) => {
    arity('sort', args, 0, 0);
    const { key, reverse } = keywords('sort', kw, ['key', 'reverse']);
    sortItems(rt, self as Py[], key, reverse === true);
    return null;
  },
  reverse: (_rt, self, args) => { arity('reverse', args, 0, 0); (self as Py[]).reverse(); return null; },
  copy: (_rt, self, args) => { arity('copy', args, 0, 0); return (self as Py[]).slice(); },
  clear: (_rt, self, args) => { arity('clear', args, 0, 0); (self as Py[]).length = 0; return null; },
};

const TUPLE_METHODS: Record<string, NativeMethod> = {
  index: (rt, self, args) => {
    arity('index', args, 1, 1);
    const i = (self as Tuple).items.findIndex((v) => pyEquals(rt, v, args[0]));
    if (i < 0) throw valueError('tuple.index(x): x not in tuple');
    return BigInt(i);
  },
  count: (rt, self, args) => { arity('count', args, 1, 1); return BigInt((self as Tuple).items.filter((v) => pyEquals(rt, v, args[0])).length); },
};

/** `d.keys()`, `d.values()`, `d.items()`: live views that print as Python's do. */
export class DictView extends PyObject {
  constructor(readonly dict: PyDict, readonly kind: 'keys' | 'values' | 'items') { super(); }
  items(): Py[] {
    const entries = [...this.dict.entries.values()];
    if (this.kind === 'keys') return entries.map(([k]) => k);
    if (this.kind === 'values') return entries.map(([, v]) => v);
    return entries.map(([k, v]) => new Tuple([k, v]));
  }
  trace(visit: (v: Py) => void): void { visit(this.dict); }
}

const DICT_METHODS: Record<string, NativeMethod> = {
  keys: (_rt, self, args) => { arity('keys', args, 0, 0); return new DictView(self as PyDict, 'keys'); },
  values: (_rt, self, args) => { arity('values', args, 0, 0); return new DictView(self as PyDict, 'values'); },
  items: (_rt, self, args) => { arity('items', args, 0, 0); return new DictView(self as PyDict, 'items'); },
  get: (_rt, self, args) => {
    arity('get', args, 1, 2);
    const entry = (self as PyDict).entries.get(hashKey(args[0]));
    return entry ? entry[1] : args[1] ?? null;
  },
  setdefault: (_rt, self, args) => {
    arity('setdefault', args, 1, 2);
    const dict = self as PyDict, key = hashKey(args[0]);
    const entry = dict.entries.get(key);
    if (entry) return entry[1];
    const value = args[1] ?? null;
    dict.entries.set(key, [args[0], value]);
    return value;
  },
  pop: (rt, self, args) => {
    arity('pop', args, 1, 2);
    const dict = self as PyDict, key = hashKey(args[0]);
    const entry = dict.entries.get(key);
    if (entry === undefined) {
      if (args.length > 1) return args[1];
      throw keyError(rt, args[0]);
    }
    dict.entries.delete(key);
    return entry[1];
  },
  popitem: (_rt, self, args) => {
    arity('popitem', args, 0, 0);
    const dict = self as PyDict;
    const last = [...dict.entries.keys()].pop();
    if (last === undefined) throw new PyError('KeyError', "'popitem(): dictionary is empty'");
    const [k, v] = dict.entries.get(last)!;
    dict.entries.delete(last);
    return new Tuple([k, v]);
  },
  update: (rt, self, args, kw) => {
    arity('update', args, 0, 1);
    const dict = self as PyDict;
    if (args.length === 1) updateDict(rt, dict, args[0]);
    if (kw) kw.names.forEach((n, i) => dict.put(n, n, kw.values[i]));
    return null;
  },
  copy: (_rt, self, args) => {
    arity('copy', args, 0, 0);
    const out = new PyDict();
    for (const [k, e] of (self as PyDict).entries) out.entries.set(k, [e[0], e[1]]);
    return out;
  },
  clear: (_rt, self, args) => { arity('clear', args, 0, 0); (self as PyDict).entries.clear(); return null; },
};

/** dict(x) and d.update(x): another dict's entries, or an iterable of pairs. */
export function updateDict(rt: Runtime, dict: PyDict, source: Py): void {
  if (source instanceof PyDict) {
    for (const [k, e] of source.entries) dict.put(k, e[0], e[1]);
    return;
  }
  let n = 0;
  iterate(rt, source, (pair) => {
    const items = Array.isArray(pair) ? pair : pair instanceof Tuple ? pair.items : null;
    if (items === null || items.length !== 2) {
      throw valueError(`dictionary update sequence element #${n} has length ${items ? items.length : 1}; 2 is required`);
    }
    dict.put(hashKey(items[0]), items[0], items[1]);
    n++;
  });
}

function setArg(rt: Runtime, v: Py): PySet {
  if (v instanceof PySet) return v;
  const out = new PySet();
  iterate(rt, v, (item) => { out.entries.set(hashKey(item), item); });
  return out;
}

const SET_METHODS: Record<string, NativeMethod> = {
  add: (_rt, self, args) => { arity('add', args, 1, 1); (self as PySet).entries.set(hashKey(args[0]), args[0]); return null; },
  remove: (rt, self, args) => {
    arity('remove', args, 1, 1);
    if (!(self as PySet).entries.delete(hashKey(args[0]))) throw keyError(rt, args[0]);
    return null;
  },
  discard: (_rt, self, args) => { arity('discard', args, 1, 1); (self as PySet).entries.delete(hashKey(args[0])); return null; },
  pop: (_rt, self, args) => {
    arity('pop', args, 0, 0);
    const set = self as PySet;
    const first = set.entries.keys().next();
    if (first.done) throw new PyError('KeyError', "'pop from an empty set'");
    const v = set.entries.get(first.value)!;
    set.entries.delete(first.value);
    return v;
  },
  update: (rt, self, args) => {
    for (const a of args) for (const [k, v] of setArg(rt, a).entries) (self as PySet).entries.set(k, v);
    return null;
  },
  union: (rt, self, args) => {
    const out = new PySet();
    for (const [k, v] of (self as PySet).entries) out.entries.set(k, v);
    for (const a of args) for (const [k, v] of setArg(rt, a).entries) out.entries.set(k, v);
    return out;
  },
  intersection: (rt, self, args) => {
    const others = args.map((a) => setArg(rt, a));
    const out = new PySet();
    for (const [k, v] of (self as PySet).entries) if (others.every((o) => o.entries.has(k))) out.entries.set(k, v);
    return out;
  },
  difference: (rt, self, args) => {
    const others = args.map((a) => setArg(rt, a));
    const out = new PySet();
    for (const [k, v] of (self as PySet).entries) if (!others.some((o) => o.entries.has(k))) out.entries.set(k, v);
    return out;
  },
  issubset: (rt, self, args) => {
    arity('issubset', args, 1, 1);
    const other = setArg(rt, args[0]);
    return [...(self as PySet).entries.keys()].every((k) => other.entries.has(k));
  },
  issuperset: (rt, self, args) => {
    arity('issuperset', args, 1, 1);
    return [...setArg(rt, args[0]).entries.keys()].every((k) => (self as PySet).entries.has(k));
  },
  copy: (_rt, self, args) => {
    arity('copy', args, 0, 0);
    const out = new PySet();
    for (const [k, v] of (self as PySet).entries) out.entries.set(k, v);
    return out;
  },
  clear: (_rt, self, args) => { arity('clear', args, 0, 0); (self as PySet).entries.clear(); return null; },
};

/**
 * `str.lower`, `list.append`: a built-in type's method taken from the type itself,
 * a function whose first argument is the object (`sorted(words, key=str.lower)`).
 */
export function unboundNativeMethod(rt: Runtime, cls: PyClass, name: string): Builtin | undefined {
  const table = cls === LIST ? LIST_METHODS : cls === DICT ? DICT_METHODS : cls === SET ? SET_METHODS : cls === TUPLE ? TUPLE_METHODS : null;
  const method = cls === STR ? strMethod(name) : table && Object.hasOwn(table, name) ? table[name] : undefined;
  if (method === undefined) return undefined;
  return new Builtin(name, (args, kw, site) => {
    if (args.length === 0) throw typeError(`unbound method ${cls.name}.${name}() needs an argument`);
    if (typeOf(args[0]) !== cls) {
      throw typeError(`descriptor '${name}' for '${cls.name}' objects doesn't apply to a '${typeName(args[0])}' object`);
    }
    return method(rt, args[0], args.slice(1), kw, site);
  });
}

/** The names of a type's methods, for "did you mean" suggestions. */
export function nativeMethodNames(obj: Py): string[] {
  if (Array.isArray(obj)) return Object.keys(LIST_METHODS);
  if (obj instanceof PyDict) return Object.keys(DICT_METHODS);
  if (obj instanceof PySet) return Object.keys(SET_METHODS);
  if (obj instanceof Tuple) return Object.keys(TUPLE_METHODS);
  return [];
}
